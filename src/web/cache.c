#include "web/cache.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/history_query.h"
#include "util/buf.h"

#define CACHE_MAX 64

/* A value and the number of holders: its entry (while current) and each request reading it. */
struct cache_ref {
	const cache_kind *k;
	void *value;
	int refs;
};

typedef struct entry {
	const cache_kind *k;
	char *region; /* "" = the district */
	int as_of, variant;
	int64_t stamp;
	int busy;        /* being computed by one request; the others wait */
	cache_ref *cur;  /* the value of stamp, NULL when none */
	uint64_t used;   /* LRU clock */
	int argless;     /* computed without an arg (cache_get): cache_refresh may compute it again */
	int64_t asked;   /* monotonic second a request last asked for it */
	int wanted;      /* a request read the value since cache_refresh last made it */
} entry;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static entry cache[CACHE_MAX];
static size_t ncache;
static uint64_t clock_lru;
/* Set while cache_refresh computes on this thread: its asking is no request's. */
static _Thread_local int refreshing;

static int64_t mono_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec;
}

/* Under mu. */
static void unref(cache_ref *r)
{
	if (r && --r->refs == 0) {
		r->k->free_value(r->value);
		free(r);
	}
}

void cache_release(cache_ref *r)
{
	pthread_mutex_lock(&mu);
	unref(r);
	pthread_mutex_unlock(&mu);
}

static entry *find(const cache_kind *k, const char *region, int as_of, int variant)
{
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].k == k && cache[i].as_of == as_of && cache[i].variant == variant &&
		    strcmp(cache[i].region, region) == 0)
			return &cache[i];
	return NULL;
}

/* A slot for a new key: a free one, else the least recently used entry that nobody computes. */
static entry *slot(const cache_kind *k, const char *region, int as_of, int variant)
{
	entry *e = NULL;
	if (ncache < CACHE_MAX) {
		e = &cache[ncache++];
	} else {
		for (size_t i = 0; i < ncache; i++)
			if (!cache[i].busy && (!e || cache[i].used < e->used))
				e = &cache[i];
		if (!e)
			return NULL;
		free(e->region);
		unref(e->cur);
	}
	memset(e, 0, sizeof *e);
	e->k = k;
	e->region = xstrdup(region);
	e->as_of = as_of;
	e->variant = variant;
	return e;
}

/* A new value with one holder (the caller). */
/* The arg of the compute running on this thread, and the key's earlier value with its stamp. */
static _Thread_local void *computing_arg;
static _Thread_local const void *computing_prev;
static _Thread_local int64_t computing_prev_stamp;
/* The entry being computed and the hold on its earlier value (cache_previous_release). */
static _Thread_local entry *computing_entry;
static _Thread_local cache_ref *computing_prev_ref;

/* The notes of this thread's computations (cache_note), for its request's log line. */
static _Thread_local char notes[160];

/* The access log's word for each kind of note (cache.h cache_note_kind): docs/deploy.md explains
 * them and the e2e tests (web_lib.sh first_notes) look for them — change neither alone. */
static const char *const note_words[NOTE_KINDS] = {
	[NOTE_FACTS_LOADED] = "事实载入",
	[NOTE_FACTS_PATCHED] = "事实增量",
	[NOTE_FACTS_KEPT] = "事实留存",
	[NOTE_FINDINGS_FOUND] = "问题重查",
	[NOTE_FINDINGS_PATCHED] = "问题增量",
	[NOTE_FINDINGS_RESTATED] = "问题状态",
	[NOTE_PLAN_REDONE] = "方案重排",
	[NOTE_STATS_REDONE] = "统计重算",
};

void cache_note(cache_note_kind kind)
{
	if ((unsigned)kind >= NOTE_KINDS || !note_words[kind])
		return;
	const char *what = note_words[kind];
	size_t n = strlen(notes), w = strlen(what);
	if (n + 1 + w >= sizeof notes)
		return;
	if (n)
		notes[n++] = ' ';
	memcpy(notes + n, what, w + 1);
}

const char *cache_notes(void)
{
	return notes;
}

void cache_notes_clear(void)
{
	notes[0] = 0;
}

void *cache_arg(void)
{
	return computing_arg;
}

const void *cache_previous(int64_t *stamp)
{
	*stamp = computing_prev_stamp;
	return computing_prev;
}

int cache_previous_alone(void)
{
	if (!computing_prev_ref)
		return 0;
	pthread_mutex_lock(&mu);
	/* Held by its entry (busy: ours, no request gets it) and by this compute, by no request. */
	int alone = computing_entry && computing_entry->cur == computing_prev_ref && computing_prev_ref->refs == 2;
	pthread_mutex_unlock(&mu);
	return alone;
}

void cache_previous_release(void)
{
	if (!computing_prev_ref)
		return;
	pthread_mutex_lock(&mu);
	/* The entry is busy (ours): its value is the earlier one, or already gone. */
	if (computing_entry && computing_entry->cur == computing_prev_ref) {
		unref(computing_entry->cur);
		computing_entry->cur = NULL;
	}
	unref(computing_prev_ref);
	pthread_mutex_unlock(&mu);
	computing_prev_ref = NULL;
	computing_prev = NULL;
	computing_prev_stamp = 0;
}

/* After a fresh value is kept (and the one it replaced freed), outside any other computation: the
 * memory its working arrays held and freed is given back to the system (glibc keeps freed room
 * below the top of the heap otherwise, and the next computation of another worker may not reuse
 * it before the peak is reached again). Costs a walk of the free lists, once per computation. */
static void give_back(void)
{
#ifdef __GLIBC__
	if (!computing_entry)
		malloc_trim(0);
#endif
}

/* Computes the value of e's key (e NULL: uncached). *prev, the caller's hold on the earlier value,
 * is NULL on return when the compute released it (cache_previous_release). */
static int fresh(store *s, const cache_kind *k, const char *region, int as_of, int variant, void *arg,
		 entry *en, cache_ref **prev, int64_t prev_stamp, cache_ref **out, fg_err *e)
{
	void *v = NULL, *outer = computing_arg;
	const void *outer_prev = computing_prev;
	int64_t outer_stamp = computing_prev_stamp;
	entry *outer_entry = computing_entry;
	cache_ref *outer_ref = computing_prev_ref;
	computing_arg = arg;
	computing_prev = *prev ? (*prev)->value : NULL;
	computing_prev_stamp = prev_stamp;
	computing_entry = en;
	computing_prev_ref = *prev;
	int rc = k->compute(s, region, as_of, variant, &v, e);
	*prev = computing_prev_ref;
	computing_arg = outer;
	computing_prev = outer_prev;
	computing_prev_stamp = outer_stamp;
	computing_entry = outer_entry;
	computing_prev_ref = outer_ref;
	if (rc)
		return rc;
	cache_ref *r = xmalloc(sizeof *r);
	*r = (cache_ref){k, v, 1};
	*out = r;
	return FG_OK;
}

int cache_get(store *s, const cache_kind *k, const char *region, int as_of, int variant, const void **value,
	      cache_ref **ref, fg_err *ep)
{
	return cache_get_arg(s, k, region, as_of, variant, NULL, value, ref, ep);
}

int cache_get_arg(store *s, const cache_kind *k, const char *region, int as_of, int variant, void *arg,
		  const void **value, cache_ref **ref, fg_err *ep)
{
	*value = NULL;
	*ref = NULL;
	const char *key = region ? region : "";
	int64_t stamp = store_history_last_id(s);
	int rc;
	if (stamp < 0)
		goto uncached;
	pthread_mutex_lock(&mu);
	entry *e;
	for (;;) {
		e = find(k, key, as_of, variant);
		if (!e || !e->busy)
			break;
		pthread_cond_wait(&done, &mu);
	}
	if (e && e->cur && e->stamp == stamp) {
		e->used = ++clock_lru;
		if (!refreshing) {
			e->asked = mono_s();
			e->wanted = 1;
		}
		e->cur->refs++;
		*ref = e->cur;
		*value = e->cur->value;
		pthread_mutex_unlock(&mu);
		return FG_OK;
	}
	if (!e)
		e = slot(k, key, as_of, variant);
	if (!e) { /* every slot is being computed: compute without caching */
		pthread_mutex_unlock(&mu);
		goto uncached;
	}
	e->busy = 1;
	/* The earlier value stays alive while the new one is computed from it (or not). */
	cache_ref *prev = e->cur;
	int64_t prev_stamp = e->stamp;
	if (prev)
		prev->refs++;
	pthread_mutex_unlock(&mu);

	cache_ref *r = NULL;
	rc = fresh(s, k, region, as_of, variant, arg, e, &prev, prev_stamp, &r, ep);

	pthread_mutex_lock(&mu);
	unref(prev);
	/* The slot is ours while busy: nobody evicts or reuses it. */
	unref(e->cur);
	e->cur = NULL;
	if (!rc) {
		r->refs++; /* the entry's */
		e->cur = r;
		e->stamp = stamp;
		e->used = ++clock_lru;
		e->argless = arg == NULL;
		e->wanted = !refreshing;
		if (!refreshing)
			e->asked = mono_s();
		*ref = r;
		*value = r->value;
	}
	e->busy = 0;
	pthread_cond_broadcast(&done);
	pthread_mutex_unlock(&mu);
	give_back();
	return rc;

uncached:;
	cache_ref *none = NULL;
	rc = fresh(s, k, region, as_of, variant, arg, NULL, &none, 0, ref, ep);
	if (!rc)
		*value = (*ref)->value;
	return rc;
}

int cache_make(store *s, const cache_kind *k, const char *region, int as_of, int variant, fg_err *e)
{
	const void *p;
	cache_ref *ref = NULL;
	int rc = store_read_begin(s, e);
	if (!rc) {
		rc = cache_get(s, k, region, as_of, variant, &p, &ref, e);
		store_read_end(s);
	}
	cache_release(ref);
	return rc;
}

size_t cache_refresh(store *s, int max_age_s)
{
	int64_t stamp = store_history_last_id(s), now = mono_s();
	if (stamp < 0)
		return 0;
	struct stale {
		const cache_kind *k;
		char *region;
		int as_of, variant;
	} v[CACHE_MAX];
	size_t n = 0, made = 0;
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < ncache; i++) {
		const entry *e = &cache[i];
		if (e->argless && e->wanted && !e->busy && e->cur && e->stamp != stamp && now - e->asked <= max_age_s)
			v[n++] = (struct stale){e->k, xstrdup(e->region), e->as_of, e->variant};
	}
	pthread_mutex_unlock(&mu);
	refreshing = 1;
	for (size_t i = 0; i < n; i++) {
		/* One computation at a time beside the requests': the refresher waits while a request
		 * computes, so that it never adds a second value's working memory to the peak. */
		pthread_mutex_lock(&mu);
		for (;;) {
			size_t b = 0;
			while (b < ncache && !cache[b].busy)
				b++;
			if (b == ncache)
				break;
			pthread_cond_wait(&done, &mu);
		}
		pthread_mutex_unlock(&mu);
		fg_err e;
		made += cache_make(s, v[i].k, v[i].region[0] ? v[i].region : NULL, v[i].as_of, v[i].variant, &e) == FG_OK;
		free(v[i].region);
	}
	refreshing = 0;
	return made;
}
