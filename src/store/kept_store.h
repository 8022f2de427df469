/* kept_store — the facts of a region on a day kept between commands (table facts_kept, schema v39;
 * docs/kept_figures.md). The bytes are report/facts_snap.c's; the store only keeps them, with the
 * history's newest id (stamp) at the moment they were read. Derived data: written without a history
 * row, never exported or copied by fgdj migrate --to, and any row may be deleted at any time. */
#ifndef FGDJ_KEPT_STORE_H
#define FGDJ_KEPT_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"

/* The bytes kept for region and zone of f (its org_id is not a key: the caller keeps none of an
 * organisation's scope), day as_of and mode (the caller's kind of load), into data, and their stamp:
 * 1; 0 when none are kept. In the caller's read moment. */
int store_facts_kept_get(store *s, const store_filter *f, int as_of, int mode, int64_t *stamp, buf *data);
/* Keeps n bytes of data for those keys at stamp, replacing what was kept, in a transaction of its
 * own (outside any read moment). Nothing on a database rebuilt in memory (--as-recorded). */
int store_facts_kept_put(store *s, const store_filter *f, int as_of, int mode, int64_t stamp, const void *data,
			 size_t n, fg_err *e);
/* The kept bytes for those keys still describe the ledgers at stamp (nothing they read changed
 * since theirs): their stamp raised to it, in a transaction of its own. */
int store_facts_kept_stamp(store *s, const store_filter *f, int as_of, int mode, int64_t stamp, fg_err *e);

#endif
