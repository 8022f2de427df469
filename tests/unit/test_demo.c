/* Tests for core/demo: the generated ledgers are deterministic, every value is what the
 * importer would accept and store unchanged, every identifier is valid and unique, every
 * reference resolves (the party-work records as the importer checks them: attendees lodged in
 * the organisation on the day, visits within an assignment, names matching the member record,
 * secretaries' terms not overlapping), and the district looks like a district (all the cases
 * the checks and metrics must see are present, and the party work is mostly but not entirely
 * compliant, as judged by core/life). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/demo.h"
#include "core/dues.h"
#include "core/ident.h"
#include "core/ledger.h"
#include "core/life.h"
#include "core/rating.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/strmap.h"

/* A fixed "today" so that the output does not move with the calendar. */
static int today(void)
{
	return date_from_ymd(2025, 6, 1);
}

/* ---- hashing every row ---- */

typedef struct hashed {
	uint64_t h;
	long rows[LEDGER_NKINDS];
} hashed;

static void fnv(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		*h ^= s[i];
		*h *= 1099511628211ull;
	}
}

static int hash_row(void *ctx, ledger_kind kind, const ledger_rec *rec)
{
	hashed *hs = ctx;
	const ledger_def *def = ledger_get(kind);
	unsigned char k = (unsigned char)kind;
	fnv(&hs->h, &k, 1);
	for (size_t i = 0; i < def->ncols; i++) {
		if (rec->f[i])
			fnv(&hs->h, rec->f[i], strlen(rec->f[i]) + 1);
		else
			fnv(&hs->h, "\x01", 1);
	}
	hs->rows[kind]++;
	return 0;
}

static hashed run_hash(demo_scale scale, uint64_t seed, int day)
{
	hashed hs = {1469598103934665603ull, {0}};
	assert_int_equal(demo_generate(scale, seed, day, hash_row, &hs), 0);
	return hs;
}

/* ---- full validation of one run ---- */

typedef struct ent_info {
	int operating;
	int counted;      /* operating, fixed site, ≥10 staff */
	int filled;       /* 经营运行情况, 职工队伍情况 and 出资人 filled */
	int has_reason;   /* 未建党组织原因 filled */
	int64_t cover;    /* index of the covering organisation, -1 */
	int cover_mode;   /* 0 单独建, 1 联合建, 2 挂靠建 */
	long formal;      /* 正式党员 employed here, 停止党籍 excluded (counted from the members) */
	int founded;      /* day number, DATE_NONE when not given */
} ent_info;

/* What the party-work records are checked against. */
typedef struct mem_info {
	int64_t org; /* emission index of 所在党组织, -1 */
	int64_t employer; /* index of the 工作单位 in ents, -1 */
	int join;
	int closed; /* 减少日期 (a completed 转出 this year), DATE_NONE */
	char name[32];
} mem_info;

typedef struct org_info {
	life_org lo;
	int active;       /* covers an operating enterprise */
	int named;        /* 书记姓名 given */
	char secretary[32];
	int current;      /* a current secretary record, named as 书记姓名 */
	int last_until;   /* end of its last secretary term so far, DATE_NONE: open */
	int terms;
	life_meeting *m;
	size_t nm, capm;
} org_info;

typedef struct assignment {
	int start;
	int *days;
	size_t n, cap;
} assignment;

typedef struct check {
	demo_scale scale;
	ledger_ctx lctx;
	buf out, msg;
	char failure[1024];
	int last_kind;
	int open_tasks; /* tasks not 已完成 */
	long rows[LEDGER_NKINDS];

	strmap usccs;  /* → index into ents */
	strmap ids;
	strmap orgs;   /* name → order of emission */
	strmap places; /* street and community names of the enterprise ledger */
	strmap streets; /* street → number */
	strmap comms;   /* community → its street's number */
	strmap names;   /* enterprise names */
	strmap zones;  /* zone → kind (index into ZONE_KINDS) */
	strmap instr_keys;
	ent_info *ents;
	size_t nents;
	mem_info *mems;
	size_t nmems;
	org_info *oi;
	size_t noi;
	strmap assign;    /* 姓名|派出单位|USCC → index into as */
	assignment *as;
	size_t nas;
	strmap trainings; /* 名称|开始日期 */
	long attendance, absences, secretaries_past, trainee_roles[3], forms[5];
	long roster_members, roster_no_org, roster_unknown_party; /* roster lines: of members, of members lodged nowhere, self-declared unknowns */
	strmap funding_keys;     /* 党组织名称|日期|类型 */
	long awards_year, awards_outside, subsidies_year, others_year; /* funding of today's year */

	long modes[4];
	long kinds[3];
	long zoned;
	long probationary, stopped, flowing, lost, pocket, no_employer;
	long joint_bad;
	long uncovered_counted, incomplete_counted, counted;
	long required, required_single;
	long single_too_small, joint_too_large;
	long instructed;
	long member_org_mismatch;
	long org_before_ent;
	long transfers_out, transfers_out_pending; /* 转出 completed (the member reduced that day), pending */
	long ratings_five, ratings_vetoed; /* 星级评定: five-star and vetoed rows */
	long desig_revoked, venues_standard, venues_lacking, venues_open; /* recognition (demo_recog.c) */
} check;

static const char *const ZONE_KINDS[] = {"园区", "商圈", "楼宇", "科技园"};
static const char *const MODES[] = {"单独建", "联合建", "挂靠建", "上级机关"};
static const char *const KINDS[] = {"党委", "党总支", "党支部"};

static int index_of(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return (int)i;
	return -1;
}

/* Records the first failure and stops the generator. */
static int reject(check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int reject(check *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->failure, sizeof c->failure, fmt, ap);
	va_end(ap);
	return 1;
}

static const char *field(const ledger_rec *rec, ledger_kind kind, const char *key)
{
	int i = ledger_col_index(ledger_get(kind), key);
	assert_true(i >= 0);
	return rec->f[i];
}

static int has(const strmap *m, const char *s, int64_t *val)
{
	int64_t v;
	return strmap_get(m, s, strlen(s), val ? val : &v);
}

/* Walks a USCC list: every item must be an emitted enterprise. */
typedef struct list_walk {
	check *c;
	int64_t org; /* covering organisation (its emission index), or -1 for instructors */
	int mode;
	int founded; /* the organisation's */
	size_t n;
	int bad;
	int active;
	char item[32];
	const char *instr; /* instructors: 姓名|派出单位 */
	int start;
} list_walk;

static void walk_item(void *p, const char *item, size_t len)
{
	list_walk *w = p;
	int64_t e;
	w->n++;
	if (len >= sizeof w->item || !strmap_get(&w->c->usccs, item, len, &e)) {
		w->bad = 1;
		snprintf(w->item, sizeof w->item, "%.*s", (int)(len < 24 ? len : 24), item);
		return;
	}
	ent_info *x = &w->c->ents[e];
	w->active |= x->operating;
	if (w->org < 0) {
		w->c->instructed++;
		char key[256];
		int n = snprintf(key, sizeof key, "%s|%.*s", w->instr, (int)len, item);
		check *c = w->c;
		strmap_put(&c->assign, key, (size_t)n, (int64_t)c->nas);
		c->as = realloc(c->as, (c->nas + 1) * sizeof *c->as);
		assert_non_null(c->as);
		c->as[c->nas++] = (assignment){w->start, NULL, 0, 0};
		return;
	}
	if (w->mode <= 1 && x->founded != DATE_NONE && w->founded < x->founded)
		w->c->org_before_ent++;
	if (x->cover < 0 || w->mode < x->cover_mode) {
		x->cover = w->org;
		x->cover_mode = w->mode;
	}
}

static int check_enterprise(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_ENTERPRISES;
	const char *uscc = field(rec, k, "uscc");
	id_status st = uscc_check(uscc, NULL);
	if (st != ID_OK)
		return reject(c, "统一社会信用代码 %s: %s", uscc, id_status_text(st));
	if (!strmap_put(&c->usccs, uscc, strlen(uscc), (int64_t)c->nents))
		return reject(c, "统一社会信用代码 %s 重复", uscc);
	const char *name = field(rec, k, "name"), *street = field(rec, k, "street");
	const char *comm = field(rec, k, "community");
	if (!strmap_put(&c->names, name, strlen(name), 0))
		return reject(c, "企业名称 %s 重复", name);
	strmap_put(&c->places, street, strlen(street), 0);
	strmap_put(&c->places, comm, strlen(comm), 0);
	int64_t sn, sprev;
	if (!has(&c->streets, street, &sn)) {
		sn = (int64_t)c->streets.count;
		strmap_put(&c->streets, street, strlen(street), sn);
	}
	if (has(&c->comms, comm, &sprev) && sprev != sn)
		return reject(c, "社区 %s 出现在两个街道", comm);
	strmap_put(&c->comms, comm, strlen(comm), sn);
	const char *zone = field(rec, k, "zone");
	if (zone) {
		int zk = index_of(ZONE_KINDS, 4, field(rec, k, "zone_kind"));
		int64_t prev;
		if (has(&c->zones, zone, &prev) && prev != zk)
			return reject(c, "区域 %s 的类型前后不一致", zone);
		strmap_put(&c->zones, zone, strlen(zone), zk);
		c->zoned++;
	}
	c->ents = realloc(c->ents, (c->nents + 1) * sizeof *c->ents);
	assert_non_null(c->ents);
	ent_info *x = &c->ents[c->nents++];
	x->operating = strcmp(field(rec, k, "status"), "在营") == 0;
	x->counted = x->operating && strcmp(field(rec, k, "fixed_site"), "是") == 0 &&
		     strtol(field(rec, k, "employees"), NULL, 10) >= 10;
	x->filled = field(rec, k, "op_info") && field(rec, k, "staff_info") && field(rec, k, "investor");
	x->has_reason = field(rec, k, "no_org_reason") != NULL;
	x->cover = -1;
	x->cover_mode = 3;
	x->formal = 0;
	x->founded = DATE_NONE;
	if (field(rec, k, "founded"))
		assert_int_equal(date_parse(field(rec, k, "founded"), &x->founded), 0);
	return 0;
}

static int check_org(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_ORGS;
	const char *name = field(rec, k, "name");
	int64_t idx = c->rows[LEDGER_ORGS];
	if (!strmap_put(&c->orgs, name, strlen(name), idx))
		return reject(c, "党组织名称 %s 重复", name);
	const char *parent = field(rec, k, "parent");
	if (parent && !has(&c->orgs, parent, NULL))
		return reject(c, "%s 的上级党组织 %s 未在它之前出现", name, parent);
	const char *street = field(rec, k, "street"), *comm = field(rec, k, "community");
	const char *zone = field(rec, k, "zone");
	if ((street && !has(&c->places, street, NULL)) || (comm && !has(&c->places, comm, NULL)))
		return reject(c, "%s 的所属街道/社区不在企业台账中", name);
	if (zone && !has(&c->zones, zone, NULL))
		return reject(c, "%s 的所属区域 %s 不在企业台账中", name, zone);
	int mode = index_of(MODES, 4, field(rec, k, "mode"));
	c->modes[mode]++;
	c->kinds[index_of(KINDS, 3, field(rec, k, "kind"))]++;
	const char *covers = field(rec, k, "covers");
	c->oi = realloc(c->oi, (c->noi + 1) * sizeof *c->oi);
	assert_non_null(c->oi);
	org_info *oi = &c->oi[c->noi++];
	memset(oi, 0, sizeof *oi);
	assert_int_equal(date_parse(field(rec, k, "founded"), &oi->lo.founded), 0);
	const char *committee = field(rec, k, "has_committee"), *groups = field(rec, k, "groups");
	oi->lo.has_committee = committee && strcmp(committee, "是") == 0;
	oi->lo.groups = groups ? atoi(groups) : 0;
	oi->lo.is_leadership = mode == 3;
	oi->last_until = DATE_NONE;
	if (field(rec, k, "secretary")) {
		oi->named = 1;
		snprintf(oi->secretary, sizeof oi->secretary, "%s", field(rec, k, "secretary"));
	}
	if (covers) {
		list_walk w = {c, idx, mode, 0, 0, 0, 0, {0}, NULL, 0};
		assert_int_equal(date_parse(field(rec, k, "founded"), &w.founded), 0);
		ledger_list_each(covers, walk_item, &w);
		oi->active = w.active;
		if (w.bad)
			return reject(c, "%s 覆盖的企业 %s 不在企业台账中", name, w.item);
		if (mode == 0 && w.n != 1)
			return reject(c, "单独建的 %s 覆盖了 %zu 家企业", name, w.n);
		if (mode == 1 && (w.n < 2 || w.n > 5))
			c->joint_bad++;
	} else if (mode != 3) {
		return reject(c, "%s 没有覆盖企业", name);
	}
	return 0;
}

static int check_member(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_MEMBERS;
	const char *id = field(rec, k, "idno");
	id_status st = idcard_check(id, today(), NULL);
	if (st != ID_OK)
		return reject(c, "公民身份号码 %s: %s", id, id_status_text(st));
	if (!strmap_put(&c->ids, id, strlen(id), (int64_t)c->nmems))
		return reject(c, "公民身份号码 %s 重复", id);
	const char *employer = field(rec, k, "employer"), *org = field(rec, k, "org");
	int64_t e = -1, o = -1;
	if (employer && !has(&c->usccs, employer, &e))
		return reject(c, "党员 %s 的工作单位 %s 不在企业台账中", id, employer);
	if (org && !has(&c->orgs, org, &o))
		return reject(c, "党员 %s 的所在党组织 %s 不在党组织台账中", id, org);
	c->mems = realloc(c->mems, (c->nmems + 1) * sizeof *c->mems);
	assert_non_null(c->mems);
	mem_info *mi = &c->mems[c->nmems++];
	mi->org = o;
	mi->employer = e;
	assert_int_equal(date_parse(field(rec, k, "join_date"), &mi->join), 0);
	snprintf(mi->name, sizeof mi->name, "%s", field(rec, k, "name"));
	mi->closed = DATE_NONE;
	if (field(rec, k, "closed")) {
		/* Reduced only on a 转出 of this year, lodged until then. */
		assert_int_equal(date_parse(field(rec, k, "closed"), &mi->closed), 0);
		if (!org || !field(rec, k, "closed_reason") || strcmp(field(rec, k, "closed_reason"), "转出本区") != 0 ||
		    mi->closed <= mi->join || mi->closed > today())
			return reject(c, "党员 %s 的减少应是本年转出本区，转出前在所在党组织", id);
	}
	if (!employer)
		c->no_employer++;
	if (!org)
		c->pocket++;
	if (e >= 0 && o >= 0 && c->ents[e].cover >= 0 && c->ents[e].cover != o)
		c->member_org_mismatch++;
	const char *rel = field(rec, k, "relation");
	if (strcmp(field(rec, k, "status"), "预备党员") == 0) {
		c->probationary++;
		int j;
		assert_int_equal(date_parse(field(rec, k, "join_date"), &j), 0);
		if (j <= date_add_years(today(), -1))
			return reject(c, "预备党员 %s 入党已满一年", id);
	} else if (!field(rec, k, "full_date")) {
		return reject(c, "正式党员 %s 没有转正日期", id);
	}
	if (rel && strcmp(rel, "停止党籍") == 0)
		c->stopped++;
	else if (e >= 0 && strcmp(field(rec, k, "status"), "正式党员") == 0)
		c->ents[e].formal++;
	if (rel && strcmp(rel, "流动") == 0)
		c->flowing++;
	if (rel && strcmp(rel, "失联") == 0)
		c->lost++;
	return 0;
}

static int check_instructor(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_INSTRUCTORS;
	const char *name = field(rec, k, "name"), *unit = field(rec, k, "unit");
	if (!has(&c->places, unit, NULL))
		return reject(c, "指导员 %s 的派出单位 %s 不是企业台账中的街道或社区", name, unit);
	char key[256];
	snprintf(key, sizeof key, "%s|%s", name, unit);
	if (!strmap_put(&c->instr_keys, key, strlen(key), 0))
		return reject(c, "指导员 %s（%s）重复", name, unit);
	const char *covers = field(rec, k, "covers");
	if (covers) {
		list_walk w = {c, -1, 0, 0, 0, 0, 0, {0}, key, 0};
		assert_int_equal(date_parse(field(rec, k, "start_date"), &w.start), 0);
		ledger_list_each(covers, walk_item, &w);
		if (w.bad)
			return reject(c, "指导员 %s 指导的企业 %s 不在企业台账中", name, w.item);
		if (w.n < 3 || w.n > 10)
			return reject(c, "指导员 %s 指导 %zu 家企业", name, w.n);
	}
	return 0;
}

/* ---- party work ---- */

static int day_of(const char *s)
{
	int d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static const mem_info *member(const check *c, const char *id, size_t len)
{
	int64_t i;
	return strmap_get(&c->ids, id, len, &i) ? &c->mems[i] : NULL;
}

/* Whether member m had left (a completed 转出: 减少) by day d. */
static int gone(const mem_info *m, int d)
{
	return m->closed != DATE_NONE && d >= m->closed;
}

/* Walks a meeting's attendee or absentee list: each one lodged in the organisation that day. */
typedef struct people_walk {
	check *c;
	int64_t org;
	int day;
	long n;
	char bad[64];
} people_walk;

static void person_item(void *p, const char *item, size_t len)
{
	people_walk *w = p;
	size_t idlen = len < 18 ? len : 18; /* an absentee item is "号码：原因" */
	const mem_info *m = member(w->c, item, idlen);
	w->n++;
	if (!w->bad[0] && (!m || m->org != w->org || m->join > w->day || gone(m, w->day)))
		snprintf(w->bad, sizeof w->bad, "%.*s", (int)idlen, item);
}

static int check_meeting(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_MEETINGS;
	const char *on = field(rec, k, "org");
	int64_t o;
	if (!has(&c->orgs, on, &o))
		return reject(c, "组织生活记录的党组织 %s 不在党组织台账中", on);
	org_info *oi = &c->oi[o];
	int d = day_of(field(rec, k, "date"));
	if (d < oi->lo.founded)
		return reject(c, "%s 成立之前开会", on);
	people_walk w = {c, o, d, 0, {0}};
	ledger_list_each(field(rec, k, "attendees"), person_item, &w);
	c->attendance += w.n;
	w.n = 0;
	if (field(rec, k, "absentees"))
		ledger_list_each(field(rec, k, "absentees"), person_item, &w);
	c->absences += w.n;
	if (w.bad[0])
		return reject(c, "%s 的会议有非本组织党员 %s", on, w.bad);
	if (oi->nm == oi->capm) {
		oi->capm = oi->capm ? 2 * oi->capm : 16;
		oi->m = realloc(oi->m, oi->capm * sizeof *oi->m);
		assert_non_null(oi->m);
	}
	oi->m[oi->nm++] = (life_meeting){life_kind_find(field(rec, k, "kind")), d};
	for (int f = 0; life_forms[f]; f++)
		c->forms[f] += strcmp(field(rec, k, "form"), life_forms[f]) == 0;
	return 0;
}

static int check_study(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_STUDY;
	const char *id = field(rec, k, "idno");
	const mem_info *m = member(c, id, strlen(id));
	if (!m || strcmp(m->name, field(rec, k, "name")) != 0)
		return reject(c, "学习记录 %s 不是党员或姓名不符", id);
	if (gone(m, day_of(field(rec, k, "date"))))
		return reject(c, "学习记录 %s 在转出之后", id);
	return 0;
}

static int check_secretary(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_SECRETARIES;
	const char *on = field(rec, k, "org"), *id = field(rec, k, "idno"), *name = field(rec, k, "name");
	int64_t o;
	if (!has(&c->orgs, on, &o))
		return reject(c, "书记记录的党组织 %s 不在党组织台账中", on);
	org_info *oi = &c->oi[o];
	if (id) {
		const mem_info *m = member(c, id, strlen(id));
		if (!m || strcmp(m->name, name) != 0 || m->org != o || m->closed != DATE_NONE)
			return reject(c, "%s 的书记 %s 不是本组织党员或姓名不符，或已转出", on, id);
	} else if (!oi->lo.is_leadership) {
		return reject(c, "%s 的书记没有公民身份号码", on);
	}
	/* One organisation's terms come in order: the next starts where the last ended. */
	int since = day_of(field(rec, k, "since"));
	const char *until = field(rec, k, "until");
	if (oi->terms && (oi->last_until == DATE_NONE || since < oi->last_until))
		return reject(c, "%s 的书记任期重叠", on);
	oi->terms++;
	oi->last_until = until ? day_of(until) : DATE_NONE;
	if (!until) {
		if (!oi->named || strcmp(oi->secretary, name) != 0)
			return reject(c, "%s 的书记姓名与现任书记 %s 不一致", on, name);
		oi->current = 1;
	} else {
		c->secretaries_past++;
	}
	return 0;
}

static int check_visit(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_VISITS;
	char key[256];
	int n = snprintf(key, sizeof key, "%s|%s|%s", field(rec, k, "instructor"), field(rec, k, "unit"),
			 field(rec, k, "uscc"));
	int64_t a;
	if (!strmap_get(&c->assign, key, (size_t)n, &a))
		return reject(c, "走访 %s 不是指导员联系的企业", key);
	assignment *as = &c->as[a];
	int d = day_of(field(rec, k, "date"));
	if (d < as->start)
		return reject(c, "走访 %s 早于派驻日期", key);
	if (as->n == as->cap) {
		as->cap = as->cap ? 2 * as->cap : 8;
		as->days = realloc(as->days, as->cap * sizeof *as->days);
		assert_non_null(as->days);
	}
	as->days[as->n++] = d;
	return 0;
}

/* A person being developed: an organisation and an employer of the ledgers, a new ID number (not a
 * member's), contacts who are members lodged in that organisation two years before the activist
 * step (so formal then), and the rules refused on input already held by ledger_check_row. */
static int check_development(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_DEVELOPMENT;
	const char *on = field(rec, k, "org"), *id = field(rec, k, "idno"), *uscc = field(rec, k, "employer");
	int64_t o, e;
	if (!has(&c->orgs, on, &o))
		return reject(c, "发展党员记录的党组织 %s 不在党组织台账中", on);
	if (!uscc || !has(&c->usccs, uscc, &e) || !c->ents[e].operating)
		return reject(c, "发展对象 %s 的工作单位不是在营企业", id);
	if (member(c, id, strlen(id)))
		return reject(c, "发展对象 %s 已经是党员名册中的党员", id);
	const char *contacts = field(rec, k, "contacts"), *activist = field(rec, k, "activist_date");
	for (const char *p = contacts; p && *p;) {
		const mem_info *m = member(c, p, 18);
		if (!m || m->org != o || m->join > date_add_years(day_of(activist), -2) || m->closed != DATE_NONE)
			return reject(c, "%s 的培养联系人 %.18s 不是本组织入党两年以上的党员", id, p);
		p += 18;
		if (*p)
			p += 3; /* "；" */
	}
	return 0;
}

/* A transfer in: of a member of the roster without an organisation, into an organisation of the
 * ledger, dated after the member joined. A transfer out: of a member lodged in that organisation,
 * dated after joining; completed ones within the year, on the day the member is reduced (减少). */
static int check_transfer(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_TRANSFERS;
	const char *id = field(rec, k, "idno"), *on = field(rec, k, "org");
	const mem_info *m = member(c, id, strlen(id));
	int64_t o;
	if (strcmp(field(rec, k, "direction"), "转出") == 0) {
		const char *done = field(rec, k, "done_date");
		int letter = day_of(field(rec, k, "letter_date")), jan1;
		int y, mo, d;
		date_to_ymd(today(), &y, &mo, &d);
		jan1 = date_from_ymd(y, 1, 1);
		if (!m || !has(&c->orgs, on, &o) || m->org != o || strcmp(m->name, field(rec, k, "name")) != 0 ||
		    letter <= m->join || letter > today())
			return reject(c, "转出的 %s 不是本方党组织的党员，或姓名、日期不符", id);
		if (done ? day_of(done) != m->closed || m->closed < jan1 : m->closed != DATE_NONE)
			return reject(c, "转出的 %s 的办结日期与减少日期不符", id);
		if (done)
			c->transfers_out++;
		else
			c->transfers_out_pending++;
		return 0;
	}
	if (!m || m->org >= 0 || strcmp(m->name, field(rec, k, "name")) != 0)
		return reject(c, "转入的 %s 不是名册中没有党组织的党员，或姓名不符", id);
	if (!has(&c->orgs, on, &o))
		return reject(c, "转入的党组织 %s 不在党组织台账中", on);
	if (day_of(field(rec, k, "letter_date")) < m->join)
		return reject(c, "%s 的介绍信早于入党日期", id);
	return 0;
}

/* A dues row: of a member of the roster, under the roster's name, for a month since joining, its
 * due either left to the rule (a 税后工资 given) or recorded. */
static int check_dues(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_DUES;
	const char *id = field(rec, k, "idno");
	const mem_info *m = member(c, id, strlen(id));
	if (!m || strcmp(m->name, field(rec, k, "name")) != 0)
		return reject(c, "党费记录的 %s 不是名册中的党员，或姓名不符", id);
	int month;
	if (dues_month_parse(field(rec, k, "month"), &month) != 0 || month < dues_month_of_day(m->join))
		return reject(c, "%s 的党费月份 %s 早于入党", id, field(rec, k, "month"));
	if (m->closed != DATE_NONE && month >= dues_month_of_day(m->closed))
		return reject(c, "%s 的党费月份 %s 在转出之后", id, field(rec, k, "month"));
	if (!field(rec, k, "base") && !field(rec, k, "due"))
		return reject(c, "%s 的党费记录既无税后工资也无应缴", id);
	return 0;
}

/* The one campaign: the whole territory's, led by its organisation department with its market
 * regulator (a city's are the city's), started in the demo year. */
static int check_campaign(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_CAMPAIGNS;
	if (c->rows[k] > 0)
		return reject(c, "演示数据应只有一个排查");
	const char *level = c->scale == DEMO_DISTRICT ? "区" : c->scale == DEMO_CITY ? "市" : "省";
	char lead[32], partners[32];
	snprintf(lead, sizeof lead, "%s委组织部", level);
	snprintf(partners, sizeof partners, "%s市场监管局", level);
	if (strcmp(field(rec, k, "lead"), lead) != 0 || strcmp(field(rec, k, "partners"), partners) != 0 || rec->f[CP_RANGE])
		return reject(c, "排查应由%s牵头、%s配合，范围为全%s", lead, partners, level);
	return 0;
}

/* A task of that campaign for an enterprise of the ledger; only one is not completed. */
static int check_task(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_TASKS;
	const char *u = field(rec, k, "uscc");
	int64_t v;
	if (!has(&c->usccs, u, &v))
		return reject(c, "排查任务的企业 %s 不在企业台账中", u);
	if (strcmp(field(rec, k, "status"), "已完成") != 0 && c->open_tasks++)
		return reject(c, "演示数据应只有一个未完成的排查任务");
	return 0;
}

/* A roster line: of an enterprise of the ledger; a member of the roster named in it keeps the
 * member's name (the cross-match pairs them by ID number only, the page shows both). */
static int check_roster(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_ROSTERS;
	const char *id = field(rec, k, "idno"), *uscc = field(rec, k, "uscc");
	if (!has(&c->usccs, uscc, NULL))
		return reject(c, "职工名册的企业 %s 不在企业台账中", uscc);
	const mem_info *m = member(c, id, strlen(id));
	if (m && strcmp(m->name, field(rec, k, "name")) != 0)
		return reject(c, "职工名册中的党员 %s 姓名与党员名册不符", id);
	if (m && m->closed != DATE_NONE)
		return reject(c, "职工名册中有已转出本区的党员 %s", id);
	const char *pol = field(rec, k, "political");
	c->roster_members += m != NULL;
	c->roster_no_org += m && m->org < 0;
	c->roster_unknown_party += !m && pol && strstr(pol, "中共");
	return 0;
}

/* A grant: to an organisation of the ledger, once per 党组织名称 + 日期 + 类型; this year's star
 * awards counted, and those outside every default range (3★ 5,000–10,000 元, 4★ 10,000–20,000,
 * 5★ 20,000–50,000: together 5,000–50,000). */
static int check_funding(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_FUNDING;
	const char *org = field(rec, k, "org"), *date = field(rec, k, "date"), *kind = field(rec, k, "kind");
	if (!has(&c->orgs, org, NULL))
		return reject(c, "党建经费的党组织 %s 不在党组织台账中", org);
	char key[640];
	int n = snprintf(key, sizeof key, "%s|%s|%s", org, date, kind);
	if (!strmap_put(&c->funding_keys, key, (size_t)n, 0))
		return reject(c, "党建经费 %s 重复", key);
	int d, y, m, dd, ty;
	assert_int_equal(date_parse(date, &d), 0);
	date_to_ymd(d, &y, &m, &dd);
	date_to_ymd(today(), &ty, &m, &dd);
	if (y != ty)
		return 0;
	int64_t fen;
	assert_int_equal(dues_money_parse(field(rec, k, "amount"), &fen), 0);
	if (strcmp(kind, "星级奖励") == 0) {
		c->awards_year++;
		c->awards_outside += fen < 500000 || fen > 5000000;
	}
	c->subsidies_year += strcmp(kind, "专项补贴") == 0;
	c->others_year += strcmp(kind, "其他") == 0;
	return 0;
}

/* A rubric row: the built-in rubric, as the district's own for the older cycle year. */
static int check_rubric(check *c, const ledger_rec *rec)
{
	size_t n;
	const rubric_item *items = rating_default_rubric(&n);
	long i = c->rows[LEDGER_RUBRIC];
	if ((size_t)i >= n || strcmp(rec->f[RB_INDICATOR], items[i].indicator) != 0)
		return reject(c, "评分细则第 %ld 行应为内置细则的“%s”", i + 1, (size_t)i < n ? items[i].indicator : "");
	return 0;
}

/* A rating: of an organisation of the ledger, scored on the built-in rubric (resolved as an import
 * would), its 总分 the sum of its scores; a vetoed one unscored. */
typedef struct cells {
	char h[32][128], v[32][16];
	const char *hp[32], *vp[32];
	size_t n;
} cells;

static void cell_of(void *p, const char *h, size_t hl, const char *v, size_t vl)
{
	cells *x = p;
	if (x->n < 32) {
		snprintf(x->h[x->n], sizeof x->h[0], "%.*s", (int)hl, h);
		snprintf(x->v[x->n], sizeof x->v[0], "%.*s", (int)vl, v);
		x->hp[x->n] = x->h[x->n];
		x->vp[x->n] = x->v[x->n];
		x->n++;
	}
}

static int check_rating(check *c, const ledger_rec *rec)
{
	if (!has(&c->orgs, rec->f[RT_ORG], NULL))
		return reject(c, "星级评定的党组织 %s 不在党组织台账中", rec->f[RT_ORG]);
	if (rec->f[RT_VETO]) {
		c->ratings_vetoed++;
		return rec->f[RT_SCORES] ? reject(c, "%s 被否决，不应再打分", rec->f[RT_ORG]) : 0;
	}
	size_t n, bad;
	const rubric_item *items = rating_default_rubric(&n);
	cells x = {0};
	ledger_dynamic_each(rec->f[RT_SCORES], cell_of, &x);
	int scores[32], total, typed;
	char msg[256];
	if (rating_scores_resolve(items, n, x.hp, x.vp, x.n, 0, scores, &total, &bad, msg, sizeof msg))
		return reject(c, "%s 的得分：%s", rec->f[RT_ORG], msg);
	if (rating_score_parse(rec->f[RT_TOTAL], &typed) != 0 || typed != total)
		return reject(c, "%s 的总分 %s 不是各项之和", rec->f[RT_ORG], rec->f[RT_TOTAL]);
	rating_settings cfg;
	rating_defaults(&cfg);
	c->ratings_five += rating_stars(&cfg, total, 0) == 5;
	return 0;
}

/* A designation: of an enterprise of the ledger, held by members employed there (the store's
 * rule), granted after they joined. */
static int check_designation(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_DESIGNATIONS;
	const char *uscc = field(rec, k, "uscc"), *list = field(rec, k, "members");
	int64_t e;
	if (!has(&c->usccs, uscc, &e))
		return reject(c, "亮身份的企业 %s 不在企业台账中", uscc);
	int granted;
	assert_int_equal(date_parse(field(rec, k, "granted"), &granted), 0);
	for (const char *p = list; p && *p;) {
		const mem_info *m = member(c, p, 18);
		if (!m || m->employer != e || m->closed != DATE_NONE)
			return reject(c, "亮身份的党员 %.18s 不在企业 %s 工作", p, uscc);
		if (m->join > granted)
			return reject(c, "亮身份的党员 %.18s 授予时尚未入党", p);
		p = strstr(p, "；");
		if (p)
			p += 3;
	}
	c->desig_revoked += field(rec, k, "revoked") != NULL;
	return 0;
}

/* A venue: of an active organisation of the ledger that is not a leadership body. */
static int check_venue(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_VENUES;
	const char *on = field(rec, k, "org");
	int64_t o;
	if (!has(&c->orgs, on, &o) || !c->oi[o].active || c->oi[o].lo.is_leadership)
		return reject(c, "阵地的党组织 %s 不是台账中在活动的党组织", on);
	int six = 0;
	for (int i = VN_SITE; i <= VN_RULES; i++)
		six += strcmp(rec->f[i], "是") == 0;
	c->venues_standard += six == 6;
	c->venues_lacking += six < 6;
	c->venues_open += strcmp(field(rec, k, "open_base"), "是") == 0;
	return 0;
}

static int check_training(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_TRAININGS;
	char key[512];
	int n = snprintf(key, sizeof key, "%s|%s", field(rec, k, "name"), field(rec, k, "start_date"));
	if (!strmap_put(&c->trainings, key, (size_t)n, 0))
		return reject(c, "培训 %s 重复", key);
	return 0;
}

static int check_trainee(check *c, const ledger_rec *rec)
{
	ledger_kind k = LEDGER_TRAINEES;
	char key[512];
	snprintf(key, sizeof key, "%s|%s", field(rec, k, "training"), field(rec, k, "start_date"));
	if (!has(&c->trainings, key, NULL))
		return reject(c, "培训人员的培训 %s 不存在", key);
	const char *id = field(rec, k, "idno"), *uscc = field(rec, k, "uscc");
	if (id) {
		const mem_info *m = member(c, id, strlen(id));
		if (!m || strcmp(m->name, field(rec, k, "name")) != 0)
			return reject(c, "培训人员 %s 不是党员或姓名不符", id);
		if (gone(m, day_of(field(rec, k, "start_date"))))
			return reject(c, "培训人员 %s 在转出之后参加培训", id);
	} else if (!uscc) {
		return reject(c, "培训人员 %s 既无公民身份号码也无企业", field(rec, k, "name"));
	}
	if (uscc && !has(&c->usccs, uscc, NULL))
		return reject(c, "培训人员的企业 %s 不在企业台账中", uscc);
	const char *role = field(rec, k, "role");
	c->trainee_roles[strcmp(role, "书记") == 0 ? 0 : strcmp(role, "出资人") == 0 ? 1 : 2]++;
	return 0;
}

static int check_row(void *ctx, ledger_kind kind, const ledger_rec *rec)
{
	check *c = ctx;
	const ledger_def *def = ledger_get(kind);
	if ((int)kind < c->last_kind)
		return reject(c, "%s 的行出现在 %s 之后", def->name, ledger_get((ledger_kind)c->last_kind)->name);
	c->last_kind = (int)kind;
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *col = &def->cols[i];
		if (!rec->f[i]) {
			if (col->flags & COL_REQUIRED)
				return reject(c, "%s 第 %ld 行缺少必填列 %s", def->name, c->rows[kind] + 1, col->header);
			continue;
		}
		val_status st = ledger_parse_value(col, rec->f[i], 0, &c->lctx, &c->out, &c->msg);
		if (st != VAL_OK)
			return reject(c, "%s %s “%s”: %s", def->name, col->header, rec->f[i], buf_cstr(&c->msg));
		if (strcmp(buf_cstr(&c->out), rec->f[i]) != 0)
			return reject(c, "%s %s “%s” 不是规范形式（应为“%s”）", def->name, col->header, rec->f[i],
				    buf_cstr(&c->out));
	}
	int bad = ledger_check_row(def, rec, &c->lctx, &c->msg);
	if (bad >= 0)
		return reject(c, "%s %s: %s", def->name, def->cols[bad].header, buf_cstr(&c->msg));
	int rc = 0;
	switch (kind) {
	case LEDGER_ENTERPRISES:
		rc = check_enterprise(c, rec);
		break;
	case LEDGER_ORGS:
		rc = check_org(c, rec);
		break;
	case LEDGER_MEMBERS:
		rc = check_member(c, rec);
		break;
	case LEDGER_INSTRUCTORS:
		rc = check_instructor(c, rec);
		break;
	case LEDGER_MEETINGS:
		rc = check_meeting(c, rec);
		break;
	case LEDGER_STUDY:
		rc = check_study(c, rec);
		break;
	case LEDGER_SECRETARIES:
		rc = check_secretary(c, rec);
		break;
	case LEDGER_VISITS:
		rc = check_visit(c, rec);
		break;
	case LEDGER_TRAININGS:
		rc = check_training(c, rec);
		break;
	case LEDGER_TRAINEES:
	case LEDGER_NKINDS:
		rc = check_trainee(c, rec);
		break;
	case LEDGER_DEVELOPMENT:
		rc = check_development(c, rec);
		break;
	case LEDGER_TRANSFERS:
		rc = check_transfer(c, rec);
		break;
	case LEDGER_DUES:
		rc = check_dues(c, rec);
		break;
	case LEDGER_CAMPAIGNS:
		rc = check_campaign(c, rec);
		break;
	case LEDGER_TASKS:
		rc = check_task(c, rec);
		break;
	case LEDGER_ROSTERS:
		rc = check_roster(c, rec);
		break;
	case LEDGER_FUNDING:
		rc = check_funding(c, rec);
		break;
	case LEDGER_RUBRIC:
		rc = check_rubric(c, rec);
		break;
	case LEDGER_RATINGS:
		rc = check_rating(c, rec);
		break;
	case LEDGER_DESIGNATIONS:
		rc = check_designation(c, rec);
		break;
	case LEDGER_VENUES:
		rc = check_venue(c, rec);
		break;
	}
	c->rows[kind]++;
	return rc;
}

static void check_free(check *c)
{
	buf_free(&c->out);
	buf_free(&c->msg);
	strmap_free(&c->usccs);
	strmap_free(&c->ids);
	strmap_free(&c->orgs);
	strmap_free(&c->funding_keys);
	strmap_free(&c->places);
	strmap_free(&c->streets);
	strmap_free(&c->comms);
	strmap_free(&c->names);
	strmap_free(&c->zones);
	strmap_free(&c->instr_keys);
	strmap_free(&c->assign);
	strmap_free(&c->trainings);
	free(c->ents);
	free(c->mems);
	for (size_t i = 0; i < c->noi; i++)
		free(c->oi[i].m);
	free(c->oi);
	for (size_t i = 0; i < c->nas; i++)
		free(c->as[i].days);
	free(c->as);
}

/* The shares core/life computes from what was emitted. */
typedef struct work_shares {
	long orgs, checked, compliant, with_secretary, named_without_record;
	long quarters, visited;
} work_shares;

static work_shares shares_of(const check *c)
{
	work_shares w = {0};
	life_settings cfg;
	life_defaults(&cfg);
	for (size_t o = 0; o < c->noi; o++) {
		const org_info *oi = &c->oi[o];
		if (oi->named && !oi->current)
			w.named_without_record++;
		if (oi->lo.is_leadership || !oi->active)
			continue;
		w.orgs++;
		w.with_secretary += oi->current;
		life_calendar cal;
		life_org_year(&oi->lo, oi->m, oi->nm, today(), &cfg, &cal);
		w.checked += cal.checked;
		w.compliant += cal.compliant;
	}
	for (size_t a = 0; a < c->nas; a++) {
		visit_year vy;
		visit_assignment_year(c->as[a].start, DATE_NONE, c->as[a].days, c->as[a].n, today(), 1, &vy);
		for (int q = 0; q < 4; q++)
			if (vy.quarter[q].checked) {
				w.quarters++;
				w.visited += vy.quarter[q].state == LIFE_HELD;
			}
	}
	return w;
}

/* Generates and validates; then derives the coverage figures from what was emitted. */
static void run_checked(check *c, demo_scale scale, uint64_t seed)
{
	memset(c, 0, sizeof *c);
	c->scale = scale;
	c->lctx.today = today();
	int rc = demo_generate(scale, seed, today(), check_row, c);
	if (rc != 0)
		fail_msg("seed %llu: %s", (unsigned long long)seed, c->failure);
	for (size_t i = 0; i < c->nents; i++) {
		const ent_info *x = &c->ents[i];
		if (x->cover_mode == 0 && x->formal < 3)
			c->single_too_small++;
		if (x->cover_mode == 1 && x->formal > 2)
			c->joint_too_large++;
		if (!x->counted)
			continue;
		if (x->formal >= 3) {
			c->required++;
			c->required_single += x->cover_mode == 0;
		}
		c->counted++;
		if (x->cover < 0)
			c->uncovered_counted++;
		if (!x->filled || (x->cover < 0 && !x->has_reason))
			c->incomplete_counted++;
	}
}

static void test_district_valid_and_shaped(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {1, 2, 20250601};
	for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
		check c;
		run_checked(&c, DEMO_DISTRICT, seeds[s]);
		assert_in_range(c.rows[LEDGER_ENTERPRISES], 4000, 6000);
		assert_true(c.rows[LEDGER_ORGS] > 100);
		assert_true(c.rows[LEDGER_MEMBERS] > 3000);
		assert_true(c.rows[LEDGER_INSTRUCTORS] > 0);
		assert_in_range((long)c.streets.count, 6, 12);
		assert_in_range((long)c.comms.count, 6 * (long)c.streets.count, 10 * (long)c.streets.count);

		/* Zones: about a quarter of the enterprises. */
		assert_in_range(c.zoned * 100 / c.rows[LEDGER_ENTERPRISES], 12, 40);
		/* Every way of forming an organisation, and leadership bodies above them. */
		assert_true(c.modes[0] > 0 && c.modes[1] > 0 && c.modes[2] > 0 && c.modes[3] >= 2);
		assert_true(c.kinds[0] > 0 && c.kinds[1] > 0 && c.kinds[2] > 0);
		assert_int_equal(c.joint_bad, 0);
		/* Gaps for checks and metrics to find. */
		assert_true(c.uncovered_counted > 0 && c.uncovered_counted < c.counted);
		assert_in_range(c.incomplete_counted * 100 / c.counted, 5, 25);
		assert_true(c.probationary > 0 && c.stopped > 0 && c.flowing > 0 && c.lost > 0);
		assert_in_range(c.probationary * 100 / c.rows[LEDGER_MEMBERS], 4, 14);
		assert_true(c.pocket > 0 && c.pocket * 100 / c.rows[LEDGER_MEMBERS] < 8);
		assert_true(c.no_employer > 0);
		assert_true(c.instructed > 0);
		/* Members of a covered enterprise belong to its organisation (or to none). */
		assert_int_equal(c.member_org_mismatch, 0);
		/* Own organisations from 3 formal members, joint branches for 1–2; about nine in ten
		 * of those that need their own organisation have one. */
		assert_int_equal(c.single_too_small, 0);
		/* An enterprise's own or joint organisation is founded after the enterprise. */
		assert_int_equal(c.org_before_ent, 0);
		assert_int_equal(c.joint_too_large, 0);
		assert_true(c.required > 0);
		assert_in_range(c.required_single * 100 / c.required, 75, 98);

		/* Party work: every ledger filled, every record valid (checked row by row above). */
		for (int k = LEDGER_MEETINGS; k < LEDGER_NKINDS; k++)
			assert_true(c.rows[k] > 0);
		work_shares w = shares_of(&c);
		/* Most organisations hold every minimum; about one in seven missed months. */
		assert_true(w.checked * 100 / w.orgs >= 85);
		assert_in_range(w.compliant * 100 / w.checked, 75, 92);
		/* About nine in ten have a current secretary; 书记姓名 always follows the record. */
		assert_in_range(w.with_secretary * 100 / w.orgs, 82, 96);
		assert_int_equal(w.named_without_record, 0);
		assert_true(c.secretaries_past > 0);
		/* Visits: most quarters of most assignments. */
		assert_in_range(w.visited * 100 / w.quarters, 80, 95);
		/* Attendance lists as an organisation's members, some absent with a reason. */
		assert_in_range(c.attendance / c.rows[LEDGER_MEETINGS], 3, 30);
		assert_true(c.absences > 0 && c.absences < c.attendance / 4);
		/* Mostly 集中, shift-work forms and online meetings too. */
		assert_true(c.forms[0] > c.forms[1] + c.forms[2] + c.forms[4]);
		assert_true(c.forms[1] > 0 && c.forms[2] > 0 && c.forms[4] > 0);
		/* Training participants: secretaries, investors and members. */
		assert_true(c.trainee_roles[0] > 0 && c.trainee_roles[1] > 0 && c.trainee_roles[2] > 0);
		/* Rosters: the members at their employers (and some elsewhere), pocket members among them,
		 * and a few self-declared members the ledger does not know. */
		assert_true(c.roster_members > c.rows[LEDGER_MEMBERS] / 2);
		assert_true(c.roster_no_org > 0);
		/* Members move away: transfers out completed this year (about 2 % of the members a year)
		 * and a few pending. */
		assert_true(c.transfers_out > 0);
		assert_true(c.transfers_out_pending > 0);
		assert_true((size_t)c.transfers_out < c.nmems / 20);
		assert_true(c.roster_unknown_party > 0 && c.roster_unknown_party * 100 < c.rows[LEDGER_ROSTERS]);
		/* Funding: star awards to about 15 % of active organisations in the year, a few outside
		 * the ranges; subsidies to a few, other grants to some. */
		assert_in_range(c.awards_year * 100 / w.orgs, 8, 20);
		assert_true(c.awards_outside > 0 && c.awards_outside * 10 < c.awards_year);
		assert_true(c.subsidies_year > 0 && c.subsidies_year * 3 < c.awards_year);
		assert_true(c.others_year > c.subsidies_year);
		/* Ratings: about six in ten active organisations (under the organisations in all), five
		 * stars within the default 10 % cap, a few vetoed. */
		assert_in_range(c.rows[LEDGER_RATINGS] * 100 / c.rows[LEDGER_ORGS], 30, 60);
		assert_true(c.ratings_five > 0 && c.ratings_five * 10 <= c.rows[LEDGER_RATINGS]);
		assert_true(c.ratings_vetoed > 0 && c.ratings_vetoed * 10 < c.rows[LEDGER_RATINGS]);
		/* 亮身份 at about one in ten enterprises with members, a few revoked; venues at about seven in
		 * ten active organisations, four in five of them with all six, some open bases. */
		long with_members = 0, active = 0;
		for (size_t i = 0; i < c.nents; i++)
			with_members += c.ents[i].formal > 0;
		for (size_t i = 0; i < c.noi; i++)
			active += c.oi[i].active && !c.oi[i].lo.is_leadership;
		assert_in_range(c.rows[LEDGER_DESIGNATIONS] * 100 / with_members, 6, 20);
		assert_true(c.desig_revoked > 0 && c.desig_revoked * 100 / c.rows[LEDGER_DESIGNATIONS] < 20);
		assert_in_range(c.rows[LEDGER_VENUES] * 100 / active, 55, 85);
		assert_in_range(c.venues_standard * 100 / c.rows[LEDGER_VENUES], 70, 90);
		assert_true(c.venues_lacking > 0);
		assert_in_range(c.venues_open * 100 / c.rows[LEDGER_VENUES], 5, 20);
		check_free(&c);
	}
}

static void test_deterministic(void **state)
{
	(void)state;
	hashed a = run_hash(DEMO_DISTRICT, 7, today());
	hashed b = run_hash(DEMO_DISTRICT, 7, today());
	hashed other = run_hash(DEMO_DISTRICT, 8, today());
	assert_true(a.h == b.h);
	for (int k = 0; k < LEDGER_NKINDS; k++) {
		assert_true(a.rows[k] > 0);
		assert_int_equal(a.rows[k], b.rows[k]);
	}
	assert_true(a.h != other.h);
}

typedef struct stopper {
	long rows, stop_at;
} stopper;

static int stop_after(void *ctx, ledger_kind kind, const ledger_rec *rec)
{
	(void)kind;
	(void)rec;
	stopper *s = ctx;
	return ++s->rows == s->stop_at ? 42 : 0;
}

static void test_callback_stops(void **state)
{
	(void)state;
	stopper s = {0, 100};
	assert_int_equal(demo_generate(DEMO_DISTRICT, 1, today(), stop_after, &s), 42);
	assert_int_equal(s.rows, 100);
	s.rows = 0;
	s.stop_at = 7000; /* inside the organisations or members */
	assert_int_equal(demo_generate(DEMO_DISTRICT, 1, today(), stop_after, &s), 42);
	assert_int_equal(s.rows, 7000);
}

/* The city: ~100,000 enterprises, identifiers still valid and unique. */
typedef struct ids_only {
	strmap usccs, ids;
	long rows[LEDGER_NKINDS];
	long bad;
	char lead[32]; /* the campaign's 牵头部门 */
} ids_only;

static int city_row(void *ctx, ledger_kind kind, const ledger_rec *rec)
{
	ids_only *c = ctx;
	c->rows[kind]++;
	if (kind == LEDGER_ENTERPRISES) {
		const char *u = rec->f[ledger_col_index(ledger_get(kind), "uscc")];
		if (uscc_check(u, NULL) != ID_OK || !strmap_put(&c->usccs, u, strlen(u), 0))
			c->bad++;
	} else if (kind == LEDGER_MEMBERS) {
		const char *id = rec->f[ledger_col_index(ledger_get(kind), "idno")];
		if (idcard_check(id, today(), NULL) != ID_OK || !strmap_put(&c->ids, id, strlen(id), 0))
			c->bad++;
	} else if (kind == LEDGER_CAMPAIGNS) {
		snprintf(c->lead, sizeof c->lead, "%s", rec->f[CP_LEAD]);
	}
	return 0;
}

static void test_city_scale(void **state)
{
	(void)state;
	ids_only c;
	memset(&c, 0, sizeof c);
	assert_int_equal(demo_generate(DEMO_CITY, 5, today(), city_row, &c), 0);
	assert_in_range(c.rows[LEDGER_ENTERPRISES], 90000, 110000);
	assert_true(c.rows[LEDGER_MEMBERS] > 50000);
	assert_in_range(c.rows[LEDGER_ROSTERS], 800000, 1200000); /* ≈1M employees on the rosters */
	assert_int_equal(c.bad, 0);
	assert_string_equal(c.lead, "市委组织部"); /* the city's campaign is the city's */
	strmap_free(&c.usccs);
	strmap_free(&c.ids);
}

static void test_scale_parse_and_region(void **state)
{
	(void)state;
	assert_int_equal(demo_scale_parse("district"), DEMO_DISTRICT);
	assert_int_equal(demo_scale_parse("city"), DEMO_CITY);
	assert_int_equal(demo_scale_parse("province"), DEMO_PROVINCE);
	assert_int_equal(demo_scale_parse("county"), -1);
	assert_int_equal(demo_scale_parse(""), -1);

	static const char *const ends[] = {"区", "市", "省"};
	for (int s = DEMO_DISTRICT; s <= DEMO_PROVINCE; s++) {
		const char *first = demo_region_name((demo_scale)s, 0);
		int varied = 0;
		for (uint64_t seed = 0; seed < 32; seed++) {
			const char *n = demo_region_name((demo_scale)s, seed);
			size_t len = strlen(n);
			assert_true(len > 3);
			assert_string_equal(n + len - 3, ends[s]);
			varied |= strcmp(n, first) != 0;
		}
		assert_true(varied);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale_parse_and_region),
		cmocka_unit_test(test_district_valid_and_shaped),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_city_scale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
