/* keymap — (int64, int64) → int64 hash map (open addressing, a multiplicative hash): for keys that
 * are numbers already (a year and a member id, an ID number's integer), no text to copy, hash or
 * compare. A zeroed keymap is empty and valid; keymap_free releases everything. */
#ifndef FGDJ_KEYMAP_H
#define FGDJ_KEYMAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct keymap_slot {
	int64_t a, b;
	int64_t val;
	int used;
} keymap_slot;

typedef struct keymap {
	keymap_slot *slots;
	size_t cap; /* power of two, or 0 */
	size_t count;
} keymap;

/* Returns 1 and sets *val when (a, b) is present, else 0. */
int keymap_get(const keymap *m, int64_t a, int64_t b, int64_t *val);
/* The value of (a, b), inserted as 0 when absent: valid until the next insertion. */
int64_t *keymap_val(keymap *m, int64_t a, int64_t b);
/* The filled slots in (a, b) order, *n of them; the caller frees the array. */
const keymap_slot **keymap_sorted(const keymap *m, size_t *n);
void keymap_free(keymap *m);

#endif
