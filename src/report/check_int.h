/* What check.c and check_state.c share of the findings' making (report/check.h). */
#ifndef FGDJ_CHECK_INT_H
#define FGDJ_CHECK_INT_H
#include "report/check.h"

/* A copy of t among fs's texts, in a block of fs's (findings.blocks; a new one of fs->block_min
 * bytes, 64 KB when 0, when the newest is full). */
char *text_put(findings *fs, const char *t);
/* n bytes among fs's texts (as text_put's), for the caller to fill. */
char *text_room(findings *fs, size_t n);
/* The same for a finding's detail: one copy of each different detail (fs->details). */
char *text_put_detail(findings *fs, const char *t);
/* The findings complete: lets fs->details go. */
void texts_done(findings *fs);
/* Lets fs's blocks go (each freed with its last user). */
void texts_free(findings *fs);
/* to uses from's blocks too (new texts of to go to a block of its own). */
void texts_share(findings *to, const findings *from);
/* check_run's order of findings (qsort of pointers): by rule, subject, then found order. */
int finding_cmp(const void *a, const void *b);
/* Sorts fs in that order, in place. */
void findings_sort(findings *fs);
/* The counts by rule and state and where each rule's findings begin. */
void findings_index(findings *fs);

/* Each finding's record, key, ref and place from names (store/finding_store.h), in the caller's
 * read moment; the item is let go. */
void findings_identify(store_subjects *names, findings *fs);
/* The stored states of fs's findings, by key. */
int findings_states(store *s, findings *fs, fg_err *e);

/* What check_patch's steps share (check.c): the order of int64_t ids (qsort, bsearch); */
int check_id_cmp(const void *a, const void *b);
/* (subject id, index in prev) pairs, by id then index; */
typedef struct id_at {
	int64_t id;
	size_t at;
} id_at;
int id_at_cmp(const void *a, const void *b);
/* prev's findings of rule r as such pairs, *n of them, each marked in drop (found again unless
 * kept); the caller frees them; */
id_at *rule_ids(const findings *prev, const check_rule *r, unsigned char *drop, size_t *n);
/* the first of v (n pairs) of that id, or n; */
size_t id_first(const id_at *v, size_t n, int64_t id);
/* 1 when neighbours in fs are of one rule and subject, different records, one found by the patch
 * (seq from seq0): check_run's order among them (found order) is not known. */
int patch_ties(const findings *fs, size_t seq0);

/* The rules, in the order of CHECK_RULES (check.c). */
enum {
	R_NEED_SINGLE,
	R_SINGLE_TOO_SMALL,
	R_KIND_UPGRADE,
	R_COMMITTEE_MISSING,
	R_TERM_OVERDUE,
	R_COVERED_TWICE,
	R_LEDGER_GAP,
	R_POCKET,
	R_LOST_CONTACT,
	R_BIG_NO_INSTRUCTOR,
	R_LIFE_MISSING,
	R_STUDY_SHORT,
	R_VISIT_MISSING,
	R_SECRETARY_MISSING,
	R_DEV_VIOLATION,
	R_TRANSFER_PENDING,
	R_DUES_DIFFERS,
	R_DUES_6_MONTHS,
	R_CAMPAIGN_OVERDUE,
	R_CROSSMATCH_CONFIRMED,
	R_KIND_TOO_SMALL,
	R_COMMITTEE_UNNEEDED,
	R_JOINT_TOO_MANY,
	R_FUNDING_OUT_OF_RANGE,
	R_STAR_QUOTA,
	R_VENUE_MISSING,
	R_SINGLE_NOT_LODGED,
	R_COUNT
};

extern const check_rule CHECK_RULES[R_COUNT];

/* What a finding is about (finding_store.h): kind, record id (0: look it up by natural), natural
 * key (NULL: read by id), an enterprise it concerns, and the item telling one subject's findings of
 * a rule apart (NULL none). */
typedef struct about {
	finding_kind kind;
	int64_t id;
	const char *natural;
	int64_t ent;
	const char *item;
} about;

/* Appends a finding of rule to fs (its texts among fs's). */
void finding_add(findings *fs, int rule, about a, const char *subject, const char *detail);
/* The same with a detail among fs's texts already (text_put_detail's). */
void finding_add_stored(findings *fs, int rule, about a, const char *subject, char *detail);
#define ENT(i) ((about){FK_ENT, (i), NULL, (i), NULL})
#define ENT_ITEM(i, it) ((about){FK_ENT, (i), NULL, (i), (it)})
#define ORG(i) ((about){FK_ORG, (i), NULL, 0, NULL})
#define ORG_ITEM(i, it) ((about){FK_ORG, (i), NULL, 0, (it)})
#define MEMBER(i, idno, it) ((about){FK_MEMBER, (i), (idno), 0, (it)})


/* One run of the rules over f into fs (check_run, check_patch). */
typedef struct check_ctx {
	store *s;
	store_subjects *names; /* every name a finding prints, its record and place */
	const facts *f;
	findings *fs;
	unsigned char *org_in_region; /* by org id; NULL = every organisation (the district) */
	int64_t max_org;
	int unmasked;
	buf subj, det, item;
	struct first_hire {
		int64_t member;
		int day;
	} *hires; /* members without an organisation here: earliest 入职日期 of their roster lines, by id */
	size_t nhires;
	int hire_each; /* 1: on_member reads a member's earliest 入职日期 when it needs it (check_run),
			* 0: from hires (check_patch) */
	fg_err *e;     /* where on_member's reading fails */
	int *employed; /* by org id (up to max_owner): the formal members of the enterprises it covers
			* (f->links), counted when first needed */
	int64_t max_owner;
	int64_t *redone; /* check_patch: the organisations whose findings orgs_patch found again (sorted) */
	size_t nredone;
	const char *here; /* "区" or "市": the territory the database holds (区外组织关系 is outside it) */
} check_ctx;

/* check_run's own steps (check.c), which check_patch (check_patch.c) runs again for what a write
 * touched: the context of one run of the rules over f into out; */
check_ctx check_ctx_of(store *s, const facts *f, findings *out, int unmasked);
/* the enterprise rules for one enterprise of the region, and whether a rule is one of them (they
 * read nothing but the enterprise's facts); */
void check_enterprise(check_ctx *c, const ent_fact *ef);
int check_ent_rule(const check_rule *r);
/* an organisation's rules (store_scan_orgs' callback, p a check_ctx); */
int check_on_org(void *p, const org_fact *of);
/* a member's pocket_member and lost_contact (store_scan_member_flags' callback); */
int check_on_member(void *p, const member_fact *mf);
/* a member's earliest 入职日期, kept in c->hires (store_scan_member_first_hire's callback); */
int check_on_first_hire(void *p, int64_t member, int day);
/* every crossmatch_confirmed finding found again, prev's marked in drop (in a read moment); */
int check_confirmed_patch(check_ctx *c, const findings *prev, unsigned char *drop, fg_err *e);
/* the organisations whose rules run: of a street, community or zone those covering one of its
 * enterprises (c->org_in_region), of the district all (NULL); whether it is the district. */
int check_orgs_in_region(check_ctx *c);

/* The party-work rules (check_party.c): an active organisation's calendar, secretary, funding and
 * venue; */
void check_party_org(check_ctx *c, const org_fact *of);
/* a member's subject "姓名（公民身份号码）" into c->subj, the number masked unless c->unmasked; */
void member_subject(check_ctx *c, const char *name, const char *idno);
/* the members' hours, transfers, dues, campaign tasks, development records and visits; */
void check_party_people(check_ctx *c);
/* the study and dues findings of the members ids (sorted, n of them) — check_party_people's for
 * them alone (check_patch's members step after members came or went); */
void check_party_members(check_ctx *c, const int64_t *ids, size_t n);
/* prev's findings of rule (its index in CHECK_RULES) marked in drop: found again whole. */
void check_rule_dropped(const findings *prev, int rule, unsigned char *drop);
/* check_patch's steps after meeting and study records changed (FACTS_REDO when prev's findings do
 * not name an organisation that has some now; with whole a member's study finding is kept when its
 * whole detail is prev's — after secretaries changed, who is one decides the hours required —, else
 * when its hours are) and after visits changed — or enterprises renamed (STORE_ENT_NAME): renamed
 * (sorted, nrenamed of them), an instructor's findings naming one of them found again; */
int party_hours_patch(check_ctx *c, const findings *prev, unsigned char *drop, int whole);
void party_visits_patch(check_ctx *c, const findings *prev, unsigned char *drop, const int64_t *renamed,
			size_t nrenamed);
/* After secretary records changed (STORE_PARTY_SEC): every secretary_missing finding found again
 * (the organisations of c's region read: their names, modes and 书记姓名; prev's marked in drop) but
 * those of the organisations orgs_patch found again (c->redone: all of theirs, this one too). The
 * study findings (a secretary's hours required) are party_hours_patch's. In a read moment. */
int party_secs_patch(check_ctx *c, const findings *prev, unsigned char *drop, fg_err *e);
/* After transfer records changed (STORE_PARTY_TRANSFER): every transfer_pending finding found again
 * from c->f (prev's marked in drop). */
void party_transfers_patch(check_ctx *c, const findings *prev, unsigned char *drop);
/* After development records changed (STORE_PARTY_DEV): every dev_violation finding found again from
 * c->f (prev's marked in drop). */
void party_devs_patch(check_ctx *c, const findings *prev, unsigned char *drop);
/* The five-star quota is the district's: over its active organisations with a valid rating on D
 * (star_quota). */
void check_star_quota(check_ctx *c);
/* check_patch's step after writes of ratings, funding, designations or venues (STORE_PARTY_RECOG):
 * prev's star_quota, funding_out_of_range and venue_missing findings marked in drop; the
 * organisations' found again from c's facts (those c->redone names left alone: on_org found them),
 * and the quota when the region is the whole district (whole). FG_OK or FG_EFAIL. In a read
 * moment. */
int party_recog_patch(check_ctx *c, const findings *prev, unsigned char *drop, int whole, fg_err *e);
/* check_patch's step after writes of campaign or task records (STORE_PARTY_TASK): prev's
 * campaign_overdue findings marked in drop, the overdue tasks of c's facts found again. */
void party_tasks_patch(check_ctx *c, const findings *prev, unsigned char *drop);
/* After dues records changed (STORE_PARTY_DUES): every dues finding (dues_differs, dues_6_months)
 * found again from c->f (its members' dues read again: party_reload_dues) into c->fs, prev's of
 * those rules marked in drop. */
void party_dues_patch(check_ctx *c, const findings *prev, unsigned char *drop);
/* 1 when one of the enterprises ids (sorted, n of them) is named by a visit_missing finding of prev. */
int visits_named(const findings *prev, const int64_t *ids, size_t n);

#endif
