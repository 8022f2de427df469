#include "io/dues_sheet.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/dues.h"
#include "core/ledger.h"
#include "io/xlsx_out.h"
#include "store/dues_store.h"
#include "store/query.h"
#include "util/buf.h"
#include "util/date.h"

typedef struct sheet {
	const dues_sheet_opts *o;
	const ledger_def *def;
	lxw_worksheet *ws;
	lxw_format *money;
	char month[8];
	lxw_row_t row;
	buf masked;
} sheet;

static void put_text(sheet *x, int col, const char *v)
{
	if (!v)
		return;
	if (!x->o->unmasked && (x->def->cols[col].flags & COL_PERSONAL)) {
		buf_reset(&x->masked);
		ledger_mask(&x->def->cols[col], v, &x->masked);
		v = buf_cstr(&x->masked);
	}
	worksheet_write_string(x->ws, x->row, (lxw_col_t)col, v, NULL);
}

static void put_money(sheet *x, int col, int64_t cents)
{
	if (cents < 0)
		return;
	if (!x->o->unmasked && (x->def->cols[col].flags & COL_PERSONAL)) {
		char t[24];
		dues_money_format(cents, t);
		put_text(x, col, t);
		return;
	}
	worksheet_write_number(x->ws, x->row, (lxw_col_t)col, (double)cents / 100.0, x->money);
}

static int on_line(void *ctx, const dues_line *l)
{
	sheet *x = ctx;
	x->row++;
	put_text(x, DU_IDNO, l->idno);
	put_text(x, DU_NAME, l->name);
	put_text(x, DU_MONTH, x->month);
	put_money(x, DU_BASE, l->base);
	put_text(x, DU_RETIRED, l->retired ? "是" : "否");
	int64_t due = l->due;
	if (!l->has_row && l->base >= 0)
		due = dues_due(l->base, l->retired);
	put_money(x, DU_DUE, due);
	put_money(x, DU_PAID, l->paid);
	put_text(x, DU_PAID_DATE, l->paid_date);
	return 0;
}

/* Seeing pay and ID numbers in full is itself an event worth keeping (as fgdj export --unmasked). */
static int log_unmasked(store *s, const dues_sheet_opts *o, fg_err *e)
{
	int rc = store_begin(s, o->who, o->path, e);
	if (rc)
		return rc;
	json_t *j = json_pack("{s:s,s:s,s:s,s:s}", "ledger", "dues", "what", "导出未脱敏的党费收缴表", "org", o->org,
			      "month", o->month);
	char *js = json_dumps(j, JSON_COMPACT);
	rc = store_log(s, "export", "dues", "view", js, e);
	free(js);
	json_decref(j);
	rc = rc ? rc : store_commit(s, e);
	if (rc)
		store_rollback(s);
	return rc;
}

int dues_sheet_write(store *s, const dues_sheet_opts *o, size_t *rows, fg_err *e)
{
	int month;
	if (!o->month || dues_month_parse(o->month, &month) != 0)
		return err_set(e, FG_EINPUT, "月份“%s”无法识别（可写 2026-03、2026-3、2026年3月或 202603）",
			       o->month ? o->month : "");
	int64_t org = o->org ? query_visible(s, LEDGER_ORGS, o->scope, o->org) : 0;
	if (!org)
		return err_set(e, FG_EINPUT, "党组织“%s”不在党组织台账中，或不在您的工作范围内", o->org ? o->org : "");
	if (o->unmasked) {
		int rc = log_unmasked(s, o, e);
		if (rc)
			return rc;
	}
	sheet x = {o, ledger_get(LEDGER_DUES), NULL, NULL, "", 0, {0}};
	dues_month_format(month, x.month);
	lxw_workbook *wb = xlsx_out_open(o->path, NULL, e);
	if (!wb)
		return FG_EFAIL;
	x.ws = workbook_add_worksheet(wb, x.def->title);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	x.money = workbook_add_format(wb);
	format_set_num_format(x.money, "0.00");
	for (size_t c = 0; c < x.def->ncols; c++) {
		worksheet_write_string(x.ws, 0, (lxw_col_t)c, x.def->cols[c].header, bold);
		worksheet_set_column(x.ws, (lxw_col_t)c, (lxw_col_t)c, c == DU_IDNO ? 22 : 12, NULL);
	}
	worksheet_freeze_panes(x.ws, 1, 0);
	int rc = store_read_begin(s, e);
	if (!rc) {
		rc = store_dues_lines(s, org, month, on_line, &x, e);
		store_read_end(s);
	}
	rc = xlsx_out_close(wb, o->path, rc, e);
	buf_free(&x.masked);
	if (rows)
		*rows = (size_t)x.row;
	return rc;
}
