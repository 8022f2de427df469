#include "io/rating_sheet.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/ledger.h"
#include "io/xlsx_out.h"
#include "store/rating_store.h"
#include "util/buf.h"

typedef struct sheet {
	const rubric *rb;
	lxw_worksheet *ws;
	lxw_format *score;
	lxw_row_t row;
	int year;
	lxw_col_t veto_col;
	buf val;
} sheet;

typedef struct find {
	const char *want;
	buf *out;
	int found;
} find;

static void find_item(void *p, const char *h, size_t hl, const char *v, size_t vl)
{
	find *f = p;
	if (!f->found && strlen(f->want) == hl && memcmp(f->want, h, hl) == 0) {
		buf_reset(f->out);
		buf_add(f->out, v, vl);
		f->found = 1;
	}
}

static int on_org(void *ctx, const rating_row *r)
{
	sheet *x = ctx;
	x->row++;
	worksheet_write_string(x->ws, x->row, RT_ORG, r->org, NULL);
	worksheet_write_number(x->ws, x->row, RT_YEAR, x->year, NULL);
	if (r->rated)
		worksheet_write_string(x->ws, x->row, RT_DATE, r->rated, NULL);
	lxw_col_t col = RT_SCORES;
	for (size_t i = 0; i < x->rb->n; i++) {
		if (x->rb->items[i].veto)
			continue;
		find f = {x->rb->items[i].indicator, &x->val, 0};
		ledger_dynamic_each(r->scores, find_item, &f);
		if (f.found)
			worksheet_write_number(x->ws, x->row, col, strtod(buf_cstr(&x->val), NULL), x->score);
		col++;
	}
	if (r->veto)
		worksheet_write_string(x->ws, x->row, x->veto_col, r->veto, NULL);
	return 0;
}

int rating_sheet_write(store *s, const rating_sheet_opts *o, size_t *rows, fg_err *e)
{
	if (o->year < 2000 || o->year > 2100)
		return err_set(e, FG_EINPUT, "评定年度“%d”应为四位年份（如 2025）", o->year);
	const ledger_def *def = ledger_get(LEDGER_RATINGS);
	int rc = store_read_begin(s, e);
	if (rc)
		return rc;
	rubric rb;
	rc = store_rubric_get(s, o->year, &rb, e);
	if (rc) {
		store_read_end(s);
		return rc;
	}
	lxw_workbook *wb = xlsx_out_open(o->path, NULL, e);
	if (!wb) {
		rubric_free(&rb);
		store_read_end(s);
		return FG_EFAIL;
	}
	sheet x = {&rb, workbook_add_worksheet(wb, def->title), workbook_add_format(wb), 0, o->year, 0, {0}};
	format_set_num_format(x.score, "0.0");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	/* The ledger's columns up to the scores, one per scored indicator (header = its name, the
	 * comment its points), then 否决情况; 总分 and 星级 are the program's to compute. */
	lxw_col_t col = 0;
	for (int c = 0; c < RT_SCORES; c++, col++)
		worksheet_write_string(x.ws, 0, col, def->cols[c].header, bold);
	worksheet_set_column(x.ws, RT_ORG, RT_ORG, 36, NULL);
	worksheet_set_column(x.ws, RT_YEAR, RT_DATE, 12, NULL);
	for (size_t i = 0; i < rb.n; i++) {
		if (rb.items[i].veto)
			continue;
		char note[256];
		snprintf(note, sizeof note, "%s：满分 %d 分", rb.items[i].area, rb.items[i].points);
		worksheet_write_string(x.ws, 0, col, rb.items[i].indicator, bold);
		worksheet_write_comment(x.ws, 0, col, note);
		worksheet_set_column(x.ws, col, col, 10, NULL);
		col++;
	}
	x.veto_col = col;
	worksheet_write_string(x.ws, 0, col, def->cols[RT_VETO].header, bold);
	worksheet_set_column(x.ws, col, col, 30, NULL);
	worksheet_freeze_panes(x.ws, 1, 1);
	rc = store_ratings_of_year(s, o->scope, o->year, o->region_id, 0, on_org, &x, e);
	store_read_end(s);
	rc = xlsx_out_close(wb, o->path, rc, e);
	buf_free(&x.val);
	rubric_free(&rb);
	if (rows)
		*rows = (size_t)x.row;
	return rc;
}
