/* doc — building the document model, escaping, and the text writers: Markdown, SVG, HTML.
 * DOCX lives in doc_docx.c, PDF in doc_pdf.c, the cairo chart in doc_chart.c.
 *
 * Numbers are formatted with integer arithmetic rather than printf("%f"): the CLI calls
 * setlocale(LC_ALL, ""), and a locale with a decimal comma would break SVG coordinates. */
#include "report/doc.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/doc_priv.h"
#include "util/utf8.h"

/* ---- building ---- */

static doc_block *push(doc *d, doc_kind kind)
{
	d->blocks = xrealloc(d->blocks, (d->n + 1) * sizeof *d->blocks);
	doc_block *b = &d->blocks[d->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

void doc_add(doc *d, doc_kind kind, const char *text)
{
	assert(kind != DOC_CHART && kind != DOC_TABLE);
	push(d, kind)->text = xstrdup(text ? text : "");
}

void doc_add_chart(doc *d, const char *title, size_t n, const char *const *labels, const double *values,
		   double max_value, const char *unit)
{
	doc_chart *c = xcalloc(1, sizeof *c);
	c->title = xstrdup(title ? title : "");
	c->unit = xstrdup(unit ? unit : "");
	c->n = n;
	c->max_value = max_value;
	c->labels = xcalloc(n, sizeof *c->labels);
	c->values = xcalloc(n, sizeof *c->values);
	for (size_t i = 0; i < n; i++) {
		c->labels[i] = xstrdup(labels[i] ? labels[i] : "");
		c->values[i] = values[i];
	}
	push(d, DOC_CHART)->chart = c;
}

void doc_add_table(doc *d, size_t rows, size_t cols, const char *const *cells)
{
	assert(rows >= 1 && cols >= 1); /* a table has at least its header row */
	doc_table *t = xcalloc(1, sizeof *t);
	t->rows = rows;
	t->cols = cols;
	t->cells = xcalloc(rows * cols, sizeof *t->cells);
	for (size_t i = 0; i < rows * cols; i++)
		t->cells[i] = xstrdup(cells[i] ? cells[i] : "");
	push(d, DOC_TABLE)->table = t;
}

void doc_free(doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		doc_block *b = &d->blocks[i];
		free(b->text);
		if (b->chart) {
			for (size_t j = 0; j < b->chart->n; j++)
				free(b->chart->labels[j]);
			free(b->chart->labels);
			free(b->chart->values);
			free(b->chart->title);
			free(b->chart->unit);
			free(b->chart);
		}
		if (b->table) {
			for (size_t j = 0; j < b->table->rows * b->table->cols; j++)
				free(b->table->cells[j]);
			free(b->table->cells);
			free(b->table);
		}
	}
	free(d->blocks);
	d->blocks = NULL;
	d->n = 0;
}

const char *doc_title(const doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->blocks[i].kind == DOC_TITLE)
			return d->blocks[i].text;
	return NULL;
}

/* ---- escaping ---- */

/* Length of the well-formed UTF-8 sequence for one XML character at s (n bytes left), 0 if none
 * (U+FFFE and U+FFFF are no XML characters). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len = utf8_char_len(s, n);
	uint32_t cp = len ? utf8_decode(s, len) : 0;
	return cp == 0xFFFE || cp == 0xFFFF ? 0 : len;
}

void doc_esc(buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		size_t len = utf8_len(p + i, n - i);
		if (len == 0) {
			buf_puts(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		switch (c) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
				buf_add(out, p + i, len);
		}
		i += len;
	}
}

void doc_escs(buf *out, const char *s)
{
	if (s)
		doc_esc(out, s, strlen(s));
}

/* Escaped text with each line break turned into <br> (HTML body text and table cells). */
static void html_text(buf *out, const char *s)
{
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n && s[n - 1] == '\r')
			n--;
		doc_esc(out, s, n);
		if (!nl)
			return;
		buf_puts(out, "<br>");
		s = nl + 1;
	}
}

/* Markdown: entities for & < > (so raw HTML in data never reaches a renderer), backslashes
 * for inline markup, and for what would start a heading, list or quote at a line start.
 * In a table cell a line break becomes <br>; elsewhere a hard break (backslash, newline). */
static void md_esc(buf *out, const char *s, int in_cell)
{
	int line_start = 1;
	for (; s && *s; s++) {
		char c = *s;
		if (line_start && !in_cell) {
			line_start = 0;
			if (c == '#' || c == '-' || c == '+' || c == '=') {
				buf_putc(out, '\\');
			} else if (c >= '0' && c <= '9') {
				const char *q = s;
				while (*q >= '0' && *q <= '9')
					q++;
				if (*q == '.' || *q == ')') {
					buf_add(out, s, (size_t)(q - s));
					buf_putc(out, '\\');
					s = q;
					c = *s;
				}
			}
		}
		switch (c) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '\r': break;
		case '\n':
			if (in_cell) {
				buf_puts(out, "<br>");
			} else {
				buf_puts(out, "\\\n");
				line_start = 1;
			}
			break;
		case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
			buf_putc(out, '\\');
			buf_putc(out, c);
			break;
		default: { /* like doc_esc: control characters dropped, invalid UTF-8 replaced */
			size_t len = utf8_len((const unsigned char *)s, 4); /* stops at the NUL */
			if (len == 0)
				buf_puts(out, "\xEF\xBF\xBD");
			else if ((unsigned char)c >= 0x20 || c == '\t')
				buf_add(out, s, len);
			s += len ? len - 1 : 0;
		}
		}
	}
}

/* ---- the 落款 ---- */

size_t doc_half_ems(const char *s, size_t n)
{
	size_t w = 0;
	for (const unsigned char *p = (const unsigned char *)s; n && *p; p++, n--)
		w += *p < 0x80 ? 1 : (*p & 0xC0) != 0x80 ? 2 : 0;
	return w;
}

void doc_sign_split(const char *text, doc_sign *g)
{
	const char *nl = strchr(text, '\n');
	doc_sign_line *issuer = &g->line[0], *date = &g->line[1];
	issuer->s = text;
	issuer->n = nl ? (size_t)(nl - text) : strlen(text);
	date->s = nl ? nl + 1 : "";
	date->n = strlen(date->s);
	/* GB/T 9704 7.3.5.3, without a seal: the issuer two characters from the right, the date on the
	 * next line starting two characters right of the issuer's first; a date longer than that keeps
	 * two characters from the right and pushes the issuer left. In half characters. */
	long wi = (long)doc_half_ems(issuer->s, issuer->n), wd = (long)doc_half_ems(date->s, date->n);
	long ri = 4, rd = ri + wi - wd - 4;
	if (rd < 4) {
		rd = 4;
		ri = wd - wi + 8;
	}
	issuer->right = (int)ri;
	date->right = (int)rd;
}

/* ---- chart values and geometry ---- */

/* v with `decimals` (0 or 1) decimals, independent of the locale. */
static void put_num(buf *out, double v, int decimals)
{
	if (!(fabs(v) < 1e15)) {
		buf_printf(out, "%g", v);
		return;
	}
	long long scaled = llround(decimals ? v * 10 : v);
	unsigned long long a = scaled < 0 ? 0ULL - (unsigned long long)scaled : (unsigned long long)scaled;
	if (decimals)
		buf_printf(out, "%s%llu.%llu", scaled < 0 ? "-" : "", a / 10, a % 10);
	else
		buf_printf(out, "%s%llu", scaled < 0 ? "-" : "", a);
}

void doc_chart_value(buf *out, const doc_chart *c, size_t i)
{
	if (!isfinite(c->values[i])) {
		buf_puts(out, "—");
		return;
	}
	/* Counts print as whole numbers, rates with their one decimal. */
	double v = c->values[i];
	put_num(out, v, v == floor(v) && !(c->unit && strcmp(c->unit, "%") == 0) ? 0 : 1);
	buf_puts(out, c->unit ? c->unit : "");
}

double doc_chart_frac(const doc_chart *c, size_t i)
{
	double max = c->max_value;
	if (!(max > 0) || !isfinite(max)) { /* no scale given: the largest value fills the area */
		max = 0;
		for (size_t j = 0; j < c->n; j++)
			if (isfinite(c->values[j]) && c->values[j] > max)
				max = c->values[j];
	}
	double v = c->values[i];
	if (!(max > 0) || !isfinite(v) || v <= 0)
		return 0;
	return v >= max ? 1 : v / max;
}

double doc_chart_height(const doc_chart *c, int with_title)
{
	size_t rows = c->n ? c->n : 1; /* an empty chart keeps one row for "无数据" */
	return 2 * DOC_CHART_PAD + (with_title ? DOC_CHART_TITLE_H : 0) + (double)rows * DOC_CHART_ROW_H;
}

/* ---- Markdown ---- */

static void md_row(buf *out, const char *const *cells, size_t cols)
{
	buf_putc(out, '|');
	for (size_t j = 0; j < cols; j++) {
		buf_putc(out, ' ');
		md_esc(out, cells[j], 1);
		buf_puts(out, " |");
	}
	buf_putc(out, '\n');
}

static void md_rule(buf *out, size_t cols)
{
	buf_putc(out, '|');
	for (size_t j = 0; j < cols; j++)
		buf_puts(out, " --- |");
	buf_putc(out, '\n');
}

/* Whether t (NULL: not a table) lists every bar of c in its first column, one row per bar. */
static int chart_in_table(const doc_chart *c, const doc_table *t)
{
	if (!t || !c->n || t->rows != c->n + 1)
		return 0;
	for (size_t i = 0; i < c->n; i++) {
		size_t r = 1;
		while (r < t->rows && strcmp(t->cells[r * t->cols], c->labels[i]) != 0)
			r++;
		if (r == t->rows)
			return 0;
	}
	return 1;
}

void doc_write_md(const doc *d, buf *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const doc_block *b = &d->blocks[i];
		/* In text a chart is its figures: a table next to it that already lists them says it all. */
		if (b->kind == DOC_CHART && ((i + 1 < d->n && chart_in_table(b->chart, d->blocks[i + 1].table)) ||
					     (i > 0 && chart_in_table(b->chart, d->blocks[i - 1].table))))
			continue;
		if (i)
			buf_putc(out, '\n');
		switch (b->kind) {
		case DOC_TITLE: buf_puts(out, "# "); break;
		case DOC_H1: buf_puts(out, "## "); break;
		case DOC_H2: buf_puts(out, "### "); break;
		case DOC_H3: buf_puts(out, "#### "); break;
		case DOC_NOTE: buf_putc(out, '*'); break;
		case DOC_PARA: case DOC_CHART: case DOC_TABLE: case DOC_SIGN: break;
		}
		if (b->kind == DOC_CHART) {
			const doc_chart *c = b->chart;
			buf_puts(out, "**");
			md_esc(out, c->title, 1);
			buf_puts(out, "**\n\n");
			if (c->n == 0) {
				buf_puts(out, "（无数据）\n");
				continue;
			}
			md_row(out, (const char *const[]){"项目", "数值"}, 2);
			md_rule(out, 2);
			buf v = {0};
			for (size_t j = 0; j < c->n; j++) {
				buf_reset(&v);
				doc_chart_value(&v, c, j);
				md_row(out, (const char *const[]){c->labels[j], buf_cstr(&v)}, 2);
			}
			buf_free(&v);
		} else if (b->kind == DOC_TABLE) {
			const doc_table *t = b->table;
			for (size_t r = 0; r < t->rows; r++) {
				md_row(out, (const char *const *)t->cells + r * t->cols, t->cols);
				if (r == 0)
					md_rule(out, t->cols);
			}
		} else if (b->kind == DOC_SIGN) {
			md_esc(out, b->text, 0); /* issuer, hard break, date */
			buf_putc(out, '\n');
		} else {
			/* a heading or a note (one emphasised span) must stay on one line */
			md_esc(out, b->text, b->kind != DOC_PARA);
			buf_puts(out, b->kind == DOC_NOTE ? "*\n" : "\n");
		}
	}
}

/* ---- SVG ---- */

#define SVG_W 640.0
#define SVG_FONT 12.0

/* Rough rendered width of s in ems: CJK and other wide characters one em, ASCII 0.6. */
static double text_ems(const char *s)
{
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p < 0x80)
			w += 0.6;
		else if ((*p & 0xC0) != 0x80)
			w += 1.0;
	}
	return w;
}

void doc_chart_svg(const doc_chart *c, buf *out)
{
	double h = doc_chart_height(c, 1);
	buf_puts(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	put_num(out, SVG_W, 0);
	buf_putc(out, ' ');
	put_num(out, h, 0);
	buf_puts(out, "\" role=\"img\" font-family=\"'Noto Sans CJK SC', sans-serif\"><title>");
	doc_escs(out, c->title);
	buf_puts(out, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
	buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">",
		   (int)(SVG_W / 2), (int)(DOC_CHART_PAD + 18));
	doc_escs(out, c->title);
	buf_puts(out, "</text>\n");
	double top = DOC_CHART_PAD + DOC_CHART_TITLE_H;
	if (c->n == 0) {
		buf_puts(out, "<text x=\"320\" y=\"");
		put_num(out, top + DOC_CHART_ROW_H / 2 + 4, 1);
		buf_puts(out, "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#666\">无数据</text>\n</svg>\n");
		return;
	}
	double label_em = 0, value_em = 0;
	buf v = {0};
	for (size_t i = 0; i < c->n; i++) {
		buf_reset(&v);
		doc_chart_value(&v, c, i);
		label_em = fmax(label_em, text_ems(c->labels[i]));
		value_em = fmax(value_em, text_ems(buf_cstr(&v)));
	}
	double label_w = fmin(fmax(label_em * SVG_FONT, 3 * SVG_FONT), SVG_W * 0.35);
	double bar_x = DOC_CHART_PAD + label_w + 8;
	double bar_w = SVG_W - DOC_CHART_PAD - value_em * SVG_FONT - 6 - bar_x;
	for (size_t i = 0; i < c->n; i++) {
		double y = top + (double)i * DOC_CHART_ROW_H;
		double text_y = y + DOC_CHART_ROW_H / 2 + SVG_FONT * 0.35;
		double len = doc_chart_frac(c, i) * bar_w;
		buf_puts(out, "<text x=\"");
		put_num(out, bar_x - 8, 1);
		buf_puts(out, "\" y=\"");
		put_num(out, text_y, 1);
		buf_puts(out, "\" text-anchor=\"end\" font-size=\"12\">");
		doc_escs(out, c->labels[i]);
		buf_puts(out, "</text><rect x=\"");
		put_num(out, bar_x, 1);
		buf_puts(out, "\" y=\"");
		put_num(out, y + (DOC_CHART_ROW_H - DOC_CHART_BAR_H) / 2, 1);
		buf_puts(out, "\" width=\"");
		put_num(out, len, 1);
		buf_printf(out, "\" height=\"%d\" fill=\"%s\"/><text x=\"", (int)DOC_CHART_BAR_H,
			   c->paired && i % 2 == 0 ? "#9E9E9E" : "#C5262B");
		put_num(out, bar_x + len + 6, 1);
		buf_puts(out, "\" y=\"");
		put_num(out, text_y, 1);
		buf_puts(out, "\" font-size=\"12\">");
		buf_reset(&v);
		doc_chart_value(&v, c, i);
		doc_escs(out, buf_cstr(&v));
		buf_puts(out, "</text>\n");
	}
	buf_free(&v);
	buf_puts(out, "<line x1=\""); /* the axis the bars grow from */
	put_num(out, bar_x, 1);
	buf_puts(out, "\" y1=\"");
	put_num(out, top, 1);
	buf_puts(out, "\" x2=\"");
	put_num(out, bar_x, 1);
	buf_puts(out, "\" y2=\"");
	put_num(out, top + (double)c->n * DOC_CHART_ROW_H, 1);
	buf_puts(out, "\" stroke=\"#737373\" stroke-width=\"0.75\"/>\n</svg>\n");
}

/* ---- HTML ---- */

static const char html_head[] =
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<style>\n"
	"body{font-family:\"Noto Serif CJK SC\",\"Source Han Serif SC\",SimSun,serif;font-size:16px;"
	"line-height:1.8;color:#111;max-width:46em;margin:2em auto;padding:0 1em}\n"
	"h1,h2,h3,h4{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",SimHei,sans-serif;"
	"line-height:1.4;margin:1.2em 0 .6em}\n"
	"h1{text-align:center;font-size:1.7em}\nh2{font-size:1.3em}\nh3{font-size:1.1em}\n"
	"p{text-indent:2em;margin:.4em 0}\n"
	"h4{font-size:1em}\n"
	"p.note{text-indent:0;font-size:.85em;font-style:italic;color:#555}\n"
	"p.sign{text-indent:0;text-align:right;margin:2em 2em 0 0}\n"
	"table{border-collapse:collapse;margin:1em auto;font-size:.9em}\n"
	"th,td{border:1px solid #444;padding:.3em .7em;text-align:center}\n"
	"th{background:#eee}\n"
	"figure.chart{margin:1em 0;text-align:center}\nfigure.chart svg{width:100%;max-width:40em;height:auto}\n"
	"@page{size:A4;margin:37mm 26mm 35mm 28mm}\n"
	"@media print{body{max-width:none;margin:0;padding:0;font-size:12pt}"
	"h1,h2,h3{break-after:avoid}table,figure{break-inside:avoid}thead{display:table-header-group}}\n"
	"</style>\n</head>\n<body>\n";

void doc_write_html(const doc *d, buf *out)
{
	const char *title = doc_title(d);
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	doc_escs(out, title ? title : "工作报告");
	buf_puts(out, "</title>\n");
	buf_puts(out, html_head);
	for (size_t i = 0; i < d->n; i++) {
		const doc_block *b = &d->blocks[i];
		static const char *const open[] = {
			[DOC_TITLE] = "<h1>", [DOC_H1] = "<h2>", [DOC_H2] = "<h3>", [DOC_H3] = "<h4>",
			[DOC_PARA] = "<p>", [DOC_NOTE] = "<p class=\"note\">", [DOC_SIGN] = "<p class=\"sign\">",
		};
		static const char *const close[] = {
			[DOC_TITLE] = "</h1>\n", [DOC_H1] = "</h2>\n", [DOC_H2] = "</h3>\n", [DOC_H3] = "</h4>\n",
			[DOC_PARA] = "</p>\n", [DOC_NOTE] = "</p>\n", [DOC_SIGN] = "</p>\n",
		};
		if (b->kind == DOC_CHART) {
			buf_puts(out, "<figure class=\"chart\">\n");
			doc_chart_svg(b->chart, out);
			buf_puts(out, "</figure>\n");
		} else if (b->kind == DOC_TABLE) {
			const doc_table *t = b->table;
			buf_puts(out, "<table>\n<thead>\n");
			for (size_t r = 0; r < t->rows; r++) {
				const char *cell = r ? "td" : "th";
				buf_puts(out, "<tr>");
				for (size_t j = 0; j < t->cols; j++) {
					buf_printf(out, "<%s>", cell);
					html_text(out, t->cells[r * t->cols + j]);
					buf_printf(out, "</%s>", cell);
				}
				buf_puts(out, r ? "</tr>\n" : "</tr>\n</thead>\n<tbody>\n");
			}
			buf_puts(out, "</tbody>\n</table>\n");
		} else {
			buf_puts(out, open[b->kind]);
			html_text(out, b->text);
			buf_puts(out, close[b->kind]);
		}
	}
	buf_puts(out, "</body>\n</html>\n");
}
