/* xlsx — the XLSX half of tab: minizip reads the package from memory, expat streams each XML
 * part as it is inflated, so a sheet's XML is never held whole.
 *
 * Parts are found the way the format says (package relationships → workbook → its
 * relationships), falling back to Excel's usual names. Entries are capped against zip bombs
 * before a byte is inflated, and the inflated length is checked against the directory.
 * Element and attribute names are compared without their namespace prefix, because some
 * producers write <x:c> where Excel writes <c>. */
#include "io/tab.h"

#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unzip.h>

#include "util/buf.h"
#include "util/date.h"

#define MAX_ENTRY ((uint64_t)512 << 20)    /* uncompressed bytes of one part */
#define MAX_RATIO 200                       /* uncompressed : compressed ... */
#define RATIO_FLOOR ((uint64_t)1 << 20)    /* ... checked once a part exceeds this */
#define MAX_SST_COUNT ((size_t)2000000)
#define MAX_SST_BYTES ((size_t)256 << 20)
#define MAX_COLS ((size_t)16384)            /* column XFD, Excel's last */
#define MAX_ROW ((size_t)1 << 30)           /* far past any sheet; keeps arithmetic safe */
/* Limits on the small parts, far beyond real workbooks, so that no lookup turns quadratic. */
#define MAX_SHEETS ((size_t)4096)
#define MAX_RELS ((size_t)16384)
#define MAX_XFS ((size_t)1000000)
#define MAX_NUMFMTS ((size_t)65536)
/* Cells handed to the callback, counting the empty ones that fill gaps, may not exceed this
 * plus 4 per inflated byte: a few kilobytes of "a cell at XFD in every row" would otherwise
 * cost minutes. */
#define CELL_BUDGET_BASE ((uint64_t)1000000)
#define CHUNK 65536
#define PROGRESS_STEP ((uint64_t)1 << 20)

/* ---- the package in memory, seen by minizip as a file ---- */

typedef struct memzip {
	const unsigned char *p;
	uint64_t len, pos;
} memzip;

static voidpf ZCALLBACK mz_open(voidpf opaque, const void *filename, int mode)
{
	(void)filename;
	(void)mode;
	memzip *m = opaque;
	m->pos = 0;
	return m;
}

static uLong ZCALLBACK mz_read(voidpf opaque, voidpf stream, void *b, uLong size)
{
	(void)opaque;
	memzip *m = stream;
	uint64_t left = m->len - m->pos;
	if ((uint64_t)size > left)
		size = (uLong)left;
	if (size)
		memcpy(b, m->p + m->pos, size);
	m->pos += size;
	return size;
}

static uLong ZCALLBACK mz_write(voidpf opaque, voidpf stream, const void *b, uLong size)
{
	(void)opaque;
	(void)stream;
	(void)b;
	(void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK mz_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((memzip *)stream)->pos;
}

static long ZCALLBACK mz_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
	(void)opaque;
	memzip *m = stream;
	uint64_t base;
	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET:
		base = 0;
		break;
	case ZLIB_FILEFUNC_SEEK_CUR:
		base = m->pos;
		break;
	case ZLIB_FILEFUNC_SEEK_END:
		base = m->len;
		break;
	default:
		return -1;
	}
	/* Offsets come from the (untrusted) archive: refuse anything outside it. */
	if (off > m->len || base > m->len - off)
		return -1;
	m->pos = base + off;
	return 0;
}

static int ZCALLBACK mz_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int ZCALLBACK mz_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

/* ---- reader state ---- */

typedef struct sheet_ref {
	char *name, *rid, *state;
} sheet_ref;

typedef struct rel {
	char *id, *type, *target;
} rel;

typedef struct numfmt {
	long id;
	int is_date;
	size_t seq; /* order in the file: a later definition of an id replaces an earlier one */
} numfmt;

enum cell_type { CT_N, CT_S, CT_STR, CT_INLINE, CT_B, CT_E, CT_D };
enum cell_src { SRC_LIT, SRC_ROW, SRC_SST };

/* A cell while its row is being read: text is an offset because the buffers may move. */
typedef struct xcell {
	tab_kind kind;
	enum cell_src src;
	size_t off;
	const char *lit;
	double num;
} xcell;

typedef struct xlsx {
	unzFile zf;
	const tab_opts *opts;
	const char *name; /* display name for messages */
	tab_row_fn fn;
	void *ctx;
	fg_err *e;
	int rc;             /* first error or non-zero callback value; stops everything */
	XML_Parser parser;  /* the part being parsed */
	const char *entry;  /* its name, for messages */

	int date1904;
	sheet_ref *sheets;
	size_t nsheets, capsheets;
	rel *rels;
	size_t nrels, caprels;

	/* sharedStrings: all strings back to back, each NUL-terminated */
	buf sst;
	size_t *sst_off;
	size_t nsst, capsst;

	/* styles: number format of each cellXfs entry, and custom formats */
	long *xf_fmt;
	size_t nxf, capxf;
	numfmt *fmts;
	size_t nfmts, capfmts;
	unsigned char *xf_date; /* per xf: 1 when its format shows a date */

	/* parse position shared by the sharedStrings and sheet parsers */
	int in_numfmts, in_cellxfs, in_si, in_is, in_t, in_v, in_sheetdata, in_row, in_c;
	int rph; /* depth inside <rPh> (phonetic guide): its text is not cell text */

	/* the current row and cell */
	size_t rownum, col;
	long long lastcol; /* -1 before a row's first cell */
	enum cell_type ctype;
	int cdate;
	buf val;  /* the current cell's <v> or inline text */
	buf rowtext;
	xcell *xc;
	tab_cell *cells;
	size_t ncells, capcells;
	uint64_t inflated;  /* bytes of the current part inflated so far */
	uint64_t cells_out; /* cells of the sheet's rows so far, see CELL_BUDGET_BASE */
} xlsx;

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Records a structural problem with the file (the first one wins) and stops the parser. */
static void fail(xlsx *x, const char *why)
{
	if (x->rc)
		return;
	x->rc = err_set(x->e, FG_EINPUT, "文件 %s 不是有效的 XLSX：%s 中%s", x->name, x->entry, why);
	if (x->parser)
		XML_StopParser(x->parser, XML_FALSE);
}

/* Parses a non-negative decimal integer that is all of s; -1 otherwise. */
static long long parse_uint(const char *s, long long max)
{
	if (!s || !*s)
		return -1;
	long long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return v;
}

static int xml_bool(const char *s)
{
	return s && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0);
}

/* ---- relationships (_rels/.rels and the workbook's) ---- */

static void XMLCALL rels_start(void *ud, const char *el, const char **atts)
{
	xlsx *x = ud;
	if (x->rc || strcmp(local(el), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
	const char *mode = attr(atts, "TargetMode");
	if (!id || !target || (mode && strcmp(mode, "External") == 0))
		return;
	if (x->nrels >= MAX_RELS) {
		fail(x, "的关系超过 16384 个上限");
		return;
	}
	if (x->nrels == x->caprels) {
		x->caprels = x->caprels ? x->caprels * 2 : 16;
		x->rels = xrealloc(x->rels, x->caprels * sizeof *x->rels);
	}
	x->rels[x->nrels++] = (rel){xstrdup(id), xstrdup(type ? type : ""), xstrdup(target)};
}

static void rels_clear(xlsx *x)
{
	for (size_t i = 0; i < x->nrels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].type);
		free(x->rels[i].target);
	}
	x->nrels = 0;
}

static const rel *rel_by_type(const xlsx *x, const char *suffix)
{
	for (size_t i = 0; i < x->nrels; i++)
		if (ends_with(x->rels[i].type, suffix))
			return &x->rels[i];
	return NULL;
}

static const rel *rel_by_id(const xlsx *x, const char *id)
{
	for (size_t i = 0; i < x->nrels; i++)
		if (strcmp(x->rels[i].id, id) == 0)
			return &x->rels[i];
	return NULL;
}

/* The part a relationship target names: absolute ("/xl/x.xml") or relative to dir, with
 * "." and ".." resolved. The caller frees. */
static char *resolve(const char *dir, const char *target)
{
	buf in = {0}, out = {0};
	if (target[0] == '/' || target[0] == '\\')
		target++;
	else
		buf_puts(&in, dir);
	buf_puts(&in, target);
	const char *s = buf_cstr(&in);
	while (*s) {
		size_t n = strcspn(s, "/\\");
		if ((n == 2 && s[0] == '.' && s[1] == '.')) {
			char *slash = out.len ? strrchr(out.p, '/') : NULL;
			out.len = slash ? (size_t)(slash - out.p) : 0;
			if (out.p)
				out.p[out.len] = '\0';
		} else if (n > 0 && !(n == 1 && s[0] == '.')) {
			if (out.len)
				buf_putc(&out, '/');
			buf_add(&out, s, n);
		}
		s += n;
		if (*s)
			s++;
	}
	buf_free(&in);
	return buf_detach(&out);
}

/* ---- workbook.xml ---- */

static void XMLCALL wb_start(void *ud, const char *el, const char **atts)
{
	xlsx *x = ud;
	if (x->rc)
		return;
	const char *l = local(el);
	if (strcmp(l, "workbookPr") == 0) {
		x->date1904 = xml_bool(attr(atts, "date1904"));
	} else if (strcmp(l, "sheet") == 0) {
		const char *name = attr(atts, "name"), *rid = attr(atts, "id");
		const char *state = attr(atts, "state");
		if (!name || !rid)
			return;
		if (x->nsheets >= MAX_SHEETS) {
			fail(x, "的工作表超过 4096 个上限");
			return;
		}
		if (x->nsheets == x->capsheets) {
			x->capsheets = x->capsheets ? x->capsheets * 2 : 8;
			x->sheets = xrealloc(x->sheets, x->capsheets * sizeof *x->sheets);
		}
		x->sheets[x->nsheets++] =
			(sheet_ref){xstrdup(name), xstrdup(rid), xstrdup(state ? state : "visible")};
	}
}

/* ---- sharedStrings.xml ---- */

static void XMLCALL sst_start(void *ud, const char *el, const char **atts)
{
	(void)atts;
	xlsx *x = ud;
	if (x->rc)
		return;
	const char *l = local(el);
	if (strcmp(l, "si") == 0) {
		if (x->nsst >= MAX_SST_COUNT) {
			fail(x, "的共享字符串超过 2000000 条上限");
			return;
		}
		if (x->nsst == x->capsst) {
			x->capsst = x->capsst ? x->capsst * 2 : 1024;
			x->sst_off = xrealloc(x->sst_off, x->capsst * sizeof *x->sst_off);
		}
		x->sst_off[x->nsst] = x->sst.len;
		x->in_si = 1;
		x->rph = 0;
	} else if (strcmp(l, "rPh") == 0) {
		x->rph++;
	} else if (strcmp(l, "t") == 0 && x->in_si && !x->rph) {
		x->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ud, const char *el)
{
	xlsx *x = ud;
	if (x->rc)
		return;
	const char *l = local(el);
	if (strcmp(l, "t") == 0) {
		x->in_t = 0;
	} else if (strcmp(l, "rPh") == 0) {
		if (x->rph)
			x->rph--;
	} else if (strcmp(l, "si") == 0 && x->in_si) {
		buf_putc(&x->sst, '\0');
		x->nsst++;
		x->in_si = 0;
	}
}

static void XMLCALL sst_text(void *ud, const char *s, int n)
{
	xlsx *x = ud;
	if (x->rc || !x->in_t)
		return;
	if (x->sst.len + (size_t)n > MAX_SST_BYTES) {
		fail(x, "的共享字符串总长超过 256 MB 上限");
		return;
	}
	buf_add(&x->sst, s, (size_t)n);
}

/* ---- styles.xml ---- */

/* Whether an Excel number format code displays a date or time: a y, m, d or h outside quoted
 * text, [brackets] (colours, locales, elapsed time), escapes and fill/padding characters. */
static int fmt_is_date(const char *code)
{
	for (const char *s = code; *s; s++) {
		switch (*s) {
		case '"':
			s = strchr(s + 1, '"');
			if (!s)
				return 0;
			break;
		case '[':
			s = strchr(s + 1, ']');
			if (!s)
				return 0;
			break;
		case '\\':
		case '_':
		case '*':
			if (s[1])
				s++;
			break;
		case 'y': case 'Y': case 'm': case 'M': case 'd': case 'D': case 'h': case 'H':
			return 1;
		default:
			break;
		}
	}
	return 0;
}

/* Built-in formats that show dates or times (ECMA-376 §18.8.30, with the East Asian ids). */
static int builtin_is_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

static void XMLCALL styles_start(void *ud, const char *el, const char **atts)
{
	xlsx *x = ud;
	if (x->rc)
		return;
	const char *l = local(el);
	if (strcmp(l, "numFmts") == 0) {
		x->in_numfmts = 1;
	} else if (strcmp(l, "cellXfs") == 0) {
		x->in_cellxfs = 1;
	} else if (x->in_numfmts && strcmp(l, "numFmt") == 0) {
		long long id = parse_uint(attr(atts, "numFmtId"), 1000000);
		const char *code = attr(atts, "formatCode");
		if (id < 0 || !code)
			return;
		if (x->nfmts == x->capfmts) {
			x->capfmts = x->capfmts ? x->capfmts * 2 : 16;
			x->fmts = xrealloc(x->fmts, x->capfmts * sizeof *x->fmts);
		}
		if (x->nfmts >= MAX_NUMFMTS) {
			fail(x, "的数字格式超过 65536 个上限");
			return;
		}
		x->fmts[x->nfmts] = (numfmt){(long)id, fmt_is_date(code), x->nfmts};
		x->nfmts++;
	} else if (x->in_cellxfs && strcmp(l, "xf") == 0) {
		long long id = parse_uint(attr(atts, "numFmtId"), 1000000);
		if (x->nxf >= MAX_XFS) {
			fail(x, "的单元格格式超过 1000000 个上限");
			return;
		}
		if (x->nxf == x->capxf) {
			x->capxf = x->capxf ? x->capxf * 2 : 32;
			x->xf_fmt = xrealloc(x->xf_fmt, x->capxf * sizeof *x->xf_fmt);
		}
		x->xf_fmt[x->nxf++] = id < 0 ? 0 : (long)id;
	}
}

static void XMLCALL styles_end(void *ud, const char *el)
{
	xlsx *x = ud;
	const char *l = local(el);
	if (strcmp(l, "numFmts") == 0)
		x->in_numfmts = 0;
	else if (strcmp(l, "cellXfs") == 0)
		x->in_cellxfs = 0;
}

static int numfmt_cmp(const void *a, const void *b)
{
	const numfmt *p = a, *q = b;
	if (p->id != q->id)
		return p->id < q->id ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

static int numfmt_cmp_id(const void *a, const void *b)
{
	const numfmt *p = a, *q = b;
	return p->id < q->id ? -1 : p->id > q->id;
}

static void styles_resolve(xlsx *x)
{
	/* Sorted by id with the last definition of each id kept, so that each xf is one
	 * binary search however many formats a (hostile) file declares. */
	if (x->nfmts)
		qsort(x->fmts, x->nfmts, sizeof *x->fmts, numfmt_cmp);
	size_t n = 0;
	for (size_t i = 0; i < x->nfmts; i++) {
		if (n && x->fmts[n - 1].id == x->fmts[i].id)
			n--;
		x->fmts[n++] = x->fmts[i];
	}
	x->nfmts = n;

	x->xf_date = xcalloc(x->nxf ? x->nxf : 1, 1);
	for (size_t i = 0; i < x->nxf; i++) {
		numfmt key = {x->xf_fmt[i], 0, 0};
		const numfmt *f = x->nfmts ? bsearch(&key, x->fmts, x->nfmts, sizeof *x->fmts,
						      numfmt_cmp_id)
					   : NULL;
		/* A custom format may reuse a built-in id; the file's definition wins. */
		x->xf_date[i] = (unsigned char)(f ? f->is_date : builtin_is_date(key.id));
	}
}

/* ---- the worksheet ---- */

/* Column index from a reference such as "C5" (2); -1 when it has no letters. */
static long long ref_col(const char *r)
{
	long long c = 0;
	size_t n = 0;
	for (; (*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z'); r++, n++) {
		c = c * 26 + ((*r | 0x20) - 'a' + 1);
		if (c > (long long)MAX_COLS)
			return (long long)MAX_COLS;
	}
	return n ? c - 1 : -1;
}

static void row_begin(xlsx *x, const char **atts)
{
	long long r = parse_uint(attr(atts, "r"), (long long)MAX_ROW);
	x->rownum = r > 0 ? (size_t)r : x->rownum + 1;
	x->ncells = 0;
	x->lastcol = -1;
	buf_reset(&x->rowtext);
	x->in_row = 1;
}

static void cell_begin(xlsx *x, const char **atts)
{
	const char *r = attr(atts, "r");
	long long col = r ? ref_col(r) : -1;
	if (col < 0)
		col = x->lastcol + 1;
	if (col >= (long long)MAX_COLS) {
		fail(x, "有超出 XFD 列（第 16384 列）的单元格");
		return;
	}
	x->col = (size_t)col;
	x->lastcol = col;

	const char *t = attr(atts, "t");
	x->ctype = CT_N;
	if (t) {
		if (strcmp(t, "s") == 0)
			x->ctype = CT_S;
		else if (strcmp(t, "str") == 0)
			x->ctype = CT_STR;
		else if (strcmp(t, "inlineStr") == 0)
			x->ctype = CT_INLINE;
		else if (strcmp(t, "b") == 0)
			x->ctype = CT_B;
		else if (strcmp(t, "e") == 0)
			x->ctype = CT_E;
		else if (strcmp(t, "d") == 0)
			x->ctype = CT_D;
	}
	long long s = parse_uint(attr(atts, "s"), 1000000);
	x->cdate = s >= 0 && (size_t)s < x->nxf && x->xf_date[s];
	buf_reset(&x->val);
	x->in_c = 1;
	x->in_v = x->in_is = x->in_t = x->rph = 0;
}

/* Whether s (length n) is a plain decimal number as Excel stores it; fills *v. */
static int parse_number(const char *s, size_t n, double *v)
{
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789+-.eE", s[i]))
			return 0;
	char *end;
	*v = strtod(s, &end);
	return end == s + n && isfinite(*v);
}

static void cell_put(xlsx *x, xcell c)
{
	size_t col = x->col;
	/* Styled but empty cells (whole rows formatted out to column XFD) do not widen the
	 * row: the work per row stays proportional to its content. */
	if (c.kind == TAB_EMPTY && col >= x->ncells)
		return;
	if (col >= x->capcells) {
		size_t cap = x->capcells ? x->capcells : 32;
		while (cap <= col)
			cap *= 2;
		x->xc = xrealloc(x->xc, cap * sizeof *x->xc);
		x->cells = xrealloc(x->cells, cap * sizeof *x->cells);
		x->capcells = cap;
	}
	for (size_t i = x->ncells; i < col; i++)
		x->xc[i] = (xcell){TAB_EMPTY, SRC_LIT, 0, "", 0};
	x->xc[col] = c;
	if (col >= x->ncells)
		x->ncells = col + 1;
}

static xcell row_text(xlsx *x, tab_kind kind, const char *s, size_t n, double num)
{
	xcell c = {kind, SRC_ROW, x->rowtext.len, NULL, num};
	buf_add(&x->rowtext, s, n);
	buf_putc(&x->rowtext, '\0');
	return c;
}

static void cell_end(xlsx *x)
{
	const char *v = buf_cstr(&x->val);
	size_t n = x->val.len;
	xcell c = {TAB_EMPTY, SRC_LIT, 0, "", 0};
	double num;
	int days;
	char ymd[11];

	x->in_c = 0;
	switch (x->ctype) {
	case CT_S: {
		if (n == 0)
			break;
		long long i = parse_uint(v, (long long)MAX_SST_COUNT);
		if (i < 0 || (size_t)i >= x->nsst) {
			char col[8], why[96];
			tab_col_name(x->col, col);
			snprintf(why, sizeof why, "单元格 %s%zu 引用了不存在的共享字符串", col, x->rownum);
			fail(x, why);
			return;
		}
		c.src = SRC_SST;
		c.off = x->sst_off[i];
		c.kind = x->sst.p[c.off] ? TAB_TEXT : TAB_EMPTY;
		break;
	}
	case CT_STR:
	case CT_INLINE:
	case CT_E:
		if (n)
			c = row_text(x, TAB_TEXT, v, n, 0);
		break;
	case CT_B:
		if (n) {
			int b = !(n == 1 && v[0] == '0') && strcmp(v, "false") != 0;
			c = (xcell){TAB_BOOL, SRC_LIT, 0, b ? "1" : "0", b};
		}
		break;
	case CT_D:
		if (n == 0)
			break;
		if (date_parse(v, &days) == 0) {
			date_format(days, ymd);
			int epoch = x->date1904 ? date_from_ymd(1904, 1, 1) : date_from_ymd(1899, 12, 30);
			c = row_text(x, TAB_DATE, ymd, 10, (double)(days - epoch));
		} else {
			c = row_text(x, TAB_TEXT, v, n, 0);
		}
		break;
	case CT_N:
		if (n == 0)
			break;
		if (!parse_number(v, n, &num)) {
			c = row_text(x, TAB_TEXT, v, n, 0);
		} else if (x->cdate && date_from_serial(num, x->date1904, &days) == 0) {
			date_format(days, ymd);
			c = row_text(x, TAB_DATE, ymd, 10, num);
		} else {
			c = row_text(x, TAB_NUMBER, v, n, num);
		}
		break;
	}
	cell_put(x, c);
}

static void row_end(xlsx *x)
{
	int any = 0;
	x->in_row = 0;
	x->cells_out += x->ncells;
	if (x->cells_out > CELL_BUDGET_BASE + 4 * x->inflated) {
		fail(x, "的行里有大量空白单元格（内容远在右侧的列），疑似恶意构造，拒绝读取");
		return;
	}
	for (size_t i = 0; i < x->ncells; i++) {
		const xcell *c = &x->xc[i];
		tab_cell *o = &x->cells[i];
		o->kind = c->kind;
		o->num = c->num;
		o->text = c->src == SRC_LIT ? c->lit
			  : c->src == SRC_ROW ? x->rowtext.p + c->off
					      : x->sst.p + c->off;
		any |= c->kind != TAB_EMPTY;
	}
	if (!any)
		return;
	tab_row row = {.row = x->rownum, .ncells = x->ncells, .cells = x->cells};
	int rc = x->fn(x->ctx, &row);
	if (rc) {
		x->rc = rc;
		XML_StopParser(x->parser, XML_FALSE);
	}
}

static void XMLCALL sheet_start(void *ud, const char *el, const char **atts)
{
	xlsx *x = ud;
	if (x->rc)
		return;
	const char *l = local(el);
	if (!x->in_sheetdata) {
		if (strcmp(l, "sheetData") == 0)
			x->in_sheetdata = 1;
		return;
	}
	if (x->in_c) {
		if (strcmp(l, "v") == 0)
			x->in_v = 1;
		else if (strcmp(l, "is") == 0)
			x->in_is = 1;
		else if (x->in_is && strcmp(l, "rPh") == 0)
			x->rph++;
		else if (x->in_is && !x->rph && strcmp(l, "t") == 0)
			x->in_t = 1;
	} else if (x->in_row) {
		if (strcmp(l, "c") == 0)
			cell_begin(x, atts);
	} else if (strcmp(l, "row") == 0) {
		row_begin(x, atts);
	}
}

static void XMLCALL sheet_end(void *ud, const char *el)
{
	xlsx *x = ud;
	if (x->rc || !x->in_sheetdata)
		return;
	const char *l = local(el);
	if (x->in_c) {
		if (strcmp(l, "v") == 0)
			x->in_v = 0;
		else if (strcmp(l, "t") == 0)
			x->in_t = 0;
		else if (strcmp(l, "rPh") == 0 && x->rph)
			x->rph--;
		else if (strcmp(l, "is") == 0)
			x->in_is = 0;
		else if (strcmp(l, "c") == 0)
			cell_end(x);
	} else if (x->in_row) {
		if (strcmp(l, "row") == 0)
			row_end(x);
	} else if (strcmp(l, "sheetData") == 0) {
		x->in_sheetdata = 0;
	}
}

static void XMLCALL sheet_text(void *ud, const char *s, int n)
{
	xlsx *x = ud;
	if (x->rc || !x->in_c)
		return;
	if (x->in_v || x->in_t)
		buf_add(&x->val, s, (size_t)n);
}

/* ---- streaming one part ---- */

/* XLSX never carries a DTD; refusing it rules out entity tricks altogether. */
static void XMLCALL reject_doctype(void *ud, const char *name, const char *sysid,
				   const char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	fail(ud, "含有 DTD 声明（XLSX 中不应出现）");
}

/* Streams the part at path through a fresh expat parser with the given handlers. Returns
 * FG_OK or x->rc (an error, or the row callback's value). An absent part is an error unless
 * optional is 1, when it is skipped. report: whether to call opts->progress with inflated
 * bytes. */
static int parse_part(xlsx *x, const char *path, int optional, XML_StartElementHandler start,
		      XML_EndElementHandler end, XML_CharacterDataHandler text, int report)
{
	x->entry = path;
	if (unzLocateFile(x->zf, path, 2) != UNZ_OK) {
		if (optional)
			return FG_OK;
		return x->rc = err_set(x->e, FG_EINPUT, "文件 %s 不是有效的 XLSX：缺少 %s", x->name,
				       path);
	}
	unz_file_info64 info;
	if (unzGetCurrentFileInfo64(x->zf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
		return x->rc = err_set(x->e, FG_EINPUT, "文件 %s 不是有效的 XLSX：%s 的目录记录已损坏",
				       x->name, path);
	if (info.flag & 1)
		return x->rc = err_set(x->e, FG_EINPUT,
				       "文件 %s 已加密，无法读取：请在 Excel 或 WPS 中取消密码后另存", x->name);
	uint64_t size = info.uncompressed_size, packed = info.compressed_size;
	if (size > MAX_ENTRY)
		return x->rc = err_set(x->e, FG_EINPUT,
				       "文件 %s 中的 %s 解压后有 %llu 字节，超过 512 MB 上限，拒绝读取",
				       x->name, path, (unsigned long long)size);
	if (size > RATIO_FLOOR && size / MAX_RATIO > packed)
		return x->rc = err_set(x->e, FG_EINPUT,
				       "文件 %s 中的 %s 压缩比异常（%llu 字节解压为 %llu 字节，超过 200:1），疑似 ZIP 炸弹，拒绝读取",
				       x->name, path, (unsigned long long)packed,
				       (unsigned long long)size);
	if (unzOpenCurrentFile(x->zf) != UNZ_OK)
		return x->rc = err_set(x->e, FG_EINPUT,
				       "文件 %s 不是有效的 XLSX：无法解压 %s（压缩方式不受支持或数据损坏）",
				       x->name, path);

	XML_Parser p = XML_ParserCreate(NULL);
	if (!p) {
		unzCloseCurrentFile(x->zf);
		return x->rc = err_set(x->e, FG_EFAIL, "内存不足，无法解析 %s", path);
	}
	x->parser = p;
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	XML_SetDoctypeDeclHandler(p, reject_doctype, NULL);

	uint64_t done = 0, reported = 0;
	for (;;) {
		void *b = XML_GetBuffer(p, CHUNK);
		if (!b) {
			x->rc = err_set(x->e, FG_EFAIL, "内存不足，无法解析 %s", path);
			break;
		}
		int n = unzReadCurrentFile(x->zf, b, CHUNK);
		if (n < 0) {
			x->rc = err_set(x->e, FG_EINPUT, "文件 %s 不是有效的 XLSX：%s 解压失败（数据损坏）",
					x->name, path);
			break;
		}
		done += (uint64_t)n;
		x->inflated = done;
		if (done > size) {
			x->rc = err_set(x->e, FG_EINPUT,
					"文件 %s 不是有效的 XLSX：%s 解压出的数据多于目录记录的 %llu 字节",
					x->name, path, (unsigned long long)size);
			break;
		}
		if (n == 0 && done != size) {
			x->rc = err_set(x->e, FG_EINPUT,
					"文件 %s 不是有效的 XLSX：%s 不完整（应有 %llu 字节，只解压出 %llu 字节）",
					x->name, path, (unsigned long long)size,
					(unsigned long long)done);
			break;
		}
		if (XML_ParseBuffer(p, n, n == 0) != XML_STATUS_OK) {
			if (!x->rc)
				x->rc = err_set(x->e, FG_EINPUT,
						"文件 %s 不是有效的 XLSX：%s 第 %lu 行第 %lu 列 XML 格式错误（%s）",
						x->name, path,
						(unsigned long)XML_GetCurrentLineNumber(p),
						(unsigned long)XML_GetCurrentColumnNumber(p) + 1,
						XML_ErrorString(XML_GetErrorCode(p)));
			break;
		}
		if (x->rc) /* stopped by a handler on the last piece of input */
			break;
		if (report && x->opts && x->opts->progress &&
		    (n == 0 || done - reported >= PROGRESS_STEP)) {
			x->opts->progress(x->ctx, (size_t)done, (size_t)size);
			reported = done;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(p);
	x->parser = NULL;
	/* The CRC is checked here, and only when the part was read to its end. */
	int crc = unzCloseCurrentFile(x->zf);
	if (!x->rc && crc != UNZ_OK)
		x->rc = err_set(x->e, FG_EINPUT, "文件 %s 不是有效的 XLSX：%s 校验失败（数据损坏）",
				x->name, path);
	return x->rc;
}

/* The directory part of a part name, with its slash: "xl/workbook.xml" → "xl/". */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return xstrndup(path, slash ? (size_t)(slash - path) + 1 : 0);
}

/* Picks the sheet: by name when asked (exact, then ignoring ASCII case as Excel does),
 * else the first visible worksheet. Returns NULL with x->rc set when the name is unknown. */
static const sheet_ref *pick_sheet(xlsx *x)
{
	const char *want = x->opts ? x->opts->sheet : NULL;
	if (want) {
		for (size_t i = 0; i < x->nsheets; i++)
			if (strcmp(x->sheets[i].name, want) == 0)
				return &x->sheets[i];
		for (size_t i = 0; i < x->nsheets; i++)
			if (strcasecmp(x->sheets[i].name, want) == 0)
				return &x->sheets[i];
		buf names = {0};
		for (size_t i = 0; i < x->nsheets; i++) {
			if (names.len > 400) {
				buf_puts(&names, "等");
				break;
			}
			if (i)
				buf_puts(&names, "、");
			buf_puts(&names, x->sheets[i].name);
		}
		x->rc = err_set(x->e, FG_EINPUT, "文件 %s：工作簿中没有名为“%s”的工作表（现有：%s）",
				x->name, want, buf_cstr(&names));
		buf_free(&names);
		return NULL;
	}
	for (size_t i = 0; i < x->nsheets; i++) {
		const rel *r = rel_by_id(x, x->sheets[i].rid);
		if (strcmp(x->sheets[i].state, "visible") == 0 && r && ends_with(r->type, "/worksheet"))
			return &x->sheets[i];
	}
	return &x->sheets[0];
}

static int read_package(xlsx *x)
{
	int rc;
	char *wb_path = NULL, *wb_dir = NULL, *path = NULL;

	/* The package relationships name the workbook; Excel's name is the fallback. */
	rc = parse_part(x, "_rels/.rels", 1, rels_start, NULL, NULL, 0);
	if (rc)
		goto out;
	const rel *r = rel_by_type(x, "/officeDocument");
	wb_path = r ? resolve("", r->target) : xstrdup("xl/workbook.xml");
	rels_clear(x);
	wb_dir = dir_of(wb_path);

	rc = parse_part(x, wb_path, 0, wb_start, NULL, NULL, 0);
	if (rc)
		goto out;
	if (x->nsheets == 0) {
		rc = x->rc = err_set(x->e, FG_EINPUT, "文件 %s 不是有效的 XLSX：工作簿中没有工作表", x->name);
		goto out;
	}

	const char *base = strrchr(wb_path, '/');
	buf rels_path = {0};
	buf_printf(&rels_path, "%s_rels/%s.rels", wb_dir, base ? base + 1 : wb_path);
	rc = parse_part(x, buf_cstr(&rels_path), 1, rels_start, NULL, NULL, 0);
	buf_free(&rels_path);
	if (rc)
		goto out;

	const sheet_ref *sh = pick_sheet(x);
	if (!sh) {
		rc = x->rc;
		goto out;
	}

	r = rel_by_type(x, "/sharedStrings");
	path = r ? resolve(wb_dir, r->target) : resolve(wb_dir, "sharedStrings.xml");
	rc = parse_part(x, path, 1, sst_start, sst_end, sst_text, 0);
	free(path);
	path = NULL;
	if (rc)
		goto out;

	r = rel_by_type(x, "/styles");
	path = r ? resolve(wb_dir, r->target) : resolve(wb_dir, "styles.xml");
	rc = parse_part(x, path, 1, styles_start, styles_end, NULL, 0);
	free(path);
	path = NULL;
	if (rc)
		goto out;
	styles_resolve(x);

	r = rel_by_id(x, sh->rid);
	if (!r) {
		rc = x->rc = err_set(x->e, FG_EINPUT,
				     "文件 %s 不是有效的 XLSX：工作表“%s”的关系 %s 在工作簿关系中不存在",
				     x->name, sh->name, sh->rid);
		goto out;
	}
	path = resolve(wb_dir, r->target);
	x->rownum = 0;
	rc = parse_part(x, path, 0, sheet_start, sheet_end, sheet_text, 1);
out:
	free(path);
	free(wb_path);
	free(wb_dir);
	return rc;
}

int tab_read_xlsx_mem(const void *data, size_t len, const tab_opts *opts, tab_row_fn fn, void *ctx,
		      fg_err *e)
{
	memzip mz = {data, len, 0};
	zlib_filefunc64_def ff = {mz_open, mz_read, mz_write, mz_tell, mz_seek,
				  mz_close, mz_error, &mz};
	xlsx x = {0};
	x.opts = opts;
	x.name = opts && opts->display ? opts->display : "（内存数据）";
	x.fn = fn;
	x.ctx = ctx;
	x.e = e;

	x.zf = unzOpen2_64("(memory)", &ff);
	if (!x.zf)
		return err_set(e, FG_EINPUT,
			       "文件 %s 不是有效的 XLSX：无法读取 ZIP 目录（文件可能已损坏或不完整）", x.name);
	int rc = read_package(&x);
	unzClose(x.zf);

	for (size_t i = 0; i < x.nsheets; i++) {
		free(x.sheets[i].name);
		free(x.sheets[i].rid);
		free(x.sheets[i].state);
	}
	free(x.sheets);
	rels_clear(&x);
	free(x.rels);
	buf_free(&x.sst);
	free(x.sst_off);
	free(x.xf_fmt);
	free(x.fmts);
	free(x.xf_date);
	buf_free(&x.val);
	buf_free(&x.rowtext);
	free(x.xc);
	free(x.cells);
	return rc;
}
