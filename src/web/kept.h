/* kept — answers kept as text per key while the data is unchanged.
 *
 * Every write appends to the history in its transaction, so the newest history id is an exact
 * stamp of the data (web/cache.h). A kept text is served for its key only while the stamp a
 * request reads is the one it was made at; a text made at an older stamp is replaced. A set holds
 * at most its budget of bytes together; the least recently used texts go first. Thread-safe. */
#ifndef FGDJ_WEB_KEPT_H
#define FGDJ_WEB_KEPT_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef struct kept_entry {
	char *key;
	uint64_t hash; /* of key */
	int64_t stamp; /* store_history_last_id of the state the text shows */
	char *text;
	size_t len;
	uint64_t used; /* LRU clock */
} kept_entry;

typedef struct kept_set {
	pthread_mutex_t mu;
	kept_entry *slots;
	size_t nslots;
	size_t budget; /* bytes of text kept together at most */
	size_t max;    /* a text longer than this is never kept */
	size_t bytes;
	uint64_t clock;
} kept_set;

/* A set over the array slots (static, zeroed). */
#define KEPT_SET(slots, budget, max) {PTHREAD_MUTEX_INITIALIZER, slots, sizeof slots / sizeof slots[0], budget, max, 0, 0}

/* The text of key kept at stamp appended to out: 1, else 0 (out unchanged). */
int kept_get(kept_set *k, const char *key, int64_t stamp, buf *out);
/* Keeps text (len bytes) as key's at stamp, unless a newer stamp's is kept already. */
void kept_put(kept_set *k, const char *key, int64_t stamp, const char *text, size_t len);

#endif
