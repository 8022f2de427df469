/* keymap: (int64, int64) → int64, its growth past many keys (its table then in a block of huge
 * pages), and its slots in key order; the huge-page blocks themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/keymap.h"

static void keys_and_order(void **state)
{
	(void)state;
	keymap m = {0};
	int64_t v;
	assert_int_equal(keymap_get(&m, 1, 2, &v), 0);
	/* 100,000 keys: years 2024–2026 × ids 1..33,334 and negative ids, each added to twice */
	for (int pass = 0; pass < 2; pass++)
		for (int64_t i = 0; i < 100000; i++)
			*keymap_val(&m, 2024 + i % 3, (i % 2 ? -1 : 1) * (i / 3 + 1)) += i;
	assert_int_equal(m.count, 100000);
	assert_int_equal(keymap_get(&m, 2024, 1, &v), 1);
	assert_int_equal(v, 0); /* i = 0 twice */
	assert_int_equal(keymap_get(&m, 2025, -1, &v), 1);
	assert_int_equal(v, 2); /* i = 1 twice */
	assert_int_equal(keymap_get(&m, 2027, 1, &v), 0);
	assert_int_equal(keymap_get(&m, 1, 2024, &v), 0); /* the pair is ordered */
	size_t n;
	const keymap_slot **s = keymap_sorted(&m, &n);
	assert_int_equal(n, 100000);
	for (size_t i = 1; i < n; i++)
		assert_true(s[i - 1]->a < s[i]->a || (s[i - 1]->a == s[i]->a && s[i - 1]->b < s[i]->b));
	free(s);
	keymap_free(&m);
	assert_int_equal(keymap_get(&m, 2024, 1, &v), 0);
	*keymap_val(&m, 7, 8) = 9; /* usable again after keymap_free */
	assert_int_equal(keymap_get(&m, 7, 8, &v), 1);
	assert_int_equal(v, 9);
	keymap_free(&m);
}

/* Small blocks are plain ones; large ones start on a 2 MiB boundary; xcalloc_huge's are zero; both
 * are written whole, grown by realloc and freed by free (ASan checks the bounds and the frees). */
static void huge_blocks(void **state)
{
	(void)state;
	for (size_t n = 1; n <= ((size_t)16 << 20); n *= 4) {
		unsigned char *z = xcalloc_huge(n, 1);
		for (size_t i = 0; i < n; i += 4096)
			assert_int_equal(z[i], 0);
		assert_int_equal(z[n - 1], 0);
		memset(z, 0xa5, n);
		if (n >= ((size_t)4 << 20))
			assert_int_equal((uintptr_t)z % ((uintptr_t)2 << 20), 0);
		free(z);
		unsigned char *p = xmalloc_huge(n);
		memset(p, 1, n);
		p = xrealloc(p, n + 4096);
		assert_int_equal(p[n - 1], 1);
		memset(p + n, 2, 4096);
		free(p);
	}
	uint64_t *t = xcalloc_huge((size_t)1 << 20, sizeof *t); /* 8 MiB of zeros, as a table's slots */
	for (size_t i = 0; i < ((size_t)1 << 20); i += 1000)
		assert_int_equal(t[i], 0);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(keys_and_order), cmocka_unit_test(huge_blocks)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
