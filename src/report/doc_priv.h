/* doc_priv — what the doc writers (src/report/doc*.c) share: one escaping routine, the chart's
 * value labels and geometry, and the cairo drawing of a chart (PNG in DOCX, vectors in PDF).
 * Not for use outside the doc writers. */
#ifndef FGDJ_DOC_PRIV_H
#define FGDJ_DOC_PRIV_H
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stddef.h>

#include "report/doc.h"
#include "util/buf.h"
#include "util/dl.h"
#include "util/err.h"

/* The functions of pango, cairo and GLib the writers call, as gfx.NAME(…): bound on first use by
 * doc_gfx_load (util/dl.h), so that no other command loads these libraries. */
#define DOC_GFX_FUNCS(X) \
	X(cairo_create) X(cairo_destroy) X(cairo_fill) X(cairo_image_surface_create) \
	X(cairo_image_surface_get_data) X(cairo_image_surface_get_height) \
	X(cairo_image_surface_get_stride) X(cairo_image_surface_get_width) X(cairo_line_to) \
	X(cairo_move_to) X(cairo_paint) X(cairo_pdf_surface_add_outline) X(cairo_pdf_surface_create) \
	X(cairo_pdf_surface_set_metadata) X(cairo_rectangle) X(cairo_restore) X(cairo_save) X(cairo_scale) \
	X(cairo_set_line_width) X(cairo_set_source_rgb) X(cairo_show_page) X(cairo_status) \
	X(cairo_status_to_string) X(cairo_stroke) X(cairo_surface_destroy) X(cairo_surface_finish) \
	X(cairo_surface_flush) X(cairo_surface_status) X(cairo_translate) X(g_free) X(g_object_unref) \
	X(g_strndup) X(g_utf8_make_valid) X(pango_attr_letter_spacing_new) X(pango_attr_list_insert) \
	X(pango_attr_list_new) X(pango_attr_list_unref) X(pango_cairo_create_context) \
	X(pango_cairo_create_layout) X(pango_cairo_show_layout) X(pango_cairo_show_layout_line) \
	X(pango_font_description_free) X(pango_font_description_from_string) \
	X(pango_font_description_set_absolute_size) X(pango_font_description_set_weight) \
	X(pango_layout_get_iter) X(pango_layout_get_line_count) X(pango_layout_get_size) \
	X(pango_layout_iter_free) X(pango_layout_iter_get_baseline) X(pango_layout_iter_get_line_extents) \
	X(pango_layout_iter_get_line_readonly) X(pango_layout_iter_get_line_yrange) \
	X(pango_layout_iter_next_line) X(pango_layout_new) X(pango_layout_set_alignment) \
	X(pango_layout_set_attributes) X(pango_layout_set_ellipsize) X(pango_layout_set_font_description) \
	X(pango_layout_set_indent) X(pango_layout_set_justify) X(pango_layout_set_line_spacing) \
	X(pango_layout_set_single_paragraph_mode) X(pango_layout_set_text) X(pango_layout_set_width) \
	X(pango_layout_set_wrap)
struct doc_gfx {
	DOC_GFX_FUNCS(DL_POINTER)
};
extern struct doc_gfx gfx;
/* Binds gfx once (any thread); FG_OK, or FG_EFAIL with the library or function missing in e.
 * doc_write_docx and doc_write_pdf call it before they draw. */
int doc_gfx_load(fg_err *e);

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

/* A DOC_SIGN block's two lines, the issuer and the date, and where GB/T 9704 puts them: each
 * line's distance from the right edge of the text, in half characters. */
typedef struct doc_sign_line {
	const char *s;
	size_t n;
	int right;
} doc_sign_line;
typedef struct doc_sign {
	doc_sign_line line[2]; /* the issuer, the date */
} doc_sign;
void doc_sign_split(const char *text, doc_sign *g);

/* The text of the document's first DOC_TITLE block, or NULL. */
const char *doc_title(const doc *d);

#endif
