/* The history (administrators): every change to the ledgers, settings and accounts, and every
 * logged view, newest first, filtered by table, key and user, fifty a page. One function turns a
 * history row into a JSON object with personal data masked (members' ID numbers — also when they
 * are the key — and phones); the page and GET /api/v1/history both show exactly that object. */
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "core/ledger.h"
#include "store/history_query.h"
#include "web/pages.h"

#define PAGE_ROWS 50

/* What the history holds besides the ledgers' records (each ledger names its own: ledger_def's
 * record and title). */
static const struct {
	const char *tbl, *label;
} OTHERS[] = {
	{"region", "街道/社区"}, {"zone", "区域"},	{"setting", "设置"},	   {"app_user", "用户账户"},
	{"session", "登录"},	  {"export", "导出"},	{"check", "检查"},	   {"crossmatch", "名册比对"},
	{"finding", "检查发现整改"},
	{"database", "数据库"},
};
#define NTABLES (LEDGER_NKINDS + sizeof OTHERS / sizeof OTHERS[0])

static const char *table_name(size_t i)
{
	return i < LEDGER_NKINDS ? ledger_get((ledger_kind)i)->record : OTHERS[i - LEDGER_NKINDS].tbl;
}

static const char *table_label(size_t i)
{
	return i < LEDGER_NKINDS ? ledger_get((ledger_kind)i)->title : OTHERS[i - LEDGER_NKINDS].label;
}

static int table_index(const char *tbl)
{
	for (size_t i = 0; tbl && i < NTABLES; i++)
		if (strcmp(table_name(i), tbl) == 0)
			return (int)i;
	return -1;
}

static const ledger_def *table_def(const char *tbl)
{
	int t = table_index(tbl);
	return t >= 0 && t < LEDGER_NKINDS ? ledger_get((ledger_kind)t) : NULL;
}

/* The operation as a reader says it: a login is no 新增, an export no 查看. */
static const char *op_label(const char *tbl, const char *op)
{
	static const struct {
		const char *tbl, *op, *label;
	} OPS[] = {{"session", "insert", "登录"}, {"session", "delete", "退出"}, {"export", "view", "导出"},
		   {NULL, "insert", "新增"},	   {NULL, "update", "修改"},	  {NULL, "delete", "删除"},
		   {NULL, "view", "查看"}};
	for (size_t k = 0; op && k < sizeof OPS / sizeof OPS[0]; k++)
		if (strcmp(op, OPS[k].op) == 0 && (!OPS[k].tbl || (tbl && strcmp(tbl, OPS[k].tbl) == 0)))
			return OPS[k].label;
	return op ? op : "";
}

/* v masked when column key of def holds personal data; a new reference. */
static json_t *mask_value(const ledger_def *def, const char *key, json_t *v)
{
	int c = def ? ledger_col_index(def, key) : -1;
	if (c < 0 || !(def->cols[c].flags & COL_PERSONAL) || !json_is_string(v))
		return json_incref(v);
	buf m = {0};
	ledger_mask(&def->cols[c], json_string_value(v), &m);
	json_t *out = json_string(buf_cstr(&m));
	buf_free(&m);
	return out;
}

/* A stored JSON text (old/new) as an object with personal fields masked; JSON null when absent. */
static json_t *masked_object(const ledger_def *def, const char *text)
{
	json_t *o = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
	if (!o)
		return json_null();
	if (!json_is_object(o))
		return o;
	json_t *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		json_object_set_new(out, k, mask_value(def, k, v));
	}
	json_decref(o);
	return out;
}

/* The history row as shown to anyone: its key and values with personal data masked. */
static json_t *entry_json(int64_t id, const hist_entry *h)
{
	const ledger_def *def = table_def(h->tbl);
	buf mk = {0};
	ledger_key_mask(h->key ? h->key : "", &mk);
	json_t *key = json_string(buf_cstr(&mk));
	buf_free(&mk);
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:s?}", "id", (json_int_t)id, "at", h->at ? h->at : "",
			 "who", h->who ? h->who : "", "tbl", h->tbl ? h->tbl : "", "key", key, "op", h->op ? h->op : "",
			 "old", masked_object(def, h->old_json), "new", masked_object(def, h->new_json), "source", h->source);
}

/* The filters of the request; the key of an enterprise or member normalised as the ledger
 * writes it (so that "91330106ma2000342t" finds 91330106MA2000342T). */
typedef struct filt {
	hist_query q;
	char key[256];
	int64_t page;
} filt;

static int read_filters(web_req *r, filt *f, int api)
{
	memset(f, 0, sizeof *f);
	f->q.tbl = web_query(r, "tbl");
	f->q.who = web_query(r, "who");
	/* The page leaves out logins and logouts unless asked; the API only when asked (logins=0). */
	const char *logins = web_query(r, "logins");
	f->q.no_logins = api ? logins && strcmp(logins, "0") == 0 : !(logins && strcmp(logins, "1") == 0);
	const char *key = web_query(r, "key");
	if (key && *key) {
		if (f->q.tbl && (strcmp(f->q.tbl, "enterprise") == 0 || strcmp(f->q.tbl, "member") == 0))
			ident_normalize_key(key, f->key, sizeof f->key);
		else
			snprintf(f->key, sizeof f->key, "%s", key);
		f->q.key = f->key;
	}
	const char *names[2] = {api ? "offset" : "page", api ? "limit" : NULL};
	int64_t vals[2] = {api ? 0 : 1, api ? PAGE_ROWS : PAGE_ROWS};
	for (int i = 0; i < 2; i++) {
		const char *v = names[i] ? web_query(r, names[i]) : NULL;
		if (!v || !*v)
			continue;
		char *end;
		long long n = strtoll(v, &end, 10);
		if (*end || n < (i == 0 && !api ? 1 : 0) || n > 100000000) {
			web_error(r, 400, "page、offset、limit 应为非负整数");
			return -1;
		}
		vals[i] = n;
	}
	if (api) {
		f->q.offset = vals[0];
		f->q.limit = vals[1] < 1 ? 1 : vals[1] > 1000 ? 1000 : vals[1];
	} else {
		f->page = vals[0];
		f->q.offset = (vals[0] - 1) * PAGE_ROWS;
		f->q.limit = PAGE_ROWS;
	}
	return 0;
}

static int collect(void *ctx, int64_t id, const hist_entry *h)
{
	json_array_append_new(ctx, entry_json(id, h));
	return 0;
}

/* The matching rows as a JSON array (masked) and their total: 0, or -1 with the response set. */
static int query(web_req *r, const filt *f, json_t **items, int64_t *total)
{
	store *s = web_db(r);
	if (!s)
		return -1;
	*items = json_array();
	fg_err e;
	if (store_history_page(s, &f->q, total, collect, *items, &e)) {
		json_decref(*items);
		web_error(r, 500, e.msg);
		return -1;
	}
	return 0;
}

/* GET /api/v1/history?tbl=&key=&who=&offset=&limit= */
void api_history(web_req *r)
{
	filt f;
	json_t *items;
	int64_t total;
	if (read_filters(r, &f, 1) || query(r, &f, &items, &total))
		return;
	web_json(r, 200, json_pack("{s:I, s:o}", "total", (json_int_t)total, "items", items));
}

static void put_value(buf *b, json_t *v)
{
	if (!v || json_is_null(v)) {
		html_raw(b, "<span class=\"muted\">（空）</span>");
	} else if (json_is_string(v)) {
		html_text(b, json_string_value(v));
	} else {
		char *d = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		html_text(b, d);
		free(d);
	}
}

static void put_changes(buf *b, json_t *item)
{
	const ledger_def *def = table_def(json_string_value(json_object_get(item, "tbl")));
	json_t *old = json_object_get(item, "old"), *new = json_object_get(item, "new");
	int has_old = json_is_object(old);
	const char *k;
	json_t *v;
	html_raw(b, "<div class=\"changes\">");
	json_object_foreach(new, k, v)
	{
		if (!has_old && json_is_null(v))
			continue; /* an insert lists what was filled in */
		int c = def ? ledger_col_index(def, k) : -1;
		html_printf(b, "<div>%s：", c >= 0 ? def->cols[c].header : k);
		if (has_old) {
			put_value(b, json_object_get(old, k));
			html_raw(b, " → ");
		}
		put_value(b, v);
		html_raw(b, "</div>");
	}
	html_raw(b, "</div>");
}

static void page_link(buf *b, const filt *f, int64_t page, const char *label)
{
	html_raw(b, "<a href=\"/history?page=");
	html_printf(b, "%lld", (long long)page);
	const char *names[] = {"tbl", "key", "who", "logins"};
	const char *vals[] = {f->q.tbl, f->q.key, f->q.who, f->q.no_logins ? NULL : "1"};
	for (int i = 0; i < 4; i++)
		if (vals[i] && *vals[i]) {
			html_printf(b, "&amp;%s=", names[i]);
			html_url(b, vals[i]);
		}
	html_printf(b, "\">%s</a>", label);
}

/* GET /history?tbl=&key=&who=&page= */
void page_history(web_req *r)
{
	filt f;
	json_t *items;
	int64_t total;
	if (read_filters(r, &f, 0) || query(r, &f, &items, &total))
		return;
	buf *b = web_page_begin(r, "变更历史");
	html_raw(b, "<h1>变更历史</h1>\n<form method=\"get\" action=\"/history\" class=\"pager filters\">\n"
		    "<label>对象 <select name=\"tbl\"><option value=\"\">全部</option>");
	for (size_t i = 0; i < NTABLES; i++)
		html_printf(b, "<option value=\"%s\"%s>%s</option>", table_name(i),
			    f.q.tbl && strcmp(f.q.tbl, table_name(i)) == 0 ? " selected" : "", table_label(i));
	html_printf(b, "</select></label>\n<label>标识 <input name=\"key\" value=\"%s\" placeholder=\"信用代码、组织名称、身份证号…\"></label>\n"
		       "<label>操作人 <input name=\"who\" value=\"%s\" placeholder=\"用户名\"></label>\n"
		       "<label class=\"check\"><input type=\"checkbox\" name=\"logins\" value=\"1\"%s> 包括登录、退出</label>\n"
		       "<button type=\"submit\">筛选</button>\n</form>\n",
		    f.q.key ? f.q.key : "", f.q.who ? f.q.who : "", f.q.no_logins ? "" : " checked");
	int64_t pages = (total + PAGE_ROWS - 1) / PAGE_ROWS;
	html_printf(b, "<p class=\"lead\">共 %lld 条，第 %lld / %lld 页。身份证号、电话已脱敏。</p>\n", (long long)total,
		    (long long)f.page, (long long)(pages ? pages : 1));
	html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">时间</th><th scope=\"col\">操作人</th>"
		    "<th scope=\"col\">对象</th><th scope=\"col\">操作</th><th scope=\"col\">内容</th><th scope=\"col\">来源</th>"
		    "</tr></thead>\n<tbody>\n");
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *tbl = json_string_value(json_object_get(it, "tbl"));
		const char *op = json_string_value(json_object_get(it, "op"));
		int t = table_index(tbl);
		html_printf(b, "<tr><td class=\"when\">%s</td><td>%s</td><td>%s：%s</td><td>%s</td><td>",
			    json_string_value(json_object_get(it, "at")), json_string_value(json_object_get(it, "who")),
			    t >= 0 ? table_label((size_t)t) : tbl, json_string_value(json_object_get(it, "key")),
			    op_label(tbl, op));
		put_changes(b, it);
		html_printf(b, "</td><td>%s</td></tr>\n", json_string_value(json_object_get(it, "source")));
	}
	if (!json_array_size(items))
		html_raw(b, "<tr><td colspan=\"6\" class=\"muted\">没有符合条件的记录</td></tr>\n");
	html_raw(b, "</tbody>\n</table></div>\n<nav class=\"pager\" aria-label=\"分页\">");
	if (f.page > 1)
		page_link(b, &f, f.page - 1, "上一页");
	if (f.page < pages)
		page_link(b, &f, f.page + 1, "下一页");
	html_raw(b, "</nav>\n");
	json_decref(items);
	web_page_end(r, 200);
}
