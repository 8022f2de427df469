/* The ledgers' shared write path: the user's scope, loading a row, reading a row from a form or a
 * JSON body, validating it exactly as the importer does, and writing it with its history. See
 * page_ledger.h. */
#include "web/page_ledger.h"

#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "store/scope.h"
#include "util/date.h"

store_filter lw_scope(const web_req *r)
{
	return auth_scope(&r->user);
}

int lw_district(const store_filter *sc)
{
	return sc->org_id == 0 && (sc->region_id == 0 || sc->region_id == 1);
}

/* ---- rows ---- */

void lw_row_free(lw_row *row)
{
	buf_free(&row->b);
	memset(row, 0, sizeof *row);
}

void lw_row_copy(lw_row *out, const query_row *in)
{
	const ledger_def *def = ledger_get(in->kind);
	long off[LEDGER_MAXCOLS + 1];
	buf_reset(&out->b);
	for (size_t i = 0; i <= def->ncols; i++) {
		const char *v = i < def->ncols ? in->rec->f[i] : in->employer_name;
		off[i] = v ? (long)out->b.len : -1;
		if (v)
			buf_add(&out->b, v, strlen(v) + 1);
	}
	out->q = *in;
	memset(&out->rec, 0, sizeof out->rec);
	for (size_t i = 0; i < def->ncols; i++)
		out->rec.f[i] = off[i] < 0 ? NULL : out->b.p + off[i];
	out->q.employer_name = off[def->ncols] < 0 ? NULL : out->b.p + off[def->ncols];
	out->q.rec = &out->rec;
}

int lw_row_take(void *ctx, const query_row *row)
{
	lw_row_copy(ctx, row);
	return 0;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int lw_load(web_req *r, store *s, const lw_kind *k, lw_row *row)
{
	memset(row, 0, sizeof *row);
	const char *p = web_param(r, "uscc");
	if (!p)
		p = web_param(r, "id");
	if (!p)
		p = web_param(r, "org");
	int64_t id = 0;
	const char *key = NULL;
	char norm[64];
	if (p && k->kind == LEDGER_ENTERPRISES) {
		ident_normalize_key(p, norm, sizeof norm);
		key = norm;
	} else if (p && all_digits(p) && strlen(p) < 16) {
		id = strtoll(p, NULL, 10);
	} else if (p && k->kind == LEDGER_ORGS) {
		key = p;
	}
	store_filter sc = lw_scope(r);
	fg_err e;
	int found = id || key ? query_get(s, k->kind, &sc, id, key, date_today(), lw_row_take, row, &e) : 0;
	if (found < 0)
		web_error(r, 500, e.msg);
	else if (!found)
		web_error(r, 404, "没有找到，或不在您的工作范围内");
	return found;
}

store *lw_open(web_req *r, const lw_kind *k, lw_row *row)
{
	memset(row, 0, sizeof *row);
	store *s = web_db(r);
	if (s && lw_load(r, s, k, row) > 0)
		return s;
	lw_row_free(row);
	return NULL;
}

/* ---- input ---- */

void lw_input_free(lw_input *in)
{
	for (size_t i = 0; i < LEDGER_MAXCOLS; i++) {
		free(in->raw[i]);
		free(in->err[i]);
		buf_free(&in->val[i]);
	}
	free(in->general);
	memset(in, 0, sizeof *in);
}

void lw_fail(lw_input *in, int col, const char *fmt, ...)
{
	char **slot = col >= 0 && (size_t)col < in->def->ncols ? &in->err[col] : &in->general;
	if (*slot)
		return;
	buf m = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	*slot = buf_detach(&m);
	in->nerr++;
}

void lw_set(lw_input *in, int col, const char *v)
{
	if (!v) {
		in->rec.f[col] = NULL;
		return;
	}
	buf tmp = {0};
	buf_puts(&tmp, v); /* v may point into val[col] itself */
	buf_free(&in->val[col]);
	in->val[col] = tmp;
	in->rec.f[col] = buf_cstr(&in->val[col]);
}

int lw_changed(const lw_input *in, const lw_row *cur, int col)
{
	return !cur || !str_same(in->rec.f[col], cur->rec.f[col]);
}

static void input_form(lw_input *in, web_req *r)
{
	for (size_t i = 0; i < in->def->ncols; i++) {
		const char *v = web_field(r, in->def->cols[i].key);
		in->raw[i] = v ? xstrdup(v) : NULL;
	}
}

int lw_shown_back(const ledger_col *col, const char *raw, const char *cur)
{
	if (!cur || !(col->flags & COL_PERSONAL) || !strchr(raw, '*'))
		return 0;
	buf m = {0};
	ledger_mask(col, cur, &m);
	int back = strcmp(raw, buf_cstr(&m)) == 0;
	buf_free(&m);
	return back;
}

/* A JSON value as the text a spreadsheet cell would hold. */
static void input_json(lw_input *in, json_t *obj)
{
	for (size_t i = 0; i < in->def->ncols; i++) {
		const ledger_col *col = &in->def->cols[i];
		json_t *v = json_object_get(obj, col->key);
		buf t = {0};
		if (!v)
			continue;
		if (json_is_string(v)) {
			buf_puts(&t, json_string_value(v));
		} else if (json_is_integer(v)) {
			buf_printf(&t, "%lld", (long long)json_integer_value(v));
		} else if (json_is_real(v)) {
			buf_printf(&t, "%.15g", json_real_value(v));
		} else if (json_is_boolean(v)) {
			buf_puts(&t, json_is_true(v) ? "是" : "否");
		} else if (json_is_array(v) && (col->type == COL_USCC_LIST || col->type == COL_IDNO_LIST ||
						col->type == COL_ABSENT_LIST || col->type == COL_ENUM_LIST)) {
			size_t j;
			json_t *item;
			json_array_foreach(v, j, item)
			{
				if (!json_is_string(item)) {
					lw_fail(in, (int)i, "应为字符串数组");
					break;
				}
				buf_printf(&t, "%s%s", j ? "；" : "", json_string_value(item));
			}
		} else if (!json_is_null(v)) {
			lw_fail(in, (int)i, "应为文本、数字或 true/false");
		}
		in->raw[i] = buf_detach(&t);
		if (!in->raw[i])
			in->raw[i] = xstrdup("");
	}
}

/* ledger_parse_value on every column, the required check and ledger_check_row: the importer's
 * validation. cur supplies absent values and the key. */
static void validate(lw_input *in, store *s, const lw_row *cur)
{
	const ledger_def *def = in->def;
	char *pilot = store_setting_get(s, "uscc.pilot_codes");
	ledger_ctx ctx = {date_today(), pilot};
	buf msg = {0};
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *col = &def->cols[i];
		const char *cv = cur ? cur->rec.f[i] : NULL;
		const char *raw = in->raw[i];
		in->rec.f[i] = cv;
		if (!raw)
			continue;
		if (lw_shown_back(col, raw, cv))
			continue; /* unchanged */
		val_status st = ledger_parse_value(col, raw, 0, &ctx, &in->val[i], &msg);
		const char *v = st == VAL_OK || st == VAL_WARN ? buf_cstr(&in->val[i]) : NULL;
		if (st == VAL_ERROR) {
			lw_fail(in, (int)i, "%s", buf_cstr(&msg));
		} else if (cur && (col->flags & COL_KEY)) {
			if (!str_same(v, cv))
				lw_fail(in, (int)i, "%s不能修改（它是这一行的标识）", col->header);
		} else {
			in->rec.f[i] = v;
		}
	}
	for (size_t i = 0; i < def->ncols; i++)
		if ((def->cols[i].flags & COL_REQUIRED) && !in->rec.f[i] && !in->err[i])
			lw_fail(in, (int)i, "必填项为空");
	if (!in->nerr) {
		int bad = ledger_check_row(def, &in->rec, &ctx, &msg);
		if (bad >= 0)
			lw_fail(in, bad, "%s", buf_cstr(&msg));
	}
	buf_free(&msg);
	free(pilot);
}

/* ---- saving ---- */

static void key_taken(lw_input *in)
{
	buf m = {0};
	int first = -1;
	for (size_t i = 0; i < in->def->ncols; i++)
		if (in->def->cols[i].flags & COL_KEY) {
			if (first < 0)
				first = (int)i;
			buf_printf(&m, "%s%s“%s”", m.len ? "、" : "", in->def->cols[i].header, in->rec.f[i]);
		}
	lw_fail(in, first, "%s 已在台账中登记，不能重复新增（如需修改请打开那一行）", buf_cstr(&m));
	buf_free(&m);
}

/* store_put and the commit of the transaction lw_save opened. FG_OK, FG_EINPUT (message set on in,
 * rolled back) or FG_EFAIL (500 set, rolled back). */
static int write_row(web_req *r, store *s, lw_input *in)
{
	fg_err e;
	put_result res;
	int bad;
	int rc = store_put(s, in->def, &in->rec, date_today(), &res, &bad, &e);
	if (rc == FG_EINPUT) {
		store_rollback(s);
		if (bad >= LEDGER_MAXCOLS) /* an item of the dynamic column (store_put): the form has the column */
			bad = ledger_dynamic_col(in->def);
		lw_fail(in, bad, "%s", e.msg);
		return FG_EINPUT;
	}
	if (rc || store_commit(s, &e)) {
		store_rollback(s);
		web_error(r, 500, e.msg);
		return FG_EFAIL;
	}
	return FG_OK;
}

/* 1 when the If-Match value (a list of entity tags, or "*") names the version: strong comparison,
 * so W/"v3" never matches. */
static int if_match(const char *h, int64_t version)
{
	char tag[32];
	int tn = snprintf(tag, sizeof tag, "\"v%lld\"", (long long)version);
	for (const char *p = h; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *q = p;
		while (*q && *q != ',')
			q++;
		const char *end = q;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		long n = end - p;
		if ((n == 1 && *p == '*') || (n == tn && memcmp(p, tag, (size_t)n) == 0))
			return 1;
		p = q;
	}
	return 0;
}

/* 1 unless the request names a version of the row other than the current one: the form's hidden
 * "version", the API's If-Match. Naming none is an unconditional save. */
static int version_current(web_req *r, int api, int64_t current)
{
	if (api) {
		const char *h = web_header_in(r, "If-Match");
		return !h || if_match(h, current);
	}
	const char *v = web_field(r, "version");
	if (!v)
		return 1;
	char *end;
	long long n = strtoll(v, &end, 10);
	return *v && !*end && n == current;
}

/* 409: the row changed since the client read it. Nothing was written. The API answers the row as
 * saved now ("current", with its ETag) and the body as sent ("yours"); the page shows both side by
 * side, the form again with the user's values and the current version (saving it re-applies them
 * knowingly), and the history that says who changed what. */
static void respond_conflict(web_req *r, store *s, const lw_kind *k, int api, const lw_row *cur, lw_input *in,
			     json_t *body)
{
	static const char msg[] = "保存冲突：您读取这条记录之后，已有人修改并保存了它；您的修改没有保存。"
				  "请对照当前内容后重新提交";
	lw_etag(r, &cur->q);
	if (api) {
		web_json(r, 409, json_pack("{s:s, s:i, s:o, s:O}", "error", msg, "status", 409, "current",
					   lw_item(&cur->q, 0), "yours", body));
		return;
	}
	buf t = {0};
	buf_printf(&t, "修改%s（保存冲突）", k->noun);
	buf *b = web_page_begin(r, buf_cstr(&t));
	buf_free(&t);
	in->conflict = 1;
	lw_form(r, b, k, cur, in);
	buf key = {0};
	lw_key(&cur->q, &key);
	store_filter sc = lw_scope(r);
	lw_history(b, s, &sc, k, buf_cstr(&key));
	buf_free(&key);
	web_page_end(r, 409);
}

static void respond_errors(web_req *r, const lw_kind *k, int api, const lw_row *cur, const lw_input *in)
{
	const char *first = in->general;
	for (size_t i = 0; i < in->def->ncols && !first; i++)
		first = in->err[i];
	if (api) {
		json_t *errs = json_object();
		for (size_t i = 0; i < in->def->ncols; i++)
			if (in->err[i])
				json_object_set_new(errs, in->def->cols[i].key, json_string(in->err[i]));
		buf m = {0};
		buf_printf(&m, "数据未通过校验：%s", first ? first : "");
		web_json(r, 422, json_pack("{s:s, s:i, s:o}", "error", buf_cstr(&m), "status", 422, "errors", errs));
		buf_free(&m);
		return;
	}
	buf t = {0};
	buf_printf(&t, "%s%s", cur ? "修改" : "新增", k->noun);
	buf *b = web_page_begin(r, buf_cstr(&t));
	buf_free(&t);
	lw_form(r, b, k, cur, in);
	web_page_end(r, 422);
}

static void respond_saved(web_req *r, store *s, const lw_kind *k, int api, int update, int64_t id)
{
	store_filter sc = lw_scope(r);
	lw_row row = {0};
	fg_err e;
	int found = id ? query_get(s, k->kind, &sc, id, NULL, date_today(), lw_row_take, &row, &e) : 0;
	if (api) {
		if (found > 0)
			lw_etag(r, &row.q);
		json_t *item = found > 0 ? lw_item(&row.q, 0) : json_pack("{s:I}", "id", (json_int_t)id);
		web_json(r, update ? 200 : 201, item);
	} else if (found > 0) {
		buf to = {0};
		lw_href(&to, k, &row.q);
		buf_puts(&to, "?saved=1");
		web_redirect(r, buf_cstr(&to));
		buf_free(&to);
	} else {
		web_redirect(r, k->path); /* saved, but now outside the user's scope */
	}
	lw_row_free(&row);
}

void lw_save(web_req *r, const lw_kind *k, int api, int update)
{
	store *s = web_db(r);
	if (!s)
		return;
	lw_input in = {.def = ledger_get(k->kind)};
	json_t *body = NULL;
	if (api) {
		if (!(body = web_body_json(r)))
			return;
		input_json(&in, body);
	} else {
		input_form(&in, r);
	}
	/* From here to the commit nothing else writes: what is loaded, checked and written is one state,
	 * and every write in it is held to the user's scope (store/scope.h). */
	fg_err e;
	if (store_begin(s, web_who(r), "web", &e)) {
		web_error(r, 503, "数据库正忙，请稍后重试");
		lw_input_free(&in);
		json_decref(body);
		return;
	}
	store_filter sc = lw_scope(r);
	store_scope_set(s, &sc);
	store_keep_closing(s, 1); /* the form does not show them: closing is its own action */
	lw_row cur = {0};
	const lw_row *cp = update ? &cur : NULL;
	int rc = FG_OK;
	if (update && lw_load(r, s, k, &cur) <= 0) {
		rc = FG_EFAIL;
	} else if (update && !version_current(r, api, cur.q.version)) {
		store_rollback(s);
		respond_conflict(r, s, k, api, &cur, &in, body);
		rc = FG_EFAIL;
	}
	if (!rc && !api) /* ticks into lists, read in this transaction beside the row they edit */
		lw_roster_input(r, s, &in, cp);
	if (!rc && !in.nerr)
		validate(&in, s, cp);
	if (!rc && !in.nerr && !update && query_key_id(s, in.def, &in.rec))
		key_taken(&in);
	if (!rc)
		rc = in.nerr ? FG_EINPUT : write_row(r, s, &in);
	store_rollback(s); /* no-op after a commit; ends the transaction on every other way out */
	if (rc == FG_EINPUT)
		respond_errors(r, k, api, cp, &in);
	else if (rc == FG_OK)
		respond_saved(r, s, k, api, update, update ? cur.q.id : query_key_id(s, in.def, &in.rec));
	lw_input_free(&in);
	lw_row_free(&cur);
	json_decref(body);
}

void lw_create(web_req *r)
{
	lw_save(r, r->route->ctx, 0, 0);
}

void lw_update(web_req *r)
{
	lw_save(r, r->route->ctx, 0, 1);
}

void lw_api_create(web_req *r)
{
	lw_save(r, r->route->ctx, 1, 0);
}

void lw_api_update(web_req *r)
{
	lw_save(r, r->route->ctx, 1, 1);
}
