/* demo_emit — the emit pass of the demo generator: walks the plan (demo_plan.c) and hands
 * the caller one row at a time, ledger by ledger. Every string is recomputed from its entity's
 * index and its own random stream, so nothing but the plan's compact structs is kept; only
 * the rows' own details (capital, texts, secretaries, members) are drawn here. Columns are
 * addressed by their positions in the ledger's table (ledger.h). */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/demo_int.h"
#include "util/date.h"

/* ---- one row ---- */

void demo_row_clear(row *r)
{
	memset(&r->rec, 0, sizeof r->rec);
	r->used = 0;
}

/* Copies s into the row's memory as column col (a column position of ledger.h); a NULL s leaves
 * the column empty. ROW_MEM holds the longest row the demo writes, lists aside (they live in
 * gen.list and gen.list2). */
void demo_row_set(row *r, int col, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s) + 1;
	assert(r->used + n <= ROW_MEM);
	memcpy(r->mem + r->used, s, n);
	r->rec.f[col] = r->mem + r->used;
	r->used += n;
}

void demo_row_printf(row *r, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->mem + r->used, ROW_MEM - r->used, fmt, ap);
	va_end(ap);
	assert(n >= 0 && (size_t)n < ROW_MEM - r->used);
	r->rec.f[col] = r->mem + r->used;
	r->used += (size_t)n + 1;
}

void demo_row_date(row *r, int col, int d)
{
	char s[11];
	date_format(d, s);
	demo_row_set(r, col, s);
}

void demo_row_bool(row *r, int col, int yes)
{
	demo_row_set(r, col, yes ? "是" : "否");
}

int demo_emit_row(gen *g, ledger_kind kind)
{
	return g->fn(g->ctx, kind, &g->row.rec);
}

/* ---- enterprises ---- */

static void ent_texts(const gen *g, rng *r, const ent *x, row *w)
{
	uint32_t emp = x->employees;
	if (!(x->flags & EF_NO_OP)) {
		unsigned rev = (unsigned)(emp * (15 + rng_below(r, 80)) + rng_below(r, 50)) + 10;
		switch (x->status) {
		case ST_OPERATING: {
			uint32_t v = rng_below(r, 4);
			if (v == 0)
				demo_row_printf(w, E_OP_INFO, "正常经营，年营业收入约%u万元", rev);
			else if (v == 1)
				demo_row_printf(w, E_OP_INFO, "经营状况良好，年营业收入约%u万元，纳税约%u万元",
					   rev, rev / 20 + 1);
			else if (v == 2)
				demo_row_printf(w, E_OP_INFO, "经营稳定，年产值约%u万元", rev);
			else
				demo_row_printf(w, E_OP_INFO, "经营压力较大，年营业收入约%u万元，同比下降%u%%",
					   rev, 5 + rng_below(r, 25));
			break;
		}
		case ST_SUSPENDED:
			demo_row_set(w, E_OP_INFO, "停业整顿中");
			break;
		case ST_CLOSED:
			demo_row_set(w, E_OP_INFO, "已办理歇业备案，暂停经营");
			break;
		case ST_DEREGISTERED:
			demo_row_set(w, E_OP_INFO, "已注销，不再经营");
			break;
		default:
			demo_row_set(w, E_OP_INFO, "营业执照已被吊销");
			break;
		}
	}
	if (!(x->flags & EF_NO_STAFF)) {
		if (emp == 0)
			demo_row_set(w, E_STAFF_INFO, "目前无在岗职工");
		else if (rng_chance(r, 0.5))
			demo_row_printf(w, E_STAFF_INFO, "职工%u人，其中大专以上学历%u人", emp,
				   (unsigned)(emp * (0.1 + 0.6 * rng_unit(r))));
		else
			demo_row_printf(w, E_STAFF_INFO, "职工%u人，其中35岁以下青年职工%u人", emp,
				   (unsigned)(emp * (0.2 + 0.5 * rng_unit(r))));
	}
	if (x->org < 0 && !(x->flags & EF_NO_REASON)) {
		const char *why;
		if (x->formal >= 3)
			why = rng_chance(r, 0.5) ? "正在筹建党组织" : "党员组织关系尚未转入";
		else if (x->formal >= 1)
			why = "党员人数不足3人";
		else if (x->founded > g->today - 365)
			why = "新成立企业";
		else if (emp < 10)
			why = "从业人员较少，无党员";
		else
			why = rng_chance(r, 0.7) ? "无党员" : "暂无党员，已选派党建指导员";
		demo_row_set(w, E_NO_ORG_REASON, why);
	}
}

static double draw_capital(rng *r, uint32_t emp)
{
	static const double small[] = {3, 5, 10, 20, 30, 50, 100};
	static const double mid[] = {50, 100, 200, 300, 500, 1000};
	static const double big[] = {200, 500, 1000, 2000, 3000, 5000};
	static const double huge[] = {1000, 2000, 5000, 8000, 10000, 20000, 50000};
	double v = emp < 10 ? small[rng_below(r, NELEM(small))]
		 : emp < 50 ? mid[rng_below(r, NELEM(mid))]
		 : emp < 300 ? big[rng_below(r, NELEM(big))]
		 : huge[rng_below(r, NELEM(huge))];
	double u = rng_unit(r);
	if (u < 0.1)
		v = v * 1.5;
	else if (u < 0.15)
		v = 5.0 * (1 + rng_below(r, (uint32_t)v / 5 + 1)); /* an odd multiple of 5 */
	return v;
}

/* The first draws of an enterprise's row: its capital (0: not given) and its investor's name
 * (empty: not given). Trainings name investors again, so the draws live in one place. */
static double ent_head(const ent *x, rng *r, char *investor, size_t size)
{
	double capital = rng_chance(r, 0.97) ? draw_capital(r, x->employees) : 0;
	investor[0] = '\0';
	if (!(x->flags & EF_NO_INVESTOR))
		demo_person_name(r, rng_chance(r, 0.75), investor, size);
	return capital;
}

void demo_ent_investor(const gen *g, uint32_t e, char *out, size_t size)
{
	rng r = rng_for(g->seed, T_EMIT, e);
	ent_head(&g->ents[e], &r, out, size);
}

static int emit_enterprises(gen *g)
{
	char name[256], sname[64], cname[64], zname[128], uscc[19], person[32];
	for (uint32_t c = 0; c < g->ncomms; c++) {
		const community *cm = &g->comms[c];
		demo_street_path(g, cm->street, sname, sizeof sname);
		demo_comm_name(g, c, cname, sizeof cname);
		for (uint32_t e = cm->first; e < cm->first + cm->count; e++) {
			const ent *x = &g->ents[e];
			rng r = rng_for(g->seed, T_EMIT, e);
			row *w = &g->row;
			demo_row_clear(w);
			demo_ent_uscc(g, e, uscc);
			const char *industry = demo_ent_name(g, e, name, sizeof name);
			demo_row_set(w, E_USCC, uscc);
			demo_row_set(w, E_NAME, name);
			demo_row_set(w, E_STREET, sname);
			demo_row_set(w, E_COMMUNITY, cname);
			if (x->zone >= 0) {
				demo_zone_name(g, (uint32_t)x->zone, zname, sizeof zname);
				demo_row_set(w, E_ZONE, zname);
				demo_row_set(w, E_ZONE_KIND, demo_zone_kind[g->zones[x->zone].kind]);
			}
			demo_row_set(w, E_INDUSTRY, industry);
			demo_row_set(w, E_STATUS, demo_ent_status[x->status]);
			demo_row_printf(w, E_EMPLOYEES, "%u", (unsigned)x->employees);
			demo_row_bool(w, E_FIXED_SITE, x->flags & EF_FIXED);
			double capital = ent_head(x, &r, person, sizeof person);
			if (capital > 0)
				demo_row_printf(w, E_CAPITAL, "%.15g", capital);
			if (person[0]) {
				demo_row_set(w, E_INVESTOR, person);
				demo_row_bool(w, E_INVESTOR_MEMBER, rng_chance(&r, x->formal ? 0.2 : 0.03));
			}
			demo_row_date(w, E_FOUNDED, x->founded);
			ent_texts(g, &r, x, w);
			int rc = demo_emit_row(g, LEDGER_ENTERPRISES);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- organisations ---- */

/* The start of the current term: elections every `years` since founding; about one in eight
 * organisations missed the last one and is overdue. */
static int term_start(const gen *g, rng *r, int founded, int years)
{
	int k = 0;
	while (date_add_years(founded, years * (k + 1)) <= g->today)
		k++;
	if (k > 0 && rng_chance(r, 0.12))
		k--;
	int t = date_add_years(founded, years * k);
	int jitter = (int)rng_below(r, 45);
	return t + jitter <= g->today ? t + jitter : t;
}

static int emit_orgs(gen *g)
{
	char name[512], parent[512], sname[64], cname[64], zname[128], uscc[19], person[32];
	for (uint32_t o = 0; o < g->norgs; o++) {
		const org *x = &g->orgs[o];
		rng r = rng_for(g->seed, T_ORG_ROW, o);
		row *w = &g->row;
		demo_row_clear(w);
		demo_org_name(g, o, name, sizeof name);
		demo_row_set(w, O_NAME, name);
		demo_row_set(w, O_KIND, demo_org_kind[x->kind]);
		demo_row_set(w, O_MODE, demo_org_mode[x->mode]);
		if (x->parent >= 0) {
			demo_org_name(g, (uint32_t)x->parent, parent, sizeof parent);
			demo_row_set(w, O_PARENT, parent);
		}
		if (x->street != UINT32_MAX) {
			demo_street_path(g, x->street, sname, sizeof sname);
			demo_row_set(w, O_STREET, sname);
		}
		if (x->comm >= 0) {
			demo_comm_name(g, (uint32_t)x->comm, cname, sizeof cname);
			demo_row_set(w, O_COMMUNITY, cname);
		}
		if (x->zone >= 0) {
			demo_zone_name(g, (uint32_t)x->zone, zname, sizeof zname);
			demo_row_set(w, O_ZONE, zname);
		}
		demo_row_date(w, O_FOUNDED, x->founded);
		/* 书记姓名 follows the secretaries ledger's current record. */
		demo_row_set(w, O_SECRETARY, demo_org_secretary(g, o, person, sizeof person));

		/* Committees: required from 7 formal members; a few branches have not set one up. */
		uint32_t committee = 0;
		if (x->mode == OM_LEAD)
			committee = 5 + 2 * rng_below(&r, 3);
		else if (x->kind != OK_BRANCH)
			committee = x->kind == OK_COMMITTEE ? 5 + 2 * rng_below(&r, 3) : 5 + 2 * rng_below(&r, 2);
		else if (x->members >= 7 && rng_chance(&r, 0.9))
			committee = 3 + 2 * rng_below(&r, 2);
		if (committee) {
			demo_row_bool(w, O_HAS_COMMITTEE, 1);
			demo_row_printf(w, O_COMMITTEE_SIZE, "%u", committee);
		} else if (rng_chance(&r, 0.95)) {
			demo_row_bool(w, O_HAS_COMMITTEE, 0);
		}
		g->orgs[o].committee = (uint8_t)committee;
		if (x->groups)
			demo_row_printf(w, O_GROUPS, "%u", (unsigned)x->groups);
		if (rng_chance(&r, 0.97))
			demo_row_date(w, O_TERM_START, term_start(g, &r, x->founded, x->kind == OK_COMMITTEE ? 5 : 3));

		if (x->cover_n) {
			buf_reset(&g->list);
			for (uint32_t k = 0; k < x->cover_n; k++) {
				demo_ent_uscc(g, g->cov[x->cover_first + k], uscc);
				if (k)
					buf_puts(&g->list, "；");
				buf_puts(&g->list, uscc);
			}
			w->rec.f[O_COVERS] = buf_cstr(&g->list);
		}
		int rc = demo_emit_row(g, LEDGER_ORGS);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- members ---- */

enum { MK_FORMAL, MK_PROBATIONARY, MK_STOPPED };

/* Draws the next member's row into g->row from r, the stream of its enterprise (or community);
 * the walk that plans (record set) appends the member to g->pm. employer_s / org_s are the
 * names of employer / oi, NULL for none. */
static void member_row(gen *g, rng *r, const char *employer_s, int32_t employer, const char *org_s, int32_t oi,
		       int kind, int record)
{
	char idno[19], person[32];
	int birth, male;
	uint64_t n = g->nmembers++;
	demo_member_idno(g, n, idno, &birth, &male);
	row *w = &g->row;
	demo_row_clear(w);
	demo_member_name(g, n, person, sizeof person);
	demo_row_set(w, M_NAME, person);
	demo_row_set(w, M_IDNO, idno);
	int adult = date_add_years(birth, 18), join;
	if (kind == MK_PROBATIONARY) {
		demo_row_set(w, M_STATUS, "预备党员");
		join = g->today - (int)rng_below(r, 365);
		if (join < adult)
			join = adult;
		demo_row_date(w, M_JOIN_DATE, join);
	} else {
		demo_row_set(w, M_STATUS, "正式党员");
		int hi = g->today - 366;
		int span = hi - adult;
		if (span > 20 * 365 && rng_chance(r, 0.8))
			span = 20 * 365;
		join = adult + (span > 0 ? (int)(rng_unit(r) * span) : 0);
		demo_row_date(w, M_JOIN_DATE, join);
		demo_row_date(w, M_FULL_DATE, date_add_years(join, 1));
	}
	demo_row_set(w, M_EMPLOYER, employer_s);
	/* 口袋党员: about 3% never lodged their relation. */
	if (!(org_s && rng_chance(r, 0.97)))
		oi = -1;
	else
		demo_row_set(w, M_ORG, org_s);
	const char *rel = "正常";
	uint8_t pr = PR_NORMAL;
	double u = rng_unit(r);
	if (kind == MK_STOPPED)
		rel = "停止党籍", pr = PR_STOPPED;
	else if (u < 0.05)
		rel = "流动", pr = PR_FLOWING;
	else if (u < 0.06 && kind == MK_FORMAL)
		rel = "失联", pr = PR_LOST;
	demo_row_set(w, M_RELATION, rel);
	u = rng_unit(r);
	/* About seven in ten disclose their membership at work (亮身份); a few are not recorded. */
	if (u < 0.72)
		demo_row_bool(w, M_DISCLOSED, 1);
	else if (u < 0.97)
		demo_row_bool(w, M_DISCLOSED, 0);
	if (rng_chance(r, 0.95)) {
		char phone[12];
		demo_phone_number(r, phone);
		demo_row_set(w, M_PHONE, phone);
	}
	/* Transferred out this year (demo_transfers_out_plan, after the planning walk): the ledger keeper
	 * records the member's 减少 on the 办结日期 — it leaves the district's roll that day. The 转出
	 * itself then empties 所在党组织 and records the 对方党组织 (party_transfer_follow). */
	if (!record && n < g->npm && g->pm[n].xout == XO_DONE) {
		demo_row_date(w, M_CLOSED, g->pm[n].left);
		demo_row_set(w, M_CLOSED_REASON, "转出本区");
	}
	if (record) {
		if (g->npm == g->cappm) {
			g->cappm = g->cappm ? g->cappm * 2 : 4096;
			g->pm = xrealloc(g->pm, g->cappm * sizeof *g->pm);
		}
		g->pm[g->npm++] = (pmember){oi, join, employer, INT32_MAX, pr, kind != MK_PROBATIONARY, XO_NONE};
	}
}

int demo_members_walk(gen *g, int emit)
{
	char uscc[19], oname[512], aname[512];
	g->nmembers = 0;
	for (uint32_t c = 0; c < g->ncomms; c++) {
		const community *cm = &g->comms[c];
		aname[0] = '\0';
		if (cm->affil >= 0)
			demo_org_name(g, (uint32_t)cm->affil, aname, sizeof aname);
		for (uint32_t e = cm->first; e < cm->first + cm->count; e++) {
			const ent *x = &g->ents[e];
			uint32_t n = (uint32_t)x->formal + x->prob + x->stopped;
			if (n == 0)
				continue;
			rng r = rng_for(g->seed, T_MEMBER, e);
			demo_ent_uscc(g, e, uscc);
			const char *on = NULL;
			int32_t o = x->org >= 0 ? x->org : cm->affil;
			if (x->org >= 0) {
				demo_org_name(g, (uint32_t)x->org, oname, sizeof oname);
				on = oname;
			} else if (aname[0]) {
				on = aname;
			}
			for (uint32_t k = 0; k < n; k++) {
				int kind = k < x->formal ? MK_FORMAL
					   : k < (uint32_t)x->formal + x->prob ? MK_PROBATIONARY : MK_STOPPED;
				member_row(g, &r, uscc, (int32_t)e, on, o, kind, !emit);
				int rc = emit ? demo_emit_row(g, LEDGER_MEMBERS) : 0;
				if (rc)
					return rc;
			}
		}
		/* A few members of the community's organisation have no employer in the ledger. */
		if (aname[0]) {
			rng r = rng_for(g->seed, T_MEMBER, (uint64_t)g->nents + c);
			uint32_t extra = rng_chance(&r, 0.3) ? 1 + rng_below(&r, 2) : 0;
			for (uint32_t k = 0; k < extra; k++) {
				member_row(g, &r, NULL, -1, aname, cm->affil, MK_FORMAL, !emit);
				int rc = emit ? demo_emit_row(g, LEDGER_MEMBERS) : 0;
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

/* ---- instructors ---- */

/* In scope of the statistics (三有, rules_in_scope with the default threshold of 10 staff):
 * the enterprises an instructor is sent to. */
static int counted(const ent *x)
{
	return x->status == ST_OPERATING && (x->flags & EF_FIXED) && x->employees >= 10;
}

/* Instructors: about one per 40 counted enterprises without an organisation, sent by the
 * street or one of its communities, each guiding 3–10 of them, the larger ones first. */
int demo_instructors_walk(gen *g, uint32_t s, demo_instr_fn fn)
{
	char names[64][32], units[64][64], phone[12];
	const street *st = &g->streets[s];
	rng r = rng_for(g->seed, T_INSTR, s);
	uint32_t n = 0, big = 0;
	for (uint32_t e = st->first_ent; e < st->first_ent + st->nent; e++)
		if (counted(&g->ents[e]) && g->ents[e].org < 0 && g->ents[e].employees >= 50)
			g->tmp[n++] = e;
	big = n;
	for (uint32_t e = st->first_ent; e < st->first_ent + st->nent; e++)
		if (counted(&g->ents[e]) && g->ents[e].org < 0 && g->ents[e].employees < 50)
			g->tmp[n++] = e;
	for (uint32_t j = n; j > big + 1; j--) {
		uint32_t k = big + rng_below(&r, j - big);
		uint32_t t = g->tmp[j - 1];
		g->tmp[j - 1] = g->tmp[k];
		g->tmp[k] = t;
	}
	uint32_t ninstr = (n + 20) / 40;
	if (ninstr > 64)
		ninstr = 64;
	uint32_t next = 0;
	for (uint32_t i = 0; i < ninstr && next + 3 <= n; i++) {
		uint32_t take = 3 + rng_below(&r, 8);
		if (take > n - next)
			take = n - next;
		if (rng_chance(&r, 0.4))
			demo_street_name(g, s, units[i], sizeof units[i]);
		else
			demo_comm_name(g, demo_comm_of(g, g->tmp[next]), units[i], sizeof units[i]);
		/* 姓名 + 派出单位 is the key: no two instructors of one unit share a name. */
		for (int again = 1; again;) {
			demo_person_name(&r, rng_chance(&r, 0.6), names[i], sizeof names[i]);
			again = 0;
			for (uint32_t j = 0; j < i; j++)
				if (strcmp(names[j], names[i]) == 0 && strcmp(units[j], units[i]) == 0)
					again = 1;
		}
		demo_phone_number(&r, phone);
		instr in = {names[i], units[i], phone, g->tmp + next, take, 0};
		next += take;
		in.start = g->today - 365 - (int)rng_below(&r, 3 * 365);
		int rc = fn(g, s, i, &in);
		if (rc)
			return rc;
	}
	return 0;
}

static int instructor_row(gen *g, uint32_t s, uint32_t i, const instr *in)
{
	(void)s;
	(void)i;
	char uscc[19];
	row *w = &g->row;
	demo_row_clear(w);
	demo_row_set(w, I_NAME, in->name);
	demo_row_set(w, I_UNIT, in->unit);
	demo_row_set(w, I_PHONE, in->phone);
	buf_reset(&g->list);
	for (uint32_t k = 0; k < in->nents; k++) {
		demo_ent_uscc(g, in->ents[k], uscc);
		if (k)
			buf_puts(&g->list, "；");
		buf_puts(&g->list, uscc);
	}
	w->rec.f[I_COVERS] = buf_cstr(&g->list);
	demo_row_date(w, I_START_DATE, in->start);
	return demo_emit_row(g, LEDGER_INSTRUCTORS);
}

static int emit_instructors(gen *g)
{
	for (uint32_t s = 0; s < g->nstreets; s++) {
		int rc = demo_instructors_walk(g, s, instructor_row);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- all rows ---- */

int demo_emit(gen *g)
{
	/* The party-work records need every member's organisation and join date, and the orgs ledger
	 * names secretaries chosen among them: the members are planned before anything is emitted. */
	demo_members_walk(g, 0);
	demo_work_plan(g);
	demo_transfers_out_plan(g);
	int rc = emit_enterprises(g);
	if (!rc)
		rc = emit_orgs(g);
	if (!rc)
		rc = demo_members_walk(g, 1);
	if (!rc)
		rc = emit_instructors(g);
	if (!rc)
		rc = demo_work_emit(g);
	/* A star award follows the organisation's stars: they are drawn before the funding rows,
	 * which come first in ledger order. */
	if (!rc)
		rc = demo_rating_walk(g, 0);
	if (!rc)
		rc = demo_funding_emit(g);
	if (!rc)
		rc = demo_rating_walk(g, 1);
	if (!rc)
		rc = demo_recog_emit(g);
	return rc;
}
