/* query — the ledgers as the web pages and the JSON API read them: filtered, paginated, sorted in
 * pinyin order, and always inside a scope that is part of the SQL, so that a row outside it is never
 * read. The page and the API call that show the same thing call the same function here.
 *
 * SCOPE. A store_filter names what the reader may see:
 *   region_id 0 or 1        the district
 *   region_id street/comm.  that region and its communities
 *   region_id -1            no region (AUTH_NO_REGION): nothing, unless org_id is set
 *   org_id (not 0)          an organisation's secretary: the organisation, the enterprises it covers
 *                           (active links), the members lodged in it or employed by those enterprises,
 *                           the instructors assigned to those enterprises; region_id is then ignored
 *   zone_id                 ignored (zones are not scopes; narrow with query_list.zone_id)
 * What lies inside a region scope:
 *   enterprise   its community lies in the region
 *   organisation its street or community lies in the region, or it covers (active link) an
 *                enterprise of the region
 *   member       the employer lies in the region; a member without employer: the organisation does
 *   instructor   the 派出单位 lies in the region, or it is assigned (active) to an enterprise of it
 *   meeting, secretary   of an organisation inside the scope
 *   study        of a member inside the scope
 *   visit        to an enterprise inside the scope
 *   training     the district's readers, or with a trainee from an enterprise inside the scope
 *   trainee      the district's readers, or from an enterprise inside the scope
 *   campaign     the district's readers; a street or community: its range overlaps the region;
 *                a secretary: with a task for an enterprise the organisation covers
 *   task         of an enterprise inside the scope
 * Lists of covered/assigned enterprises inside a row (覆盖企业, 指导企业) hold only those in scope.
 *
 * Rows come to a callback as canonical text, exactly as store_each and the exporter produce them,
 * plus the facts a list shows beside them. Strings are valid only during the callback. */
#ifndef FGDJ_QUERY_H
#define FGDJ_QUERY_H
#include <stdint.h>

#include "core/ledger.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

#define QUERY_PAGE_SIZE 50  /* rows of a list page */
#define QUERY_MAX_LIMIT 500 /* rows an API list returns at most */

/* What to list. Zeroed means everything in the scope; set only what narrows it. */
typedef struct query_list {
	int today;            /* day number: coverage state and 五清 are computed for this day */
	const char *q;        /* substring of the name (enterprises also: of the USCC, any case) */
	int64_t region_id;    /* a street or community (enterprises, orgs, members: by the employer) */
	int64_t zone_id;      /* enterprises */
	const char *status;   /* enterprises: 经营状态; members: 人员类别 */
	int cov;              /* enterprises: 0 any, else 1 + cov_state (rules.h); adds to sets */
	int incomplete;       /* enterprises: only those whose 五清 is incomplete; adds to sets */
	const char *kind;     /* orgs: 组织类别; meetings: 活动类型; trainings: 类型; tasks: 状态 */
	const char *mode;     /* orgs: 组建方式 */
	int64_t parent_id;    /* orgs: children of this organisation; tasks: of this campaign */
	int64_t org_id;       /* members: lodged in this organisation; meetings, secretaries: its own */
	int64_t employer_id;  /* members: employed by this enterprise; visits, trainees: of it */
	const char *relation; /* members: 组织关系状态 */
	int pocket;           /* members: 口袋党员 — no organisation, not 停止党籍 */
	int disclosed;        /* members: those members_disclosed counts on `today` (亮明身份) */
	int formal;           /* members: those members_formal counts on `today` (正式党员 by 工作单位) */
	unsigned sets;        /* enterprises: only those in every set of these bits (core/metrics.h ENT_SET_*),
			       * as the statistics decide them on `today` */
	const char *from, *to; /* party-work records: dated from / to (YYYY-MM-DD, inclusive) */
	int closed;           /* enterprises, orgs, members, instructors: deregistered ones too (含已撤销) */
	int64_t limit;        /* rows to return; 0 = all */
	int64_t offset;
} query_list;

/* The enterprise sets q asks for: sets with cov and incomplete as their bits. */
unsigned query_ent_sets(const query_list *q);

/* One row: canonical text and what is shown beside it. */
typedef struct query_row {
	ledger_kind kind;
	const ledger_rec *rec;     /* ledger column order; NULL = empty */
	int64_t id;                /* the row id (the number in page URLs) */
	int64_t version;           /* counts the row's changes (store_put): what a save checks */
	int cov;                   /* enterprises: cov_state on query_list.today */
	int complete;              /* enterprises: 五清 complete (metrics_ledger_complete) */
	int64_t parent_id;         /* orgs: 0 = none */
	int64_t members;           /* orgs: lodged members, not 停止党籍 */
	int64_t employer_id;       /* members: 0 = none */
	int64_t org_id;            /* members: 0 = none */
	const char *employer_name; /* members: NULL = none */
} query_row;

typedef int (*query_fn)(void *ctx, const query_row *row);

/* Counts the rows of q inside scope into *total, then calls fn for the page q->limit/offset of
 * them in pinyin order of the name (then by key). Stops when fn returns non-zero and returns that
 * value; else FG_OK, or FG_EFAIL with e filled. */
int query_list_rows(store *s, ledger_kind kind, const store_filter *scope, const query_list *q, int64_t *total,
		    query_fn fn, void *ctx, fg_err *e);

/* One row inside scope, by row id (id != 0) or by key (enterprise USCC, organisation name, member
 * ID number; instructors and the party-work records by id only). Calls fn once when found. Returns 1 found, 0 not found or
 * outside the scope (the same answer on purpose), -1 on a database error (e filled). */
int query_get(store *s, ledger_kind kind, const store_filter *scope, int64_t id, const char *key, int today,
	      query_fn fn, void *ctx, fg_err *e);

/* Row id of the row of that key inside scope, or 0 (missing and outside look the same). */
int64_t query_visible(store *s, ledger_kind kind, const store_filter *scope, const char *key);

/* The id of the row holding rec's key anywhere in the district, whatever the scope, or 0: a new row
 * must not take over an existing one (store_put would update it). */
int64_t query_key_id(store *s, const ledger_def *def, const ledger_rec *rec);

/* A coverage link or an instructor assignment, seen from one side. */
typedef struct query_link {
	int64_t id;         /* the other side's row id */
	const char *key;    /* enterprise: USCC; organisation: name; instructor: "姓名/派出单位" */
	const char *name;   /* enterprise or organisation name, instructor's name */
	const char *detail; /* organisation: 组建方式; instructor: 派出单位; enterprise: 所属社区 */
	const char *start;  /* YYYY-MM-DD */
	const char *end;    /* NULL while active */
} query_link;

typedef enum query_link_kind {
	LINK_ENT_ORGS,        /* organisations covering enterprise id (every link, ended ones too) */
	LINK_ENT_INSTRUCTORS, /* instructors assigned to enterprise id */
	LINK_ORG_ENTS,        /* enterprises covered by organisation id, inside scope */
	LINK_INSTR_ENTS,      /* enterprises assigned to instructor id, inside scope */
} query_link_kind;

/* Calls fn for every link (active first, then by start date). For LINK_ORG_ENTS and
 * LINK_INSTR_ENTS *hidden (may be NULL) receives the number of links to enterprises outside scope.
 * The owner id must already have been found inside scope. FG_OK, fn's value or FG_EFAIL. */
int query_links(store *s, query_link_kind k, const store_filter *scope, int64_t id, int *hidden,
		int (*fn)(void *ctx, const query_link *l), void *ctx, fg_err *e);


/* The districts (of a city), streets and communities inside scope, by level from the top, each
 * level in pinyin order; a street named by its path. parent_id of a
 * street is the district. */
int query_regions(store *s, const store_filter *scope,
		  int (*fn)(void *ctx, int64_t id, int64_t parent_id, const char *level, const char *name), void *ctx,
		  fg_err *e);
/* Zones holding at least one enterprise inside scope, in pinyin order. */
int query_zones(store *s, const store_filter *scope, int (*fn)(void *ctx, int64_t id, const char *name, const char *kind),
		void *ctx, fg_err *e);

/* The districts (of a city), streets and communities inside region scope (0 or 1: all; the root
 * itself is not listed), with above also the regions above scope (the street holding a community),
 * in id order: for pickers. A street is named by its path ("区县/街道" in a city). */
int store_regions_each(store *s, int64_t scope, int above,
		       int (*fn)(void *ctx, int64_t id, int64_t parent, const char *level, const char *name), void *ctx,
		       fg_err *e);

#endif
