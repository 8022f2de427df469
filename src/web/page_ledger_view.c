/* The ledgers' shared read path: forms generated from the column tables, values and fields for
 * display (masked where personal), the history table, pagination and filters, JSON items and the
 * API's list and single-row calls. See page_ledger.h. */
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "core/rules.h"
#include "store/places.h"
#include "store/scope.h"
#include "util/date.h"
#include "web/cache.h"
#include "web/page_ledger.h"
#include "web/place_select.h"
#include "web/web_int.h"

/* ---- values ---- */

void lw_key(const query_row *row, buf *out)
{
	const ledger_rec *rec = row->rec;
	switch (row->kind) {
	case LEDGER_MEMBERS:
		buf_puts(out, rec->f[M_IDNO]);
		break;
	case LEDGER_INSTRUCTORS:
		buf_printf(out, "%s/%s", rec->f[I_NAME], rec->f[I_UNIT]);
		break;
	case LEDGER_ENTERPRISES:
	case LEDGER_ORGS:
	case LEDGER_NKINDS:
		buf_puts(out, rec->f[0]);
		break;
	default: /* the party-work records: their key parts joined with "/", as the store keys them */
		ledger_key(ledger_get(row->kind), rec, '/', out);
		break;
	}
}

void lw_href(buf *b, const lw_kind *k, const query_row *row)
{
	buf_puts(b, k->path);
	buf_putc(b, '/');
	if (k->kind == LEDGER_ENTERPRISES)
		html_url(b, row->rec->f[E_USCC]);
	else
		buf_printf(b, "%lld", (long long)row->id);
}

void lw_value(buf *b, const ledger_col *col, const char *v, int unmasked)
{
	if (!v || !*v) {
		html_raw(b, "<span class=\"muted\">—</span>");
		return;
	}
	if ((col->flags & COL_PERSONAL) && !unmasked) {
		buf m = {0};
		ledger_mask(col, v, &m);
		html_text(b, buf_cstr(&m));
		buf_free(&m);
		return;
	}
	html_text(b, v);
}

void lw_fields(buf *b, const ledger_def *def, const ledger_rec *rec, int unmasked)
{
	html_raw(b, "<div class=\"table-wrap\"><table class=\"figures fields\">\n<tbody>\n");
	for (size_t i = 0; i < def->ncols; i++) {
		if ((def->cols[i].flags & COL_CITY) && !rec->f[i])
			continue;
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", def->cols[i].header);
		lw_value(b, &def->cols[i], rec->f[i], unmasked);
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table></div>\n");
}

/* ---- forms ---- */

static int is_long_text(const ledger_col *col)
{
	return col->type == COL_USCC_LIST || col->type == COL_IDNO_LIST || col->type == COL_ABSENT_LIST ||
	       strcmp(col->key, "notes") == 0 || strcmp(col->key, "op_info") == 0 || strcmp(col->key, "staff_info") == 0 ||
	       strcmp(col->key, "no_org_reason") == 0;
}

static const char *hint(const ledger_col *col)
{
	switch (col->type) {
	case COL_USCC:
		return "18 位统一社会信用代码";
	case COL_IDNO:
		return "18 位公民身份号码，性别和出生日期由它得出";
	case COL_USCC_LIST:
		return "多个统一社会信用代码用“；”或“、”分隔";
	case COL_DATE:
		return "例如 2024-03-05";
	case COL_ENUM_LIST:
	case COL_IDNO_LIST:
		return "多项用“；”或“、”分隔";
	case COL_ABSENT_LIST:
		return "每项“身份证号：原因”，多项用“；”分隔";
	case COL_HOURS:
		return "0 到 24，最多一位小数";
	case COL_MONEY:
		return "元，最多两位小数";
	default:
		return NULL;
	}
}

/* A column naming records of another ledger (COL_REF_*, ledger_ref): a text input that is an ARIA 1.2
 * combobox (assets/picker.js fills its listbox from /api/v1/<ref>?q=, which answers inside the
 * user's scope). Without JavaScript it is a plain input: a code or name typed by hand is checked by
 * the store as before. A list column (覆盖企业) picks into its last item. */
static void picker(buf *b, const ledger_col *col, const char *v, const char *err)
{
	const char *key = col->key;
	int list = col->type == COL_USCC_LIST;
	const char *ref = ledger_ref(col);
	html_printf(b, "<input name=\"%s\" id=\"f-%s\" value=\"%s\" role=\"combobox\" aria-autocomplete=\"list\""
		       " aria-expanded=\"false\" aria-controls=\"lb-%s\" autocomplete=\"off\" data-ref=\"%s\"",
		    key, key, v ? v : "", key, ref);
	if (list)
		html_raw(b, " data-list=\"1\"");
	if (err)
		html_printf(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", key);
	html_printf(b, "><span class=\"picker-list\" role=\"listbox\" id=\"lb-%s\" aria-label=\"%s候选\" hidden></span>", key,
		    col->header);
}

/* The usual values of a free-text column (COL_SUGGEST) as a datalist: offered, not imposed. */
static void suggestions(buf *b, const ledger_col *col, const char *v, const char *err)
{
	const char *key = col->key;
	html_printf(b, "<input name=\"%s\" id=\"f-%s\" value=\"%s\" list=\"dl-%s\"", key, key, v ? v : "", key);
	if (err)
		html_printf(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", key);
	html_printf(b, "><datalist id=\"dl-%s\">", key);
	for (const char *const *c = col->choices; *c; c++)
		html_printf(b, "<option value=\"%s\"></option>", *c);
	html_raw(b, "</datalist>");
}

static void control(buf *b, const ledger_col *col, const char *v, const char *err)
{
	const char *key = col->key;
	if (ledger_ref(col)) {
		picker(b, col, v, err);
		return;
	}
	if (col->flags & COL_SUGGEST) {
		suggestions(b, col, v, err);
		return;
	}
	if (col->type == COL_ENUM || col->type == COL_BOOL) {
		static const char *const YESNO[] = {"是", "否", NULL};
		const char *const *choices = col->type == COL_BOOL ? YESNO : col->choices;
		html_printf(b, "<select name=\"%s\" id=\"f-%s\"", key, key);
		if (err)
			html_printf(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", key);
		html_raw(b, "><option value=\"\">（未填）</option>");
		int known = !v || !*v;
		for (const char *const *c = choices; *c; c++) {
			int sel = v && strcmp(v, *c) == 0;
			known |= sel;
			html_printf(b, "<option%s>%s</option>", sel ? " selected" : "", *c);
		}
		if (!known) /* keeps what the user sent, so the message beside it makes sense */
			html_printf(b, "<option selected>%s</option>", v);
		html_raw(b, "</select>");
		return;
	}
	if (is_long_text(col)) {
		html_printf(b, "<textarea name=\"%s\" id=\"f-%s\" rows=\"3\"", key, key);
		if (err)
			html_printf(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", key);
		html_printf(b, ">%s</textarea>", v ? v : "");
		return;
	}
	const char *extra = col->type == COL_DATE ? " type=\"date\"" : col->type == COL_INT ? " inputmode=\"numeric\""
			    : col->type == COL_MONTH ? " type=\"month\""
			    : col->type == COL_NUM || col->type == COL_HOURS || col->type == COL_MONEY ? " inputmode=\"decimal\""
			    : col->type == COL_PHONE				      ? " type=\"tel\""
										      : "";
	html_printf(b, "<input name=\"%s\" id=\"f-%s\" value=\"%s\"", key, key, v ? v : "");
	html_raw(b, extra);
	if (err)
		html_printf(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", key);
	html_raw(b, ">");
}

/* A personal value sent back masked, but not as the current value is shown: the mask of a value
 * someone has since changed. Offering it again would only fail validation. */
static int stale_mask(const ledger_col *col, const char *raw, const char *now)
{
	return (col->flags & COL_PERSONAL) && strchr(raw, '*') && !lw_shown_back(col, raw, now);
}

/* The row as saved now beside what the user sent, field by field; the user's differing values
 * marked. */
static void conflict(buf *b, const ledger_def *def, const lw_row *cur, const lw_input *in)
{
	html_printf(b, "<p class=\"alert\" role=\"alert\">保存冲突：您打开表单之后，这条记录已被别人修改并保存（现为第 %lld 版）。"
		       "您的修改没有保存，以免覆盖别人的修改。请对照下表，在下面的表单中确认或重新填写后再保存。</p>\n",
		    (long long)cur->q.version);
	html_printf(b, "<div class=\"table-wrap\"><table class=\"figures conflict\">\n<caption>两个版本</caption>\n"
		       "<thead><tr><th scope=\"col\">栏目</th><th scope=\"col\">当前保存的内容（第 %lld 版）</th>"
		       "<th scope=\"col\">您提交的内容</th></tr></thead>\n<tbody>\n",
		    (long long)cur->q.version);
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *col = &def->cols[i];
		const char *now = cur->rec.f[i], *yours = in->raw[i];
		if ((col->flags & COL_CITY) && !now && !yours)
			continue;
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", col->header);
		lw_value(b, col, now, 0);
		html_raw(b, "</td><td>");
		if (!yours) {
			html_raw(b, "<span class=\"muted\">（未提交）</span>");
		} else {
			int differs = strcmp(yours, now ? now : "") != 0 && !lw_shown_back(col, yours, now);
			html_printf(b, differs ? "<mark>%s</mark>" : "%s", *yours ? yours : "（空）");
		}
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table></div>\n");
}

void lw_form(web_req *r, buf *b, const lw_kind *k, const lw_row *cur, const lw_input *in)
{
	const ledger_def *def = ledger_get(k->kind);
	html_printf(b, "<h1>%s%s</h1>\n", cur ? "修改" : "新增", k->noun);
	if (in && in->lead)
		html_raw(b, in->lead);
	if (in && in->conflict && cur)
		conflict(b, def, cur, in);
	if (in && in->nerr) {
		html_printf(b, "<p class=\"alert\" role=\"alert\">有 %d 处需要更正，请看标红的栏目。", in->nerr);
		if (in->general)
			html_printf(b, "%s", in->general);
		html_raw(b, "</p>\n");
	}
	html_raw(b, "<form method=\"post\" class=\"stack ledger-form\" novalidate action=\"");
	if (cur)
		lw_href(b, k, &cur->q);
	else
		html_text(b, k->path);
	html_raw(b, "\">\n");
	web_csrf_field(r, b);
	if (cur)
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)cur->q.version);
	html_raw(b, "\n");
	buf shown = {0};
	int city = web_db(r) && store_region_is_city(web_db(r));
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *col = &def->cols[i];
		const char *err = in ? in->err[i] : NULL;
		if ((col->flags & COL_CITY) && !city)
			continue; /* a single district: no 所属区县 */
		if (lw_form_special(r, b, k, cur, in, (int)i) || (col->flags & COL_CLOSING))
			continue; /* closing: its own action (page_close.c) */
		if (cur && (col->flags & COL_KEY)) {
			html_printf(b, "<p><strong>%s</strong>：", col->header);
			lw_value(b, col, cur->rec.f[i], 0);
			html_raw(b, "<span class=\"hint\">（不可修改）</span></p>\n");
			continue;
		}
		const char *v = NULL;
		buf_reset(&shown);
		if (in && in->raw[i] && !(in->conflict && stale_mask(col, in->raw[i], cur ? cur->rec.f[i] : NULL))) {
			v = in->raw[i];
		} else if (cur && cur->rec.f[i]) {
			if (col->flags & COL_PERSONAL)
				ledger_mask(col, cur->rec.f[i], &shown);
			else
				buf_puts(&shown, cur->rec.f[i]);
			v = buf_cstr(&shown);
		} else if (!cur && k->kind == LEDGER_VISITS && r->user.instructor_id && (i == VI_INSTRUCTOR || i == VI_UNIT)) {
			v = i == VI_INSTRUCTOR ? r->user.instructor_name : r->user.instructor_unit; /* one's own visit */
		}
		html_printf(b, "<label for=\"f-%s\"%s>%s%s", col->key, is_long_text(col) && !ledger_ref(col) ? " class=\"wide\"" : "",
			    col->header, col->flags & COL_REQUIRED ? "（必填）" : "");
		int place = place_col(def, i);
		if (place) {
			int up = place == PLACE_COL_DISTRICT ? -1 : ledger_col_index(def, place == PLACE_COL_STREET ? "district" : "street");
			place_select(r, b, place, ledger_col_index(def, "district") < 0, v,
				     up >= 0 && in && in->raw[up] ? in->raw[up] : up >= 0 && cur ? cur->rec.f[up] : NULL, err);
		} else {
			control(b, col, v, err);
		}
		if (ledger_ref(col))
			html_printf(b, "<span class=\"hint\">%s</span>",
				    col->flags & COL_REF_ORGS ? "输入名称搜索，↑↓ 选择，回车确认"
								  : "输入企业名称或代码搜索，↑↓ 选择，回车确认；也可直接填写代码");
		const char *h = hint(col);
		if (h)
			html_printf(b, "<span class=\"hint\">%s</span>", h);
		if (err)
			html_printf(b, "<span class=\"field-error\" id=\"e-%s\">%s</span>", col->key, err);
		html_raw(b, "</label>\n");
	}
	buf_free(&shown);
	html_raw(b, "<p class=\"wide\"><button type=\"submit\">保存</button> <a href=\"");
	if (cur)
		lw_href(b, k, &cur->q);
	else
		html_text(b, k->path);
	html_raw(b, "\">取消</a></p>\n</form>\n");
	for (size_t i = 0; i < def->ncols; i++)
		if (ledger_ref(&def->cols[i])) {
			html_raw(b, "<script src=\"");
			web_asset_url(b, "picker.js");
			html_raw(b, "\" defer></script>\n");
			break;
		}
}

auth_perm lw_write_perm(const lw_kind *k)
{
	for (size_t i = 0; i < web_nroutes; i++)
		if (web_routes[i].ctx == k && web_routes[i].handler == lw_create)
			return web_routes[i].perm;
	return PERM_ADMIN;
}

void lw_new(web_req *r)
{
	const lw_kind *k = r->route->ctx;
	buf t = {0};
	buf_printf(&t, "新增%s", k->noun);
	buf *b = web_page_begin(r, buf_cstr(&t));
	buf_free(&t);
	lw_form(r, b, k, NULL, NULL);
	web_page_end(r, 200);
}

void lw_edit(web_req *r)
{
	const lw_kind *k = r->route->ctx;
	lw_row cur;
	if (!lw_open(r, k, &cur))
		return;
	buf t = {0};
	buf_printf(&t, "修改%s", k->noun);
	buf *b = web_page_begin(r, buf_cstr(&t));
	buf_free(&t);
	lw_form(r, b, k, &cur, NULL);
	web_page_end(r, 200);
	lw_row_free(&cur);
}

/* ---- history ---- */

typedef struct hist_ctx {
	buf *b;
	store *s;
	const store_filter *sc;
	const ledger_def *def;
	int n;
} hist_ctx;

typedef struct hist_list {
	store *s;
	const store_filter *sc;
	buf kept;
	int hidden;
} hist_list;

static void hist_list_item(void *ctx, const char *item, size_t len)
{
	hist_list *l = ctx;
	char u[32];
	if (len >= sizeof u)
		return;
	memcpy(u, item, len);
	u[len] = '\0';
	if (!query_visible(l->s, LEDGER_ENTERPRISES, l->sc, u)) {
		l->hidden++;
		return;
	}
	if (l->kept.len)
		buf_puts(&l->kept, "；");
	buf_puts(&l->kept, u);
}

/* A value naming enterprises (覆盖企业, 工作单位) as the reader may see it: those outside the scope
 * are counted, not named — the history of a row inside the scope must not list what lies outside. */
static void hist_scoped(buf *b, const hist_ctx *hc, const ledger_col *col, const char *v)
{
	hist_list l = {hc->s, hc->sc, {0}, 0};
	ledger_list_each(v, hist_list_item, &l);
	if (l.kept.len)
		lw_value(b, col, buf_cstr(&l.kept), 0);
	if (l.hidden)
		html_printf(b, "%s（另有 %d 家您工作范围以外的企业）", l.kept.len ? " " : "", l.hidden);
	buf_free(&l.kept);
}

static void hist_value(buf *b, const hist_ctx *hc, const char *key, json_t *v)
{
	const ledger_def *def = hc->def;
	if (!v || json_is_null(v)) {
		html_raw(b, "（空）");
		return;
	}
	int c = ledger_col_index(def, key);
	if (json_is_string(v)) {
		col_type t = c >= 0 ? def->cols[c].type : COL_TEXT;
		if ((t == COL_USCC || t == COL_USCC_LIST) && !scope_is_district(hc->sc))
			hist_scoped(b, hc, &def->cols[c], json_string_value(v));
		else if (c >= 0)
			lw_value(b, &def->cols[c], json_string_value(v), 0);
		else
			html_text(b, json_string_value(v));
		return;
	}
	char *d = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	html_text(b, d);
	free(d);
}

static int hist_row(void *ctx, const hist_entry *h)
{
	hist_ctx *hc = ctx;
	buf *b = hc->b;
	static const char *const OPS[][2] = {{"insert", "新增"}, {"update", "修改"}, {"delete", "删除"}, {"view", "查看完整信息"}};
	const char *op = h->op;
	for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
		if (strcmp(op, OPS[i][0]) == 0)
			op = OPS[i][1];
	html_printf(b, "<tr><td class=\"num\">%s</td><td>%s</td><td>%s</td><td>%s</td><td>", h->at, h->who, op,
		    h->source ? h->source : "");
	json_t *jo = h->old_json ? json_loads(h->old_json, 0, NULL) : NULL;
	json_t *jn = h->new_json ? json_loads(h->new_json, 0, NULL) : NULL;
	const char *key;
	json_t *v;
	int items = 0;
	json_object_foreach(jn, key, v)
	{
		json_t *ov = json_object_get(jo, key);
		if (!jo && json_is_null(v))
			continue; /* an insert lists what was filled in */
		if (jo && json_equal(ov, v))
			continue;
		int c = ledger_col_index(hc->def, key);
		if (items++)
			html_raw(b, "<br>");
		html_printf(b, "%s：", c >= 0 ? hc->def->cols[c].header : strcmp(key, "what") == 0 ? "说明" : key);
		if (jo) {
			hist_value(b, hc, key, ov);
			html_raw(b, " → ");
		}
		hist_value(b, hc, key, v);
	}
	json_decref(jo);
	json_decref(jn);
	html_raw(b, "</td></tr>\n");
	hc->n++;
	return 0;
}

void lw_history(buf *b, store *s, const store_filter *sc, const lw_kind *k, const char *key)
{
	html_raw(b, "<h2>变更历史</h2>\n<div class=\"table-wrap\"><table class=\"history\">\n"
		    "<thead><tr><th scope=\"col\">时间</th><th scope=\"col\">操作人</th><th scope=\"col\">操作</th>"
		    "<th scope=\"col\">来源</th><th scope=\"col\">内容</th></tr></thead>\n<tbody>\n");
	hist_ctx hc = {b, s, sc, ledger_get(k->kind), 0};
	fg_err e;
	if (store_history(s, k->tbl, key, hist_row, &hc, &e) != FG_OK)
		html_printf(b, "<tr><td colspan=\"5\">%s</td></tr>\n", e.msg);
	else if (!hc.n)
		html_raw(b, "<tr><td colspan=\"5\" class=\"muted\">暂无变更记录</td></tr>\n");
	html_raw(b, "</tbody>\n</table></div>\n");
}

/* ---- lists ---- */

int64_t lw_page_number(web_req *r)
{
	const char *p = web_query(r, "page");
	char *end;
	long long n = p ? strtoll(p, &end, 10) : 1;
	return p && (*end || n < 1 || n > 1000000) ? 1 : n;
}

query_list lw_list_query(web_req *r, int64_t *page)
{
	*page = lw_page_number(r);
	query_list q = {.today = date_today(), .limit = QUERY_PAGE_SIZE, .offset = (*page - 1) * QUERY_PAGE_SIZE};
	q.q = web_query(r, "q");
	return q;
}

static void page_link(buf *b, web_req *r, int64_t page, const char *label)
{
	html_printf(b, "<a href=\"%s?", r->path);
	for (size_t i = 0; i < r->query.n; i++) {
		const form_field *f = &r->query.f[i];
		if (strcmp(f->name, "page") == 0 || !*f->value)
			continue;
		html_url(b, f->name);
		buf_putc(b, '=');
		html_url(b, f->value);
		html_raw(b, "&amp;");
	}
	html_printf(b, "page=%lld\">%s</a>", (long long)page, label);
}

void lw_pager(buf *b, web_req *r, int64_t page, int64_t total)
{
	if (lw_list_mode_of(r) != LW_LIST_PAGE) { /* the print view lists every row */
		html_printf(b, "<p class=\"print-count\">共 %lld 条</p>\n", (long long)total);
		return;
	}
	int64_t pages = (total + QUERY_PAGE_SIZE - 1) / QUERY_PAGE_SIZE;
	html_printf(b, "<nav class=\"pager\" aria-label=\"分页\"><span>共 %lld 条", (long long)total);
	if (pages > 1)
		html_printf(b, " · 第 %lld / %lld 页", (long long)page, (long long)pages);
	html_raw(b, "</span>");
	if (page > 1) {
		page_link(b, r, 1, "首页");
		page_link(b, r, page - 1, "上一页");
	}
	if (page < pages) {
		page_link(b, r, page + 1, "下一页");
		page_link(b, r, pages, "末页");
	}
	html_raw(b, "</nav>\n");
}

void lw_list_table(web_req *r, buf *b, store *s, ledger_kind kind, const store_filter *sc, const query_list *q,
		   int ncols, const char *none, query_fn fn, void *ctx, int64_t page)
{
	int64_t total = 0;
	fg_err e;
	if (query_list_rows(s, kind, sc, q, &total, fn, ctx, &e) != FG_OK)
		html_printf(b, "<tr><td colspan=\"%d\">%s</td></tr>\n", ncols, e.msg);
	else if (!total)
		html_printf(b, "<tr><td colspan=\"%d\" class=\"muted\">%s</td></tr>\n", ncols, none);
	html_raw(b, "</tbody>\n</table></div>\n");
	lw_pager(b, r, page, total);
	web_page_end(r, 200);
}

void lw_select(buf *b, const char *name, const char *label, const char *current, const char *const *values,
	       const char *const *labels, size_t n)
{
	html_printf(b, "<label>%s<select name=\"%s\"><option value=\"\">全部</option>", label, name);
	for (size_t i = 0; i < n; i++)
		html_printf(b, "<option value=\"%s\"%s>%s</option>", values[i],
			    current && strcmp(current, values[i]) == 0 ? " selected" : "", labels ? labels[i] : values[i]);
	html_raw(b, "</select></label>\n");
}

void lw_more_filters(buf *b, web_req *r)
{
	int open = 0;
	for (size_t i = 0; i < r->query.n; i++)
		open |= *r->query.f[i].value && strcmp(r->query.f[i].name, "q") != 0 && strcmp(r->query.f[i].name, "page") != 0;
	html_printf(b, "<details%s><summary>更多筛选条件</summary>\n", open ? " open" : "");
}

int64_t lw_id_param(web_req *r, const char *name)
{
	const char *v = web_query(r, name);
	if (!v || !*v)
		return 0;
	char *end;
	long long n = strtoll(v, &end, 10);
	return *end || n < 1 ? 0 : n;
}

/* Options collected from a store callback: values (ids as text) and labels. */
typedef struct opts {
	char **v, **l;
	size_t n;
	int64_t *parent;
} opts;

static void opts_add(opts *o, int64_t id, int64_t parent, const char *label)
{
	o->v = xrealloc(o->v, (o->n + 1) * sizeof *o->v);
	o->l = xrealloc(o->l, (o->n + 1) * sizeof *o->l);
	o->parent = xrealloc(o->parent, (o->n + 1) * sizeof *o->parent);
	buf t = {0};
	buf_printf(&t, "%lld", (long long)id);
	o->v[o->n] = buf_detach(&t);
	o->l[o->n] = xstrdup(label);
	o->parent[o->n++] = parent;
}

static void opts_free(opts *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i]);
		free(o->l[i]);
	}
	free(o->v);
	free(o->l);
	free(o->parent);
}

/* The streets, communities and zones a scope may pick from, and the filters' HTML with nothing
 * chosen (the page most asked for; at city scale ≈ 100 kB of 950 communities and 500 zones): kept
 * per scope while the data is unchanged (web/cache.h), so that a list page neither collects nor
 * escapes them again. */
typedef struct region_opts {
	opts districts, streets, comms, zones;
	char *html;      /* the street and community selects, nothing chosen */
	char *zone_html; /* the zone select, nothing chosen ("" when no zones) */
} region_opts;

static int add_region(void *ctx, int64_t id, int64_t parent, const char *level, const char *name)
{
	region_opts *ro = ctx;
	if (strcmp(level, "district") == 0) {
		opts_add(&ro->districts, id, parent, name);
		return 0;
	}
	if (strcmp(level, "street") == 0) {
		opts_add(&ro->streets, id, parent, name);
		return 0;
	}
	const char *street = NULL;
	char pid[24];
	snprintf(pid, sizeof pid, "%lld", (long long)parent);
	for (size_t i = 0; i < ro->streets.n && !street; i++)
		if (strcmp(ro->streets.v[i], pid) == 0)
			street = ro->streets.l[i];
	buf t = {0};
	buf_printf(&t, "%s%s%s", street ? street : "", street ? "/" : "", name);
	opts_add(&ro->comms, id, parent, buf_cstr(&t));
	buf_free(&t);
	return 0;
}

/* The option for a ?street= or ?community= value: its id, or its name ("街道/社区" or a community's
 * own name when no other has it). -1 when none matches (the list is then empty), 0 for no value. */
static int64_t region_pick(const opts *o, const char *v, const char **current)
{
	if (!v || !*v)
		return 0;
	int64_t hit = -1;
	int n = 0;
	for (size_t i = 0; i < o->n; i++) {
		if (strcmp(v, o->v[i]) == 0 || strcmp(v, o->l[i]) == 0) {
			*current = o->v[i];
			return strtoll(o->v[i], NULL, 10);
		}
		const char *slash = strrchr(o->l[i], '/');
		if (slash && strcmp(v, slash + 1) == 0 && n++ == 0) {
			hit = strtoll(o->v[i], NULL, 10);
			*current = o->v[i];
		}
	}
	if (n > 1) {
		*current = NULL;
		return -1;
	}
	return hit;
}

/* The district (in a city), street and community selects of ro: district and street chosen (0 none;
 * a city's lists cascade 区县 → 街道 → 社区, so only the chosen one's streets and communities), the
 * values selected (NULL none). */
static void region_html(buf *b, const region_opts *ro, int64_t district, const char *cur_district, int64_t street,
			const char *cur_street, const char *cur_comm)
{
	if (ro->districts.n > 1) {
		html_raw(b, "<label>区县<select name=\"district\" id=\"flt-district\"><option value=\"\">全部</option>");
		for (size_t i = 0; i < ro->districts.n; i++)
			html_printf(b, "<option value=\"%s\"%s>%s</option>", ro->districts.v[i],
				    cur_district && strcmp(cur_district, ro->districts.v[i]) == 0 ? " selected" : "",
				    ro->districts.l[i]);
		html_raw(b, "</select></label>\n");
	}
	if (ro->streets.n > 1) {
		html_raw(b, "<label>街道<select name=\"street\" id=\"flt-street\"><option value=\"\">全部</option>");
		for (size_t i = 0; i < ro->streets.n; i++)
			if (district <= 0 || ro->streets.parent[i] == district)
				html_printf(b, "<option value=\"%s\"%s>%s</option>", ro->streets.v[i],
					    cur_street && strcmp(cur_street, ro->streets.v[i]) == 0 ? " selected" : "",
					    ro->streets.l[i]);
		html_raw(b, "</select></label>\n");
	}
	if (ro->comms.n > 1) {
		/* The communities follow the street: once a street is chosen (the filter applied), only its
		 * own are listed; places.js narrows the groups at once where scripts run. */
		html_raw(b, "<label>社区<select name=\"community\"");
		if (ro->streets.n > 1)
			html_raw(b, " data-street=\"flt-street\"");
		html_raw(b, "><option value=\"\">全部</option>");
		for (size_t g = 0; g < ro->streets.n; g++) {
			int64_t sid = strtoll(ro->streets.v[g], NULL, 10);
			if ((street > 0 && sid != street) || (district > 0 && ro->streets.parent[g] != district))
				continue;
			html_printf(b, "<optgroup label=\"%s\" data-value=\"%s\">", ro->streets.l[g], ro->streets.v[g]);
			for (size_t i = 0; i < ro->comms.n; i++) {
				if (ro->comms.parent[i] != sid)
					continue;
				const char *slash = strrchr(ro->comms.l[i], '/');
				html_printf(b, "<option value=\"%s\"%s>%s</option>", ro->comms.v[i],
					    cur_comm && strcmp(cur_comm, ro->comms.v[i]) == 0 ? " selected" : "",
					    slash ? slash + 1 : ro->comms.l[i]);
			}
			html_raw(b, "</optgroup>");
		}
		if (!ro->streets.n) /* a community's user: its own community, no street above it */
			for (size_t i = 0; i < ro->comms.n; i++)
				html_printf(b, "<option value=\"%s\"%s>%s</option>", ro->comms.v[i],
					    cur_comm && strcmp(cur_comm, ro->comms.v[i]) == 0 ? " selected" : "", ro->comms.l[i]);
		html_raw(b, "</select></label>\n");
		html_raw(b, "<script src=\"");
		web_asset_url(b, "places.js");
		html_raw(b, "\" defer></script>\n");
	}
}

static int add_zone(void *ctx, int64_t id, const char *name, const char *kind)
{
	buf t = {0};
	buf_printf(&t, "%s（%s）", name, kind);
	opts_add(ctx, id, 0, buf_cstr(&t));
	buf_free(&t);
	return 0;
}

static void regions_free(void *value)
{
	region_opts *ro = value;
	opts_free(&ro->districts);
	opts_free(&ro->streets);
	opts_free(&ro->comms);
	opts_free(&ro->zones);
	free(ro->html);
	free(ro->zone_html);
	free(ro);
}

/* key: the scope as "region/organisation" (places.h query_regions reads these two). */
static int regions_compute(store *s, const char *key, int as_of, int variant, void **value, fg_err *e)
{
	(void)as_of;
	(void)variant;
	long long region = 0, org = 0;
	store_filter sc = {0};
	if (sscanf(key, "%lld/%lld", &region, &org) == 2) {
		sc.region_id = region;
		sc.org_id = org;
	}
	region_opts *ro = xmalloc(sizeof *ro);
	memset(ro, 0, sizeof *ro);
	int rc = query_regions(s, &sc, add_region, ro, e);
	if (!rc)
		rc = query_zones(s, &sc, add_zone, &ro->zones, e);
	if (rc) {
		regions_free(ro);
		return rc;
	}
	buf h = {0};
	region_html(&h, ro, 0, NULL, 0, NULL, NULL);
	ro->html = buf_detach(&h);
	if (ro->zones.n)
		lw_select(&h, "zone", "区域", NULL, (const char *const *)ro->zones.v, (const char *const *)ro->zones.l,
			  ro->zones.n);
	ro->zone_html = buf_detach(&h);
	*value = ro;
	return FG_OK;
}

static const cache_kind REGIONS = {regions_compute, regions_free};

/* The kept places of the scope sc: held until cache_release(*ref); NULL on an error. */
static const region_opts *places_of(store *s, const store_filter *sc, cache_ref **ref)
{
	char key[48];
	snprintf(key, sizeof key, "%lld/%lld", (long long)sc->region_id, (long long)sc->org_id);
	const void *v = NULL;
	fg_err e;
	int rc = store_read_begin(s, &e);
	if (!rc) {
		rc = cache_get(s, &REGIONS, key, 0, 0, &v, ref, &e);
		store_read_end(s);
	}
	return rc ? NULL : v;
}

void lw_region_filter(buf *b, web_req *r, store *s, const store_filter *sc, query_list *q)
{
	cache_ref *ref = NULL;
	const region_opts *ro = places_of(s, sc, &ref);
	if (!ro) { /* no places to pick from: a place asked for matches nothing */
		const char *di = web_query(r, "district"), *st = web_query(r, "street"), *cm = web_query(r, "community");
		if ((di && *di) || (st && *st) || (cm && *cm))
			q->region_id = -1;
		return;
	}
	const char *cur_district = NULL, *cur_street = NULL, *cur_comm = NULL;
	int64_t district = region_pick(&ro->districts, web_query(r, "district"), &cur_district);
	int64_t street = region_pick(&ro->streets, web_query(r, "street"), &cur_street);
	int64_t comm = region_pick(&ro->comms, web_query(r, "community"), &cur_comm);
	q->region_id = comm ? comm : street ? street : district;
	if (!district && !street && !comm)
		html_raw(b, ro->html);
	else
		region_html(b, ro, district, cur_district, street, cur_street, cur_comm);
	cache_release(ref);
}

void lw_zone_filter(buf *b, web_req *r, store *s, const store_filter *sc, query_list *q)
{
	q->zone_id = lw_id_param(r, "zone");
	cache_ref *ref = NULL;
	const region_opts *ro = places_of(s, sc, &ref);
	if (!ro)
		return;
	const char *cur = web_query(r, "zone");
	if (!cur || !*cur)
		html_raw(b, ro->zone_html);
	else if (ro->zones.n)
		lw_select(b, "zone", "区域", cur, (const char *const *)ro->zones.v, (const char *const *)ro->zones.l,
			  ro->zones.n);
	cache_release(ref);
}

typedef struct links_ctx {
	buf *b;
	query_link_kind k;
	int n;
} links_ctx;

static int link_row(void *ctx, const query_link *l)
{
	links_ctx *c = ctx;
	buf *b = c->b;
	static const char *const PATH[] = {"/orgs/", "/instructors/", "/enterprises/", "/enterprises/"};
	html_printf(b, "<tr><td><a href=\"%s", PATH[c->k]);
	if (c->k == LINK_ORG_ENTS || c->k == LINK_INSTR_ENTS)
		html_url(b, l->key);
	else
		html_printf(b, "%lld", (long long)l->id);
	html_printf(b, "\">%s</a></td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n", l->name,
		    l->detail ? l->detail : "", l->start ? l->start : "", l->end ? l->end : "至今");
	c->n++;
	return 0;
}

void lw_links(buf *b, store *s, const store_filter *sc, query_link_kind k, int64_t id, const char *caption)
{
	static const char *const HEAD[][2] = {{"党组织", "组建方式"}, {"党建指导员", "派出单位"},
					      {"企业", "所属社区"}, {"企业", "所属社区"}};
	html_printf(b, "<div class=\"table-wrap\"><table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">开始</th><th scope=\"col\">结束</th></tr></thead>\n<tbody>\n",
		    caption, HEAD[k][0], HEAD[k][1]);
	links_ctx c = {b, k, 0};
	int hidden = 0;
	fg_err e;
	if (query_links(s, k, sc, id, &hidden, link_row, &c, &e) != FG_OK)
		html_printf(b, "<tr><td colspan=\"4\">%s</td></tr>\n", e.msg);
	else if (!c.n)
		html_raw(b, "<tr><td colspan=\"4\" class=\"muted\">无</td></tr>\n");
	html_raw(b, "</tbody>\n</table></div>\n");
	if (hidden)
		html_raw(b, "<p class=\"hint\">另有不在您工作范围内的企业，未列出。</p>\n");
}

/* ---- JSON ---- */

static void add_item(void *ctx, const char *item, size_t len)
{
	json_array_append_new(ctx, json_stringn(item, len));
}

json_t *lw_item(const query_row *row, int unmasked)
{
	const ledger_def *def = ledger_get(row->kind);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(row->id));
	buf m = {0};
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *col = &def->cols[i];
		const char *v = row->rec->f[i];
		json_t *j;
		if (!v && (col->flags & COL_CITY)) {
			continue; /* 所属区县 only where there is one */
		} else if (!v) {
			j = json_null();
		} else if (col->type == COL_INT) {
			j = json_integer(strtoll(v, NULL, 10));
		} else if (col->type == COL_NUM || col->type == COL_HOURS) {
			j = json_real(strtod(v, NULL));
		} else if (col->type == COL_BOOL) {
			j = json_boolean(strcmp(v, "是") == 0);
		} else if (col->type == COL_USCC_LIST || col->type == COL_IDNO_LIST || col->type == COL_ABSENT_LIST ||
			   col->type == COL_ENUM_LIST) {
			/* Canonical lists are joined by "；" alone (a reason may hold "、"); ledger_mask keeps
			 * the separators, so the masked items split like the value. */
			buf_reset(&m);
			if ((col->flags & COL_PERSONAL) && !unmasked)
				ledger_mask(col, v, &m);
			else
				buf_puts(&m, v);
			j = json_array();
			for (const char *p = buf_cstr(&m), *q; *p; p = q + (*q ? strlen("；") : 0)) {
				q = strstr(p, "；");
				if (!q)
					q = p + strlen(p);
				add_item(j, p, (size_t)(q - p));
			}
		} else if ((col->flags & COL_PERSONAL) && !unmasked) {
			buf_reset(&m);
			ledger_mask(col, v, &m);
			j = json_string(buf_cstr(&m));
		} else {
			j = json_string(v);
		}
		json_object_set_new(o, col->key, j);
	}
	buf_free(&m);
	switch (row->kind) {
	case LEDGER_ENTERPRISES:
		json_object_set_new(o, "coverage", json_string(rules_cov_name((cov_state)row->cov)));
		json_object_set_new(o, "complete", json_boolean(row->complete));
		break;
	case LEDGER_ORGS:
		json_object_set_new(o, "parent_id", row->parent_id ? json_integer(row->parent_id) : json_null());
		json_object_set_new(o, "members", json_integer(row->members));
		break;
	case LEDGER_MEMBERS:
		json_object_set_new(o, "employer_id", row->employer_id ? json_integer(row->employer_id) : json_null());
		json_object_set_new(o, "employer_name", row->employer_name ? json_string(row->employer_name) : json_null());
		json_object_set_new(o, "org_id", row->org_id ? json_integer(row->org_id) : json_null());
		break;
	default:
		break;
	}
	return o;
}

int lw_unmasked(web_req *r, ledger_kind kind)
{
	const char *u = web_query(r, "unmasked");
	if (!u || (strcmp(u, "1") != 0 && strcmp(u, "true") != 0))
		return 0;
	const ledger_def *def = ledger_get(kind);
	int personal = 0;
	for (size_t i = 0; i < def->ncols; i++)
		personal |= (def->cols[i].flags & COL_PERSONAL) != 0;
	if (!personal)
		return 0; /* nothing to unmask, nothing to log */
	if (!auth_can(&r->user, PERM_EXPORT)) {
		web_error(r, 403, "查看完整的身份证号和电话需要“导出台账及查看完整个人信息”的权限");
		return -1;
	}
	return 1;
}

int lw_log_views(web_req *r, store *s, const char *tbl, const char *const *keys, size_t n)
{
	fg_err e;
	int rc = store_begin(s, web_who(r), "web", &e);
	for (size_t i = 0; i < n && !rc; i++)
		rc = store_log(s, tbl, keys[i], "view", "{\"what\":\"查看未脱敏的身份证号和联系电话\"}", &e);
	if (!rc)
		rc = store_commit(s, &e);
	if (rc) {
		store_rollback(s);
		web_error(r, 500, e.msg);
	}
	return rc;
}

void lw_ref_filters(web_req *r, store *s, const store_filter *sc, query_list *q)
{
	const char *org = web_query(r, "org"), *emp = web_query(r, "employer");
	if (org && *org) {
		char *end;
		long long n = strtoll(org, &end, 10);
		q->org_id = !*end && n > 0 ? n : query_visible(s, LEDGER_ORGS, sc, org);
		if (!q->org_id)
			q->org_id = -1; /* matches no row: an empty list */
	}
	if (emp && *emp) {
		char norm[64];
		ident_normalize_key(emp, norm, sizeof norm);
		q->employer_id = query_visible(s, LEDGER_ENTERPRISES, sc, norm);
		if (!q->employer_id)
			q->employer_id = -1;
	}
}

void lw_etag(web_req *r, const query_row *row)
{
	char tag[32];
	snprintf(tag, sizeof tag, "\"v%lld\"", (long long)row->version);
	web_header(r, "ETag", tag);
}

void lw_api_get(web_req *r)
{
	const lw_kind *k = r->route->ctx;
	store *s = web_db(r);
	if (!s)
		return;
	int unmasked = lw_unmasked(r, k->kind);
	if (unmasked < 0)
		return;
	lw_row row;
	if (lw_load(r, s, k, &row) > 0) {
		buf key = {0};
		lw_key(&row.q, &key);
		const char *keys[1] = {buf_cstr(&key)};
		if (!unmasked || lw_log_views(r, s, k->tbl, keys, 1) == FG_OK) {
			lw_etag(r, &row.q);
			web_json(r, 200, lw_item(&row.q, unmasked));
		}
		buf_free(&key);
	}
	lw_row_free(&row);
}
