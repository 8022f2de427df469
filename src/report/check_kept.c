/* check_kept — the findings kept between commands beside their facts (docs/kept_figures.md), and
 * findings_since, the decision they and the web server's cached findings share. */
#include <stdlib.h>
#include <string.h>

#include "report/check_int.h"
#include "store/history_query.h"
#include "store/kept_store.h"

int findings_since(store *s, const findings *prev, int64_t then, findings_facts facts_now, void *ctx, findings *out,
		   findings_how *how, fg_err *e)
{
	memset(out, 0, sizeof *out);
	int64_t *ents = NULL;
	size_t nents = 0;
	store_fields fields = 0;
	int changes = then > store_history_last_id(s) ? STORE_CHANGES_OTHER
						      : store_changes_since(s, then, &ents, &nents, &fields);
	int rc = FACTS_REDO;
	if (changes == STORE_CHANGES_NONE) {
		/* Only states, logins, exports and the like since: the same findings, the states now. */
		*how = FINDINGS_RESTATED;
		rc = findings_restate(s, prev, out, e);
	} else if (changes == STORE_CHANGES_ENTS) {
		/* Only enterprises' numbers and flags and the like: those enterprises found again. */
		const facts *f;
		rc = facts_now(ctx, &f, e);
		rc = rc ? rc : check_patch(s, f, prev, ents, nents, fields, out, e);
		if (!rc)
			*how = FINDINGS_PATCHED;
	}
	free(ents);
	return rc;
}

static int given_facts(void *ctx, const facts **f, fg_err *e)
{
	(void)e;
	*f = ctx;
	return FG_OK;
}

typedef struct take_ctx {
	const facts *f;
	findings *fs;
} take_ctx;

static int take(void *ctx, const byte_source *src)
{
	take_ctx *t = ctx;
	return findings_snap_read_from(src, t->f, t->fs);
}

int check_kept(store *s, const facts *f, findings *out, findings_how *how_, fg_err *e)
{
	findings_how own;
	findings_how *how = how_ ? how_ : &own;
	*how = FINDINGS_FOUND;
	int64_t stamp = store_history_last_id(s), then = 0;
	int keep = stamp >= 0 && facts_kept_for(f);
	int wanted = keep && store_facts_kept_wanted(s);
	findings kept;
	memset(&kept, 0, sizeof kept);
	take_ctx t = {f, &kept};
	buf data = {0};
	int rc;
	if (keep && store_facts_kept_get(s, &f->filter, f->as_of, KEPT_MODE_FINDINGS, &then, take, &t) == 0) {
		rc = findings_since(s, &kept, then, given_facts, (void *)(uintptr_t)f, out, how, e);
		findings_free(&kept);
		if (rc != FG_OK)
			*how = FINDINGS_FOUND;
		if (rc == FG_OK) {
			if (*how == FINDINGS_RESTATED && wanted && then != stamp)
				store_facts_kept_later(s, &f->filter, f->as_of, KEPT_MODE_FINDINGS, stamp, NULL);
			if (*how == FINDINGS_PATCHED && wanted && stamp - then >= FACTS_KEPT_REBASE)
				goto keep_it; /* (patched again each time until then: as the facts) */
			return FG_OK;
		}
		if (rc != FACTS_REDO)
			return rc;
	}
	rc = check_run(s, f, 0, out, e);
	if (rc || !wanted)
		return rc;
keep_it:
	store_facts_kept_start(&data);
	findings_snap_write(out, f, &data);
	store_facts_kept_later(s, &f->filter, f->as_of, KEPT_MODE_FINDINGS, stamp, &data);
	buf_free(&data);
	return FG_OK;
}
