/* fgdj crossmatch: the roster cross-match's candidates (report/crossmatch.h, the list the
 * /crossmatch page shows), and a user's decision on one of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/ident.h"
#include "report/crossmatch.h"
#include "util/date.h"

const cli_optspec OPTS_CROSSMATCH[] = {{"--db", 1},	  {"--region", 1},   {"--as-of", 1}, {"--format", 1},
				       {"-o", 1},	  {"--class", 1},    {"--state", 1}, {"--unmasked", 0},
				       {"--campaign", 1}, {"--note", 1},     {NULL, 0}};

/* confirm|dismiss USCC IDNO (report/crossmatch.h crossmatch_decide). */
static int decide(const cli_args *a, const char *decision, int as_of)
{
	if (a->npos != 3)
		return cli_fail(2, "用法：fgdj crossmatch %s 企业统一社会信用代码 公民身份号码 [--campaign 排查名称] [--note 说明]",
				a->pos[0]);
	char uscc[64], idno[64];
	ident_normalize_key(a->pos[1], uscc, sizeof uscc);
	ident_normalize_key(a->pos[2], idno, sizeof idno);
	store *s = cli_open(a);
	if (!s)
		return 2;
	fg_err e;
	int rc = crossmatch_decide(s, NULL, cli_who(), "crossmatch", uscc, idno, as_of, decision, cli_opt(a, "--campaign"),
				   cli_opt(a, "--note"), &e);
	store_close(s);
	if (rc)
		return cli_fail(2, "%s", e.msg);
	printf("已%s：%s %s\n", strcmp(decision, "confirmed") == 0 ? "确认" : "排除", uscc, idno);
	return 0;
}

int cmd_crossmatch(const cli_args *a)
{
	int as_of;
	if (cli_date_opt(a, "--as-of", &as_of))
		return 2;
	if (a->npos && (strcmp(a->pos[0], "confirm") == 0 || strcmp(a->pos[0], "dismiss") == 0))
		return decide(a, a->pos[0][0] == 'c' ? "confirmed" : "dismissed", as_of);
	if (a->npos)
		return cli_fail(2, "crossmatch 的子命令应为 confirm 或 dismiss（不带子命令时列出比对线索）");
	const char *fmt = cli_opt(a, "--format"), *out = cli_opt(a, "-o");
	if (!fmt)
		fmt = "text";
	if (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "xlsx"))
		return cli_fail(2, "--format 应为 text、json 或 xlsx");
	if (strcmp(fmt, "xlsx") == 0 && !out)
		return cli_fail(2, "XLSX 是二进制文件，请用 -o FILE 指定输出文件");
	xm_query q = {as_of, {0}, XM_NONE, XM_ANY, cli_opt(a, "--campaign")};
	const char *cls = cli_opt(a, "--class"), *state = cli_opt(a, "--state");
	if (cls && (q.only = crossmatch_class_parse(cls)) == XM_NONE)
		return cli_fail(2, "--class 应为 pocket、hidden 或 unregistered");
	if (state && (q.state = crossmatch_state_parse(state)) == XM_ANY)
		return cli_fail(2, "--state 应为 open、confirmed 或 dismissed");
	store *s = cli_open(a);
	if (!s)
		return 2;
	fg_err e;
	store_filter filter = {0};
	char *label = NULL;
	int unmasked = cli_flag(a, "--unmasked");
	int rc = store_region_resolve(s, cli_opt(a, "--region"), &filter, &label, &e);
	q.within = filter;
	xm_list l = {0};
	rc = rc ? rc : store_read_begin(s, &e);
	if (!rc) {
		rc = crossmatch_list(s, NULL, &q, &l, &e);
		store_read_end(s);
	}
	if (!rc && unmasked) {
		rc = store_begin(s, cli_who(), "crossmatch", &e);
		rc = rc ? rc : store_log(s, "crossmatch", label, "view", "{\"what\":\"职工名册比对中显示未脱敏的身份证号\"}", &e);
		rc = rc ? rc : store_commit(s, &e);
	}
	store_close(s);
	if (!rc && strcmp(fmt, "xlsx") == 0)
		rc = crossmatch_xlsx(&l, label, unmasked, out, &e);
	if (rc) {
		free(label);
		crossmatch_list_free(&l);
		return cli_fail(2, "%s", e.msg);
	}
	int wrc = 0;
	if (strcmp(fmt, "xlsx") != 0) {
		buf b = {0};
		if (strcmp(fmt, "json") == 0)
			crossmatch_json(&l, label, unmasked, &b);
		else
			crossmatch_text(&l, label, unmasked, &b);
		wrc = cli_write(out, &b);
		buf_free(&b);
	} else {
		fprintf(stderr, "已导出职工名册比对线索 %zu 条到 %s\n", l.n, out);
	}
	free(label);
	crossmatch_list_free(&l);
	return wrc;
}
