/* What facts.c (loads), facts_patch.c (patches) and facts_relink.c (links read again) share; not for other callers. */
#ifndef FGDJ_FACTS_INT_H
#define FGDJ_FACTS_INT_H

#include "report/facts.h"

/* The index in f->ents of enterprise id, -1 when not in f (or above its id ceiling). */
int32_t facts_ent_index(const facts *f, int64_t id);
/* One more link (or assignment, mode and kind NULL) of enterprise index ent to owner. */
void facts_push_link(fact_link **v, size_t *n, int32_t ent, int64_t owner, const char *mode, const char *kind);
/* An enterprise's count of covering organisations by mode, for a link of mode (org_mode). */
void facts_cover_count(ent_fact *ef, unsigned char mode);
/* The region's enterprises on f's date into f->ents and f->idx (sized by f->max_ent); the caller
 * holds the read snapshot. *members_region: the region whose enterprises employ every member these
 * enterprises count, when none of them changed since f's date; else 0. */
int facts_load_ents(store *s, facts *f, int64_t *members_region, fg_err *e);

/* After edits of organisations (STORE_ORG): the links of the enterprises ids read again. When what
 * each covers is as it was: each of prev's links of them with its organisation's mode and kind now
 * (by its place in prev->links). When an organisation's 覆盖企业 changed too (STORE_ORG_COVER): the
 * links of those enterprises as they are now, replacing prev's of them. And the organisations
 * owning them. After an instructor's 指导企业 changed (STORE_INS_COVER, asg): the assignments of
 * the enterprises ids as they are now, replacing prev's of them. */
typedef struct relink {
	const facts *f;
	int cover;            /* STORE_ORG_COVER, or asg */
	int asg;              /* the instructors' assignments (STORE_INS_COVER), not the coverage */
	unsigned char *mark;  /* prev's enterprises read again, by index */
	fact_link *v;         /* read again */
	size_t n;
	size_t *at;           /* upd[k] is prev->links[at[k]] now */
	fact_link *upd;
	size_t nupd;
	int64_t *owners;
	size_t nowners;
	int64_t *enter;       /* organisations that come into the region's active ones (owners_same) */
	size_t nenter;
	int64_t *leave;       /* closed organisations that leave the region's active ones, ascending */
	size_t nleave;
	store_fields reread;  /* the kinds of record the patch reads again whole (STORE_ORG_REREAD's bits) */
} relink;
/* 1 when an organisation is where it was among the region's organisations (report/party.c: those
 * with a link in the region; active, those with a link to an operating enterprise of it) after its
 * links changed: any has bit 0 when it had a link in the region before and bit 1 when it has one
 * after, oper likewise for links to operating enterprises. The one rule of owners_same (a change of
 * links) and of facts_patch (enterprises closed). */
static inline int facts_owner_stays(unsigned any, unsigned oper)
{
	return (any == 0 || any == 3) && (oper == 0 || oper == 3);
}
/* relink's reads: FG_OK, FACTS_REDO when the enterprises' links are not prev's ones (another
 * organisation, one more or fewer) without cover, or with it the region's organisations would
 * change — but for one coming in that no record names but its links and records of the kinds
 * reread (which the patch reads again whole, after it entered), and one leaving that is closed on
 * prev's day, with reread holding STORE_ORG_LEAVING_REREAD (read again whole, after it left); or
 * FG_EFAIL. In a read moment. */
int facts_links_again(store *s, const facts *prev, const ent_fact *ents, const int64_t *ids, size_t nids, int cover,
		      int asg, store_fields reread, relink *r, fg_err *e);
/* out's links (its own) with r's modes and kinds — with r->cover, those of the enterprises read
 * again replaced by r's — and the coverage counts of their enterprises by them. */
void facts_relink_put(facts *out, const relink *r);
void facts_relink_free(relink *r);

/* After enterprises closed (facts_patch with STORE_ENT_CLOSING; to[i] < 0: prev's enterprise i gone),
 * facts_gone.c. FACTS_REDO when an organisation covering one of them would not stay where it was
 * among the region's organisations (facts_owner_stays: no other link in the region, or none to an
 * operating enterprise when it had one); else FG_OK. */
int facts_gone_owners_stay(const facts *prev, const int32_t *to);
/* The members (*n of them, prev's first and in its order, then any new ones) with their party-work
 * figures pm, those at index -1 (gone: closed, or employed by an enterprise closed) taken out in
 * place, *n fewer; prev's dues differences of the others, each naming its member's index now: *dd,
 * a new array of *ndd (a new member has none). */
void facts_members_compact(const facts *prev, fact_member *members, party_member *pm, size_t *n,
			   party_dues_diff **dd, size_t *ndd);
/* prev's members employed by enterprises not gone, each at its employer's index now, with their
 * party-work figures (*members and *pm, new arrays of *n), and prev's dues differences of those
 * members renumbered (facts_members_compact). */
void facts_members_left(const facts *prev, const int32_t *to, fact_member **members, party_member **pm, size_t *n,
			party_dues_diff **dd, size_t *ndd);
/* The campaigns' counts of tasks of the region's enterprises (work's, its own) without the tasks of
 * the enterprises gone — which facts_gone_drop takes out. */
void facts_camps_gone(const facts *prev, const int32_t *to, party *work);
/* After enterprises came back (reopened, STORE_ENT_REOPENING), f read after: FACTS_REDO when an
 * organisation covering one of the enterprises ids that f holds (all taken as come back) was not
 * where it is among the region's organisations without them (facts_owner_stays); else FG_OK. */
int facts_back_owners_stay(const facts *f, const int64_t *ids, size_t n);
/* out's records of enterprises gone (index -1 once mapped: its links, assignments, visits, tasks,
 * designations, cross-match candidates, development records, participations in training) dropped in
 * place; out's person
 * keys its own, texts and all; its development records' texts freed with dev_texts. */
void facts_gone_drop(facts *out, int dev_texts);

#endif
