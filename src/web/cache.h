/* cache — results computed from the whole of a scope's data (statistics, findings), kept while the
 * data is unchanged.
 *
 * Such a result reads every enterprise, member and link of the region: hundreds of milliseconds at
 * city scale, far too slow for pages many users open. It changes only when the data does, and every
 * change appends to the history in the same transaction, so the newest history id is an exact
 * change stamp (store_history_last_id). An entry is keyed by (kind, region, as-of day, variant) and
 * valid while the stamp is unchanged. Callers ask inside a read moment (store_read_begin), so the
 * stamp names exactly the state the result comes from, and a request is served a result only of
 * the state it reads.
 *
 * One computation per key at a time: concurrent requests for a key being computed wait for it (a
 * cold page under load computes once, not once per connection). Entries are few (one per scope and
 * date in use); the least recently used is dropped beyond a fixed number. A value is shared, not
 * copied: it stays alive, read-only, until every request holding it releases it. */
#ifndef FGDJ_WEB_CACHE_H
#define FGDJ_WEB_CACHE_H
#include "store/store.h"

typedef struct cache_kind {
	/* Computes a value (heap-allocated; freed by free_value) from the store, inside the read moment. */
	int (*compute)(store *s, const char *region, int as_of, int variant, void **value, fg_err *e);
	void (*free_value)(void *value);
} cache_kind;

typedef struct cache_ref cache_ref;

/* The value of (kind, region — NULL for the district —, as_of, variant) for the state the caller's
 * read moment sees: cached, or computed now. On FG_OK *value stays valid and unchanged until
 * cache_release(*ref); on an error nothing is held. */
int cache_get(store *s, const cache_kind *k, const char *region, int as_of, int variant, const void **value,
	      cache_ref **ref, fg_err *e);
/* The same, with arg for compute, which reads it by cache_arg() while it runs (the request a page
 * is drawn for, say). Whatever of arg the value shows must be named by the key (the variant). */
int cache_get_arg(store *s, const cache_kind *k, const char *region, int as_of, int variant, void *arg,
		  const void **value, cache_ref **ref, fg_err *e);
void cache_release(cache_ref *ref);
/* Inside compute: the arg of cache_get_arg (NULL from cache_get). */
void *cache_arg(void);
/* Inside compute: the key's value of an earlier state (read-only, held while compute runs) and the
 * stamp it was computed at, when there is one (else NULL): a compute that knows what the writes
 * since can have changed may derive the new value from it. */
const void *cache_previous(int64_t *stamp);
/* Inside compute, when it will not derive the new value from the earlier one: lets the earlier
 * value go now (freed once no request reads it) instead of after compute, so that the two are not
 * in memory at once. cache_previous answers NULL afterwards. */
void cache_previous_release(void);
/* Inside compute: 1 when the earlier value (cache_previous) is held by nothing but its entry and
 * this compute — no request reads it, none can get it any more: it goes once compute returns, and
 * compute may take parts of it (its free function must then not free those). */
int cache_previous_alone(void);
/* Inside compute: how it made the value when it did work, noted for the log line of the request
 * (or refresh) that made it. The access log prints each kind as its word (cache.c note_words; the
 * words docs/deploy.md explains and the e2e tests look for). */
typedef enum {
	NOTE_FACTS_LOADED,	/* 事实载入: a region's facts read whole from the database */
	NOTE_FACTS_PATCHED,	/* 事实增量: only the changed enterprises and members read again */
	NOTE_FACTS_KEPT,	/* 事实留存: the facts the database keeps read back (as they were, or patched) */
	NOTE_FINDINGS_FOUND,	/* 问题重查: every finding checked afresh */
	NOTE_FINDINGS_PATCHED,	/* 问题增量: only the changed part checked */
	NOTE_FINDINGS_RESTATED, /* 问题状态: only the findings' states read again */
	NOTE_PLAN_REDONE,	/* 方案重排: the joint plan made afresh */
	NOTE_STATS_REDONE,	/* 统计重算: the statistics computed afresh */
	NOTE_KINDS
} cache_note_kind;
/* cache_notes: what this thread noted since cache_notes_clear ("" when nothing), words separated by
 * spaces, cut short past a line's room. */
void cache_note(cache_note_kind kind);
const char *cache_notes(void);
void cache_notes_clear(void);

/* The value of the key as cache_get gives it, in a read moment of its own, not held: made (or
 * found) for the requests to come. */
int cache_make(store *s, const cache_kind *k, const char *region, int as_of, int variant, fg_err *e);
/* Keeps the kept values current for the requests to come (web/server.c's refresher, on a thread and
 * connection of its own, once the data has been quiet a moment after a write): each value
 * computed without an arg (cache_get, not cache_get_arg with one) that a request asked for within
 * the last max_age_s seconds and that is not of the state the store holds now is computed again —
 * through cache_get, exactly as the next request would compute it (from its earlier value where its
 * compute can), so that request finds it ready, or waits for it instead of computing it twice. The
 * refresher's asking keeps nothing alive: a value is computed again only when a request read it
 * since the refresher last made it (writes in a row with nobody looking cost one computation, not
 * one each) and within max_age_s. Called in no read moment (each value in one of its own). Returns
 * how many were computed. */
size_t cache_refresh(store *s, int max_age_s);

#endif
