/* doc_docx — the document as WordprocessingML (DOCX), written with minizip.
 *
 * The package holds only what Word and LibreOffice need: content types, relationships, the
 * document, styles (the fonts and sizes of GB/T 9704: 方正小标宋简体, 仿宋_GB2312, 黑体,
 * 楷体_GB2312, 宋体, with Times New Roman for Latin text), the font table, settings, odd and
 * even footers with the page number, core and app properties, and one PNG per chart. Charts are rendered by doc_chart_draw() onto a cairo image surface, so they look
 * the same as in the PDF. Element order inside every *Pr follows the schema: Word refuses
 * files where it does not, LibreOffice is lenient and would not catch it. */
#include "report/doc.h"

#include <cairo.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <zlib.h>

#include "report/doc_priv.h"
#include "util/date.h"
#include "util/out.h"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_PIC "http://schemas.openxmlformats.org/drawingml/2006/picture"
#define NS_WP "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define REL_T "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT_T "application/vnd.openxmlformats-officedocument.wordprocessingml."

/* A4 in twips with the margins of GB/T 9704 (top 37 mm, bottom 35, left 28, right 26). */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN_T 2098
#define MARGIN_B 1984
#define MARGIN_L 1588
#define MARGIN_R 1474
#define TEXT_W (PAGE_W - MARGIN_L - MARGIN_R) /* 8844 twips, 156 mm */

#define CHART_W_PT 440.0   /* the picture's width on the page, just inside the text width */
#define PNG_SCALE 3.0      /* pixels per point: about 216 dpi */
#define PNG_MAX_PX 16000.0 /* well inside cairo's 32767-pixel surface limit */
#define EMU_PER_PT 12700.0

static const char content_types[] =
	XML_DECL
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Default Extension=\"png\" ContentType=\"image/png\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"" CT_T "document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"" CT_T "styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" ContentType=\"" CT_T "settings+xml\"/>"
	"<Override PartName=\"/word/footer1.xml\" ContentType=\"" CT_T "footer+xml\"/>"
	"<Override PartName=\"/word/footer2.xml\" ContentType=\"" CT_T "footer+xml\"/>"
	"<Override PartName=\"/word/fontTable.xml\" ContentType=\"" CT_T "fontTable+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" "
	"ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	"<Override PartName=\"/docProps/app.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
	"</Types>";

static const char root_rels[] =
	XML_DECL
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL_T "officeDocument\" Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" "
	"Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
	"Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" REL_T "extended-properties\" Target=\"docProps/app.xml\"/>"
	"</Relationships>";

static const char app_xml[] =
	XML_DECL
	"<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
	"<Application>fgdj</Application><DocSecurity>0</DocSecurity></Properties>";

/* compatibilityMode 15 keeps Word out of "compatibility mode"; compressPunctuation is the
 * usual setting for Chinese text; evenAndOddHeaders gives even pages their own footer, so the page
 * number sits at the outer edge. */
static const char settings_xml[] =
	XML_DECL
	"<w:settings xmlns:w=\"" NS_W "\"><w:defaultTabStop w:val=\"420\"/><w:evenAndOddHeaders/>"
	"<w:characterSpacingControl w:val=\"compressPunctuation\"/>"
	"<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" "
	"w:val=\"15\"/></w:compat></w:settings>";

/* The page number of GB/T 9704 7.5: 四号 宋体, an em dash either side ("— 1 —"), one character
 * in from the outer edge: odd pages right (footer1), even pages left (footer2). */
#define FOOTER_XML(jc, ind)                                                                             \
	XML_DECL "<w:ftr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>" \
	"<w:ind " ind "/><w:jc w:val=\"" jc "\"/></w:pPr>"                                               \
	"<w:r><w:t xml:space=\"preserve\">— </w:t></w:r>"                                                \
	"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"                                                 \
	"<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"                             \
	"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"                       \
	"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"                                                   \
	"<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
static const char footer_odd_xml[] = FOOTER_XML("right", "w:right=\"280\"");
static const char footer_even_xml[] = FOOTER_XML("left", "w:left=\"280\"");

/* The fonts of GB/T 9704 by the names Chinese office software knows them, with the names of the
 * same faces in Windows (altName) and the GB2312 character set (charset 86). */
#define FONT(name, alt, family)                                                                    \
	"<w:font w:name=\"" name "\">" alt "<w:charset w:val=\"86\"/><w:family w:val=\"" family "\"/>" \
	"<w:pitch w:val=\"variable\"/></w:font>"
static const char font_table_xml[] =
	XML_DECL "<w:fonts xmlns:w=\"" NS_W "\">"
	FONT("仿宋_GB2312", "<w:altName w:val=\"仿宋\"/>", "modern")
	FONT("方正小标宋简体", "", "script")
	FONT("黑体", "<w:altName w:val=\"SimHei\"/>", "modern")
	FONT("楷体_GB2312", "<w:altName w:val=\"楷体\"/>", "modern")
	FONT("宋体", "<w:altName w:val=\"SimSun\"/>", "auto")
	"<w:font w:name=\"Times New Roman\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/>"
	"<w:pitch w:val=\"variable\"/></w:font></w:fonts>";

#define RFONTS(east) \
	"<w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"" east "\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
#define FONTS_BODY RFONTS("仿宋_GB2312")
#define FONTS_TITLE RFONTS("方正小标宋简体")
#define FONTS_HEI RFONTS("黑体")
#define FONTS_KAI RFONTS("楷体_GB2312")
#define FONTS_SONG RFONTS("宋体")
#define SZ(half_points) "<w:sz w:val=\"" #half_points "\"/><w:szCs w:val=\"" #half_points "\"/>"
/* 22 lines in the 225 mm of text height: an exact pitch of 28.95 pt (579 twips), also the grid's */
#define LINE_PITCH "579"
#define EXACT "<w:spacing w:after=\"0\" w:line=\"" LINE_PITCH "\" w:lineRule=\"exact\"/>"
/* 28 characters of 三号 in the 156 mm (442.2 pt) text width: each 0.25 pt narrower than its
 * 16 pt (w:spacing in twentieths of a point), 28 × 15.75 = 441 pt. A character grid (docGrid
 * linesAndChars) would say the same to Word, but LibreOffice gives every character two grid
 * cells when its glyph is wider than the pitch, halving the line. */
#define CHAR_SPACING "<w:spacing w:val=\"-5\"/>"
#define INDENT2 "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>"

/* GB/T 9704: body 仿宋 三号 (16 pt) on the 22-line grid with the first line indented two
 * characters; title 方正小标宋 二号 (22 pt), centred, a blank line below; 一、 黑体, （一） 楷体,
 * 1. 仿宋 bold, all 三号 and indented like the body; page number 宋体 四号 (14 pt). Notes 四号,
 * tables 小四 (12 pt), chart titles 黑体 四号. */
static const char styles_xml[] =
	XML_DECL
	"<w:styles xmlns:w=\"" NS_W "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>" FONTS_BODY "<w:kern w:val=\"2\"/>" SZ(32)
	"<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr>" EXACT "</w:pPr></w:pPrDefault>"
	"</w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:snapToGrid/>" EXACT "<w:jc w:val=\"both\"/></w:pPr><w:rPr>" FONTS_BODY CHAR_SPACING SZ(32)
	"</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\"0\" w:after=\"" LINE_PITCH "\" "
	"w:line=\"" LINE_PITCH "\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>" FONTS_TITLE SZ(44)
	"</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
	INDENT2 "<w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr>" FONTS_HEI SZ(32) "</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
	INDENT2 "<w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr>" FONTS_KAI SZ(32) "</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
	INDENT2 "<w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr>" FONTS_BODY "<w:b/><w:bCs/>" SZ(32) "</w:rPr></w:style>";
/* (in two literals: ISO C compilers need only take 4095 characters in one) */
static const char styles_xml_more[] =
	"<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"Note\"><w:name w:val=\"Note\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
	"<w:rPr><w:color w:val=\"595959\"/>" SZ(28) "</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"Signature\"><w:name w:val=\"Signature\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:keepLines/><w:jc w:val=\"right\"/></w:pPr>"
	"<w:rPr>" FONTS_BODY SZ(32) "</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"ChartTitle\"><w:name w:val=\"Chart Title\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:keepNext/><w:jc w:val=\"center\"/></w:pPr>"
	"<w:rPr>" FONTS_HEI SZ(28) "</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"40\" w:after=\"40\" "
	"w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>" SZ(24) "</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
	"<w:rPr>" FONTS_SONG SZ(28) "</w:rPr></w:style>"
	"</w:styles>";

/* ---- document.xml ---- */

/* Runs for text: line breaks become <w:br/>, tabs <w:tab/>, CR is dropped. rpr is the run
 * properties to repeat on every run ("" for none). */
static void runs(buf *x, const char *s, const char *rpr)
{
	buf_printf(x, "<w:r>%s<w:t xml:space=\"preserve\">", rpr);
	for (;;) {
		size_t n = strcspn(s, "\n\t\r");
		doc_esc(x, s, n);
		s += n;
		if (!*s)
			break;
		if (*s == '\n')
			buf_puts(x, "</w:t><w:br/><w:t xml:space=\"preserve\">");
		else if (*s == '\t')
			buf_puts(x, "</w:t><w:tab/><w:t xml:space=\"preserve\">");
		s++;
	}
	buf_puts(x, "</w:t></w:r>");
}

/* A paragraph in style (NULL: Normal); body paragraphs get the two-character first-line
 * indent, with firstLine in twips for readers that ignore firstLineChars. */
static void para(buf *x, const char *style, const char *text, int indent)
{
	buf_puts(x, "<w:p><w:pPr>");
	if (style)
		buf_printf(x, "<w:pStyle w:val=\"%s\"/>", style);
	if (indent)
		buf_puts(x, INDENT2);
	buf_puts(x, "</w:pPr>");
	runs(x, text, "");
	buf_puts(x, "</w:p>\n");
}

#define BORDER(side) "<w:" side " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"

/* A bordered table across the text width; columns get widths in proportion to their widest
 * cell (bounded, so one long cell does not squeeze the rest); the header row repeats on each
 * page and rows do not split across pages. */
static void table(buf *x, const doc_table *t)
{
	size_t *w = xcalloc(t->cols, sizeof *w), sum = 0;
	for (size_t j = 0; j < t->cols; j++) {
		w[j] = 4;
		for (size_t r = 0; r < t->rows; r++) {
			size_t cw = doc_half_ems(t->cells[r * t->cols + j], SIZE_MAX);
			w[j] = cw > w[j] ? cw : w[j];
		}
		w[j] = w[j] > 30 ? 30 : w[j];
		sum += w[j];
	}
	for (size_t j = 0; j < t->cols; j++)
		w[j] = TEXT_W * w[j] / sum;

	buf_printf(x, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>", TEXT_W);
	buf_puts(x, "<w:tblBorders>" BORDER("top") BORDER("left") BORDER("bottom") BORDER("right")
		    BORDER("insideH") BORDER("insideV") "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
		    "<w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/>"
		    "</w:tblCellMar><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" "
		    "w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
	for (size_t j = 0; j < t->cols; j++)
		buf_printf(x, "<w:gridCol w:w=\"%zu\"/>", w[j]);
	buf_puts(x, "</w:tblGrid>\n");
	for (size_t r = 0; r < t->rows; r++) {
		buf_puts(x, r ? "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
			      : "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
		for (size_t j = 0; j < t->cols; j++) {
			buf_printf(x, "<w:tc><w:tcPr><w:tcW w:w=\"%zu\" w:type=\"dxa\"/>", w[j]);
			if (r == 0)
				buf_puts(x, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\"/>");
			buf_puts(x, "<w:vAlign w:val=\"center\"/></w:tcPr>"
				    "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>");
			runs(x, t->cells[r * t->cols + j], r ? "" : "<w:rPr><w:b/><w:bCs/></w:rPr>");
			buf_puts(x, "</w:p></w:tc>");
		}
		buf_puts(x, "</w:tr>\n");
	}
	buf_puts(x, "</w:tbl>\n");
	free(w);
}

/* An inline picture: wp:inline → a:graphic → pic:pic, the blip pointing at relationship
 * rIdImg<k> (word/media/chart<k>.png); extents in EMU. */
static void picture(buf *x, size_t k, const char *descr, double w_pt, double h_pt)
{
	long long cx = llround(w_pt * EMU_PER_PT), cy = llround(h_pt * EMU_PER_PT);
	buf_puts(x, "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/><w:spacing w:after=\"120\"/></w:pPr><w:r><w:drawing>");
	buf_printf(x, "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"%lld\" cy=\"%lld\"/>"
		      "<wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"%zu\" name=\"图表 %zu\" descr=\"",
		   cx, cy, k, k);
	doc_escs(x, descr);
	buf_printf(x, "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"" NS_A "\" noChangeAspect=\"1\"/>"
		      "</wp:cNvGraphicFramePr><a:graphic xmlns:a=\"" NS_A "\"><a:graphicData uri=\"" NS_PIC "\">"
		      "<pic:pic xmlns:pic=\"" NS_PIC "\"><pic:nvPicPr><pic:cNvPr id=\"0\" name=\"chart%zu.png\"/>"
		      "<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdImg%zu\"/>"
		      "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/>"
		      "<a:ext cx=\"%lld\" cy=\"%lld\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>"
		      "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>\n",
		   k, k, cx, cy);
}

/* The 落款 (doc_sign_split): a blank line, then the issuer and the date, each right-aligned at
 * its distance from the right edge (in hundredths of a character, and twips for readers that
 * ignore the Chars attributes). */
static void signature(buf *x, const char *text)
{
	doc_sign g;
	doc_sign_split(text, &g);
	buf_puts(x, "<w:p><w:pPr><w:pStyle w:val=\"Signature\"/></w:pPr></w:p>\n");
	const doc_sign_line *lines = g.line;
	for (size_t i = 0; i < 2; i++) {
		buf_printf(x, "<w:p><w:pPr><w:pStyle w:val=\"Signature\"/>%s<w:ind w:rightChars=\"%d\" w:right=\"%d\"/>"
			      "</w:pPr><w:r><w:t xml:space=\"preserve\">",
			   i ? "" : "<w:keepNext/>", lines[i].right * 50, lines[i].right * 160);
		doc_esc(x, lines[i].s, lines[i].n);
		buf_puts(x, "</w:t></w:r></w:p>\n");
	}
}

static void document_xml(const doc *d, buf *x)
{
	buf_puts(x, XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\" xmlns:wp=\"" NS_WP "\" "
		    "xmlns:a=\"" NS_A "\" xmlns:pic=\"" NS_PIC "\"><w:body>\n");
	size_t k = 0;
	for (size_t i = 0; i < d->n; i++) {
		const doc_block *b = &d->blocks[i];
		switch (b->kind) {
		case DOC_TITLE: para(x, "Title", b->text, 0); break;
		case DOC_H1: para(x, "Heading1", b->text, 0); break;
		case DOC_H2: para(x, "Heading2", b->text, 0); break;
		case DOC_H3: para(x, "Heading3", b->text, 0); break;
		case DOC_SIGN: signature(x, b->text); break;
		case DOC_PARA: para(x, NULL, b->text, 1); break;
		case DOC_NOTE: para(x, "Note", b->text, 0); break;
		case DOC_CHART:
			k++;
			if (b->chart->title && *b->chart->title)
				para(x, "ChartTitle", b->chart->title, 0);
			picture(x, k, b->chart->title, CHART_W_PT, doc_chart_height(b->chart, 0));
			break;
		case DOC_TABLE:
			table(x, b->table);
			/* Word merges adjacent tables and wants a paragraph before sectPr */
			buf_puts(x, "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>\n");
			break;
		}
	}
	/* The line grid: 22 lines at LINE_PITCH (characters: CHAR_SPACING). The footer's bottom
	 * sits 22 mm above the page edge, so the page number's line starts about 7 mm below the text. */
	buf_printf(x, "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFtr\"/>"
		      "<w:footerReference w:type=\"even\" r:id=\"rIdFtrEven\"/>"
		      "<w:pgSz w:w=\"%d\" w:h=\"%d\"/><w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" "
		      "w:left=\"%d\" w:header=\"851\" w:footer=\"1247\" w:gutter=\"0\"/><w:cols w:space=\"425\"/>"
		      "<w:docGrid w:type=\"lines\" w:linePitch=\"" LINE_PITCH "\"/>"
		      "</w:sectPr></w:body></w:document>\n",
		   PAGE_W, PAGE_H, MARGIN_T, MARGIN_R, MARGIN_B, MARGIN_L);
}

static void document_rels(size_t charts, buf *x)
{
	buf_puts(x, XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		    "<Relationship Id=\"rIdStyles\" Type=\"" REL_T "styles\" Target=\"styles.xml\"/>"
		    "<Relationship Id=\"rIdSettings\" Type=\"" REL_T "settings\" Target=\"settings.xml\"/>"
		    "<Relationship Id=\"rIdFtr\" Type=\"" REL_T "footer\" Target=\"footer1.xml\"/>"
		    "<Relationship Id=\"rIdFtrEven\" Type=\"" REL_T "footer\" Target=\"footer2.xml\"/>"
		    "<Relationship Id=\"rIdFonts\" Type=\"" REL_T "fontTable\" Target=\"fontTable.xml\"/>");
	for (size_t k = 1; k <= charts; k++)
		buf_printf(x, "<Relationship Id=\"rIdImg%zu\" Type=\"" REL_T "image\" "
			      "Target=\"media/chart%zu.png\"/>", k, k);
	buf_puts(x, "</Relationships>");
}

static void core_xml(const doc *d, const char *iso, buf *x)
{
	buf_puts(x, XML_DECL "<cp:coreProperties "
		    "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
		    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
		    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
	doc_escs(x, doc_title(d));
	buf_printf(x, "</dc:title><dc:creator>fgdj</dc:creator><dc:language>zh-CN</dc:language>"
		      "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
		      "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s</dcterms:modified></cp:coreProperties>",
		   iso, iso);
}

/* ---- the chart pictures ---- */

/* PNG chunk: length, type, data, CRC of type and data. */
static void png_chunk(buf *png, const char type[4], const unsigned char *data, size_t n)
{
	unsigned char be[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
			       (unsigned char)n};
	buf_add(png, be, 4);
	buf_add(png, type, 4);
	if (n)
		buf_add(png, data, n);
	uLong crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)type, 4);
	if (n)
		crc = crc32(crc, data, (uInt)n);
	unsigned char c[4] = {(unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8),
			      (unsigned char)crc};
	buf_add(png, c, 4);
}

/* The RGB24 surface as an 8-bit RGB PNG (the pixels cairo's own writer would store), deflated
 * by zlib at its fastest level: cairo's writer takes libpng's default level and adaptive filters,
 * which cost most of a report's time for nothing a reader sees. Rows use the Up filter, which
 * suits bars and blank space. 0, or -1 when zlib fails. */
static int png_encode(cairo_surface_t *s, buf *png)
{
	int w = gfx.cairo_image_surface_get_width(s), h = gfx.cairo_image_surface_get_height(s);
	int stride = gfx.cairo_image_surface_get_stride(s);
	const unsigned char *px = gfx.cairo_image_surface_get_data(s);
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	buf_add(png, sig, sizeof sig);
	unsigned char ihdr[13] = {(unsigned char)(w >> 24), (unsigned char)(w >> 16), (unsigned char)(w >> 8),
				  (unsigned char)w, (unsigned char)(h >> 24), (unsigned char)(h >> 16),
				  (unsigned char)(h >> 8), (unsigned char)h, 8, 2, 0, 0, 0};
	png_chunk(png, "IHDR", ihdr, sizeof ihdr);

	size_t rowlen = 1 + 3 * (size_t)w;
	unsigned char *row = xmalloc(rowlen), *prev = xcalloc(rowlen, 1), *cur = xmalloc(rowlen);
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit(&z, Z_BEST_SPEED) != Z_OK) {
		free(row);
		free(prev);
		free(cur);
		return -1;
	}
	size_t cap = deflateBound(&z, (uLong)(rowlen * (size_t)h)) + 64;
	unsigned char *idat = xmalloc(cap);
	z.next_out = idat;
	z.avail_out = (uInt)cap;
	int ok = 1;
	for (int y = 0; y < h && ok; y++) {
		const uint32_t *p = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++) { /* 0x00RRGGBB in native order */
			cur[1 + 3 * x] = (unsigned char)(p[x] >> 16);
			cur[2 + 3 * x] = (unsigned char)(p[x] >> 8);
			cur[3 + 3 * x] = (unsigned char)p[x];
		}
		row[0] = 2; /* Up */
		for (size_t i = 1; i < rowlen; i++)
			row[i] = (unsigned char)(cur[i] - prev[i]);
		unsigned char *t = prev;
		prev = cur;
		cur = t;
		z.next_in = row;
		z.avail_in = (uInt)rowlen;
		/* the output has deflateBound's room: every row goes in, the last ends the stream */
		int zrc = deflate(&z, y + 1 == h ? Z_FINISH : Z_NO_FLUSH);
		ok = y + 1 == h ? zrc == Z_STREAM_END : zrc == Z_OK && z.avail_in == 0;
	}
	if (h == 0)
		ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
	size_t n = cap - z.avail_out;
	deflateEnd(&z);
	if (ok) {
		png_chunk(png, "IDAT", idat, n);
		png_chunk(png, "IEND", NULL, 0);
	}
	free(idat);
	free(row);
	free(prev);
	free(cur);
	return ok ? 0 : -1;
}

/* Renders the chart (without its title, which is a paragraph above it) as PNG into png. */
static cairo_status_t chart_png(const doc_chart *c, buf *png)
{
	double h = doc_chart_height(c, 0);
	double scale = fmin(PNG_SCALE, PNG_MAX_PX / h); /* a chart of thousands of bars still renders */
	cairo_surface_t *s =
		gfx.cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(CHART_W_PT * scale), (int)ceil(h * scale));
	cairo_t *cr = gfx.cairo_create(s);
	gfx.cairo_set_source_rgb(cr, 1, 1, 1);
	gfx.cairo_paint(cr);
	gfx.cairo_scale(cr, scale, scale);
	doc_chart_draw(cr, c, CHART_W_PT, 0);
	cairo_status_t st = gfx.cairo_status(cr);
	gfx.cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS) {
		gfx.cairo_surface_flush(s);
		if (png_encode(s, png))
			st = CAIRO_STATUS_NO_MEMORY;
	}
	gfx.cairo_surface_destroy(s);
	return st;
}

/* ---- the package ---- */

/* stored: the part is stored as it is (a PNG, deflated already), else deflated. */
static int put_part(zipFile zf, const zip_fileinfo *zi, const char *name, const void *data, size_t n, int stored)
{
	/* zip64 off: the parts are small, and plain headers are what every DOCX reader expects */
	if (zipOpenNewFileInZip64(zf, name, zi, NULL, 0, NULL, 0, NULL, stored ? 0 : Z_DEFLATED,
				  stored ? 0 : Z_DEFAULT_COMPRESSION, 0) != ZIP_OK)
		return -1;
	int rc = ZIP_OK;
	for (size_t off = 0; off < n && rc == ZIP_OK;) {
		unsigned chunk = n - off > (1u << 30) ? (1u << 30) : (unsigned)(n - off);
		rc = zipWriteInFileInZip(zf, (const char *)data + off, chunk);
		off += chunk;
	}
	if (zipCloseFileInZip(zf) != ZIP_OK)
		rc = -1;
	return rc == ZIP_OK ? 0 : -1;
}

/* Writes every part; 0, or -1 on the first minizip failure. */
static int write_parts(zipFile zf, const zip_fileinfo *zi, const buf *docx, const buf *rels, const buf *core,
		       const buf *styles, const buf *png, size_t charts)
{
	const struct {
		const char *name;
		const char *data;
		size_t len;
	} parts[] = {
		{"[Content_Types].xml", content_types, sizeof content_types - 1},
		{"_rels/.rels", root_rels, sizeof root_rels - 1},
		{"word/document.xml", buf_cstr(docx), docx->len},
		{"word/_rels/document.xml.rels", buf_cstr(rels), rels->len},
		{"word/styles.xml", buf_cstr(styles), styles->len},
		{"word/settings.xml", settings_xml, sizeof settings_xml - 1},
		{"word/footer1.xml", footer_odd_xml, sizeof footer_odd_xml - 1},
		{"word/footer2.xml", footer_even_xml, sizeof footer_even_xml - 1},
		{"word/fontTable.xml", font_table_xml, sizeof font_table_xml - 1},
		{"docProps/core.xml", buf_cstr(core), core->len},
		{"docProps/app.xml", app_xml, sizeof app_xml - 1},
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (put_part(zf, zi, parts[i].name, parts[i].data, parts[i].len, 0))
			return -1;
	for (size_t k = 0; k < charts; k++) {
		char name[64];
		snprintf(name, sizeof name, "word/media/chart%zu.png", k + 1);
		if (put_part(zf, zi, name, buf_cstr(&png[k]), png[k].len, 1))
			return -1;
	}
	return 0;
}

int doc_write_docx(const doc *d, const char *path, fg_err *e)
{
	if (doc_gfx_load(e))
		return FG_EFAIL;
	int y, m, day;
	date_to_ymd(date_today(), &y, &m, &day);
	char iso[32];
	snprintf(iso, sizeof iso, "%04d-%02d-%02dT00:00:00Z", y, m, day);
	zip_fileinfo zi;
	memset(&zi, 0, sizeof zi);
	zi.tmz_date.tm_year = (unsigned)y;
	zi.tmz_date.tm_mon = (unsigned)(m - 1);
	zi.tmz_date.tm_mday = (unsigned)day;

	size_t charts = 0;
	for (size_t i = 0; i < d->n; i++)
		charts += d->blocks[i].kind == DOC_CHART;
	buf *png = xcalloc(charts, sizeof *png);
	int rc = FG_OK;
	for (size_t i = 0, k = 0; i < d->n && rc == FG_OK; i++) {
		if (d->blocks[i].kind != DOC_CHART)
			continue;
		cairo_status_t st = chart_png(d->blocks[i].chart, &png[k++]);
		if (st != CAIRO_STATUS_SUCCESS)
			rc = err_set(e, FG_EFAIL, "生成第 %zu 个图表的图片失败：%s", k, gfx.cairo_status_to_string(st));
	}

	buf docx = {0}, rels = {0}, core = {0}, styles = {0};
	if (rc == FG_OK) {
		buf_puts(&styles, styles_xml);
		buf_puts(&styles, styles_xml_more);
		document_xml(d, &docx);
		document_rels(charts, &rels);
		core_xml(d, iso, &core);
		zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
		if (!zf) {
			rc = err_set(e, FG_EFAIL, "无法创建 DOCX 文件 %s（目录不存在或没有写权限）", path);
		} else {
			int bad = write_parts(zf, &zi, &docx, &rels, &core, &styles, png, charts);
			if (zipClose(zf, NULL) != ZIP_OK || bad) {
				out_discard(path);
				rc = err_set(e, FG_EFAIL, "写入 DOCX 文件 %s 失败（磁盘已满或没有写权限）", path);
			}
		}
	}
	for (size_t k = 0; k < charts; k++)
		buf_free(&png[k]);
	free(png);
	buf_free(&docx);
	buf_free(&rels);
	buf_free(&core);
	buf_free(&styles);
	return rc;
}
