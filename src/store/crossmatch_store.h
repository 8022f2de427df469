/* crossmatch_store — the roster cross-match in the database (docs/party-work.md, "Roster
 * cross-match"): one join of the roster lines with the member records their 公民身份号码 name, fed
 * line by line to the pure classifier (core/crossmatch.h); and the users' decisions on the
 * candidates (table crossmatch_decision, one per line, each written with its history entry). */
#ifndef FGDJ_CROSSMATCH_STORE_H
#define FGDJ_CROSSMATCH_STORE_H
#include <stdint.h>

#include "core/crossmatch.h"
#include "store/store.h"
#include "util/strmap.h"

/* A candidate's five small fields (xm_line self_member, matched, stopped, has_org: 0/1; disclosed:
 * -1/0/1) also as one integer, roster_candidate.flags (schema v30), so that the figures read one
 * column instead of five; written with every candidate (also when the v30 migration rebuilds
 * the table), read by store_scan_roster_matches. */
#define XM_FLAGS(self, matched, stopped, has_org, disclosed) \
	"(" self " + " matched " * 2 + " stopped " * 4 + " has_org " * 8 + (" disclosed " + 1) * 16)"

/* A roster line the cross-match can classify: matched by a member record, or self-reported
 * 中共党员 / 中共预备党员. l, line_id and hired always; the labels (the rest) only from
 * store_roster_match_labels. Strings are borrowed for the call. */
typedef struct roster_match {
	xm_line l;
	int64_t line_id;                          /* roster_line.id */
	const char *hired;                        /* canonical text, NULL when empty */
	const char *uscc, *ent_name, *street;     /* the roster's enterprise and its street */
	const char *name, *idno, *political;      /* the line */
	const char *member_name, *member_org, *member_outside, *member_employer; /* the member record */
	const char *decision;                     /* "confirmed" / "dismissed", NULL undecided */
	const char *decided_class, *decided_on, *who, *campaign, *note;
} roster_match;

/* Every candidate line (see store_xm_touch) of the enterprises a reader of scope reaches (store/scope.h; NULL = the whole
 * district), narrowed to the region and zone of `within` (NULL = any), without labels. */
int store_scan_roster_matches(store *s, const store_filter *scope, const store_filter *within,
			      int (*fn)(void *ctx, const roster_match *m), void *ctx, fg_err *e);

/* Builds roster_candidate from every line (the v20 migration). */
int store_roster_candidates_fill(store *s, fg_err *e);

/* Roster line `line` with its labels and decision (fn is not called when there is none). */
int store_roster_match_labels(store *s, int64_t line, int (*fn)(void *ctx, const roster_match *m), void *ctx,
			      fg_err *e);

/* The line of enterprise uscc and idno in the enterprises scope reaches, as the classifier reads
 * it: 1 found (*out filled), 0 not. */
int store_roster_match_line(store *s, const store_filter *scope, const char *uscc, const char *idno, xm_line *out);

/* The key (enterprise's USCC, 公民身份号码) of roster line id: 1 found, 0 not. */
int store_roster_line_key(store *s, int64_t id, char uscc[32], char idno[32]);

/* An import with --replace (io/import.h): every line of an enterprise named in keys (the file's
 * keys, "USCC\x1fIDNO") whose key is not among them is deleted, each with a history entry, in
 * the caller's transaction; *removed counts them. */
int store_rosters_replace(store *s, const strmap *keys, size_t *removed, fg_err *e);

/* 1 when there is any roster line at all (the figures skip the scan otherwise). */
int store_any_roster(store *s);

/* Records a decision ("confirmed" / "dismissed") on the line of enterprise uscc and idno, whose
 * class on the day is cls, with an optional campaign name and note; replaces an earlier one. In
 * the caller's transaction, with a history entry (tbl crossmatch, key "USCC/IDNO"). */
int store_crossmatch_decide(store *s, const char *uscc, const char *idno, xm_class cls, const char *decision,
			    const char *campaign, const char *note, fg_err *e);

/* Every confirmed decision whose roster line still exists: the line as the classifier reads it
 * (its enterprise in l.enterprise), the person's name and ID number, and the decision's date,
 * person, campaign and note. */
typedef struct xm_confirmed {
	xm_line l;
	const char *name, *idno, *decided_on, *who, *campaign, *note;
} xm_confirmed;
int store_scan_confirmed(store *s, int (*fn)(void *ctx, const xm_confirmed *c), void *ctx, fg_err *e);

/* The earliest 入职日期 of the roster lines of member, when it has no organisation in the district:
 * *day, DATE_NONE when it has an organisation or no dated line (a look-up by id: a city's findings
 * need it of a few of its members only). */
int store_member_first_hire(store *s, int64_t member, int *day, fg_err *e);
/* The earliest 入职日期 of the roster lines of each member with no organisation in the district
 * employed by enterprise employer: fn(ctx, member id, day) for each member that has a dated line. */
int store_scan_member_first_hire_at(store *s, int64_t employer, int (*fn)(void *ctx, int64_t member, int day),
				    void *ctx, fg_err *e);

#endif
