/* doc_priv — what the doc writers (src/report/doc*.c) share: one escaping routine, the chart's
 * value labels and geometry, and the cairo drawing of a chart (PNG in DOCX, vectors in PDF).
 * Not for use outside the doc writers. */
#ifndef FGDJ_DOC_PRIV_H
#define FGDJ_DOC_PRIV_H
#include <cairo.h>
#include <stddef.h>

#include "report/doc.h"
#include "util/buf.h"

/* Chart geometry in points (PDF, DOCX picture) or SVG user units: the height depends only on
 * the number of bars, so a writer can paginate before it draws. */
#define DOC_CHART_PAD 8.0
#define DOC_CHART_TITLE_H 28.0
#define DOC_CHART_ROW_H 22.0
#define DOC_CHART_BAR_H 14.0
#define DOC_CHART_COLOR_R 0.773 /* #C5262B, the bars */
#define DOC_CHART_COLOR_G 0.149
#define DOC_CHART_COLOR_B 0.169
#define DOC_CHART_THEN 0.62 /* #9E9E9E, the earlier bar of a pair */

/* Appends s[0..n) escaped for XML and HTML text and attribute values (& < > " '). Control
 * characters XML 1.0 forbids are dropped (tab, LF and CR kept) and bytes that are not UTF-8
 * become U+FFFD, so any input yields a well-formed part. */
void doc_esc(buf *out, const char *s, size_t n);
void doc_escs(buf *out, const char *s); /* s NUL-terminated; NULL appends nothing */

/* The value label of bar i: one decimal and the unit ("95.0%"), or "—" for NaN/infinity. */
void doc_chart_value(buf *out, const doc_chart *c, size_t i);
/* Bar length of bar i as a fraction of the bar area, in [0, 1]. */
double doc_chart_frac(const doc_chart *c, size_t i);
/* Height of the chart, with or without its title line. */
double doc_chart_height(const doc_chart *c, int with_title);

/* Draws the chart with its top-left corner at the current user-space origin, width units
 * wide and doc_chart_height() tall, text set by pango in "Noto Sans CJK SC". Leaves the
 * cairo state as it found it. */
void doc_chart_draw(cairo_t *cr, const doc_chart *c, double width, int with_title);

/* s (NULL is empty) made fit for pango and cairo: invalid UTF-8 repaired (pango would warn
 * and drop the text) and control characters other than LF and tab removed. The caller
 * g_free()s the result. */
char *doc_pango_text(const char *s);

/* Display width of s[0..n) (stops at a NUL) in half characters: CJK 2, ASCII 1. */
size_t doc_half_ems(const char *s, size_t n);

/* A DOC_SIGN block's two lines and where GB/T 9704 puts them: each line's distance from the
 * right edge of the text, in half characters. */
typedef struct doc_sign {
	const char *issuer, *date;
	size_t issuer_len, date_len;
	int issuer_right, date_right;
} doc_sign;
void doc_sign_split(const char *text, doc_sign *g);

/* The text of the document's first DOC_TITLE block, or NULL. */
const char *doc_title(const doc *d);

#endif
