#include "io/export.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "io/csvout.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/out.h"

int export_format_parse(const char *name)
{
	if (strcmp(name, "csv") == 0)
		return EXPORT_CSV;
	if (strcmp(name, "xlsx") == 0)
		return EXPORT_XLSX;
	if (strcmp(name, "json") == 0)
		return EXPORT_JSON;
	return -1;
}

typedef struct exporter {
	const ledger_def *def;
	const export_opts *o;
	fg_out w;
	buf line, masked;
	json_t *arr;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *date_fmt;
	lxw_row_t row;
	size_t n;
} exporter;

static const char *shown(exporter *x, size_t c, const char *v)
{
	if (!v || x->o->unmasked || !(x->def->cols[c].flags & COL_PERSONAL))
		return v;
	buf_reset(&x->masked);
	ledger_mask(&x->def->cols[c], v, &x->masked);
	return buf_cstr(&x->masked);
}

static int on_rec(void *ctx, const ledger_rec *rec)
{
	exporter *x = ctx;
	const ledger_def *def = x->def;
	switch (x->o->format) {
	case EXPORT_CSV:
		buf_reset(&x->line);
		for (size_t c = 0; c < def->ncols; c++) {
			if (c)
				buf_putc(&x->line, ',');
			csv_cell(&x->line, shown(x, c, rec->f[c]));
		}
		buf_puts(&x->line, "\r\n");
		out_write(&x->w, x->line.p, x->line.len);
		if (x->w.err)
			return FG_EFAIL; /* out_close names the output and the reason */
		break;
	case EXPORT_JSON: {
		json_t *o = json_object();
		for (size_t c = 0; c < def->ncols; c++) {
			const char *v = shown(x, c, rec->f[c]);
			json_t *jv;
			if (!v)
				jv = json_null();
			else if (def->cols[c].type == COL_INT)
				jv = json_integer(strtoll(v, NULL, 10));
			else if (def->cols[c].type == COL_NUM)
				jv = json_real(strtod(v, NULL));
			else if (def->cols[c].type == COL_BOOL)
				jv = json_boolean(strcmp(v, "是") == 0);
			else
				jv = json_string(v);
			json_object_set_new(o, def->cols[c].key, jv);
		}
		json_array_append_new(x->arr, o);
		break;
	}
	case EXPORT_XLSX:
		x->row++;
		for (size_t c = 0; c < def->ncols; c++) {
			const char *v = shown(x, c, rec->f[c]);
			if (!v)
				continue;
			lxw_col_t col = (lxw_col_t)c;
			int d;
			if (def->cols[c].type == COL_INT || def->cols[c].type == COL_NUM) {
				worksheet_write_number(x->ws, x->row, col, strtod(v, NULL), NULL);
			} else if (def->cols[c].type == COL_DATE && date_parse(v, &d) == 0) {
				int y, m, dd;
				date_to_ymd(d, &y, &m, &dd);
				lxw_datetime dt = {y, m, dd, 0, 0, 0};
				worksheet_write_datetime(x->ws, x->row, col, &dt, x->date_fmt);
			} else {
				worksheet_write_string(x->ws, x->row, col, v, NULL);
			}
		}
		break;
	}
	x->n++;
	return 0;
}

/* Copies a finished temporary file to standard output. */
static int copy_to_stdout(const char *tmp, fg_err *e)
{
	FILE *in = fopen(tmp, "rb");
	if (!in)
		return err_set(e, FG_EFAIL, "无法读取临时文件 %s：%s", tmp, strerror(errno));
	fg_out w;
	out_open(&w, NULL, e);
	char chunk[65536];
	size_t n;
	while (!w.err && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
		out_write(&w, chunk, n);
	int rc = ferror(in) ? err_set(e, FG_EFAIL, "读取临时文件 %s 失败", tmp) : FG_OK;
	fclose(in);
	fg_err we;
	if (out_close(&w, &we) && !rc)
		rc = err_set(e, FG_EFAIL, "%s", we.msg);
	return rc;
}

int export_ledger(store *s, const ledger_def *def, const export_opts *o, size_t *rows, fg_err *e)
{
	exporter x = {0};
	x.def = def;
	x.o = o;
	int rc = FG_OK;
	char tmp[64] = "";
	if (o->unmasked) {
		/* Seeing personal data in full is itself an event worth keeping. */
		rc = store_begin(s, o->who, o->path, e);
		if (!rc) {
			json_t *j = json_pack("{s:s,s:s}", "ledger", def->name, "what", "导出未脱敏的个人信息");
			char *js = json_dumps(j, JSON_COMPACT);
			rc = store_log(s, "export", def->name, "view", js, e);
			free(js);
			json_decref(j);
			rc = rc ? rc : store_commit(s, e);
			if (rc)
				store_rollback(s);
		}
		if (rc)
			return rc;
	}
	if (o->format == EXPORT_XLSX) {
		const char *target = o->path;
		if (!target) {
			snprintf(tmp, sizeof tmp, "/tmp/fgdj-export-XXXXXX");
			int fd = mkstemp(tmp);
			if (fd < 0)
				return err_set(e, FG_EFAIL, "无法创建临时文件：%s", strerror(errno));
			close(fd);
			target = tmp;
		}
		lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
		x.wb = workbook_new_opt(target, &wo);
		if (!x.wb) {
			rc = err_set(e, FG_EFAIL, "无法写入 %s：%s", target, strerror(errno));
			if (tmp[0])
				unlink(tmp);
			return rc;
		}
		x.ws = workbook_add_worksheet(x.wb, def->title);
		lxw_format *bold = workbook_add_format(x.wb);
		format_set_bold(bold);
		x.date_fmt = workbook_add_format(x.wb);
		format_set_num_format(x.date_fmt, "yyyy-mm-dd");
		for (size_t c = 0; c < def->ncols; c++) {
			worksheet_write_string(x.ws, 0, (lxw_col_t)c, def->cols[c].header, bold);
			worksheet_set_column(x.ws, (lxw_col_t)c, (lxw_col_t)c,
					     def->cols[c].type == COL_TEXT || def->cols[c].type == COL_USCC_LIST ? 24 : 14,
					     NULL);
		}
		worksheet_freeze_panes(x.ws, 1, 0);
		rc = store_each(s, def, o->filter, on_rec, &x, e);
		lxw_error le = workbook_close(x.wb);
		if (!rc && le != LXW_NO_ERROR)
			rc = err_set(e, FG_EFAIL, "写入 %s 失败：%s", target, lxw_strerror(le));
		if (!rc && !o->path)
			rc = copy_to_stdout(tmp, e);
		if (tmp[0])
			unlink(tmp);
	} else {
		rc = out_open(&x.w, o->path, e);
		if (rc)
			return rc;
		if (o->format == EXPORT_CSV) {
			/* A BOM makes Excel read UTF-8; the importer accepts it. */
			buf_puts(&x.line, "\xEF\xBB\xBF");
			for (size_t c = 0; c < def->ncols; c++) {
				if (c)
					buf_putc(&x.line, ',');
				csv_cell(&x.line, def->cols[c].header);
			}
			buf_puts(&x.line, "\r\n");
			out_write(&x.w, x.line.p, x.line.len);
		} else {
			x.arr = json_array();
		}
		rc = store_each(s, def, o->filter, on_rec, &x, e);
		if (!rc && x.arr) {
			if (json_dumpf(x.arr, x.w.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 && !ferror(x.w.f))
				rc = err_set(e, FG_EFAIL, "生成 JSON 失败");
			fputc('\n', x.w.f);
		}
		json_decref(x.arr);
		/* A write that stopped the scan is reported by out_close, not as the scan's failure. */
		fg_err we;
		if (out_close(&x.w, &we) && (!rc || x.w.err))
			rc = err_set(e, FG_EFAIL, "%s", we.msg);
		else if (rc > 0 && rc != FG_EFAIL && rc != FG_EINPUT)
			rc = FG_EFAIL;
	}
	buf_free(&x.line);
	buf_free(&x.masked);
	if (rows)
		*rows = x.n;
	return rc;
}
