/* Tests for io/csvout: the one CSV cell writer (RFC 4180 quoting, formula neutralising) and its
 * inverse in the CSV reader, so that what is written reads back as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "io/csvout.h"
#include "io/tab.h"
#include "util/buf.h"

static void expect_cell(const char *v, const char *want)
{
	buf b = {0};
	csv_cell(&b, v);
	if (strcmp(buf_cstr(&b), want) != 0)
		fail_msg("csv_cell(%s) = [%s], wanted [%s]", v ? v : "NULL", buf_cstr(&b), want);
	buf_free(&b);
}

/* A cell that would break the row or its neighbours is quoted; nothing else is. */
static void test_quoting(void **state)
{
	(void)state;
	expect_cell(NULL, "");
	expect_cell("", "");
	expect_cell("临江智造科技有限公司", "临江智造科技有限公司");
	expect_cell("a b", "a b");
	expect_cell("a,b", "\"a,b\"");
	expect_cell("甲\"乙", "\"甲\"\"乙\"");
	expect_cell("\"", "\"\"\"\"");
	expect_cell("a\nb", "\"a\nb\"");
	expect_cell("a\r\nb", "\"a\r\nb\"");
	expect_cell("a\tb", "\"a\tb\"");
	/* Leading and trailing spaces: spreadsheets and many readers trim them when unquoted. */
	expect_cell(" a", "\" a\"");
	expect_cell("a ", "\"a \"");
	expect_cell(" ", "\" \"");
}

/* Every start a spreadsheet runs as a formula gets a ', also when the cell is quoted. */
static void test_neutralise(void **state)
{
	(void)state;
	expect_cell("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	expect_cell("=1+2", "'=1+2");
	expect_cell("+1", "'+1");
	expect_cell("+86 138 0000 0000", "'+86 138 0000 0000");
	expect_cell("-1+2", "'-1+2");
	expect_cell("@SUM(1)", "'@SUM(1)");
	expect_cell("\t=1", "\"'\t=1\"");
	expect_cell("\r=1", "\"'\r=1\"");
	expect_cell("=1+2,99", "\"'=1+2,99\"");
	/* Not at the start, or not a formula start: untouched. */
	expect_cell("a=b", "a=b");
	expect_cell("1-2", "1-2");
	expect_cell("'", "'");
	expect_cell("'x", "'x");
	expect_cell("''x", "''x");
	/* The value's own quotes before a formula start: one more, so the reader's strip is ours. */
	expect_cell("'=x", "''=x");
	expect_cell("''+x", "'''+x");
}

static void test_unneutralise(void **state)
{
	(void)state;
	assert_int_equal(csv_unneutralise(NULL), 0);
	assert_int_equal(csv_unneutralise(""), 0);
	assert_int_equal(csv_unneutralise("'"), 0);
	assert_int_equal(csv_unneutralise("'x"), 0);
	assert_int_equal(csv_unneutralise("''x"), 0);
	assert_int_equal(csv_unneutralise("=x"), 0);
	assert_int_equal(csv_unneutralise("'=x"), 1);
	assert_int_equal(csv_unneutralise("'+x"), 1);
	assert_int_equal(csv_unneutralise("'-x"), 1);
	assert_int_equal(csv_unneutralise("'@x"), 1);
	assert_int_equal(csv_unneutralise("'\tx"), 1);
	assert_int_equal(csv_unneutralise("''=x"), 1);
}

/* ---- write a row with csv_cell, read it with the CSV reader: the same values come back ---- */

static const char *const VALUES[] = {
	"=HYPERLINK(\"http://evil.example\",\"点击\")", "+86 138 0000 0000", "-1+2", "@SUM(1)", "\t=1",
	"=1+2,99", "甲\"乙\n丙", " 前后空格 ", "'=x", "''=x", "'x", "'", "a=b", "普通文本", "",
};
#define NV (sizeof VALUES / sizeof VALUES[0])

typedef struct got {
	size_t rows, ncells;
	char *cells[NV];
} got;

static int keep(void *ctx, const tab_row *r)
{
	got *g = ctx;
	g->rows++;
	g->ncells = r->ncells;
	for (size_t i = 0; i < r->ncells && i < NV; i++)
		g->cells[i] = xstrdup(r->cells[i].text);
	return 0;
}

static void test_round_trip(void **state)
{
	(void)state;
	buf b = {0};
	for (size_t i = 0; i < NV; i++) {
		if (i)
			buf_putc(&b, ',');
		csv_cell(&b, VALUES[i]);
	}
	buf_puts(&b, "\r\n");
	got g = {0};
	fg_err e;
	assert_int_equal(tab_read_csv_mem(b.p, b.len, NULL, keep, &g, &e), FG_OK);
	assert_int_equal(g.rows, 1);
	assert_int_equal(g.ncells, NV);
	for (size_t i = 0; i < NV; i++) {
		if (strcmp(g.cells[i], VALUES[i]) != 0)
			fail_msg("cell %zu: read [%s], wrote [%s]", i, g.cells[i], VALUES[i]);
		free(g.cells[i]);
	}
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_neutralise),
		cmocka_unit_test(test_unneutralise),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
