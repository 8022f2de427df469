#include "util/sortkv.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define DIGIT_BITS 16
#define DIGITS (64 / DIGIT_BITS)
#define RADIX ((size_t)1 << DIGIT_BITS)

void sort_kv_radix(sort_kv *v, size_t n)
{
	if (n < 2)
		return;
	size_t *count = xcalloc(DIGITS * RADIX, sizeof *count);
	for (size_t i = 0; i < n; i++)
		for (int d = 0; d < DIGITS; d++)
			count[d * RADIX + ((v[i].key >> (DIGIT_BITS * d)) & (RADIX - 1))]++;
	sort_kv *k = v, *u = xmalloc(n * sizeof *u), *spare = u;
	for (int d = 0; d < DIGITS; d++) {
		size_t *c = count + d * RADIX;
		if (c[(k[0].key >> (DIGIT_BITS * d)) & (RADIX - 1)] == n)
			continue; /* every key has this digit */
		for (size_t b = 0, sum = 0; b < RADIX; b++) {
			size_t x = c[b];
			c[b] = sum;
			sum += x;
		}
		for (size_t i = 0; i < n; i++)
			u[c[(k[i].key >> (DIGIT_BITS * d)) & (RADIX - 1)]++] = k[i];
		sort_kv *sw = k;
		k = u;
		u = sw;
	}
	if (k != v) /* an odd number of passes: the pairs back into v */
		memcpy(v, k, n * sizeof *v);
	free(spare);
	free(count);
}

int sort_kv_key2(int64_t hi, int64_t lo, uint64_t *key)
{
	if (hi < 0 || hi > (int64_t)UINT32_MAX || lo < 0 || lo > (int64_t)UINT32_MAX)
		return 0;
	*key = (uint64_t)hi << 32 | (uint64_t)lo;
	return 1;
}
