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
#include "util/bytes.h"

/* The bytes kept for region and zone of f (its org_id is not a key: the caller keeps none of an
 * organisation's scope), day as_of and mode (the caller's kind of load), given to take(ctx, src)
 * to read while the row is read (src valid during the call only), and their stamp: take's result;
 * -1 when none are kept. In the caller's read moment. */
int store_facts_kept_get(store *s, const store_filter *f, int as_of, int mode, int64_t *stamp,
			 int (*take)(void *ctx, const byte_source *src), void *ctx);
/* The bytes every kept row begins with (this build's identity: what another build kept is never
 * read), appended to data: the caller appends its own after them. */
void store_facts_kept_start(buf *data);
/* Whether facts read now may be kept (store_keep_facts on, a database of a file or a server, not
 * one rebuilt in memory): the caller then makes their bytes, else it need not. */
int store_facts_kept_wanted(const store *s);
/* Keeps data (taken: the buf is left empty) for those keys at stamp — or, data NULL, raises the
 * stamp of the bytes kept for them to stamp (nothing they read changed since theirs) — once the
 * outermost read moment ends: in a transaction of its own that waits for no other writer (the
 * next reader keeps them otherwise), replacing what was kept; the oldest kept beyond
 * FGDJ_FACTS_KEPT_BYTES (1 GiB) go. Nothing unless store_facts_kept_wanted. */
void store_facts_kept_later(store *s, const store_filter *f, int as_of, int mode, int64_t stamp, buf *data);

#endif
