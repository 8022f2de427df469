/* util/sortkv.h — the radix sort of (key, value) pairs against a stable sort by comparison: the same
 * order, pairs of one key in their order (the value is the position before), whichever digits the
 * keys share (none, some, all; an odd and an even number of passes), with byte-wide digits (fewer
 * than 65,536 pairs) and 16-bit ones; sort_kv_key2's bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/sortkv.h"

/* A stable insertion sort by key: the reference. */
static void sort_ref(sort_kv *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		sort_kv x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1].key > x.key) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void same_order(void **state)
{
	(void)state;
	/* masks: the key bits that vary (the others all keys share) */
	static const uint64_t MASKS[] = {0x7, 0xffff, 0xffff0000ffull, 0xffffffff000000ffull, UINT64_MAX, 0};
	uint64_t seed = 88172645463325252ull;
	for (size_t m = 0; m < sizeof MASKS / sizeof MASKS[0]; m++)
		for (size_t n = 0; n <= 3000; n += n < 10 ? 1 : 997) {
			sort_kv *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
			for (size_t i = 0; i < n; i++)
				a[i] = (sort_kv){(rnd(&seed) & MASKS[m]) | 0x0123000000000000ull, i};
			memcpy(b, a, n * sizeof *a);
			sort_kv_radix(a, n);
			sort_ref(b, n);
			for (size_t i = 0; i < n; i++) {
				assert_true(a[i].key == b[i].key);
				assert_true(a[i].val == b[i].val);
			}
			free(a);
			free(b);
		}
}

/* By key, then by the position before (the value): a stable sort's order, for qsort. */
static int by_key_then_val(const void *a, const void *b)
{
	const sort_kv *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->val < y->val ? -1 : x->val > y->val;
}

/* From 65,536 pairs on the digits are 16 bits wide: the same order, against qsort by (key, position). */
static void same_order_wide(void **state)
{
	(void)state;
	static const uint64_t MASKS[] = {0xfff, 0xffff00ull, 0xffffffff000000ffull, UINT64_MAX};
	static const size_t NS[] = {65535, 65536, 70001};
	uint64_t seed = 2463534242ull;
	for (size_t m = 0; m < sizeof MASKS / sizeof MASKS[0]; m++)
		for (size_t t = 0; t < sizeof NS / sizeof NS[0]; t++) {
			size_t n = NS[t];
			sort_kv *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
			for (size_t i = 0; i < n; i++)
				a[i] = (sort_kv){rnd(&seed) & MASKS[m], i};
			memcpy(b, a, n * sizeof *a);
			sort_kv_radix(a, n);
			qsort(b, n, sizeof *b, by_key_then_val);
			assert_memory_equal(a, b, n * sizeof *a);
			free(a);
			free(b);
		}
}

static void key2(void **state)
{
	(void)state;
	uint64_t k = 0;
	assert_int_equal(sort_kv_key2(3, 5, &k), 1);
	assert_true(k == ((uint64_t)3 << 32 | 5));
	assert_int_equal(sort_kv_key2(UINT32_MAX, UINT32_MAX, &k), 1);
	assert_true(k == UINT64_MAX);
	assert_int_equal(sort_kv_key2(-1, 0, &k), 0);
	assert_int_equal(sort_kv_key2(0, -1, &k), 0);
	assert_int_equal(sort_kv_key2((int64_t)UINT32_MAX + 1, 0, &k), 0);
	assert_int_equal(sort_kv_key2(0, (int64_t)UINT32_MAX + 1, &k), 0);
	/* ordered as (hi, lo) */
	uint64_t a, b;
	sort_kv_key2(1, UINT32_MAX, &a);
	sort_kv_key2(2, 0, &b);
	assert_true(a < b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(same_order), cmocka_unit_test(same_order_wide), cmocka_unit_test(key2)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
