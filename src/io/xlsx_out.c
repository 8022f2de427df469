#include "io/xlsx_out.h"

#include <errno.h>
#include <string.h>

lxw_workbook *xlsx_out_open(const char *path, lxw_workbook_options *opt, fg_err *e)
{
	errno = 0;
	lxw_workbook *wb = opt ? workbook_new_opt(path, opt) : workbook_new(path);
	if (!wb)
		err_set(e, FG_EFAIL, "无法写入 %s：%s", path, errno ? strerror(errno) : "内存不足");
	return wb;
}

int xlsx_out_close(lxw_workbook *wb, const char *path, int rc, fg_err *e)
{
	lxw_error le = workbook_close(wb);
	if (!rc && le != LXW_NO_ERROR)
		rc = err_set(e, FG_EFAIL, "写入 %s 失败：%s", path, lxw_strerror(le));
	return rc;
}

lxw_format *xlsx_out_sheet(lxw_workbook *wb, lxw_worksheet **ws, const char *name, const char *title,
			   const char *const *heads, const double *widths, size_t n, lxw_row_t *row)
{
	*ws = workbook_add_worksheet(wb, name);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_row_t r = 0;
	if (title)
		worksheet_write_string(*ws, r++, 0, title, bold);
	for (size_t c = 0; c < n; c++) {
		worksheet_write_string(*ws, r, (lxw_col_t)c, heads[c], bold);
		if (widths)
			worksheet_set_column(*ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	}
	worksheet_freeze_panes(*ws, r + 1, 0);
	*row = r + 1;
	return bold;
}
