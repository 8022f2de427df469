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
	DOC_PARA,   /* a paragraph of body text (first-line indent of two characters in DOCX/PDF) */
	DOC_CHART,  /* a horizontal bar chart */
	DOC_TABLE,  /* a table; row 0 is the header */
	DOC_NOTE,   /* small print (data source, date) */
} doc_kind;

typedef struct doc_chart {
	char *title;     /* "各街道组织覆盖率（%）" */
	size_t n;
	char **labels;   /* n labels */
	double *values;  /* n values; bars are scaled to max_value */
	double max_value;/* e.g. 100 for percentages */
	char *unit;      /* "%" appended to value labels */
} doc_chart;

typedef struct doc_table {
	size_t rows, cols;
	char **cells;    /* rows × cols, row-major; row 0 is the header */
} doc_table;

typedef struct doc_block {
	doc_kind kind;
	char *text;      /* UTF-8, for TITLE/H1/H2/PARA/NOTE */
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
 * DOCX: 宋体 body / 黑体 headings, A4 with GB/T 9704 margins, charts as PNG pictures, a page
 * number in the footer. PDF: Noto Serif CJK SC body / Noto Sans CJK SC headings (subsets
 * embedded), page numbers "第 N 页", H1/H2 as bookmarks. */
void doc_write_md(const doc *d, buf *out);
void doc_write_html(const doc *d, buf *out);          /* a complete HTML page, chart as inline SVG */
int doc_write_docx(const doc *d, const char *path, fg_err *e);
int doc_write_pdf(const doc *d, const char *path, fg_err *e);

/* The chart alone as SVG (used by HTML and by the web dashboard): a 640-unit-wide viewBox
 * whose height grows with the number of bars; NULL title, labels or unit are treated as "". */
void doc_chart_svg(const doc_chart *c, buf *out);

#endif
