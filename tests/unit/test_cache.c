/* web/cache.h's cache_refresh — which kept values the server's refresher computes again after a
 * write: those computed without a request's arg, read by a request since the refresher last made
 * them, asked for within the age given, and not of the current state; each through cache_get, so
 * that a request afterwards finds the value ready. A kind here counts its computations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/date.h"
#include "web/cache.h"

static char dir[] = "/tmp/fgdj-test-cache-XXXXXX";
static store *db;
static int today, computed, serial;

/* The value: the number of computations so far, and the newest history id it was made at. */
static int count_compute(store *s, const char *region, int as_of, int variant, void **value, fg_err *e)
{
	(void)region;
	(void)as_of;
	(void)variant;
	(void)e;
	(void)s;
	int *v = malloc(sizeof *v);
	*v = ++computed;
	*value = v;
	return FG_OK;
}

static const cache_kind COUNTED = {count_compute, free};

/* A request's cache_get (arg NULL) or cache_get_arg: the value it is served. */
static int ask(const char *region, int variant, void *arg)
{
	fg_err e;
	const void *p;
	cache_ref *ref;
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	assert_int_equal(cache_get_arg(db, &COUNTED, region, today, variant, arg, &p, &ref, &e), FG_OK);
	int v = *(const int *)p;
	cache_release(ref);
	store_read_end(db);
	return v;
}

/* A write: a setting, with its history entry (the newest history id moves). */
static void write_one(void)
{
	fg_err e;
	char v[16];
	snprintf(v, sizeof v, "%d", 10 + ++serial % 20);
	assert_int_equal(store_begin(db, "test", "settings", &e), FG_OK);
	assert_int_equal(store_setting_set(db, "scope.min_employees", v, &e), FG_OK);
	assert_int_equal(store_commit(db, &e), FG_OK);
}

static int setup(void **state)
{
	(void)state;
	setenv("FGDJ_TODAY", "2026-11-26", 1);
	today = date_today();
	if (!mkdtemp(dir))
		return -1;
	char path[300];
	snprintf(path, sizeof path, "%s/cache.db", dir);
	fg_err e;
	return store_open(path, &db, &e) == FG_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	store_close(db);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void refreshes_what_requests_read(void **state)
{
	(void)state;
	int first = ask("东城街道", 0, NULL);
	assert_int_equal(ask("东城街道", 0, NULL), first); /* kept */
	assert_int_equal(cache_refresh(db, 600), 0);        /* current: nothing to do */
	write_one();
	int before = computed;
	assert_int_equal(cache_refresh(db, 600), 1);
	assert_int_equal(computed, before + 1);
	/* the request after the write is served the refreshed value, not computed again */
	assert_int_equal(ask("东城街道", 0, NULL), before + 1);
	assert_int_equal(computed, before + 1);
	/* read since: refreshed after the next write too */
	write_one();
	assert_int_equal(cache_refresh(db, 600), 1);
	/* nobody read it since: another write does not make the refresher compute it again */
	write_one();
	before = computed;
	assert_int_equal(cache_refresh(db, 600), 0);
	assert_int_equal(computed, before);
	/* a request computes it then (the stamp moved), and the refresher again after the next write */
	assert_int_equal(ask("东城街道", 0, NULL), before + 1);
	write_one();
	assert_int_equal(cache_refresh(db, 600), 1);
}

static void leaves_request_values_and_old_ones(void **state)
{
	(void)state;
	int arg = 7;
	ask("西城街道", 1, &arg); /* drawn with a request's own arg: the refresher cannot */
	ask("北城街道", 2, NULL);
	write_one();
	/* asked within the age: only the argless one (the first test's, made by the refresher and
	 * read by nobody since, neither) */
	int before = computed;
	assert_int_equal(cache_refresh(db, 600), 1);
	assert_int_equal(computed, before + 1);
	ask("北城街道", 2, NULL);
	write_one();
	/* an age no asking is within: nothing */
	assert_int_equal(cache_refresh(db, -1), 0);
}

/* cache_note's words, each kind's in the order noted: the access log's text, which docs/deploy.md
 * explains and the e2e tests look for; and what cannot be a kind notes nothing. */
static void notes_words(void **state)
{
	(void)state;
	cache_notes_clear();
	assert_string_equal(cache_notes(), "");
	for (int k = 0; k < NOTE_KINDS; k++)
		cache_note((cache_note_kind)k);
	cache_note(NOTE_KINDS);
	assert_string_equal(cache_notes(), "事实载入 事实增量 事实留存 问题重查 问题增量 问题状态 方案重排 统计重算");
	cache_notes_clear();
	assert_string_equal(cache_notes(), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refreshes_what_requests_read),
		cmocka_unit_test(leaves_request_values_and_old_ones),
		cmocka_unit_test(notes_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
