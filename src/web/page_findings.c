/* Findings (fgdj check) of the user's scope: the page, XLSX and JSON, and their follow-up states.
 * Every output comes from the same functions as the command (report/check.h) on facts loaded for a
 * region the scope allows. Members are always masked here: the unmasked view is the command
 * line's, logged there. The joint-branch plan is page_plan.c. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/check.h"
#include "store/history_query.h"
#include "util/date.h"
#include "web/cache.h"
#include "web/page_ledger.h"
#include "web/pages.h"

/* The overview lists this many findings of each rule (a city has over a hundred thousand: the page
 * stays a readable overview, about 200 KB with the forms); ?rule= shows one rule in full. */
#define PER_RULE 10
/* One rule's list (?rule=) pages by this many (&page=N). */
#define PER_PAGE 100

/* The findings of a region on a date, as the pages show them (members masked), computed once per
 * change of the data (web/cache.h). A value derived from the earlier one — after a state change
 * (findings_restate) or a change of enterprises' numbers (check_patch) — shares its texts' blocks,
 * counted by the findings themselves: any value may be freed first. */
typedef struct findings_value {
	findings fs;
	facts f; /* only label and as_of: what the outputs print of the facts */
} findings_value;

static void findings_value_free(void *p)
{
	findings_value *v = p;
	findings_free(&v->fs);
	free(v->f.label);
	free(v);
}

/* The region's facts for findings_since, held until the findings are made (tools_facts_release). */
typedef struct facts_hold {
	store *s;
	const char *region;
	int as_of;
	const facts *f;
	cache_ref *ref;
} facts_hold;

static int facts_held(void *ctx, const facts **f, fg_err *e)
{
	facts_hold *h = ctx;
	int rc = h->f ? FG_OK : tools_facts_cached(h->s, h->region, h->as_of, &h->f, &h->ref, e);
	*f = h->f;
	return rc;
}

static void facts_let_go(facts_hold *h)
{
	if (h->f)
		tools_facts_release(h->f, h->ref);
	h->f = NULL;
	h->ref = NULL;
}

static int findings_compute(store *s, const char *region, int as_of, int variant, void **out, fg_err *e)
{
	(void)variant;
	findings_value *v = xmalloc(sizeof *v);
	memset(v, 0, sizeof *v);
	/* The earlier value with the states read now, or patched (findings_since), when the writes
	 * since allow; else found afresh. */
	int64_t then;
	const findings_value *prev = cache_previous(&then);
	facts_hold h = {s, region, as_of, NULL, NULL};
	int rc = FACTS_REDO;
	if (prev) {
		findings_how how;
		rc = findings_since(s, &prev->fs, then, facts_held, &h, &v->fs, &how, e);
		if (!rc) {
			cache_note(how == FINDINGS_RESTATED ? NOTE_FINDINGS_RESTATED : NOTE_FINDINGS_PATCHED);
			const facts *from = how == FINDINGS_PATCHED ? h.f : &prev->f;
			v->f.label = xstrdup(from->label ? from->label : "");
			v->f.as_of = from->as_of;
		}
		facts_let_go(&h);
		if (rc != FACTS_REDO) {
			if (rc) {
				findings_value_free(v);
				return rc;
			}
			*out = v;
			return FG_OK;
		}
		findings_free(&v->fs);
		/* Found afresh: the earlier findings go first (the two are never in memory at once). */
		cache_previous_release();
	}
	/* Without an earlier value (the server just started): by way of the findings the command line
	 * keeps in the database (check_kept; this connection keeps none), when they still hold or can be
	 * patched. After an earlier value they are older than it, most likely: found afresh. */
	const facts *f;
	cache_ref *fref;
	rc = tools_facts_cached(s, region, as_of, &f, &fref, e);
	if (!rc) {
		findings_how how = FINDINGS_FOUND;
		rc = prev ? check_run(s, f, 0, &v->fs, e) : check_kept(s, f, &v->fs, &how, e);
		cache_note(how == FINDINGS_RESTATED ? NOTE_FINDINGS_RESTATED
			   : how == FINDINGS_PATCHED ? NOTE_FINDINGS_PATCHED
						     : NOTE_FINDINGS_FOUND);
		v->f.label = xstrdup(f->label ? f->label : "");
		v->f.as_of = f->as_of;
		tools_facts_release(f, fref);
	}
	if (rc) {
		findings_value_free(v);
		return rc;
	}
	*out = v;
	return FG_OK;
}

static const cache_kind FINDINGS = {findings_compute, findings_value_free};

int tools_findings_cached(store *s, const char *region, int as_of, const struct findings **fs, cache_ref **ref,
			  fg_err *e)
{
	const void *p = NULL;
	int rc = cache_get(s, &FINDINGS, region, as_of, 0, &p, ref, e);
	*fs = rc ? NULL : &((const findings_value *)p)->fs;
	return rc;
}

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
	if (finding_who(x))
		html_printf(b, "<br><span class=\"muted\">%s %s</span>", finding_day(x), finding_who(x));
	if (finding_note(x))
		html_printf(b, "<br>%s", finding_note(x));
	html_raw(b, "</td>");
}


/* The form changing a finding's state: back is the list's plain query string to return to. */
static void state_form(buf *b, const finding *x, int as_of, const char *back)
{
	char day[11], ref[17];
	date_format(as_of, day);
	finding_ref(x->key, ref);
	html_raw(b, "<td><form method=\"post\" action=\"/findings/state\" class=\"inline\">" WEB_CSRF_MARK);
	html_printf(b, "<input type=\"hidden\" name=\"ref\" value=\"%s\"><input type=\"hidden\" name=\"as_of\" value=\"%s\">"
		       "<input type=\"hidden\" name=\"back\" value=\"%s\">",
		    ref, day, back);
	html_raw(b, "<select name=\"state\" aria-label=\"整改状态\">");
	for (int st = 0; st < FS_COUNT; st++)
		html_printf(b, "<option value=\"%s\"%s>%s</option>", finding_state_id((finding_state)st),
			    (int)x->state == st ? " selected" : "", finding_state_label((finding_state)st));
	html_printf(b, "</select><input name=\"note\" maxlength=\"500\" placeholder=\"说明（可选）\" aria-label=\"说明\" value=\"%s\">"
		       "<button type=\"submit\">保存</button></form></td>",
		    finding_note(x) ? finding_note(x) : "");
}

/* The page's content for the user's scope (the region picker), the forms when can (WEB_CSRF_MARK for
 * their CSRF field): drawn into b once per change of the data and kept (FINDINGS_TEXT). */
static void render_findings(web_req *r, store *s, buf *b, const facts *f, const findings *fs, const char *region,
			    int as_of, const check_rule *one, int filter, int can, size_t page)
{
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
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
	size_t total = findings_count(fs, one, filter);
	html_printf(b, "<p class=\"lead\">%s · 截至 %s：共 %zu 条（待整改 %zu、整改中 %zu、已整改但仍被检出 %zu、不适用 %zu）", f->label, day,
		    fs->n, findings_count(fs, NULL, FS_TODO), findings_count(fs, NULL, FS_DOING),
		    findings_count(fs, NULL, FS_DONE), findings_count(fs, NULL, FS_NA));
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
	int any = 0;
	for (size_t ri = one ? (size_t)(one - rules) : 0; ri < (one ? (size_t)(one - rules) + 1 : nrules); ri++) {
		const check_rule *cur = &rules[ri];
		size_t count = findings_count(fs, cur, filter), shown = 0, from, to;
		if (!count)
			continue;
		any = 1;
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
		/* One rule: the page's PER_PAGE findings (the last page when page is past it). */
		size_t pages = (count + PER_PAGE - 1) / PER_PAGE, skip = 0, limit = PER_RULE, seen = 0;
		if (one) {
			page = page < pages ? page : pages;
			skip = (page - 1) * PER_PAGE;
			limit = PER_PAGE;
		}
		findings_range(fs, cur, &from, &to);
		if (filter == FS_ANY) { /* every finding of the rule is selected: straight to the page */
			from += skip;
			seen = skip;
		}
		for (size_t i = from; i < to && shown < limit; i++) {
			const finding *x = &fs->v[i];
			if (!finding_selected(x, cur, filter) || seen++ < skip)
				continue;
			shown++;
			char ref[17];
			finding_ref(x->key, ref);
			html_printf(b, "<tr id=\"f-%s\">", ref);
			subject_cell(b, x);
			html_printf(b, "<td>%s</td><td>%s</td><td>%s</td>", x->street, x->community, x->detail);
			state_cell(b, x);
			if (can)
				state_form(b, x, as_of, buf_cstr(&back));
			html_raw(b, "</tr>\n");
		}
		html_raw(b, "</tbody>\n</table></div>\n");
		if (one && pages > 1) {
			html_printf(b, "<p class=\"pager\">第 %zu / %zu 页（每页 %d 条）", page, pages, PER_PAGE);
			for (int d = -1; d <= 1; d += 2) {
				if ((d < 0 && page == 1) || (d > 0 && page == pages))
					continue;
				html_raw(b, " <a href=\"/findings?");
				html_raw(b, buf_cstr(&q));
				html_printf(b, "&amp;page=%zu\">%s</a>", d < 0 ? page - 1 : page + 1, d < 0 ? "上一页" : "下一页");
			}
			html_raw(b, "</p>\n");
		}
		html_raw(b, "</section>\n");
	}
	if (!any)
		html_raw(b, "<p class=\"notice\">没有符合条件的检查发现。</p>\n");
	html_raw(b, "<p class=\"hint no-print\">同样的结果：<code>fgdj check --region 地区</code>；更改整改状态：<code>fgdj finding set 编号 状态</code>；"
		    "JSON：<a href=\"/api/v1/findings?");
	html_raw(b, buf_cstr(&q));
	html_raw(b, "\">/api/v1/findings</a>。</p>\n");
	buf_free(&q);
	buf_free(&back);
}

/* A text drawn from the cached findings and kept beside them (web/cache.h): the page of one
 * selection for one scope, with or without the forms, or the JSON of one selection. */
typedef struct text_value {
	char *p;
	size_t len;
} text_value;

/* What a kept text shows, as its variant: the scope (0: the district's, else its region's id + 1;
 * always 0 for JSON, which has no picker), the rule (0 any, else index + 1), the state filter, page
 * or JSON, the forms or not. */
static int text_variant(int64_t scope, const check_rule *one, int filter, int page, int can)
{
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	return (int)(scope << 11 | (int64_t)(one ? one - rules + 1 : 0) << 5 | (int64_t)(filter + 2) << 2 | page << 1 | can);
}

/* cache_arg(): the request a page is drawn for (its user's scope is in the variant). */
static int text_compute(store *s, const char *region, int as_of, int variant, void **out, fg_err *e)
{
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	int rule = variant >> 5 & 63, filter = (variant >> 2 & 7) - 2, page = variant >> 1 & 1, can = variant & 1;
	const check_rule *one = rule ? &rules[rule - 1] : NULL;
	const void *p;
	cache_ref *ref;
	int rc = cache_get(s, &FINDINGS, region, as_of, 0, &p, &ref, e);
	if (rc)
		return rc;
	const findings_value *v = p;
	buf b = {0};
	if (page)
		render_findings(cache_arg(), s, &b, &v->f, &v->fs, region, as_of, one, filter, can, 1);
	else
		findings_json(&v->fs, &v->f, one, filter, 0, &b);
	cache_release(ref);
	text_value *t = xmalloc(sizeof *t);
	t->len = b.len;
	t->p = b.len ? buf_detach(&b) : xstrdup("");
	*out = t;
	return FG_OK;
}

static void text_free(void *p)
{
	text_value *t = p;
	free(t->p);
	free(t);
}

static const cache_kind FINDINGS_TEXT = {text_compute, text_free};

/* The JSON of a selection this large is written for each request, not kept (a city's whole list
 * is tens of megabytes). */
#define JSON_KEEP 20000

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

/* The kept text of variant for the request's region and date: 0 with *t and *ref held, or -1
 * with the response set. */
static int kept_text(web_req *r, store *s, const char *region, int as_of, int variant, const text_value **t,
			 cache_ref **ref)
{
	fg_err e;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		const void *p;
		rc = cache_get_arg(s, &FINDINGS_TEXT, region, as_of, variant, r, &p, ref, &e);
		*t = p;
		store_read_end(s);
	}
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 404 : 500, e.msg);
		return -1;
	}
	return 0;
}


/* GET /findings?region=&as_of=&rule=&state=&page= — kept per scope, selection and the forms (a
 * rule's later pages drawn per request from the kept findings); the request's CSRF field filled in. */
void page_findings(web_req *r)
{
	store *s = web_db(r);
	const check_rule *one;
	int filter, as_of;
	const char *region;
	if (!s || read_filters(r, &one, &filter))
		return;
	const char *pq = web_query(r, "page");
	char *pend;
	long page = pq && *pq ? strtol(pq, &pend, 10) : 1;
	if (page < 1 || (pq && *pq && *pend)) {
		web_error(r, 400, "页码应为正整数");
		return;
	}
	if (!one)
		page = 1;
	if (page > 1) {
		findings_req q;
		if (findings_of(r, s, &q.v, &q.ref, &region, &as_of))
			return;
		buf t = {0};
		render_findings(r, s, &t, &q.v->f, &q.v->fs, region, as_of, one, filter, auth_can(&r->user, PERM_WRITE),
				(size_t)page);
		cache_release(q.ref);
		buf *b = web_page_begin(r, "检查发现");
		web_csrf_fill(r, b, buf_cstr(&t), t.len);
		buf_free(&t);
		web_page_end(r, 200);
		return;
	}
	if (tools_region(r, s, &region) || tools_as_of(r, &as_of))
		return;
	const auth_user *u = &r->user;
	int64_t scope = u->scope_kind == SCOPE_REGION ? u->filter.region_id + 1 : 0;
	int can = auth_can(u, PERM_WRITE);
	const text_value *t;
	cache_ref *ref;
	if (kept_text(r, s, region, as_of, text_variant(scope, one, filter, 1, can), &t, &ref))
		return;
	buf *b = web_page_begin(r, "检查发现");
	web_csrf_fill(r, b, t->p, t->len);
	cache_release(ref);
	web_page_end(r, 200);
}

/* JSON_KEEP, or FGDJ_FINDINGS_JSON_KEEP where tests pin a smaller one (to send a district's list
 * as a city's is sent). */
static size_t json_keep(void)
{
	const char *t = getenv("FGDJ_FINDINGS_JSON_KEEP");
	return t && *t ? (size_t)strtoul(t, NULL, 10) : JSON_KEEP;
}

/* A selection's JSON being sent (web_respond_stream): the kept findings held until it is. */
typedef struct json_stream {
	const findings_value *v;
	cache_ref *ref;
	const check_rule *one;
	int filter;
	int part; /* 0 the head next, 1 the findings, 2 the tail */
	findings_json_pos at;
} json_stream;

static int json_part(void *ctx, buf *out)
{
	json_stream *js = ctx;
	if (js->part == 0) {
		findings_json_head(&js->v->fs, &js->v->f, js->one, js->filter, out);
		js->part = 1;
		return 0;
	}
	if (js->part == 1 && !findings_json_items(&js->v->fs, js->one, js->filter, 0, &js->at, 256 * 1024, out))
		return 0;
	findings_json_tail(&js->at, out);
	return 1;
}

static void release_ref(void *ref)
{
	cache_release(ref);
}

static void json_stream_free(void *ctx)
{
	json_stream *js = ctx;
	cache_release(js->ref);
	free(js);
}

/* GET /api/v1/findings?region=&as_of=&rule=&state= — fgdj check --format json, kept per selection
 * (below JSON_KEEP findings), else written as it is sent. */
void api_findings(web_req *r)
{
	store *s = web_db(r);
	findings_req q;
	if (findings_request(r, s, &q))
		return;
	if (findings_count(&q.v->fs, q.one, q.filter) > json_keep()) {
		/* Written as it is sent, from the kept findings held until then: a city's whole list
		 * is 80 MB of JSON, never in memory at once. */
		json_stream *js = xcalloc(1, sizeof *js);
		*js = (json_stream){q.v, q.ref, q.one, q.filter, 0, {0, 0}};
		web_respond_stream(r, 200, "application/json; charset=utf-8", json_part, js, json_stream_free);
		return;
	}
	cache_release(q.ref);
	const text_value *t;
	cache_ref *ref;
	if (kept_text(r, s, q.region, q.as_of, text_variant(0, q.one, q.filter, 0, 0), &t, &ref))
		return;
	/* The kept text itself, held until it is sent: no copy per connection (up to 20,000 findings:
	 * megabytes each, times the connections being answered). */
	web_respond_held(r, 200, "application/json; charset=utf-8", t->p, t->len, release_ref, ref);
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

int findings_warm(store *s, fg_err *e)
{
	return cache_make(s, &FINDINGS, NULL, date_today(), 0, e);
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
	*open = findings_count(&v->fs, NULL, FS_OPEN);
	*done = findings_count(&v->fs, NULL, FS_DONE);
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	for (size_t i = 0; per_rule && i < nrules; i++)
		per_rule[i] += findings_count(&v->fs, &rules[i], FS_OPEN);
	cache_release(cref);
	return 0;
}
