/* fgdj stats: the metrics contract for a region on a date. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/stats.h"

const cli_optspec OPTS_STATS[] = {{"--db", 1}, {"--region", 1}, {"--as-of", 1}, {"--by", 1},
				  {"--format", 1}, {"-o", 1}, {"--compare", 1}, {"--as-recorded", 1}, {NULL, 0}};

int cmd_stats(const cli_args *a)
{
	if (a->npos)
		return cli_fail(2, "stats 不带位置参数（用 --region 指定地区）");
	int as_of, then = 0, recorded = 0;
	int rec = cli_as_recorded(a, &recorded); /* first: it sets the default date */
	if (rec < 0 || cli_date_opt(a, "--as-of", &as_of))
		return 2;
	const char *cmp = cli_opt(a, "--compare");
	if (cmp && cli_date_opt(a, "--compare", &then))
		return 2;
	if (rec && (as_of > recorded || then > recorded))
		return cli_fail(2, "--as-of 和 --compare 的日期不能晚于 --as-recorded 的日期（那天的台账不知道以后的事）");
	const char *by_s = cli_opt(a, "--by");
	int by = by_s ? stats_by_parse(by_s) : STATS_BY_NONE;
	if (by < 0)
		return cli_fail(2, "--by 应为 district（区县）、street（街道）、community（社区）或 zone（区域）");
	const char *fmt = cli_opt(a, "--format");
	if (!fmt)
		fmt = "text";
	if (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx"))
		return cli_fail(2, "--format 应为 text、json、csv 或 xlsx");
	const char *out = cli_opt(a, "-o");
	if (cmp && (by != STATS_BY_NONE || strcmp(fmt, "xlsx") == 0))
		return cli_fail(2, "--compare 比较全地区的两个日期：不能与 --by 同用，格式为 text、json 或 csv");
	if (strcmp(fmt, "xlsx") == 0 && !out)
		return cli_fail(2, "XLSX 请用 -o FILE 指定输出文件");
	store *s = cli_open_recorded(a, cmp ? 2 : 1);
	if (!s)
		return 2;
	if (!cmp)
		store_single_pass(s); /* one computation: each table read once (--compare: mapped) */
	stats st, before;
	fg_err e;
	memset(&before, 0, sizeof before);
	int rc = stats_compute(s, cli_opt(a, "--region"), as_of, (stats_by)by, &st, &e);
	if (!rc && cmp)
		rc = stats_compute(s, cli_opt(a, "--region"), then, STATS_BY_NONE, &before, &e);
	store_close(s);
	if (rc) {
		stats_free(&st);
		stats_free(&before);
		return cli_fail(2, "%s", e.msg);
	}
	if (cmp) {
		buf b = {0};
		if (strcmp(fmt, "json") == 0)
			stats_compare_json(&before, &st, &b);
		else if (strcmp(fmt, "csv") == 0)
			stats_compare_csv(&before, &st, &b);
		else
			stats_compare_text(&before, &st, &b);
		stats_free(&st);
		stats_free(&before);
		rc = cli_write(out, &b);
		buf_free(&b);
		return rc;
	}
	if (strcmp(fmt, "xlsx") == 0) {
		const stats *one = &st;
		rc = stats_xlsx(&one, 1, out, &e);
		stats_free(&st);
		return rc ? cli_fail(2, "%s", e.msg) : 0;
	}
	buf b = {0};
	if (strcmp(fmt, "json") == 0)
		stats_json(&st, &b);
	else if (strcmp(fmt, "csv") == 0)
		stats_csv(&st, &b);
	else
		stats_text(&st, &b);
	stats_free(&st);
	rc = cli_write(out, &b);
	buf_free(&b);
	return rc;
}
