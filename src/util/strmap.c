#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

uint64_t strmap_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static strmap_slot *find(const strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
			return s;
	}
}

int strmap_get(const strmap *m, const char *key, size_t len, int64_t *val)
{
	if (!m->cap)
		return 0;
	strmap_slot *s = find(m, key, len, strmap_hash(key, len));
	if (!s->key)
		return 0;
	*val = s->val;
	return 1;
}

static void grow(strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	strmap_slot *old = m->slots;
	size_t ocap = m->cap;
	m->slots = xcalloc_huge(ncap, sizeof *m->slots);
	m->cap = ncap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

/* The slot of key, made (value 0) when absent. */
static strmap_slot *slot_of(strmap *m, const char *key, size_t len, int *made)
{
	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	uint64_t h = strmap_hash(key, len);
	strmap_slot *s = find(m, key, len, h);
	*made = !s->key;
	if (*made) {
		s->key = xstrndup(key, len);
		s->len = len;
		s->hash = h;
		s->val = 0;
		m->count++;
	}
	return s;
}

int strmap_put(strmap *m, const char *key, size_t len, int64_t val)
{
	int made;
	slot_of(m, key, len, &made)->val = val;
	return made;
}

int64_t *strmap_val(strmap *m, const char *key, size_t len)
{
	int made;
	return &slot_of(m, key, len, &made)->val;
}

void strmap_free(strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}

void strmap_clear(strmap *m)
{
	strmap_free(m);
}
