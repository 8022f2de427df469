/* The territorial check of an upload by a street or community user: before the importer writes
 * anything, every row must lie inside the user's scope — the place it names, the row it would
 * change, and every enterprise it would attach or detach. The importer itself knows no scope
 * (the command line is the district's), so the web face reads the file once more, the same way
 * (tab_read, ledger_match_header, ledger_parse_value), and asks the store (scope_query.h).
 *
 * A cell the importer refuses is skipped here: its error already stops the whole import. What
 * this check adds are errors of their own, with the same row/column/value shape, so the preview
 * shows one table and nothing is written while any is left. */
#include <stdlib.h>
#include <string.h>

#include "io/tab.h"
#include "store/scope_query.h"
#include "util/date.h"
#include "web/pages.h"

#define HEADER_SCAN_ROWS 10 /* as the importer: the header is within the first ten rows */

typedef struct scan {
	store *s;
	const ledger_def *def;
	int64_t scope;
	ledger_ctx vctx;
	int have_header;
	size_t rows_seen;
	int colmap[256];
	size_t ncolmap;
	char *headers[LEDGER_MAXCOLS];       /* as written in the file */
	buf vals[LEDGER_MAXCOLS], msg;
	const char *raw[LEDGER_MAXCOLS];
	const char *f[LEDGER_MAXCOLS];       /* canonical values, NULL when empty or refused */
	size_t row;
	tools_msgs *out;
} scan;

char *tools_clip(const char *s)
{
	size_t i = 0, chars = 0;
	while (s[i] && chars < TOOLS_CLIP_CHARS) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	if (!s[i])
		return xstrdup(s);
	buf b = {0};
	buf_add(&b, s, i);
	buf_puts(&b, "…");
	return buf_detach(&b);
}

void tools_msgs_add(tools_msgs *m, size_t row, const char *column, const char *value, const char *text)
{
	if (m->n >= TOOLS_MSGS_MAX) {
		m->dropped++;
		return;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xrealloc(m->v, m->cap * sizeof *m->v);
	}
	import_msg *x = &m->v[m->n++];
	x->row = row;
	x->column = column ? tools_clip(column) : NULL;
	x->value = value && *value ? tools_clip(value) : NULL;
	x->text = xstrdup(text);
}

void tools_msgs_free(tools_msgs *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].column);
		free(m->v[i].value);
		free(m->v[i].text);
	}
	free(m->v);
	memset(m, 0, sizeof *m);
}

static void refuse(scan *sc, int col, const char *text)
{
	const char *h = col >= 0 ? (sc->headers[col] ? sc->headers[col] : sc->def->cols[col].header) : NULL;
	tools_msgs_add(sc->out, sc->row, h, col >= 0 ? sc->raw[col] : NULL, text);
}

static int try_header(scan *sc, const tab_row *row)
{
	int hits = 0, key = 0, ignored;
	for (size_t i = 0; i < row->ncells; i++) {
		int c = ledger_match_header(sc->def, row->cells[i].text, &ignored);
		if (c >= 0) {
			hits++;
			key |= (sc->def->cols[c].flags & COL_KEY) != 0;
		}
	}
	if (hits < 2 || !key)
		return 0;
	sc->ncolmap = row->ncells < 256 ? row->ncells : 256;
	for (size_t i = 0; i < sc->ncolmap; i++) {
		int c = ledger_match_header(sc->def, row->cells[i].text, &ignored);
		sc->colmap[i] = c >= 0 && !sc->headers[c] ? c : -1;
		if (sc->colmap[i] >= 0)
			sc->headers[c] = xstrdup(row->cells[i].text);
	}
	sc->have_header = 1;
	return 1;
}

/* The value of column key, canonical; NULL when empty or refused by validation. */
static const char *val(const scan *sc, const char *key)
{
	int c = ledger_col_index(sc->def, key);
	return c >= 0 ? sc->f[c] : NULL;
}

static int col(const scan *sc, const char *key)
{
	return ledger_col_index(sc->def, key);
}

typedef struct list_ctx {
	scan *sc;
	int col;
	int items;
} list_ctx;

/* One USCC of a covers list: an enterprise outside the scope may not be attached. */
static void cover_item(void *ctx, const char *item, size_t len)
{
	list_ctx *l = ctx;
	char *u = xstrndup(item, len);
	l->items++;
	if (store_enterprise_within(l->sc->s, u, l->sc->scope) == SCOPE_OUT) {
		buf m = {0};
		buf_printf(&m, "企业 %s 不在您的工作范围内", u);
		refuse(l->sc, l->col, buf_cstr(&m));
		buf_free(&m);
	}
	free(u);
}

/* Checks the covers list; returns how many enterprises it names. */
static int check_covers(scan *sc)
{
	list_ctx l = {sc, col(sc, "covers"), 0};
	const char *v = val(sc, "covers");
	if (v)
		ledger_list_each(v, cover_item, &l);
	return l.items;
}

static const char OUT_PLACE[] = "不在您的工作范围内：只能导入本街道、社区的数据";

static void check_enterprise(scan *sc)
{
	const char *uscc = val(sc, "uscc"), *street = val(sc, "street"), *comm = val(sc, "community");
	if (street && comm && store_place_within(sc->s, street, comm, sc->scope, 1) == SCOPE_OUT)
		refuse(sc, col(sc, "community"), OUT_PLACE);
	if (uscc && store_enterprise_within(sc->s, uscc, sc->scope) == SCOPE_OUT)
		refuse(sc, col(sc, "uscc"), "这家企业登记在其他地区，不在您的工作范围内");
}

static void check_org(scan *sc)
{
	const char *name = val(sc, "name"), *street = val(sc, "street"), *comm = val(sc, "community");
	if (store_place_within(sc->s, street, comm, sc->scope, 0) == SCOPE_OUT)
		refuse(sc, col(sc, comm ? "community" : "street"),
		       street || comm ? OUT_PLACE : "街道、社区用户导入的党组织须填写本范围内的所属街道或社区");
	if (name && store_org_within(sc->s, name, sc->scope, 1) == SCOPE_OUT)
		refuse(sc, col(sc, "name"), "这个党组织（或它覆盖的企业）不在您的工作范围内");
	check_covers(sc);
}

static void check_member(scan *sc)
{
	const char *idno = val(sc, "idno"), *employer = val(sc, "employer"), *org = val(sc, "org");
	if (employer) {
		if (store_enterprise_within(sc->s, employer, sc->scope) == SCOPE_OUT)
			refuse(sc, col(sc, "employer"), "工作单位不在您的工作范围内");
	} else if (org) {
		if (store_org_within(sc->s, org, sc->scope, 0) == SCOPE_OUT)
			refuse(sc, col(sc, "org"), "所在党组织不在您的工作范围内");
	} else {
		refuse(sc, col(sc, "employer"), "街道、社区用户导入的党员须填写本范围内的工作单位或所在党组织");
	}
	if (idno && store_member_within(sc->s, idno, sc->scope) == SCOPE_OUT)
		refuse(sc, col(sc, "idno"), "这名党员登记在其他地区，不在您的工作范围内");
}

static void check_instructor(scan *sc)
{
	const char *name = val(sc, "name"), *unit = val(sc, "unit");
	if (check_covers(sc) == 0)
		refuse(sc, col(sc, "covers"), "街道、社区用户导入的党建指导员须填写本范围内的指导企业");
	if (name && unit && store_instructor_within(sc->s, name, unit, sc->scope) == SCOPE_OUT)
		refuse(sc, col(sc, "name"), "这名党建指导员还指导其他地区的企业，不在您的工作范围内");
}

static int on_row(void *ctx, const tab_row *row)
{
	scan *sc = ctx;
	if (!sc->have_header) {
		if (try_header(sc, row))
			return 0;
		return ++sc->rows_seen >= HEADER_SCAN_ROWS; /* no header: the importer says so */
	}
	sc->row = row->row;
	for (size_t c = 0; c < LEDGER_MAXCOLS; c++)
		sc->raw[c] = sc->f[c] = NULL;
	for (size_t i = 0; i < sc->ncolmap && i < row->ncells; i++) {
		int c = sc->colmap[i];
		if (c < 0)
			continue;
		const tab_cell *cell = &row->cells[i];
		unsigned flags = (cell->kind == TAB_NUMBER ? CELL_WAS_NUMBER : 0) | (cell->kind == TAB_DATE ? CELL_WAS_DATE : 0);
		sc->raw[c] = cell->text;
		val_status st = ledger_parse_value(&sc->def->cols[c], cell->text, flags, &sc->vctx, &sc->vals[c], &sc->msg);
		if (st == VAL_OK || st == VAL_WARN)
			sc->f[c] = buf_cstr(&sc->vals[c]);
	}
	switch (sc->def->kind) {
	case LEDGER_ENTERPRISES:
		check_enterprise(sc);
		break;
	case LEDGER_ORGS:
		check_org(sc);
		break;
	case LEDGER_MEMBERS:
		check_member(sc);
		break;
	case LEDGER_INSTRUCTORS:
		check_instructor(sc);
		break;
	case LEDGER_NKINDS:
		break;
	}
	return 0;
}

int tools_import_scope(store *s, const ledger_def *def, const char *path, const char *display, int64_t scope,
		       tools_msgs *out)
{
	scan sc;
	memset(&sc, 0, sizeof sc);
	sc.s = s;
	sc.def = def;
	sc.scope = scope;
	sc.out = out;
	sc.vctx.today = date_today();
	char *pilot = store_setting_get(s, "uscc.pilot_codes");
	sc.vctx.pilot_uscc = pilot;
	size_t before = out->n + out->dropped;
	tab_opts to = {NULL, display, NULL};
	fg_err e;
	int rc = tab_read(path, &to, on_row, &sc, &e);
	for (size_t c = 0; c < LEDGER_MAXCOLS; c++) {
		free(sc.headers[c]);
		buf_free(&sc.vals[c]);
	}
	buf_free(&sc.msg);
	free(pilot);
	if (rc != FG_OK && rc != 1)
		return -1;
	return (int)(out->n + out->dropped - before);
}
