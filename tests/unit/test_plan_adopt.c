/* Adopting a group of the joint-branch plan (joint_plan_adopt) computes the plan in a read moment
 * and takes the write lock only to found what it computed. A write that lands between the two
 * must not be lost on it: the plan is computed again under the lock, and a group the write made
 * stale is refused with nothing written. The write between is made by another connection from
 * SQLite's statement trace on the adopting connection, at its BEGIN IMMEDIATE (so no hook ships in
 * the binary: this test reaches into store_int.h for the connection). The plan's groups are those
 * of tests/fixtures/plan/README.md: 南山社区 {P2 P4 P6} and {P3 P5 P7}. Run from the repository
 * root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district.h"
#include "io/import.h"
#include "report/plan.h"
#include "store/store_int.h"

#define G1 "91330106MA3000029K；91330106MA30000459；91330106MA3000061Y" /* P2 P4 P6 */
#define G2 "91330106MA3000037E；91330106MA30000534；91330106MA300007XN" /* P3 P5 P7 */

static char dir[64];
static store *db;     /* the adopter */
static store *writer; /* another connection, as another process would be */
static int today;

/* ---- the write between, and what the adopter runs under its lock ---- */

static void (*between)(void); /* run once at the adopter's next BEGIN IMMEDIATE */
static int in_write;          /* the adopter's write transaction has begun */
static int planned_in_write;  /* statements of the plan (its industries' scan) run inside it */

static void put_one(const ledger_def *def, ledger_rec *r)
{
	fg_err e;
	put_result res;
	int bad;
	assert_int_equal(store_begin(writer, "test", "plan_adopt", &e), FG_OK);
	assert_int_equal(store_put(writer, def, r, today, &res, &bad, &e), FG_OK);
	assert_int_equal(res, PUT_NEW);
	assert_int_equal(store_commit(writer, &e), FG_OK);
}

/* P3 gets an organisation of its own: the group {P3 P5 P7} is no longer the plan's. */
static void cover_p3(void)
{
	ledger_rec o = {{0}};
	o.f[O_NAME] = "南山软件有限公司党支部";
	o.f[O_KIND] = "党支部";
	o.f[O_MODE] = "单独建";
	o.f[O_COVERS] = "91330106MA3000037E";
	o.f[O_STREET] = "南城街道";
	o.f[O_COMMUNITY] = "南山社区";
	o.f[O_FOUNDED] = "2026-11-01";
	put_one(ledger_get(LEDGER_ORGS), &o);
}

/* A write the plan does not depend on: an instructor of the fixtures' district. */
static void add_instructor(void)
{
	ledger_rec i = {{0}};
	i.f[I_NAME] = "计划测试指导员";
	i.f[I_UNIT] = "南城街道";
	put_one(ledger_get(LEDGER_INSTRUCTORS), &i);
}

/* One enterprise row of tests/fixtures/plan again with 从业人员数 staff, imported by the writer (an
 * update of a number: what store_changes_since names by enterprise). */
static void staff_of(const char *uscc, const char *rest_before, const char *staff, const char *rest_after)
{
	char path[300];
	snprintf(path, sizeof path, "%s/staff.csv", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp,
		"统一社会信用代码,企业名称,所属街道,所属社区,所属区域,区域类型,行业,经营状态,从业人员数,有固定经营场所,"
		"注册资本（万元）,出资人,出资人是否党员,成立日期,经营运行情况,职工队伍情况,未建党组织原因\n%s,%s,%s,%s\n",
		uscc, rest_before, staff, rest_after);
	fclose(fp);
	import_opts o = {.path = path, .who = "test", .today = today};
	import_result r;
	fg_err e;
	assert_int_equal(import_file(writer, ledger_by_name("enterprises"), &o, &r, &e), FG_OK);
	assert_int_equal(r.updated, 1);
	import_result_free(&r);
}

/* P9 (北湖机械, 0 members: for an instructor) from 80 staff to 90: the same class, the plan as it was. */
static void p9_staff(void)
{
	staff_of("91330106MA3000096H", "北湖机械有限公司,北城街道,北湖社区,北湖园,园区,制造业,在营", "90",
		 "是,100,投资人9,否,2018-01-01,正常经营,职工80人,无党员");
}

/* P3 (南山软件) from 12 staff to 5: below 三有, out of the plan. */
static void p3_staff(void)
{
	staff_of("91330106MA3000037E", "南山软件有限公司,南城街道,南山社区,,,软件业,在营", "5",
		 "是,100,投资人3,否,2018-01-01,正常经营,职工12人,党员不足3名");
}

/* A meeting of this year: a party-work record, which the plan does not read. */
static void a_meeting(void)
{
	ledger_rec m = {{0}};
	m.f[MT_ORG] = "南山社区第六联合党支部";
	m.f[MT_KIND] = "主题党日";
	m.f[MT_DATE] = "2026-11-20";
	m.f[MT_TOPIC] = "计划测试的主题党日";
	m.f[MT_FORM] = "集中";
	m.f[MT_HOURS] = "2";
	put_one(ledger_get(LEDGER_MEETINGS), &m);
}

static int on_stmt(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	(void)ctx;
	(void)p;
	const char *sql = x;
	if (strcmp(sql, "BEGIN IMMEDIATE") == 0) {
		in_write = 1;
		if (between) {
			void (*fn)(void) = between;
			between = NULL;
			fn();
		}
	} else if (strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0) {
		in_write = 0;
	} else if (in_write && strstr(sql, "industry <> ''")) {
		planned_in_write++;
	}
	return 0;
}

/* The first column of sql's first row, text bound to ?1 (statements cached by their text's
 * address: each a literal). */
static int64_t ask(const char *sql, const char *text)
{
	sql_st *st = store_st(db, sql);
	if (text)
		sql_bind_text(st, 1, text);
	int64_t n = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : -1;
	sql_reset(st);
	return n;
}

static int64_t count(const char *sql)
{
	return ask(sql, NULL);
}

/* The first column of sql's first row, id bound to ?1. */
static int64_t after(int64_t id, const char *sql)
{
	sql_st *st = store_st(db, sql);
	sql_bind_int64(st, 1, id);
	int64_t n = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : -1;
	sql_reset(st);
	return n;
}

static int64_t named(const char *name)
{
	return ask("SELECT count(*) FROM org WHERE name = ?1", name);
}

/* ---- setup ---- */

static int import_one(const char *kind, const char *path)
{
	return district_import(db, kind, path, today);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/fgdj-test-plan-adopt-XXXXXX");
	between = NULL;
	in_write = 0;
	if (district_open(dir, "p.db", &db, &today))
		return -1;
	if (import_one("enterprises", "tests/fixtures/plan/enterprises.csv") ||
	    import_one("members", "tests/fixtures/plan/members.csv"))
		return -1;
	char path[300];
	snprintf(path, sizeof path, "%s/orgs.csv", dir);
	FILE *fp = fopen(path, "w");
	if (!fp)
		return -1;
	fputs("党组织名称,组织类别,组建方式,上级党组织,覆盖企业,所属街道,所属社区,所属区域,成立日期\n"
	      "中共南城街道工作委员会,党委,上级机关,中共临江区非公有制企业委员会,,南城街道,,,2020-01-01\n"
	      "南山社区第六联合党支部,党支部,联合建,中共南城街道工作委员会,91330106MA3000010N,南城街道,南山社区,,2020-01-01\n",
	      fp);
	fclose(fp);
	if (import_one("orgs", path))
		return -1;
	return district_writer(dir, "p.db", db, &writer, on_stmt);
}

static int teardown(void **state)
{
	(void)state;
	store_close(writer);
	return district_close(dir, db);
}

static int adopt(const char *covers, const char *name, int *stale, fg_err *e)
{
	plan_adoption a;
	planned_in_write = 0;
	int rc = joint_plan_adopt(db, NULL, covers, name, NULL, "test", "plan adopt", &a, stale, e);
	plan_adoption_free(&a);
	return rc;
}

/* ---- tests (each on a fresh database) ---- */

/* No write between: what was computed before the lock is founded, nothing computed under it. */
static void nothing_between(void **state)
{
	(void)state;
	int stale;
	fg_err e;
	assert_int_equal(adopt(G1, "南山社区第七联合党支部", &stale, &e), FG_OK);
	assert_int_equal(planned_in_write, 0);
	assert_int_equal(named("南山社区第七联合党支部"), 1);
	assert_int_equal(count("SELECT count(*) FROM coverage c JOIN org o ON o.id = c.org_id"
			       " WHERE o.name = '南山社区第七联合党支部' AND c.end_date IS NULL"),
			 3);
	assert_int_equal(count("SELECT count(*) FROM history WHERE source = 'plan adopt' AND tbl = 'org'"), 1);
	/* The next group now gets the next numeral: the name reviewed before is stale, refused
	 * from the read alone. */
	assert_int_equal(adopt(G2, "南山社区第七联合党支部", &stale, &e), FG_EINPUT);
	assert_int_equal(stale, 1);
	assert_int_equal(planned_in_write, 0);
	assert_int_equal(adopt(G2, "南山社区第八联合党支部", &stale, &e), FG_OK);
	assert_int_equal(planned_in_write, 0);
	assert_int_equal(named("南山社区第八联合党支部"), 1);
}

/* The write between made the group stale: computed again under the lock, refused, nothing of the
 * adopter's written. */
static void stale_between(void **state)
{
	(void)state;
	int64_t orgs = count("SELECT count(*) FROM org"), hist = count("SELECT count(*) FROM history");
	between = cover_p3;
	int stale;
	fg_err e;
	assert_int_equal(adopt(G2, "南山社区第七联合党支部", &stale, &e), FG_EINPUT);
	assert_null(between); /* the write did land between */
	assert_int_equal(stale, 1);
	assert_true(planned_in_write > 0);
	assert_int_equal(named("南山社区第七联合党支部"), 0);
	assert_int_equal(named("南山软件有限公司党支部"), 1);
	assert_int_equal(count("SELECT count(*) FROM org"), orgs + 1);
	assert_int_equal(count("SELECT count(*) FROM history WHERE source = 'plan adopt'"), 0);
	assert_true(count("SELECT count(*) FROM history") > hist);
}

/* A write between that leaves the plan as it was: computed again under the lock, founded. */
static void other_write_between(void **state)
{
	(void)state;
	between = add_instructor;
	int stale;
	fg_err e;
	assert_int_equal(adopt(G1, "南山社区第七联合党支部", &stale, &e), FG_OK);
	assert_null(between);
	assert_true(planned_in_write > 0);
	assert_int_equal(named("南山社区第七联合党支部"), 1);
	assert_int_equal(count("SELECT count(*) FROM history WHERE source = 'plan adopt' AND tbl = 'org'"), 1);
}

/* Writes between that the plan does not see — a party-work record, an enterprise's number that
 * leaves its class — leave what was computed before the lock to be founded. */
static void unseen_between(void **state)
{
	(void)state;
	void (*const writes[])(void) = {a_meeting, p9_staff};
	const char *const names[] = {"南山社区第七联合党支部", "南山社区第八联合党支部"};
	const char *const groups[] = {G1, G2};
	for (int k = 0; k < 2; k++) {
		int64_t hist = count("SELECT max(id) FROM history");
		between = writes[k];
		int stale;
		fg_err e;
		assert_int_equal(adopt(groups[k], names[k], &stale, &e), FG_OK);
		assert_null(between);
		/* The writer's entry landed before the adoption's. */
		assert_true(after(hist, "SELECT min(id) FROM history WHERE id > ?1 AND source <> 'plan adopt'") <
			    after(hist, "SELECT min(id) FROM history WHERE id > ?1 AND source = 'plan adopt'"));
		assert_int_equal(planned_in_write, 0);
		assert_int_equal(named(names[k]), 1);
	}
}

/* An enterprise of a group leaves the plan between (its staff below 三有): computed again, refused. */
static void class_between(void **state)
{
	(void)state;
	between = p3_staff;
	int stale;
	fg_err e;
	assert_int_equal(adopt(G2, "南山社区第七联合党支部", &stale, &e), FG_EINPUT);
	assert_null(between);
	assert_int_equal(stale, 1);
	assert_true(planned_in_write > 0);
	assert_int_equal(named("南山社区第七联合党支部"), 0);
	assert_int_equal(count("SELECT employees FROM enterprise WHERE uscc = '91330106MA3000037E'"), 5);
}

/* By the group's number (fgdj plan adopt N --confirm): the group read before the lock is the one
 * the write must still find — founded when nothing came between, refused when P3 was covered. */
static void nth_between(void **state)
{
	(void)state;
	plan_adoption a;
	int stale;
	fg_err e;
	planned_in_write = 0;
	between = cover_p3;
	assert_int_equal(joint_plan_adopt_nth(db, NULL, 1, "test", "plan adopt", &a, &stale, &e), FG_EINPUT);
	plan_adoption_free(&a);
	assert_null(between);
	assert_int_equal(stale, 1);
	assert_true(planned_in_write > 0);
	assert_int_equal(named("南山社区第七联合党支部"), 0);
	/* The plan has one group now (P3 covered: the other five together): its review, then the
	 * adoption with nothing between. */
	assert_int_equal(joint_plan_review(db, NULL, 0, NULL, NULL, &a, &e), FG_OK);
	char *covers = xstrdup(a.covers);
	assert_int_equal(a.n, 5);
	/* The same review from facts the caller holds (the web server's kept ones: the whole facts,
	 * not the plan's own). */
	facts f;
	assert_int_equal(facts_load(db, NULL, date_today(), &f, &e), FG_OK);
	plan_adoption g;
	assert_int_equal(joint_plan_review(db, NULL, 0, NULL, &f, &g, &e), FG_OK);
	assert_string_equal(g.covers, a.covers);
	assert_string_equal(g.name, a.name);
	plan_adoption_free(&g);
	assert_int_equal(joint_plan_review(db, NULL, 1, NULL, &f, &g, &e), FG_EINPUT);
	plan_adoption_free(&g);
	facts_free(&f);
	plan_adoption_free(&a);
	assert_int_equal(joint_plan_review(db, NULL, 1, NULL, NULL, &a, &e), FG_EINPUT);
	plan_adoption_free(&a);
	planned_in_write = 0;
	assert_int_equal(joint_plan_adopt_nth(db, NULL, 0, "test", "plan adopt", &a, &stale, &e), FG_OK);
	assert_string_equal(a.name, "南山社区第七联合党支部");
	assert_string_equal(a.covers, covers);
	free(covers);
	plan_adoption_free(&a);
	assert_int_equal(planned_in_write, 0);
	assert_int_equal(named("南山社区第七联合党支部"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(nothing_between, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_between, setup, teardown),
		cmocka_unit_test_setup_teardown(other_write_between, setup, teardown),
		cmocka_unit_test_setup_teardown(unseen_between, setup, teardown),
		cmocka_unit_test_setup_teardown(class_between, setup, teardown),
		cmocka_unit_test_setup_teardown(nth_between, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
