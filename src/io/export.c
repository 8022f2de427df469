#include "io/export.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "io/csvout.h"
#include "io/xlsx_out.h"
#include "store/places.h"
#include "store/rating_store.h"
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
	/* Output columns: ledger column c, or for the dynamic column one per extra header. */
	struct ocol {
		int c;
		const char *extra;
	} *cols;
	size_t ncols;
	buf extra_names;
	rating_settings rcfg;
	char stars[4];
	int city; /* the territory has districts: the 所属区县 column is written */
} exporter;

/* The value of "header" in a dynamic value ("表头：值；…"), into out; NULL when absent. */
typedef struct dyn_find {
	const char *want;
	buf *out;
	int found;
} dyn_find;

static void dyn_item(void *p, const char *h, size_t hl, const char *v, size_t vl)
{
	dyn_find *d = p;
	if (!d->found && strlen(d->want) == hl && memcmp(d->want, h, hl) == 0) {
		buf_reset(d->out);
		buf_add(d->out, v, vl);
		d->found = 1;
	}
}

/* The text of output column i of rec (borrowed from rec, x->line's scratch or x->stars). */
static const char *ocol_value(exporter *x, const ledger_rec *rec, size_t i, buf *scratch)
{
	const struct ocol *oc = &x->cols[i];
	if (oc->extra) {
		dyn_find d = {oc->extra, scratch, 0};
		ledger_dynamic_each(rec->f[oc->c], dyn_item, &d);
		return d.found ? buf_cstr(scratch) : NULL;
	}
	if (x->def->kind == LEDGER_RATINGS && oc->c == RT_STARS) { /* stars follow the thresholds in force */
		snprintf(x->stars, sizeof x->stars, "%d", rating_stars_of(&x->rcfg, rec->f[RT_TOTAL], rec->f[RT_VETO]));
		return x->stars;
	}
	return rec->f[oc->c];
}

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
	if (def->kind == LEDGER_RATINGS && x->o->year && (int)strtol(rec->f[RT_YEAR], NULL, 10) != x->o->year)
		return 0;
	buf scratch = {0};
	switch (x->o->format) {
	case EXPORT_CSV:
		buf_reset(&x->line);
		for (size_t i = 0; i < x->ncols; i++) {
			if (i)
				buf_putc(&x->line, ',');
			csv_cell(&x->line, shown(x, (size_t)x->cols[i].c, ocol_value(x, rec, i, &scratch)));
		}
		buf_puts(&x->line, "\r\n");
		out_write(&x->w, x->line.p, x->line.len);
		buf_free(&scratch);
		if (x->w.err)
			return FG_EFAIL; /* out_close names the output and the reason */
		break;
	case EXPORT_JSON: {
		json_t *o = json_object();
		for (size_t c = 0; c < def->ncols; c++) {
			if ((def->cols[c].flags & COL_CITY) && !x->city)
				continue;
			const char *v = def->kind == LEDGER_RATINGS && c == RT_STARS ? ocol_value(x, rec, x->ncols - 1, &scratch)
										  : shown(x, c, rec->f[c]);
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
		for (size_t i = 0; i < x->ncols; i++) {
			size_t c = (size_t)x->cols[i].c;
			const char *v = shown(x, c, ocol_value(x, rec, i, &scratch));
			if (!v)
				continue;
			lxw_col_t col = (lxw_col_t)i;
			int d;
			if (def->cols[c].type == COL_INT || def->cols[c].type == COL_NUM || x->cols[i].extra) {
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
	buf_free(&scratch);
	x->n++;
	return 0;
}

/* The rubric of one year (its own, or the built-in default) as ledger rows. */
static int each_rubric_item(store *s, int year, exporter *x, fg_err *e)
{
	rubric r;
	int rc = store_rubric_get(s, year, &r, e);
	if (rc)
		return rc;
	char ys[16], points[16];
	snprintf(ys, sizeof ys, "%d", r.year);
	for (size_t i = 0; i < r.n && !rc; i++) {
		snprintf(points, sizeof points, "%d", r.items[i].points);
		ledger_rec rec = {{ys, r.items[i].area, r.items[i].indicator, r.items[i].veto ? NULL : points,
				   r.items[i].veto ? "是" : "否"}};
		rc = on_rec(x, &rec);
	}
	rubric_free(&r);
	return rc;
}

/* --year: that year's rubric; without: every year that has its own, else this year's default. */
static int each_rubric(store *s, const export_opts *o, exporter *x, fg_err *e)
{
	if (o->year)
		return each_rubric_item(s, o->year, x, e);
	int *years;
	size_t n = store_rubric_years(s, &years);
	int rc = FG_OK;
	for (size_t i = 0; i < n && !rc; i++)
		rc = each_rubric_item(s, years[i], x, e);
	free(years);
	if (!n) {
		int y, m, d;
		date_to_ymd(o->today, &y, &m, &d);
		rc = each_rubric_item(s, y, x, e);
	}
	return rc;
}

static int each_row(store *s, const ledger_def *def, const export_opts *o, exporter *x, fg_err *e)
{
	if (def->kind == LEDGER_RUBRIC)
		return each_rubric(s, o, x, e);
	if (o->each)
		return o->each(o->each_ctx, on_rec, x, e);
	return store_each(s, def, o->filter, on_rec, x, e);
}

/* The output columns: the ledger's, the dynamic one spread over the exported years' indicators. */
static int plan_cols(store *s, const ledger_def *def, const export_opts *o, exporter *x, fg_err *e)
{
	int dyn = ledger_dynamic_col(def);
	size_t next = 0;
	if (dyn >= 0) {
		int y, m, d;
		date_to_ymd(o->today, &y, &m, &d);
		next = store_rating_headers(s, o->year, y, &x->extra_names, e);
		store_rating_settings(s, &x->rcfg);
	}
	x->cols = xcalloc(def->ncols + next, sizeof *x->cols);
	x->city = store_region_is_city(s);
	for (size_t c = 0; c < def->ncols; c++) {
		if ((def->cols[c].flags & COL_CITY) && !x->city)
			continue; /* a single district's files have no 所属区县 */
		if ((int)c != dyn) {
			x->cols[x->ncols++].c = (int)c;
			continue;
		}
		for (char *p = x->extra_names.p; p && *p;) {
			char *nl = strchr(p, '\n');
			*nl = 0;
			x->cols[x->ncols++] = (struct ocol){(int)c, p};
			p = nl + 1;
		}
	}
	return FG_OK;
}

static const char *ocol_header(const exporter *x, size_t i)
{
	return x->cols[i].extra ? x->cols[i].extra : x->def->cols[x->cols[i].c].header;
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
	char tmp[64] = "";
	int rc = plan_cols(s, def, o, &x, e);
	if (rc)
		goto done;
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
			goto done;
	}
	if (o->format == EXPORT_XLSX) {
		const char *target = o->path;
		if (!target) {
			snprintf(tmp, sizeof tmp, "/tmp/fgdj-export-XXXXXX");
			int fd = mkstemp(tmp);
			if (fd < 0) {
				rc = err_set(e, FG_EFAIL, "无法创建临时文件：%s", strerror(errno));
				goto done;
			}
			close(fd);
			target = tmp;
		}
		lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
		x.wb = xlsx_out_open(target, &wo, e);
		if (!x.wb) {
			rc = FG_EFAIL;
			if (tmp[0])
				unlink(tmp);
			goto done;
		}
		x.ws = workbook_add_worksheet(x.wb, def->title);
		lxw_format *bold = workbook_add_format(x.wb);
		format_set_bold(bold);
		x.date_fmt = workbook_add_format(x.wb);
		format_set_num_format(x.date_fmt, "yyyy-mm-dd");
		for (size_t i = 0; i < x.ncols; i++) {
			const ledger_col *lc = &def->cols[x.cols[i].c];
			worksheet_write_string(x.ws, 0, (lxw_col_t)i, ocol_header(&x, i), bold);
			worksheet_set_column(x.ws, (lxw_col_t)i, (lxw_col_t)i,
					     !x.cols[i].extra && (lc->type == COL_TEXT || lc->type == COL_USCC_LIST) ? 24 : 14,
					     NULL);
		}
		worksheet_freeze_panes(x.ws, 1, 0);
		rc = each_row(s, def, o, &x, e);
		rc = xlsx_out_close(x.wb, target, rc, e);
		if (!rc && !o->path)
			rc = copy_to_stdout(tmp, e);
		if (tmp[0])
			unlink(tmp);
	} else {
		rc = out_open(&x.w, o->path, e);
		if (rc)
			goto done;
		if (o->format == EXPORT_CSV) {
			/* A BOM makes Excel read UTF-8; the importer accepts it. */
			buf_puts(&x.line, "\xEF\xBB\xBF");
			for (size_t i = 0; i < x.ncols; i++) {
				if (i)
					buf_putc(&x.line, ',');
				csv_cell(&x.line, ocol_header(&x, i));
			}
			buf_puts(&x.line, "\r\n");
			out_write(&x.w, x.line.p, x.line.len);
		} else {
			x.arr = json_array();
		}
		rc = each_row(s, def, o, &x, e);
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
done:
	buf_free(&x.line);
	buf_free(&x.masked);
	buf_free(&x.extra_names);
	free(x.cols);
	if (rows)
		*rows = x.n;
	return rc;
}
