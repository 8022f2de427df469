/* fgdj demo: synthetic ledgers written through the same path as an import. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/demo.h"
#include "io/export.h"
#include "store/places.h"
#include "util/date.h"

const cli_optspec OPTS_DEMO[] = {{"--db", 1}, {"--scale", 1}, {"--seed", 1}, {"--export", 1}, {NULL, 0}};

typedef struct demo_ctx {
	store *s;
	int today;
	size_t n[LEDGER_NKINDS];
	size_t total;
	int tty;
	fg_err e;
} demo_ctx;

static int on_demo_row(void *ctx, ledger_kind kind, const ledger_rec *rec)
{
	demo_ctx *d = ctx;
	put_result res;
	int bad;
	int rc = store_put(d->s, ledger_get(kind), rec, d->today, &res, &bad, &d->e);
	if (rc) {
		/* Generated rows are valid by construction: a refusal is a bug worth its details. */
		if (bad >= 0 && bad < (int)ledger_get(kind)->ncols)
			fprintf(stderr, "fgdj: 演示数据第 %zu 行（%s）被拒绝：%s\n", d->n[kind] + 1,
				ledger_get(kind)->cols[bad].header, d->e.msg);
		return rc;
	}
	d->n[kind]++;
	if (d->tty && ++d->total % 20000 == 0) {
		fprintf(stderr, "\r正在生成演示数据：%zu 行", d->total);
		fflush(stderr);
	}
	return 0;
}

static int export_all(store *s, const char *dir)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return cli_fail(2, "无法创建目录 %s：%s", dir, strerror(errno));
	for (int k = 0; k < LEDGER_NKINDS; k++) {
		const ledger_def *def = ledger_get((ledger_kind)k);
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.csv", dir, def->name);
		/* Demo people are synthetic: the files carry full ID numbers so they re-import. */
		export_opts o = {EXPORT_CSV, 1, cli_who(), NULL, path, 0, date_today(), NULL, NULL};
		fg_err e;
		size_t n;
		if (export_ledger(s, def, &o, &n, &e) != FG_OK)
			return cli_fail(2, "%s", e.msg);
		printf("  %s：%zu 行 → %s\n", def->title, n, path);
	}
	return 0;
}

/* Writes the demo into s, a database without enterprises: the rows through the same path as an
 * import, in one transaction (rolled back on a failure, whose words are in d->e). */
static int demo_write(store *s, demo_scale scale, unsigned long long seed, demo_ctx *d)
{
	store_bulk(s);
	store_bulk_write(s); /* every row is written */
	store_bulk_journal(s, 1);
	int rc = store_begin(s, cli_who(), "fgdj demo", &d->e);
	/* The demo district's places are invented on purpose. */
	if (!rc)
		store_places_allow(s, 1u << PLACE_DISTRICT | 1u << PLACE_STREET | 1u << PLACE_COMMUNITY | 1u << PLACE_ZONE, 0);
	rc = rc ? rc : store_district_rename(s, demo_region_name(scale, seed), &d->e);
	rc = rc ? rc : demo_generate(scale, seed, d->today, on_demo_row, d);
	rc = rc ? rc : store_commit(s, &d->e);
	store_bulk_journal(s, 0);
	if (d->tty && d->total >= 20000)
		fputs("\r\033[K", stderr);
	if (rc)
		store_rollback(s);
	return rc;
}

/* A PostgreSQL database fgdj has not made yet gets the demo in one bulk copy instead of a round
 * trip a statement: the demo is written into a new SQLite database in a private directory of its
 * own (TMPDIR), by the same demo_write as on SQLite, and that database is copied in whole and
 * proved as `migrate --to` copies one (store_copy_to), without a history row of the copy's own, so
 * that the history is the demo's alone, as on SQLite; the directory is removed after, a failure
 * included, which leaves the PostgreSQL database without any of the rows. */
static int demo_staged(const char *target, demo_scale scale, unsigned long long seed, demo_ctx *d)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4096 + 32];
	snprintf(dir, sizeof dir, "%s/fgdj-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return err_set(&d->e, FG_EFAIL, "无法创建临时目录 %s：%s", dir, strerror(errno));
	snprintf(path, sizeof path, "%s/demo.db", dir);
	int rc = store_open(path, &d->s, &d->e);
	if (!rc) {
		rc = demo_write(d->s, scale, seed, d);
		rc = rc ? rc : store_copy_to(d->s, target, cli_who(), 0, NULL, NULL, &d->e);
		store_close(d->s);
		d->s = NULL;
	}
	static const char *const ends[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		snprintf(path, sizeof path, "%s/demo.db%s", dir, ends[i]);
		unlink(path);
	}
	rmdir(dir);
	return rc;
}

int cmd_demo(const cli_args *a)
{
	const char *scale_s = cli_opt(a, "--scale");
	int scale = demo_scale_parse(scale_s ? scale_s : "district");
	if (scale < 0)
		return cli_fail(2, "--scale 应为 district（区）、city（市）或 province（省）");
	const char *seed_s = cli_opt(a, "--seed");
	char *end = NULL;
	unsigned long long seed = seed_s ? strtoull(seed_s, &end, 10) : 1;
	if (seed_s && (!*seed_s || *end))
		return cli_fail(2, "--seed 应为非负整数");
	demo_ctx d = {.today = date_today(), .tty = isatty(2)};
	int fresh = 0, rc;
	if (store_is_server(cli_db_path(a)) && store_pg_target_new(cli_db_path(a), &fresh, &d.e))
		return cli_fail(2, "%s", d.e.msg);
	store *s;
	if (fresh) { /* a PostgreSQL database without fgdj's schema, or as fgdj init made it */
		if (demo_staged(cli_db_path(a), (demo_scale)scale, seed, &d))
			return cli_fail(2, "生成演示数据失败：%s", d.e.msg);
		if (!(s = cli_open(a)))
			return 2;
	} else {
		if (!(s = cli_open(a)))
			return 2;
		store_counts c;
		store_counts_get(s, &c, &d.e);
		if (c.enterprises > 0) {
			store_close(s);
			return cli_fail(2, "数据库 %s 已有 %lld 家企业；演示数据请写入新的数据库（--db 新文件名）", cli_db_path(a),
					(long long)c.enterprises);
		}
		d.s = s;
		if (demo_write(s, (demo_scale)scale, seed, &d)) {
			store_close(s);
			return cli_fail(2, "生成演示数据失败：%s", d.e.msg);
		}
	}
	printf("已生成演示数据（%s，种子 %llu）→ %s\n  企业 %zu 家，党组织 %zu 个，党员 %zu 名，党建指导员 %zu 名\n"
	       "  组织生活 %zu 次，个人学习 %zu 条，书记任职 %zu 条，走访 %zu 次，培训观摩 %zu 次（%zu 人次）\n"
	       "  发展党员记录 %zu 条（经支部大会接收的已写入党员名册），组织关系转接 %zu 条，党费 %zu 条\n"
	       "  排查 %zu 个（排查任务 %zu 条），职工名册 %zu 行，评分细则 %zu 项，星级评定 %zu 个\n"
	       "  亮身份岗区 %zu 个，党员活动阵地 %zu 处\n",
	       demo_region_name((demo_scale)scale, seed), seed, cli_db_path(a), d.n[LEDGER_ENTERPRISES],
	       d.n[LEDGER_ORGS], d.n[LEDGER_MEMBERS], d.n[LEDGER_INSTRUCTORS], d.n[LEDGER_MEETINGS], d.n[LEDGER_STUDY],
	       d.n[LEDGER_SECRETARIES], d.n[LEDGER_VISITS], d.n[LEDGER_TRAININGS], d.n[LEDGER_TRAINEES],
	       d.n[LEDGER_DEVELOPMENT], d.n[LEDGER_TRANSFERS], d.n[LEDGER_DUES],
	       d.n[LEDGER_CAMPAIGNS], d.n[LEDGER_TASKS], d.n[LEDGER_ROSTERS], d.n[LEDGER_RUBRIC], d.n[LEDGER_RATINGS],
	       d.n[LEDGER_DESIGNATIONS], d.n[LEDGER_VENUES]);
	printf("  党建经费 %zu 笔\n", d.n[LEDGER_FUNDING]);
	const char *dir = cli_opt(a, "--export");
	rc = dir ? export_all(s, dir) : 0;
	store_close(s);
	return rc;
}
