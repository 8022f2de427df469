/* Tests for core/demo: the generated ledgers are deterministic, every value is what the
 * importer would accept and store unchanged, every identifier is valid and unique, every
 * reference resolves, and the district looks like a district (all the cases the checks and
 * metrics must see are present). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/demo.h"
#include "core/ident.h"
#include "core/ledger.h"
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
	int counted;      /* operating, fixed site, ≥10 staff */
	int filled;       /* 经营运行情况, 职工队伍情况 and 出资人 filled */
	int has_reason;   /* 未建党组织原因 filled */
	int64_t cover;    /* index of the covering organisation, -1 */
	int cover_mode;   /* 0 单独建, 1 联合建, 2 挂靠建 */
	long formal;      /* 正式党员 employed here, 停止党籍 excluded (counted from the members) */
	int founded;      /* day number, DATE_NONE when not given */
} ent_info;

typedef struct check {
	ledger_ctx lctx;
	buf out, msg;
	char failure[1024];
	int last_kind;
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
	char item[32];
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
	if (w->org < 0) {
		w->c->instructed++;
		return;
	}
	ent_info *x = &w->c->ents[e];
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
	x->counted = strcmp(field(rec, k, "status"), "在营") == 0 && strcmp(field(rec, k, "fixed_site"), "是") == 0 &&
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
	if (covers) {
		list_walk w = {c, idx, mode, 0, 0, 0, {0}};
		assert_int_equal(date_parse(field(rec, k, "founded"), &w.founded), 0);
		ledger_list_each(covers, walk_item, &w);
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
	if (!strmap_put(&c->ids, id, strlen(id), 0))
		return reject(c, "公民身份号码 %s 重复", id);
	const char *employer = field(rec, k, "employer"), *org = field(rec, k, "org");
	int64_t e = -1, o = -1;
	if (employer && !has(&c->usccs, employer, &e))
		return reject(c, "党员 %s 的工作单位 %s 不在企业台账中", id, employer);
	if (org && !has(&c->orgs, org, &o))
		return reject(c, "党员 %s 的所在党组织 %s 不在党组织台账中", id, org);
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
		list_walk w = {c, -1, 0, 0, 0, 0, {0}};
		ledger_list_each(covers, walk_item, &w);
		if (w.bad)
			return reject(c, "指导员 %s 指导的企业 %s 不在企业台账中", name, w.item);
		if (w.n < 3 || w.n > 10)
			return reject(c, "指导员 %s 指导 %zu 家企业", name, w.n);
	}
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
	case LEDGER_NKINDS:
		rc = check_instructor(c, rec);
		break;
	case LEDGER_MEETINGS: /* party-work records: the cell and row checks above */
	case LEDGER_STUDY:
	case LEDGER_SECRETARIES:
	case LEDGER_VISITS:
	case LEDGER_TRAININGS:
	case LEDGER_TRAINEES:
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
	strmap_free(&c->places);
	strmap_free(&c->streets);
	strmap_free(&c->comms);
	strmap_free(&c->names);
	strmap_free(&c->zones);
	strmap_free(&c->instr_keys);
	free(c->ents);
}

/* Generates and validates; then derives the coverage figures from what was emitted. */
static void run_checked(check *c, demo_scale scale, uint64_t seed)
{
	memset(c, 0, sizeof *c);
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
	for (int k = 0; k < LEDGER_NKINDS; k++)
		assert_int_equal(a.rows[k], b.rows[k]);
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
	assert_int_equal(c.bad, 0);
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
