/* fgdj report work|stats|template|vars and fgdj plan joint. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/plan.h"
#include "report/stats.h"
#include "report/work.h"
#include "util/date.h"

const cli_optspec OPTS_REPORT[] = {{"--db", 1},       {"--year", 1}, {"--as-of", 1}, {"--region", 1},    {"--template", 1},
				   {"--format", 1},   {"-o", 1},     {"--as-recorded", 1}, {NULL, 0}};
const cli_optspec OPTS_PLAN[] = {{"--db", 1}, {"--region", 1}, {"--as-of", 1}, {"--format", 1}, {"-o", 1},
				 {"--as-recorded", 1}, {"--confirm", 0}, {NULL, 0}};

/* --as-recorded first (it sets the default date), then --as-of, which may not lie after it. */
static int dates_recorded(const cli_args *a, int *as_of)
{
	int recorded;
	int rec = cli_as_recorded(a, &recorded);
	if (rec < 0 || cli_date_opt(a, "--as-of", as_of))
		return -1;
	if (rec && *as_of > recorded) {
		cli_fail(2, "--as-of 的日期不能晚于 --as-recorded 的日期（那天的台账不知道以后的事）");
		return -1;
	}
	return 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b = {0};
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

/* --year and --as-of: the report year defaults to the as-of date's; a past year ends on 31 December. */
static int report_dates(const cli_args *a, int *as_of, int *year)
{
	const char *ys = cli_opt(a, "--year");
	if (dates_recorded(a, as_of))
		return -1;
	int y, m, d;
	date_to_ymd(*as_of, &y, &m, &d);
	*year = y;
	if (ys) {
		char *end;
		long v = strtol(ys, &end, 10);
		if (!*ys || *end || v < 1949 || v > 2999) {
			cli_fail(2, "--year 应为四位年份，例如 %d", y);
			return -1;
		}
		*year = (int)v;
		if (!cli_opt(a, "--as-of") && v < y)
			*as_of = date_from_ymd((int)v, 12, 31);
	}
	return 0;
}

static int report_work(const cli_args *a)
{
	const char *fmt = cli_opt(a, "--format");
	const char *out = cli_opt(a, "-o");
	if (!fmt && out) {
		const char *dot = strrchr(out, '.');
		fmt = dot ? dot + 1 : NULL;
	}
	if (!fmt || (strcmp(fmt, "md") && strcmp(fmt, "html") && strcmp(fmt, "docx") && strcmp(fmt, "pdf")))
		return cli_fail(2, "请用 --format md|html|docx|pdf 指定格式");
	if ((!strcmp(fmt, "docx") || !strcmp(fmt, "pdf")) && !out)
		return cli_fail(2, "%s 是二进制文件，请用 -o FILE 指定输出文件", fmt);
	work_opts o = {cli_opt(a, "--region"), 0, 0, NULL, 0, NULL};
	if (report_dates(a, &o.as_of, &o.year))
		return 2;
	char *tpl = NULL;
	const char *tpath = cli_opt(a, "--template");
	if (tpath && !(tpl = read_file(tpath, &o.template_len)))
		return cli_fail(2, "无法读取模板 %s：%s", tpath, strerror(errno));
	o.template_text = tpl;
	store *s = cli_open_recorded(a, 2);
	if (!s) {
		free(tpl);
		return 2;
	}
	doc d = {0};
	fg_err e;
	int rc = work_build(s, &o, &d, &e);
	store_close(s);
	free(tpl);
	if (rc) {
		doc_free(&d);
		return cli_fail(2, "%s%s", tpath && rc == FG_EINPUT ? tpath : "", e.msg);
	}
	buf b = {0};
	int ret = 0;
	if (!strcmp(fmt, "md")) {
		doc_write_md(&d, &b);
		ret = cli_write(out, &b);
	} else if (!strcmp(fmt, "html")) {
		doc_write_html(&d, &b);
		ret = cli_write(out, &b);
	} else if (!strcmp(fmt, "docx")) {
		ret = doc_write_docx(&d, out, &e) ? cli_fail(2, "%s", e.msg) : 0;
	} else {
		ret = doc_write_pdf(&d, out, &e) ? cli_fail(2, "%s", e.msg) : 0;
	}
	if (!ret && out)
		fprintf(stderr, "已生成工作报告：%s\n", out);
	buf_free(&b);
	doc_free(&d);
	return ret;
}

static int report_stats(const cli_args *a)
{
	const char *fmt = cli_opt(a, "--format");
	const char *out = cli_opt(a, "-o");
	if (fmt && strcmp(fmt, "xlsx"))
		return cli_fail(2, "report stats 只输出 xlsx（文本和 JSON 请用 fgdj stats）");
	if (!out)
		return cli_fail(2, "请用 -o FILE 指定输出的 XLSX 文件");
	int as_of, year;
	if (report_dates(a, &as_of, &year))
		return 2;
	store *s = cli_open_recorded(a, 2);
	if (!s)
		return 2;
	fg_err e;
	int rc = stats_workbook(s, cli_opt(a, "--region"), as_of, NULL, out, &e);
	store_close(s);
	if (rc)
		return cli_fail(2, "%s", e.msg);
	fprintf(stderr, "已生成统计表：%s\n", out);
	return 0;
}

static int report_vars(const cli_args *a)
{
	work_opts o = {cli_opt(a, "--region"), 0, 0, NULL, 0, NULL};
	if (report_dates(a, &o.as_of, &o.year))
		return 2;
	store *s = cli_open_recorded(a, 2);
	if (!s)
		return 2;
	tpl_ctx c = {0};
	fg_err e;
	int rc = work_vars(s, &o, &c, &e);
	store_close(s);
	if (!rc) {
		for (size_t i = 0; i < c.n; i++)
			printf("{{%s}}\t%s\n", c.keys[i], c.vals[i]);
		for (size_t i = 0; i < c.nlists; i++) {
			printf("{{#each %s}}\t%zu 项：", c.lists[i].name, c.lists[i].n);
			if (c.lists[i].n)
				for (size_t k = 0; k < c.lists[i].items[0].nfields; k++)
					printf(" {{.%s}}", c.lists[i].items[0].keys[k]);
			putchar('\n');
		}
	}
	tpl_free(&c);
	return rc ? cli_fail(2, "%s", e.msg) : 0;
}

int cmd_report(const cli_args *a)
{
	const char *what = a->npos ? a->pos[0] : "";
	if (a->npos == 1 && !strcmp(what, "work"))
		return report_work(a);
	if (a->npos == 1 && !strcmp(what, "stats"))
		return report_stats(a);
	if (a->npos == 1 && !strcmp(what, "template")) {
		size_t len;
		const char *t = work_default_template(&len);
		buf b = {0};
		buf_add(&b, t, len);
		int rc = cli_write(cli_opt(a, "-o"), &b);
		buf_free(&b);
		return rc;
	}
	if (a->npos == 1 && !strcmp(what, "vars"))
		return report_vars(a);
	return cli_fail(2, "用法：fgdj report work|stats|template|vars …（fgdj report --help）");
}

/* fgdj plan adopt N [--region NAME] [--confirm]: the review of the plan's N-th new branch (today's
 * plan, joint_plan_review as the web page's); with --confirm it is founded (joint_plan_adopt_nth,
 * the rules of the web page's 采纳). */
static int plan_adopt(const cli_args *a)
{
	char *end;
	long n = strtol(a->pos[1], &end, 10);
	if (!*a->pos[1] || *end || n < 1)
		return cli_fail(2, "用法：fgdj plan adopt N [--region NAME] [--confirm]（N 为方案中拟组建联合党支部的序号，从 1 起）");
	if (cli_opt(a, "--as-of") || cli_opt(a, "--as-recorded") || cli_opt(a, "--format") || cli_opt(a, "-o"))
		return cli_fail(2, "fgdj plan adopt 只采纳今天的方案，不接受 --as-of、--as-recorded、--format 或 -o");
	store *s = cli_open(a);
	if (!s)
		return 2;
	const char *region = cli_opt(a, "--region");
	plan_adoption ad = {0};
	fg_err e;
	buf b = {0};
	int rc;
	if (cli_flag(a, "--confirm")) {
		/* One computation of the plan, before the write (joint_plan_adopt_nth); the text shows
		 * what was founded. */
		int stale;
		rc = joint_plan_adopt_nth(s, region, (size_t)n - 1, cli_who(), "plan adopt", &ad, &stale, &e);
		if (!rc) {
			joint_plan_adoption_text(&ad, &b);
			buf_printf(&b, "已组建 %s，覆盖 %zu 家企业。\n", ad.name, ad.n);
		}
	} else {
		rc = joint_plan_review(s, region, (size_t)n - 1, NULL, NULL, &ad, &e);
		if (!rc) {
			joint_plan_adoption_text(&ad, &b);
			buf_puts(&b, "（预览；加 --confirm 组建）\n");
		}
	}
	plan_adoption_free(&ad);
	store_close(s);
	if (rc) {
		buf_free(&b);
		return cli_fail(2, "%s", e.msg);
	}
	int ret = cli_write(NULL, &b);
	buf_free(&b);
	return ret;
}

int cmd_plan(const cli_args *a)
{
	if (a->npos == 2 && !strcmp(a->pos[0], "adopt"))
		return plan_adopt(a);
	if (a->npos != 1 || strcmp(a->pos[0], "joint") || cli_flag(a, "--confirm"))
		return cli_fail(2, "用法：fgdj plan joint [--region NAME] [--format text|json|xlsx] [-o FILE]，或 fgdj plan adopt N [--region NAME] [--confirm]");
	const char *fmt = cli_opt(a, "--format");
	if (!fmt)
		fmt = "text";
	if (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "xlsx"))
		return cli_fail(2, "--format 应为 text、json 或 xlsx");
	const char *out = cli_opt(a, "-o");
	if (!strcmp(fmt, "xlsx") && !out)
		return cli_fail(2, "XLSX 请用 -o FILE 指定输出文件");
	int as_of;
	if (dates_recorded(a, &as_of))
		return 2;
	store *s = cli_open_recorded(a, 2);
	if (!s)
		return 2;
	facts f;
	joint_plan p = {0};
	fg_err e;
	buf b = {0};
	memset(&f, 0, sizeof f);
	/* The plan's names and labels are read at the moment of its facts; the facts kept for the
	 * next command (facts_load_kept). */
	int rc = store_read_begin(s, &e);
	rc = rc ? rc : facts_load_kept(s, cli_opt(a, "--region"), as_of, FACTS_PLAN, &f, NULL, &e);
	rc = rc ? rc : joint_plan_make(s, &f, &p, &e);
	if (!rc) {
		if (!strcmp(fmt, "xlsx"))
			rc = joint_plan_xlsx(s, &f, &p, out, &e);
		else if (!strcmp(fmt, "json"))
			rc = joint_plan_json(s, &f, &p, &b, &e);
		else
			rc = joint_plan_text(s, &f, &p, &b, &e);
	}
	store_read_end(s);
	store_close(s);
	joint_plan_free(&p);
	facts_free(&f);
	if (rc) {
		buf_free(&b);
		return cli_fail(2, "%s", e.msg);
	}
	int ret = strcmp(fmt, "xlsx") ? cli_write(out, &b) : 0;
	buf_free(&b);
	return ret;
}
