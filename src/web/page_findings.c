/* Findings (fgdj check) and the joint-branch plan (fgdj plan joint) of the user's scope: pages,
 * the plan as XLSX, and both as JSON. Every output comes from the same functions as the commands
 * (report/check.h, report/plan.h) on facts loaded for a region the scope allows. Members are
 * always masked here: the unmasked view is the command line's, logged there. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/check.h"
#include "report/plan.h"
#include "util/date.h"
#include "web/cache.h"
#include "web/pages.h"

/* The overview lists this many findings of each rule; ?rule= shows one rule in full. */
#define PER_RULE 50

/* Ends what load began: the read moment and the facts. */
static void facts_done(store *s, facts *f)
{
	store_read_end(s);
	facts_free(f);
}

/* Region and date from the query, then the facts, in a read moment that lasts until facts_done so
 * that findings and the plan's names are read with them. 0, or -1 with the response set. */
static int load(web_req *r, store *s, facts *f, const char **region, int *as_of)
{
	memset(f, 0, sizeof *f);
	if (tools_region(r, s, region) || tools_as_of(r, as_of))
		return -1;
	fg_err e;
	int rc = store_read_begin(s, &e);
	if (rc) {
		web_error(r, 500, e.msg);
		return -1;
	}
	rc = facts_load(s, *region, *as_of, f, &e);
	if (rc) {
		facts_done(s, f);
		web_error(r, rc == FG_EINPUT ? 404 : 500, e.msg);
		return -1;
	}
	return 0;
}

static void rule_table_open(buf *b)
{
	html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">对象</th><th scope=\"col\">情况</th></tr></thead>\n<tbody>\n");
}

/* The findings of a region on a date, as the pages show them (members masked), computed once per
 * change of the data (web/cache.h). */
typedef struct findings_value {
	findings fs;
	facts f; /* only label and as_of: what the outputs print of the facts */
} findings_value;

static int findings_compute(store *s, const char *region, int as_of, int variant, void **out, fg_err *e)
{
	(void)variant;
	findings_value *v = xmalloc(sizeof *v);
	memset(v, 0, sizeof *v);
	facts f;
	int rc = facts_load(s, region, as_of, &f, e);
	if (!rc)
		rc = check_run(s, &f, 0, &v->fs, e);
	v->f.label = xstrdup(f.label ? f.label : "");
	v->f.as_of = f.as_of;
	facts_free(&f);
	if (rc) {
		findings_free(&v->fs);
		free(v->f.label);
		free(v);
		return rc;
	}
	*out = v;
	return FG_OK;
}

static void findings_value_free(void *p)
{
	findings_value *v = p;
	findings_free(&v->fs);
	free(v->f.label);
	free(v);
}

static const cache_kind FINDINGS = {findings_compute, findings_value_free};

/* The request's findings: 0 with *v and *ref held (cache_release), or -1 with the response set. */
static int findings_of(web_req *r, store *s, const findings_value **v, cache_ref **ref, const char **region,
		       int *as_of)
{
	if (tools_region(r, s, region) || tools_as_of(r, as_of))
		return -1;
	fg_err e;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		const void *p;
		rc = cache_get(s, &FINDINGS, *region, *as_of, 0, &p, ref, &e);
		*v = p;
		store_read_end(s);
	}
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 404 : 500, e.msg);
		return -1;
	}
	return 0;
}

static void render_findings(web_req *r, store *s, const facts *f, const findings *fs, const char *region, int as_of)
{
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	const check_rule *one = check_rule_find(web_query(r, "rule"));
	buf *b = web_page_begin(r, "检查发现");
	char day[11];
	date_format(f->as_of, day);
	html_raw(b, "<h1>检查发现</h1>\n");
	tools_filter_form(r, s, b, "/findings", region, as_of);
	html_printf(b, "<p class=\"lead\">%s · 截至 %s：共 %zu 条。成员身份证号已脱敏。</p>\n", f->label, day, fs->n);
	buf q = {0};
	tools_filter_query(&q, region, as_of);
	if (!one) {
		html_raw(b, "<div class=\"table-wrap\"><table class=\"figures\">\n<caption>按规则汇总</caption>\n"
			    "<thead><tr><th scope=\"col\">规则</th><th scope=\"col\" class=\"num\">条数</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < nrules; i++) {
			if (fs->per_rule[i])
				html_printf(b, "<tr><td><a href=\"#rule-%s\">%s</a></td><td class=\"num\">%zu</td></tr>\n", rules[i].id,
					    rules[i].title, fs->per_rule[i]);
			else
				html_printf(b, "<tr><td>%s</td><td class=\"num\">0</td></tr>\n", rules[i].title);
		}
		html_raw(b, "</tbody>\n</table></div>\n");
	} else {
		html_raw(b, "<p><a href=\"/findings?");
		html_raw(b, buf_cstr(&q));
		html_raw(b, "\">返回全部规则</a></p>\n");
	}
	const check_rule *cur = NULL;
	size_t shown = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const finding *x = &fs->v[i];
		if (one && x->rule != one)
			continue;
		if (x->rule != cur) {
			if (cur)
				html_raw(b, "</tbody>\n</table></div>\n</section>\n");
			cur = x->rule;
			shown = 0;
			size_t count = fs->per_rule[cur - rules];
			html_printf(b, "<section id=\"rule-%s\">\n<h2>%s（%zu 条）</h2>\n<p class=\"hint\">依据：%s</p>\n", cur->id,
				    cur->title, count, cur->basis);
			if (!one && count > PER_RULE) {
				html_printf(b, "<p>以下列出前 %d 条。<a href=\"/findings?rule=%s&amp;", PER_RULE, cur->id);
				html_raw(b, buf_cstr(&q));
				html_printf(b, "\">查看全部 %zu 条</a></p>\n", count);
			}
			rule_table_open(b);
		}
		if (!one && shown >= PER_RULE)
			continue;
		shown++;
		html_printf(b, "<tr><td>%s</td><td>%s</td></tr>\n", x->subject, x->detail);
	}
	if (cur)
		html_raw(b, "</tbody>\n</table></div>\n</section>\n");
	else if (one || !fs->n)
		html_raw(b, "<p class=\"notice\">没有发现问题。</p>\n");
	html_raw(b, "<p class=\"hint no-print\">同样的结果：<code>fgdj check --region 地区</code>；JSON：<a href=\"/api/v1/findings?");
	html_raw(b, buf_cstr(&q));
	html_raw(b, "\">/api/v1/findings</a>。</p>\n");
	buf_free(&q);
	web_page_end(r, 200);
}

/* GET /findings?region=&as_of=&rule= */
void page_findings(web_req *r)
{
	store *s = web_db(r);
	const findings_value *v;
	cache_ref *ref;
	const char *region;
	int as_of;
	if (!s || findings_of(r, s, &v, &ref, &region, &as_of))
		return;
	render_findings(r, s, &v->f, &v->fs, region, as_of);
	cache_release(ref);
}

/* GET /api/v1/findings?region=&as_of= — fgdj check --format json. */
void api_findings(web_req *r)
{
	store *s = web_db(r);
	const findings_value *v;
	cache_ref *ref;
	const char *region;
	int as_of;
	if (!s || findings_of(r, s, &v, &ref, &region, &as_of))
		return;
	const char *rule_id = web_query(r, "rule");
	const check_rule *only = rule_id && *rule_id ? check_rule_find(rule_id) : NULL;
	if (rule_id && *rule_id && !only) {
		cache_release(ref);
		web_error(r, 400, "没有这条规则");
		return;
	}
	buf out = {0};
	findings_json(&v->fs, &v->f, only, FS_ANY, 0, &out);
	cache_release(ref);
	web_respond(r, 200, "application/json; charset=utf-8", &out);
}

/* ---- the joint-branch plan ---- */

/* The plan of a region on a date as JSON text (joint_plan_json, what `fgdj plan joint --format
 * json` prints), computed once per change of the data (web/cache.h). */
static int plan_compute(store *s, const char *region, int as_of, int variant, void **out, fg_err *e)
{
	(void)variant;
	facts f;
	joint_plan p;
	memset(&p, 0, sizeof p);
	buf text = {0};
	int rc = facts_load(s, region, as_of, &f, e);
	if (!rc)
		rc = joint_plan_make(s, &f, &p, e);
	if (!rc)
		rc = joint_plan_json(s, &f, &p, &text, e);
	joint_plan_free(&p);
	facts_free(&f);
	if (rc) {
		buf_free(&text);
		return rc;
	}
	*out = xstrdup(buf_cstr(&text));
	buf_free(&text);
	return FG_OK;
}

static const cache_kind PLAN = {plan_compute, free};

/* The plan itself, uncached, for the XLSX download (rare, and written from the plan and facts):
 * 0, or -1 with the response set. */
static int plan(web_req *r, store *s, facts *f, joint_plan *p, const char **region, int *as_of)
{
	memset(p, 0, sizeof *p);
	if (load(r, s, f, region, as_of))
		return -1;
	fg_err e;
	if (joint_plan_make(s, f, p, &e)) {
		joint_plan_free(p);
		facts_done(s, f);
		web_error(r, 500, e.msg);
		return -1;
	}
	return 0;
}

static const char *level_cn(const char *level)
{
	return !level ? "" : strcmp(level, "zone") == 0 ? "区域" : strcmp(level, "street") == 0 ? "街道" : "社区";
}

static const char *js(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static long long ji(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

/* The plan as HTML, from joint_plan_json (the same walk as the text and XLSX writers). */
static void render_plan(web_req *r, store *s, json_t *j, const char *region, int as_of)
{
	buf *b = web_page_begin(r, "联合党支部组建方案");
	html_raw(b, "<h1>联合党支部组建方案</h1>\n");
	tools_filter_form(r, s, b, "/plan", region, as_of);
	html_printf(b, "<p class=\"lead\">%s · 截至 %s</p>\n", js(j, "region"), js(j, "as_of"));
	html_printf(b,
		    "<p>候选企业（“三有”、未覆盖、正式党员 1–2 名）%lld 家：并入现有联合党支部 %lld 家，拟组建联合党支部 %lld 个，覆盖 %lld 家；"
		    "另 %lld 家建议挂靠建。每个联合党支部至少 %lld 名正式党员、最多 %lld 家单位。</p>\n",
		    ji(j, "candidates"), ji(j, "joined_existing"), ji(j, "groups_count"), ji(j, "covered"), ji(j, "affiliated"),
		    ji(j, "min_formal"), ji(j, "max_units"));
	html_printf(b,
		    "<p>未覆盖的“三有”企业 %lld 家：单独建立党组织 %lld 家，并入现有联合党支部 %lld 家，新组建联合党支部覆盖 %lld 家，"
		    "挂靠建 %lld 家，暂无正式党员、由党建指导员开展工作 %lld 家（优先选派 %lld 家）。</p>\n",
		    ji(j, "uncovered"), ji(j, "single"), ji(j, "joined_existing"), ji(j, "covered"), ji(j, "affiliated"),
		    ji(j, "instructor"), ji(j, "instructor_priority"));
	html_raw(b, "<p class=\"no-print\"><a class=\"button\" href=\"/plan.xlsx?");
	tools_filter_query(b, region, as_of);
	html_raw(b, "\" download>下载 XLSX</a></p>\n");
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(j, "groups"), i, g)
	{
		json_t *ents = json_object_get(g, "enterprises");
		html_printf(b, "<section class=\"group\">\n<h2>%s</h2>\n<p>在%s“%s”内联合 %zu 家企业，正式党员合计 %lld 名。</p>\n",
			    js(g, "name"), level_cn(js(g, "level")), js(g, "place"), json_array_size(ents), ji(g, "formal"));
		html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">企业</th><th scope=\"col\">所属社区</th>"
			    "<th scope=\"col\" class=\"num\">正式党员</th></tr></thead>\n<tbody>\n");
		size_t k;
		json_t *u;
		json_array_foreach(ents, k, u)
		{
			html_printf(b, "<tr><td>%s</td><td>%s</td><td class=\"num\">%lld</td></tr>\n", js(u, "enterprise"),
				    js(u, "community"), ji(u, "formal"));
		}
		html_raw(b, "</tbody>\n</table></div>\n</section>\n");
	}
	json_t *filled = json_object_get(j, "filled");
	if (json_array_size(filled)) {
		html_printf(b, "<section class=\"group\">\n<h2>并入现有联合党支部（%zu 家）</h2>\n"
			       "<p>以下企业就近并入还有空额的联合党支部，不必新建。</p>\n",
			    json_array_size(filled));
		html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">企业</th><th scope=\"col\">所属社区</th>"
			    "<th scope=\"col\" class=\"num\">正式党员</th><th scope=\"col\">并入</th></tr></thead>\n<tbody>\n");
		size_t k;
		json_t *u;
		json_array_foreach(filled, k, u)
		{
			html_printf(b, "<tr><td>%s</td><td>%s</td><td class=\"num\">%lld</td><td>%s</td></tr>\n", js(u, "enterprise"),
				    js(u, "community"), ji(u, "formal"), js(u, "branch"));
		}
		html_raw(b, "</tbody>\n</table></div>\n</section>\n");
	}
	json_t *left = json_object_get(j, "leftover");
	if (json_array_size(left)) {
		html_printf(b, "<section class=\"group\">\n<h2>建议挂靠建（%zu 家）</h2>\n"
			       "<p>以下企业无法与邻近单位联合组建，建议由所在社区党组织兜底覆盖。</p>\n",
			    json_array_size(left));
		html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">企业</th><th scope=\"col\">所属社区</th>"
			    "<th scope=\"col\" class=\"num\">正式党员</th><th scope=\"col\">建议</th></tr></thead>\n<tbody>\n");
		size_t k;
		json_t *u;
		json_array_foreach(left, k, u)
		{
			html_printf(b, "<tr><td>%s</td><td>%s</td><td class=\"num\">%lld</td><td>挂靠%s党组织</td></tr>\n",
				    js(u, "enterprise"), js(u, "community"), ji(u, "formal"), js(u, "community"));
		}
		html_raw(b, "</tbody>\n</table></div>\n</section>\n");
	}
	if (!json_array_size(json_object_get(j, "groups")) && !json_array_size(left) && !json_array_size(filled))
		html_raw(b, "<p class=\"notice\">没有需要联合组建或挂靠的企业。</p>\n");
	web_page_end(r, 200);
}

/* Writes the plan as JSON text into out. 0, or -1 with the response set. */
static int plan_json(web_req *r, buf *out, const char **region, int *as_of)
{
	store *s = web_db(r);
	if (!s || tools_region(r, s, region) || tools_as_of(r, as_of))
		return -1;
	fg_err e;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		const void *text;
		cache_ref *ref;
		rc = cache_get(s, &PLAN, *region, *as_of, 0, &text, &ref, &e);
		if (!rc) {
			buf_puts(out, text);
			cache_release(ref);
		}
		store_read_end(s);
	}
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 404 : 500, e.msg);
		return -1;
	}
	return 0;
}

/* GET /plan?region=&as_of= */
void page_plan(web_req *r)
{
	buf out = {0};
	const char *region;
	int as_of;
	if (plan_json(r, &out, &region, &as_of)) {
		buf_free(&out);
		return;
	}
	json_error_t je;
	json_t *j = json_loads(buf_cstr(&out), 0, &je);
	buf_free(&out);
	if (!j) {
		web_error(r, 500, "组建方案无法显示");
		return;
	}
	render_plan(r, web_db(r), j, region, as_of);
	json_decref(j);
}

/* GET /api/v1/plan?region=&as_of= — fgdj plan joint --format json. */
void api_plan(web_req *r)
{
	buf out = {0};
	const char *region;
	int as_of;
	if (plan_json(r, &out, &region, &as_of)) {
		buf_free(&out);
		return;
	}
	web_respond(r, 200, "application/json; charset=utf-8", &out);
}

/* GET /plan.xlsx?region=&as_of= — fgdj plan joint --format xlsx. */
void page_plan_xlsx(web_req *r)
{
	store *s = web_db(r);
	facts f;
	joint_plan p;
	const char *region;
	int as_of;
	if (!s || plan(r, s, &f, &p, &region, &as_of))
		return;
	char *path = tools_tmpfile(".xlsx");
	fg_err e;
	int rc = path ? joint_plan_xlsx(s, &f, &p, path, &e) : FG_EFAIL;
	char day[11];
	date_format(as_of, day);
	buf name = {0}, ascii = {0};
	tools_file_stem(&name, f.label);
	buf_printf(&name, "联合党支部组建方案-%s.xlsx", day);
	buf_printf(&ascii, "joint-plan-%s.xlsx", day);
	tools_xlsx_done(r, path, rc, e.msg, &name, &ascii);
	joint_plan_free(&p);
	facts_done(s, &f);
}
