/* Inside the party-work ledgers' writer: party_put (party_store.c) calls the rules that need the
 * database (party_rules.c) and keeps the hours and meeting tallies (party_tally.c). Not for use
 * outside these three files. */
#ifndef FGDJ_STORE_PARTY_INT_H
#define FGDJ_STORE_PARTY_INT_H

#include <stdint.h>

#include "core/ledger.h"
#include "store/store_int.h"

/* Member ids: a meeting's attendees, or a designation's members. */
typedef struct idvec {
	int64_t *v;
	size_t n, cap;
} idvec;

static inline void idvec_add(idvec *x, int64_t id)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 16;
		x->v = xrealloc(x->v, x->cap * sizeof *x->v);
	}
	x->v[x->n++] = id;
}

/* A record's member as the resolution of its reference read it (party_store.c REF_MEMBER_HELD, one
 * statement by 公民身份号码): where the member is held — its district_id, which the record's statements
 * then name (scope_sql.h HELD_AT: on a database partitioned by district they read and write that
 * district's partitions alone) — and its name and 入党日期 for the rules. */
typedef struct party_held {
	int known;        /* 1: read (the fields below are the member's) */
	int64_t district; /* its district_id; 0: none (NULL) */
	buf name;
	int joined; /* 入党日期 as a day number; DATE_NONE when none */
} party_held;

/* The tallies (party_tally.c). */
int party_tally(store *s, ledger_kind k, int64_t owner, const idvec *attendees, const ledger_rec *r, int sign,
		fg_err *e);
void party_tally_meeting(store *s, int64_t org, const ledger_rec *r);

/* The rules before a write (party_rules.c): FG_OK, or an error with *bad_col the column at fault.
 * ids are the row's resolved references (party_store.c resolve_refs). */
int party_meeting_rules(store *s, const ledger_rec *rec, const int64_t *ids, idvec *attendees, int *bad_col,
			fg_err *e);
int party_member_name_rules(store *s, ledger_rec *rec, int col, int64_t member, buf *name, int *bad_col, fg_err *e);
int party_secretary_rules(store *s, const ledger_rec *rec, const int64_t *ids, int *bad_col, fg_err *e);
int party_visit_rules(store *s, const ledger_rec *rec, const int64_t *ids, int *bad_col, fg_err *e);
int party_development_rules(store *s, const ledger_rec *rec, int today, int *bad_col, fg_err *e);
int party_dues_rules(ledger_rec *rec, party_held *member, char due[24], int *bad_col, fg_err *e);
int party_campaign_rules(store *s, ledger_rec *rec, int64_t *ids, buf *canon, int *bad_col, fg_err *e);
int party_task_rules(store *s, const ledger_rec *rec, const int64_t *ids, int *bad_col, fg_err *e);
int party_designation_rules(store *s, const ledger_rec *rec, int64_t ent, idvec *want, int *bad_col, fg_err *e);

/* What follows a write: the designation's member list, the secretary's term, the developing
 * member's entry in the member ledger, a completed transfer's move. */
int party_sync_designation_members(store *s, int64_t id, int fresh, const idvec *want, fg_err *e);
int party_secretary_follow(store *s, const ledger_rec *rec, const int64_t *ids, int today, fg_err *e);
int party_development_follow(store *s, const ledger_rec *rec, int today, int *bad_col, fg_err *e);
int party_transfer_follow(store *s, const ledger_rec *rec, int today, int *bad_col, fg_err *e);

#endif
