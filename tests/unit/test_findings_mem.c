/* What the findings keep (issue 12 goal 6: the web server keeps a city's 114,000 findings): one
 * copy of each different detail, the natural key read from the key's own bytes when the key ends
 * with it, no ref kept (computed from the key), 112 bytes a finding — and the same answers as
 * before: findings_lookup by key and by ref, the JSON's refs. Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district.h"
#include "report/check.h"
#include "report/check_int.h"

static char dir[] = "/tmp/fgdj-test-findmem-XXXXXX";
static store *db;
static int today;

static int setup(void **state)
{
	(void)state;
	return district_open(dir, "f.db", &db, &today) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return district_close(dir, db);
}

static void findings_of(facts *f, findings *fs)
{
	fg_err e;
	memset(fs, 0, sizeof *fs);
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	assert_int_equal(facts_load(db, NULL, today, f, &e), FG_OK);
	assert_int_equal(check_run(db, f, 0, fs, &e), FG_OK);
	store_read_end(db);
}

static void size_of_a_finding(void **state)
{
	(void)state;
	assert_true(sizeof(finding) <= 112);
}

static void details_are_shared(void **state)
{
	(void)state;
	facts f;
	findings fs;
	findings_of(&f, &fs);
	assert_true(fs.n > 1);
	assert_null(fs.details); /* the computation's map is gone */
	size_t same = 0, shared = 0;
	for (size_t i = 0; i < fs.n; i++)
		for (size_t j = i + 1; j < fs.n; j++)
			if (strcmp(fs.v[i].detail, fs.v[j].detail) == 0) {
				same++;
				shared += fs.v[i].detail == fs.v[j].detail;
			}
	assert_int_equal(shared, same);
	findings_free(&fs);
	facts_free(&f);
	/* the texts' own: one copy a detail while the findings are computed, subjects each their own */
	findings t;
	memset(&t, 0, sizeof t);
	char *a = text_put_detail(&t, "正式党员 3 人，目前没有覆盖它的党组织");
	char *b = text_put_detail(&t, "正式党员 4 人，目前没有覆盖它的党组织");
	char *c = text_put_detail(&t, "正式党员 3 人，目前没有覆盖它的党组织");
	char *d = text_put(&t, "正式党员 3 人，目前没有覆盖它的党组织");
	assert_ptr_equal(a, c);
	assert_ptr_not_equal(a, b);
	assert_ptr_not_equal(a, d);
	assert_string_equal(c, "正式党员 3 人，目前没有覆盖它的党组织");
	assert_non_null(t.details);
	texts_done(&t);
	assert_null(t.details);
	texts_free(&t);
}

static void natural_key_within_the_key(void **state)
{
	(void)state;
	facts f;
	findings fs;
	findings_of(&f, &fs);
	size_t within = 0;
	for (size_t i = 0; i < fs.n; i++) {
		const finding *x = &fs.v[i];
		size_t kl = strlen(x->key), nl = strlen(x->natural);
		assert_null(x->item);
		assert_int_equal(x->natural_own, 0);
		/* the key is "rule/natural[/item]" */
		assert_int_equal(strncmp(x->key, x->rule->id, strlen(x->rule->id)), 0);
		if (nl)
			assert_non_null(strstr(x->key, x->natural));
		if (nl && strcmp(x->key + kl - nl, x->natural) == 0 && x->key[kl - nl - 1] == '/') {
			assert_ptr_equal(x->natural, x->key + kl - nl);
			within++;
		}
	}
	assert_true(within > 0);
	findings_free(&fs);
	facts_free(&f);
}

static void refs_from_the_key(void **state)
{
	(void)state;
	facts f;
	findings fs;
	findings_of(&f, &fs);
	buf b = {0};
	findings_json(&fs, &f, NULL, FS_ANY, 1, &b);
	for (size_t i = 0; i < fs.n; i++) {
		const finding *x = &fs.v[i];
		char ref[17], want[40];
		finding_ref(x->key, ref);
		assert_int_equal(strlen(ref), 16);
		snprintf(want, sizeof want, "\"ref\": \"%s\"", ref);
		assert_non_null(strstr(buf_cstr(&b), want));
		const finding *by_ref = findings_lookup(&fs, ref), *by_key = findings_lookup(&fs, x->key);
		assert_non_null(by_ref);
		assert_non_null(by_key);
		assert_string_equal(by_ref->key, x->key);
		assert_string_equal(by_key->key, x->key);
	}
	assert_null(findings_lookup(&fs, "0000000000000000"));
	buf_free(&b);
	findings_free(&fs);
	facts_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(size_of_a_finding),
		cmocka_unit_test(details_are_shared),
		cmocka_unit_test(natural_key_within_the_key),
		cmocka_unit_test(refs_from_the_key),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
