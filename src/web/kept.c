/* Texts kept per key and data stamp (kept.h): a fixed array of slots searched linearly (a few
 * hundred: a probe is far cheaper than the answer it saves), the least recently used evicted. */
#include <stdlib.h>
#include <string.h>

#include "web/kept.h"

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void drop(kept_set *k, kept_entry *a)
{
	k->bytes -= a->len;
	free(a->key);
	free(a->text);
	memset(a, 0, sizeof *a);
}

int kept_get(kept_set *k, const char *key, int64_t stamp, buf *out)
{
	uint64_t hash = fnv1a(key);
	int found = 0;
	pthread_mutex_lock(&k->mu);
	for (size_t i = 0; i < k->nslots; i++) {
		kept_entry *a = &k->slots[i];
		if (a->key && a->hash == hash && a->stamp == stamp && strcmp(a->key, key) == 0) {
			a->used = ++k->clock;
			buf_add(out, a->text, a->len);
			found = 1;
			break;
		}
	}
	pthread_mutex_unlock(&k->mu);
	return found;
}

void kept_put(kept_set *k, const char *key, int64_t stamp, const char *text, size_t len)
{
	if (len > k->max || stamp < 0)
		return;
	uint64_t hash = fnv1a(key);
	pthread_mutex_lock(&k->mu);
	/* The key's slot, else a free one, else the least recently used. */
	kept_entry *slot = NULL;
	for (size_t i = 0; i < k->nslots; i++) {
		kept_entry *a = &k->slots[i];
		if (a->key && a->hash == hash && strcmp(a->key, key) == 0) {
			slot = a;
			break;
		}
		if (!slot || (slot->key && (!a->key || a->used < slot->used)))
			slot = a;
	}
	if (slot->key && slot->stamp > stamp) { /* a newer state's text is kept already */
		pthread_mutex_unlock(&k->mu);
		return;
	}
	if (slot->key)
		drop(k, slot);
	slot->key = xstrdup(key);
	slot->hash = hash;
	slot->stamp = stamp;
	slot->text = xmalloc(len ? len : 1);
	memcpy(slot->text, text, len);
	slot->len = len;
	slot->used = ++k->clock;
	k->bytes += len;
	while (k->bytes > k->budget) {
		kept_entry *old = NULL;
		for (size_t i = 0; i < k->nslots; i++)
			if (k->slots[i].key && &k->slots[i] != slot && (!old || k->slots[i].used < old->used))
				old = &k->slots[i];
		if (!old)
			break;
		drop(k, old);
	}
	pthread_mutex_unlock(&k->mu);
}
