/* facts — everything the statistics, findings and planner need about one region on one date,
 * gathered from the store in a handful of scans and joined in memory. */
#ifndef FGDJ_FACTS_H
#define FGDJ_FACTS_H
#include <stddef.h>
#include <stdint.h>

#include "core/metrics.h"
#include "core/rules.h"
#include "report/party.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/bytes.h"

/* 12 bytes a link, not 48 (a city's facts hold 66,000): ids in 32 bits, the organisation's mode
 * and kind as the codes the statistics read of them (metrics_org_mode, rules_kind_parse). */
typedef struct fact_link {
	int32_t ent;             /* index into facts.ents */
	int32_t owner;           /* organisation or instructor id */
	unsigned char mode;      /* organisation mode (coverage links only): org_mode */
	unsigned char kind;      /* organisation kind (coverage links only): org_kind */
} fact_link;

typedef struct fact_member {
	int32_t id; /* 12 bytes a member, not 16 */
	int32_t ent; /* employer, index into facts.ents */
	int joined;  /* 入党日期 as recorded today (DATE_NONE unknown) */
} fact_member;

typedef struct facts {
	char *label;          /* region name as the user gave it (or the district's) */
	int as_of;            /* day number */
	store_filter filter;
	rules_cfg cfg;        /* from the settings table */
	ent_fact *ents;
	size_t nents;
	int32_t *idx;         /* enterprise id → index in ents, -1 outside the region */
	int64_t max_ent;      /* the id ceiling read with the rest: idx has max_ent + 1 entries */
	int64_t bad_id;       /* an id read above max_ent (a database error), 0 = none */
	fact_link *links;     /* active coverage links of the region's enterprises */
	size_t nlinks;
	fact_link *asgs;      /* active instructor assignments of the region's enterprises */
	size_t nasgs;
	fact_member *members; /* members_formal + members_probationary of the region */
	size_t nmembers;
	party party;          /* the party-work records of the year (report/party.h) */
	int own_index;        /* facts_patch: idx, members, links, asgs and the party's arrays naming
			       * enterprises by index are this value's own copies (facts_patch_free) */
	int own_hours;        /* facts_patch: the party's orgs and members are this value's own copies */
	int own_visits;       /* facts_patch: the party's visits and asgs are this value's own (read
			       * again or copied; with own_index too, freed once) */
	int own_dues;         /* facts_patch: the party's dues_diffs are this value's own (read again
			       * or copied) */
	int own_devs;         /* facts_patch: the party's devs, with their texts, are this value's own
			       * (read again or copied) */
	int own_secs;         /* facts_patch: the party's secs are this value's own (read again or
			       * copied) */
	int own_lates;        /* facts_patch: the party's lates, with their texts, are this value's own
			       * (read again or copied) */
	int own_camps;        /* facts_patch: the party's camps, with their texts, are this value's own
			       * (read again or copied) */
	int own_tasks;        /* facts_patch: the party's tasks are this value's own (read again or
			       * copied; with own_index too, freed once) */
	int own_fouts;        /* facts_patch: the party's funding_outs, with their texts, are this
			       * value's own (read again or copied) */
	int own_desigs;       /* facts_patch: the party's desigs are this value's own (read again or
			       * copied; with own_index too, freed once) */
	int own_parts;        /* facts_patch: the party's parts are this value's own (read again or
			       * copied; with own_index too, freed once) */
	int own_persons;      /* facts_patch: the party's person_keys, with their texts, are this value's
			       * own (read again or copied) */
	int own_xms;          /* facts_patch: the party's xms are this value's own (read again or
			       * copied; with own_index too, freed once) */
	int own_org_at;       /* facts_patch: the party's org_at is this value's own (made again after a
			       * new organisation, or copied) */
	int figures_only;     /* facts_load_mode: loaded for the figures alone — what only the findings
			       * read is left out (report/party.h); never given to check.c */
	int plan_only;        /* facts_load_plan: without the party-work records (party is empty) and the
			       * members' list (members, nmembers: the counts by enterprise only); read
			       * by the joint-branch plan alone (report/plan.c), never by figures or findings */
} facts;

/* Loads the facts of region (NULL = district) on as_of, all read at one moment (store_read_begin;
 * a caller that reads more for the same answer — findings, a plan, names — wraps both in its own
 * pair). Returns FG_OK, FG_EINPUT (unknown region) or FG_EFAIL; *f is freed with facts_free in
 * every case. */
int facts_load(store *s, const char *region, int as_of, facts *f, fg_err *e);
/* facts_load, and with figures_only the facts for the figures alone (stats_compute): the same
 * scans, the same figures, without what only the findings read (the look-ups of each differing
 * dues month, of the stars on each award's date, the late transfers, the broken development
 * records' messages: report/party.h); f->figures_only says so. */
int facts_load_mode(store *s, const char *region, int as_of, int figures_only, facts *f, fg_err *e);
/* The facts the joint-branch plan reads (report/plan.c): facts_load's without the party-work
 * records (f->plan_only; f->party empty) — at city scale about two fifths of a load. */
int facts_load_plan(store *s, const char *region, int as_of, facts *f, fg_err *e);
void facts_free(facts *f);

/* prev's facts again after writes that changed only enterprise fields the facts read as numbers
 * and flags, or closed or reopened enterprises, or meeting and study records of this year
 * (store_changes_since's STORE_CHANGES_ENTS: the enterprises ids, nids of them, and the
 * STORE_ENT_* and STORE_PARTY_HOURS fields): the enterprises read again — and with
 * STORE_PARTY_HOURS the organisations' meetings and the members' hours (party_reload_hours, into
 * copies of prev's party orgs and members that out owns: out->own_hours; kept over later patches) —,
 * with STORE_PARTY_VISITS (instructors' visits of this year) the visits and the assignments'
 * quarters (party_reload_visits, into arrays out owns: out->own_visits; kept likewise), with
 * STORE_PARTY_DUES (dues records) the members' dues (party_reload_dues, into copies of prev's party
 * members, out->own_hours, and a differing months' array out owns, out->own_dues; kept likewise), with
 * STORE_PARTY_DEV (development records) the records (party_reload_devs, into an array out owns with
 * their texts, out->own_devs; kept likewise), with STORE_PARTY_SEC (secretary records) the current
 * secretaries (party_reload_secs, into copies of prev's party orgs and members, out->own_hours, and
 * an array out owns, out->own_secs; kept likewise), with STORE_PARTY_TRANSFER (transfer records) the
 * transfers (party_reload_transfers, into copies of prev's party orgs, out->own_hours, and an array
 * of the late ones out owns with their texts, out->own_lates; kept likewise), with STORE_ROSTER (roster
 * lines, roster members' 所在党组织, 是否亮明身份, 工作单位) the cross-match's candidates (party_reload_xms,
 * into an array out owns, out->own_xms; kept likewise) — the other kinds of records likewise, each
 * listed in facts_patch.c's table of owned arrays —, with STORE_MEMBER the members' counts of the enterprises ids and with STORE_MEMBER_MOVED (a new member,
 * a change of employer) the list of members too (its own copy, out->own_index; the party's members
 * out's own, out->own_hours: a new one appended with party_member_bare), everything else prev's. *out shares all of prev but ents — and, when an
 * enterprise left or came back (the others' indexes move) or prev had its own, the arrays naming
 * enterprises by index (idx, members, links, asgs, the party's devs, tasks, xms, desigs, visits,
 * asgs, parts), copied with the indexes mapped; out->own_index says so. Free out with
 * facts_patch_free (prev's shared parts must outlive out; prev itself may go first).
 * FACTS_REDO, nothing held, when the enterprises read now are not prev's ones in the same places,
 * fields has STORE_ENT_CLOSED and one of ids is named by a row of another table, or an enterprise
 * left or came back that such a row names (store_enterprise_bare: its
 * organisations, members, instructors, party work would change with it), or an enterprise with a
 * covering organisation or an instructor changed its 经营状态 (the active organisations and
 * assignments would change), or party_reload_hours cannot be exact, or visits changed with
 * enterprises (the assignments counted are the operating enterprises'), or with STORE_MEMBER_MOVED
 * a member of those enterprises is counted by none of them now or one came into the region whom
 * another record names (store_member_bare), or with STORE_ORG (organisations' fields that leave what
 * each covers: the enterprises ids are those they cover) prev is not today's, an enterprise left or
 * came back, or the links of the enterprises ids read again (store_scan_coverage_at: their
 * organisations' mode and kind now, into out's own links, and their coverage counts again) are not
 * prev's ones — and with STORE_ORG_LIFE the calendars of the organisations covering them are read
 * again (party_reload_orgs) —: facts_load then. Reads in its own moment. */
enum { FACTS_REDO = 100 };

/* 1 when one of the enterprises ids (n of them) has a covering organisation or an instructor in f,
 * or had an instructor this year (party.asgs: an assignment ended since 1 January still counts its
 * quarters): its 经营状态 decides which organisations and assignments count (report/party.c). */
int facts_linked(const facts *f, const int64_t *ids, size_t n);
/* 1 when writes that changed the enterprises ids (n of them) in fields (store_changes_since's
 * STORE_CHANGES_ENTS) can be patched into results drawn from f (facts_patch, check_patch, the
 * plan's classes): no 经营状态 changed or closing of an enterprise with a covering organisation or
 * an instructor in f (facts_linked), and no reopening of an enterprise another table names
 * (store_enterprise_bare), nor closing of one but on f's day or earlier with f today's or later
 * (STORE_ENT_CLOSING: every record naming it leaves the facts with it). With after (f read after
 * the writes: check_patch's and the plan's facts, not facts_patch's earlier ones), an enterprise
 * reopened that f holds passes too (STORE_ENT_REOPENING: its records came back into f with it) when
 * the organisations covering it are where they were among the region's. The one rule each patch
 * applies. In a read moment. */
int facts_patchable(store *s, const facts *f, int after, const int64_t *ids, size_t n, store_fields fields);
int facts_patch(store *s, const facts *prev, const int64_t *ids, size_t nids, store_fields fields, facts *out, fg_err *e);
/* facts_patch where prev is a value nobody else reads and that is freed after this call whatever
 * it returns: what out would copy from prev is moved into out instead (at city scale tens of
 * megabytes not held twice). owns_all 0: prev is a facts_patch result (freed by facts_patch_free) —
 * its enterprises when none changed, its own party organisations and members, its own arrays of
 * indexes move, prev keeps the rest and out shares what prev shared; 1: prev owns all it holds
 * (facts_load's, or a result of this call with owns_all) — all of it moves, prev is left empty, and
 * out owns all (facts_free, not facts_patch_free). */
int facts_patch_taking(store *s, facts *prev, int owns_all, const int64_t *ids, size_t nids, store_fields fields,
		       facts *out, fg_err *e);
void facts_patch_free(facts *f);

/* What a caller gives of the earlier facts to facts_since: nothing (prev stays as it is and the
 * patched facts share it: facts_patch), its own parts (prev is a facts_patch result nobody else
 * reads: facts_patch_taking with owns_all 0) or all (prev owns all it holds and nobody else reads
 * it: facts_patch_taking with owns_all 1). */
typedef enum facts_give { FACTS_GIVE_NONE, FACTS_GIVE_OWN, FACTS_GIVE_ALL } facts_give;
/* What the writes after history id then leave of the facts prev, read at then — the one decision
 * the facts kept in the database (facts_load_kept) and the web server's cached facts take. In the
 * caller's read moment:
 * - FACTS_SAME: nothing they read changed (store_changes_since); prev stands as it is, out untouched;
 * - FG_OK: only what facts_patch patches changed and prev is today's facts: *out is prev patched
 *   (with give FACTS_GIVE_ALL out owns all: facts_free; else facts_patch_free);
 * - FACTS_REDO: they must be loaded again (any other write; another day's facts after a write;
 *   then past the newest history id: not this database's moment), out empty;
 * - or an error. With give other than FACTS_GIVE_NONE prev is freed by the caller after the call
 *   whatever it returns but FACTS_SAME. */
enum { FACTS_SAME = 101 };
int facts_since(store *s, facts *prev, int64_t then, facts_give give, facts *out, fg_err *e);

/* The facts of a region made from its districts' facts (parts, n of them, each loaded for one
 * district on the same date and in the same mode, or kept and patched to the same moment): the
 * region's filter and label are given. Enterprises and members in id order; an organisation
 * covering enterprises of several districts once (docs/kept_figures.md). out owns all it holds
 * (facts_free). FG_OK, or FG_EFAIL when the parts do not fit together (an enterprise or member in
 * two, another date or mode, other campaigns). */
int facts_merge(const facts *const *parts, size_t n, const store_filter *filter, const char *label, facts *out,
		fg_err *e);

/* What a load reads beyond the enterprises, their members' counts, coverage and instructors
 * (facts_load, facts_load_mode with figures_only, facts_load_plan). */
typedef enum facts_mode { FACTS_ALL, FACTS_FIGURES, FACTS_PLAN } facts_mode;
/* The facts facts_load (FACTS_ALL), facts_load_mode with figures_only (FACTS_FIGURES) or
 * facts_load_plan (FACTS_PLAN) gives — the same bytes — from the facts kept in the database for this
 * region, day and mode (store/kept_store.h, docs/kept_figures.md) when there are: as they were when
 * nothing they read changed since (store_changes_since); patched as the web server patches its own
 * (facts_patch) after writes of enterprises' numbers, meetings and the like, on today's facts; else
 * loaded from the tables. On a connection that keeps facts (store_keep_facts: the command line's)
 * the facts read are kept again once the outermost read moment ends. FGDJ_FACTS_KEPT=0 reads and
 * keeps nothing (a baseline). Returns as facts_load; *f is freed with facts_free. how, when not NULL, says
 * where they came from: FACTS_SAME (kept, as they were), FG_OK (kept and patched) or FACTS_REDO (the tables). */
int facts_load_kept(store *s, const char *region, int as_of, facts_mode mode, facts *f, int *how, fg_err *e);
/* Whether what is computed from f (its filter set) may be kept and read back: not with
 * FGDJ_FACTS_KEPT=0, for an organisation's scope, or for facts loaded district by district. */
int facts_kept_for(const facts *f);
/* Writes (history rows) after which patched facts or findings are kept again rather than patched
 * anew each time; the mode the findings are kept under (after facts_mode's). */
enum { FACTS_KEPT_REBASE = 1000, KEPT_MODE_FINDINGS = FACTS_PLAN + 1 };

/* f as bytes appended to out (report/facts_snap.c): read back by facts_snap_read of the same build
 * only. f is facts_load's or a merge's (not a facts_patch result sharing another's arrays: its own
 * arrays are written the same way, so it may be one too). */
void facts_snap_write(const facts *f, buf *out);
/* The facts of bytes facts_snap_write wrote: 0, *f owning all it holds (facts_free), the same facts
 * as written (label NULL: the caller's); -1, *f empty, when they are not such bytes (another
 * format or build, cut short, an index outside its array). Never reads outside data. */
int facts_snap_read(const void *data, size_t n, facts *f);
/* facts_snap_read of the bytes of src, read a part at a time: arrays straight into their places
 * (the kept bytes of a province are hundreds of megabytes: not held twice). */
int facts_snap_read_from(const byte_source *src, facts *f);

/* Reads the rules' settings from the store. */
void facts_rules(store *s, rules_cfg *c);

#endif
