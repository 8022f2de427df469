/* store_scan_orgs' rows kept within a read moment (store/scan_orgs.c): a scan replayed to a later
 * one of the same day gives what a scan of its own gives — with the formal members counted only
 * when they were (a scan without them, store_scan_orgs_units, is not replayed to one with them), and
 * never another day's rows. Each answer is compared with the same scan alone in a read of its own.
 * Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district.h"

static char dir[] = "/tmp/fgdj-test-orgskept-XXXXXX";
static store *db;
static int today;

static int setup(void **state)
{
	(void)state;
	return district_open(dir, "o.db", &db, &today) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return district_close(dir, db);
}

/* The rows of a scan as text: id, name, mode, formal members, units. */
static int on_org(void *ctx, const org_fact *of)
{
	buf_printf(ctx, "%lld %s %s %d %d\n", (long long)of->id, of->name, of->mode, of->formal, of->units);
	return 0;
}

static void scan(int formal, int day, buf *out)
{
	fg_err e;
	buf_reset(out);
	assert_int_equal(formal ? store_scan_orgs(db, day, on_org, out, &e) : store_scan_orgs_units(db, day, on_org, out, &e),
			 FG_OK);
	assert_true(out->len > 0);
}

/* The same scan alone in a read moment of its own. */
static void alone(int formal, int day, buf *out)
{
	fg_err e;
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	scan(formal, day, out);
	store_read_end(db);
}

static void same(const buf *a, const buf *b)
{
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->p, b->p, a->len);
}

static void replayed_alike(void **state)
{
	(void)state;
	int past;
	assert_int_equal(date_parse("2026-01-01", &past), 0); /* before 新建材料's branch (2026-06-01) */
	buf units = {0}, formal = {0}, units_past = {0}, formal_past = {0}, got = {0};
	alone(0, today, &units);
	alone(1, today, &formal);
	alone(0, past, &units_past);
	alone(1, past, &formal_past);
	assert_true(units.len != formal.len || memcmp(units.p, formal.p, units.len) != 0);
	assert_true(units.len != units_past.len || memcmp(units.p, units_past.p, units.len) != 0);

	fg_err e;
	/* without the members first: kept, replayed to its like; one with them is read afresh (and
	 * then kept, replayed to both) */
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	scan(0, today, &got);
	same(&got, &units);
	scan(0, today, &got);
	same(&got, &units);
	scan(0, past, &got); /* another day between: its own rows, today's kept */
	same(&got, &units_past);
	scan(1, past, &got);
	same(&got, &formal_past);
	scan(1, today, &got);
	same(&got, &formal);
	scan(1, today, &got);
	same(&got, &formal);
	buf_reset(&got);
	assert_int_equal(store_scan_orgs_units(db, today, on_org, &got, &e), FG_OK);
	same(&got, &formal); /* (the kept rows with members: what store_scan_orgs_units documents) */
	store_read_end(db);

	/* with the members first */
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	scan(1, today, &got);
	same(&got, &formal);
	scan(0, past, &got);
	same(&got, &units_past);
	scan(1, today, &got);
	same(&got, &formal);
	store_read_end(db);
	buf_free(&units);
	buf_free(&formal);
	buf_free(&units_past);
	buf_free(&formal_past);
	buf_free(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test_setup_teardown(replayed_alike, setup, teardown)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
