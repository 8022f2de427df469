/* doc_chart — a bar chart drawn with cairo and set with pango, shared by the PDF writer
 * (vectors on the page) and the DOCX writer (rendered to a PNG picture). The SVG writer in
 * doc.c follows the same layout: labels right-aligned on the left, bars, value at the bar end. */
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

#include "report/doc_priv.h"

#define FONT_FAMILY "Noto Sans CJK SC,sans-serif"
#define TITLE_SIZE 12.0
#define LABEL_SIZE 10.0
#define GAP 6.0

char *doc_pango_text(const char *s)
{
	char *t = gfx.g_utf8_make_valid(s ? s : "", -1);
	char *w = t;
	for (const char *r = t; *r; r++)
		if ((unsigned char)*r >= 0x20 || *r == '\n' || *r == '\t')
			*w++ = *r;
	*w = '\0';
	return t;
}

/* A one-line layout of s (NULL is empty) at size user units. The caller unrefs it. */
static PangoLayout *one_line(cairo_t *cr, const char *s, double size, int bold)
{
	PangoLayout *l = gfx.pango_cairo_create_layout(cr);
	PangoFontDescription *fd = gfx.pango_font_description_from_string(FONT_FAMILY);
	gfx.pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (bold)
		gfx.pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	gfx.pango_layout_set_font_description(l, fd);
	gfx.pango_font_description_free(fd);
	gfx.pango_layout_set_single_paragraph_mode(l, TRUE);
	char *text = doc_pango_text(s);
	gfx.pango_layout_set_text(l, text, -1);
	gfx.g_free(text);
	return l;
}

/* Width limit (ellipsising what is longer) and alignment inside it. */
static void fit(PangoLayout *l, double width, PangoAlignment align)
{
	gfx.pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	gfx.pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	gfx.pango_layout_set_alignment(l, align);
}

static double width_of(PangoLayout *l)
{
	int w, h;
	gfx.pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

/* Shows l with its logical box vertically centred on mid. */
static void show_centred(cairo_t *cr, PangoLayout *l, double x, double mid)
{
	int w, h;
	gfx.pango_layout_get_size(l, &w, &h);
	gfx.cairo_move_to(cr, x, mid - (double)h / PANGO_SCALE / 2);
	gfx.pango_cairo_show_layout(cr, l);
}

void doc_chart_draw(cairo_t *cr, const doc_chart *c, double width, int with_title)
{
	gfx.cairo_save(cr);
	gfx.cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	double y = DOC_CHART_PAD;
	if (with_title) {
		PangoLayout *l = one_line(cr, c->title, TITLE_SIZE, 1);
		fit(l, width - 2 * DOC_CHART_PAD, PANGO_ALIGN_CENTER);
		show_centred(cr, l, DOC_CHART_PAD, y + DOC_CHART_TITLE_H / 2);
		gfx.g_object_unref(l);
		y += DOC_CHART_TITLE_H;
	}
	if (c->n == 0) {
		PangoLayout *l = one_line(cr, "无数据", LABEL_SIZE, 0);
		fit(l, width - 2 * DOC_CHART_PAD, PANGO_ALIGN_CENTER);
		gfx.cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
		show_centred(cr, l, DOC_CHART_PAD, y + DOC_CHART_ROW_H / 2);
		gfx.g_object_unref(l);
		gfx.cairo_restore(cr);
		return;
	}

	PangoLayout **labels = xcalloc(c->n, sizeof *labels);
	PangoLayout **values = xcalloc(c->n, sizeof *values);
	double label_w = 0, value_w = 0;
	buf v = {0};
	for (size_t i = 0; i < c->n; i++) {
		buf_reset(&v);
		doc_chart_value(&v, c, i);
		labels[i] = one_line(cr, c->labels[i], LABEL_SIZE, 0);
		values[i] = one_line(cr, buf_cstr(&v), LABEL_SIZE, 0);
		label_w = fmax(label_w, width_of(labels[i]));
		value_w = fmax(value_w, width_of(values[i]));
	}
	buf_free(&v);
	label_w = fmin(label_w, width * 0.35); /* longer labels are ellipsised */
	double bar_x = DOC_CHART_PAD + label_w + GAP;
	double bar_w = fmax(width - DOC_CHART_PAD - value_w - GAP - bar_x, 0);

	for (size_t i = 0; i < c->n; i++) {
		double top = y + (double)i * DOC_CHART_ROW_H, mid = top + DOC_CHART_ROW_H / 2;
		double len = doc_chart_frac(c, i) * bar_w;
		gfx.cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		fit(labels[i], label_w, PANGO_ALIGN_RIGHT);
		show_centred(cr, labels[i], DOC_CHART_PAD, mid);
		show_centred(cr, values[i], bar_x + len + GAP, mid);
		if (c->paired && i % 2 == 0)
			gfx.cairo_set_source_rgb(cr, DOC_CHART_THEN, DOC_CHART_THEN, DOC_CHART_THEN);
		else
			gfx.cairo_set_source_rgb(cr, DOC_CHART_COLOR_R, DOC_CHART_COLOR_G, DOC_CHART_COLOR_B);
		gfx.cairo_rectangle(cr, bar_x, top + (DOC_CHART_ROW_H - DOC_CHART_BAR_H) / 2, len, DOC_CHART_BAR_H);
		gfx.cairo_fill(cr);
		gfx.g_object_unref(labels[i]);
		gfx.g_object_unref(values[i]);
	}
	free(labels);
	free(values);

	gfx.cairo_set_source_rgb(cr, 0.45, 0.45, 0.45); /* the axis the bars grow from */
	gfx.cairo_set_line_width(cr, 0.75);
	gfx.cairo_move_to(cr, bar_x, y);
	gfx.cairo_line_to(cr, bar_x, y + (double)c->n * DOC_CHART_ROW_H);
	gfx.cairo_stroke(cr);
	gfx.cairo_restore(cr);
}
