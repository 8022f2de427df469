/* doc — a small document model (headings, paragraphs, bar charts, tables) and its writers:
 * Markdown, HTML, DOCX (WordprocessingML, opens in Word and LibreOffice) and PDF (cairo + pango,
 * CJK font embedded). The work report is built as a doc, then written in the format asked. */
#ifndef FGDJ_DOC_H
#define FGDJ_DOC_H
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

typedef enum doc_kind {
	DOC_TITLE,  /* the document title, centred */
	DOC_H1,     /* 一、主要做法 */
	DOC_H2,     /* （一）… */
	DOC_H3,     /* 1. … */
	DOC_PARA,   /* a paragraph of body text (first-line indent of two characters in DOCX/PDF) */
	DOC_CHART,  /* a horizontal bar chart */
	DOC_TABLE,  /* a table; row 0 is the header */
	DOC_NOTE,   /* small print (data source, date) */
	DOC_SIGN,   /* the 落款: issuing body, a line break, the date (GB/T 9704 7.3.5.3, no seal) */
} doc_kind;

typedef struct doc_chart {
	char *title;     /* "各街道组织覆盖率（%）" */
	size_t n;
	char **labels;   /* n labels */
	double *values;  /* n values; bars are scaled to max_value */
	double max_value;/* e.g. 100 for percentages */
	char *unit;      /* "%" appended to value labels */
	int paired;      /* bars come in pairs, then and now: the first of each drawn in grey */
} doc_chart;

typedef struct doc_table {
	size_t rows, cols;
	char **cells;    /* rows × cols, row-major; row 0 is the header */
} doc_table;

typedef struct doc_block {
	doc_kind kind;
	char *text;      /* UTF-8, for TITLE/H1/H2/H3/PARA/NOTE/SIGN */
	doc_chart *chart;
	doc_table *table;
} doc_block;

typedef struct doc {
	doc_block *blocks;
	size_t n;
} doc;

/* Building. A zeroed doc is empty and valid. Every string (UTF-8) and array is copied, so the
 * caller keeps its own; a NULL string is stored as "". doc_free releases everything and leaves
 * the doc empty. Text may hold line breaks; invalid UTF-8 is repaired by the writers. */
void doc_add(doc *d, doc_kind kind, const char *text); /* kind is not DOC_CHART/DOC_TABLE */
/* n may be 0 (drawn as "无数据"). max_value <= 0 scales bars to the largest value; negative
 * and NaN values draw no bar (NaN is labelled "—"). */
void doc_add_chart(doc *d, const char *title, size_t n, const char *const *labels, const double *values,
		   double max_value, const char *unit);
/* cells: rows × cols strings, row-major; rows and cols at least 1. */
void doc_add_table(doc *d, size_t rows, size_t cols, const char *const *cells);
void doc_free(doc *d);

/* Writers. md/html append to out; docx/pdf write a file (FG_OK or FG_EFAIL with e filled; a
 * partly written file is removed). Text is escaped for each format: Markdown gets entities for
 * & < > so raw HTML in the data never reaches a renderer.
 * DOCX and PDF follow GB/T 9704 (docs/report-template.md): A4, margins 37/35/28/26 mm, 22 lines
 * of 28 characters; title 二号 标宋, body 三号 仿宋, 一、 黑体, （一） 楷体, 1. 仿宋 bold; page
 * numbers "— N —" 四号 at the outer edge (odd pages right, even pages left); the 落款 right of
 * the last page's text. DOCX names the standard fonts (方正小标宋简体, 仿宋_GB2312, 黑体,
 * 楷体_GB2312, 宋体) and holds charts as PNG pictures; PDF embeds the closest free fonts
 * (Noto Serif CJK SC, AR PL KaitiM GB, Noto Sans CJK SC) and has H1/H2 as bookmarks. */
void doc_write_md(const doc *d, buf *out);
void doc_write_html(const doc *d, buf *out);          /* a complete HTML page, chart as inline SVG */
int doc_write_docx(const doc *d, const char *path, fg_err *e);
int doc_write_pdf(const doc *d, const char *path, fg_err *e);

/* The chart alone as SVG (used by HTML and by the web dashboard): a 640-unit-wide viewBox
 * whose height grows with the number of bars; NULL title, labels or unit are treated as "". */
void doc_chart_svg(const doc_chart *c, buf *out);

#endif
