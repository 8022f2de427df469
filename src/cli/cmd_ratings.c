/* fgdj ratings sheet — the score sheet of a cycle year as XLSX (io/rating_sheet.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "io/rating_sheet.h"

const cli_optspec OPTS_RATINGS[] = {{"--db", 1}, {"--year", 1}, {"-o", 1}, {NULL, 0}};

int cmd_ratings(const cli_args *a)
{
	if (a->npos != 1 || strcmp(a->pos[0], "sheet") != 0 || !cli_opt(a, "--year"))
		return cli_fail(2, "用法：fgdj ratings sheet --year 2025 [-o FILE.xlsx]");
	const char *year = cli_opt(a, "--year");
	char def[64];
	const char *out = cli_opt(a, "-o");
	if (!out) {
		snprintf(def, sizeof def, "星级评定打分表-%s.xlsx", year);
		out = def;
	}
	store *s = cli_open(a);
	if (!s)
		return 2;
	store_filter district = {0};
	rating_sheet_opts o = {&district, (int)strtol(year, NULL, 10), 0, out};
	size_t n = 0;
	fg_err e;
	int rc = rating_sheet_write(s, &o, &n, &e);
	store_close(s);
	if (rc)
		return cli_fail(2, "%s", e.msg);
	fprintf(stderr, "已生成 %s 年度星级评定打分表 %zu 个党组织到 %s\n", year, n, out);
	return 0;
}
