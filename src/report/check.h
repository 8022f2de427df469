/* check — rule violations and data-quality findings for a region on a date (fgdj check).
 * Each finding names its rule and the rule's basis, so a user knows why it is there. */
#ifndef FGDJ_CHECK_H
#define FGDJ_CHECK_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "report/facts.h"
#include "store/finding_store.h"
#include "util/buf.h"

typedef struct check_rule {
	const char *id;     /* stable identifier, e.g. "need_single" */
	const char *title;  /* Chinese headline */
	const char *basis;  /* where the rule comes from */
} check_rule;

/* The follow-up state of a finding (docs/party-work.md, "Findings and their follow-up"). */
typedef enum finding_state { FS_TODO, FS_DOING, FS_DONE, FS_NA, FS_COUNT } finding_state;
/* A state filter: any state, one of finding_state, or the open ones (待整改 and 整改中). */
enum { FS_ANY = -1, FS_OPEN = FS_COUNT };

typedef struct finding {
	const check_rule *rule;
	char *subject;  /* the enterprise, organisation or member concerned */
	char *detail;   /* what exactly is wrong, with the figures (findings of one text share it) */
	int32_t id;          /* the subject's record (its page), 0 when it has none (ids in 32 bits) */
	int32_t ent;         /* an enterprise the finding concerns (its place stands in), 0 none */
	/* The stable key: "rule/subject's natural key[/item]" — the USCC, organisation name, 公民身份号码 or
	 * "姓名/派出单位", then what tells one subject's findings of a rule apart (the period, month,
	 * campaign…). It stays the same when the findings are computed again, so the state follows it. */
	char *key;
	char *street, *community; /* the subject's place ("" unknown) */
	/* One of the two, in turn (8 bytes a finding): item while the findings are computed (until
	 * findings_identify), then said, the state's, NULL while 待整改 — one text, read by finding_who,
	 * finding_day and finding_note (not three pointers). Freed as said. */
	union {
		char *item;
		char *said;
	};
	char *natural;          /* the subject's natural key ("" none): the USCC of an enterprise… (the
				 * key's own bytes when the key ends with it) */
	uint32_t seq;           /* order found in: ties of one subject keep it */
	/* A city's findings are a hundred thousand, kept: the small fields in a byte each, the ref
	 * computed from the key (finding_ref) — 112 bytes a finding, not 152. */
	unsigned char kind;     /* what the subject is (finding_kind) */
	unsigned char state;    /* finding_state */
	unsigned char natural_own; /* natural is a copy of add's, freed once identified */
} finding;

/* A finding's state's person, date (both NULL while 待整改) and note (NULL when none): said holds
 * "\1" when there is a note (else "\0"), then who, day and the note, each ended by a NUL. */
static inline const char *finding_who(const finding *x)
{
	return x->said ? x->said + 1 : NULL;
}

static inline const char *finding_day(const finding *x)
{
	return x->said ? x->said + 1 + strlen(x->said + 1) + 1 : NULL;
}

static inline const char *finding_note(const finding *x)
{
	const char *d = finding_day(x);
	return d && x->said[0] ? d + strlen(d) + 1 : NULL;
}

/* said for who, day and note (NULL: none), malloc'd. */
char *finding_said(const char *who, const char *day, const char *note);

typedef struct findings {
	finding *v;
	size_t n, cap;
	size_t per_rule[48]; /* counts by rule, in check_rules() order (check.c asserts the room) */
	size_t per_state[48][FS_COUNT]; /* counts by rule and state */
	size_t rule_at[49];  /* the findings of rule r (sorted by rule): v[rule_at[r] .. rule_at[r + 1]) */
	/* The texts of the findings (subject, detail, key, natural key, place), in blocks rather than
	 * one allocation each; a place is stored once however many name it. A block is counted by
	 * every findings using it (findings_restate and check_patch share the earlier ones' blocks):
	 * freed with the last. */
	void **blocks;
	size_t nblocks;
	char *texts_at;
	size_t texts_left;
	size_t block_min;    /* the size of a new block (0: 64 KB) */
	/* While the findings are computed: each detail's copy among the texts (many findings share
	 * one: a city's 114,000 findings have 12,000 different details), freed by texts_done. */
	struct strmap *details;
} findings;

const check_rule *check_rules(size_t *n);

/* "todo", "doing", "done", "na" and 待整改, 整改中, 已整改, 不适用. */
const char *finding_state_id(finding_state st);
const char *finding_state_label(finding_state st);
/* A state by id or label: -1 when neither. */
int finding_state_parse(const char *s);
/* A state filter (?state=): "open", a state's id, or empty/NULL for any: FS_ANY, a finding_state or
 * FS_OPEN; -2 when not one of these. */
int finding_filter_parse(const char *s);
/* How the finding's state reads: a finding marked 已整改 that the rules still find reads
 * "已整改（仍被检出）" — every finding listed is still found on the date. */
const char *finding_state_shown(const finding *x);
/* 1 when x is of rule only (NULL: any) and its state passes the filter. */
int finding_selected(const finding *x, const check_rule *only, int filter);
/* How many findings of fs finding_selected passes, from the counts (no walk over the findings). */
size_t findings_count(const findings *fs, const check_rule *only, int filter);
/* The findings of rule only (NULL: every rule): v[*from .. *to). */
void findings_range(const findings *fs, const check_rule *only, size_t *from, size_t *to);
/* The digest of a key (16 hex digits), a finding's ref: names the finding where the key, holding an
 * ID number, may not be shown (the web, masked output). Computed from the key when needed, not kept
 * (17 bytes of each of a city's 114,000 findings). */
void finding_ref(const char *key, char out[17]);
/* The finding of that key or ref, or NULL. */
const finding *findings_lookup(const findings *fs, const char *key_or_ref);
/* Sets the follow-up state of finding x (of findings computed for the writer's scope) to st with
 * note (NULL or "" none): one transaction (who, source) with its history entry. FG_EINPUT when x's
 * subject is not one scope reaches — the scope's own SQL decides (store_finding_in_scope). */
int finding_state_change(store *s, const store_filter *scope, const char *who, const char *source, const finding *x,
			 finding_state st, const char *note, fg_err *e);
/* The key as it may be shown: ID numbers masked unless unmasked. */
void finding_key_shown(const finding *x, int unmasked, buf *out);

/* Runs every rule over the loaded facts, with each finding's key, place and state. Member names are
 * masked unless unmasked. */
int check_run(store *s, const facts *f, int unmasked, findings *out, fg_err *e);
void findings_free(findings *fs);
/* *to: the findings from with the states stored now (the findings themselves unchanged: for a
 * state changed since from was computed, store_findings_unchanged_since). The texts' blocks are
 * shared with from (counted: either may be freed first). In a read moment. */
int findings_restate(store *s, const findings *from, findings *to, fg_err *e);

/* *out: prev, the findings of f's region and date before writes that changed only numbers and
 * flags of the enterprises ents or closed or reopened them (store_changes_since's
 * STORE_CHANGES_ENTS and its fields), found again from f (facts_patch of prev's facts): the
 * enterprise rules run for those enterprises alone and their findings spliced into prev's, in the
 * same order as check_run's, with the states stored now. Member names masked. FACTS_REDO (nothing
 * held) when that cannot be exact (facts_patchable says): check_run then. With STORE_ORG
 * (organisations' fields; ents the enterprises they cover) the findings of every organisation
 * covering ents are found again too (on_org), on today only and not with meetings or study records
 * at the same time (the organisations' 组织生活 would be found twice).
 * Texts' blocks shared with prev as findings_restate's. In a read moment. */
int check_patch(store *s, const facts *f, const findings *prev, const int64_t *ents, size_t nents, store_fields fields,
		findings *out, fg_err *e);

/* How findings_since made its findings: prev's with the states stored now, or prev patched; and
 * (check_kept) found afresh. */
typedef enum findings_how { FINDINGS_RESTATED, FINDINGS_PATCHED, FINDINGS_FOUND } findings_how;
/* The region's facts at the caller's moment, when findings_since needs them (0, or an error). */
typedef int (*findings_facts)(void *ctx, const facts **f, fg_err *e);
/* What the writes after history id then leave of prev, the findings of a region and date found
 * at then (states or none) — the one decision the findings the command line keeps (check_kept) and
 * the web server's cached findings take. In the caller's read moment: FG_OK with *out and *how —
 * prev with the states stored now when nothing the findings read changed (store_changes_since;
 * findings_restate), or prev patched from the facts now (facts_now(ctx, …)) after writes
 * check_patch takes —; FACTS_REDO when they must be found again (check_run); or an error. *out
 * shares prev's texts (either may be freed first). */
int findings_since(store *s, const findings *prev, int64_t then, findings_facts facts_now, void *ctx, findings *out,
		   findings_how *how, fg_err *e);
/* check_run's findings (member names masked) of f, read at this moment, by way of the findings
 * kept in the database for f's region and date (table facts_kept, mode KEPT_MODE_FINDINGS) when
 * they are (findings_since); on a connection that keeps facts (store_keep_facts) those found
 * afresh are kept, and those restated have their stamp raised, once the outermost read moment
 * ends. facts_kept_for(f) 0: check_run. how, when not NULL: which of findings_how. */
int check_kept(store *s, const facts *f, findings *out, findings_how *how, fg_err *e);

/* The findings as bytes appended to out (report/findings_snap.c), for f's region and date: read
 * back by findings_snap_read of the same build only. Their states are not written. */
void findings_snap_write(const findings *fs, const facts *f, buf *out);
/* The findings of bytes findings_snap_write wrote for f's region and date: 0 with *out (every state
 * 待整改: the caller reads the stored ones, findings_restate; findings_free), -1 with *out empty
 * when they are not such bytes. Never reads outside the bytes. */
int findings_snap_read_from(const byte_source *src, const facts *f, findings *out);

void findings_text(const findings *fs, const facts *f, buf *out);
/* The rule of that id ("pocket_member"), or NULL. */
const check_rule *check_rule_find(const char *id);
/* The findings as JSON: region, as_of, by_rule (every rule's count), by_state (the counts of the
 * states, open the 待整改 and 整改中), and the findings finding_selected passes (total counts those):
 * each with rule, title, subject, detail, basis, key (ID numbers masked unless unmasked), ref,
 * state, state_label, note, person, date, street, community. */
void findings_json(const findings *fs, const facts *f, const check_rule *only, int filter, int unmasked,
		   buf *out);
/* The same bytes in parts, for a response written as it is sent: the head (up to the findings
 * array's "["), the findings from *at until out holds at least until bytes (1 once all are
 * written), then the tail. at starts zeroed. */
typedef struct findings_json_pos {
	size_t i; /* the next finding of fs->v to look at */
	size_t n; /* findings written */
} findings_json_pos;
void findings_json_head(const findings *fs, const facts *f, const check_rule *only, int filter, buf *out);
int findings_json_items(const findings *fs, const check_rule *only, int filter, int unmasked, findings_json_pos *at,
			size_t until, buf *out);
void findings_json_tail(const findings_json_pos *at, buf *out);
/* The findings finding_selected passes as an XLSX sheet (keys and subjects as in fs, keys masked
 * unless unmasked). */
int findings_xlsx(const findings *fs, const facts *f, const check_rule *only, int filter, int unmasked,
		  const char *path, fg_err *e);

#endif
