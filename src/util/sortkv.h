/* sortkv — (key, value) pairs sorted by their 64-bit key, stable (pairs of one key keep their
 * order): a radix sort from the least significant digit (a byte, or 16 bits from 65,536 pairs on),
 * skipping a digit every key shares. For the hundreds of thousands of pairs a province's figures
 * sort (qsort's calls of a comparison for each step were most of it), and the findings of a rule by
 * their subject's first bytes (report/check_state.c). */
#ifndef FGDJ_SORTKV_H
#define FGDJ_SORTKV_H
#include <stddef.h>
#include <stdint.h>

typedef struct sort_kv {
	uint64_t key, val;
} sort_kv;

void sort_kv_radix(sort_kv *v, size_t n);

/* The key of (hi, lo) ordered as hi, then lo: 1 when both lie in 0 … 2^32 - 1, else 0. */
int sort_kv_key2(int64_t hi, int64_t lo, uint64_t *key);

#endif
