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
#include "web/page_ledger.h"
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

/* The list's filters beyond region and date: ?rule= (NULL any), ?state= (finding_filter_parse). 0,
 * or -1 after answering 400. */
static int read_filters(web_req *r, const check_rule **one, int *filter)
{
	const char *rule_id = web_query(r, "rule"), *st = web_query(r, "state");
	*one = rule_id && *rule_id ? check_rule_find(rule_id) : NULL;
	if (rule_id && *rule_id && !*one) {
		web_error(r, 400, "没有这条规则");
		return -1;
	}
	*filter = finding_filter_parse(st);
	if (*filter == -2) {
		web_error(r, 400, "整改状态应为 open、todo、doing、done 或 na");
		return -1;
	}
	return 0;
}

static const char *const FILTER_ID[] = {"open", "todo", "doing", "done", "na"};
static const char *const FILTER_LABEL[] = {"未完成（待整改、整改中）", "待整改", "整改中", "已整改（仍被检出）", "不适用"};

/* "region=…&as_of=…[&rule=…][&state=…]", entity-escaped when html (for href), else plain (a
 * redirect's path). */
static void list_query(buf *b, const char *region, int as_of, const check_rule *one, int filter, int html)
{
	const char *amp = html ? "&amp;" : "&";
	char day[11];
	date_format(as_of, day);
	buf_puts(b, "region=");
	html_url(b, region ? region : "");
	buf_printf(b, "%sas_of=", amp);
	html_url(b, day);
	if (one)
		buf_printf(b, "%srule=%s", amp, one->id);
	if (filter != FS_ANY)
		buf_printf(b, "%sstate=%s", amp, filter == FS_OPEN ? "open" : finding_state_id((finding_state)filter));
}

/* The subject, linked to its record's page when it has one. */
static void subject_cell(buf *b, const finding *x)
{
	html_raw(b, "<td>");
	if (x->kind == FK_ENT && x->id) {
		html_raw(b, "<a href=\"/enterprises/");
		html_url(b, x->natural);
		html_printf(b, "\">%s</a>", x->subject);
	} else if (x->kind != FK_DISTRICT && x->id) {
		static const char *const PATH[] = {[FK_ORG] = "orgs", [FK_MEMBER] = "members", [FK_INSTRUCTOR] = "instructors"};
		html_printf(b, "<a href=\"/%s/%lld\">%s</a>", PATH[x->kind], (long long)x->id, x->subject);
	} else {
		html_text(b, x->subject);
	}
	html_raw(b, "</td>");
}

static void state_cell(buf *b, const finding *x)
{
	html_printf(b, "<td class=\"state state-%s\">%s", finding_state_id(x->state), finding_state_shown(x));
	if (x->who)
		html_printf(b, "<br><span class=\"muted\">%s %s</span>", x->day, x->who);
	if (x->note)
		html_printf(b, "<br>%s", x->note);
	html_raw(b, "</td>");
}

/* The form changing a finding's state: back is the list's plain query string to return to. */
static void state_form(web_req *r, buf *b, const finding *x, int as_of, const char *back)
{
	char day[11];
	date_format(as_of, day);
	html_raw(b, "<td><form method=\"post\" action=\"/findings/state\" class=\"inline\">");
	web_csrf_field(r, b);
	html_printf(b, "<input type=\"hidden\" name=\"ref\" value=\"%s\"><input type=\"hidden\" name=\"as_of\" value=\"%s\">"
		       "<input type=\"hidden\" name=\"back\" value=\"%s\">",
		    x->ref, day, back);
	html_raw(b, "<select name=\"state\" aria-label=\"整改状态\">");
	for (int st = 0; st < FS_COUNT; st++)
		html_printf(b, "<option value=\"%s\"%s>%s</option>", finding_state_id((finding_state)st),
			    (int)x->state == st ? " selected" : "", finding_state_label((finding_state)st));
	html_printf(b, "</select><input name=\"note\" maxlength=\"500\" placeholder=\"说明（可选）\" aria-label=\"说明\" value=\"%s\">"
		       "<button type=\"submit\">保存</button></form></td>",
		    x->note ? x->note : "");
}

static void render_findings(web_req *r, store *s, const facts *f, const findings *fs, const char *region, int as_of,
			    const check_rule *one, int filter)
{
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	int can = auth_can(&r->user, PERM_WRITE);
	buf *b = web_page_begin(r, "检查发现");
	char day[11];
	date_format(f->as_of, day);
	html_raw(b, "<h1>检查发现</h1>\n");
	html_raw(b, "<form method=\"get\" action=\"/findings\" class=\"pager filters\">\n");
	tools_region_select(r, s, b, region);
	html_printf(b, "<label>截至日期 <input type=\"date\" name=\"as_of\" value=\"%s\"></label>\n", day);
	html_raw(b, "<label>规则 <select name=\"rule\"><option value=\"\">全部规则</option>");
	for (size_t i = 0; i < nrules; i++)
		html_printf(b, "<option value=\"%s\"%s>%s</option>", rules[i].id, one == &rules[i] ? " selected" : "",
			    rules[i].title);
	html_raw(b, "</select></label>\n<label>整改状态 <select name=\"state\"><option value=\"\">全部</option>");
	for (int i = 0; i < 5; i++)
		html_printf(b, "<option value=\"%s\"%s>%s</option>", FILTER_ID[i], filter == (i == 0 ? FS_OPEN : i - 1) ? " selected" : "",
			    FILTER_LABEL[i]);
	html_raw(b, "</select></label>\n<button type=\"submit\">查看</button>\n</form>\n");
	size_t ns[FS_COUNT] = {0}, total = 0;
	for (size_t i = 0; i < fs->n; i++) {
		ns[fs->v[i].state]++;
		total += finding_selected(&fs->v[i], one, filter);
	}
	html_printf(b, "<p class=\"lead\">%s · 截至 %s：共 %zu 条（待整改 %zu、整改中 %zu、已整改但仍被检出 %zu、不适用 %zu）", f->label, day,
		    fs->n, ns[FS_TODO], ns[FS_DOING], ns[FS_DONE], ns[FS_NA]);
	if (one || filter != FS_ANY)
		html_printf(b, "，符合筛选条件的 %zu 条", total);
	html_raw(b, "。成员身份证号已脱敏。</p>\n");
	buf q = {0}, back = {0};
	list_query(&q, region, as_of, one, filter, 1);
	list_query(&back, region, as_of, one, filter, 0);
	html_raw(b, "<p class=\"no-print\"><a class=\"button\" href=\"/findings.xlsx?");
	html_raw(b, buf_cstr(&q));
	html_raw(b, "\" download>导出 Excel</a></p>\n");
	if (!one && filter == FS_ANY) {
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
		buf all = {0};
		list_query(&all, region, as_of, NULL, FS_ANY, 1);
		html_raw(b, "<p><a href=\"/findings?");
		html_raw(b, buf_cstr(&all));
		html_raw(b, "\">返回全部规则</a></p>\n");
		buf_free(&all);
	}
	const check_rule *cur = NULL;
	size_t shown = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const finding *x = &fs->v[i];
		if (!finding_selected(x, one, filter))
			continue;
		if (x->rule != cur) {
			if (cur)
				html_raw(b, "</tbody>\n</table></div>\n</section>\n");
			cur = x->rule;
			shown = 0;
			size_t count = 0;
			for (size_t j = i; j < fs->n && fs->v[j].rule == cur; j++)
				count += finding_selected(&fs->v[j], one, filter);
			html_printf(b, "<section id=\"rule-%s\">\n<h2>%s（%zu 条）</h2>\n<p class=\"hint\">依据：%s</p>\n", cur->id,
				    cur->title, count, cur->basis);
			if (!one && count > PER_RULE) {
				buf more = {0};
				list_query(&more, region, as_of, cur, filter, 1);
				html_printf(b, "<p>以下列出前 %d 条。<a href=\"/findings?", PER_RULE);
				html_raw(b, buf_cstr(&more));
				html_printf(b, "\">查看全部 %zu 条</a></p>\n", count);
				buf_free(&more);
			}
			html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">对象</th><th scope=\"col\">街道</th>"
				    "<th scope=\"col\">社区</th><th scope=\"col\">情况</th><th scope=\"col\">整改状态</th>");
			if (can)
				html_raw(b, "<th scope=\"col\">更改状态</th>");
			html_raw(b, "</tr></thead>\n<tbody>\n");
		}
		if (!one && shown >= PER_RULE)
			continue;
		shown++;
		html_printf(b, "<tr id=\"f-%s\">", x->ref);
		subject_cell(b, x);
		html_printf(b, "<td>%s</td><td>%s</td><td>%s</td>", x->street, x->community, x->detail);
		state_cell(b, x);
		if (can)
			state_form(r, b, x, as_of, buf_cstr(&back));
		html_raw(b, "</tr>\n");
	}
	if (cur)
		html_raw(b, "</tbody>\n</table></div>\n</section>\n");
	else
		html_raw(b, "<p class=\"notice\">没有符合条件的检查发现。</p>\n");
	html_raw(b, "<p class=\"hint no-print\">同样的结果：<code>fgdj check --region 地区</code>；更改整改状态：<code>fgdj finding set 编号 状态</code>；"
		    "JSON：<a href=\"/api/v1/findings?");
	html_raw(b, buf_cstr(&q));
	html_raw(b, "\">/api/v1/findings</a>。</p>\n");
	buf_free(&q);
	buf_free(&back);
	web_page_end(r, 200);
}

/* What a findings request asks (its filters) and the findings it reads (cached: release ref). */
typedef struct findings_req {
	const findings_value *v;
	cache_ref *ref;
	const char *region;
	int as_of, filter;
	const check_rule *one;
} findings_req;

/* 0 with q filled, or -1 with the response set. */
static int findings_request(web_req *r, store *s, findings_req *q)
{
	if (!s || read_filters(r, &q->one, &q->filter))
		return -1;
	return findings_of(r, s, &q->v, &q->ref, &q->region, &q->as_of) ? -1 : 0;
}

/* GET /findings?region=&as_of=&rule=&state= */
void page_findings(web_req *r)
{
	store *s = web_db(r);
	findings_req q;
	if (findings_request(r, s, &q))
		return;
	render_findings(r, s, &q.v->f, &q.v->fs, q.region, q.as_of, q.one, q.filter);
	cache_release(q.ref);
}

/* GET /api/v1/findings?region=&as_of=&rule=&state= — fgdj check --format json. */
void api_findings(web_req *r)
{
	store *s = web_db(r);
	findings_req q;
	if (findings_request(r, s, &q))
		return;
	buf out = {0};
	findings_json(&q.v->fs, &q.v->f, q.one, q.filter, 0, &out);
	cache_release(q.ref);
	web_respond(r, 200, "application/json; charset=utf-8", &out);
}

/* GET /findings.xlsx?region=&as_of=&rule=&state= — the page's list (masked), the export recorded in
 * the history. */
void page_findings_xlsx(web_req *r)
{
	store *s = web_db(r);
	findings_req q;
	if (findings_request(r, s, &q))
		return;
	char *path = tools_tmpfile(".xlsx");
	fg_err e;
	int rc = path ? findings_xlsx(&q.v->fs, &q.v->f, q.one, q.filter, 0, path, &e) : FG_EFAIL;
	char day[11];
	date_format(q.as_of, day);
	if (!rc) {
		json_t *j = json_pack("{s:s,s:s,s:s,s:s?,s:s?}", "what", "检查发现（已脱敏）", "region", q.v->f.label,
				      "as_of", day, "rule", q.one ? q.one->id : NULL, "state",
				      q.filter == FS_ANY    ? NULL
				      : q.filter == FS_OPEN ? "open"
							    : finding_state_id((finding_state)q.filter));
		char *js = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		rc = store_begin(s, web_who(r), "web", &e);
		rc = rc ? rc : store_log(s, "export", "findings", "view", js, &e);
		rc = rc ? rc : store_commit(s, &e);
		if (rc)
			store_rollback(s);
		free(js);
		json_decref(j);
	}
	buf name = {0}, ascii = {0};
	tools_file_stem(&name, q.v->f.label);
	buf_printf(&name, "检查发现-%s.xlsx", day);
	buf_printf(&ascii, "findings-%s.xlsx", day);
	cache_release(q.ref);
	tools_xlsx_done(r, path, rc, e.msg, &name, &ascii);
}

/* Sets the state of the finding named by ref (or key) among the findings of the user's whole scope
 * on as_of: 0, or -1 with the response set. A finding outside the scope is not among them (404);
 * the write checks the subject against the scope's SQL again (finding_state_change). */
static int state_change(web_req *r, store *s, const char *ref, const char *state, const char *note, const char *as_of_s)
{
	int st = finding_state_parse(state);
	if (!ref || !*ref || st < 0) {
		web_error(r, 400, "缺少检查发现编号，或整改状态不是 待整改、整改中、已整改、不适用 之一");
		return -1;
	}
	int as_of = date_today();
	if (as_of_s && *as_of_s && date_parse(as_of_s, &as_of) != 0) {
		web_error(r, 400, "日期应写作 2024-12-31");
		return -1;
	}
	const auth_user *u = &r->user;
	if (u->scope_kind == SCOPE_ORG || !auth_can(u, PERM_REPORTS)) {
		/* A secretary's account writes but has no findings (tools_region): none to change. */
		web_error(r, 404, "没有这条检查发现，或它不在您的工作范围内");
		return -1;
	}
	const char *region = u->scope_label[0] ? u->scope_label : NULL;
	fg_err e;
	const void *p = NULL;
	cache_ref *cref = NULL;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = cache_get(s, &FINDINGS, region, as_of, 0, &p, &cref, &e);
		store_read_end(s);
	}
	if (rc) {
		web_error(r, 500, e.msg);
		return -1;
	}
	const findings_value *v = p;
	const finding *x = findings_lookup(&v->fs, ref);
	if (!x) {
		cache_release(cref);
		web_error(r, 404, "没有这条检查发现，或它不在您的工作范围内");
		return -1;
	}
	store_filter sc = lw_scope(r);
	rc = finding_state_change(s, &sc, web_who(r), "web", x, (finding_state)st, note, &e);
	cache_release(cref);
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 403 : 500, e.msg);
		return -1;
	}
	return 0;
}

/* POST /findings/state: ref, state, note, as_of, back (the list's query string). */
void page_findings_state(web_req *r)
{
	store *s = web_db(r);
	if (!s || state_change(r, s, web_field(r, "ref"), web_field(r, "state"), web_field(r, "note"), web_field(r, "as_of")))
		return;
	const char *back = web_field(r, "back");
	buf to = {0};
	buf_puts(&to, "/findings");
	/* Only a query string of our own shape goes back: no scheme, host or path can slip in. */
	if (back && *back && strncmp(back, "region=", 7) == 0 && !strpbrk(back, "\r\n#/\\"))
		buf_printf(&to, "?%s", back);
	buf_printf(&to, "#f-%s", web_field(r, "ref"));
	web_redirect(r, buf_cstr(&to));
	buf_free(&to);
}

/* POST or PUT /api/v1/findings: {"ref" (or "key"), "state", "note", "as_of"} — the finding's new
 * state, as fgdj finding set. */
void api_findings_state(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	json_t *j = web_body_json(r);
	if (!j)
		return;
	const char *ref = json_string_value(json_object_get(j, "ref"));
	if (!ref)
		ref = json_string_value(json_object_get(j, "key"));
	const char *state = json_string_value(json_object_get(j, "state"));
	const char *note = json_string_value(json_object_get(j, "note"));
	if (!state_change(r, s, ref, state, note, json_string_value(json_object_get(j, "as_of")))) {
		int st = finding_state_parse(state);
		json_t *o = json_pack("{s:s,s:s,s:s,s:s?}", "ref", ref, "state", finding_state_id((finding_state)st), "state_label",
				      finding_state_label((finding_state)st), "note", note && *note && st != FS_TODO ? note : NULL);
		web_json(r, 200, o); /* takes o */
	}
	json_decref(j);
}

/* The open findings (待整改 and 整改中) of the user's scope today, and those marked 已整改 that are
 * still found, for the dashboard: 0, or -1 when they cannot be computed. */
int findings_open_count(web_req *r, store *s, size_t *open, size_t *done, size_t *per_rule)
{
	const auth_user *u = &r->user;
	const char *region = u->scope_label[0] ? u->scope_label : NULL;
	fg_err e;
	const void *p = NULL;
	cache_ref *cref = NULL;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = cache_get(s, &FINDINGS, region, date_today(), 0, &p, &cref, &e);
		store_read_end(s);
	}
	if (rc)
		return -1;
	const findings_value *v = p;
	*open = *done = 0;
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	for (size_t i = 0; i < v->fs.n; i++) {
		int o = finding_selected(&v->fs.v[i], NULL, FS_OPEN);
		*open += (size_t)o;
		*done += v->fs.v[i].state == FS_DONE;
		if (o && per_rule)
			per_rule[v->fs.v[i].rule - rules]++;
	}
	cache_release(cref);
	return 0;
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
	/* Today's plan can be adopted group by group by those who write the organisation ledger. */
	int adopt = as_of == date_today() && auth_can(&r->user, PERM_WRITE);
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
	facts f;
	joint_plan p;
	plan_adoption a;
	memset(&f, 0, sizeof f);
	memset(&p, 0, sizeof p);
	memset(&a, 0, sizeof a);
	fg_err e;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = facts_load(s, region, date_today(), &f, &e);
		rc = rc ? rc : joint_plan_make(s, &f, &p, &e);
		rc = rc ? rc : joint_plan_adoption(s, &f, &p, (size_t)g - 1, &scope, &a, &e);
		store_read_end(s);
	}
	joint_plan_free(&p);
	facts_free(&f);
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
