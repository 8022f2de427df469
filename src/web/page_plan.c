/* The joint-branch plan (fgdj plan joint) of the user's scope: the page, XLSX and JSON, and
 * adopting one planned group. Every output comes from the same functions as the command
 * (report/plan.h) on facts loaded for a region the scope allows. */
#include <stdlib.h>
#include <string.h>

#include "report/plan.h"
#include "store/finding_store.h"
#include "store/history_query.h"
#include "util/date.h"
#include "web/cache.h"
#include "web/page_ledger.h"
#include "web/pages.h"

/* The facts a download of the plan is written from: today's the server's kept ones (the facts its
 * dashboard, findings and plan pages share), another day's the plan's own (facts_load_plan). */
typedef struct plan_facts {
	const facts *f;
	cache_ref *ref; /* today's: held until facts_done */
	facts own;      /* another day's */
} plan_facts;

/* Ends what load began: the read moment and the facts. */
static void facts_done(store *s, plan_facts *pf)
{
	if (pf->ref)
		tools_facts_release(pf->f, pf->ref);
	store_read_end(s);
	facts_free(&pf->own);
}

/* Region and date from the query, then the plan's facts, in a read moment that lasts until
 * facts_done so that the plan's names are read with them. 0, or -1 with the response set. */
static int load(web_req *r, store *s, plan_facts *pf, const char **region, int *as_of)
{
	memset(pf, 0, sizeof *pf);
	if (tools_region(r, s, region) || tools_as_of(r, as_of))
		return -1;
	fg_err e;
	int rc = store_read_begin(s, &e);
	if (rc) {
		web_error(r, 500, e.msg);
		return -1;
	}
	if (*as_of == date_today()) {
		rc = tools_facts_cached(s, *region, *as_of, &pf->f, &pf->ref, &e);
	} else {
		rc = facts_load_plan(s, *region, *as_of, &pf->own, &e);
		pf->f = &pf->own;
	}
	if (rc) {
		pf->ref = NULL; /* nothing held */
		facts_done(s, pf);
		web_error(r, rc == FG_EINPUT ? 404 : 500, e.msg);
		return -1;
	}
	return 0;
}

/* The plan of a region on a date as JSON text (joint_plan_json, what `fgdj plan joint --format
 * json` prints), computed once per change of the data (web/cache.h), with the class of each
 * enterprise of its facts (joint_plan_class, by enterprise id; 0 — not in the plan — for an id not
 * in the facts): a change of enterprises' numbers, a closing or a reopening that leaves every
 * class as it was leaves the plan. */
typedef struct plan_value {
	char *text; /* first: the value reads as its text */
	unsigned char *cls;
	size_t ncls;
} plan_value;

static void plan_value_free(void *p)
{
	plan_value *v = p;
	free(v->text);
	free(v->cls);
	free(v);
}

static plan_value *plan_value_copy(const plan_value *prev)
{
	plan_value *v = xmalloc(sizeof *v);
	v->text = xstrdup(prev->text);
	v->ncls = prev->ncls;
	v->cls = xmalloc(v->ncls ? v->ncls : 1);
	memcpy(v->cls, prev->cls, v->ncls);
	return v;
}

static int plan_compute(store *s, const char *region, int as_of, int variant, void **out, fg_err *e)
{
	(void)variant;
	/* Nothing the plan reads changed since the earlier value (a finding's state, a login, an
	 * export), or only enterprises' numbers that leave each its class: the same text. */
	int64_t then, *ents;
	size_t nents;
	store_fields fields;
	const plan_value *prev = cache_previous(&then);
	int changes = tools_previous_changes(s, prev, then, &ents, &nents, &fields);
	const facts *f;
	cache_ref *fref;
	int rc;
	if (changes == STORE_CHANGES_ENTS) {
		rc = tools_facts_cached(s, region, as_of, &f, &fref, e);
		if (rc) {
			free(ents);
			return rc;
		}
		if (joint_plan_holds(s, f, prev->cls, prev->ncls, ents, nents, fields))
			changes = STORE_CHANGES_NONE;
		tools_facts_release(f, fref);
	}
	free(ents);
	if (changes == STORE_CHANGES_NONE) {
		*out = plan_value_copy(prev);
		return FG_OK;
	}
	cache_previous_release();
	cache_note(NOTE_PLAN_REDONE);
	joint_plan p;
	memset(&p, 0, sizeof p);
	buf text = {0};
	plan_value *v = xcalloc(1, sizeof *v);
	rc = tools_facts_cached(s, region, as_of, &f, &fref, e);
	if (!rc) {
		rc = joint_plan_make(s, f, &p, e);
		if (!rc)
			rc = joint_plan_json(s, f, &p, &text, e);
		v->ncls = (size_t)f->max_ent + 1;
		v->cls = xcalloc(v->ncls, 1);
		for (size_t i = 0; i < f->nents; i++)
			v->cls[f->ents[i].id] = joint_plan_class(&f->cfg, &f->ents[i]);
		tools_facts_release(f, fref);
	}
	joint_plan_free(&p);
	if (rc) {
		buf_free(&text);
		plan_value_free(v);
		return rc;
	}
	v->text = xstrdup(buf_cstr(&text));
	buf_free(&text);
	*out = v;
	return FG_OK;
}

static const cache_kind PLAN = {plan_compute, plan_value_free};

/* The plan itself, uncached, for the XLSX download (rare, and written from the plan and facts):
 * 0, or -1 with the response set. */
static int plan(web_req *r, store *s, plan_facts *pf, joint_plan *p, const char **region, int *as_of)
{
	memset(p, 0, sizeof *p);
	if (load(r, s, pf, region, as_of))
		return -1;
	fg_err e;
	if (joint_plan_make(s, pf->f, p, &e)) {
		joint_plan_free(p);
		facts_done(s, pf);
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

/* The plan as HTML, from joint_plan_json (the same walk as the text and XLSX writers), into b: the
 * region picker of r's scope, the adopt buttons when adopt. */
static void render_plan(web_req *r, store *s, buf *b, json_t *j, const char *region, int as_of, int adopt)
{
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
		if (adopt) {
			html_printf(b, "<p class=\"no-print\"><a class=\"button\" href=\"/plan/adopt?group=%zu", i + 1);
			if (region) {
				html_raw(b, "&amp;region=");
				html_url(b, region);
			}
			html_printf(b, "\" aria-label=\"采纳：%s\">采纳</a></p>\n", js(g, "name"));
		}
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
}

/* Writes the plan as JSON text into out. 0, or -1 with the response set. */
static void release_ref(void *ref)
{
	cache_release(ref);
}

/* GET /api/v1/plan?region=&as_of= — fgdj plan joint --format json: the kept text itself, held
 * until it is sent (no copy per connection being answered). */
void api_plan(web_req *r)
{
	store *s = web_db(r);
	const char *region;
	int as_of;
	if (!s || tools_region(r, s, &region) || tools_as_of(r, &as_of))
		return;
	fg_err e;
	const void *v = NULL;
	cache_ref *ref = NULL;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = cache_get(s, &PLAN, region, as_of, 0, &v, &ref, &e);
		store_read_end(s);
	}
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 404 : 500, e.msg);
		return;
	}
	const char *text = ((const plan_value *)v)->text;
	web_respond_held(r, 200, "application/json; charset=utf-8", text, strlen(text), release_ref, ref);
}

int plan_warm(store *s, fg_err *e)
{
	return cache_make(s, &PLAN, NULL, date_today(), 0, e);
}

/* The plan's page for a scope, kept like the plan (cache_arg(): the request, whose scope and
 * adopting are in the variant). */
static int page_compute(store *s, const char *region, int as_of, int variant, void **out, fg_err *e)
{
	const void *v;
	cache_ref *ref;
	int rc = cache_get(s, &PLAN, region, as_of, 0, &v, &ref, e);
	if (rc)
		return rc;
	json_error_t je;
	json_t *j = json_loads(((const plan_value *)v)->text, 0, &je);
	cache_release(ref);
	if (!j)
		return err_set(e, FG_EFAIL, "组建方案无法显示");
	buf b = {0};
	render_plan(cache_arg(), s, &b, j, region, as_of, variant & 1);
	json_decref(j);
	*out = b.len ? buf_detach(&b) : xstrdup("");
	return FG_OK;
}

static const cache_kind PLAN_PAGE = {page_compute, free};

/* GET /plan?region=&as_of= — kept per scope and whether the user adopts (today's plan can be
 * adopted group by group by those who write the organisation ledger). */
void page_plan(web_req *r)
{
	store *s = web_db(r);
	const char *region;
	int as_of;
	if (!s || tools_region(r, s, &region) || tools_as_of(r, &as_of))
		return;
	const auth_user *u = &r->user;
	int64_t scope = u->scope_kind == SCOPE_REGION ? u->filter.region_id + 1 : 0;
	int adopt = as_of == date_today() && auth_can(u, PERM_WRITE);
	fg_err e;
	const void *page = NULL;
	cache_ref *ref = NULL;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = cache_get_arg(s, &PLAN_PAGE, region, as_of, (int)(scope << 1 | adopt), r, &page, &ref, &e);
		store_read_end(s);
	}
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 404 : 500, e.msg);
		return;
	}
	buf *b = web_page_begin(r, "联合党支部组建方案");
	buf_puts(b, page);
	cache_release(ref);
	web_page_end(r, 200);
}


/* GET /plan.xlsx?region=&as_of= — fgdj plan joint --format xlsx. */
void page_plan_xlsx(web_req *r)
{
	store *s = web_db(r);
	plan_facts pf;
	joint_plan p;
	const char *region;
	int as_of;
	if (!s || plan(r, s, &pf, &p, &region, &as_of))
		return;
	char *path = tools_tmpfile(".xlsx");
	fg_err e;
	int rc = path ? joint_plan_xlsx(s, pf.f, &p, path, &e) : FG_EFAIL;
	char day[11];
	date_format(as_of, day);
	buf name = {0}, ascii = {0};
	tools_file_stem(&name, pf.f->label);
	buf_printf(&name, "联合党支部组建方案-%s.xlsx", day);
	buf_printf(&ascii, "joint-plan-%s.xlsx", day);
	tools_xlsx_done(r, path, rc, e.msg, &name, &ascii);
	joint_plan_free(&p);
	facts_done(s, &pf);
}

/* ---- adopting one group ---- */

static void adopt_field(buf *b, const char *label, const char *value)
{
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n", label, value && *value ? value : "—");
}

/* GET /plan/adopt?group=N&region= — what adopting the N-th new branch of today's plan writes, and
 * the form that confirms it (the group's enterprises and name go back with it: the confirmation
 * founds exactly what was reviewed, or nothing). */
void page_plan_adopt(web_req *r)
{
	store *s = web_db(r);
	const char *region;
	if (!s || tools_region(r, s, &region))
		return;
	const char *gq = web_query(r, "group");
	char *end;
	long g = gq ? strtol(gq, &end, 10) : 0;
	if (!gq || !*gq || *end || g < 1) {
		web_error(r, 400, "请从组建方案中选择要采纳的联合党支部");
		return;
	}
	store_filter scope = auth_scope(&r->user);
	plan_adoption a;
	fg_err e;
	/* from the facts the server keeps for the region (its plan page's), in one read moment */
	const facts *f = NULL;
	cache_ref *fref = NULL;
	memset(&a, 0, sizeof a);
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = tools_facts_cached(s, region, date_today(), &f, &fref, &e);
		if (!rc) {
			rc = joint_plan_review(s, region, (size_t)g - 1, &scope, f, &a, &e);
			tools_facts_release(f, fref);
		}
		store_read_end(s);
	}
	if (rc) {
		plan_adoption_free(&a);
		web_error(r, rc == FG_EINPUT ? 404 : 500, rc == FG_EINPUT ? "组建方案中没有这个拟组建的联合党支部（方案可能已有变化）" : e.msg);
		return;
	}
	buf *b = web_page_begin(r, "采纳组建方案");
	html_raw(b, "<h1>采纳组建方案</h1>\n<p class=\"lead\">确认后将新建下列党组织，并由它覆盖所列企业；新建和覆盖在同一次保存中完成并记入历史。</p>\n");
	html_raw(b, "<div class=\"table-wrap\"><table class=\"review\">\n<caption>拟组建的党组织</caption>\n<tbody>\n");
	adopt_field(b, "党组织名称", a.name);
	adopt_field(b, "组织类别", "党支部");
	adopt_field(b, "组建方式", "联合建");
	adopt_field(b, "上级党组织", a.parent);
	html_printf(b, "<tr><th scope=\"row\">所在地</th><td>%s“%s”</td></tr>\n", a.level, a.place);
	adopt_field(b, "所属街道", a.street);
	adopt_field(b, "所属社区", a.community);
	adopt_field(b, "所属区域", a.zone);
	char day[11];
	date_format(date_today(), day);
	adopt_field(b, "成立日期", day);
	html_raw(b, "</tbody>\n</table></div>\n");
	html_printf(b, "<h2>覆盖企业（%zu 家，正式党员合计 %d 名）</h2>\n<ul class=\"adopt-ents\">\n", a.n, a.formal);
	for (size_t i = 0; i < a.n; i++)
		html_printf(b, "<li>%s</li>\n", a.labels[i]);
	html_raw(b, "</ul>\n<form method=\"post\" action=\"/plan/adopt");
	if (region) {
		html_raw(b, "?region=");
		html_url(b, region);
	}
	html_raw(b, "\">\n");
	web_csrf_field(r, b);
	html_printf(b, "<input type=\"hidden\" name=\"covers\" value=\"%s\">\n<input type=\"hidden\" name=\"name\" value=\"%s\">\n",
		    a.covers, a.name);
	html_raw(b, "<button type=\"submit\">确认组建</button> <a href=\"/plan");
	if (region) {
		html_raw(b, "?region=");
		html_url(b, region);
	}
	html_raw(b, "\">返回组建方案</a>\n</form>\n");
	plan_adoption_free(&a);
	web_page_end(r, 200);
}

/* POST /plan/adopt?region= (covers, name) — founds the reviewed branch (joint_plan_adopt, as fgdj
 * plan adopt --confirm), then shows the new organisation. A plan that changed meanwhile: 409. */
void page_plan_adopt_post(web_req *r)
{
	store *s = web_db(r);
	const char *region;
	if (!s || tools_region(r, s, &region))
		return;
	const char *covers = web_field(r, "covers"), *name = web_field(r, "name");
	if (!covers || !*covers || !name || !*name) {
		web_error(r, 400, "请从组建方案中选择要采纳的联合党支部");
		return;
	}
	store_filter scope = auth_scope(&r->user);
	plan_adoption a;
	int stale;
	fg_err e;
	int rc = joint_plan_adopt(s, region, covers, name, &scope, web_who(r), "/plan/adopt", &a, &stale, &e);
	if (rc) {
		plan_adoption_free(&a);
		web_error(r, rc != FG_EINPUT ? 500 : stale ? 409 : 403, e.msg);
		return;
	}
	buf to = {0};
	buf_puts(&to, "/orgs/");
	html_url(&to, a.name);
	plan_adoption_free(&a);
	web_redirect(r, buf_cstr(&to));
	buf_free(&to);
}
