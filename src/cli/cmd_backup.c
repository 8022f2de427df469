/* fgdj backup FILE | --dir DIR (scheduled, with retention) / fgdj restore FILE / fgdj migrate. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/retention.h"
#include "util/date.h"

const cli_optspec OPTS_BACKUP[] = {{"--db", 1},         {"--dir", 1},           {"--keep-daily", 1}, {"--keep-monthly", 1},
				   {"--at", 1},         {"--config", 1},        {NULL, 0}};
const cli_optspec OPTS_RESTORE[] = {{"--db", 1}, {"--yes", 0}, {NULL, 0}};
const cli_optspec OPTS_MIGRATE[] = {{"--db", 1}, {"--backup", 1}, {"--to", 1}, {NULL, 0}};

/* Backs the database up to path (which must not exist), recorded in the history first. */
static int backup_to(const cli_args *a, const char *path)
{
	if (access(path, F_OK) == 0)
		return cli_fail(2, "%s 已存在；备份不会覆盖已有文件", path);
	store *s = cli_open(a);
	if (!s)
		return 2;
	fg_err e;
	/* A backup carries everyone's personal data: it is recorded first, so the copy includes it. */
	int rc = store_backup_supported(s, &e);
	rc = rc ? rc : store_begin(s, cli_who(), path, &e);
	rc = rc ? rc : store_log(s, "database", path, "view", "{\"what\":\"备份数据库\"}", &e);
	rc = rc ? rc : store_commit(s, &e);
	rc = rc ? rc : store_backup(s, path, &e);
	store_close(s);
	if (rc) {
		unlink(path);
		return cli_fail(2, "%s", e.msg);
	}
	return 0;
}

/* A whole number in [lo, hi] for option name, or def when absent; -1 (printed) when bad. */
static int count_opt(const cli_args *a, const char *name, int def, int lo, int hi)
{
	const char *v = cli_opt(a, name);
	if (!v)
		return def;
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < lo || n > hi) {
		cli_fail(2, "%s 应为 %d 到 %d 的整数（给的是“%s”）", name, lo, hi, v);
		return -1;
	}
	return (int)n;
}

/* "fgdj-YYYY-MM-DD.db": the day, or DATE_NONE for any other name (never touched). */
static int backup_day(const char *name)
{
	int y, m, d;
	char tail[4];
	if (strlen(name) != 18 || sscanf(name, "fgdj-%4d-%2d-%2d%3s", &y, &m, &d, tail) != 4 || strcmp(tail, ".db") != 0 ||
	    !date_valid_ymd(y, m, d))
		return DATE_NONE;
	return date_from_ymd(y, m, d);
}

/* Deletes the dated backups in dir that retention does not keep; prints each. */
static int prune(const char *dir, int daily, int monthly)
{
	DIR *d = opendir(dir);
	if (!d)
		return cli_fail(2, "无法读取备份目录 %s", dir);
	char **names = NULL;
	int *days = NULL;
	size_t n = 0;
	for (struct dirent *de; (de = readdir(d));) {
		int day = backup_day(de->d_name);
		if (day == DATE_NONE)
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		days = realloc(days, (n + 1) * sizeof *days);
		if (!names || !days || !(names[n] = strdup(de->d_name)))
			abort();
		days[n++] = day;
	}
	closedir(d);
	int *keep = malloc((n ? n : 1) * sizeof *keep);
	if (!keep)
		abort();
	retention_keep(days, n, daily, monthly, keep);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (!keep[i]) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			if (unlink(path) == 0)
				printf("已删除过期备份 %s\n", path);
			else
				rc = cli_fail(2, "无法删除过期备份 %s", path);
		}
		free(names[i]);
	}
	free(names);
	free(days);
	free(keep);
	return rc;
}

/* --dir: today's backup DIR/fgdj-YYYY-MM-DD.db (once a day, not before --at), then retention. */
static int scheduled(const cli_args *a, const char *dir)
{
	int daily = count_opt(a, "--keep-daily", 7, 1, 3660), monthly = count_opt(a, "--keep-monthly", 12, 0, 1200);
	if (daily < 0 || monthly < 0)
		return 2;
	const char *at = cli_opt(a, "--at");
	if (at) {
		int hh, mm;
		char extra;
		if (sscanf(at, "%2d:%2d%c", &hh, &mm, &extra) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59)
			return cli_fail(2, "--at 应为 时:分（例：02:30），给的是“%s”", at);
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		if (tm.tm_hour * 60 + tm.tm_min < hh * 60 + mm) {
			printf("未到备份时间 %02d:%02d，今天稍后备份\n", hh, mm);
			return 0;
		}
	}
	char day[11], path[4096], part[4096];
	date_format(date_today(), day);
	snprintf(path, sizeof path, "%s/fgdj-%s.db", dir, day);
	/* Written under another name and renamed once verified: a dated name is always a good backup. */
	snprintf(part, sizeof part, "%s/.fgdj-%s.db.part", dir, day);
	if (access(path, F_OK) == 0) {
		printf("今天的备份已存在：%s\n", path);
	} else {
		unlink(part);
		int rc = backup_to(a, part);
		if (rc)
			return rc;
		if (rename(part, path) != 0) {
			unlink(part);
			return cli_fail(2, "无法把备份改名为 %s", path);
		}
		printf("已备份 %s → %s（已校验）\n", cli_db_path(a), path);
	}
	return prune(dir, daily, monthly);
}

int cmd_backup(const cli_args *given)
{
	cli_args merged;
	if (cli_config(given, OPTS_BACKUP, &merged))
		return 2;
	const cli_args *a = &merged;
	const char *dir = cli_opt(a, "--dir");
	if (dir && !a->npos)
		return scheduled(a, dir);
	if (a->npos != 1 || dir)
		return cli_fail(2, "用法：fgdj backup FILE [--db FILE]，或 fgdj backup --dir DIR [--keep-daily N] [--keep-monthly M]");
	int rc = backup_to(a, a->pos[0]);
	if (!rc)
		printf("已备份 %s → %s（已校验）\n", cli_db_path(a), a->pos[0]);
	return rc;
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

/* fgdj migrate: what a package upgrade runs — a verified copy of the database as it stands, then
 * the schema brought up to this program's, recorded in the history. */
static void copied(void *ctx, const char *table, int64_t rows)
{
	(void)ctx;
	printf("  %-24s %12lld 行  一致\n", table, (long long)rows);
}

/* fgdj migrate --to postgresql://…: the whole database copied and proved (store_copy_to). */
static int migrate_to(const cli_args *a, const char *db, const char *to)
{
	store *s = cli_open(a); /* at this program's version first */
	if (!s)
		return 2;
	fg_err e;
	printf("复制数据库 %s 到 PostgreSQL，逐表逐值核对：\n", db);
	fflush(stdout);
	int rc = store_copy_to(s, to, cli_who(), 1, copied, NULL, &e);
	store_close(s);
	if (rc)
		return cli_fail(2, "没有复制（PostgreSQL 数据库中没有写入任何数据行）：%s", e.msg);
	printf("已复制并核对一致\n");
	return 0;
}

int cmd_migrate(const cli_args *a)
{
	if (a->npos)
		return cli_fail(2, "用法：fgdj migrate [--backup FILE] [--db FILE] | fgdj migrate --to postgresql://… [--db FILE]");
	const char *db = cli_db_path(a), *bk = cli_opt(a, "--backup"), *to = cli_opt(a, "--to");
	if (store_is_server(db) && (to || bk))
		/* PostgreSQL: opening upgrades the schema as on SQLite (store_open); there is no file to copy. */
		return cli_fail(2, "数据库 %s 在 PostgreSQL 上：%s", db,
				to ? "--to 复制的是 SQLite 数据库文件（--db 文件）" : "升级前请用 pg_dump 备份（--backup 只用于 SQLite 文件）");
	if (!store_is_server(db) && access(db, F_OK) != 0)
		return cli_fail(2, "数据库 %s 不存在；新建数据库请用 fgdj init", db);
	if (to && bk)
		return cli_fail(2, "--to 与 --backup 不能同时使用：复制到 PostgreSQL 不改动原数据库的数据");
	if (to)
		return migrate_to(a, db, to);
	int from, latest = store_schema_version();
	fg_err e;
	if (store_file_version(db, &from, &e))
		return cli_fail(2, "%s", e.msg);
	if (from > latest)
		return cli_fail(2, "数据库 %s 的结构版本为 %d，比本程序（fgdj %s，结构版本 %d）新：没有改动数据库；"
				   "请安装更新版本的 fgdj，或从升级前的备份恢复",
				db, from, FGDJ_VERSION, latest);
	if (from == latest) {
		printf("数据库 %s 已是当前结构（版本 %d），无需升级\n", db, latest);
		return 0;
	}
	if (bk) {
		if (access(bk, F_OK) == 0)
			return cli_fail(2, "%s 已存在；备份不会覆盖已有文件", bk);
		if (store_backup_file(db, bk, &e)) {
			unlink(bk);
			return cli_fail(2, "升级前备份失败，没有升级：%s", e.msg);
		}
	}
	store *s = cli_open(a); /* migrates */
	if (!s)
		return 2;
	char what[4096 + 128];
	snprintf(what, sizeof what, "{\"what\":\"升级数据库结构\",\"from\":%d,\"to\":%d}", from, latest);
	int rc = store_begin(s, cli_who(), bk ? bk : "migrate", &e);
	rc = rc ? rc : store_log(s, "database", db, "update", what, &e);
	rc = rc ? rc : store_commit(s, &e);
	store_close(s);
	if (rc)
		return cli_fail(2, "%s", e.msg);
	printf("已把数据库 %s 从结构版本 %d 升级到 %d", db, from, latest);
	if (bk)
		printf("（升级前的备份：%s）", bk);
	putchar('\n');
	return 0;
}
