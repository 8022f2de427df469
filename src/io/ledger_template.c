#include "io/ledger_template.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "io/xlsx_out.h"

#define TEMPLATE_ROWS 5000 /* rows below the header that carry the dropdowns */

/* Splits a Markdown table row "| a | b | c | d |" into its four cells (in place). */
static int md_cells(char *line, char *cells[4])
{
	if (strncmp(line, "| ", 2) != 0)
		return 0;
	char *p = line + 2;
	for (int i = 0; i < 4; i++) {
		char *end = strstr(p, " |");
		if (!end)
			return 0;
		*end = 0;
		cells[i] = p;
		p = end + 2;
		if (*p == ' ')
			p++;
	}
	return 1;
}

void ledger_format_each(const ledger_def *def, buf *key, void (*fn)(void *ctx, const ledger_format_col *c), void *ctx)
{
	buf md = {0};
	ledger_format_md(def, &md);
	size_t col = 0;
	int in_table = 0;
	for (char *line = md.p; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		char *cells[4];
		if (strncmp(line, "|---", 4) == 0) {
			in_table = 1;
		} else if (in_table && col < def->ncols && md_cells(line, cells)) {
			ledger_format_col c = {col, cells[0], cells[1], cells[2], cells[3]};
			fn(ctx, &c);
			col++;
		} else if (key && !in_table && *line && line[0] != '#') {
			buf_puts(key, line);
		}
		line = nl ? nl + 1 : NULL;
	}
	buf_free(&md);
}

typedef struct sheet_ctx {
	lxw_worksheet *ws;
	lxw_format *wrap;
} sheet_ctx;

static void instruction_row(void *ctx, const ledger_format_col *c)
{
	sheet_ctx *x = ctx;
	lxw_row_t row = (lxw_row_t)(c->col + 3);
	worksheet_write_string(x->ws, row, 0, c->header, x->wrap);
	worksheet_write_string(x->ws, row, 1, *c->required ? c->required : "否", x->wrap);
	worksheet_write_string(x->ws, row, 2, c->accepts, x->wrap);
	worksheet_write_string(x->ws, row, 3, c->variants, x->wrap);
}

int ledger_template_xlsx(const ledger_def *def, const char *path, fg_err *e)
{
	lxw_workbook *wb = xlsx_out_open(path, NULL, e);
	if (!wb)
		return FG_EFAIL;
	lxw_worksheet *ws = workbook_add_worksheet(wb, def->title);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	lxw_format *req = workbook_add_format(wb);
	format_set_bold(req);
	format_set_bg_color(req, 0xFCE4D6);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	static const char *const BOOL_CHOICES[] = {"是", "否", NULL};
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *c = &def->cols[i];
		lxw_col_t col = (lxw_col_t)i;
		worksheet_write_string(ws, 0, col, c->header, c->flags & COL_REQUIRED ? req : head);
		worksheet_set_column(ws, col, col, c->type == COL_TEXT ? 24 : 16, NULL);
		const char *const *choices = c->type == COL_ENUM ? c->choices : c->type == COL_BOOL ? BOOL_CHOICES : NULL;
		if (!choices)
			continue;
		lxw_data_validation dv = {0};
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = (char **)choices;
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
		dv.error_title = "取值不在列表中";
		dv.error_message = "请从下拉列表中选择";
		worksheet_data_validation_range(ws, 1, col, TEMPLATE_ROWS, col, &dv);
	}
	worksheet_freeze_panes(ws, 1, 0);

	lxw_worksheet *help = workbook_add_worksheet(wb, "填写说明");
	buf key = {0};
	sheet_ctx x = {help, wrap};
	buf title = {0};
	buf_printf(&title, "%s（%s）填写说明：每列一栏，列的顺序不限；带底色的列必填；取值固定的列可从下拉列表选择。", def->title,
		   def->name);
	worksheet_write_string(help, 0, 0, buf_cstr(&title), head);
	ledger_format_each(def, &key, instruction_row, &x);
	worksheet_write_string(help, 1, 0, buf_cstr(&key), NULL);
	static const char *const HEAD[] = {"列名", "必填", "内容", "也接受的列名"};
	for (lxw_col_t i = 0; i < 4; i++)
		worksheet_write_string(help, 2, i, HEAD[i], head);
	worksheet_set_column(help, 0, 0, 22, NULL);
	worksheet_set_column(help, 1, 1, 8, NULL);
	worksheet_set_column(help, 2, 2, 60, NULL);
	worksheet_set_column(help, 3, 3, 40, NULL);
	buf_free(&key);
	buf_free(&title);
	return xlsx_out_close(wb, path, FG_OK, e);
}
