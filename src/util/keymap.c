#include "util/keymap.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static size_t slot_at(int64_t a, int64_t b, size_t mask)
{
	uint64_t h = ((uint64_t)a * 0x9E3779B97F4A7C15ull) ^ (uint64_t)b;
	h *= 0xC2B2AE3D27D4EB4Full;
	return (size_t)(h >> 32) & mask;
}

static keymap_slot *find(const keymap *m, int64_t a, int64_t b)
{
	size_t mask = m->cap - 1;
	for (size_t i = slot_at(a, b, mask);; i = (i + 1) & mask) {
		keymap_slot *s = &m->slots[i];
		if (!s->used || (s->a == a && s->b == b))
			return s;
	}
}

int keymap_get(const keymap *m, int64_t a, int64_t b, int64_t *val)
{
	if (!m->cap)
		return 0;
	const keymap_slot *s = find(m, a, b);
	if (!s->used)
		return 0;
	*val = s->val;
	return 1;
}

static void grow(keymap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	keymap_slot *old = m->slots;
	size_t ocap = m->cap;
	m->slots = xcalloc_huge(ncap, sizeof *m->slots);
	m->cap = ncap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].used)
			*find(m, old[i].a, old[i].b) = old[i];
	free(old);
}

int64_t *keymap_val(keymap *m, int64_t a, int64_t b)
{
	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	keymap_slot *s = find(m, a, b);
	if (!s->used) {
		*s = (keymap_slot){a, b, 0, 1};
		m->count++;
	}
	return &s->val;
}

static int slot_cmp(const void *x, const void *y)
{
	const keymap_slot *p = *(const keymap_slot *const *)x, *q = *(const keymap_slot *const *)y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

const keymap_slot **keymap_sorted(const keymap *m, size_t *n)
{
	const keymap_slot **v = xmalloc((m->count ? m->count : 1) * sizeof *v);
	*n = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].used)
			v[(*n)++] = &m->slots[i];
	qsort(v, *n, sizeof *v, slot_cmp);
	return v;
}

void keymap_free(keymap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}
