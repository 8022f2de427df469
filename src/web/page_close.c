/* Deregistration on the web (schema v23; docs/ledger-format.md "撤销、注销、减少"): the 撤销 / 移出台账 /
 * 减少 form and action on the page of an enterprise, organisation, member or instructor, 恢复 for a
 * mistake, the same under /api/v1/LEDGER/{param}/close|reopen, and what the lists show of closed
 * records (the 含已撤销 filter and the mark). The write is store_close_record / store_reopen_record:
 * one transaction in the user's scope, with its history entry. */
#include <string.h>

#include "store/scope.h"
#include "util/date.h"
#include "web/page_ledger.h"

/* The closing date column of k's ledger (ledger_closing_col). */
static int closing_col(const lw_kind *k)
{
	return ledger_closing_col(ledger_get(k->kind));
}

int lw_closed_filter(web_req *r, buf *b, const lw_kind *k)
{
	const char *v = web_query(r, "closed");
	int on = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	html_printf(b, "<label><span><input type=\"checkbox\" name=\"closed\" value=\"1\"%s> 含已%s</span></label>\n",
		    on ? " checked" : "", ledger_closing_word(ledger_get(k->kind)));
	return on;
}

void lw_closed_tag(buf *b, const query_row *row)
{
	const ledger_def *def = ledger_get(row->kind);
	int c = ledger_closing_col(def);
	if (c >= 0 && row->rec->f[c])
		html_printf(b, " <span class=\"tag closed\">已%s %s</span>", ledger_closing_word(def), row->rec->f[c]);
}

void lw_close_actions(web_req *r, buf *b, const lw_kind *k, const lw_row *row)
{
	const ledger_def *def = ledger_get(k->kind);
	int c = closing_col(k), may = auth_can(&r->user, lw_write_perm(k));
	const char *word = ledger_closing_word(def);
	if (row->rec.f[c]) {
		html_printf(b, "<p class=\"alert\" role=\"status\">已于 %s %s（%s）：不在当前列表和今天的统计中，"
			       "仍计入此前日期的统计。</p>\n",
			    row->rec.f[c], word, row->rec.f[c + 1] ? row->rec.f[c + 1] : "");
		if (may) {
			html_raw(b, "<form method=\"post\" action=\"");
			lw_href(b, k, &row->q);
			html_raw(b, "/reopen\">");
			web_csrf_field(r, b);
			html_printf(b, "<button type=\"submit\">恢复</button> <span class=\"hint\">%s有误时恢复；"
				       "%s时结束的覆盖关系和派驻一并恢复，记入变更历史</span></form>\n", word, word);
		}
	} else if (may) {
		html_raw(b, "<p><a class=\"button\" href=\"");
		lw_href(b, k, &row->q);
		html_printf(b, "/close\">%s</a></p>\n", word);
	}
}

/* The form: date (today unless typed) and reason (the ledger's usual reasons offered). */
static void close_form(web_req *r, buf *b, const lw_kind *k, const lw_row *row, const char *date, const char *reason,
		       const char *err)
{
	const ledger_def *def = ledger_get(k->kind);
	int c = closing_col(k);
	const char *word = ledger_closing_word(def);
	char today[11];
	date_format(date_today(), today);
	buf key = {0};
	lw_key(&row->q, &key);
	html_printf(b, "<h1>%s%s</h1>\n<p class=\"lead\">%s</p>\n", word, k->noun, buf_cstr(&key));
	buf_free(&key);
	html_printf(b, "<p>%s后记录不删除：它离开当前列表和今天的统计，仍在变更历史中，%s日期以前的统计照常计入。%s</p>\n", word,
		    word,
		    k->kind == LEDGER_ORGS ? "还有现任党员或下级党组织的党组织不能撤销；撤销之日覆盖关系随之结束。"
		    : k->kind == LEDGER_ENTERPRISES ? "移出之日，覆盖它的党组织和派驻的指导员随之结束。"
		    : k->kind == LEDGER_INSTRUCTORS ? "撤销之日，派驻随之结束。"
						    : "停止党籍、转出请先在组织关系状态和组织关系转接中办理。");
	if (err)
		html_printf(b, "<p class=\"alert\" role=\"alert\">%s</p>\n", err);
	html_raw(b, "<form method=\"post\" class=\"stack\" action=\"");
	lw_href(b, k, &row->q);
	html_raw(b, "/close\">\n");
	web_csrf_field(r, b);
	html_printf(b, "<label for=\"f-closed\">%s（必填）<input id=\"f-closed\" name=\"closed\" type=\"date\" value=\"%s\" max=\"%s\">"
		       "</label>\n",
		    def->cols[c].header, date ? date : today, today);
	html_printf(b, "<label for=\"f-closed_reason\">%s（必填）<input id=\"f-closed_reason\" name=\"closed_reason\" list=\"l-reason\""
		       " value=\"%s\"></label>\n<datalist id=\"l-reason\">",
		    def->cols[c + 1].header, reason ? reason : "");
	for (const char *const *v = def->cols[c + 1].choices; v && *v; v++)
		html_printf(b, "<option value=\"%s\">", *v);
	html_printf(b, "</datalist>\n<p><button type=\"submit\">确认%s</button> <a href=\"", word);
	lw_href(b, k, &row->q);
	html_raw(b, "\">取消</a></p>\n</form>\n");
}

void lw_close_form(web_req *r)
{
	const lw_kind *k = r->route->ctx;
	lw_row row;
	if (!lw_open(r, k, &row))
		return;
	buf t = {0};
	buf_printf(&t, "%s%s", ledger_closing_word(ledger_get(k->kind)), k->noun);
	buf *b = web_page_begin(r, buf_cstr(&t));
	buf_free(&t);
	close_form(r, b, k, &row, NULL, NULL, NULL);
	web_page_end(r, 200);
	lw_row_free(&row);
}

/* Close (date, reason) or reopen the row of the route in one transaction in the user's scope; then
 * the row's page (303) or its JSON item, or the form / a 422 JSON error with the message. */
static void act(web_req *r, int reopen, int api)
{
	const lw_kind *k = r->route->ctx;
	const ledger_def *def = ledger_get(k->kind);
	store *s = web_db(r);
	if (!s)
		return;
	const char *date = NULL, *reason = NULL;
	json_t *body = NULL;
	if (api && !reopen) {
		if (!(body = web_body_json(r)))
			return;
		date = json_string_value(json_object_get(body, "closed"));
		reason = json_string_value(json_object_get(body, "closed_reason"));
	} else if (!reopen) {
		date = web_field(r, "closed");
		reason = web_field(r, "closed_reason");
	}
	fg_err e;
	if (store_begin(s, web_who(r), "web", &e)) {
		web_error(r, 503, "数据库正忙，请稍后重试");
		json_decref(body);
		return;
	}
	store_filter sc = lw_scope(r);
	store_scope_set(s, &sc);
	lw_row row;
	if (lw_load(r, s, k, &row) <= 0) {
		store_rollback(s);
		lw_row_free(&row);
		json_decref(body);
		return;
	}
	buf key = {0};
	lw_key(&row.q, &key);
	int today = date_today();
	int rc = reopen ? store_reopen_record(s, def, buf_cstr(&key), today, &e)
			: store_close_record(s, def, buf_cstr(&key), date && *date ? date : NULL,
					     reason && *reason ? reason : NULL, today, &e);
	if (!rc)
		rc = store_commit(s, &e);
	store_rollback(s); /* no-op after a commit */
	if (rc && api) {
		web_json(r, rc == FG_EINPUT ? 422 : 500, json_pack("{s:s, s:i}", "error", e.msg, "status", rc == FG_EINPUT ? 422 : 500));
	} else if (rc == FG_EINPUT && !reopen) {
		buf *b = web_page_begin(r, k->noun);
		close_form(r, b, k, &row, date, reason, e.msg);
		web_page_end(r, 422);
	} else if (rc) {
		web_error(r, rc == FG_EINPUT ? 422 : 500, e.msg);
	} else if (api) {
		lw_row now;
		fg_err e2;
		memset(&now, 0, sizeof now);
		json_t *item = NULL;
		if (query_get(s, k->kind, &sc, row.q.id, NULL, today, lw_row_take, &now, &e2) > 0)
			item = lw_item(&now.q, 0);
		web_json(r, 200, item ? item : json_pack("{s:I}", "id", (json_int_t)row.q.id));
		lw_row_free(&now);
	} else {
		buf to = {0};
		lw_href(&to, k, &row.q);
		buf_puts(&to, "?saved=1");
		web_redirect(r, buf_cstr(&to));
		buf_free(&to);
	}
	buf_free(&key);
	lw_row_free(&row);
	json_decref(body);
}

void lw_close(web_req *r)
{
	act(r, 0, 0);
}

void lw_reopen(web_req *r)
{
	act(r, 1, 0);
}

void lw_api_close(web_req *r)
{
	act(r, 0, 1);
}

void lw_api_reopen(web_req *r)
{
	act(r, 1, 1);
}
