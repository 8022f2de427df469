/* Row versions (what a web save compares against to refuse lost updates): every ledger row starts
 * at 1; store_put adds 1 for every change and nothing for an unchanged row; a change of an
 * organisation's coverage or an instructor's assignments is a change of that row; a rolled-back
 * write leaves the version as it was; the single-row read and the lists report the same version.
 * Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "district.h"
#include "io/import.h"
#include "store/places.h"
#include "store/query.h"
#include "util/date.h"

#define E4 "91330106MA2000414K" /* 国贸咨询, covered by 光明社区非公企业联合党支部 */
#define E5 "91330106MA2000481H" /* 光明电子, 王指导's assignment */
#define E7 "91330106MA2000764R" /* 新建材料 */

static char dir[] = "/tmp/fgdj-test-version-XXXXXX";
static store *db;
static int today;
static const store_filter district;

static int setup(void **state)
{
	(void)state;
	if (district_open(dir, "v.db", &db, &today))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return district_close(dir, db);
}

/* One row copied out of query_get. */
typedef struct snap {
	ledger_kind kind;
	int64_t id, version;
	char *f[LEDGER_MAXCOLS];
	ledger_rec rec;
} snap;

static int take(void *ctx, const query_row *row)
{
	snap *s = ctx;
	const ledger_def *def = ledger_get(row->kind);
	s->kind = row->kind;
	s->id = row->id;
	s->version = row->version;
	for (size_t i = 0; i < def->ncols; i++)
		s->rec.f[i] = s->f[i] = row->rec->f[i] ? xstrdup(row->rec->f[i]) : NULL;
	return 0;
}

static void snap_free(snap *s)
{
	for (size_t i = 0; i < LEDGER_MAXCOLS; i++)
		free(s->f[i]);
	memset(s, 0, sizeof *s);
}

static snap get(ledger_kind k, int64_t id)
{
	snap s;
	memset(&s, 0, sizeof s);
	fg_err e;
	assert_int_equal(query_get(db, k, &district, id, NULL, today, take, &s, &e), 1);
	return s;
}

static int64_t version_of(ledger_kind k, int64_t id)
{
	snap s = get(k, id);
	int64_t v = s.version;
	snap_free(&s);
	return v;
}

typedef struct listed {
	int64_t id, version, others_not_1;
} listed;

static int list_one(void *ctx, const query_row *row)
{
	listed *l = ctx;
	if (row->id == l->id)
		l->version = row->version;
	else
		l->others_not_1 += row->version != 1;
	return 0;
}

/* The version of row id as a list reports it; *others counts the other rows not at version 1. */
static int64_t listed_version(ledger_kind k, int64_t id, int64_t *others)
{
	listed l = {id, -1, 0};
	query_list q = {.today = today};
	int64_t total;
	fg_err e;
	assert_int_equal(query_list_rows(db, k, &district, &q, &total, list_one, &l, &e), FG_OK);
	*others = l.others_not_1;
	return l.version;
}

/* store_put of s with column col set to v, in its own transaction, committed or rolled back. */
static put_result put(snap *s, int col, const char *v, int commit)
{
	fg_err e;
	assert_int_equal(store_begin(db, "test", "test", &e), FG_OK);
	if (col >= 0)
		s->rec.f[col] = v;
	put_result res;
	int bad;
	assert_int_equal(store_put(db, ledger_get(s->kind), &s->rec, today, &res, &bad, &e), FG_OK);
	if (commit)
		assert_int_equal(store_commit(db, &e), FG_OK);
	else
		store_rollback(db);
	return res;
}

static int64_t instructor_id(const char *name)
{
	query_list q = {.today = today, .q = name};
	snap s;
	memset(&s, 0, sizeof s);
	int64_t total;
	fg_err e;
	assert_int_equal(query_list_rows(db, LEDGER_INSTRUCTORS, &district, &q, &total, take, &s, &e), FG_OK);
	assert_int_equal(total, 1);
	int64_t id = s.id;
	snap_free(&s);
	return id;
}

/* ---- tests ---- */

static void imported_rows_are_version_1(void **state)
{
	(void)state;
	for (int k = 0; k <= LEDGER_INSTRUCTORS; k++) { /* the ledgers imported in setup */
		int64_t others;
		assert_int_equal(listed_version((ledger_kind)k, 0, &others), -1);
		assert_int_equal(others, 0);
	}
}

/* Each ledger: an unchanged put keeps the version, each change adds 1, the list and the single
 * read agree (a version read from the wrong column would not be 3), no other row moves. */
static void every_change_counts(void **state)
{
	(void)state;
	static const struct {
		ledger_kind k;
		const char *key;
		int col;
		const char *a, *b;
	} cases[] = {
		{LEDGER_ENTERPRISES, E4, E_EMPLOYEES, "31", "32"},
		{LEDGER_ORGS, "小微设计工作室党支部", O_SECRETARY, "甲", "乙"},
		{LEDGER_MEMBERS, NULL, M_RELATION, "流动", "失联"},
		{LEDGER_INSTRUCTORS, NULL, I_PHONE, "13900000001", "13900000002"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ledger_kind k = cases[i].k;
		int64_t id = k == LEDGER_INSTRUCTORS ? instructor_id("李指导")
			     : cases[i].key	   ? query_visible(db, k, &district, cases[i].key)
						   : 1;
		snap s = get(k, id);
		assert_int_equal(s.version, 1);
		assert_int_equal(put(&s, -1, NULL, 1), PUT_SAME);
		assert_int_equal(version_of(k, id), 1);
		assert_int_equal(put(&s, cases[i].col, cases[i].a, 1), PUT_CHANGED);
		assert_int_equal(version_of(k, id), 2);
		assert_int_equal(put(&s, cases[i].col, cases[i].b, 1), PUT_CHANGED);
		assert_int_equal(version_of(k, id), 3);
		int64_t others;
		assert_int_equal(listed_version(k, id, &others), 3);
		assert_int_equal(others, 0);
		snap_free(&s);
	}
}

/* Coverage added to an organisation, an assignment to an instructor: the owner's row changed, so
 * a form opened before cannot end the new link unnoticed. The enterprise itself is unchanged. */
static void links_count_for_their_owner(void **state)
{
	(void)state;
	int64_t org = query_visible(db, LEDGER_ORGS, &district, "光明社区非公企业联合党支部");
	int64_t ent = query_visible(db, LEDGER_ENTERPRISES, &district, E7);
	snap s = get(LEDGER_ORGS, org);
	int64_t v = s.version;
	assert_int_equal(put(&s, O_COVERS, E4 "；" E7, 1), PUT_CHANGED);
	assert_int_equal(version_of(LEDGER_ORGS, org), v + 1);
	assert_int_equal(version_of(LEDGER_ENTERPRISES, ent), 1);
	assert_int_equal(put(&s, O_COVERS, E4, 1), PUT_CHANGED); /* ending a link counts too */
	assert_int_equal(version_of(LEDGER_ORGS, org), v + 2);
	snap_free(&s);

	int64_t wang = instructor_id("王指导");
	s = get(LEDGER_INSTRUCTORS, wang);
	v = s.version;
	assert_int_equal(put(&s, I_COVERS, E5 "；" E7, 1), PUT_CHANGED);
	assert_int_equal(version_of(LEDGER_INSTRUCTORS, wang), v + 1);
	snap_free(&s);
}

static void a_rolled_back_write_keeps_the_version(void **state)
{
	(void)state;
	int64_t id = query_visible(db, LEDGER_ENTERPRISES, &district, E5);
	snap s = get(LEDGER_ENTERPRISES, id);
	int64_t v = s.version;
	assert_int_equal(put(&s, E_EMPLOYEES, "999", 0), PUT_CHANGED);
	assert_int_equal(version_of(LEDGER_ENTERPRISES, id), v);
	snap_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(imported_rows_are_version_1),
		cmocka_unit_test(every_change_counts),
		cmocka_unit_test(links_count_for_their_owner),
		cmocka_unit_test(a_rolled_back_write_keeps_the_version),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
