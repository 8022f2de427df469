/* What every ledger list offers beyond its page (page_ledger.h: lw_list_*): the export of the
 * current filters as XLSX, the print view, the import template and the format description.
 *
 * A list handler (page_enterprises, page_party_list, …) reads its filters into a query_list as it
 * writes its filter form; the export route (PATH/export.xlsx, handler lw_export, ctx the lw_kind)
 * runs that same handler, which hands its query to lw_list_out: the rows exported are exactly the
 * rows the page lists (the same query_list_rows call, without paging), in the user's scope, with
 * personal values masked unless ?unmasked=1 is asked by a user who may (lw_unmasked, logged by
 * export_ledger). Every export leaves a history entry: who, which ledger, the filters in words and
 * as sent, and the number of rows.
 *
 * The filters "in words" (print view, history) are read back from the filter form the handler
 * wrote — each <label>'s text and its chosen option or typed value — so they say what the form
 * says and no list has to describe its filters twice. */
#include <stdlib.h>
#include <string.h>

#include "io/export.h"
#include "io/ledger_template.h"
#include "util/date.h"
#include "web/page_ledger.h"
#include "web/pages_tools.h"

static const char EXPORT_SUFFIX[] = "/export.xlsx";

lw_list_mode lw_list_mode_of(web_req *r)
{
	if (r->route && r->route->handler == lw_export)
		return LW_LIST_EXPORT;
	const char *p = web_query(r, "print");
	return p && strcmp(p, "1") == 0 ? LW_LIST_PRINT : LW_LIST_PAGE;
}

buf *lw_list_form(web_req *r, buf *page, buf *scratch)
{
	return lw_list_mode_of(r) == LW_LIST_PAGE ? page : scratch;
}

/* ---- the filters in words ---- */

/* The text of s[0..n) without tags and surrounding blanks, appended to out (entities kept). */
static void strip_tags(const char *s, size_t n, buf *out)
{
	size_t start = out->len;
	int in_tag = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<')
			in_tag = 1;
		else if (s[i] == '>')
			in_tag = 0;
		else if (!in_tag && !(s[i] == '\n' || (s[i] == ' ' && out->len == start)))
			buf_putc(out, s[i]);
	}
	while (out->len > start && out->p[out->len - 1] == ' ')
		out->len--;
	if (out->p)
		out->p[out->len] = 0;
}

/* The value of attribute name="…" inside tag[0..n), or NULL; *len its length. */
static const char *attr(const char *tag, size_t n, const char *name, size_t *len)
{
	size_t nl = strlen(name);
	for (const char *p = tag + 1; p + nl + 2 < tag + n; p++) {
		if (p[-1] == ' ' && strncmp(p, name, nl) == 0 && p[nl] == '=' && p[nl + 1] == '"') {
			const char *v = p + nl + 2, *end = memchr(v, '"', (size_t)(tag + n - v));
			if (!end)
				return NULL;
			*len = (size_t)(end - v);
			return v;
		}
	}
	return NULL;
}

static const char *find_in(const char *s, size_t n, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = 0; i + nl <= n; i++)
		if (memcmp(s + i, needle, nl) == 0)
			return s + i;
	return NULL;
}

/* One <label>…</label> of a filter form as words ("经营状态：在营"), or nothing when it is unset. */
static void label_words(const char *s, size_t n, buf *out)
{
	const char *open_end = memchr(s, '>', n);
	if (!open_end)
		return;
	const char *body = open_end + 1;
	size_t blen = (size_t)(s + n - body);
	buf word = {0};
	const char *ctl = find_in(body, blen, "<select");
	const char *inp = find_in(body, blen, "<input");
	if (inp && find_in(inp, (size_t)(s + n - inp), "type=\"checkbox\"")) {
		const char *tend = memchr(inp, '>', (size_t)(s + n - inp));
		if (tend && find_in(inp, (size_t)(tend - inp), " checked"))
			strip_tags(body, blen, &word);
	} else if (ctl) {
		const char *sel = find_in(ctl, (size_t)(s + n - ctl), " selected>");
		size_t vl;
		const char *opt = NULL;
		for (const char *p = sel; p && p > ctl && !opt; p--)
			if (strncmp(p, "<option", 7) == 0)
				opt = p;
		if (sel && opt && attr(opt, (size_t)(sel - opt), "value", &vl) && vl) {
			const char *lab = sel + 10, *lend = find_in(lab, (size_t)(s + n - lab), "</option>");
			strip_tags(body, (size_t)(ctl - body), &word);
			buf_puts(&word, "：");
			if (lend)
				buf_add(&word, lab, (size_t)(lend - lab));
		}
	} else if (inp) {
		const char *tend = memchr(inp, '>', (size_t)(s + n - inp));
		size_t vl;
		const char *v = tend ? attr(inp, (size_t)(tend - inp), "value", &vl) : NULL;
		if (v && vl && !find_in(inp, (size_t)(tend - inp), "type=\"hidden\"")) {
			strip_tags(body, (size_t)(inp - body), &word);
			buf_puts(&word, "：");
			buf_add(&word, v, vl);
		}
	}
	if (word.len)
		buf_printf(out, "%s%s", out->len ? "；" : "", buf_cstr(&word));
	buf_free(&word);
}

/* The filters of a list form (markup written by the list handler), as HTML-escaped words. */
static void filter_words(const buf *markup, buf *out)
{
	const char *s = markup->p ? markup->p : "", *end = s + markup->len;
	for (const char *p = s; (p = find_in(p, (size_t)(end - p), "<label")) != NULL;) {
		const char *close = find_in(p, (size_t)(end - p), "</label>");
		if (!close)
			break;
		label_words(p, (size_t)(close - p), out);
		p = close + 8;
	}
}

/* HTML entities of our own escaping back to text. */
static void unescape(const char *s, buf *out)
{
	static const struct {
		const char *ent, *ch;
	} E[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"}};
	for (const char *p = s; *p;) {
		size_t k = 0;
		for (; k < sizeof E / sizeof E[0]; k++)
			if (strncmp(p, E[k].ent, strlen(E[k].ent)) == 0)
				break;
		if (k < sizeof E / sizeof E[0]) {
			buf_puts(out, E[k].ch);
			p += strlen(E[k].ent);
		} else {
			buf_putc(out, *p++);
		}
	}
}

/* The request's query string without page, print and unmasked (percent-encoded, "&"-separated;
 * amp: "&amp;" for markup). */
static void list_query(web_req *r, buf *b, int amp)
{
	int n = 0;
	for (size_t i = 0; i < r->query.n; i++) {
		const form_field *f = &r->query.f[i];
		if (!*f->value || strcmp(f->name, "page") == 0 || strcmp(f->name, "print") == 0 ||
		    strcmp(f->name, "unmasked") == 0)
			continue;
		if (n++)
			buf_puts(b, amp ? "&amp;" : "&");
		html_url(b, f->name);
		buf_putc(b, '=');
		html_url(b, f->value);
	}
}

/* ---- the export ---- */

typedef struct list_src {
	store *s;
	ledger_kind kind;
	const store_filter *sc;
	const query_list *q;
	store_rec_fn fn;
	void *fn_ctx;
} list_src;

static int src_row(void *ctx, const query_row *row)
{
	list_src *src = ctx;
	return src->fn(src->fn_ctx, row->rec);
}

static int src_each(void *ctx, store_rec_fn fn, void *fn_ctx, fg_err *e)
{
	list_src *src = ctx;
	src->fn = fn;
	src->fn_ctx = fn_ctx;
	int64_t total = 0;
	return query_list_rows(src->s, src->kind, src->sc, src->q, &total, src_row, src, e);
}

/* The history entry of an export: who (the transaction), the ledger, the filters, the rows. */
static int log_export(web_req *r, store *s, const ledger_def *def, const char *words, size_t rows, int unmasked,
		      fg_err *e)
{
	buf w = {0}, qs = {0};
	unescape(words, &w);
	list_query(r, &qs, 0);
	json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:I,s:b}", "ledger", def->name, "what", "从列表导出 XLSX", "filters",
			      w.len ? buf_cstr(&w) : "无（全部）", "query", qs.len ? buf_cstr(&qs) : "", "rows",
			      (json_int_t)rows, "unmasked", unmasked);
	char *js = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	buf_free(&w);
	buf_free(&qs);
	int rc = store_begin(s, web_who(r), "web", e);
	rc = rc ? rc : store_log(s, "export", def->name, "view", js, e);
	rc = rc ? rc : store_commit(s, e);
	if (rc)
		store_rollback(s);
	free(js);
	return rc;
}

static void export_rows(web_req *r, const lw_kind *k, store *s, const store_filter *sc, const query_list *q,
			const char *words)
{
	list_src src = {s, k->kind, sc, q, NULL, NULL};
	lw_export_xlsx(r, k, s, sc, words, src_each, &src);
}

void lw_export_xlsx(web_req *r, const lw_kind *k, store *s, const store_filter *sc, const char *words,
		    int (*each)(void *each_ctx, store_rec_fn fn, void *fn_ctx, fg_err *e), void *each_ctx)
{
	const ledger_def *def = ledger_get(k->kind);
	int unmasked = lw_unmasked(r, k->kind);
	if (unmasked < 0)
		return;
	char *path = tools_tmpfile(".xlsx");
	export_opts o = {.format = EXPORT_XLSX, .unmasked = unmasked, .who = web_who(r), .filter = sc, .path = path,
			 .today = date_today(), .each = each, .each_ctx = each_ctx};
	size_t n = 0;
	fg_err e = {0};
	int rc = path ? export_ledger(s, def, &o, &n, &e) : FG_EFAIL;
	if (!rc)
		rc = log_export(r, s, def, words, n, unmasked, &e);
	buf name = {0}, ascii = {0};
	char day[11];
	date_format(date_today(), day);
	buf_printf(&name, "%s-%s.xlsx", def->title, day);
	buf_printf(&ascii, "%s-%s.xlsx", def->name, day);
	tools_xlsx_done(r, path, rc, e.msg, &name, &ascii);
}

/* ---- the list's part ---- */

int lw_list_out(web_req *r, const lw_kind *k, store *s, const store_filter *sc, query_list *q, buf *page, buf *filters)
{
	lw_list_mode mode = lw_list_mode_of(r);
	const ledger_def *def = ledger_get(k->kind);
	if (mode == LW_LIST_PAGE) {
		html_printf(page, "<p class=\"list-tools no-print\"><a href=\"%s%s?", r->path, EXPORT_SUFFIX);
		list_query(r, page, 1);
		html_raw(page, "\">导出 XLSX（当前筛选）</a> · <a href=\"");
		html_raw(page, r->path);
		buf_putc(page, '?');
		list_query(r, page, 1);
		html_printf(page, "%sprint=1\">打印视图</a> · <a href=\"/formats/%s/template.xlsx\">下载导入模板</a> · "
				  "<a href=\"/formats/%s\">文件格式说明</a></p>\n",
			    page->p[page->len - 1] == '?' ? "" : "&amp;", def->name, def->name);
		return 0;
	}
	buf words = {0};
	filter_words(filters, &words);
	q->limit = 0;
	q->offset = 0;
	if (mode == LW_LIST_EXPORT) {
		export_rows(r, k, s, sc, q, buf_cstr(&words));
		buf_free(&words);
		return 1;
	}
	char day[11];
	date_format(date_today(), day);
	html_printf(page, "<div class=\"print-head\"><p><strong>筛选条件：</strong>");
	html_raw(page, words.len ? buf_cstr(&words) : "无（全部）");
	html_printf(page, "</p>\n<p>范围：%s · 打印人：%s · 日期：%s · 列出全部记录（不分页）</p></div>\n",
		    users_scope_text(r->user.scope_label, r->user.scope_level), r->user.name, day);
	html_raw(page, "<p class=\"no-print\"><a href=\"");
	html_raw(page, r->path);
	buf_putc(page, '?');
	list_query(r, page, 1);
	html_raw(page, "\">返回列表</a> · 用浏览器的“打印”即可打印本页。"
		       " <button type=\"button\" class=\"button\" data-print hidden>打印本页</button></p>\n");
	buf_free(&words);
	return 0;
}

/* GET PATH/export.xlsx: the list route (the pattern without its last segment) in export mode. */
void lw_export(web_req *r)
{
	size_t n = strlen(r->route->pattern), sl = strlen(EXPORT_SUFFIX);
	for (size_t i = 0; i < web_nroutes && n > sl; i++) {
		const web_route *rt = &web_routes[i];
		if (strcmp(rt->method, "GET") == 0 && strlen(rt->pattern) == n - sl &&
		    strncmp(rt->pattern, r->route->pattern, n - sl) == 0 && rt->handler != lw_export) {
			rt->handler(r);
			return;
		}
	}
	web_error(r, 404, NULL);
}

/* ---- templates and the format description ---- */

static const ledger_def *format_def(web_req *r)
{
	const char *name = web_param(r, "kind");
	const ledger_def *def = name ? ledger_by_name(name) : NULL;
	if (!def)
		web_error(r, 404, "没有这种台账");
	return def;
}

/* GET /formats/{kind}/template.xlsx */
void page_format_template(web_req *r)
{
	const ledger_def *def = format_def(r);
	if (!def)
		return;
	char *path = tools_tmpfile(".xlsx");
	fg_err e = {0};
	int rc = path ? ledger_template_xlsx(def, path, &e) : FG_EFAIL;
	buf name = {0}, ascii = {0};
	buf_printf(&name, "%s-导入模板.xlsx", def->title);
	buf_printf(&ascii, "%s-template.xlsx", def->name);
	tools_xlsx_done(r, path, rc, e.msg, &name, &ascii);
}

static void format_row(void *ctx, const ledger_format_col *c)
{
	buf *b = ctx;
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td></tr>\n", c->header,
		    *c->required ? "必填" : "", c->accepts, c->variants);
}

/* GET /formats/{kind}: the format of one ledger's files, as fgdj format describes it. */
void page_format(web_req *r)
{
	const ledger_def *def = format_def(r);
	if (!def)
		return;
	buf title = {0};
	buf_printf(&title, "%s文件格式", def->title);
	buf *b = web_page_begin(r, buf_cstr(&title));
	buf key = {0}, rows = {0};
	ledger_format_each(def, &key, format_row, &rows);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", buf_cstr(&title), buf_cstr(&key));
	html_printf(b, "<p>文件为 CSV 或 XLSX，第一行（前十行内）为表头，列的顺序不限。导入全有或全无：有一行出错就不写入任何数据。"
		       "本说明与命令 <code>fgdj format</code> 出自同一张栏目表。</p>\n"
		       "<p><a class=\"button\" href=\"/formats/%s/template.xlsx\">下载导入模板（XLSX）</a> · "
		       "<a href=\"/import?kind=%s\">去导入</a> · <a href=\"/formats\">全部台账的格式</a></p>\n",
		    def->name, def->name);
	html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">列名</th><th scope=\"col\">必填</th>"
		    "<th scope=\"col\">内容</th><th scope=\"col\">也接受的列名</th></tr></thead>\n<tbody>\n");
	buf_add(b, rows.p ? rows.p : "", rows.len); /* markup written by format_row through html_printf */
	html_raw(b, "</tbody>\n</table></div>\n");
	buf_free(&key);
	buf_free(&rows);
	buf_free(&title);
	web_page_end(r, 200);
}

/* GET /formats: every ledger's format page and template. */
void page_formats(web_req *r)
{
	buf *b = web_page_begin(r, "台账文件格式");
	html_raw(b, "<h1>台账文件格式</h1>\n<p class=\"lead\">每种台账的列名、必填项和可填的值，以及可直接填写的导入模板。</p>\n<ul>\n");
	for (int k = 0; k < LEDGER_NKINDS; k++) {
		const ledger_def *d = ledger_get((ledger_kind)k);
		html_printf(b, "<li><a href=\"/formats/%s\">%s</a>（<a href=\"/formats/%s/template.xlsx\">模板</a>）</li>\n",
			    d->name, d->title, d->name);
	}
	html_raw(b, "</ul>\n");
	web_page_end(r, 200);
}
