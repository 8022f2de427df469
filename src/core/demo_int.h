/* demo_int — what the files of the demo generator share: the random streams, the keyed
 * permutations, the plan's compact structs and the functions one file calls in another.
 * Not for use outside src/core/demo*.c; everyone else uses demo.h.
 *
 *   demo.c        the public entry points, the regions, one run from plan to rows
 *   demo_plan.c   the plan: territory, enterprises' figures, party organisations
 *   demo_emit.c   the rows of the four base ledgers, rebuilt from the plan and handed to the caller
 *   demo_work.c   the party-work records: secretaries, meetings, study, visits, trainings
 *   demo_members.c  the members' lifecycle: development, transfers, dues, the campaign, rosters
 *   demo_recog_funding.c  the funding ledger: awards, subsidies and other grants to organisations
 *   demo_recog_rating.c  星级创评: a rubric and the ratings of the last two cycle years
 *   demo_recog.c  亮身份 designations and the organisations' venues (阵地)
 *   demo_names.c  name tables and every generated name (people, streets, … organisations)
 *   demo_ids.c    credit codes and identity numbers, and the area-code tables behind them */
#ifndef FGDJ_DEMO_INT_H
#define FGDJ_DEMO_INT_H
#include <stddef.h>
#include <stdint.h>

#include "core/demo.h"
#include "util/buf.h"

#define NELEM(a) (sizeof a / sizeof a[0])

/* ---- random numbers ---- */

/* Inline: every file draws numbers in its inner loops, and the streams must be bit-identical
 * wherever they are drawn. */

#define GOLDEN 0x9e3779b97f4a7c15ull

static inline uint64_t mix64(uint64_t z)
{
	z += GOLDEN;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* splitmix64: one 64-bit state, good enough statistics for demo data, trivially seeded. */
typedef struct rng {
	uint64_t s;
} rng;

static inline uint64_t rng_next(rng *r)
{
	r->s += GOLDEN;
	uint64_t z = r->s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Streams of random numbers, one per entity and purpose, so that anything can be recomputed
 * from an index without replaying the run. The values are part of the output: never renumber. */
enum {
	T_REGION = 1,
	T_PLAN,
	T_STREET,
	T_ENT,
	T_NAME,
	T_EMIT,
	T_ORG,
	T_MEMBER,
	T_INSTR,
	T_PERM,
	T_KIND,
	T_ORG_ROW,
	T_MEMBER_NAME,
	T_SECRETARY,
	T_ORG_WORK,
	T_MEETING,
	T_STUDY,
	T_VISIT,
	T_TRAINING,
	T_DEV,
	T_TRANSFER,
	T_DUES,
	T_CAMPAIGN,
	T_ROSTER,
	T_FUNDING,
	T_RATING,
	T_DESIG,
	T_VENUE,
	T_TRANSFER_OUT,
};

static inline rng rng_for(uint64_t seed, uint64_t tag, uint64_t idx)
{
	rng r = {mix64(seed ^ mix64((tag << 48) ^ idx))};
	return r;
}

static inline uint32_t rng_below(rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static inline double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline int rng_chance(rng *r, double p)
{
	return rng_unit(r) < p;
}

/* Uniform integer in [lo, hi]; lo when the range is empty. */
static inline int rng_range(rng *r, int lo, int hi)
{
	return hi <= lo ? lo : lo + (int)rng_below(r, (uint32_t)(hi - lo) + 1u);
}

/* ---- keyed permutation of [0, n) ---- */

typedef struct perm {
	uint64_t n, key, mask;
	unsigned half;
} perm;

static inline void perm_init(perm *p, uint64_t n, uint64_t key)
{
	unsigned bits = 2;
	while ((1ull << bits) < n)
		bits++;
	bits += bits & 1u;
	p->n = n;
	p->key = key;
	p->half = bits / 2;
	p->mask = (1ull << p->half) - 1;
}

/* Four Feistel rounds are a bijection on [0, 2^bits); walking the cycle until the value falls
 * below n restricts it to a bijection on [0, n). bits is at most 2 over log2 n, so the walk
 * takes fewer than four steps on average. */
static inline uint64_t perm_apply(const perm *p, uint64_t x)
{
	do {
		uint64_t l = x >> p->half, r = x & p->mask;
		for (uint64_t i = 0; i < 4; i++) {
			uint64_t f = mix64(p->key + (i << 56) + r) & p->mask;
			uint64_t t = l ^ f;
			l = r;
			r = t;
		}
		x = (l << p->half) | r;
	} while (x >= p->n);
	return x;
}

/* ---- canonical choices ---- */

/* In the order of the ledger's enum columns; the texts are in demo_names.c. */
enum { ST_OPERATING, ST_SUSPENDED, ST_CLOSED, ST_DEREGISTERED, ST_REVOKED };
enum { ZK_PARK, ZK_MALL, ZK_BUILDING, ZK_TECH };
enum { OK_COMMITTEE, OK_GENERAL, OK_BRANCH };
enum { OM_SINGLE, OM_JOINT, OM_AFFIL, OM_LEAD };
extern const char *const demo_ent_status[]; /* 经营状态, by ST_* */
extern const char *const demo_zone_kind[];  /* 区域类型, by ZK_* */
extern const char *const demo_org_kind[];   /* 组织类别, by OK_* */
extern const char *const demo_org_mode[];   /* 组建方式, by OM_* */

/* ---- the region ---- */

typedef struct region {
	const char *name;  /* the region itself */
	const char *city;  /* company-name prefix of its city (district and city scale) */
	const char *prov;  /* company-name prefix of its province, for large companies */
	int province;      /* 32 or 33: which county list */
	int code;          /* district: county code; city: 4-digit prefecture; province: 2 digits */
} region;

/* Fictional prefecture-level cities a province's streets belong to (names in demo_names.c). */
#define N_CITY_NAMES 16

/* ---- the plan ---- */

enum {
	EF_FIXED = 1 << 0,     /* has a fixed business site */
	EF_INDIV = 1 << 1,     /* 个体工商户: credit code 92… */
	EF_NO_OP = 1 << 2,     /* 五清 gaps left on purpose */
	EF_NO_STAFF = 1 << 3,
	EF_NO_INVESTOR = 1 << 4,
	EF_NO_REASON = 1 << 5,
};

typedef struct ent {
	int32_t founded;
	uint32_t employees;
	int32_t zone; /* -1: none */
	int32_t org;  /* covering organisation, -1: none */
	uint16_t formal; /* 正式党员 employed here, 停止党籍 excluded */
	uint8_t prob;    /* 预备党员 */
	uint8_t stopped; /* 正式党员 whose membership is stopped */
	uint8_t status;
	uint8_t flags;
	uint8_t intent;  /* planning only: the coverage intended before groups are formed */
} ent;

typedef struct street {
	uint32_t first_comm, ncomm;
	uint32_t first_ent, nent;
	uint32_t first_zone, nzone;
	int32_t body; /* street 党工委, -1 */
	int area;     /* county code of its credit codes */
	int city;     /* CITY_NAMES index, -1: the region's own city */
	int district; /* a city's district (demo_district_name), -1 elsewhere */
} street;

typedef struct community {
	uint32_t street;
	uint32_t first, count; /* its enterprises */
	int32_t affil;         /* its 挂靠 organisation, -1 */
} community;

typedef struct zone {
	uint32_t street;
	int32_t comm; /* -1: spans the street */
	uint8_t kind, pattern;
	int32_t body; /* zone 党(工)委, -1 */
	uint32_t nents;
} zone;

/* What an organisation is named after (org.anchor). */
enum { A_LEAD_WORK, A_LEAD_ENT, A_STREET, A_ZONE_BODY, A_SINGLE, A_ZONE_JOINT, A_COMM_JOINT, A_AFFIL };

typedef struct org {
	uint8_t kind, mode, anchor;
	uint16_t ordinal;   /* joint branches: 第N; 0 when there is only one */
	uint32_t aidx;      /* the street, zone, enterprise or community it is named after */
	int32_t parent;
	uint32_t street;    /* UINT32_MAX: none */
	int32_t comm, zone;
	uint32_t cover_first, cover_n;
	uint32_t members;   /* formal members of the enterprises it covers */
	int32_t founded;
	/* Party work (demo_work.c): its lodged members are lodged[lodged_first, +nlodged). */
	uint32_t lodged_first, nlodged;
	uint8_t committee;  /* 支委会人数, 0: none (set when the row is emitted) */
	uint8_t groups;     /* 党小组数 */
	/* 星级创评 (demo_recog_rating.c): its rating's stars by the default thresholds (0: none, or
	 * vetoed) and date; the funding demo awards by them. */
	uint8_t stars;
	int32_t rated;
} org;

/* A member as the party-work records need them: where lodged, since when, how reachable.
 * Indexed by the member's running number (demo_member_idno). */
enum { PR_NORMAL, PR_FLOWING, PR_LOST, PR_STOPPED };
enum { XO_NONE, XO_DONE, XO_PENDING };
typedef struct pmember {
	int32_t org;    /* 所在党组织, -1: none */
	int32_t join;   /* 入党日期 */
	int32_t employer; /* enterprise, -1: none */
	int32_t left;   /* XO_DONE: the 办结日期 of its 转出, from which it is out of org (and 减少); else INT32_MAX */
	uint8_t rel;    /* PR_* */
	uint8_t formal; /* 正式党员 */
	uint8_t xout;   /* XO_*: its relation transferred out of the district this year (demo_members.c) */
} pmember;

/* One row being built: the record points into mem. */
#define ROW_MEM 4096
typedef struct row {
	ledger_rec rec;
	size_t used;
	char mem[ROW_MEM];
} row;

/* Members are born in one of BIRTH_YEARS years; the young are weighted up by letting a year
 * use more sequence numbers (1..cap) per area and day. */
#define BIRTH_YEARS 55

/* One run: the plan, the permutations behind names and codes, and the emitter's state. */
typedef struct gen {
	uint64_t seed;
	int today, today_y;
	demo_scale scale;
	const region *reg;

	street *streets;
	uint32_t nstreets;
	uint32_t ndistricts; /* a city's districts (6–10), each a block of neighbouring streets; 0 elsewhere */
	community *comms;
	uint32_t ncomms;
	zone *zones;
	uint32_t nzones, capzones;
	ent *ents;
	uint32_t nents;
	org *orgs;
	uint32_t norgs, caporgs;
	uint32_t *cov;
	uint32_t ncov;
	int32_t lead_work, lead_ent;

	int *counties;
	uint32_t ncounties;
	int *id_areas;
	uint32_t nid_areas;
	int id_y0;
	uint64_t id_cum[BIRTH_YEARS + 1]; /* identity slots before each birth year */
	uint32_t id_cap[BIRTH_YEARS];
	uint64_t nmembers;
	pmember *pm;       /* every member, by running number */
	uint32_t npm, cappm;
	uint32_t *lodged;  /* running numbers of members lodged and in good standing, by organisation */

	perm p_street, p_comm, p_zone, p_name, p_code_old, p_code_new, p_id;

	demo_row_fn fn;
	void *ctx;
	row row;
	buf list, list2;
	uint32_t *tmp; /* scratch, one slot per enterprise of the largest street */
	uint32_t *tmp2;
} gen;

/* ---- demo_plan.c ---- */

/* Builds the territory, every enterprise's figures and the organisations covering them. */
void demo_plan(gen *g);
/* The community enterprise e belongs to (each community holds a run of enterprises). */
uint32_t demo_comm_of(const gen *g, uint32_t e);

/* ---- demo_emit.c ---- */

/* Plans the members and the party work, then writes every row in the order demo.h promises; 0, or the first non-zero value g->fn returned. */
int demo_emit(gen *g);

/* Walks every member in running-number order, drawing each row into g->row: the first walk
 * (emit 0) records every member in g->pm, the second emits the rows. Returns 0 or the first
 * non-zero value g->fn returned. */
int demo_members_walk(gen *g, int emit);
/* The 出资人 name of enterprise e into out (empty when the ledger leaves it out). */
void demo_ent_investor(const gen *g, uint32_t e, char *out, size_t size);
/* One instructor as the instructors ledger has it. */
typedef struct instr {
	const char *name, *unit, *phone;
	const uint32_t *ents; /* the enterprises guided */
	uint32_t nents;
	int start;            /* 派驻日期 */
} instr;
/* Walks the instructors of street s in the order they are emitted, calling fn with each (i: its
 * index in the street); stops at and returns a non-zero value of fn. */
typedef int (*demo_instr_fn)(gen *g, uint32_t s, uint32_t i, const instr *in);
int demo_instructors_walk(gen *g, uint32_t s, demo_instr_fn fn);
/* Emits g->row as a row of kind. */
int demo_emit_row(gen *g, ledger_kind kind);
/* Row building (g->row): see demo_emit.c. */
void demo_row_clear(row *r);
void demo_row_set(row *r, int col, const char *s);
void demo_row_printf(row *r, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void demo_row_date(row *r, int col, int d);
void demo_row_bool(row *r, int col, int yes);

/* ---- demo_work.c ---- */

/* After the members' plan: each organisation's lodged members, groups and secretary. */
void demo_work_plan(gen *g);
/* The 书记姓名 of organisation o: its current secretary's, or NULL for none. */
const char *demo_org_secretary(gen *g, uint32_t o, char *out, size_t size);
/* Emits the party-work ledgers (after the instructors). */
int demo_work_emit(gen *g);
/* 1 when the organisation covers an operating enterprise (it is active). */
int demo_org_active(const gen *g, const org *x);

/* ---- demo_members.c ---- */

/* After demo_work_plan: the members whose relation is transferred out this year (pmember.xout,
 * .left); every record that needs a member lodged respects .left. */
void demo_transfers_out_plan(gen *g);
/* Emits development, transfers, dues, the campaign with its tasks and the rosters (after the
 * trainees). */
int demo_members_emit(gen *g);

/* ---- demo_recog_rating.c ---- */

/* 星级创评: the rubric of the older of the last two cycle years (the built-in one, as a district
 * imports it; the newer keeps the built-in default) and ratings. Each organisation's stars and
 * date are set in its org (the funding demo awards by them); with emit 0 nothing else is done —
 * the same draws, so that the funding ledger, emitted before the ratings (ledger order), knows
 * them. */
int demo_rating_walk(gen *g, int emit);

/* ---- demo_recog_funding.c ---- */

/* Emits the funding ledger (after the rosters). */
int demo_funding_emit(gen *g);

/* ---- demo_recog.c ---- */

/* Emits the designations and venues (after the other party-work ledgers). */
int demo_recog_emit(gen *g);

/* ---- demo_names.c ---- */

/* Sets up the permutations behind street, community, zone and enterprise names (keys key+1…4). */
void demo_names_init(gen *g, uint64_t key);
/* How many name patterns a zone of kind ZK_* can take. */
uint32_t demo_zone_patterns(uint8_t kind);
/* A person's name ("王建国"), surname weighted toward the common ones. */
void demo_person_name(rng *r, int male, char *out, size_t size);
/* An 11-digit mobile number. */
void demo_phone_number(rng *r, char out[12]);
/* "城东街道": unique per street. */
void demo_street_name(const gen *g, uint32_t s, char *out, size_t size);
/* A city's district d ("城南区"). */
void demo_district_name(const gen *g, uint32_t d, char *out, size_t size);
/* The street as the ledgers' 所属街道 writes it: "区县/街道" in a city, its name elsewhere. */
void demo_street_path(const gen *g, uint32_t s, char *out, size_t size);
/* "梧埭社区": unique per community. */
void demo_comm_name(const gen *g, uint32_t c, char *out, size_t size);
/* "城东工业园区", "华信大厦": unique per zone. */
void demo_zone_name(const gen *g, uint32_t z, char *out, size_t size);
/* "江州华信科技有限公司": unique per enterprise. Returns the industry its trade word implies. */
const char *demo_ent_name(const gen *g, uint32_t e, char *out, size_t size);
/* "中共城东街道工作委员会", "梧埭社区第二联合党支部": unique per organisation. */
void demo_org_name(const gen *g, uint32_t o, char *out, size_t size);

/* The name of the member with running number n (its own stream, so any record can name it). */
void demo_member_name(const gen *g, uint64_t n, char *out, size_t size);

/* ---- demo_ids.c ---- */

/* Sets up credit codes (keys key+5, key+6) and identity numbers: their areas and birth years. */
void demo_ids_init(gen *g, uint64_t key);
/* The GB/T 2260 county codes of the region's province. */
const int *demo_county_codes(const gen *g, size_t *n);
/* The enterprise's 统一社会信用代码 (GB 32100), unique per enterprise. */
void demo_ent_uscc(const gen *g, uint32_t e, char out[19]);
/* The 公民身份号码 (GB 11643) of the member with running number n, with birth day and sex. */
void demo_member_idno(const gen *g, uint64_t n, char out[19], int *birth, int *male);

#endif
