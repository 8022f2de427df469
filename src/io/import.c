#include "io/import.h"
#include "store/crossmatch_store.h"


#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "io/csvout.h"
#include "io/tab.h"
#include "io/xlsx_out.h"
#include "store/query.h"
#include "store/places.h"
#include "store/rating_store.h"
#include "store/scope.h"
#include "util/date.h"
#include "util/strmap.h"

#define HEADER_SCAN_ROWS 10

typedef struct pending_org {
	size_t row;
	char *f[LEDGER_MAXCOLS];
	int done;
} pending_org;

typedef struct importer {
	store *s;
	const ledger_def *def;
	const import_opts *opts;
	import_result *r;
	ledger_ctx vctx;
	int have_header;
	size_t rows_seen;
	int colmap[256];        /* file column → ledger column, -1 unknown */
	size_t ncolmap;
	char *headers[LEDGER_MAXCOLS]; /* header text as written, per ledger column */
	buf vals[LEDGER_MAXCOLS];
	buf msg;
	strmap keys;            /* key → first row, for duplicates within the file (key_seen) */
	/* While the keys come in strictly increasing byte order (an export's), none can repeat an
	 * earlier one: they are kept in this list only — (size_t length, int64 row, bytes) each, the
	 * last at run_last — and keys is made from it at the first key out of order, or at the end
	 * for the ledgers that read it. */
	buf run;
	size_t run_last;
	int unsorted;
	pending_org *orgs;      /* orgs are written after the whole file is read (forward references) */
	size_t norgs, orgs_cap;
	strmap org_names;       /* names defined in this file → index in orgs */
	int fatal;
	int missing_cols;       /* a required column is missing: rows are checked, never written */
	int dyn;                /* the ledger's COL_DYNAMIC column, or -1 */
	char *extra[256];       /* per file column: its header when it is one of the dynamic columns */
	size_t item_col[256];   /* per item of the row's dynamic value: the file column it came from */
	fg_err *e;
	int subj_col;           /* import_subject_col */
	size_t subj_row;        /* the row subj names */
	buf subj;
} importer;

static const char *subject_of(const importer *im, size_t row)
{
	return row && row == im->subj_row && im->subj.len ? buf_cstr((buf *)&im->subj) : NULL;
}

static void set_subject(importer *im, size_t row, const char *text)
{
	buf_reset(&im->subj);
	if (text)
		buf_puts(&im->subj, text);
	im->subj_row = row;
}

int import_subject_col(const ledger_def *def)
{
	static const char *const KEYS[] = {"name", "org", "instructor", "training"};
	for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
		int c = ledger_col_index(def, KEYS[i]);
		if (c >= 0)
			return c;
	}
	for (size_t c = 0; c < def->ncols; c++)
		if (def->cols[c].flags & COL_KEY)
			return (int)c;
	return 0;
}

/* A message whose echoed cell and header are clipped: a hostile file can hold millions of bad rows
 * with 32k-character cells, and none of that may grow memory beyond the cap. */
static import_msg *add_msg(import_msg **v, size_t *n, size_t *cap, size_t *more, size_t row, const char *col,
			   const char *value, const char *text)
{
	if (*n >= IMPORT_MAX_ERRORS) {
		(*more)++;
		return NULL;
	}
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	import_msg *m = &(*v)[(*n)++];
	m->row = row;
	m->column = col ? xstrclip(col, IMPORT_CLIP_CHARS) : NULL;
	m->value = value && *value ? xstrclip(value, IMPORT_CLIP_CHARS) : NULL;
	m->text = xstrdup(text);
	m->subject = NULL;
	return m;
}

static void error_at(importer *im, size_t row, int col, const char *value, const char *text)
{
	const char *h = col >= 0 ? (im->headers[col] ? im->headers[col] : im->def->cols[col].header) : NULL;
	import_msg *m = add_msg(&im->r->errors, &im->r->nerrors, &im->r->errors_cap, &im->r->errors_more, row, h, value, text);
	const char *who = subject_of(im, row);
	if (m && who)
		m->subject = xstrclip(who, IMPORT_CLIP_CHARS);
}

static void warn_at(importer *im, size_t row, int col, const char *value, const char *text)
{
	const char *h = col >= 0 ? (im->headers[col] ? im->headers[col] : im->def->cols[col].header) : NULL;
	import_msg *m = add_msg(&im->r->warnings, &im->r->nwarnings, &im->r->warnings_cap, &im->r->warnings_more, row, h,
				value, text);
	const char *who = subject_of(im, row);
	if (m && who)
		m->subject = xstrclip(who, IMPORT_CLIP_CHARS);
}

/* A row is the header when it names at least two columns of this ledger, including the key. */
static int try_header(importer *im, const tab_row *row)
{
	int hits = 0, key = 0, ignored;
	for (size_t i = 0; i < row->ncells; i++) {
		int c = ledger_match_header(im->def, row->cells[i].text, &ignored);
		if (c >= 0) {
			hits++;
			if (im->def->cols[c].flags & COL_KEY)
				key = 1;
		}
	}
	if (hits < 2 || !key)
		return 0;
	buf unknown = {0};
	im->ncolmap = row->ncells < 256 ? row->ncells : 256;
	for (size_t i = 0; i < im->ncolmap; i++) {
		const char *h = row->cells[i].text;
		int c = ledger_match_header(im->def, h, &ignored);
		im->colmap[i] = c;
		if (c >= 0 && im->headers[c]) {
			buf m = {0};
			buf_printf(&m, "列“%s”与“%s”是同一栏目，只能出现一次", h, im->headers[c]);
			error_at(im, row->row, c, NULL, buf_cstr(&m));
			buf_free(&m);
			im->colmap[i] = -1;
		} else if (c >= 0) {
			im->headers[c] = xstrdup(h);
		} else if (!ignored && *h && im->dyn >= 0) {
			im->extra[i] = xstrdup(h);
		} else if (!ignored && *h) {
			buf_printf(&unknown, "%s“%s”", unknown.len ? "、" : "", h);
		}
	}
	if (unknown.len)
		buf_printf(&im->r->notes, "忽略不认识的列：%s\n", buf_cstr(&unknown));
	buf_free(&unknown);
	for (size_t c = 0; c < im->def->ncols; c++)
		if ((im->def->cols[c].flags & COL_REQUIRED) && !im->headers[c]) {
			buf m = {0};
			buf_printf(&m, "缺少必填列“%s”", im->def->cols[c].header);
			error_at(im, row->row, (int)c, NULL, buf_cstr(&m));
			buf_free(&m);
			im->missing_cols = 1;
		}
	im->have_header = 1;
	int cc = ledger_closing_col(im->def); /* a file without 撤销日期 keeps what is stored (fgdj close) */
	store_keep_closing(im->s, cc >= 0 && !im->headers[cc] && !im->headers[cc + 1]);
	return 1;
}

/* A row as the database holds it (query_get's copy). */
typedef struct held {
	int found;
	char *f[LEDGER_MAXCOLS];
} held;

static int hold_row(void *ctx, const query_row *row)
{
	held *h = ctx;
	h->found = 1;
	for (size_t c = 0; c < LEDGER_MAXCOLS; c++)
		h->f[c] = row->rec->f[c] ? xstrdup(row->rec->f[c]) : NULL;
	return 0;
}

static void held_free(held *h)
{
	for (size_t c = 0; c < LEDGER_MAXCOLS; c++)
		free(h->f[c]);
	memset(h, 0, sizeof *h);
}

/* The row of id as stored now, whatever the writer's scope (the write itself checks the scope). */
static void read_held(importer *im, int64_t id, held *h)
{
	store_filter all = {0};
	fg_err e;
	if (id > 0 && im->def->kind != LEDGER_RUBRIC)
		query_get(im->s, im->def->kind, &all, id, NULL, im->opts->today, hold_row, h, &e);
}

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Records what row rowno did (import_opts.changes): before and after as the database holds them. */
static void note_change(importer *im, size_t rowno, put_result res, held *before, int64_t id)
{
	import_result *r = im->r;
	if (r->nchanges >= IMPORT_MAX_CHANGES) {
		r->changes_more++;
		return;
	}
	if (r->nchanges == r->changes_cap) {
		r->changes_cap = r->changes_cap ? r->changes_cap * 2 : 64;
		r->changes = xrealloc(r->changes, r->changes_cap * sizeof *r->changes);
	}
	import_change *c = &r->changes[r->nchanges++];
	memset(c, 0, sizeof *c);
	c->row = rowno;
	c->kind = res == PUT_NEW ? IMPORT_NEW : res == PUT_CHANGED ? IMPORT_CHANGED : IMPORT_SAME;
	const char *who = subject_of(im, rowno);
	c->subject = who ? xstrclip(who, IMPORT_CLIP_CHARS) : NULL;
	if (res != PUT_CHANGED)
		return;
	held after = {0};
	read_held(im, id, &after);
	for (size_t col = 0; col < im->def->ncols; col++) {
		if (same_text(before->f[col], after.f[col]))
			continue;
		c->fields = xrealloc(c->fields, (c->nfields + 1) * sizeof *c->fields);
		c->fields[c->nfields++] = (import_field){col, before->f[col], after.f[col]};
		before->f[col] = after.f[col] = NULL; /* moved */
	}
	held_free(&after);
}

static void put_row(importer *im, size_t rowno, const ledger_rec *rec)
{
	if (im->missing_cols)
		return; /* the file is refused already; a row without its required fields cannot be stored */
	put_result res;
	int bad = -1;
	fg_err e;
	int64_t id = 0;
	int rc;
	if (im->opts->changes) {
		held before = {0};
		id = query_key_id(im->s, im->def, rec);
		read_held(im, id, &before);
		rc = store_put(im->s, im->def, rec, im->opts->today, &res, &bad, &e);
		if (rc == FG_OK) {
			if (!id)
				id = query_key_id(im->s, im->def, rec);
			note_change(im, rowno, res, &before, id);
		}
		held_free(&before);
	} else { /* no copy of the row as it was: nothing to make and free for each row */
		rc = store_put(im->s, im->def, rec, im->opts->today, &res, &bad, &e);
	}
	if (rc == FG_EINPUT && bad >= LEDGER_MAXCOLS) { /* an item of the dynamic value: its own column */
		const char *h = im->extra[im->item_col[bad - LEDGER_MAXCOLS]];
		add_msg(&im->r->errors, &im->r->nerrors, &im->r->errors_cap, &im->r->errors_more, rowno, h, NULL, e.msg);
		return;
	}
	if (rc == FG_EINPUT) {
		error_at(im, rowno, bad, bad >= 0 && bad != im->dyn ? rec->f[bad] : NULL, e.msg);
		return;
	}
	if (rc) {
		*im->e = e;
		im->fatal = 1;
		return;
	}
	if (res == PUT_NEW)
		im->r->inserted++;
	else if (res == PUT_CHANGED)
		im->r->updated++;
	else
		im->r->unchanged++;
}

static void keep_org(importer *im, size_t rowno, const ledger_rec *rec)
{
	if (im->norgs == im->orgs_cap) {
		im->orgs_cap = im->orgs_cap ? im->orgs_cap * 2 : 64;
		im->orgs = xrealloc(im->orgs, im->orgs_cap * sizeof *im->orgs);
	}
	pending_org *p = &im->orgs[im->norgs];
	p->row = rowno;
	p->done = 0;
	for (size_t i = 0; i < im->def->ncols; i++)
		p->f[i] = rec->f[i] ? xstrdup(rec->f[i]) : NULL;
	const char *name = rec->f[ledger_col_index(im->def, "name")];
	strmap_put(&im->org_names, name, strlen(name), (int64_t)im->norgs);
	im->norgs++;
}

/* 1 when a row holds nothing beyond its key: a sheet (io/rating_sheet.h) lists every organisation
 * and the user fills in those rated. */
static int blank_but_key(const ledger_def *def, const ledger_rec *rec)
{
	for (size_t c = 0; c < def->ncols; c++)
		if (rec->f[c] && !(def->cols[c].flags & COL_KEY))
			return 0;
	return 1;
}

/* keys made from the run (once). */
static void keys_from_run(importer *im)
{
	if (im->unsorted)
		return;
	im->unsorted = 1;
	for (size_t at = 0; at < im->run.len;) {
		size_t n;
		int64_t row;
		memcpy(&n, im->run.p + at, sizeof n);
		memcpy(&row, im->run.p + at + sizeof n, sizeof row);
		strmap_put(&im->keys, im->run.p + at + sizeof n + sizeof row, n, row);
		at += sizeof n + sizeof row + n;
	}
	buf_free(&im->run);
}

/* 0 when key k (n bytes) has not come before in the file (it is kept, with row), else the row
 * where it first came. */
static int64_t key_seen(importer *im, const char *k, size_t n, int64_t row)
{
	if (!im->unsorted) {
		int after = 1;
		if (im->run.len) {
			size_t ln;
			memcpy(&ln, im->run.p + im->run_last, sizeof ln);
			const char *last = im->run.p + im->run_last + sizeof ln + sizeof row;
			int c = memcmp(last, k, ln < n ? ln : n);
			after = c < 0 || (c == 0 && ln < n);
		}
		if (after) {
			im->run_last = im->run.len;
			buf_add(&im->run, &n, sizeof n);
			buf_add(&im->run, &row, sizeof row);
			buf_add(&im->run, k, n);
			return 0;
		}
		keys_from_run(im);
	}
	int64_t *first = strmap_val(&im->keys, k, n); /* one probe: 0 when new (rows count from 1) */
	if (*first)
		return *first;
	*first = row;
	return 0;
}

static int on_row(void *ctx, const tab_row *row)
{
	importer *im = ctx;
	if (!im->have_header) {
		if (try_header(im, row))
			return 0;
		if (++im->rows_seen >= HEADER_SCAN_ROWS) {
			add_msg(&im->r->errors, &im->r->nerrors, &im->r->errors_cap, &im->r->errors_more, row->row, NULL, NULL,
				"前 10 行中找不到表头：表头应包含本台账的栏目名称（如“统一社会信用代码”“企业名称”）");
			im->r->rows = 0;
			return 1;
		}
		return 0;
	}
	if (im->fatal)
		return 1;
	im->r->rows++;
	const ledger_def *def = im->def;
	set_subject(im, row->row, NULL);
	for (size_t i = 0; i < im->ncolmap && i < row->ncells; i++)
		if (im->colmap[i] == im->subj_col)
			set_subject(im, row->row, row->cells[i].text);
	ledger_rec rec = {{0}};
	const char *raw[LEDGER_MAXCOLS] = {0};
	val_status sts[LEDGER_MAXCOLS];
	for (size_t c = 0; c < LEDGER_MAXCOLS; c++)
		sts[c] = VAL_EMPTY;
	int ok = 1;
	for (size_t i = 0; i < im->ncolmap && i < row->ncells; i++) {
		int c = im->colmap[i];
		if (c < 0)
			continue;
		const tab_cell *cell = &row->cells[i];
		raw[c] = cell->text;
		unsigned flags = (cell->kind == TAB_NUMBER ? CELL_WAS_NUMBER : 0) | (cell->kind == TAB_DATE ? CELL_WAS_DATE : 0);
		val_status st = ledger_parse_value(&def->cols[c], cell->text, flags, &im->vctx, &im->vals[c], &im->msg);
		sts[c] = st;
		if (st == VAL_ERROR) {
			error_at(im, row->row, c, cell->text, buf_cstr(&im->msg));
			ok = 0;
		} else if (st == VAL_WARN) {
			warn_at(im, row->row, c, cell->text, buf_cstr(&im->msg));
		}
		if (st == VAL_OK || st == VAL_WARN)
			rec.f[c] = buf_cstr(&im->vals[c]);
	}
	if (im->dyn >= 0) {
		buf *d = &im->vals[im->dyn];
		buf_reset(d);
		size_t k = 0;
		for (size_t i = 0; i < im->ncolmap && i < row->ncells; i++)
			if (im->extra[i] && *row->cells[i].text) {
				ledger_dynamic_add(d, im->extra[i], row->cells[i].text);
				im->item_col[k++] = i;
			}
		rec.f[im->dyn] = d->len ? buf_cstr(d) : NULL;
	}
	if (im->dyn >= 0 && blank_but_key(def, &rec)) { /* a score sheet's row nobody filled in */
		im->r->rows--;
		return 0;
	}
	for (size_t c = 0; c < def->ncols; c++)
		if ((def->cols[c].flags & COL_REQUIRED) && sts[c] == VAL_EMPTY && im->headers[c]) {
			error_at(im, row->row, (int)c, NULL, "必填项为空");
			ok = 0;
		}
	if (!ok)
		return 0;
	int bad = ledger_check_row(def, &rec, &im->vctx, &im->msg);
	if (bad >= 0) {
		error_at(im, row->row, bad, raw[bad], buf_cstr(&im->msg));
		return 0;
	}
	buf key = {0};
	ledger_key(def, &rec, '\x1f', &key);
	int64_t first = key_seen(im, key.p, key.len, (int64_t)row->row);
	if (first) {
		buf m = {0};
		buf_printf(&m, "与第 %lld 行重复（同一%s只能出现一次）", (long long)first, ledger_key_label(def));
		int kc = -1;
		for (size_t c = 0; c < def->ncols && kc < 0; c++)
			if (def->cols[c].flags & COL_KEY)
				kc = (int)c;
		error_at(im, row->row, kc, raw[kc], buf_cstr(&m));
		buf_free(&m);
		buf_free(&key);
		return 0;
	}
	buf_free(&key);
	if (def->kind == LEDGER_ORGS)
		keep_org(im, row->row, &rec);
	else
		put_row(im, row->row, &rec);
	return 0;
}

/* Organisations go in parent-first order so that a parent defined later in the file is found. */
static void flush_orgs(importer *im)
{
	int pc = ledger_col_index(im->def, "parent");
	for (int progress = 1; progress && !im->fatal;) {
		progress = 0;
		for (size_t i = 0; i < im->norgs && !im->fatal; i++) {
			pending_org *p = &im->orgs[i];
			if (p->done)
				continue;
			int64_t pi;
			const char *parent = p->f[pc];
			if (parent && strmap_get(&im->org_names, parent, strlen(parent), &pi) && !im->orgs[pi].done)
				continue;
			ledger_rec rec = {{0}};
			memcpy(rec.f, p->f, sizeof p->f);
			set_subject(im, p->row, p->f[im->subj_col]);
			put_row(im, p->row, &rec);
			p->done = 1;
			progress = 1;
		}
	}
	for (size_t i = 0; i < im->norgs; i++) {
		set_subject(im, im->orgs[i].row, im->orgs[i].f[im->subj_col]);
		if (!im->orgs[i].done && !im->fatal)
			error_at(im, im->orgs[i].row, pc, im->orgs[i].f[pc],
				 "上级党组织与本文件中的其他党组织互为上级（形成循环）");
		for (size_t c = 0; c < im->def->ncols; c++)
			free(im->orgs[i].f[c]);
	}
}

static void relay_progress(void *ctx, size_t done, size_t total)
{
	importer *im = ctx;
	im->opts->progress(im->opts->progress_ctx, done, total);
}

int import_file(store *s, const ledger_def *def, const import_opts *opts, import_result *r, fg_err *e)
{
	memset(r, 0, sizeof *r);
	importer im = {0};
	im.s = s;
	im.def = def;
	im.opts = opts;
	im.subj_col = import_subject_col(def);
	im.r = r;
	im.e = e;
	im.vctx.today = opts->today;
	im.dyn = ledger_dynamic_col(def);
	char *pilot = store_setting_get(s, "uscc.pilot_codes");
	im.vctx.pilot_uscc = pilot;
	const char *display = opts->display ? opts->display : opts->path;
	store_bulk(s);
	int rc = store_begin(s, opts->who, display, e);
	if (rc) {
		free(pilot);
		return rc;
	}
	store_ordered_reads(s);
	store_bulk_indexes(s, def->kind);
	if (opts->scope)
		store_scope_set(s, opts->scope);
	store_places_allow(s, opts->new_places, opts->new_places_street);
	tab_opts to = {opts->sheet, display, opts->progress ? relay_progress : NULL};
	ledger_idno_memo(1);
	rc = tab_read(opts->path, &to, on_row, &im, e);
	ledger_idno_memo(0);
	if (rc == FG_EINPUT) /* the file itself is unreadable: one message for the whole file */
		add_msg(&r->errors, &r->nerrors, &r->errors_cap, &r->errors_more, 0, NULL, NULL, e->msg);
	if (rc == FG_OK || rc == 1) {
		rc = FG_OK;
		if (!im.have_header && r->nerrors == 0)
			add_msg(&r->errors, &r->nerrors, &r->errors_cap, &r->errors_more, 0, NULL, NULL,
				im.rows_seen ? "找不到表头：表头应包含本台账的栏目名称（如“统一社会信用代码”“企业名称”）"
					     : "文件是空的：没有表头，也没有数据");
		if (def->kind == LEDGER_ORGS)
			flush_orgs(&im);
		if (im.fatal)
			rc = FG_EFAIL;
	}
	if (rc == FG_OK && r->nerrors)
		rc = FG_EINPUT;
	if (def->kind == LEDGER_ROSTERS || def->kind == LEDGER_RUBRIC)
		keys_from_run(&im); /* they read every key of the file */
	if (rc == FG_OK && opts->replace && def->kind == LEDGER_ROSTERS)
		rc = store_rosters_replace(s, &im.keys, &r->removed, e);
	if (rc == FG_OK && def->kind == LEDGER_RUBRIC) { /* a file defines the whole rubric of its years */
		size_t row = 0;
		rc = store_rubric_replace(s, &im.keys, &row, e);
		if (rc == FG_EINPUT)
			error_at(&im, row, row ? RB_POINTS : -1, NULL, e->msg);
	}
	r->new_places = xstrdup(store_places_created(s));
	if (rc == FG_OK && !opts->dry_run) {
		rc = store_commit(s, e);
		r->committed = rc == FG_OK;
	} else {
		store_rollback(s);
	}
	for (size_t c = 0; c < LEDGER_MAXCOLS; c++) {
		free(im.headers[c]);
		buf_free(&im.vals[c]);
	}
	for (size_t i = 0; i < 256; i++)
		free(im.extra[i]);
	buf_free(&im.msg);
	buf_free(&im.subj);
	strmap_free(&im.keys);
	buf_free(&im.run);
	strmap_free(&im.org_names);
	free(im.orgs);
	free(pilot);
	return rc;
}

static void free_msgs(import_msg *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].subject);
		free(v[i].column);
		free(v[i].value);
		free(v[i].text);
	}
	free(v);
}

void import_result_free(import_result *r)
{
	free_msgs(r->errors, r->nerrors);
	free_msgs(r->warnings, r->nwarnings);
	buf_free(&r->notes);
	free(r->new_places);
	for (size_t i = 0; i < r->nchanges; i++) {
		for (size_t f = 0; f < r->changes[i].nfields; f++) {
			free(r->changes[i].fields[f].old);
			free(r->changes[i].fields[f].now);
		}
		free(r->changes[i].fields);
		free(r->changes[i].subject);
	}
	free(r->changes);
	memset(r, 0, sizeof *r);
}

void import_msg_format(const import_opts *opts, const import_msg *m, buf *out)
{
	const char *display = opts->display ? opts->display : opts->path;
	buf_puts(out, display);
	if (m->row)
		buf_printf(out, ":%zu", m->row);
	if (m->column)
		buf_printf(out, ":%s", m->column);
	buf_printf(out, ": %s", m->text);
	if (m->value)
		buf_printf(out, "（原值：%s）", m->value);
}

/* The error list's columns, the same in a CSV and an XLSX list. */
static const char *const ERR_HEADS[] = {"文件", "行", "列", "企业/人员", "原值", "说明", "位置"};
enum { ERR_NCOLS = sizeof ERR_HEADS / sizeof ERR_HEADS[0], ERR_ROW = 1, ERR_TEXT = 5 };

/* The cells of line i of the list under ERR_HEADS (NULL empty): message i, or after the last one a
 * line saying how many more were not listed; 0 past the end. row and where hold the texts made. */
static int error_cells(const import_opts *opts, const import_result *r, size_t i, buf *row, buf *where,
		       const char *cells[ERR_NCOLS])
{
	buf_reset(row);
	buf_reset(where);
	memset(cells, 0, ERR_NCOLS * sizeof *cells);
	if (i >= r->nerrors) {
		if (i > r->nerrors || !r->errors_more)
			return 0;
		buf_printf(where, "另有 %zu 处错误未列出", r->errors_more);
		cells[ERR_TEXT] = buf_cstr(where);
		return 1;
	}
	const import_msg *m = &r->errors[i];
	if (m->row)
		buf_printf(row, "%zu", m->row);
	import_msg_format(opts, m, where);
	const char *v[ERR_NCOLS] = {opts->display ? opts->display : opts->path, m->row ? buf_cstr(row) : NULL,
				    m->column, m->subject, m->value, m->text, buf_cstr(where)};
	memcpy(cells, v, sizeof v);
	return 1;
}

void import_errors_csv(const import_opts *opts, const import_result *r, buf *out)
{
	buf_puts(out, "\xEF\xBB\xBF");
	for (size_t c = 0; c < ERR_NCOLS; c++) {
		csv_cell(out, ERR_HEADS[c]);
		buf_puts(out, c + 1 < ERR_NCOLS ? "," : "\r\n");
	}
	buf row = {0}, where = {0};
	const char *cells[ERR_NCOLS];
	for (size_t i = 0; error_cells(opts, r, i, &row, &where, cells); i++)
		for (size_t c = 0; c < ERR_NCOLS; c++) {
			csv_cell(out, cells[c] ? cells[c] : "");
			buf_puts(out, c + 1 < ERR_NCOLS ? "," : "\r\n");
		}
	buf_free(&row);
	buf_free(&where);
}

int import_errors_xlsx(const import_opts *opts, const import_result *r, const char *path, fg_err *e)
{
	lxw_workbook *wb = xlsx_out_open(path, NULL, e);
	if (!wb)
		return FG_EFAIL;
	static const double WIDTH[ERR_NCOLS] = {18, 6, 18, 24, 24, 48, 40};
	lxw_worksheet *ws;
	lxw_row_t first;
	xlsx_out_sheet(wb, &ws, "错误清单", NULL, ERR_HEADS, WIDTH, ERR_NCOLS, &first);
	buf row = {0}, where = {0};
	const char *cells[ERR_NCOLS];
	for (size_t i = 0; error_cells(opts, r, i, &row, &where, cells); i++) {
		lxw_row_t at = first + (lxw_row_t)i;
		for (size_t c = 0; c < ERR_NCOLS; c++) {
			if (c == ERR_ROW && cells[c]) /* a number, as a spreadsheet sorts it */
				worksheet_write_number(ws, at, (lxw_col_t)c, (double)r->errors[i].row, NULL);
			else if (cells[c])
				worksheet_write_string(ws, at, (lxw_col_t)c, cells[c], NULL);
		}
	}
	buf_free(&row);
	buf_free(&where);
	return xlsx_out_close(wb, path, FG_OK, e);
}
