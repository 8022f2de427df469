/* page_ledger — what the ledgers' pages and API calls share (private to page_ledger*.c,
 * page_enterprises.c, page_orgs.c, page_members.c, page_instructors.c and page_party.c, which
 * serves the six party-work records).
 *
 * A ledger is described once (lw_kind); from its column table (core/ledger.h) come the forms, the
 * validation (ledger_parse_value + ledger_check_row, exactly what an import runs, so a form accepts
 * what an import accepts), the JSON items and the history display. Rows are read through
 * store/query.h inside the user's scope and written with store_put in a transaction named for the
 * user, so every write leaves its history.
 *
 * Input semantics (forms and JSON alike): a field that is absent keeps the current value of the row
 * being changed (empty for a new row); a field sent empty (or JSON null) clears it; the key of an
 * existing row comes from its URL and cannot change; a personal value sent back exactly as it was
 * shown masked (138****5678) keeps the stored value, so masked forms and API round trips are safe.
 *
 * No lost updates: a save loads the row, merges, validates, checks the scope and writes inside one
 * write transaction (store_begin is BEGIN IMMEDIATE), so nothing changes in between. A form carries
 * the version it was made from (hidden field "version"), the API the ETag of a GET ("\"v3\"") in
 * If-Match; when that is no longer the row's version the save answers 409 and writes nothing. A save
 * naming no version is unconditional, as before. */
#ifndef FGDJ_PAGE_LEDGER_H
#define FGDJ_PAGE_LEDGER_H
#include <jansson.h>

#include "store/query.h"
#include "web/pages.h"

/* A row copied out of a query callback: owns its text (lw_row_free). */
typedef struct lw_row {
	query_row q;   /* q.rec points at rec; q.employer_name into b */
	ledger_rec rec;
	buf b;
} lw_row;

void lw_row_free(lw_row *row);

/* A row being written: the user's text, the canonical values and the messages per field. */
typedef struct lw_input {
	const ledger_def *def;
	char *raw[LEDGER_MAXCOLS];  /* as sent (owned); NULL = absent */
	buf val[LEDGER_MAXCOLS];    /* canonical text */
	ledger_rec rec;             /* the row to write: into val, or the current row's text */
	char *err[LEDGER_MAXCOLS];  /* Chinese message beside field i (owned), NULL = fine */
	char *general;              /* a message about the row as a whole (owned) */
	int nerr;
	int conflict;               /* based on an older version: lw_form shows both (409) */
	const char *lead;           /* markup lw_form writes under its heading (borrowed); NULL none */
} lw_input;

typedef struct lw_kind lw_kind;
struct lw_kind {
	ledger_kind kind;
	const char *path;     /* "/enterprises": list; PATH/{uscc or id}: a row; PATH/new: the new-row form */
	const char *tbl;      /* the history's table: "enterprise" */
	const char *noun;     /* "企业" */
};

/* The permission the route table gives to writing k's rows (its POST to the list path);
 * PERM_ADMIN when no route writes them. Pages show their write buttons by it. */
auth_perm lw_write_perm(const lw_kind *k);

/* The request user's scope as a query scope (organisation scope for secretaries). */
store_filter lw_scope(const web_req *r);

/* 1 when the scope is the whole district. */
int lw_district(const store_filter *sc);

/* Loads the row named by the route's parameter ({uscc}; {id}; {org}: an id when all digits, else a
 * name) inside the scope: 1 found, 0 not (404 set), -1 (500 set). row is freed by the caller in
 * every case. */
int lw_load(web_req *r, store *s, const lw_kind *k, lw_row *row);
/* The request's store and, in row, the route's row of ledger k as lw_load reads it; NULL when the
 * answer (no database, not found, out of scope, error) has been sent — row is then freed. */
store *lw_open(web_req *r, const lw_kind *k, lw_row *row);
/* Copies a query row into out (freed with lw_row_free). */
void lw_row_copy(lw_row *out, const query_row *in);
/* The same as a query callback: ctx is the lw_row (query_get's fn). */
int lw_row_take(void *ctx, const query_row *row);

/* ---- input ---- */

void lw_input_free(lw_input *in);
/* Sets the message beside column col (-1: the row as a whole); the first message of a field wins. */
void lw_fail(lw_input *in, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 1 when the row's value of col differs from the current row's (always for a new row). */
int lw_changed(const lw_input *in, const lw_row *cur, int col);
/* 1 when raw is the personal value cur sent back exactly as it is shown masked: no change. */
int lw_shown_back(const ledger_col *col, const char *raw, const char *cur);
/* Replaces the value of col (canonical text, NULL = empty). */
void lw_set(lw_input *in, int col, const char *v);

/* POST PATH (new) and POST PATH/{param} (change) for pages — 303 to the row, or the form again
 * with the messages (422) — and the API's POST (201) and PUT (200) with the item, or 422
 * {"error", "status", "errors": {"field": "message"}}. */
void lw_save(web_req *r, const lw_kind *k, int api, int update);

/* Route handlers for any ledger: the route row's ctx is its lw_kind (routes_ledger.inc). */
void lw_new(web_req *r);        /* GET PATH/new */
void lw_create(web_req *r);     /* POST PATH */
void lw_edit(web_req *r);       /* GET PATH/{param}/edit */
void lw_update(web_req *r);     /* POST PATH/{param} */
void lw_api_list(web_req *r);   /* GET /api/v1/LEDGER */
void lw_api_get(web_req *r);    /* GET /api/v1/LEDGER/{param} */
void lw_api_create(web_req *r); /* POST /api/v1/LEDGER */
void lw_api_update(web_req *r); /* PUT /api/v1/LEDGER/{param} */

/* ---- deregistration (page_close.c) ---- */

/* The 含已撤销 (已移出, 已减少) checkbox of a list's filters (query "closed=1"); returns whether it is on. */
int lw_closed_filter(web_req *r, buf *b, const lw_kind *k);
/* " 已撤销 DATE" after a closed row's name in a list; nothing for a current row. */
void lw_closed_tag(buf *b, const query_row *row);
/* On a row's page: whether and when it was closed, and the 撤销 link or the 恢复 button for users
 * who may write k's rows. */
void lw_close_actions(web_req *r, buf *b, const lw_kind *k, const lw_row *row);
void lw_close_form(web_req *r);   /* GET PATH/{param}/close */
void lw_close(web_req *r);        /* POST PATH/{param}/close: closed, closed_reason */
void lw_reopen(web_req *r);       /* POST PATH/{param}/reopen */
void lw_api_close(web_req *r);    /* POST /api/v1/LEDGER/{param}/close {"closed", "closed_reason"} */
void lw_api_reopen(web_req *r);   /* POST /api/v1/LEDGER/{param}/reopen */

/* ---- members ticked from a roster (page_party.c) ---- */

/* Writes what lw_form shows for column col of a ledger with fields of its own — a meeting's
 * organisation and its roster of ticked attendees and absentees' reasons, a designation's
 * enterprise and the members employed by it — and returns 1; 0 leaves the column to lw_form. */
int lw_form_special(web_req *r, buf *b, const lw_kind *k, const lw_row *cur, const lw_input *in, int col);
/* A meeting or designation form sent with its roster: the ticked members (field "attendee" or
 * "member", member row ids read inside the scope) and, for a meeting, the reasons of the unticked
 * ("absent_ID") become the raw 参加党员 and 缺席党员及原因 (a designation's 党员), as if typed.
 * On an edit (cur), the stored items whose members are outside the user's scope are kept: the
 * form could not show them. Anything else is left alone. */
void lw_roster_input(web_req *r, store *s, lw_input *in, const lw_row *cur);

/* ---- pages (page_ledger_view.c) ---- */

/* GET PATH/new and GET PATH/{param}/edit. */
/* The form of a new (cur NULL) or existing row, with in's text and messages when given. An existing
 * row's form carries its version; when in->conflict, the row as saved and in's text are shown side
 * by side above it. */
void lw_form(web_req *r, buf *b, const lw_kind *k, const lw_row *cur, const lw_input *in);
/* Appends the href of a row's page (PATH/USCC or PATH/ID, percent-encoded). */
void lw_href(buf *b, const lw_kind *k, const query_row *row);
/* One value for display: masked when the column is personal and unmasked is 0. */
void lw_value(buf *b, const ledger_col *col, const char *v, int unmasked);
/* The fields of a row as a two-column table (header, value). */
void lw_fields(buf *b, const ledger_def *def, const ledger_rec *rec, int unmasked);
/* The history of a row (values of personal columns masked). */
void lw_history(buf *b, store *s, const store_filter *sc, const lw_kind *k, const char *key);
/* ---- lists as pages, print views and exports (page_ledger_list.c) ---- */

/* What a list request asks for: the page; its print view (?print=1: the filters in words, the
 * count and every row, no paging); its XLSX export (the route PATH/export.xlsx, handler lw_export). */
typedef enum lw_list_mode { LW_LIST_PAGE, LW_LIST_PRINT, LW_LIST_EXPORT } lw_list_mode;
lw_list_mode lw_list_mode_of(web_req *r);
/* Where a list writes its filter form: page when shown as a page, else scratch (the print view
 * says the filters in words instead; the export shows nothing). */
buf *lw_list_form(web_req *r, buf *page, buf *scratch);
/* Called by a list handler once its filters are in q (filters: the filter form it wrote). Page: writes
 * the list's tools (export of the current filters, print view, template, format) into page; print:
 * writes the filters in words and makes q every row; both return 0 and the handler lists q. Export:
 * writes q's rows (the same query, every row) as XLSX masked per lw_unmasked, logs the export
 * (who, ledger, filters, rows) and responds: returns 1 and the handler returns at once. */
int lw_list_out(web_req *r, const lw_kind *k, store *s, const store_filter *sc, query_list *q, buf *page, buf *filters);
/* Responds with the rows each gives (export_opts.each: the caller's own list, read inside sc) as
 * the ledger k's XLSX, masked per lw_unmasked, and logs the export with the filters in words
 * (HTML-escaped text, as the print view writes them). */
void lw_export_xlsx(web_req *r, const lw_kind *k, store *s, const store_filter *sc, const char *words,
		    int (*each)(void *each_ctx, store_rec_fn fn, void *fn_ctx, fg_err *e), void *each_ctx);
/* GET PATH/export.xlsx (ctx: its lw_kind): runs the list route PATH's handler in export mode. */
void lw_export(web_req *r);

/* "共 N 条" and the page links, keeping the request's other query parameters. */
void lw_pager(buf *b, web_req *r, int64_t page, int64_t total);
/* The rest of a list page whose table head (up to <tbody>) is written: the page's rows of q (fn
 * writes each <tr> to ctx), else a row with the error or with `none`, the table closed, the pager,
 * and the page sent. */
void lw_list_table(web_req *r, buf *b, store *s, ledger_kind kind, const store_filter *sc, const query_list *q,
		   int ncols, const char *none, query_fn fn, void *ctx, int64_t page);
/* The 1-based page number of ?page= (1 when missing or bad). */
int64_t lw_page_number(web_req *r);
/* A list page's query: today's rows, the page of ?page= (*page, lw_page_number) of QUERY_PAGE_SIZE
 * rows, and the search text ?q=; the page adds its own filters. */
query_list lw_list_query(web_req *r, int64_t *page);
/* A <select name=…> inside a label: values[i] shown as labels[i] (labels NULL: the values);
 * an empty first option reads "全部". */
void lw_select(buf *b, const char *name, const char *label, const char *current, const char *const *values,
	       const char *const *labels, size_t n);
/* Opens the part of a filter form below the search box: a <details> ("更多筛选条件"), open when
 * the request has a filter other than q and page. Closed by the caller with "</details>". */
void lw_more_filters(buf *b, web_req *r);
/* The 街道 and 社区 selects of a list's filter form (when the scope has more than one region): reads
 * ?street= and ?community= (ids, or names) into q->region_id — a region outside the scope matches
 * nothing — and writes the selects. */
void lw_region_filter(buf *b, web_req *r, store *s, const store_filter *sc, query_list *q);
/* The 区域 select (zones with enterprises in the scope): reads ?zone= into q->zone_id. */
void lw_zone_filter(buf *b, web_req *r, store *s, const store_filter *sc, query_list *q);
/* ?org= (an organisation's id or name) and ?employer= (a USCC) into q->org_id and q->employer_id,
 * resolved inside the scope; one the user does not see gives an empty list. */
void lw_ref_filters(web_req *r, store *s, const store_filter *sc, query_list *q);
/* The enterprise sets a list asks for (query_list.sets, core/metrics.h ENT_SET_*): the flags
 * ?in_scope=1, ?covered=1, ?required_single=1, ?unbuilt=1, ?instructor=1, ?work_covered=1,
 * ?with_members=1, ?complete=1 — the sets the figures count — for the page and the API alike. */
unsigned lw_ent_sets(web_req *r);
/* A positive integer query parameter, 0 when missing or bad. */
int64_t lw_id_param(web_req *r, const char *name);
/* The table of links (coverage or assignments) of one row; what names the other side. */
void lw_links(buf *b, store *s, const store_filter *sc, query_link_kind k, int64_t id, const char *caption);

/* The row's key as the history keys it (USCC, name, ID number, "姓名/派出单位"), appended to out. */
void lw_key(const query_row *row, buf *out);

/* ---- the API (page_ledger_view.c) ---- */

/* The item of a row: English keys of the ledger columns (booleans as booleans, integers as numbers,
 * lists as arrays, empty as null), "id", and the kind's extras. Personal values masked unless
 * unmasked. */
json_t *lw_item(const query_row *row, int unmasked);
/* The response header "ETag: \"vN\"" naming the row's version (what If-Match must repeat). */
void lw_etag(web_req *r, const query_row *row);
/* ?unmasked=1: 1 when asked and allowed (PERM_EXPORT), 0 when not asked or the ledger has no
 * personal column, -1 when refused (403 set). */
int lw_unmasked(web_req *r, ledger_kind kind);
/* Logs an unmasked view of the rows keyed keys[0..n) (history op "view"). FG_OK or 500 set. */
int lw_log_views(web_req *r, store *s, const char *tbl, const char *const *keys, size_t n);

/* The campaign page's progress table, download and generate button (page_campaign.c). */
void campaign_section(buf *b, web_req *r, store *s, const store_filter *sc, const lw_row *row);

#endif
