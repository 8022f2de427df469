/* store/query on the hand-made district (tests/fixtures/district, see its README): the scope is part
 * of the SQL — a community never reads another community's rows, whatever filter it asks for —
 * and the filters, the pinyin order, the pagination, the 五清 flag and the write-side scope checks
 * give the rows worked out by hand. Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/collate.h"
#include "core/rules.h"
#include "district.h"
#include "core/metrics.h"
#include "io/import.h"
#include "report/stats.h"
#include "store/places.h"
#include "store/query.h"
#include "store/scope.h"
#include "util/date.h"

#define E3 "91330106MA2000342T"  /* 和平物流, 东城/和平 */
#define E4 "91330106MA2000414K"  /* 国贸咨询, 西城/光明 */
#define E2 "91330106MA20002702"  /* 临江小象餐饮, 东城/幸福 */
#define E10 "91330106MA2000836J" /* 未建商贸, 五清 incomplete */

static char dir[] = "/tmp/fgdj-test-query-XXXXXX";
static store *db;
static int today;
static store_filter district, west, heping, guangming, xingfu, east, secretary, nobody;

static int64_t region(const char *name)
{
	fg_err e;
	store_filter f;
	char *label = NULL;
	assert_int_equal(store_region_resolve(db, name, &f, &label, &e), FG_OK);
	free(label);
	assert_true(f.region_id > 0);
	return f.region_id;
}

static int setup(void **state)
{
	(void)state;
	if (district_open(dir, "q.db", &db, &today))
		return -1;
	west.region_id = region("西城街道");
	east.region_id = region("东城街道");
	heping.region_id = region("和平社区");
	guangming.region_id = region("光明社区");
	xingfu.region_id = region("幸福社区");
	nobody.region_id = -1;
	secretary.region_id = -1;
	secretary.org_id = query_visible(db, LEDGER_ORGS, &district, "小微设计工作室党支部");
	return secretary.org_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return district_close(dir, db);
}

/* ---- collecting rows ---- */

#define MAXROWS 32
typedef struct rows {
	int n;
	char key[MAXROWS][64];  /* first key column: USCC, name, ID number */
	char name[MAXROWS][128];
	char covers[MAXROWS][256];
	int complete[MAXROWS], cov[MAXROWS];
	int64_t total;
} rows;

static int collect(void *ctx, const query_row *row)
{
	rows *r = ctx;
	assert_true(r->n < MAXROWS);
	const ledger_rec *rec = row->rec;
	const char *key = row->kind == LEDGER_MEMBERS ? rec->f[M_IDNO] : rec->f[0];
	const char *name = row->kind == LEDGER_ENTERPRISES ? rec->f[E_NAME] : rec->f[0];
	const char *covers = row->kind == LEDGER_ORGS ? rec->f[O_COVERS] : row->kind == LEDGER_INSTRUCTORS ? rec->f[I_COVERS] : NULL;
	snprintf(r->key[r->n], sizeof r->key[0], "%s", key);
	snprintf(r->name[r->n], sizeof r->name[0], "%s", name);
	snprintf(r->covers[r->n], sizeof r->covers[0], "%s", covers ? covers : "");
	r->complete[r->n] = row->complete;
	r->cov[r->n] = row->cov;
	r->n++;
	return 0;
}

static rows list(ledger_kind k, const store_filter *scope, query_list q)
{
	rows r;
	memset(&r, 0, sizeof r);
	q.today = today;
	fg_err e;
	assert_int_equal(query_list_rows(db, k, scope, &q, &r.total, collect, &r, &e), FG_OK);
	return r;
}

static int has_key(const rows *r, const char *key)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->key[i], key) == 0)
			return 1;
	return 0;
}

static int found(ledger_kind k, const store_filter *scope, const char *key)
{
	rows r;
	memset(&r, 0, sizeof r);
	fg_err e;
	return query_get(db, k, scope, 0, key, today, collect, &r, &e);
}

/* ---- tests ---- */

static void scope_is_in_the_sql(void **state)
{
	(void)state;
	query_list all = {0};
	assert_int_equal(list(LEDGER_ENTERPRISES, &district, all).total, 10);
	rows hp = list(LEDGER_ENTERPRISES, &heping, all);
	assert_int_equal(hp.total, 2);
	assert_true(has_key(&hp, E3));
	assert_int_equal(list(LEDGER_ENTERPRISES, &west, all).total, 4);
	/* A filter naming another community narrows the scope; it never widens it. */
	query_list other = {.region_id = guangming.region_id};
	rows r = list(LEDGER_ENTERPRISES, &heping, other);
	assert_int_equal(r.total, 0);
	assert_int_equal(r.n, 0);
	other.region_id = east.region_id;
	assert_int_equal(list(LEDGER_ENTERPRISES, &heping, other).total, 2);
	other.region_id = 1;
	assert_int_equal(list(LEDGER_ENTERPRISES, &heping, other).total, 2);
	query_list search = {.q = "国贸"};
	assert_int_equal(list(LEDGER_ENTERPRISES, &heping, search).total, 0);
	assert_int_equal(list(LEDGER_ENTERPRISES, &district, search).total, 1);
	/* One row by key: outside the scope is not found. */
	assert_int_equal(found(LEDGER_ENTERPRISES, &heping, E3), 1);
	assert_int_equal(found(LEDGER_ENTERPRISES, &heping, E4), 0);
	assert_int_equal(found(LEDGER_ENTERPRISES, &guangming, E4), 1);
	assert_int_equal(query_visible(db, LEDGER_ENTERPRISES, &heping, E4), 0);
	assert_true(query_visible(db, LEDGER_ENTERPRISES, &district, E4) > 0);
	/* No scope at all sees nothing. */
	assert_int_equal(list(LEDGER_ENTERPRISES, &nobody, all).total, 0);
	assert_int_equal(list(LEDGER_MEMBERS, &nobody, all).total, 0);
	assert_int_equal(list(LEDGER_ORGS, &nobody, all).total, 0);
	assert_int_equal(list(LEDGER_INSTRUCTORS, &nobody, all).total, 0);
}

static void secretary_scope(void **state)
{
	(void)state;
	query_list all = {0};
	rows r = list(LEDGER_ENTERPRISES, &secretary, all);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.name[0], "小微设计工作室有限公司");
	assert_int_equal(list(LEDGER_ORGS, &secretary, all).total, 1);
	assert_int_equal(list(LEDGER_MEMBERS, &secretary, all).total, 3);
	assert_int_equal(list(LEDGER_INSTRUCTORS, &secretary, all).total, 0);
	assert_int_equal(found(LEDGER_ENTERPRISES, &secretary, E4), 0);
}

static void pinyin_order_and_pages(void **state)
{
	(void)state;
	query_list all = {0};
	rows r = list(LEDGER_ENTERPRISES, &district, all);
	assert_int_equal(r.n, 10);
	assert_string_equal(r.name[0], "光明电子有限公司");
	assert_string_equal(r.name[9], "新建材料有限公司");
	for (int i = 1; i < r.n; i++)
		assert_true(collate_zh(r.name[i - 1], r.name[i]) <= 0);
	query_list page = {.limit = 3, .offset = 3};
	rows p = list(LEDGER_ENTERPRISES, &district, page);
	assert_int_equal(p.total, 10);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.name[0], r.name[3]);
	assert_string_equal(p.name[2], r.name[5]);
	page.offset = 9;
	assert_int_equal(list(LEDGER_ENTERPRISES, &district, page).n, 1);
	page.offset = 20;
	p = list(LEDGER_ENTERPRISES, &district, page);
	assert_int_equal(p.total, 10);
	assert_int_equal(p.n, 0);
}

static void filters(void **state)
{
	(void)state;
	query_list q = {.cov = 1 + COV_SINGLE};
	assert_int_equal(list(LEDGER_ENTERPRISES, &district, q).total, 3);
	q.cov = 1 + COV_JOINT;
	assert_int_equal(list(LEDGER_ENTERPRISES, &district, q).total, 2);
	q.cov = 1 + COV_AFFILIATED;
	rows r = list(LEDGER_ENTERPRISES, &district, q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.key[0], E4);
	assert_int_equal(r.cov[0], COV_AFFILIATED);
	q.cov = 1 + COV_UNCOVERED;
	assert_int_equal(list(LEDGER_ENTERPRISES, &district, q).total, 4);
	query_list st = {.status = "停业"};
	assert_int_equal(list(LEDGER_ENTERPRISES, &district, st).total, 1);
	/* A code by its beginning, any case; letters inside a code are no name. */
	query_list z = {.zone_id = 0, .q = "91330106ma2000342"};
	r = list(LEDGER_ENTERPRISES, &district, z);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.key[0], E3);
	query_list inside = {.q = "ma2000342"};
	assert_int_equal(list(LEDGER_ENTERPRISES, &district, inside).total, 0);
	query_list lit = {.q = "%"};
	assert_int_equal(list(LEDGER_ENTERPRISES, &district, lit).total, 0);
	query_list blank = {.q = "  "};
	assert_int_equal(list(LEDGER_ENTERPRISES, &district, blank).total, 10);
}

/* The SQL filter of 五清 and metrics_ledger_complete (the statistics' rule) agree on every row. */
static void five_clears_agree(void **state)
{
	(void)state;
	query_list all = {0}, inc = {.incomplete = 1};
	rows a = list(LEDGER_ENTERPRISES, &district, all);
	rows b = list(LEDGER_ENTERPRISES, &district, inc);
	assert_int_equal(b.total, 1);
	assert_string_equal(b.key[0], E10);
	for (int i = 0; i < a.n; i++)
		assert_int_equal(a.complete[i], !has_key(&b, a.key[i]));
}

/* Each enterprise figure's list (query_list.sets) counts what the statistics count: the same
 * metrics_ent_sets, for the district and for a street and a secretary's organisation. */
static void figure_sets_agree(void **state)
{
	(void)state;
	static const struct {
		unsigned sets;
		size_t off;
	} F[] = {
		{ENT_SET_IN_SCOPE, offsetof(metrics, enterprises_in_scope)},
		{ENT_SET_IN_SCOPE | ENT_SET_SINGLE, offsetof(metrics, enterprises_covered_single)},
		{ENT_SET_IN_SCOPE | ENT_SET_JOINT, offsetof(metrics, enterprises_covered_joint)},
		{ENT_SET_IN_SCOPE | ENT_SET_AFFILIATED, offsetof(metrics, enterprises_covered_affiliated)},
		{ENT_SET_IN_SCOPE | ENT_SET_UNCOVERED, offsetof(metrics, enterprises_uncovered)},
		{ENT_SET_IN_SCOPE | ENT_SET_REQUIRED_SINGLE, offsetof(metrics, enterprises_required_single)},
		{ENT_SET_IN_SCOPE | ENT_SET_UNBUILT, offsetof(metrics, enterprises_unbuilt)},
		{ENT_SET_IN_SCOPE | ENT_SET_INSTRUCTOR, offsetof(metrics, enterprises_with_instructor)},
		{ENT_SET_IN_SCOPE | ENT_SET_WORK_COVERED, offsetof(metrics, work_covered)},
		{ENT_SET_IN_SCOPE | ENT_SET_COMPLETE, offsetof(metrics, ledger_complete)},
		{ENT_SET_IN_SCOPE | ENT_SET_WITH_MEMBERS, offsetof(metrics, enterprises_with_members)},
	};
	const char *regions[] = {NULL, "西城街道"};
	const store_filter *scopes[] = {&district, &west};
	for (int r = 0; r < 2; r++) {
		stats st;
		fg_err e;
		assert_int_equal(stats_compute(db, regions[r], today, STATS_BY_NONE, &st, &e), FG_OK);
		for (size_t i = 0; i < sizeof F / sizeof F[0]; i++) {
			int64_t want;
			memcpy(&want, (const char *)&st.total + F[i].off, sizeof want);
			query_list q = {.sets = F[i].sets};
			assert_int_equal(list(LEDGER_ENTERPRISES, scopes[r], q).total, want);
		}
		stats_free(&st);
	}
	/* some of them are not empty here, or the checks above prove little */
	query_list some = {.sets = ENT_SET_IN_SCOPE | ENT_SET_UNCOVERED};
	assert_true(list(LEDGER_ENTERPRISES, &district, some).total > 0);
}

static void members_orgs_instructors(void **state)
{
	(void)state;
	query_list all = {0};
	assert_int_equal(list(LEDGER_MEMBERS, &district, all).total, 23);
	query_list pocket = {.pocket = 1};
	rows p = list(LEDGER_MEMBERS, &district, pocket);
	assert_int_equal(p.total, 1);
	assert_string_equal(p.name[0], "孙口袋");
	rows hp = list(LEDGER_MEMBERS, &heping, all);
	assert_int_equal(hp.total, 3); /* 赵一, 赵二, 郑失联 of 和平物流; never 李一 of 幸福 */
	assert_false(has_key(&hp, "330106197011110216"));
	assert_int_equal(list(LEDGER_MEMBERS, &heping, pocket).total, 0);

	assert_int_equal(list(LEDGER_ORGS, &district, all).total, 6);
	assert_int_equal(list(LEDGER_ORGS, &west, all).total, 3);
	assert_int_equal(list(LEDGER_ORGS, &guangming, all).total, 3);
	rows o = list(LEDGER_ORGS, &heping, all);
	assert_int_equal(o.total, 1);
	assert_string_equal(o.key[0], "东城街道幸福和平联合党支部");
	/* The joint branch covers 幸福 and 和平: the 和平 user sees only its own enterprise in it. */
	assert_string_equal(o.covers[0], E3);
	rows od = list(LEDGER_ORGS, &district, (query_list){.q = "幸福和平"});
	assert_string_equal(od.covers[0], E2 "；" E3);
	query_list kids = {.parent_id = query_visible(db, LEDGER_ORGS, &district, "中共临江区非公有制企业委员会")};
	assert_int_equal(list(LEDGER_ORGS, &district, kids).total, 5);

	assert_int_equal(list(LEDGER_INSTRUCTORS, &district, all).total, 2);
	rows g = list(LEDGER_INSTRUCTORS, &guangming, all);
	assert_int_equal(g.total, 1);
	assert_string_equal(g.key[0], "王指导");
	rows x = list(LEDGER_INSTRUCTORS, &xingfu, all); /* sent by the street, assigned to 幸福 */
	assert_int_equal(x.total, 1);
	assert_string_equal(x.key[0], "李指导");
	assert_int_equal(list(LEDGER_INSTRUCTORS, &heping, all).total, 0);
}

static int count_link(void *ctx, const query_link *l)
{
	(void)l;
	(*(int *)ctx)++;
	return 0;
}

static void links_and_hidden(void **state)
{
	(void)state;
	int64_t joint = query_visible(db, LEDGER_ORGS, &heping, "东城街道幸福和平联合党支部");
	assert_true(joint > 0);
	int n = 0, hidden = -1;
	fg_err e;
	assert_int_equal(query_links(db, LINK_ORG_ENTS, &heping, joint, &hidden, count_link, &n, &e), FG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hidden, 1);
	n = 0;
	int64_t e1 = query_visible(db, LEDGER_ENTERPRISES, &district, "91330106MA20002034");
	assert_int_equal(query_links(db, LINK_ENT_ORGS, &district, e1, NULL, count_link, &n, &e), FG_OK);
	assert_int_equal(n, 1);
}

static int count_region(void *ctx, int64_t id, int64_t parent, const char *level, const char *name)
{
	(void)id, (void)parent, (void)level, (void)name;
	(*(int *)ctx)++;
	return 0;
}

static void places(void **state)
{
	(void)state;
	int n = 0;
	fg_err e;
	assert_int_equal(query_regions(db, &district, count_region, &n, &e), FG_OK);
	assert_int_equal(n, 5);
	n = 0;
	query_regions(db, &east, count_region, &n, &e);
	assert_int_equal(n, 3);
	n = 0;
	query_regions(db, &heping, count_region, &n, &e);
	assert_int_equal(n, 1);
	n = 0;
	query_regions(db, &secretary, count_region, &n, &e);
	assert_int_equal(n, 0);

	assert_true(scope_place_in(db, &heping, "东城街道", "和平社区"));
	assert_false(scope_place_in(db, &heping, "东城街道", "幸福社区"));
	assert_false(scope_place_in(db, &heping, "东城街道", "新社区"));
	assert_false(scope_place_in(db, &heping, "东城街道", NULL));
	assert_true(scope_place_in(db, &east, "东城街道", "新社区"));
	assert_true(scope_place_in(db, &east, "东城街道", NULL));
	assert_false(scope_place_in(db, &east, "西城街道", "光明社区"));
	assert_false(scope_place_in(db, &east, "新街道", "新社区"));
	assert_true(scope_place_in(db, &district, "新街道", "新社区"));
	assert_false(scope_place_in(db, &secretary, "西城街道", "光明社区"));
	assert_true(scope_unit_in(db, &guangming, "光明社区"));
	assert_false(scope_unit_in(db, &guangming, "东城街道"));
	assert_true(scope_unit_in(db, &east, "和平社区"));
	assert_true(scope_unit_in(db, &district, "东城街道"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scope_is_in_the_sql), cmocka_unit_test(secretary_scope),
		cmocka_unit_test(pinyin_order_and_pages), cmocka_unit_test(filters),
		cmocka_unit_test(five_clears_agree), cmocka_unit_test(figure_sets_agree), cmocka_unit_test(members_orgs_instructors),
		cmocka_unit_test(links_and_hidden), cmocka_unit_test(places),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
