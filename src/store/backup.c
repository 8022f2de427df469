/* Online backup and verified restore with SQLite's backup API: a copy is consistent even while the
 * web application writes, and a restore only replaces the database with a file that passes
 * PRAGMA integrity_check and carries a schema this program knows. */
#include <stdio.h>
#include <string.h>

#include "store/pg.h"
#include "store/store_int.h"

static int copy_db(sqlite3 *from, sqlite3 *to, fg_err *e, const char *doing)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return err_set(e, FG_EFAIL, "%s失败：%s", doing, sqlite3_errmsg(to));
	int rc;
	/* Pages in steps, so that writers are held up only briefly. */
	while ((rc = sqlite3_backup_step(b, 1024)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		sqlite3_sleep(rc == SQLITE_OK ? 0 : 20);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return err_set(e, FG_EFAIL, "%s失败：%s", doing, sqlite3_errstr(rc));
	return FG_OK;
}

static int verify(sqlite3 *db, const char *path, int latest, const char *outcome, fg_err *e);

/* The integer a pragma answers (0 when it answers nothing). */
static int pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int v = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Switches the journal mode; 1 when the database is in that mode after (SQLite answers the mode it
 * is in, unchanged when it could not switch). */
static int journal_mode(sqlite3 *db, const char *mode)
{
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode=%s", mode);
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		ok = sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), mode) == 0;
	sqlite3_finalize(st);
	return ok;
}

/* The backups here copy an SQLite file; a PostgreSQL server is backed up with its own tools. */
int store_backup_supported(const store *s, fg_err *e)
{
	return s->db ? FG_OK
		     : err_set(e, FG_EINPUT, "数据库在 PostgreSQL 上：备份和恢复请用 PostgreSQL 的工具（pg_dump、pg_restore、"
					     "pg_basebackup），没有改动数据库");
}

int store_backup(store *s, const char *path, fg_err *e)
{
	if (store_backup_supported(s, e))
		return FG_EINPUT;
	sqlite3 *dst;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		int rc = err_set(e, FG_EFAIL, "无法写入备份文件 %s：%s", path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return rc;
	}
	int rc = copy_db(s->db, dst, e, "备份");
	/* A backup is one self-contained file: no WAL beside it. */
	if (!rc && sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = err_set(e, FG_EFAIL, "备份文件 %s 无法定稿：%s", path, sqlite3_errmsg(dst));
	sqlite3_close(dst);
	if (rc)
		return rc;
	/* Verified as a restore would verify it, read back from the disk. */
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		rc = err_set(e, FG_EFAIL, "备份文件 %s 无法读回校验：%s", path, sqlite3_errmsg(dst));
	else
		rc = verify(dst, path, store_schema_version(), "备份无效", e);
	sqlite3_close(dst);
	return rc;
}

/* Checks a file before it replaces the database. */
static int verify(sqlite3 *db, const char *path, int latest, const char *outcome, fg_err *e)
{
	sqlite3_stmt *st;
	int rc = FG_OK;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return err_set(e, FG_EINPUT, "%s 不是 fgdj 数据库（%s），%s", path, sqlite3_errmsg(db), outcome);
	if (sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		rc = err_set(e, FG_EINPUT, "%s 已损坏（完整性检查未通过），%s", path, outcome);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	int version = -1, has_ledger = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('enterprise', 'history')", -1, &st,
			       NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			has_ledger = sqlite3_column_int(st, 0) == 2;
		sqlite3_finalize(st);
	}
	if (!has_ledger || version < 1)
		return err_set(e, FG_EINPUT, "%s 不是 fgdj 数据库的备份，%s", path, outcome);
	if (version > latest)
		return err_set(e, FG_EINPUT, "%s 来自更新版本的 fgdj（数据库版本 %d），请先升级程序", path, version);
	return FG_OK;
}

int store_restore(store *s, const char *path, fg_err *e)
{
	if (store_backup_supported(s, e))
		return FG_EINPUT;
	sqlite3 *src;
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		int rc = err_set(e, FG_EINPUT, "无法读取备份文件 %s：%s", path, sqlite3_errmsg(src));
		sqlite3_close(src);
		return rc;
	}
	int latest = store_schema_version();
	int rc = verify(src, path, latest, "没有恢复", e);
	/* SQLite copies pages of another size only into a database outside WAL mode (a backup made
	 * before the 16 KiB pages, or restored into an older file); leaving WAL needs the database to
	 * itself, so not while the server has it open. */
	int from = pragma_int(src, "PRAGMA page_size"), to = pragma_int(s->db, "PRAGMA page_size");
	int resize = !rc && from != to;
	if (resize && !journal_mode(s->db, "delete"))
		rc = err_set(e, FG_EFAIL,
			     "备份文件的页大小（%d 字节）与数据库的（%d 字节）不同，恢复时须独占数据库：请先停止 fgdj 服务（fgdj serve）再恢复，"
			     "没有改动数据库",
			     from, to);
	/* The connection's marking triggers are on tables an older backup may not have: made again
	 * once it is brought up to date. */
	if (!rc)
		store_extras_unset(s);
	if (!rc)
		rc = copy_db(src, s->db, e, "恢复");
	if (resize && !journal_mode(s->db, "wal") && !rc)
		rc = err_set(e, FG_EFAIL, "恢复后无法回到 WAL 日志模式：%s", sqlite3_errmsg(s->db));
	sqlite3_close(src);
	/* An older backup is brought up to date like any older database. */
	if (!rc)
		rc = store_migrate(s, e);
	if (!rc)
		rc = store_extras_setup(s, e);
	return rc;
}

int store_file_version(const char *path, int *version, fg_err *e)
{
	if (sql_target_is_pg(path))
		return store_pg_target_version(path, version, e);
	sqlite3 *db;
	*version = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		int rc = err_set(e, FG_EFAIL, "无法打开数据库 %s：%s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return rc;
	}
	sqlite3_stmt *st;
	int rc = FG_OK;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		rc = err_set(e, FG_EINPUT, "%s 不是数据库：%s", path, sqlite3_errmsg(db));
	else {
		if (sqlite3_step(st) == SQLITE_ROW)
			*version = sqlite3_column_int(st, 0);
		else
			rc = err_set(e, FG_EINPUT, "%s 不是数据库：%s", path, sqlite3_errmsg(db));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return rc;
}

int store_backup_file(const char *path, const char *dst_path, fg_err *e)
{
	sqlite3 *src, *dst;
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		int rc = err_set(e, FG_EFAIL, "无法打开数据库 %s：%s", path, sqlite3_errmsg(src));
		sqlite3_close(src);
		return rc;
	}
	int rc = FG_OK;
	if (sqlite3_open_v2(dst_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		rc = err_set(e, FG_EFAIL, "无法写入备份文件 %s：%s", dst_path, sqlite3_errmsg(dst));
	rc = rc ? rc : copy_db(src, dst, e, "备份");
	if (!rc && sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = err_set(e, FG_EFAIL, "备份文件 %s 无法定稿：%s", dst_path, sqlite3_errmsg(dst));
	sqlite3_close(dst);
	sqlite3_close(src);
	if (rc)
		return rc;
	if (sqlite3_open_v2(dst_path, &dst, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		rc = err_set(e, FG_EFAIL, "备份文件 %s 无法读回校验：%s", dst_path, sqlite3_errmsg(dst));
	else
		rc = verify(dst, dst_path, store_schema_version(), "备份无效", e);
	sqlite3_close(dst);
	return rc;
}
