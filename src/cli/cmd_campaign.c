/* fgdj campaign — an investigation campaign's (排查) tasks and progress from the command line:
 * `tasks NAME` generates the missing tasks (store/campaign_store.h), `progress NAME` prints or
 * writes the progress table (report/campaign.h). The command line is the district's. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "report/campaign.h"
#include "store/campaign_store.h"
#include "util/date.h"

const cli_optspec OPTS_CAMPAIGN[] = {{"--db", 1}, {"-o", 1}, {NULL, 0}};

static int generate(store *s, const char *name)
{
	static const store_filter district = {0};
	fg_err e;
	int64_t created = 0, present = 0;
	int rc = store_begin(s, cli_who(), "fgdj campaign tasks", &e);
	if (!rc) {
		rc = store_campaign_generate(s, &district, name, date_today(), &created, &present, &e);
		rc = rc ? rc : store_commit(s, &e);
		if (rc)
			store_rollback(s);
	}
	if (rc)
		return cli_fail(2, "%s", e.msg);
	printf("排查“%s”：新建排查任务 %lld 个，已有任务的在营企业 %lld 家\n", name, (long long)created, (long long)present);
	return 0;
}

static int progress(store *s, const char *name, const char *out)
{
	static const store_filter district = {0};
	campaign_progress p;
	fg_err e;
	int rc = campaign_progress_load(s, &district, name, &p, &e);
	if (rc)
		return cli_fail(2, "%s", e.msg);
	size_t len = out ? strlen(out) : 0;
	if (out && len > 5 && strcmp(out + len - 5, ".xlsx") == 0) {
		rc = campaign_progress_xlsx(&p, out, &e);
		campaign_progress_free(&p);
		return rc ? cli_fail(2, "%s", e.msg) : 0;
	}
	buf b = {0};
	campaign_progress_text(&p, &b);
	campaign_progress_free(&p);
	int ret = cli_write(out, &b);
	buf_free(&b);
	return ret;
}

int cmd_campaign(const cli_args *a)
{
	if (a->npos != 2 || (strcmp(a->pos[0], "tasks") && strcmp(a->pos[0], "progress")))
		return cli_fail(2, "用法：fgdj campaign tasks 排查名称 | fgdj campaign progress 排查名称 [-o 文件.xlsx]");
	store *s = cli_open(a);
	if (!s)
		return 2;
	int rc = strcmp(a->pos[0], "tasks") == 0 ? generate(s, a->pos[1]) : progress(s, a->pos[1], cli_opt(a, "-o"));
	store_close(s);
	return rc;
}
