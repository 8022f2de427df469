/* fgdj dues sheet — an organisation's monthly dues sheet as XLSX (io/dues_sheet.h). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "io/dues_sheet.h"

const cli_optspec OPTS_DUES[] = {{"--db", 1}, {"--org", 1}, {"--month", 1}, {"-o", 1}, {"--unmasked", 0}, {NULL, 0}};

int cmd_dues(const cli_args *a)
{
	if (a->npos != 1 || strcmp(a->pos[0], "sheet") != 0 || !cli_opt(a, "--org") || !cli_opt(a, "--month"))
		return cli_fail(2, "用法：fgdj dues sheet --org 党组织名称 --month 2026-03 [-o FILE.xlsx] [--unmasked]");
	const char *month = cli_opt(a, "--month");
	char def[64];
	const char *out = cli_opt(a, "-o");
	if (!out) {
		snprintf(def, sizeof def, "党费收缴表-%s.xlsx", month);
		out = def;
	}
	store *s = cli_open(a);
	if (!s)
		return 2;
	store_filter district = {0};
	dues_sheet_opts o = {&district, cli_opt(a, "--org"), month, cli_flag(a, "--unmasked"), cli_who(), out};
	size_t n = 0;
	fg_err e;
	int rc = dues_sheet_write(s, &o, &n, &e);
	store_close(s);
	if (rc)
		return cli_fail(2, "%s", e.msg);
	fprintf(stderr, "已生成党费收缴表 %zu 人到 %s%s\n", n, out, o.unmasked ? "（未脱敏，已记入历史）" : "");
	return 0;
}
