/* Tests for io/tab: the CSV reader (quoting, line ends, encodings, delimiters, row numbers)
 * and the XLSX reader on files LibreOffice produced and on hand-made packages (see
 * tests/fixtures/README.md). Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/tab.h"
#include "util/buf.h"

#define FIX "tests/fixtures/"

/* ---- a callback that keeps a copy of everything it is given ---- */

typedef struct crow {
	size_t row, ncells;
	tab_kind *kind;
	char **text;
	double *num;
} crow;

typedef struct table {
	crow *rows;
	size_t n;
	int stop_after; /* return 7 once this many rows arrived; 0 = never */
	size_t progress_calls, progress_done, progress_total;
} table;

static int collect(void *ctx, const tab_row *r)
{
	table *t = ctx;
	t->rows = xrealloc(t->rows, (t->n + 1) * sizeof *t->rows);
	crow *c = &t->rows[t->n++];
	c->row = r->row;
	c->ncells = r->ncells;
	c->kind = xcalloc(r->ncells, sizeof *c->kind);
	c->text = xcalloc(r->ncells, sizeof *c->text);
	c->num = xcalloc(r->ncells, sizeof *c->num);
	for (size_t i = 0; i < r->ncells; i++) {
		assert_non_null(r->cells[i].text);
		c->kind[i] = r->cells[i].kind;
		c->text[i] = xstrdup(r->cells[i].text);
		c->num[i] = r->cells[i].num;
	}
	return t->stop_after && t->n == (size_t)t->stop_after ? 7 : 0;
}

static void on_progress(void *ctx, size_t done, size_t total)
{
	table *t = ctx;
	assert_true(done <= total);
	assert_true(done >= t->progress_done);
	t->progress_calls++;
	t->progress_done = done;
	t->progress_total = total;
}

static void table_free(table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->rows[i].ncells; k++)
			free(t->rows[i].text[k]);
		free(t->rows[i].kind);
		free(t->rows[i].text);
		free(t->rows[i].num);
	}
	free(t->rows);
	memset(t, 0, sizeof *t);
}

/* Text of the cell at row index ri, column col ("" past the row's end, like an empty cell). */
static const char *cell(const table *t, size_t ri, size_t col)
{
	assert_true(ri < t->n);
	return col < t->rows[ri].ncells ? t->rows[ri].text[col] : "";
}

static tab_kind kind(const table *t, size_t ri, size_t col)
{
	assert_true(ri < t->n);
	return col < t->rows[ri].ncells ? t->rows[ri].kind[col] : TAB_EMPTY;
}

static int csv(const char *s, size_t len, table *t, fg_err *e)
{
	tab_opts o = {.display = "测试.csv"};
	return tab_read_csv_mem(s, len, &o, collect, t, e);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	buf b = {0};
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

/* ---- CSV ---- */

static void test_csv_quoting(void **state)
{
	(void)state;
	static const char s[] = "名称,\"甲,乙\",\"他说\"\"好\"\"\",\"第一行\n第二行\"\r\n"
				"1,2,3,4\r\n"
				"\"ab\"c,\"x\r\ny\",\"\",end";
	table t = {0};
	fg_err e;
	assert_int_equal(csv(s, sizeof s - 1, &t, &e), FG_OK);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.rows[0].row, 1);
	assert_int_equal(t.rows[0].ncells, 4);
	assert_string_equal(cell(&t, 0, 0), "名称");
	assert_string_equal(cell(&t, 0, 1), "甲,乙");
	assert_string_equal(cell(&t, 0, 2), "他说\"好\"");
	assert_string_equal(cell(&t, 0, 3), "第一行\n第二行");
	assert_int_equal(kind(&t, 0, 3), TAB_TEXT);
	/* The record after a two-line cell starts on physical line 3. */
	assert_int_equal(t.rows[1].row, 3);
	assert_string_equal(cell(&t, 1, 3), "4");
	assert_int_equal(t.rows[2].row, 4);
	assert_string_equal(cell(&t, 2, 0), "abc");        /* text after a closing quote kept */
	assert_string_equal(cell(&t, 2, 1), "x\ny");       /* CRLF inside a cell becomes LF */
	assert_int_equal(kind(&t, 2, 2), TAB_EMPTY);
	assert_string_equal(cell(&t, 2, 2), "");
	assert_string_equal(cell(&t, 2, 3), "end");        /* no newline at the end of the file */
	table_free(&t);
}

/* Long unquoted fields (read 8 bytes at a time) ending at every place of a word: each field of
 * k letters, k = 1..20, then a comma, and the row's end a CR, LF or CRLF in turn; the cells come
 * back whole and the rows at their lines. */
static void test_csv_long_fields(void **state)
{
	(void)state;
	static const char *const ENDS[] = {"\n", "\r", "\r\n"};
	buf b = {0};
	for (int r = 0; r < 21; r++) {
		for (int k = 1; k <= 20; k++) {
			if (k > 1)
				buf_putc(&b, ',');
			for (int c = 0; c < k + r; c++)
				buf_putc(&b, (char)('a' + (c + k) % 26));
		}
		buf_puts(&b, ENDS[r % 3]);
	}
	table t = {0};
	fg_err e;
	assert_int_equal(csv(b.p, b.len, &t, &e), FG_OK);
	assert_int_equal(t.n, 21);
	for (int r = 0; r < 21; r++) {
		assert_int_equal(t.rows[r].row, (size_t)r + 1);
		assert_int_equal(t.rows[r].ncells, 20);
		for (int k = 1; k <= 20; k++) {
			char want[64];
			for (int c = 0; c < k + r; c++)
				want[c] = (char)('a' + (c + k) % 26);
			want[k + r] = '\0';
			assert_string_equal(cell(&t, (size_t)r, (size_t)k - 1), want);
		}
	}
	table_free(&t);
	buf_free(&b);
}

static void test_csv_line_ends(void **state)
{
	(void)state;
	static const char cr[] = "a,b\rc,d\r\re,f";
	table t = {0};
	fg_err e;
	assert_int_equal(csv(cr, sizeof cr - 1, &t, &e), FG_OK);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.rows[1].row, 2);
	assert_string_equal(cell(&t, 1, 1), "d");
	assert_int_equal(t.rows[2].row, 4);
	table_free(&t);

	static const char mixed[] = "a\n\"1\r2\"\r\nb\n";
	assert_int_equal(csv(mixed, sizeof mixed - 1, &t, &e), FG_OK);
	assert_int_equal(t.n, 3);
	assert_string_equal(cell(&t, 1, 0), "1\n2");
	assert_int_equal(t.rows[2].row, 4);
	table_free(&t);
}

static void test_csv_empty_rows_skipped(void **state)
{
	(void)state;
	static const char s[] = "\n姓名,电话\n\n,\n\"\",\"\"\n张三,\n ,\n";
	table t = {0};
	fg_err e;
	assert_int_equal(csv(s, sizeof s - 1, &t, &e), FG_OK);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.rows[0].row, 2);
	assert_int_equal(t.rows[1].row, 6);
	assert_string_equal(cell(&t, 1, 0), "张三");
	assert_int_equal(kind(&t, 1, 1), TAB_EMPTY);
	/* A space is content: the importer decides what blank text means. */
	assert_int_equal(t.rows[2].row, 7);
	assert_string_equal(cell(&t, 2, 0), " ");
	table_free(&t);

	assert_int_equal(csv("", 0, &t, &e), FG_OK);
	assert_int_equal(t.n, 0);
}

static void test_csv_bom(void **state)
{
	(void)state;
	static const char s[] = "\xEF\xBB\xBF企业名称,代码\n甲,1\n";
	table t = {0};
	fg_err e;
	assert_int_equal(csv(s, sizeof s - 1, &t, &e), FG_OK);
	assert_int_equal(t.n, 2);
	assert_string_equal(cell(&t, 0, 0), "企业名称");
	table_free(&t);

	/* A BOM promises UTF-8: GBK bytes after it are an error, not a guess. */
	static const char bad[] = "\xEF\xBB\xBF" "a\n\xC6\xF3\n";
	assert_int_equal(csv(bad, sizeof bad - 1, &t, &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, "第 2 行"));
	table_free(&t);
}

static void test_csv_gbk(void **state)
{
	(void)state;
	/* "企业名称,从业人员数\r\n华瑞,56\r\n" as Excel on Chinese Windows saves it (code page 936). */
	static const char s[] = "\xC6\xF3\xD2\xB5\xC3\xFB\xB3\xC6,\xB4\xD3\xD2\xB5\xC8\xCB\xD4\xB1\xCA\xFD\r\n"
				"\xBB\xAA\xC8\xF0,56\r\n";
	table t = {0};
	fg_err e;
	assert_int_equal(csv(s, sizeof s - 1, &t, &e), FG_OK);
	assert_int_equal(t.n, 2);
	assert_string_equal(cell(&t, 0, 0), "企业名称");
	assert_string_equal(cell(&t, 0, 1), "从业人员数");
	assert_string_equal(cell(&t, 1, 0), "华瑞");
	assert_int_equal(t.rows[1].row, 2);
	table_free(&t);

	/* GB18030's four-byte form, which GBK lacks: 81 30 81 30 is U+0080. */
	static const char four[] = "x\n\x81\x30\x81\x30\xC6\xF3\n";
	assert_int_equal(csv(four, sizeof four - 1, &t, &e), FG_OK);
	assert_string_equal(cell(&t, 1, 0), "\xC2\x80企");
	table_free(&t);
}

static void test_csv_gbk_fixture(void **state)
{
	(void)state;
	table t = {0};
	fg_err e;
	assert_int_equal(tab_read(FIX "enterprises_gbk.csv", NULL, collect, &t, &e), FG_OK);
	assert_int_equal(t.n, 6);
	assert_string_equal(cell(&t, 0, 0), "统一社会信用代码");
	assert_string_equal(cell(&t, 0, 10), "注册资本（万元）");
	assert_string_equal(cell(&t, 1, 0), "91110105MA01B2C34Q");
	assert_string_equal(cell(&t, 1, 1), "北京华瑞信息技术有限公司");
	assert_string_equal(cell(&t, 1, 13), "2015-06-18");
	assert_string_equal(cell(&t, 1, 14), "营收稳定，年增长约10%");
	assert_int_equal(t.rows[5].row, 6);
	assert_string_equal(cell(&t, 5, 8), "230");
	table_free(&t);
}

static void test_csv_bad_encoding(void **state)
{
	(void)state;
	/* 0xFF starts no character in UTF-8 or GB18030. */
	static const char s[] = "a,b\n\"c\nd\",\xFF\xFF\n";
	table t = {0};
	fg_err e;
	tab_opts o = {.display = "台账.csv"};
	assert_int_equal(tab_read_csv_mem(s, sizeof s - 1, &o, collect, &t, &e), FG_EINPUT);
	assert_int_equal(t.n, 0);
	assert_non_null(strstr(e.msg, "台账.csv"));
	assert_non_null(strstr(e.msg, "第 3 行"));
	assert_non_null(strstr(e.msg, "字节偏移 10"));
}

/* A UTF-8 file with one bad byte (a Latin-1 "é" pasted in) is not GBK: decoding it as
 * GB18030 would garble every header, so the reader names the byte instead. */
static void test_csv_utf8_damaged(void **state)
{
	(void)state;
	static const char s[] = "统一社会信用代码,企业名称\n91110105MA01B2C34Q,Caf\xE9 北京\n";
	table t = {0};
	fg_err e;
	assert_int_equal(csv(s, sizeof s - 1, &t, &e), FG_EINPUT);
	assert_int_equal(t.n, 0);
	assert_non_null(strstr(e.msg, "UTF-8"));
	assert_non_null(strstr(e.msg, "第 2 行"));
}

static void test_csv_utf16(void **state)
{
	(void)state;
	/* Excel "Unicode 文本": UTF-16LE with a BOM, tab-separated: "姓名\t电话\r\n张三\t138\r\n". */
	static const char s[] = "\xFF\xFE\xD3\x59\x0D\x54\t\0\x35\x75\xDD\x8B\r\0\n\0"
				"\x20\x5F\x09\x4E\t\0" "1\0" "3\0" "8\0\r\0\n\0";
	table t = {0};
	fg_err e;
	assert_int_equal(csv(s, sizeof s - 1, &t, &e), FG_OK);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.rows[0].ncells, 2);
	assert_string_equal(cell(&t, 0, 0), "姓名");
	assert_string_equal(cell(&t, 0, 1), "电话");
	assert_string_equal(cell(&t, 1, 0), "张三");
	assert_string_equal(cell(&t, 1, 1), "138");
	table_free(&t);
}

static void test_csv_delimiter(void **state)
{
	(void)state;
	static const char tabs[] = "姓名\t电话\n张三\t\"1,2\"\n";
	table t = {0};
	fg_err e;
	assert_int_equal(csv(tabs, sizeof tabs - 1, &t, &e), FG_OK);
	assert_int_equal(t.rows[0].ncells, 2);
	assert_string_equal(cell(&t, 1, 1), "1,2");
	table_free(&t);

	/* A header with commas keeps comma as the delimiter, tabs in cells stay text. */
	static const char commas[] = "名称,备注\t说明\na,b\tc\n";
	assert_int_equal(csv(commas, sizeof commas - 1, &t, &e), FG_OK);
	assert_int_equal(t.rows[0].ncells, 2);
	assert_string_equal(cell(&t, 1, 1), "b\tc");
	table_free(&t);

	/* A single column has no delimiter at all. */
	static const char one[] = "姓名\n张三\n";
	assert_int_equal(csv(one, sizeof one - 1, &t, &e), FG_OK);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.rows[1].ncells, 1);
	table_free(&t);
}

static void test_csv_errors(void **state)
{
	(void)state;
	table t = {0};
	fg_err e;
	static const char unclosed[] = "a,b\n1,\"open\n2,3\n";
	assert_int_equal(csv(unclosed, sizeof unclosed - 1, &t, &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, "第 2 行"));
	assert_non_null(strstr(e.msg, "引号"));
	table_free(&t);

	static const char nul[] = "a,b\n1,\0\n";
	assert_int_equal(csv(nul, sizeof nul - 1, &t, &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, "NUL"));
	assert_int_equal(t.n, 0);

	static const char xls[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0";
	assert_int_equal(csv(xls, sizeof xls - 1, &t, &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, ".xls"));

	assert_int_equal(tab_read(FIX "no-such-file.csv", NULL, collect, &t, &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, "no-such-file.csv"));
	tab_opts o = {.display = "上传的文件"};
	assert_int_equal(tab_read(FIX "no-such-file.csv", &o, collect, &t, &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, "上传的文件"));
}

static void test_csv_stop_and_progress(void **state)
{
	(void)state;
	static const char s[] = "a\nb\nc\n";
	table t = {.stop_after = 2};
	fg_err e;
	tab_opts o = {.progress = on_progress};
	assert_int_equal(tab_read_csv_mem(s, sizeof s - 1, &o, collect, &t, &e), 7);
	assert_int_equal(t.n, 2);
	table_free(&t);

	assert_int_equal(tab_read_csv_mem(s, sizeof s - 1, &o, collect, &t, &e), FG_OK);
	assert_true(t.progress_calls >= 1);
	assert_int_equal(t.progress_done, sizeof s - 1);
	assert_int_equal(t.progress_total, sizeof s - 1);
	table_free(&t);
}

/* A large file read through buffers that were grown for earlier, shorter rows. */
static void test_csv_many_rows(void **state)
{
	(void)state;
	buf b = {0};
	for (int i = 0; i < 20000; i++)
		buf_printf(&b, "%d,\"名称%d\",%s\n", i, i, i % 1000 == 0 ? "很长的备注很长的备注很长的备注" : "");
	table t = {0};
	fg_err e;
	assert_int_equal(csv(b.p, b.len, &t, &e), FG_OK);
	assert_int_equal(t.n, 20000);
	assert_int_equal(t.rows[19999].row, 20000);
	assert_string_equal(cell(&t, 12345, 1), "名称12345");
	table_free(&t);
	buf_free(&b);
}

static void test_col_name(void **state)
{
	(void)state;
	static const struct {
		size_t col;
		const char *name;
	} cases[] = {{0, "A"}, {25, "Z"}, {26, "AA"}, {27, "AB"}, {51, "AZ"}, {52, "BA"},
		     {701, "ZZ"}, {702, "AAA"}, {16383, "XFD"}};
	char out[8];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tab_col_name(cases[i].col, out);
		assert_string_equal(out, cases[i].name);
	}
	tab_col_name((size_t)-1, out); /* absurd, but must stay inside out[8] */
	assert_true(strlen(out) < 8);
}

/* ---- XLSX ---- */

static void test_xlsx_enterprises(void **state)
{
	(void)state;
	table t = {0};
	fg_err e;
	assert_int_equal(tab_read(FIX "enterprises_lo.xlsx", NULL, collect, &t, &e), FG_OK);
	assert_int_equal(t.n, 6);
	assert_int_equal(t.rows[0].row, 1);
	assert_string_equal(cell(&t, 0, 0), "统一社会信用代码");
	assert_string_equal(cell(&t, 0, 16), "未建党组织原因");
	/* The USCC column was imported as text. */
	assert_int_equal(kind(&t, 1, 0), TAB_TEXT);
	assert_string_equal(cell(&t, 1, 0), "91110105MA01B2C34Q");
	assert_string_equal(cell(&t, 4, 0), "92110105L12345674T");
	/* 从业人员数 and 注册资本 are numbers. */
	assert_int_equal(kind(&t, 1, 8), TAB_NUMBER);
	assert_string_equal(cell(&t, 1, 8), "56");
	assert_true(t.rows[1].num[8] == 56);
	assert_int_equal(kind(&t, 3, 8), TAB_NUMBER);
	assert_string_equal(cell(&t, 3, 8), "0");
	assert_string_equal(cell(&t, 3, 10), "100.5");
	assert_true(t.rows[3].num[10] == 100.5);
	/* 成立日期 is a date cell (custom format yyyy\-mm\-dd). */
	assert_int_equal(kind(&t, 1, 13), TAB_DATE);
	assert_string_equal(cell(&t, 1, 13), "2015-06-18");
	assert_true(t.rows[1].num[13] == 42173);
	assert_string_equal(cell(&t, 5, 13), "2004-01-15");
	/* Empty cells in the middle of a row. */
	assert_int_equal(kind(&t, 2, 4), TAB_EMPTY);
	assert_string_equal(cell(&t, 2, 4), "");
	assert_string_equal(cell(&t, 2, 16), "党员不足3人");
	assert_int_equal(t.rows[5].row, 6);
	table_free(&t);
}

static void test_xlsx_mangled_ids(void **state)
{
	(void)state;
	table t = {0};
	fg_err e;
	assert_int_equal(tab_read(FIX "members_mangled_lo.xlsx", NULL, collect, &t, &e), FG_OK);
	assert_int_equal(t.n, 6);
	assert_string_equal(cell(&t, 0, 1), "公民身份号码");
	/* 110105194912310038 became a number: 15 significant digits survive, the rest is lost. */
	assert_int_equal(kind(&t, 1, 1), TAB_NUMBER);
	assert_non_null(strstr(cell(&t, 1, 1), "E+"));
	assert_memory_equal(cell(&t, 1, 1), "1.1010519491231", 15);
	assert_true(fabs(t.rows[1].num[1] - 110105194912310000.0) < 1000);
	/* An ID ending in X cannot be a number and stays text. */
	assert_int_equal(kind(&t, 5, 1), TAB_TEXT);
	assert_string_equal(cell(&t, 5, 1), "11010519900101103X");
	assert_int_equal(kind(&t, 1, 3), TAB_DATE);
	assert_string_equal(cell(&t, 1, 3), "1972-07-01");
	assert_string_equal(cell(&t, 3, 3), "2024-03-05");
	assert_int_equal(kind(&t, 3, 4), TAB_EMPTY);
	table_free(&t);
}

static void test_xlsx_date1904_and_sheets(void **state)
{
	(void)state;
	table t = {0};
	fg_err e;
	/* No --sheet: the first sheet. */
	assert_int_equal(tab_read(FIX "date1904.xlsx", NULL, collect, &t, &e), FG_OK);
	assert_int_equal(t.n, 2);
	assert_string_equal(cell(&t, 0, 0), "本工作簿使用 1904 日期系统");
	table_free(&t);

	tab_opts o = {.sheet = "日期"};
	assert_int_equal(tab_read(FIX "date1904.xlsx", &o, collect, &t, &e), FG_OK);
	assert_int_equal(t.n, 4);
	assert_string_equal(cell(&t, 0, 1), "日期");
	assert_int_equal(kind(&t, 1, 1), TAB_DATE);
	assert_string_equal(cell(&t, 1, 1), "2024-03-05");
	assert_true(t.rows[1].num[1] == 43894); /* the 1904 serial, 1462 less than in 1900 */
	assert_string_equal(cell(&t, 2, 1), "1998-12-31");
	assert_string_equal(cell(&t, 3, 1), "1904-01-02");
	assert_int_equal(kind(&t, 1, 2), TAB_NUMBER);
	assert_string_equal(cell(&t, 1, 2), "3");
	table_free(&t);

	o.sheet = "不存在";
	assert_int_equal(tab_read(FIX "date1904.xlsx", &o, collect, &t, &e), FG_EINPUT);
	assert_int_equal(t.n, 0);
	assert_non_null(strstr(e.msg, "工作簿中没有名为“不存在”的工作表（现有：说明、日期）"));
}

static void test_xlsx_handmade(void **state)
{
	(void)state;
	table t = {0};
	fg_err e;
	/* The first sheet is hidden: the first visible one is read. */
	assert_int_equal(tab_read(FIX "handmade.xlsx", NULL, collect, &t, &e), FG_OK);
	assert_int_equal(t.n, 5);

	assert_int_equal(t.rows[0].row, 1);
	assert_string_equal(cell(&t, 0, 0), "姓名");          /* shared string, x: prefix */
	assert_string_equal(cell(&t, 0, 1), "类别");          /* inline string */
	assert_string_equal(cell(&t, 0, 2), "二");            /* formula string, <f> ignored */
	assert_int_equal(kind(&t, 0, 3), TAB_TEXT);           /* error value as its text */
	assert_string_equal(cell(&t, 0, 3), "#N/A");

	assert_int_equal(t.rows[1].row, 3); /* empty row 2 absent */
	assert_int_equal(kind(&t, 1, 0), TAB_BOOL);           /* cells without r follow on */
	assert_string_equal(cell(&t, 1, 0), "1");
	assert_string_equal(cell(&t, 1, 1), "0");
	assert_int_equal(kind(&t, 1, 2), TAB_EMPTY);          /* gap C3 */
	assert_int_equal(kind(&t, 1, 3), TAB_DATE);           /* built-in format 14 */
	assert_string_equal(cell(&t, 1, 3), "2024-03-05");
	assert_int_equal(kind(&t, 1, 4), TAB_DATE);           /* yyyy"年"m"月"d"日", time dropped */
	assert_string_equal(cell(&t, 1, 4), "2024-03-06");
	assert_true(t.rows[1].num[4] == 45357.75);
	assert_int_equal(kind(&t, 1, 6), TAB_NUMBER);         /* 0.00"天 h": h is quoted */
	assert_string_equal(cell(&t, 1, 6), "12.5");
	assert_int_equal(kind(&t, 1, 7), TAB_NUMBER);         /* [Red] and \( are not dates */

	assert_int_equal(t.rows[2].row, 4); /* a row without r follows row 3 */
	assert_string_equal(cell(&t, 2, 0), "北京 朝阳 ");     /* rich runs joined, spaces kept */
	assert_string_equal(cell(&t, 2, 1), "東京");          /* phonetic guide left out */
	assert_int_equal(kind(&t, 2, 2), TAB_EMPTY);          /* empty shared string */
	assert_string_equal(cell(&t, 2, 3), "a&b<c");

	/* Row 6 has only a styled cell and an empty string: skipped. */
	assert_int_equal(t.rows[3].row, 7);
	assert_int_equal(t.rows[3].ncells, 28);
	assert_string_equal(cell(&t, 3, 2), "富文本");
	assert_int_equal(kind(&t, 3, 27), TAB_NUMBER);        /* AB7 */
	assert_true(t.rows[3].num[27] == -7);

	assert_int_equal(t.rows[4].row, 8);
	assert_int_equal(kind(&t, 4, 0), TAB_DATE);           /* t="d" */
	assert_string_equal(cell(&t, 4, 0), "2024-03-05");
	assert_string_equal(cell(&t, 4, 1), "1.10105194912310E+17");
	assert_int_equal(kind(&t, 4, 2), TAB_NUMBER);         /* 0.5 is no calendar day */
	table_free(&t);

	tab_opts o = {.sheet = "隐藏"};
	assert_int_equal(tab_read(FIX "handmade.xlsx", &o, collect, &t, &e), FG_OK);
	assert_int_equal(t.n, 1);
	assert_string_equal(cell(&t, 0, 0), "隐藏");
	table_free(&t);
}

static void test_xlsx_stop_and_progress(void **state)
{
	(void)state;
	table t = {.stop_after = 3};
	fg_err e;
	tab_opts o = {.progress = on_progress};
	assert_int_equal(tab_read(FIX "enterprises_lo.xlsx", &o, collect, &t, &e), 7);
	assert_int_equal(t.n, 3);
	table_free(&t);

	assert_int_equal(tab_read(FIX "enterprises_lo.xlsx", &o, collect, &t, &e), FG_OK);
	assert_true(t.progress_calls >= 1);
	assert_true(t.progress_total > 0);
	assert_int_equal(t.progress_done, t.progress_total);
	table_free(&t);
}

static void test_xlsx_bad_files(void **state)
{
	(void)state;
	table t = {0};
	fg_err e;
	assert_int_equal(tab_read(FIX "bomb.xlsx", NULL, collect, &t, &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, "ZIP 炸弹"));
	assert_int_equal(t.n, 0);

	assert_int_equal(tab_read(FIX "bad_xml.xlsx", NULL, collect, &t, &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, "bad_xml.xlsx"));
	assert_non_null(strstr(e.msg, "第 4 行"));
	table_free(&t);

	/* One cell at XFD per row is fine once (see handmade's AB7), not in every row. */
	assert_int_equal(tab_read(FIX "sparse.xlsx", NULL, collect, &t, &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, "空白单元格"));
	assert_true(t.n > 0 && t.n < 1000);
	assert_int_equal(t.rows[0].ncells, 16384);
	assert_int_equal(kind(&t, 0, 16383), TAB_BOOL);
	table_free(&t);

	/* Not a zip beyond its signature. */
	tab_opts o = {.display = "台账.xlsx"};
	static const char junk[] = "PK\x03\x04 this is not a zip archive";
	assert_int_equal(tab_read_xlsx_mem(junk, sizeof junk - 1, &o, collect, &t, &e), FG_EINPUT);
	assert_non_null(strstr(e.msg, "台账.xlsx"));
	assert_int_equal(tab_read_xlsx_mem("", 0, &o, collect, &t, &e), FG_EINPUT);
}

/* Every truncation and many single-byte corruptions of a real file: an input error or a
 * successful read, never a crash (the sanitizer build checks for memory errors too). */
static void test_xlsx_truncated_and_corrupt(void **state)
{
	(void)state;
	size_t len;
	char *data = slurp(FIX "enterprises_lo.xlsx", &len);
	char *copy = xmalloc(len);
	table t = {0};
	fg_err e;
	tab_opts o = {.display = "台账.xlsx"};

	for (size_t cut = 0; cut < len; cut += cut < 64 ? 1 : 37) {
		int rc = tab_read_xlsx_mem(data, cut, &o, collect, &t, &e);
		assert_int_equal(rc, FG_EINPUT);
		assert_non_null(strstr(e.msg, "台账.xlsx"));
		table_free(&t);
	}
	size_t failures = 0;
	for (size_t at = 0; at < len; at += 13) {
		memcpy(copy, data, len);
		copy[at] ^= 0x5A;
		int rc = tab_read_xlsx_mem(copy, len, &o, collect, &t, &e);
		assert_true(rc == FG_OK || rc == FG_EINPUT);
		failures += rc == FG_EINPUT;
		table_free(&t);
	}
	assert_true(failures > 0);
	free(copy);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_long_fields),
		cmocka_unit_test(test_csv_line_ends),
		cmocka_unit_test(test_csv_empty_rows_skipped),
		cmocka_unit_test(test_csv_bom),
		cmocka_unit_test(test_csv_gbk),
		cmocka_unit_test(test_csv_gbk_fixture),
		cmocka_unit_test(test_csv_bad_encoding),
		cmocka_unit_test(test_csv_utf8_damaged),
		cmocka_unit_test(test_csv_utf16),
		cmocka_unit_test(test_csv_delimiter),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_csv_stop_and_progress),
		cmocka_unit_test(test_csv_many_rows),
		cmocka_unit_test(test_col_name),
		cmocka_unit_test(test_xlsx_enterprises),
		cmocka_unit_test(test_xlsx_mangled_ids),
		cmocka_unit_test(test_xlsx_date1904_and_sheets),
		cmocka_unit_test(test_xlsx_handmade),
		cmocka_unit_test(test_xlsx_stop_and_progress),
		cmocka_unit_test(test_xlsx_bad_files),
		cmocka_unit_test(test_xlsx_truncated_and_corrupt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
