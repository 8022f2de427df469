/* Tests for report/doc: the document model and its writers. Markdown, HTML and SVG are
 * checked as strings; the DOCX is read back with minizip and every XML part parsed with
 * expat; the PDF is checked for its header and size. When poppler-utils (pdftotext, pdffonts)
 * or LibreOffice (soffice) are installed, the files are also read by them: the CJK text must
 * come back out and the fonts must be embedded. Without those tools the checks are skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo.h>
#include <expat.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unzip.h>

#include "report/doc.h"
#include "report/doc_priv.h"
#include "util/buf.h"

#define PDFTOTEXT "/usr/bin/pdftotext"
#define PDFFONTS "/usr/bin/pdffonts"
#define SOFFICE "/usr/bin/soffice"

#define SPECIAL "特殊字符：<script>alert(\"x\")</script> & 'quote'"
#define SPECIAL_XML "特殊字符：&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;"
#define PARA1 "全区共有非公企业1234家，党组织覆盖率为95.3%。"

static char tmpdir[256];

/* Under LeakSanitizer (make asan): fontconfig keeps its parsed configuration until FcFini(),
 * which this program cannot call (fontconfig is not linked directly), and cairo 1.16 leaks a
 * few hundred bytes per embedded CFF font inside cairo_surface_finish(). Neither is ours. The
 * slow unwinder is needed to see cairo_surface_finish on a stack through libraries built
 * without frame pointers; a layout, surface or buffer we forget to free is still reported.
 * The caches pango and cairo can drop are dropped in teardown(). */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:cairo_surface_finish\n";
}

/* ---- the document every test writes ---- */

static void build(doc *d)
{
	doc_add(d, DOC_TITLE, "某区2024年度非公企业党建工作报告");
	doc_add(d, DOC_H1, "一、主要做法");
	doc_add(d, DOC_H2, "（一）组织设置与覆盖");
	doc_add(d, DOC_PARA, PARA1 SPECIAL);
	buf longp = {0};
	for (int i = 0; i < 60; i++)
		buf_printf(&longp, "第%d项：坚持把党的组织建设作为基础工程，推动党组织和党的工作有效覆盖，"
				   "持续提升组织力。", i + 1);
	doc_add(d, DOC_PARA, buf_cstr(&longp));
	buf_free(&longp);
	const char *labels[] = {"东城街道", "西城街道", "南湖街道", "北山街道", "中心街道", "高新区", "A&B园区", "<未知>"};
	const double values[] = {95.2, 88, 76.5, 100, 63.1, 45, 12.25, 0};
	doc_add_chart(d, "各街道党组织覆盖率（%）", 8, labels, values, 100, "%");
	const char *cells[] = {
		"街道", "企业数", "党组织数", "覆盖率",
		"东城街道", "120", "115", "95.8%",
		"A&B<园区>", "30", "\"12\"", "40.0%",
	};
	doc_add_table(d, 3, 4, cells);
	doc_add(d, DOC_H1, "二、存在问题");
	doc_add(d, DOC_PARA, "部分企业党组织“三会一课”落实不到位。");
	doc_add(d, DOC_NOTE, "数据来源：fgdj 台账，截至2024-12-31。");
}

/* ---- helpers ---- */

static int setup(void **state)
{
	(void)state;
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/fgdj-doc.XXXXXX", t && *t ? t : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *tmp_path(const char *name)
{
	buf b = {0};
	buf_printf(&b, "%s/%s", tmpdir, name);
	return buf_detach(&b);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + strlen(needle), needle))
		n++;
	return n;
}

#define assert_has(hay, needle) assert_non_null(strstr((hay), (needle)))

static int well_formed(const char *xml, size_t len)
{
	XML_Parser p = XML_ParserCreate(NULL);
	int ok = XML_Parse(p, xml, (int)len, 1) != XML_STATUS_ERROR;
	if (!ok)
		fprintf(stderr, "XML error at line %lu: %s\n", (unsigned long)XML_GetCurrentLineNumber(p),
			XML_ErrorString(XML_GetErrorCode(p)));
	XML_ParserFree(p);
	return ok;
}

/* Reads one entry of a zip file into out; 0, or -1 when the entry is missing. */
static int unzip_entry(const char *zip, const char *name, buf *out)
{
	unzFile uf = unzOpen64(zip);
	if (!uf)
		return -1;
	int rc = -1;
	if (unzLocateFile(uf, name, 1) == UNZ_OK && unzOpenCurrentFile(uf) == UNZ_OK) {
		char chunk[8192];
		int n;
		while ((n = unzReadCurrentFile(uf, chunk, sizeof chunk)) > 0)
			buf_add(out, chunk, (size_t)n);
		rc = n == 0 && unzCloseCurrentFile(uf) == UNZ_OK ? 0 : -1;
	}
	unzClose(uf);
	return rc;
}

/* Runs a shell command and keeps its standard output; returns the exit status. */
static int run(const char *cmd, buf *out)
{
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	return pclose(f);
}

static int have(const char *tool)
{
	if (access(tool, X_OK) == 0)
		return 1;
	fprintf(stderr, "  (%s not installed: check skipped)\n", tool);
	return 0;
}

/* ---- building ---- */

static void test_build_copies(void **state)
{
	(void)state;
	doc d = {0};
	/* freed right after each call: ASan reports a use after free if the doc kept a pointer */
	char *text = xstrdup("原文"), *label = xstrdup("标签"), *cell = xstrdup("格");
	double *values = xcalloc(1, sizeof *values);
	values[0] = 1.5;
	doc_add(&d, DOC_PARA, text);
	doc_add_chart(&d, "图", 1, (const char *const[]){label}, values, 0, NULL);
	doc_add_table(&d, 1, 1, (const char *const[]){cell});
	doc_add(&d, DOC_NOTE, NULL);
	free(text);
	free(label);
	free(cell);
	free(values);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.blocks[0].text, "原文");
	assert_string_equal(d.blocks[1].chart->title, "图");
	assert_string_equal(d.blocks[1].chart->labels[0], "标签");
	assert_true(d.blocks[1].chart->values[0] == 1.5);
	assert_string_equal(d.blocks[1].chart->unit, "");
	assert_string_equal(d.blocks[2].table->cells[0], "格");
	assert_string_equal(d.blocks[3].text, "");
	doc_free(&d);
	assert_null(d.blocks);
	assert_int_equal(d.n, 0);
}

/* ---- Markdown, SVG, HTML ---- */

static void test_md(void **state)
{
	(void)state;
	doc d = {0};
	build(&d);
	buf md = {0};
	doc_write_md(&d, &md);
	const char *s = buf_cstr(&md);
	assert_true(strncmp(s, "# 某区2024年度非公企业党建工作报告\n", strlen("# 某区2024年度非公企业党建工作报告\n")) == 0);
	assert_has(s, "\n## 一、主要做法\n");
	assert_has(s, "\n### （一）组织设置与覆盖\n");
	assert_has(s, "\n" PARA1 "特殊字符：&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'quote'\n");
	assert_has(s, "**各街道党组织覆盖率（%）**\n\n| 项目 | 数值 |\n| --- | --- |\n| 东城街道 | 95.2% |\n");
	assert_has(s, "| A&amp;B园区 | 12.3% |\n| &lt;未知&gt; | 0.0% |\n");
	assert_has(s, "| 街道 | 企业数 | 党组织数 | 覆盖率 |\n| --- | --- | --- | --- |\n| 东城街道 | 120 | 115 | 95.8% |\n");
	assert_has(s, "| A&amp;B&lt;园区&gt; | 30 | \"12\" | 40.0% |\n");
	assert_has(s, "\n*数据来源：fgdj 台账，截至2024-12-31。*\n");
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<未知"));
	buf_free(&md);
	doc_free(&d);
}

static void test_md_markup_in_text(void **state)
{
	(void)state;
	doc d = {0};
	doc_add(&d, DOC_PARA, "1. 不是列表 *也不是强调* a|b\n# 也不是标题");
	doc_add(&d, DOC_NOTE, "坏\xff\x01字节");
	const char *cells[] = {"a|b", "第一行\n第二行"};
	doc_add_table(&d, 1, 2, cells);
	buf md = {0};
	doc_write_md(&d, &md);
	assert_has(buf_cstr(&md), "1\\. 不是列表 \\*也不是强调\\* a\\|b\\\n\\# 也不是标题\n");
	assert_has(buf_cstr(&md), "| a\\|b | 第一行<br>第二行 |\n");
	assert_has(buf_cstr(&md), "\n*坏\xEF\xBF\xBD字节*\n");
	buf_free(&md);
	doc_free(&d);
}

static void test_svg(void **state)
{
	(void)state;
	doc d = {0};
	build(&d);
	const doc_chart *c = d.blocks[5].chart;
	buf svg = {0};
	doc_chart_svg(c, &svg);
	const char *s = buf_cstr(&svg);
	assert_true(strncmp(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 ", 56) == 0);
	assert_has(s, "font-family=\"'Noto Sans CJK SC', sans-serif\"");
	assert_has(s, "<title>各街道党组织覆盖率（%）</title>");
	assert_int_equal(count(s, "<rect"), 1 + 8); /* the background and one bar per label */
	assert_has(s, ">东城街道</text>");
	assert_has(s, ">95.2%</text>");
	assert_has(s, ">A&amp;B园区</text>");
	assert_has(s, ">&lt;未知&gt;</text>");
	assert_has(s, ">12.3%</text>");
	assert_has(s, "width=\"0.0\""); /* the bar of 0 */
	assert_null(strstr(s, "<未知"));
	assert_true(well_formed(s, svg.len));
	buf_free(&svg);
	doc_free(&d);
}

static void test_svg_odd_values(void **state)
{
	(void)state;
	const char *labels[] = {"负值", "无值", "超出"};
	const double values[] = {-5, NAN, 250};
	doc_chart c = {.title = NULL, .n = 3, .labels = (char **)labels, .values = (double *)values,
		       .max_value = 0, .unit = NULL};
	buf svg = {0};
	doc_chart_svg(&c, &svg);
	assert_has(buf_cstr(&svg), ">-5</text>"); /* whole counts without decimals */
	assert_has(buf_cstr(&svg), ">—</text>");
	assert_has(buf_cstr(&svg), ">250</text>");
	assert_true(well_formed(buf_cstr(&svg), svg.len));
	buf_reset(&svg);
	c.n = 0;
	doc_chart_svg(&c, &svg);
	assert_has(buf_cstr(&svg), "无数据");
	assert_true(well_formed(buf_cstr(&svg), svg.len));
	buf_free(&svg);
}

static void test_html(void **state)
{
	(void)state;
	doc d = {0};
	build(&d);
	doc_add(&d, DOC_PARA, "坏字节\xff\xfe与控制符\x01结束");
	buf html = {0};
	doc_write_html(&d, &html);
	const char *s = buf_cstr(&html);
	assert_true(strncmp(s, "<!DOCTYPE html>\n<html lang=\"zh-CN\">", 34) == 0);
	assert_has(s, "<meta charset=\"utf-8\">");
	assert_has(s, "<title>某区2024年度非公企业党建工作报告</title>");
	assert_has(s, "@page{size:A4;margin:");
	assert_has(s, "<h1>某区2024年度非公企业党建工作报告</h1>");
	assert_has(s, "<h2>一、主要做法</h2>");
	assert_has(s, "<h3>（一）组织设置与覆盖</h3>");
	assert_has(s, "<p>" PARA1 SPECIAL_XML "</p>");
	assert_has(s, "<tr><th>街道</th><th>企业数</th><th>党组织数</th><th>覆盖率</th></tr>\n</thead>");
	assert_has(s, "<td>A&amp;B&lt;园区&gt;</td><td>30</td><td>&quot;12&quot;</td>");
	assert_has(s, "<figure class=\"chart\">\n<svg ");
	assert_has(s, "<p class=\"note\">数据来源");
	assert_has(s, "坏字节\xEF\xBF\xBD\xEF\xBF\xBD与控制符结束");
	assert_null(strstr(s, "<script"));
	assert_true(strlen(s) > 4 && strcmp(s + strlen(s) - 8, "</html>\n") == 0);
	buf_free(&html);
	doc_free(&d);
}

/* ---- DOCX ---- */

static const char *const docx_parts[] = {
	"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
	"word/styles.xml", "word/settings.xml", "word/footer1.xml", "word/footer2.xml", "word/fontTable.xml", "docProps/core.xml", "docProps/app.xml",
};

static void soffice_text(const char *docx, const char *txt_name, const char *const *want, size_t n)
{
	if (!have(SOFFICE))
		return;
	buf cmd = {0}, out = {0}, txt = {0};
	buf_printf(&cmd, "cd '%s' && HOME='%s' " SOFFICE " --headless --convert-to 'txt:Text (encoded):UTF8' "
			 "--outdir '%s' '%s' >/dev/null 2>&1",
		   tmpdir, tmpdir, tmpdir, docx);
	assert_int_equal(run(buf_cstr(&cmd), &out), 0);
	char *path = tmp_path(txt_name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&txt, chunk, got);
	fclose(f);
	for (size_t i = 0; i < n; i++) {
		if (!strstr(buf_cstr(&txt), want[i]))
			fail_msg("LibreOffice's text of %s lacks \"%s\"", docx, want[i]);
	}
	free(path);
	buf_free(&cmd);
	buf_free(&out);
	buf_free(&txt);
}

static void test_docx(void **state)
{
	(void)state;
	doc d = {0};
	build(&d);
	doc_add(&d, DOC_PARA, "坏字节\xff与控制符\x01\x1f结束\r\n第二行\t制表");
	char *path = tmp_path("report.docx");
	fg_err e = {{0}};
	assert_int_equal(doc_write_docx(&d, path, &e), FG_OK);

	buf part = {0};
	for (size_t i = 0; i < sizeof docx_parts / sizeof docx_parts[0]; i++) {
		buf_reset(&part);
		if (unzip_entry(path, docx_parts[i], &part) != 0)
			fail_msg("the DOCX lacks %s", docx_parts[i]);
		if (!well_formed(buf_cstr(&part), part.len))
			fail_msg("%s is not well-formed XML", docx_parts[i]);
	}

	buf_reset(&part);
	assert_int_equal(unzip_entry(path, "word/document.xml", &part), 0);
	const char *x = buf_cstr(&part);
	assert_has(x, "<w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t xml:space=\"preserve\">某区2024年度非公企业党建工作报告<");
	assert_has(x, "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">一、主要做法<");
	assert_has(x, "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr><w:r><w:t xml:space=\"preserve\">"
		      PARA1 SPECIAL_XML "</w:t>");
	assert_has(x, "坏字节\xEF\xBF\xBD与控制符结束</w:t><w:br/><w:t xml:space=\"preserve\">第二行</w:t><w:tab/>");
	assert_null(strstr(x, "<script"));
	assert_int_equal(count(x, "<w:tbl>"), 1);
	assert_int_equal(count(x, "<w:tr>"), 3);
	assert_int_equal(count(x, "<w:tc>"), 12);
	assert_has(x, "<w:tblHeader/>");
	assert_has(x, "<w:insideV w:val=\"single\"");
	assert_has(x, "A&amp;B&lt;园区&gt;");
	assert_has(x, "<wp:inline ");
	assert_has(x, "<pic:pic xmlns:pic=");
	assert_has(x, "<a:blip r:embed=\"rIdImg1\"/>");
	assert_has(x, "<wp:extent cx=\"5588000\" cy=\"");
	assert_has(x, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>");
	assert_has(x, "<w:footerReference w:type=\"default\" r:id=\"rIdFtr\"/>");

	buf_reset(&part);
	assert_int_equal(unzip_entry(path, "word/_rels/document.xml.rels", &part), 0);
	assert_has(buf_cstr(&part), "Id=\"rIdImg1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
				     "relationships/image\" Target=\"media/chart1.png\"");
	buf_reset(&part);
	assert_int_equal(unzip_entry(path, "word/styles.xml", &part), 0);
	assert_has(buf_cstr(&part), "w:eastAsia=\"仿宋_GB2312\"");
	assert_has(buf_cstr(&part), "w:eastAsia=\"方正小标宋简体\"");
	assert_has(buf_cstr(&part), "w:eastAsia=\"黑体\"");
	assert_has(buf_cstr(&part), "w:eastAsia=\"楷体_GB2312\"");
	assert_has(buf_cstr(&part), "w:eastAsia=\"宋体\""); /* the page number */
	buf_reset(&part);
	assert_int_equal(unzip_entry(path, "docProps/core.xml", &part), 0);
	assert_has(buf_cstr(&part), "<dc:title>某区2024年度非公企业党建工作报告</dc:title>");
	buf_reset(&part);
	assert_int_equal(unzip_entry(path, "word/media/chart1.png", &part), 0);
	assert_true(part.len > 2000);
	assert_memory_equal(part.p, "\x89PNG\r\n\x1a\n", 8);
	buf_free(&part);

	const char *want[] = {"某区2024年度非公企业党建工作报告", "一、主要做法", PARA1 SPECIAL, "党组织数",
			      "A&B<园区>", "数据来源：fgdj 台账"};
	soffice_text(path, "report.txt", want, sizeof want / sizeof want[0]);
	free(path);
	doc_free(&d);
}

/* ---- PDF ---- */

static void test_pdf(void **state)
{
	(void)state;
	doc d = {0};
	build(&d);
	char *path = tmp_path("report.pdf");
	fg_err e = {{0}};
	assert_int_equal(doc_write_pdf(&d, path, &e), FG_OK);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char head[5] = {0};
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_string_equal(head, "%PDF");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 1024);

	buf cmd = {0}, out = {0};
	if (have(PDFTOTEXT)) {
		buf_printf(&cmd, PDFTOTEXT " -enc UTF-8 '%s' -", path);
		assert_int_equal(run(buf_cstr(&cmd), &out), 0);
		const char *s = buf_cstr(&out);
		assert_has(s, "某区2024年度非公企业党建工作报告");
		assert_has(s, "一、主要做法");
		assert_has(s, "全区共有非公企业");
		assert_has(s, "<script>");
		assert_has(s, "各街道党组织覆盖率（%）");
		assert_has(s, "东城街道");
		assert_has(s, "95.2%");
		assert_has(s, "党组织数");
		/* pdftotext drops the spaces around the number: "—1—" */
		assert_true(strstr(s, "— 1 —") || strstr(s, "—1—"));
		assert_true(strstr(s, "— 2 —") || strstr(s, "—2—")); /* the long paragraph went over a page */
		assert_true(count(s, "\f") >= 2);
	}
	if (have(PDFFONTS)) {
		buf_reset(&cmd);
		buf_reset(&out);
		buf_printf(&cmd, PDFFONTS " '%s'", path);
		assert_int_equal(run(buf_cstr(&cmd), &out), 0);
		/* name type... emb sub uni object ID: emb is the fifth field from the end */
		size_t fonts = 0, serif = 0, sans = 0;
		char *lines = xstrdup(buf_cstr(&out)), *save = NULL;
		int lineno = 0;
		for (char *ln = strtok_r(lines, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
			if (++lineno <= 2)
				continue;
			char *tok[32] = {0}, *s2 = NULL;
			size_t nt = 0;
			for (char *t = strtok_r(ln, " ", &s2); t && nt < 32; t = strtok_r(NULL, " ", &s2))
				tok[nt++] = t;
			assert_true(nt >= 6);
			if (strcmp(tok[nt - 5], "yes") != 0)
				fail_msg("font %s is not embedded", tok[0]);
			fonts++;
			serif += strstr(tok[0], "NotoSerifCJK") != NULL;
			sans += strstr(tok[0], "NotoSansCJK") != NULL;
		}
		free(lines);
		assert_true(fonts >= 2);
		assert_true(serif >= 1);
		assert_true(sans >= 1);
	}
	buf_free(&cmd);
	buf_free(&out);
	free(path);
	doc_free(&d);
}

/* ---- edges ---- */

static void test_empty_and_odd(void **state)
{
	(void)state;
	doc d = {0};
	char *docx = tmp_path("empty.docx"), *pdfp = tmp_path("empty.pdf");
	fg_err e = {{0}};
	buf s = {0};
	doc_write_md(&d, &s);
	assert_int_equal(s.len, 0);
	doc_write_html(&d, &s);
	assert_has(buf_cstr(&s), "<title>工作报告</title>");
	assert_int_equal(doc_write_docx(&d, docx, &e), FG_OK);
	assert_int_equal(doc_write_pdf(&d, pdfp, &e), FG_OK);

	/* an empty chart, a chart with no scale, a one-row table, a 60-bar chart (own page) */
	doc_add_chart(&d, "空图表", 0, NULL, NULL, 100, "%");
	const char *labels[] = {"甲", "乙"};
	const double values[] = {NAN, -3};
	doc_add_chart(&d, NULL, 2, labels, values, 0, NULL);
	const char *cells[] = {"只有表头"};
	doc_add_table(&d, 1, 1, cells);
	const char *many[60];
	double vals[60];
	for (int i = 0; i < 60; i++) {
		many[i] = "社区名称很长很长很长很长很长很长很长很长很长很长的社区";
		vals[i] = i * 1.7;
	}
	doc_add_chart(&d, "六十个社区", 60, many, vals, 0, "家");
	doc_add(&d, DOC_H1, "坏\xff\x01标题\r\n第二行");
	buf_reset(&s);
	doc_write_md(&d, &s);
	assert_has(buf_cstr(&s), "**空图表**\n\n（无数据）\n");
	assert_has(buf_cstr(&s), "| 甲 | — |\n| 乙 | -3 |\n");
	assert_int_equal(doc_write_docx(&d, docx, &e), FG_OK);
	buf part = {0};
	assert_int_equal(unzip_entry(docx, "word/document.xml", &part), 0);
	assert_true(well_formed(buf_cstr(&part), part.len));
	assert_int_equal(count(buf_cstr(&part), "<pic:pic "), 3);
	buf_reset(&part);
	assert_int_equal(unzip_entry(docx, "word/media/chart3.png", &part), 0);
	assert_int_equal(doc_write_pdf(&d, pdfp, &e), FG_OK);
	buf_free(&part);
	buf_free(&s);
	free(docx);
	free(pdfp);
	doc_free(&d);
}

/* The 落款's place (GB/T 9704 7.3.5.3, no seal), in half characters from the right edge. */
static void test_sign(void **state)
{
	(void)state;
	doc_sign g;
	/* issuer 9 characters (18 halves), date 8 digits + 3 characters (14 halves): the issuer
	 * 2 characters from the right, the date starting 2 characters right of it: 4 + 18 − 14 − 4 */
	doc_sign_split("中共临江区委组织部\n2026年11月26日", &g);
	assert_int_equal(g.line[0].n, strlen("中共临江区委组织部"));
	assert_string_equal(g.line[1].s, "2026年11月26日");
	assert_int_equal(g.line[0].right, 4);
	assert_int_equal(g.line[1].right, 4);
	/* a long issuer (16 characters = 32 halves): the date moves left with it, 4 + 32 − 14 − 4 */
	doc_sign_split("中共临江区非公有制企业工作委员会\n2026年1月1日", &g);
	assert_int_equal(g.line[0].right, 4);
	assert_int_equal(g.line[1].right, 4 + 32 - 12 - 4);
	/* a short issuer (5 characters = 10 halves): the date keeps 2 characters, the issuer moves
	 * left so that the date still starts 2 characters right of it: 14 − 10 + 8 */
	doc_sign_split("区委组织部\n2026年12月31日", &g);
	assert_int_equal(g.line[1].right, 4);
	assert_int_equal(g.line[0].right, 12);
	/* no line break: no date, the issuer 2 characters from the right */
	doc_sign_split("区委", &g);
	assert_int_equal(g.line[1].n, 0);
	assert_int_equal(g.line[0].right, 4);
}

/* In md a chart whose bars a table beside it already lists is left out; other charts stay. */
static void test_md_chart_beside_table(void **state)
{
	(void)state;
	doc d = {0};
	const char *labels[] = {"东城街道", "西城街道"};
	const double values[] = {75, 66.7};
	doc_add_chart(&d, "各街道覆盖率（%）", 2, labels, values, 100, "%");
	const char *cells[] = {"街道", "覆盖率", "东城街道", "75.0%", "西城街道", "66.7%"};
	doc_add_table(&d, 3, 2, cells);
	doc_add_chart(&d, "构成（家）", 2, labels, values, 0, "家"); /* after the table: listed too */
	doc_add(&d, DOC_PARA, "正文");
	const char *other[] = {"和平社区", "西城街道"};
	doc_add_chart(&d, "另一图", 2, other, values, 100, "%");
	doc_add_table(&d, 3, 2, cells); /* lists 西城街道 but not 和平社区 */
	doc_add(&d, DOC_H3, "1. 三级标题");
	doc_add(&d, DOC_SIGN, "区委组织部\n2026年12月31日");
	buf md = {0};
	doc_write_md(&d, &md);
	const char *s = buf_cstr(&md);
	assert_null(strstr(s, "各街道覆盖率"));
	assert_null(strstr(s, "构成（家）"));
	assert_has(s, "**另一图**\n\n| 项目 | 数值 |\n| --- | --- |\n| 和平社区 | 75.0% |\n");
	assert_int_equal(count(s, "| 东城街道 | 75.0% |"), 2); /* the two tables' rows only */
	assert_has(s, "#### 1. 三级标题\n"); /* after "#### " no list starts */
	assert_has(s, "\n区委组织部\\\n2026年12月31日\n");
	buf_free(&md);
	buf html = {0};
	doc_write_html(&d, &html);
	assert_has(buf_cstr(&html), "<h4>1. 三级标题</h4>");
	assert_has(buf_cstr(&html), "<p class=\"sign\">区委组织部<br>2026年12月31日</p>");
	buf_free(&html);
	doc_free(&d);
}

static void test_write_errors(void **state)
{
	(void)state;
	doc d = {0};
	doc_add(&d, DOC_PARA, "正文");
	fg_err e = {{0}};
	assert_int_equal(doc_write_docx(&d, "/nonexistent-fgdj-dir/a.docx", &e), FG_EFAIL);
	assert_has(e.msg, "/nonexistent-fgdj-dir/a.docx");
	memset(&e, 0, sizeof e);
	assert_int_equal(doc_write_pdf(&d, "/nonexistent-fgdj-dir/a.pdf", &e), FG_EFAIL);
	assert_has(e.msg, "/nonexistent-fgdj-dir/a.pdf");
	doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_copies),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_md_markup_in_text),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_svg_odd_values),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_docx),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_sign),
		cmocka_unit_test(test_md_chart_beside_table),
		cmocka_unit_test(test_empty_and_odd),
		cmocka_unit_test(test_write_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
