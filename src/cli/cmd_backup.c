/* fgdj backup FILE / fgdj restore FILE. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

const cli_optspec OPTS_BACKUP[] = {{"--db", 1}, {NULL, 0}};
const cli_optspec OPTS_RESTORE[] = {{"--db", 1}, {"--yes", 0}, {NULL, 0}};

int cmd_backup(const cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(2, "用法：fgdj backup FILE [--db FILE]");
	if (access(a->pos[0], F_OK) == 0)
		return cli_fail(2, "%s 已存在；备份不会覆盖已有文件", a->pos[0]);
	store *s = cli_open(a);
	if (!s)
		return 2;
	fg_err e;
	/* A backup carries everyone's personal data: it is recorded first, so the copy includes it. */
	int rc = store_begin(s, cli_who(), a->pos[0], &e);
	rc = rc ? rc : store_log(s, "database", a->pos[0], "view", "{\"what\":\"备份数据库\"}", &e);
	rc = rc ? rc : store_commit(s, &e);
	rc = rc ? rc : store_backup(s, a->pos[0], &e);
	store_close(s);
	if (rc) {
		unlink(a->pos[0]);
		return cli_fail(2, "%s", e.msg);
	}
	printf("已备份 %s → %s\n", cli_db_path(a), a->pos[0]);
	return 0;
}

int cmd_restore(const cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(2, "用法：fgdj restore FILE --yes [--db FILE]");
	if (!cli_flag(a, "--yes"))
		return cli_fail(2, "恢复会用 %s 替换数据库 %s 的全部内容；确认请加 --yes", a->pos[0], cli_db_path(a));
	if (access(a->pos[0], R_OK) != 0)
		return cli_fail(2, "无法读取备份文件 %s", a->pos[0]);
	store *s = cli_open(a);
	if (!s)
		return 2;
	fg_err e;
	int rc = store_restore(s, a->pos[0], &e);
	if (!rc) {
		rc = store_begin(s, cli_who(), a->pos[0], &e);
		rc = rc ? rc : store_log(s, "database", a->pos[0], "update", "{\"what\":\"从备份恢复数据库\"}", &e);
		rc = rc ? rc : store_commit(s, &e);
	}
	store_close(s);
	if (rc)
		return cli_fail(2, "%s", e.msg);
	printf("已从 %s 恢复数据库 %s\n", a->pos[0], cli_db_path(a));
	return 0;
}
