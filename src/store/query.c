/* Scoped, filtered, paginated reads of the ledgers for the web pages and the API: see query.h.
 *
 * Every statement binds the same numbered parameters, so one binder serves them all:
 *   ?1 scope region  ?2 scope organisation  ?3 the day (YYYY-MM-DD)  ?4 LIKE pattern of the search
 *   ?5 region filter ?6 zone  ?7 status  ?10 row id
 *   ?11 key  ?12 limit  ?13 offset  ?14 organisation filter  ?15 employer  ?16 relation
 *   ?17 pocket members  ?18 organisation kind  ?19 formation mode  ?20 parent organisation
 *   ?21 the narrowest region known (filter, else a region scope; 0 none): repeats ?5 and the scope
 *       as a plain IN on the community, which SQLite answers from the enterprise_community index
 *   ?22 first day  ?23 last day (party-work records by their date)
 *   ?28 members counted as 亮明身份 on the day (the figure members_disclosed), ?29 those counted
 *       formal on the day (members_formal)
 *   ?33 … ?38 enterprises in the sets a figure counts (ENT_SETS_FILTER below)
 *   ?39 1: deregistered records too (含已撤销, query_list.closed; store/scope_sql.h RECORD_LISTED)
 *   ?30 the name search as a full-text query (core/search.h), ?31 a credit code or ID number prefix
 *       as a LIKE pattern, ?32 1 when a search was given (so that one with nothing to search by
 *       finds nothing): enterprises, organisations and members
 *   ?24 ?25 the first page key (name_key, then USCC, name or ID number) and ?26 ?27 the key after
 *       the page, ?40 … the row ids of a page: enterprises, organisations, members and
 *       instructors, read by kept sort keys (below, "pages by stored sort keys")
 * A page is chosen by an inner query that returns only row ids (ORDER BY … LIMIT), so the
 * per-row extras (coverage state, member counts) are computed for the rows shown, not for all. */
#include "store/query.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"
#include "core/search.h"
#include "store/history_query.h"
#include "store/ledger_sql.h"
#include "store/party_sql.h"
#include "store/query_int.h"
#include "store/rating_store.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "store/users.h"
#include "util/date.h"

/* ---- scopes as SQL: store/scope_sql.h, with the scope in ?1 (region) and ?2 (organisation) ---- */

#define ORG_SCOPE SCOPE_ORG("?1", "?2")
#define VISIT_SCOPE SCOPE_VISIT("?1", "?2")
#define MEM_SCOPE SCOPE_MEM("?1", "?2")
#define INS_SCOPE SCOPE_INS("?1", "?2")

/* ---- enterprises ---- */

/* The coverage state (rules.h cov_state) of e on ?3 (store/scope_sql.h ENT_COV_ON). */
#define ENT_COV ENT_COV_ON("e.id", "?3")
/* The same, read from the state kept on write (ex, store/extras.c) when ?3 lies in the days it
 * holds for, else computed. */
#define ENT_COV_KEPT                                                                                 \
	"CASE WHEN ex.enterprise_id IS NOT NULL AND (ex.cov_from IS NULL OR ex.cov_from <= ?3) AND (ex.cov_until IS NULL OR ?3 < ex.cov_until)" \
	" THEN ex.cov ELSE " ENT_COV " END"

/* The formal members and the instructors of e on ?3, as the statistics count them (scan.c):
 * one index range each (member_employer, assignment_enterprise). */
#define ENT_FORMAL                                                                                   \
	"(SELECT count(*) FROM member m WHERE m.employer_id = e.id AND " MEMBER_COUNTED("m.", "?3")     \
	" AND " MEMBER_FORMAL("m.", "?3") ")"
#define ENT_INSTRUCTORS "(SELECT count(*) FROM assignment sa WHERE sa.enterprise_id = e.id AND " ASSIGNMENT_ACTIVE("sa.", "?3") ")"

/* The sets the figures count (core/metrics.h ENT_SET_*; ?33 the bits asked for, ?34 ?35 the
 * thresholds 三有 and 单独建, ?36 ?37 ?38 whether the bits asked need the formal members, the
 * coverage state, the instructors): metrics_ent_sets itself, through fg_ent_sets. The first term
 * decides 三有 from the row alone, so the subqueries of the second run for 三有 rows only. */
#define ENT_SETS_FILTER                                                                              \
	" AND ((?33 & 1) = 0 OR (fg_ent_sets(" ENT_RULE_FACTS("e.") ", 0, 0, 0, 0, 0, 0, 0, ?34, ?35) & 1) = 1)" \
	" AND (?33 = 0 OR (fg_ent_sets(" ENT_RULE_FACTS("e.") ", CASE WHEN ?36 <> 0 THEN " ENT_FORMAL " ELSE 0 END," \
	" CASE WHEN ?37 <> 0 THEN " ENT_COV " ELSE 0 END, CASE WHEN ?38 <> 0 THEN " ENT_INSTRUCTORS " ELSE 0 END, "   \
	ENT_FIVE_CLEARS("e.") ", ?34, ?35) & ?33) = ?33)"

#define ENT_FILTER ENT_FILTER_NOT_NARROW ENT_NARROW
#define ENT_FILTER_NOT_NARROW                                                                        \
	" AND (?32 = 0 OR ?30 IS NOT NULL AND e.id IN (SELECT rowid FROM enterprise_search(?30))"  \
	" OR e.uscc LIKE ?31)"                                                                         \
	" AND (?5 = 0 OR " SCOPE_IN_REGION("c.id", "?5") ") AND (?6 = 0 OR e.zone_id = ?6)"            \
	" AND (?7 IS NULL OR e.status = ?7) AND " RECORD_LISTED("e.", "?39") ENT_SETS_FILTER

/* The narrowest region as a plain IN on the community (?21, 0 none), which SQLite answers from the
 * enterprise_community index; left out where none is known, or SQLite walks every community. */
#define ENT_NARROW " AND (?21 = 0 OR " SCOPE_IN_REGION("e.community_id", "?21") ")"

#define ENT_FROM LEDGER_ENT_FROM " LEFT JOIN ent_extra ex ON ex.enterprise_id = e.id"
#define ENT_COLS "SELECT " LEDGER_ENT_COLS ", e.id, " ENT_COV_KEPT ", e.version"
#define ENT_ORDER " ORDER BY e.name_key, e.uscc" /* name_key: pinyin order by memcmp */

/* ---- organisations ---- */

/* Active covered enterprises inside the scope, as the canonical list. */
#define ORG_COVERS LEDGER_COVERS(ENT_SCOPE)

#define ORG_FILTER                                                                                   \
	" AND (?32 = 0 OR ?30 IS NOT NULL AND o.id IN (SELECT rowid FROM org_search(?30)))"          \
	" AND (?5 = 0 OR " SCOPE_ORG_IN_REGION("o", "?5") ")"                                          \
	" AND (?18 IS NULL OR o.kind = ?18) AND (?19 IS NULL OR o.mode = ?19)"                          \
	" AND (?20 = 0 OR o.parent_id = ?20) AND " RECORD_LISTED("o.", "?39")

/* The covered enterprises and the members of a row kept on write (ox, store/extras.c): the kept
 * list is every active link's, so it serves the readers of the whole territory; any other scope
 * lists those inside it. */
#define ORG_COVERS_KEPT "CASE WHEN ox.org_id IS NOT NULL AND " SCOPE_DISTRICT("?1", "?2") " THEN ox.covers ELSE " ORG_COVERS " END"
#define ORG_MEMBERS_KEPT "CASE WHEN ox.org_id IS NOT NULL THEN ox.members ELSE " LEDGER_ORG_MEMBERS " END"

#define ORG_BASE " FROM org o"
#define ORG_FROM LEDGER_ORG_FROM_HELD(ORG_SCOPED_HELD("p.")) " LEFT JOIN org_extra ox ON ox.org_id = o.id"
/* The hint for a row (alias a with its dot) read with or again after an organisation or member in
 * the scope (scope_sql.h SCOPE_HELD_FOR): the parent, a member's organisation, the page's rows. */
#define ORG_SCOPED_HELD(a) SCOPE_HELD_FOR(a "district_id", "?1", "?2")
#define ORG_COLS                                                                                     \
	"SELECT " LEDGER_ORG_COLS(ORG_COVERS_KEPT) ", o.id, coalesce(o.parent_id, 0), " ORG_MEMBERS_KEPT ", o.version"
#define ORG_ORDER " ORDER BY o.name_key, o.name"

/* ---- members ---- */

#define MEM_FILTER                                                                                   \
	" AND (?32 = 0 OR ?30 IS NOT NULL AND m.id IN (SELECT rowid FROM member_search(?30))"      \
	" OR m.idno LIKE ?31) AND (?5 = 0 OR " SCOPE_MEM_EMPLOYER_IN("?5") ")"                       \
	" AND (?7 IS NULL OR m.status = ?7) AND (?14 = 0 OR m.org_id = ?14)"                            \
	" AND (?15 = 0 OR m.employer_id = ?15) AND (?16 IS NULL OR m.relation = ?16)"                   \
	" AND (?17 = 0 OR (m.org_id IS NULL AND m.relation <> '停止党籍'))"                           \
	" AND (?28 = 0 OR (" MEMBER_COUNTED("m.", "?3") " AND m.disclosed = 1))"                       \
	" AND (?29 = 0 OR (" MEMBER_COUNTED("m.", "?3") " AND " MEMBER_FORMAL("m.", "?3") "))"          \
	" AND " RECORD_LISTED("m.", "?39")

#define MEM_BASE " FROM member m"
#define MEM_FROM LEDGER_MEM_FROM_HELD(SCOPE_HELD("e.district_id", "?1", "?2"), ORG_SCOPED_HELD("o."))
#define MEM_COLS "SELECT " LEDGER_MEM_COLS ", m.id, coalesce(m.employer_id, 0), coalesce(m.org_id, 0), e.name, m.version"
#define MEM_ORDER " ORDER BY m.name_key, m.idno"

/* ---- instructors ---- */

#define INS_COVERS LEDGER_ASSIGNED(ENT_SCOPE)
#define INS_FILTER                                                                                   \
	" AND (?4 IS NULL OR i.name LIKE ?4 ESCAPE '!' OR i.unit LIKE ?4 ESCAPE '!')"                    \
	" AND (?5 = 0 OR " SCOPE_IN_REGION("r.id", "?5") ") AND " RECORD_LISTED("i.", "?39")
#define INS_FROM LEDGER_INS_FROM
/* The assigned enterprises kept on write (ix), as ORG_COVERS_KEPT. */
#define INS_COVERS_KEPT "CASE WHEN ix.instructor_id IS NOT NULL AND " SCOPE_DISTRICT("?1", "?2") " THEN ix.covers ELSE " INS_COVERS " END"
#define INS_ROW_FROM INS_FROM " LEFT JOIN ins_extra ix ON ix.instructor_id = i.id"
#define INS_COLS "SELECT " LEDGER_INS_COLS(INS_COVERS_KEPT) ", i.id, i.version"
#define INS_ORDER " ORDER BY i.name_key, i.unit"

/* ---- the statements of each ledger ---- */

typedef struct ledger_sql {
	const char *count, *page, *by_id, *by_key;
} ledger_sql;

static const ledger_sql SQL[LEDGER_NKINDS] = {
	{"SELECT count(*)" ENT_BASE " WHERE " ENT_SCOPE ENT_FILTER,
	 ENT_COLS ENT_FROM " WHERE e.id IN (SELECT e.id" ENT_BASE " WHERE " ENT_SCOPE ENT_FILTER ENT_ORDER
			   " LIMIT ?12 OFFSET ?13)" ENT_HELD ENT_ORDER,
	 ENT_COLS ENT_FROM " WHERE e.id = ?10 AND " ENT_SCOPE,
	 ENT_COLS ENT_FROM " WHERE e.uscc = ?11 AND " ENT_SCOPE},
	{"SELECT count(*)" ORG_BASE " WHERE " ORG_SCOPE ORG_FILTER,
	 ORG_COLS ORG_FROM " WHERE o.id IN (SELECT o.id" ORG_BASE " WHERE " ORG_SCOPE ORG_FILTER ORG_ORDER
			   " LIMIT ?12 OFFSET ?13)" ORG_SCOPED_HELD("o.") ORG_ORDER,
	 ORG_COLS ORG_FROM " WHERE o.id = ?10 AND " ORG_SCOPE,
	 ORG_COLS ORG_FROM " WHERE o.name = ?11 AND " ORG_SCOPE},
	{"SELECT count(*)" MEM_BASE " WHERE " MEM_SCOPE MEM_FILTER,
	 MEM_COLS MEM_FROM " WHERE m.id IN (SELECT m.id" MEM_BASE " WHERE " MEM_SCOPE MEM_FILTER MEM_ORDER
			   " LIMIT ?12 OFFSET ?13)" ORG_SCOPED_HELD("m.") MEM_ORDER,
	 MEM_COLS MEM_FROM " WHERE m.id = ?10 AND " MEM_SCOPE,
	 MEM_COLS MEM_FROM " WHERE m.idno = ?11 AND " MEM_SCOPE},
	{"SELECT count(*)" INS_FROM " WHERE " INS_SCOPE INS_FILTER,
	 INS_COLS INS_ROW_FROM " WHERE i.id IN (SELECT i.id" INS_FROM " WHERE " INS_SCOPE INS_FILTER INS_ORDER
			  " LIMIT ?12 OFFSET ?13)" INS_ORDER,
	 INS_COLS INS_ROW_FROM " WHERE i.id = ?10 AND " INS_SCOPE,
	 NULL},
	PARTY_SQL(LEDGER_MEET_COLS, LEDGER_MEET_FROM, "mt", ORG_SCOPE, MEET_FILTER, MEET_ORDER),
	PARTY_SQL(LEDGER_STUDY_COLS, LEDGER_STUDY_FROM, "st", MEM_SCOPE, STUDY_FILTER, STUDY_ORDER),
	PARTY_SQL(LEDGER_SEC_COLS, LEDGER_SEC_FROM, "sy", ORG_SCOPE, SEC_FILTER, SEC_ORDER),
	PARTY_SQL(LEDGER_VISIT_COLS, LEDGER_VISIT_FROM, "vi", VISIT_SCOPE, VISIT_FILTER, VISIT_ORDER),
	PARTY_SQL(LEDGER_TRAIN_COLS, LEDGER_TRAIN_FROM, "tr", SCOPE_TRAINING("?1", "?2"), TRAIN_FILTER, TRAIN_ORDER),
	PARTY_SQL(LEDGER_TRAINEE_COLS, LEDGER_TRAINEE_FROM, "te", SCOPE_TRAINEE("?1", "?2"), TRAINEE_FILTER,
		  TRAINEE_ORDER),
	PARTY_SQL(LEDGER_DEV_COLS, LEDGER_DEV_FROM, "dv", ORG_SCOPE, DEV_FILTER, DEV_ORDER),
	PARTY_SQL(LEDGER_TF_COLS, LEDGER_TF_FROM, "tf", ORG_SCOPE, TF_FILTER, TF_ORDER),
	PARTY_SQL(LEDGER_DUES_COLS, LEDGER_DUES_FROM, "du", MEM_SCOPE, DUES_FILTER, DUES_ORDER),
	PARTY_SQL(LEDGER_CP_COLS, LEDGER_CP_FROM, "cp", SCOPE_CAMPAIGN("?1", "?2"), CP_FILTER, CP_ORDER),
	PARTY_SQL(LEDGER_TK_COLS, LEDGER_TK_FROM, "tk", ENT_SCOPE, TK_FILTER, TK_ORDER),
	PARTY_SQL(LEDGER_RL_COLS, LEDGER_RL_FROM, "rl", ENT_SCOPE, RL_FILTER, RL_ORDER),
	PARTY_SQL(LEDGER_FU_COLS, LEDGER_FU_FROM, "fu", ORG_SCOPE, FU_FILTER, FU_ORDER),
	PARTY_SQL(LEDGER_RB_COLS, LEDGER_RB_FROM, "rb", "?1 = ?1 AND ?2 = ?2", RB_FILTER, RB_ORDER),
	PARTY_SQL(LEDGER_RT_COLS, LEDGER_RT_FROM, "rt", ORG_SCOPE, RT_FILTER, RT_ORDER),
	PARTY_SQL(LEDGER_DG_COLS, LEDGER_DG_FROM, "dg", ENT_SCOPE, DG_FILTER, DG_ORDER),
	PARTY_SQL(LEDGER_VN_COLS, LEDGER_VN_FROM, "vn", ORG_SCOPE, VN_FILTER, VN_ORDER),
};

/* The values behind the numbered parameters. */
typedef struct params {
	const store_filter *scope;
	const query_list *q;
	char day[11];
	buf like;    /* "%text%" with ! escaping, empty when no search */
	buf match;   /* the name search as a full-text query, empty when none */
	char code[40]; /* "PREFIX%" when the search looks like a code, else "" */
	int searched;
	int narrow;  /* a region narrows the list (?21 not 0) */
	int64_t id;
	const char *key;
	int min_employees, min_formal_single; /* the rules' thresholds (?34, ?35): set for enterprises */
} params;

/* ?21: the region filter, else a region scope, else 0. */
static int64_t narrowest(const params *p)
{
	int64_t region = p->scope ? p->scope->region_id : NO_REGION;
	int64_t org = p->scope ? p->scope->org_id : 0;
	int64_t filter = p->q && p->q->region_id != 1 ? p->q->region_id : 0;
	return filter ? filter : !org && region > 1 ? region : 0;
}

static void params_init(params *p, const store_filter *scope, const query_list *q, int today)
{
	memset(p, 0, sizeof *p);
	p->scope = scope;
	p->q = q;
	date_format(today, p->day);
	p->narrow = narrowest(p) != 0;
	if (q && q->q) {
		/* LIKE with '!' as the escape: the search text matches literally, % and _ included. */
		const char *t = q->q;
		while (*t == ' ')
			t++;
		if (*t) {
			buf_putc(&p->like, '%');
			for (; *t; t++) {
				if (*t == '%' || *t == '_' || *t == '!')
					buf_putc(&p->like, '!');
				buf_putc(&p->like, *t);
			}
			while (p->like.len > 1 && p->like.p[p->like.len - 1] == ' ')
				p->like.len--;
			buf_putc(&p->like, '%');
			p->searched = 1;
			search_match(q->q, &p->match);
			if (search_code_prefix(q->q, p->code, sizeof p->code - 1)) {
				size_t n = strlen(p->code); /* < sizeof p->code - 1: room for the % and the NUL */
				p->code[n] = '%';
				p->code[n + 1] = '\0';
			}
		}
	}
}

unsigned query_ent_sets(const query_list *q)
{
	static const unsigned BY_COV[] = {0, ENT_SET_UNCOVERED, ENT_SET_SINGLE, ENT_SET_JOINT, ENT_SET_AFFILIATED};
	unsigned sets = q->sets & ENT_SET_ALL;
	if (q->cov > 0 && q->cov <= COV_AFFILIATED + 1)
		sets |= BY_COV[q->cov];
	if (q->incomplete)
		sets |= ENT_SET_INCOMPLETE;
	return sets;
}

static void bind_opt_text(sql_st *st, int i, const char *v)
{
	sql_bind_text(st, i, v && *v ? v : NULL);
}

/* Binds every parameter the statement has; numbers beyond its last one are skipped. */
static void bind_params(sql_st *st, const params *p)
{
	static const query_list none;
	const query_list *q = p->q ? p->q : &none;
	int n = sql_param_count(st);
	int64_t region = p->scope ? p->scope->region_id : NO_REGION;
	int64_t org = p->scope ? p->scope->org_id : 0;
	int64_t v[40] = {0};
	v[1] = org ? NO_REGION : region;
	v[2] = org;
	v[5] = q->region_id == 1 ? 0 : q->region_id;
	v[6] = q->zone_id;
	unsigned sets = query_ent_sets(q);
	v[33] = sets;
	v[34] = p->min_employees;
	v[35] = p->min_formal_single;
	v[36] = (sets & ENT_NEEDS_FORMAL) != 0;
	v[37] = (sets & ENT_NEEDS_COV) != 0;
	v[38] = (sets & ENT_NEEDS_INSTRUCTORS) != 0;
	v[10] = p->id;
	v[12] = q->limit > 0 ? q->limit : INT64_MAX; /* no limit: a number both backends read (PostgreSQL refuses -1) */
	v[13] = q->offset > 0 ? q->offset : 0;
	v[14] = q->org_id;
	v[15] = q->employer_id;
	v[17] = q->pocket != 0;
	v[28] = q->disclosed != 0;
	v[29] = q->formal != 0;
	v[20] = q->parent_id;
	v[21] = narrowest(p);
	v[32] = p->searched;
	v[39] = q->closed != 0;
	for (int i = 1; i <= n && i <= 39; i++) {
		switch (i) {
		case 3:
			sql_bind_text(st, i, p->day);
			break;
		case 4:
			sql_bind_text(st, i, p->like.len ? p->like.p : NULL);
			break;
		case 7:
			bind_opt_text(st, i, q->status);
			break;
		case 11:
			bind_opt_text(st, i, p->key);
			break;
		case 16:
			bind_opt_text(st, i, q->relation);
			break;
		case 18:
			bind_opt_text(st, i, q->kind);
			break;
		case 19:
			bind_opt_text(st, i, q->mode);
			break;
		case 22:
			bind_opt_text(st, i, q->from);
			break;
		case 23:
			bind_opt_text(st, i, q->to);
			break;
		case 30:
			sql_bind_text(st, i, p->match.len ? buf_cstr(&p->match) : NULL);
			break;
		case 31:
			bind_opt_text(st, i, p->code);
			break;
		default:
			sql_bind_int64(st, i, v[i]);
		}
	}
}

void query_bind_scope(sql_st *st, const store_filter *scope)
{
	params p;
	params_init(&p, scope, NULL, date_today());
	bind_params(st, &p);
}

static int nonempty(const char *s)
{
	return s && *s;
}

/* Inside a write the kept extras (and the name search) of what it wrote are brought up to date
 * before they are read. */
static int read_fresh(store *s, fg_err *e)
{
	int ret = FG_OK;
	if (s->in_tx && (ret = store_search_flush(s, e)) == FG_OK)
		ret = store_extras_flush(s, e);
	return ret;
}

/* each_row once read_fresh was done. */
static int each_fresh_row(store *s, ledger_kind kind, sql_st *st, query_fn fn, void *ctx, int *found, fg_err *e)
{
	const ledger_def *def = ledger_get(kind);
	int nc = (int)def->ncols;
	rowtext rt = {0};
	int rc, ret = FG_OK;
	/* A rating's stars are not stored: they follow the thresholds in force when read. */
	rating_settings rcfg;
	char stars[12];
	if (kind == LEDGER_RATINGS)
		store_rating_settings(s, &rcfg);
	while ((rc = sql_step(st)) == SQL_ROW) {
		store_row_read(&rt, st, def);
		if (kind == LEDGER_RATINGS) {
			snprintf(stars, sizeof stars, "%d", rating_stars_of(&rcfg, rt.rec.f[RT_TOTAL], rt.rec.f[RT_VETO]));
			rt.rec.f[RT_STARS] = stars;
		}
		/* The version is every statement's last column: read with the row, so it is the row's. */
		query_row row = {.kind = kind, .rec = &rt.rec, .id = rt.id,
				 .version = sql_col_int64(st, sql_col_count(st) - 1)};
		switch (kind) {
		case LEDGER_ENTERPRISES: {
			row.cov = (int)sql_col_int64(st, nc + 1);
			ent_fact ef = {
				.op_info = (unsigned char)nonempty(rt.rec.f[E_OP_INFO]),
				.staff_info = (unsigned char)nonempty(rt.rec.f[E_STAFF_INFO]),
				.investor = (unsigned char)nonempty(rt.rec.f[E_INVESTOR]),
				.no_org_reason = (unsigned char)nonempty(rt.rec.f[E_NO_ORG_REASON]),
			};
			row.complete = metrics_ledger_complete(&ef, (cov_state)row.cov);
			break;
		}
		case LEDGER_ORGS:
			row.parent_id = sql_col_int64(st, nc + 1);
			row.members = sql_col_int64(st, nc + 2);
			break;
		case LEDGER_MEMBERS:
			row.employer_id = sql_col_int64(st, nc + 1);
			row.org_id = sql_col_int64(st, nc + 2);
			row.employer_name = sql_col_text(st, nc + 3);
			break;
		default:
			break;
		}
		if (found)
			(*found)++;
		if ((ret = fn(ctx, &row)) != 0)
			break;
	}
	if (!ret && rc != SQL_DONE)
		ret = db_err(s, e, "读取台账");
	sql_reset(st);
	buf_free(&rt.b);
	return ret;
}

/* Runs st (already bound) and calls fn for each row. */
static int each_row(store *s, ledger_kind kind, sql_st *st, query_fn fn, void *ctx, int *found, fg_err *e)
{
	int ret = read_fresh(s, e);
	if (ret != FG_OK) {
		sql_reset(st);
		return ret;
	}
	return each_fresh_row(s, kind, st, fn, ctx, found, e);
}

static void put_opt(buf *b, const char *v)
{
	buf_printf(b, "%s%s\x1f", v ? "=" : "-", v ? v : "");
}

/* Everything that decides the rows of a list, as text; 0 when the list may not be kept. */
static int list_id(store *s, ledger_kind kind, const params *p, buf *out)
{
	const char *file = store_cache_name(s);
	if (!file)
		return 0;
	static const query_list none;
	const query_list *q = p->q ? p->q : &none;
	buf_printf(out, "%s\x1f%d\x1f%lld\x1f%lld\x1f%s\x1f", file, (int)kind,
		   (long long)(p->scope ? p->scope->region_id : NO_REGION), (long long)(p->scope ? p->scope->org_id : 0),
		   p->day);
	buf_printf(out, "%lld\x1f%lld\x1f%u\x1f%d\x1f%d\x1f%lld\x1f%lld\x1f%lld\x1f%d\x1f%d\x1f%d\x1f%d\x1f%d\x1f",
		   (long long)q->region_id, (long long)q->zone_id, query_ent_sets(q), p->min_employees,
		   p->min_formal_single, (long long)q->parent_id, (long long)q->org_id, (long long)q->employer_id,
		   q->pocket != 0, q->disclosed != 0, q->formal != 0, p->searched, q->closed != 0);
	put_opt(out, q->status);
	put_opt(out, q->kind);
	put_opt(out, q->mode);
	put_opt(out, q->relation);
	put_opt(out, q->from);
	put_opt(out, q->to);
	put_opt(out, p->match.len ? buf_cstr((buf *)&p->match) : NULL);
	put_opt(out, p->code);
	put_opt(out, p->like.len ? buf_cstr((buf *)&p->like) : NULL);
	return 1;
}
/* ---- pages by stored sort keys (query_keys.c) ----
 *
 * The enterprise, organisation, member and instructor lists are read by keyset, not by OFFSET:
 * per kind, the pass over the sort keys of the whole filtered list in order (sort key, second key,
 * row id; [narrowed to a region]), one page between two kept keys — from the lower key ?24/?25 on,
 * before the upper one ?26/?27 ([bounded]), skipping ?13 rows — and a page by its row ids (?40 …).
 * The sort-order indexes (enterprise_order, enterprise_community: v18; org_order, member_order:
 * v25) serve the ranges in order. Instructors have no stored sort key (their order is a collation):
 * their pass keeps the row ids only, and pages by ids. */
#define PK_KEYS_OF(key, id, base, scope, f, order) "SELECT " key ", " id base " WHERE " scope f order
/* held: what else holds for the rows the scoped part chose (scope_sql.h SCOPE_ENT_HELD, SCOPE_HELD_FOR). */
#define PK_PAGE_OF(cols, from, key, id, base, scope, f, to, order, held)                             \
	cols from " WHERE " id " IN (SELECT " id base " WHERE " scope f " AND (" key ") >= (?24, ?25)" to \
	order " LIMIT ?12 OFFSET ?13)" held order
#define PK_TO(key) " AND (" key ") < (?26, ?27)"
#define PK_PAGES(cols, from, key, id, base, scope, f, order, held)                                   \
	{PK_PAGE_OF(cols, from, key, id, base, scope, f, "", order, held),                             \
	 PK_PAGE_OF(cols, from, key, id, base, scope, f, PK_TO(key), order, held)}

#define ENT_KEY "e.name_key, e.uscc"
#define ENT_FILTER_WIDE ENT_FILTER_NOT_NARROW " AND ?21 = 0" /* without ENT_NARROW; ?21 = 0 there */
#define ORG_KEY "o.name_key, o.name"
#define MEM_KEY "m.name_key, m.idno"

/* A party-work ledger (PARTY_SQL's parts; table alias a): no sort keys kept — its order has several
 * columns, some descending, some joined — but an index serving the order's first column(s) (the
 * date of meetings, study, funding …; SQLite sorts only the rows sharing them). A page is the ids
 * of a walk of the order from the nearer end (forward from page 1, backward from the last page),
 * the row id last in the order making it total; its count and its ids are kept per state
 * (party_page below). */
#define PK_PARTY(kind, cols, from, a, scope, f, order) PK_PARTY_WALK(kind, cols, from, from, "", a, scope, f, order)
/* The same with the walk's tables in the order of its loops (walk, their joins in join), where
 * SQLite would otherwise not drive the walk from the order's index (party_sql.h TRAINEE_WALK …). */
#define PK_PARTY_WALK(kind, cols, from, walk, join, a, scope, f, order)                             \
	[kind] = {{NULL, NULL}, {{NULL, NULL}, {NULL, NULL}}, a ".id",                                   \
		  "SELECT " cols ", " a ".id, " a ".version" from, scope, order ", " a ".id",             \
		  "SELECT " a ".id" walk " WHERE " join scope f, from}

typedef struct pk_sql {
	const char *keys[2];    /* [narrowed to a region] */
	const char *page[2][2]; /* [narrowed][bounded]; NULL: no sort keys, pages by ids only */
	const char *id, *cols_from, *scope, *order; /* of the page by ids */
	const char *party, *from; /* a party-work ledger: its ids in scope and filters, its tables */
} pk_sql;

static const pk_sql PK_SQL[] = {
	[LEDGER_ENTERPRISES] = {
		{PK_KEYS_OF(ENT_KEY, "e.id", ENT_BASE, ENT_SCOPE, ENT_FILTER_WIDE, ENT_ORDER),
		 PK_KEYS_OF(ENT_KEY, "e.id", ENT_BASE, ENT_SCOPE, ENT_FILTER, ENT_ORDER)},
		{PK_PAGES(ENT_COLS, ENT_FROM, ENT_KEY, "e.id", ENT_BASE, ENT_SCOPE, ENT_FILTER_WIDE, ENT_ORDER, ENT_HELD),
		 PK_PAGES(ENT_COLS, ENT_FROM, ENT_KEY, "e.id", ENT_BASE, ENT_SCOPE, ENT_FILTER, ENT_ORDER, ENT_HELD)},
		"e.id", ENT_COLS ENT_FROM, ENT_SCOPE, ENT_ORDER, NULL, NULL},
	[LEDGER_ORGS] = {
		{PK_KEYS_OF(ORG_KEY, "o.id", ORG_BASE, ORG_SCOPE, ORG_FILTER, ORG_ORDER),
		 PK_KEYS_OF(ORG_KEY, "o.id", ORG_BASE, ORG_SCOPE, ORG_FILTER, ORG_ORDER)},
		{PK_PAGES(ORG_COLS, ORG_FROM, ORG_KEY, "o.id", ORG_BASE, ORG_SCOPE, ORG_FILTER, ORG_ORDER, ORG_SCOPED_HELD("o.")),
		 PK_PAGES(ORG_COLS, ORG_FROM, ORG_KEY, "o.id", ORG_BASE, ORG_SCOPE, ORG_FILTER, ORG_ORDER, ORG_SCOPED_HELD("o."))},
		"o.id", ORG_COLS ORG_FROM, ORG_SCOPE, ORG_ORDER, NULL, NULL},
	[LEDGER_MEMBERS] = {
		{PK_KEYS_OF(MEM_KEY, "m.id", MEM_BASE, MEM_SCOPE, MEM_FILTER, MEM_ORDER),
		 PK_KEYS_OF(MEM_KEY, "m.id", MEM_BASE, MEM_SCOPE, MEM_FILTER, MEM_ORDER)},
		{PK_PAGES(MEM_COLS, MEM_FROM, MEM_KEY, "m.id", MEM_BASE, MEM_SCOPE, MEM_FILTER, MEM_ORDER, ORG_SCOPED_HELD("m.")),
		 PK_PAGES(MEM_COLS, MEM_FROM, MEM_KEY, "m.id", MEM_BASE, MEM_SCOPE, MEM_FILTER, MEM_ORDER, ORG_SCOPED_HELD("m."))},
		"m.id", MEM_COLS MEM_FROM, MEM_SCOPE, MEM_ORDER, NULL, NULL},
	[LEDGER_INSTRUCTORS] = {
		{PK_KEYS_OF("NULL, NULL", "i.id", INS_FROM, INS_SCOPE, INS_FILTER, INS_ORDER),
		 PK_KEYS_OF("NULL, NULL", "i.id", INS_FROM, INS_SCOPE, INS_FILTER, INS_ORDER)},
		{{NULL, NULL}, {NULL, NULL}},
		"i.id", INS_COLS INS_ROW_FROM, INS_SCOPE, INS_ORDER, NULL, NULL},
	PK_PARTY(LEDGER_MEETINGS, LEDGER_MEET_COLS, LEDGER_MEET_FROM, "mt", ORG_SCOPE, MEET_FILTER, MEET_ORDER),
	PK_PARTY(LEDGER_STUDY, LEDGER_STUDY_COLS, LEDGER_STUDY_FROM, "st", MEM_SCOPE, STUDY_FILTER, STUDY_ORDER),
	PK_PARTY(LEDGER_SECRETARIES, LEDGER_SEC_COLS, LEDGER_SEC_FROM, "sy", ORG_SCOPE, SEC_FILTER, SEC_ORDER),
	PK_PARTY(LEDGER_VISITS, LEDGER_VISIT_COLS, LEDGER_VISIT_FROM, "vi", VISIT_SCOPE, VISIT_FILTER, VISIT_ORDER),
	PK_PARTY(LEDGER_TRAININGS, LEDGER_TRAIN_COLS, LEDGER_TRAIN_FROM, "tr", SCOPE_TRAINING("?1", "?2"), TRAIN_FILTER,
		 TRAIN_ORDER),
	PK_PARTY_WALK(LEDGER_TRAINEES, LEDGER_TRAINEE_COLS, LEDGER_TRAINEE_FROM, TRAINEE_WALK, TRAINEE_WALK_JOIN, "te",
		      SCOPE_TRAINEE("?1", "?2"), TRAINEE_FILTER, TRAINEE_ORDER),
	PK_PARTY(LEDGER_DEVELOPMENT, LEDGER_DEV_COLS, LEDGER_DEV_FROM, "dv", ORG_SCOPE, DEV_FILTER, DEV_ORDER),
	PK_PARTY(LEDGER_TRANSFERS, LEDGER_TF_COLS, LEDGER_TF_FROM, "tf", ORG_SCOPE, TF_FILTER, TF_ORDER),
	PK_PARTY(LEDGER_DUES, LEDGER_DUES_COLS, LEDGER_DUES_FROM, "du", MEM_SCOPE, DUES_FILTER, DUES_ORDER),
	PK_PARTY(LEDGER_CAMPAIGNS, LEDGER_CP_COLS, LEDGER_CP_FROM, "cp", SCOPE_CAMPAIGN("?1", "?2"), CP_FILTER, CP_ORDER),
	PK_PARTY_WALK(LEDGER_TASKS, LEDGER_TK_COLS, LEDGER_TK_FROM, TK_WALK, TK_WALK_JOIN, "tk", ENT_SCOPE, TK_FILTER,
		      TK_ORDER),
	PK_PARTY(LEDGER_ROSTERS, LEDGER_RL_COLS, LEDGER_RL_FROM, "rl", ENT_SCOPE, RL_FILTER, RL_ORDER),
	PK_PARTY(LEDGER_FUNDING, LEDGER_FU_COLS, LEDGER_FU_FROM, "fu", ORG_SCOPE, FU_FILTER, FU_ORDER),
	PK_PARTY(LEDGER_RUBRIC, LEDGER_RB_COLS, LEDGER_RB_FROM, "rb", "?1 = ?1 AND ?2 = ?2", RB_FILTER, RB_ORDER),
	PK_PARTY(LEDGER_RATINGS, LEDGER_RT_COLS, LEDGER_RT_FROM, "rt", ORG_SCOPE, RT_FILTER, RT_ORDER),
	PK_PARTY(LEDGER_DESIGNATIONS, LEDGER_DG_COLS, LEDGER_DG_FROM, "dg", ENT_SCOPE, DG_FILTER, DG_ORDER),
	PK_PARTY(LEDGER_VENUES, LEDGER_VN_COLS, LEDGER_VN_FROM, "vn", ORG_SCOPE, VN_FILTER, VN_ORDER),
};
#define PK_KINDS (sizeof PK_SQL / sizeof PK_SQL[0])

/* The statements of a page by ids: ?40 … ?40 + PK_PAGE_IDS - 1 (unused ones NULL). Made once;
 * their addresses stay the same, as store_stmt's cache needs. */
static char *pk_ids_sql[PK_KINDS];
/* A party-work ledger's ids of a page ([0] forwards, [1] backwards: LIMIT ?12 OFFSET ?13) and its
 * count for a district reader without filters (the ledger's table alone). */
static char *pk_party_sql[PK_KINDS][2];
static char *pk_bare_sql[PK_KINDS];
static pthread_once_t pk_ids_once = PTHREAD_ONCE_INIT;

/* order (" ORDER BY a DESC, b, …") with every term's direction turned. */
static void order_reversed(const char *order, buf *b)
{
	static const char BY[] = " ORDER BY ";
	const char *t = order + strlen(BY);
	buf_puts(b, BY);
	for (;;) {
		const char *end = strstr(t, ", ");
		size_t n = end ? (size_t)(end - t) : strlen(t);
		if (n > 5 && memcmp(t + n - 5, " DESC", 5) == 0) {
			buf_add(b, t, n - 5);
		} else {
			buf_add(b, t, n);
			buf_puts(b, " DESC");
		}
		if (!end)
			break;
		buf_puts(b, ", ");
		t = end + 2;
	}
}

static void pk_ids_make(void)
{
	for (size_t k = 0; k < PK_KINDS; k++) {
		buf b = {0};
		buf_printf(&b, "%s WHERE %s IN (", PK_SQL[k].cols_from, PK_SQL[k].id);
		for (int i = 0; i < PK_PAGE_IDS; i++)
			buf_printf(&b, "%s?%d", i ? ", " : "", 40 + i);
		buf_printf(&b, ") AND %s%s", PK_SQL[k].scope, PK_SQL[k].order);
		pk_ids_sql[k] = buf_detach(&b);
		if (!PK_SQL[k].party)
			continue;
		buf_printf(&b, "%s%s LIMIT ?12 OFFSET ?13", PK_SQL[k].party, PK_SQL[k].order);
		pk_party_sql[k][0] = buf_detach(&b);
		buf_puts(&b, PK_SQL[k].party);
		order_reversed(PK_SQL[k].order, &b);
		buf_puts(&b, " LIMIT ?12 OFFSET ?13");
		pk_party_sql[k][1] = buf_detach(&b);
		/* Every join of a ledger's FROM is on a NOT NULL foreign key (or a LEFT JOIN): without a
		 * scope or a filter its rows are its table's. */
		const char *from = PK_SQL[k].from, *j = strstr(from, " JOIN "), *l = strstr(from, " LEFT JOIN ");
		size_t n = l && l < j ? (size_t)(l - from) : j ? (size_t)(j - from) : strlen(from);
		buf_puts(&b, "SELECT count(*)");
		buf_add(&b, from, n);
		pk_bare_sql[k] = buf_detach(&b);
	}
}

/* The rows by ids of a page, still inside the scope (the statement checks it again). */
static int rows_by_ids(store *s, ledger_kind kind, const params *p, const int64_t *ids, int64_t n, query_fn fn,
		       void *ctx, fg_err *e)
{
	int ret = FG_OK;
	for (int64_t at = 0; ret == FG_OK && at < n; at += PK_PAGE_IDS) {
		sql_st *st = store_st(s, pk_ids_sql[kind]);
		bind_params(st, p);
		for (int i = 0; i < PK_PAGE_IDS; i++)
			if (at + i < n)
				sql_bind_int64(st, 40 + i, ids[at + i]);
			else
				sql_bind_null(st, 40 + i);
		ret = each_row(s, kind, st, fn, ctx, NULL, e);
	}
	return ret;
}

/* A page of a list by its kept sort keys, or PK_UNKEYED. */
static int keyed_page(store *s, ledger_kind kind, const params *p, const query_list *q, int64_t *total,
		      query_fn fn, void *ctx, fg_err *e)
{
	const pk_sql *k = &PK_SQL[kind];
	buf list = {0};
	sql_st *keys = store_st(s, k->keys[p->narrow]);
	bind_params(keys, p);
	pk_range r = {0};
	int ret = pk_find(s, list_id(s, kind, p, &list) ? buf_cstr(&list) : NULL, keys, q, &r, e);
	sql_clear(keys);
	if (ret == FG_OK) {
		*total = r.total;
		pthread_once(&pk_ids_once, pk_ids_make);
		ret = rows_by_ids(s, kind, p, r.ids, r.nids, fn, ctx, e);
		if (!r.nids && r.lo.len) {
			sql_st *st = store_st(s, k->page[p->narrow][r.bounded]);
			bind_params(st, p);
			sql_bind_blob(st, 24, r.lo.p, (int)r.lo.len);
			sql_bind_text(st, 25, buf_cstr(&r.lo_u));
			if (r.bounded) {
				sql_bind_blob(st, 26, r.hi.p, (int)r.hi.len);
				sql_bind_text(st, 27, buf_cstr(&r.hi_u));
			}
			sql_bind_int64(st, 13, r.skip);
			ret = each_row(s, kind, st, fn, ctx, NULL, e);
		}
	}
	pk_range_free(&r);
	buf_free(&list);
	return ret;
}

/* A district reader (the root's, no secretary) asking a party-work list without any filter. */
static int party_unfiltered(const params *p, const query_list *q)
{
	return p->scope && !p->scope->org_id && (p->scope->region_id == 0 || p->scope->region_id == 1) &&
	       !p->searched && (q->region_id == 0 || q->region_id == 1) && !q->org_id && !q->employer_id &&
	       !q->parent_id && !nonempty(q->kind) && !nonempty(q->from) && !nonempty(q->to);
}

/* A page of a party-work list (limit ≥ 1): its count, kept per (list, state), else counted (the
 * table alone for a district reader without filters); the ids of the page, kept likewise, else
 * read by a walk of the list's order from the nearer end — forwards skipping offset rows, or
 * backwards skipping the rows after the page and turned round —, which the index of the order's
 * first column serves; then the rows by ids. No id of the rest of the list is kept. */
static int party_page(store *s, ledger_kind kind, const params *p, const query_list *q, int64_t *total,
		      query_fn fn, void *ctx, fg_err *e)
{
	pthread_once(&pk_ids_once, pk_ids_make);
	buf lb = {0};
	const char *list = list_id(s, kind, p, &lb) ? buf_cstr(&lb) : NULL;
	int64_t stamp = list ? store_history_last_id(s) : -1;
	if (stamp < 0)
		list = NULL;
	int ret = FG_OK;
	if (!list || !pp_total(list, stamp, total)) {
		sql_st *st = store_st(s, party_unfiltered(p, q) ? pk_bare_sql[kind] : SQL[kind].count);
		bind_params(st, p);
		int rc = sql_step(st);
		*total = rc == SQL_ROW ? sql_col_int64(st, 0) : 0;
		sql_reset(st);
		if (rc != SQL_ROW)
			ret = db_err(s, e, "统计台账行数");
		else if (list)
			pp_keep_total(list, stamp, *total);
	}
	int64_t offset = q->offset > 0 ? q->offset : 0;
	if (ret || offset >= *total) {
		buf_free(&lb);
		return ret;
	}
	int64_t n = *total - offset < q->limit ? *total - offset : q->limit;
	int64_t *ids = xmalloc((size_t)(n > PK_PAGE_IDS ? n : PK_PAGE_IDS) * sizeof *ids);
	int64_t got = list && n <= PK_PAGE_IDS ? pp_page_ids(list, stamp, offset, q->limit, ids) : -1;
	if (got < 0) {
		int back = *total - offset - n < offset; /* the rows after the page are fewer */
		sql_st *st = store_st(s, pk_party_sql[kind][back]);
		bind_params(st, p);
		sql_bind_int64(st, 12, n);
		sql_bind_int64(st, 13, back ? *total - offset - n : offset);
		int rc;
		got = 0;
		while ((rc = sql_step(st)) == SQL_ROW && got < n)
			ids[got++] = sql_col_int64(st, 0);
		sql_reset(st);
		if (rc != SQL_DONE && rc != SQL_ROW)
			ret = db_err(s, e, "读取台账");
		for (int64_t i = 0; back && i < got / 2; i++) {
			int64_t t = ids[i];
			ids[i] = ids[got - 1 - i];
			ids[got - 1 - i] = t;
		}
		if (!ret && list)
			pp_keep_page(list, stamp, offset, q->limit, ids, got);
	}
	if (!ret)
		ret = rows_by_ids(s, kind, p, ids, got, fn, ctx, e);
	free(ids);
	buf_free(&lb);
	return ret;
}

int query_list_rows(store *s, ledger_kind kind, const store_filter *scope, const query_list *q, int64_t *total,
		    query_fn fn, void *ctx, fg_err *e)
{
	*total = 0;
	if (!SQL[kind].count)
		return err_set(e, FG_EINPUT, "台账“%s”没有列表", ledger_get(kind)->title);
	/* The count and the page at one moment, so that they agree. */
	int ret = store_read_begin(s, e);
	if (ret)
		return ret;
	params p;
	params_init(&p, scope, q, q->today);
	if (kind == LEDGER_ENTERPRISES) {
		rules_cfg cfg;
		store_rules(s, &cfg);
		p.min_employees = cfg.min_employees;
		p.min_formal_single = cfg.min_formal_single;
	}
	if ((size_t)kind < PK_KINDS && (!PK_SQL[kind].party || q->limit > 0)) {
		ret = PK_SQL[kind].party ? party_page(s, kind, &p, q, total, fn, ctx, e)
					 : keyed_page(s, kind, &p, q, total, fn, ctx, e);
		if (ret != PK_UNKEYED) {
			buf_free(&p.like);
			buf_free(&p.match);
			store_read_end(s);
			return ret;
		}
		ret = FG_OK;
	}
	sql_st *st = store_st(s, SQL[kind].count);
	bind_params(st, &p);
	int rc = sql_step(st);
	*total = rc == SQL_ROW ? sql_col_int64(st, 0) : 0;
	sql_reset(st);
	ret = rc == SQL_ROW ? FG_OK : db_err(s, e, "统计台账行数");
	if (!ret && *total > 0 && q->offset < *total) {
		st = store_st(s, SQL[kind].page);
		bind_params(st, &p);
		ret = each_row(s, kind, st, fn, ctx, NULL, e);
	}
	buf_free(&p.like);
	buf_free(&p.match);
	store_read_end(s);
	return ret;
}

int query_get(store *s, ledger_kind kind, const store_filter *scope, int64_t id, const char *key, int today,
	      query_fn fn, void *ctx, fg_err *e)
{
	const char *sql = id ? SQL[kind].by_id : SQL[kind].by_key;
	if (!sql || (!id && !nonempty(key)))
		return 0;
	params p;
	params_init(&p, scope, NULL, today);
	p.id = id;
	p.key = key;
	sql_st *st = store_st(s, sql);
	bind_params(st, &p);
	/* PostgreSQL, inside a write: the row locked, then read (store_lock_read reads it: after the
	 * kept extras it reads are brought up to date). */
	if (read_fresh(s, e) || store_lock_read(s, kind, st, id, e)) {
		sql_reset(st);
		return -1;
	}
	int found = 0;
	int rc = each_fresh_row(s, kind, st, fn, ctx, &found, e);
	return rc == FG_EFAIL ? -1 : found > 0;
}

/* ---- links ---- */

#define LINK_ORDER " ORDER BY end_date IS NOT NULL, start_date, 1"

static const char *const LINK_SQL[] = {
	[LINK_ENT_ORGS] = "SELECT o.id, o.name, o.name, o.mode, cv.start_date AS start_date, cv.end_date AS end_date"
			  " FROM coverage cv JOIN org o ON o.id = cv.org_id WHERE cv.enterprise_id = ?10" LINK_ORDER,
	[LINK_ENT_INSTRUCTORS] = "SELECT i.id, i.name || '/' || i.unit, i.name, i.unit, a.start_date AS start_date,"
				 " a.end_date AS end_date FROM assignment a JOIN instructor i ON i.id = a.instructor_id"
				 " WHERE a.enterprise_id = ?10" LINK_ORDER,
	[LINK_ORG_ENTS] = "SELECT e.id, e.uscc, e.name, c.name, cv.start_date AS start_date, cv.end_date AS end_date"
			  " FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id" ENT_BASE_JOIN
			  " WHERE cv.org_id = ?10 AND " ENT_SCOPE LINK_ORDER,
	[LINK_INSTR_ENTS] = "SELECT e.id, e.uscc, e.name, c.name, a.start_date AS start_date, a.end_date AS end_date"
			    " FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id" ENT_BASE_JOIN
			    " WHERE a.instructor_id = ?10 AND " ENT_SCOPE LINK_ORDER,
};

/* Links to enterprises outside the scope: counted (all) and listed (active, for writes). */
static const char *const HIDDEN_COUNT[] = {
	[LINK_ORG_ENTS] = "SELECT count(*) FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id" ENT_BASE_JOIN
			  " WHERE cv.org_id = ?10 AND NOT " ENT_SCOPE,
	[LINK_INSTR_ENTS] = "SELECT count(*) FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id" ENT_BASE_JOIN
			    " WHERE a.instructor_id = ?10 AND NOT " ENT_SCOPE,
};

int query_links(store *s, query_link_kind k, const store_filter *scope, int64_t id, int *hidden,
		int (*fn)(void *ctx, const query_link *l), void *ctx, fg_err *e)
{
	params p;
	params_init(&p, scope, NULL, date_today());
	p.id = id;
	if (hidden) {
		*hidden = 0;
		if (k == LINK_ORG_ENTS || k == LINK_INSTR_ENTS) {
			sql_st *st = store_st(s, HIDDEN_COUNT[k]);
			bind_params(st, &p);
			if (sql_step(st) == SQL_ROW)
				*hidden = (int)sql_col_int64(st, 0);
			sql_reset(st);
		}
	}
	sql_st *st = store_st(s, LINK_SQL[k]);
	bind_params(st, &p);
	int rc, ret = FG_OK;
	while ((rc = sql_step(st)) == SQL_ROW) {
		query_link l = {
			.id = sql_col_int64(st, 0),
			.key = sql_col_text(st, 1),
			.name = sql_col_text(st, 2),
			.detail = sql_col_text(st, 3),
			.start = sql_col_text(st, 4),
			.end = sql_col_text(st, 5),
		};
		if ((ret = fn(ctx, &l)) != 0)
			break;
	}
	if (!ret && rc != SQL_DONE)
		ret = db_err(s, e, "读取覆盖关系");
	sql_reset(st);
	return ret;
}
