#include "util/sortkv.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void sort_kv_radix(sort_kv *v, size_t n)
{
	if (n < 2)
		return;
	/* Bytes as digits for fewer than 65,536 pairs (8 passes over 256 counts each), 16 bits above
	 * (4 passes over 65,536): the counts' passes cost less than the pairs' either way. */
	int bits = n < ((size_t)1 << 16) ? 8 : 16;
	size_t radix = (size_t)1 << bits, mask = radix - 1;
	int digits = 64 / bits;
	size_t *count = xcalloc((size_t)digits * radix, sizeof *count);
	for (size_t i = 0; i < n; i++)
		for (int d = 0; d < digits; d++)
			count[(size_t)d * radix + ((v[i].key >> (bits * d)) & mask)]++;
	sort_kv *k = v, *u = xmalloc(n * sizeof *u), *spare = u;
	for (int d = 0; d < digits; d++) {
		size_t *c = count + (size_t)d * radix;
		if (c[(k[0].key >> (bits * d)) & mask] == n)
			continue; /* every key has this digit */
		for (size_t b = 0, sum = 0; b < radix; b++) {
			size_t x = c[b];
			c[b] = sum;
			sum += x;
		}
		for (size_t i = 0; i < n; i++)
			u[c[(k[i].key >> (bits * d)) & mask]++] = k[i];
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
