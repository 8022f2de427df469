/* fgdj funding totals — the funding ledger's totals (report/funding.h), the same the
 * /funding/totals page shows: text, or XLSX when -o ends in .xlsx. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/funding.h"
#include "util/date.h"

const cli_optspec OPTS_FUNDING[] = {{"--db", 1}, {"--year", 1}, {"--by", 1}, {"--region", 1}, {"-o", 1}, {NULL, 0}};

int cmd_funding(const cli_args *a)
{
	if (a->npos != 1 || strcmp(a->pos[0], "totals") != 0)
		return cli_fail(2, "用法：fgdj funding totals [--year 年份] [--by street|org|year] [--region 名称] [-o FILE[.xlsx]]");
	int y, m, d;
	date_to_ymd(date_today(), &y, &m, &d);
	const char *ys = cli_opt(a, "--year");
	if (ys) {
		char *end;
		long v = strtol(ys, &end, 10);
		if (*end || v < 1949 || v > y)
			return cli_fail(2, "--year 应为 1949 到 %d 之间的年份", y);
		y = (int)v;
	}
	int by = -1;
	const char *bys = cli_opt(a, "--by");
	if (bys && (by = funding_by_parse(bys)) < 0)
		return cli_fail(2, "--by 应为 street、org 或 year");
	store *s = cli_open(a);
	if (!s)
		return 2;
	fg_err e;
	store_filter f = {0};
	char *label = NULL;
	funding_totals t = {0};
	int rc = store_region_resolve(s, cli_opt(a, "--region"), &f, &label, &e);
	rc = rc ? rc : store_read_begin(s, &e);
	if (!rc) {
		rc = funding_totals_load(s, &f, y, by < 0 ? funding_by_default(&f) : (funding_by)by, &t, &e);
		store_read_end(s);
	}
	store_close(s);
	const char *out = cli_opt(a, "-o");
	size_t n = out ? strlen(out) : 0;
	int xlsx = n > 5 && strcmp(out + n - 5, ".xlsx") == 0;
	if (!rc && xlsx)
		rc = funding_totals_xlsx(&t, label, out, &e);
	int wrc = 0;
	if (rc) {
		wrc = cli_fail(2, "%s", e.msg);
	} else if (xlsx) {
		fprintf(stderr, "已导出党建经费汇总 %zu 行到 %s\n", t.n, out);
	} else {
		buf b = {0};
		funding_totals_text(&t, label, &b);
		wrc = cli_write(out, &b);
		buf_free(&b);
	}
	funding_totals_free(&t);
	free(label);
	return wrc;
}
