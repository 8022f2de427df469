/* doc_pdf — the document as an A4 PDF: cairo draws, pango sets the text, cairo embeds a
 * subset of each font used.
 *
 * The layout of GB/T 9704 as in the DOCX, with free fonts (see SONG/KAI/HEI below): text on a
 * grid of 22 lines of 28 characters. Text blocks are laid out once at the text width
 * and then drawn line by line, so a paragraph longer than what is left on a page continues on
 * the next; headings move to the next page when they would sit at the bottom of one; table
 * rows never split and the header row repeats on each page; a chart moves whole. Each page
 * carries "— N —" below the text at its outer edge, and H1/H2 become PDF bookmarks. */
#include "report/doc.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/doc_priv.h"
#include "util/date.h"
#include "util/out.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
/* the margins of GB/T 9704, as in the DOCX */
#define TOP (37 * MM)
#define BOTTOM (PAGE_H - 35 * MM)
#define LEFT (28 * MM)
#define TEXT_W (PAGE_W - LEFT - 26 * MM)
#define NUMBER_TOP (BOTTOM + 7 * MM) /* GB/T 9704 7.5: the page number's line 7 mm below the text */
#define PITCH 28.95     /* 22 lines in the 225 mm text height, the DOCX's exact line pitch */
#define CHAR_W 15.75 /* 28 characters of 三号 a line (441 of 442.2 pt), as the DOCX's CHAR_SPACING */
#define KEEP_NEXT (2 * PITCH) /* room a heading needs below it for the text that follows */
#define CELL_PAD 4.0

/* The closest free faces Debian packages for the fonts GB/T 9704 names: Noto Serif CJK SC
 * (fonts-noto-cjk) for 宋体 and, in its bold, for 方正小标宋; it also sets the body, for which
 * (仿宋_GB2312) no free face is packaged; AR PL KaitiM GB (fonts-arphic-gkai00mp) for 楷体; Noto
 * Sans CJK SC for 黑体. */
#define SONG "Noto Serif CJK SC,serif"
#define KAI "AR PL KaitiM GB,Noto Serif CJK SC,serif"
#define HEI "Noto Sans CJK SC,sans-serif"

typedef struct style {
	const char *family;
	double size;          /* points */
	int bold;
	double before, after; /* space around the block, points */
	double spacing;       /* line spacing factor, when pitch is 0 */
	double pitch;         /* fixed line pitch on the page grid (points), or 0 */
	int indent;           /* first line indented by two characters */
	PangoAlignment align;
	double gray;          /* text colour, 0 = black */
} style;

/* As the DOCX (doc_docx.c): title 二号 标宋 centred with a blank line below; body, headings and
 * 落款 三号 on the 22-line grid, headings indented like the body. */
static const style styles[] = {
	[DOC_TITLE] = {SONG, 22, 1, 0, PITCH, 1, PITCH, 0, PANGO_ALIGN_CENTER, 0},
	[DOC_H1] = {HEI, 16, 0, 0, 0, 1, PITCH, 1, PANGO_ALIGN_LEFT, 0},
	[DOC_H2] = {KAI, 16, 0, 0, 0, 1, PITCH, 1, PANGO_ALIGN_LEFT, 0},
	[DOC_H3] = {SONG, 16, 1, 0, 0, 1, PITCH, 1, PANGO_ALIGN_LEFT, 0},
	[DOC_PARA] = {SONG, 16, 0, 0, 0, 1, PITCH, 1, PANGO_ALIGN_LEFT, 0},
	[DOC_NOTE] = {SONG, 14, 0, 0, 0, 1, PITCH, 0, PANGO_ALIGN_CENTER, 0.35},
	[DOC_SIGN] = {SONG, 16, 0, 0, 0, 1, PITCH, 0, PANGO_ALIGN_LEFT, 0},
};
static const style cell_style = {SONG, 12, 0, 0, 0, 1.2, 0, 0, PANGO_ALIGN_CENTER, 0};
static const style head_style = {HEI, 12, 0, 0, 0, 1.2, 0, 0, PANGO_ALIGN_CENTER, 0};
static const style footer_style = {SONG, 14, 0, 0, 0, 1.0, 0, 0, PANGO_ALIGN_LEFT, 0}; /* 宋体 四号 */

typedef struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *ctx;
	double y;    /* where the next block starts on the current page */
	int page;    /* 1-based */
	int last_h1; /* bookmark id of the last H1, parent of the H2s after it */
} pdf;

/* A layout of text (NULL is empty) in style s, wrapped at width points (0: no wrapping). */
static PangoLayout *layout(const pdf *p, const char *text, const style *s, double width)
{
	PangoLayout *l = gfx.pango_layout_new(p->ctx);
	PangoFontDescription *fd = gfx.pango_font_description_from_string(s->family);
	gfx.pango_font_description_set_absolute_size(fd, s->size * PANGO_SCALE);
	gfx.pango_font_description_set_weight(fd, s->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	gfx.pango_layout_set_font_description(l, fd);
	gfx.pango_font_description_free(fd);
	if (width > 0) {
		gfx.pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		gfx.pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	gfx.pango_layout_set_alignment(l, s->align);
	gfx.pango_layout_set_justify(l, s->indent); /* body text fills the line, as in the DOCX */
	double advance = s->size; /* a character's advance: 三号 text is set on the 28-character grid */
	if (s->pitch > 0 && s->size == 16) {
		advance = CHAR_W;
		PangoAttrList *al = gfx.pango_attr_list_new();
		gfx.pango_attr_list_insert(al, gfx.pango_attr_letter_spacing_new((int)((CHAR_W - s->size) * PANGO_SCALE)));
		gfx.pango_layout_set_attributes(l, al);
		gfx.pango_attr_list_unref(al);
	}
	if (s->indent)
		gfx.pango_layout_set_indent(l, (int)(2 * advance * PANGO_SCALE));
	if (s->pitch <= 0)
		gfx.pango_layout_set_line_spacing(l, (float)s->spacing);
	char *clean = doc_pango_text(text);
	gfx.pango_layout_set_text(l, clean, -1);
	gfx.g_free(clean);
	return l;
}

static double height_of(PangoLayout *l)
{
	int w, h;
	gfx.pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double width_of(PangoLayout *l)
{
	int w, h;
	gfx.pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

/* "— N —" one character in from the outer edge: right on odd pages, left on even ones. */
static void footer(pdf *p)
{
	char text[32];
	snprintf(text, sizeof text, "— %d —", p->page);
	PangoLayout *l = layout(p, text, &footer_style, 0);
	double x = p->page % 2 ? LEFT + TEXT_W - footer_style.size - width_of(l) : LEFT + footer_style.size;
	gfx.cairo_set_source_rgb(p->cr, footer_style.gray, footer_style.gray, footer_style.gray);
	gfx.cairo_move_to(p->cr, x, NUMBER_TOP);
	gfx.pango_cairo_show_layout(p->cr, l);
	gfx.g_object_unref(l);
}

static void new_page(pdf *p)
{
	footer(p);
	gfx.cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
}

static int at_top(const pdf *p)
{
	return p->y <= TOP + 0.01;
}

/* Draws l with its top at p->y and its left edge at x, line by line: a line that would cross
 * the bottom margin starts a new page (unless it already is the first line on a page, which
 * only a line taller than the page can be). Leaves p->y below the last line. */
static void flow(pdf *p, PangoLayout *l, double x, double pitch)
{
	PangoLayoutIter *it = gfx.pango_layout_get_iter(l);
	double base = p->y; /* page position of the layout's y = 0 */
	int k = 0;
	do {
		int y0, y1;
		gfx.pango_layout_iter_get_line_yrange(it, &y0, &y1);
		PangoRectangle logical;
		gfx.pango_layout_iter_get_line_extents(it, NULL, &logical);
		double top = (double)y0 / PANGO_SCALE, bottom = (double)y1 / PANGO_SCALE;
		double baseline = (double)gfx.pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		if (pitch > 0) { /* on the grid: the line centred in its pitch */
			double h = (double)logical.height / PANGO_SCALE;
			baseline = k * pitch + (pitch - h) / 2 + (baseline - (double)logical.y / PANGO_SCALE);
			top = k * pitch;
			bottom = top + pitch;
		}
		if (base + bottom > BOTTOM + 0.01 && base + top > TOP + 0.01) {
			new_page(p);
			base = TOP - top;
		}
		gfx.cairo_move_to(p->cr, x + (double)logical.x / PANGO_SCALE, base + baseline);
		gfx.pango_cairo_show_layout_line(p->cr, gfx.pango_layout_iter_get_line_readonly(it));
		p->y = base + bottom;
		k++;
	} while (gfx.pango_layout_iter_next_line(it));
	gfx.pango_layout_iter_free(it);
}

/* Moves p->y down to the next line of the page grid (after a chart or table). */
static void snap(pdf *p)
{
	double k = ceil((p->y - TOP) / PITCH - 0.001);
	p->y = TOP + k * PITCH;
	if (p->y + PITCH > BOTTOM + 0.01)
		new_page(p);
}

/* A bookmark for a heading at the current position: H1 at the root, H2 under the last H1. */
static void bookmark(pdf *p, doc_kind kind, const char *text)
{
	char attrs[64];
	snprintf(attrs, sizeof attrs, "page=%d pos=[%d %d]", p->page, (int)LEFT, (int)p->y);
	char *valid = doc_pango_text(text);
	int parent = kind == DOC_H2 ? p->last_h1 : CAIRO_PDF_OUTLINE_ROOT;
	int id = gfx.cairo_pdf_surface_add_outline(p->surface, parent, valid, attrs, 0);
	if (kind == DOC_H1)
		p->last_h1 = id;
	gfx.g_free(valid);
}

static void text_block(pdf *p, const doc_block *b)
{
	const style *s = &styles[b->kind];
	PangoLayout *l = layout(p, b->text, s, TEXT_W);
	if (s->pitch > 0)
		snap(p);
	if (!at_top(p))
		p->y += s->before;
	int heading = b->kind == DOC_TITLE || b->kind == DOC_H1 || b->kind == DOC_H2 || b->kind == DOC_H3;
	double h = s->pitch > 0 ? gfx.pango_layout_get_line_count(l) * s->pitch : height_of(l);
	if (heading && !at_top(p) && p->y + h + KEEP_NEXT > BOTTOM + 0.01)
		new_page(p);
	if (b->kind == DOC_H1 || b->kind == DOC_H2)
		bookmark(p, b->kind, b->text);
	gfx.cairo_set_source_rgb(p->cr, s->gray, s->gray, s->gray);
	flow(p, l, LEFT, s->pitch);
	p->y += s->after;
	gfx.g_object_unref(l);
}

/* The 落款 (doc_sign_split): a blank line, then issuer and date on the grid, each ending its
 * distance from the right edge of the text; the two lines stay together. */
static void sign_block(pdf *p, const doc_block *b)
{
	const style *s = &styles[DOC_SIGN];
	doc_sign g;
	doc_sign_split(b->text, &g);
	snap(p);
	if (!at_top(p))
		p->y += PITCH;
	if (p->y + 2 * PITCH > BOTTOM + 0.01)
		new_page(p);
	const doc_sign_line *lines = g.line;
	for (size_t i = 0; i < 2; i++) {
		char *t = gfx.g_strndup(lines[i].s, lines[i].n);
		PangoLayout *l = layout(p, t, s, 0);
		gfx.g_free(t);
		double right = lines[i].right * CHAR_W / 2;
		gfx.cairo_set_source_rgb(p->cr, 0, 0, 0);
		flow(p, l, LEFT + TEXT_W - right - width_of(l), PITCH);
		gfx.g_object_unref(l);
	}
}

static void chart_block(pdf *p, const doc_chart *c)
{
	double h = doc_chart_height(c, 1);
	double scale = fmin(1, (BOTTOM - TOP) / h); /* a chart taller than a page shrinks to fit */
	if (!at_top(p))
		p->y += 6;
	if (p->y + h * scale > BOTTOM && !at_top(p))
		new_page(p);
	gfx.cairo_save(p->cr);
	gfx.cairo_translate(p->cr, LEFT, p->y);
	gfx.cairo_scale(p->cr, scale, scale);
	doc_chart_draw(p->cr, c, TEXT_W / scale, 1);
	gfx.cairo_restore(p->cr);
	p->y += h * scale + 10;
}

/* ---- tables ---- */

/* Column widths across the text width, in proportion to each column's widest cell (capped at
 * 60 % of the width so one long cell does not squeeze the others). The caller frees. */
static double *column_widths(const pdf *p, const doc_table *t)
{
	double *w = xcalloc(t->cols, sizeof *w), sum = 0;
	for (size_t j = 0; j < t->cols; j++) {
		w[j] = 3 * cell_style.size;
		for (size_t r = 0; r < t->rows; r++) {
			PangoLayout *l = layout(p, t->cells[r * t->cols + j], r ? &cell_style : &head_style, 0);
			w[j] = fmax(w[j], width_of(l) + 2 * CELL_PAD);
			gfx.g_object_unref(l);
		}
		w[j] = fmin(w[j], TEXT_W * 0.6);
		sum += w[j];
	}
	for (size_t j = 0; j < t->cols; j++)
		w[j] *= TEXT_W / sum;
	return w;
}

/* Lays out row r into ls (t->cols layouts) and returns the row's height. */
static double row_layouts(const pdf *p, const doc_table *t, size_t r, const double *w, PangoLayout **ls)
{
	double h = 0;
	for (size_t j = 0; j < t->cols; j++) {
		ls[j] = layout(p, t->cells[r * t->cols + j], r ? &cell_style : &head_style, w[j] - 2 * CELL_PAD);
		h = fmax(h, height_of(ls[j]));
	}
	return h + 2 * CELL_PAD;
}

static void draw_row(pdf *p, PangoLayout *const *ls, size_t cols, const double *w, double h, int header)
{
	double x = LEFT;
	gfx.cairo_set_line_width(p->cr, 0.6);
	for (size_t j = 0; j < cols; j++) {
		if (header) {
			gfx.cairo_set_source_rgb(p->cr, 0.9, 0.9, 0.9);
			gfx.cairo_rectangle(p->cr, x, p->y, w[j], h);
			gfx.cairo_fill(p->cr);
		}
		gfx.cairo_set_source_rgb(p->cr, 0, 0, 0);
		gfx.cairo_move_to(p->cr, x + CELL_PAD, p->y + (h - height_of(ls[j])) / 2);
		gfx.pango_cairo_show_layout(p->cr, ls[j]);
		gfx.cairo_rectangle(p->cr, x, p->y, w[j], h);
		gfx.cairo_stroke(p->cr);
		x += w[j];
	}
	p->y += h;
}

static void table_block(pdf *p, const doc_table *t)
{
	double *w = column_widths(p, t);
	PangoLayout **head = xcalloc(t->cols, sizeof *head), **row = xcalloc(t->cols, sizeof *row);
	double head_h = row_layouts(p, t, 0, w, head);
	if (!at_top(p))
		p->y += 6;
	/* the header must not be alone at the bottom of a page */
	double first_h = head_h;
	if (t->rows > 1) {
		first_h += row_layouts(p, t, 1, w, row);
		for (size_t j = 0; j < t->cols; j++)
			gfx.g_object_unref(row[j]);
	}
	if (p->y + first_h > BOTTOM && !at_top(p))
		new_page(p);
	draw_row(p, head, t->cols, w, head_h, 1);
	for (size_t r = 1; r < t->rows; r++) {
		double h = row_layouts(p, t, r, w, row);
		if (p->y + h > BOTTOM) {
			new_page(p);
			draw_row(p, head, t->cols, w, head_h, 1);
		}
		draw_row(p, row, t->cols, w, h, 0);
		for (size_t j = 0; j < t->cols; j++)
			gfx.g_object_unref(row[j]);
	}
	for (size_t j = 0; j < t->cols; j++)
		gfx.g_object_unref(head[j]);
	free(head);
	free(row);
	free(w);
	p->y += 10;
}

/* ---- the file ---- */

int doc_write_pdf(const doc *d, const char *path, fg_err *e)
{
	if (doc_gfx_load(e))
		return FG_EFAIL;
	pdf p = {.surface = gfx.cairo_pdf_surface_create(path, PAGE_W, PAGE_H), .y = TOP, .page = 1};
	cairo_status_t st = gfx.cairo_surface_status(p.surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		gfx.cairo_surface_destroy(p.surface);
		return err_set(e, FG_EFAIL, "无法创建 PDF 文件 %s：%s", path, gfx.cairo_status_to_string(st));
	}
	const char *title = doc_title(d);
	if (title) {
		char *valid = doc_pango_text(title);
		gfx.cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, valid);
		gfx.g_free(valid);
	}
	gfx.cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "fgdj");
	int y, m, day;
	date_to_ymd(date_today(), &y, &m, &day);
	char when[32]; /* pinned to "today" (FGDJ_TODAY in tests) so output is reproducible per day */
	snprintf(when, sizeof when, "%04d-%02d-%02dT00:00:00", y, m, day);
	gfx.cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATE_DATE, when);

	p.cr = gfx.cairo_create(p.surface);
	p.ctx = gfx.pango_cairo_create_context(p.cr);
	for (size_t i = 0; i < d->n; i++) {
		const doc_block *b = &d->blocks[i];
		if (b->kind == DOC_CHART)
			chart_block(&p, b->chart);
		else if (b->kind == DOC_TABLE)
			table_block(&p, b->table);
		else if (b->kind == DOC_SIGN)
			sign_block(&p, b);
		else
			text_block(&p, b);
	}
	footer(&p);
	gfx.cairo_show_page(p.cr);
	gfx.g_object_unref(p.ctx);
	st = gfx.cairo_status(p.cr);
	gfx.cairo_destroy(p.cr);
	gfx.cairo_surface_finish(p.surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = gfx.cairo_surface_status(p.surface);
	gfx.cairo_surface_destroy(p.surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		out_discard(path);
		return err_set(e, FG_EFAIL, "写入 PDF 文件 %s 失败：%s", path, gfx.cairo_status_to_string(st));
	}
	return FG_OK;
}
