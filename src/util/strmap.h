/* strmap — string → int64 hash map (open addressing, FNV-1a). Keys are copied and owned by
 * the map; strmap_free releases everything. A zeroed strmap is empty and valid. */
#ifndef FGDJ_STRMAP_H
#define FGDJ_STRMAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct strmap_slot {
	char *key;
	size_t len;
	uint64_t hash;
	int64_t val;
} strmap_slot;

typedef struct strmap {
	strmap_slot *slots;
	size_t cap;   /* power of two, or 0 */
	size_t count;
} strmap;

/* Returns 1 and sets *val when key is present, else 0. */
int strmap_get(const strmap *m, const char *key, size_t len, int64_t *val);
/* Inserts or replaces. Returns 1 when the key was new. */
int strmap_put(strmap *m, const char *key, size_t len, int64_t val);
/* The value of key, inserted as 0 when absent: valid until the next insertion. */
int64_t *strmap_val(strmap *m, const char *key, size_t len);
void strmap_clear(strmap *m); /* keeps nothing */
void strmap_free(strmap *m);
/* The hash of n bytes the map places keys by (FNV-1a, 64 bits), for tables of the same keys. */
uint64_t strmap_hash(const char *s, size_t n);

#endif
