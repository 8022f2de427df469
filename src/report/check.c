#include "report/check.h"
#include "report/check_int.h"

#include <assert.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/dues.h"
#include "core/ledger.h"
#include "core/life.h"
#include "core/rating.h"
#include "core/recog.h"
#include "core/crossmatch.h"
#include "store/crossmatch_store.h"
#include "store/party_scan.h"
#include "store/places.h"
#include "util/date.h"
#include "util/strmap.h"

typedef check_ctx ctx;

const check_rule CHECK_RULES[R_COUNT] = {
	{"need_single", "有 3 名以上正式党员但未单独建立党组织",
	 "《中国共产党章程》第三十条：有正式党员三人以上的，都应当成立党的基层组织"},
	{"single_too_small", "单独建立的党组织正式党员不足 3 人",
	 "《中国共产党章程》第三十条；不足 3 人的应联合建立或挂靠建立"},
	{"kind_upgrade", "党员人数已可设立党总支或党委",
	 "《中国共产党支部工作条例（试行）》：党员 50 人以上可成立总支部委员会，100 人以上可成立基层委员会（设置项 org.*）"},
	{"committee_missing", "应设委员会而未设",
	 "《中国共产党支部工作条例（试行）》：有正式党员 7 人以上的党支部应当设立支部委员会（设置项 org.committee_members）；"
	 "党总支、党委由选举产生委员会"},
	{"term_overdue", "届期已满尚未换届",
	 "《中国共产党基层组织选举工作条例》：党支部委员会、总支部委员会每届 3 年，基层委员会每届 5 年（设置项 term.*）"},
	{"covered_twice", "企业同时被多个党组织覆盖", "组织覆盖统计口径：一家企业只应有一个覆盖它的党组织"},
	{"ledger_gap", "台账“五清”不完整",
	 "台账“五清”：经营运行、职工队伍、党员队伍、出资人情况清，未建党组织的要写明原因"},
	{"pocket_member", "口袋党员：组织关系未落地",
	 "党员组织关系管理：党员应当编入党的一个支部；组织关系在本地以外、在本地工作满设置项 member.pocket_months 个月的，应转入工作单位所在地党组织"},
	{"lost_contact", "失联党员", "党员教育管理：与党组织失去联系 6 个月以上的党员，经查找仍无联系的，党组织可按规定停止其党籍"},
	{"big_no_instructor", "较大规模未覆盖企业尚未选派党建指导员",
	 "本地做法：从业人员较多、尚无党组织的企业优先选派党建指导员（设置项 instructor.priority_employees）"},
	{"life_missing", "组织生活未按期开展",
	 "《中国共产党支部工作条例（试行）》：坚持“三会一课”制度，每月开展主题党日；次数要求见设置项 life.*"},
	{"study_short", "党员学习学时不足",
	 "党员教育管理：党员每年集中学习不少于 32 学时，党组织书记不少于 56 学时，按年度已过天数折算（设置项 study.*）"},
	{"visit_missing", "党建指导员未按季度走访联系企业",
	 "本地做法：党建指导员每季度至少走访联系企业 1 次（设置项 instructor.visits_per_quarter）"},
	{"secretary_missing", "党组织没有在任书记",
	 "《中国共产党支部工作条例（试行）》：党支部委员会设书记；书记台账中统计日期当天应有在任书记"},
	{"dev_violation", "发展党员程序不符合规定",
	 "《中国共产党发展党员工作细则》：谈话、培养联系人、培养考察一年、政审、集中培训、公示、上级审批和预备期等要求"
	 "（设置项 dev.*；各条规则见发展党员页面）"},
	{"transfer_pending", "组织关系转接超过 3 个月未办结",
	 "党员组织关系管理：开具介绍信后应及时办结接转手续，超过 3 个月未办结的应查明原因"},
	{"dues_differs", "登记的应缴党费与按比例计算的不一致",
	 "《关于中国共产党党费收缴、使用和管理的规定》：按税后工资的比例交纳（3000 元以下（含）0.5%，3000–5000 元（含）"
	 "1%，5000–10000 元（含）1.5%，10000 元以上 2%；离退休 5000 元以下（含）0.5%，以上 1%），计算到分、四舍五入"},
	{"dues_6_months", "连续六个月未交纳党费",
	 "党章第九条：党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，"
	 "就被认为是自行脱党。是否按自行脱党处理由党组织决定，fgdj 不作任何更改"},
	{"campaign_overdue", "排查任务逾期未完成",
	 "排查工作方案：每家企业的排查任务应在排查截止日期前完成（状态为已完成并填写完成日期）"},
	{"crossmatch_confirmed", "职工名册比对确认的线索",
	 "排查“隐形党员”“口袋党员”：职工名册与党员名册比对后经核实确认的线索——口袋党员应督促转接组织关系，"
	 "隐形党员应亮明身份、纳入所在企业党组织管理，自报党员而党员名册中没有的应核实党籍后登记或纠正"},
	{"kind_too_small", "党员人数不足以设立党总支或党委",
	 "《中国共产党支部工作条例（试行）》：党员 50 人以上可成立总支部委员会，100 人以上可成立基层委员会；人数不足的应为党支部（设置项 org.*）"},
	{"committee_unneeded", "正式党员不足 7 人却设有支部委员会",
	 "《中国共产党支部工作条例（试行）》：正式党员不足 7 人的党支部不设支部委员会，设书记 1 名，必要时设副书记 1 名（设置项 org.flag_unneeded_committee 开启时检查）"},
	{"joint_too_many", "联合党支部覆盖的单位过多",
	 "联合建立党组织覆盖的单位一般不超过 5 家，便于组织活动和管理（设置项 joint.max_units）"},
	{"funding_out_of_range", "星级奖励超出该星级的奖励范围",
	 "星级创评、分类定级：星级奖励按拨付日期有效的星级评定给予，金额在该星级的上下限之内（设置项 "
	 "funding.award_min_N、funding.award_max_N，N 为星级；一、二星级默认不设奖励，没有有效评定的不应给予）"},
	{"star_quota", "五星级党组织超过比例上限",
	 "星级创评、分类定级：五星级党组织数量从严控制，不超过评定有效党组织的一定比例（设置项 rating.max_five_star_pct，"
	 "恰好等于上限不算超过）；这是提示，不影响已有评定"},
	{"venue_missing", "党组织没有标准化党员活动阵地",
	 "党员活动阵地“六有”标准：有场所、有设施、有标识、有党旗、有书报、有制度，面积不少于设置项 venue.min_area "
	 "平方米；阵地自认定日期起计入。区里登记了阵地台账后才检查"},
	{"single_not_lodged", "单独建立的党组织正式党员不足 3 人，企业的党员组织关系尚未转入",
	 "《中国共产党章程》第三十条；企业已有 3 名以上正式党员、组织关系不在本组织的，应办理组织关系转接，"
	 "而不是改为联合建立或挂靠建立"},
};

_Static_assert(R_COUNT <= sizeof ((findings *)0)->per_rule / sizeof ((findings *)0)->per_rule[0],
	       "findings.per_rule has room for every rule");

const check_rule *check_rules(size_t *n)
{
	*n = R_COUNT;
	return CHECK_RULES;
}

void finding_add(findings *fs, int rule, about a, const char *subject, const char *detail)
{
	finding_add_stored(fs, rule, a, subject, text_put_detail(fs, detail));
}

void finding_add_stored(findings *fs, int rule, about a, const char *subject, char *detail)
{
	if (fs->n == fs->cap) {
		/* Grown by a quarter, not doubled: a city's 114,000 findings (12.8 MB) would otherwise
		 * hold an array of 131,072 until the sort trims it; past the mmap threshold (web/server.c)
		 * a growth moves pages (mremap), not bytes. */
		fs->cap = fs->cap ? fs->cap + fs->cap / 4 : 256;
		fs->v = xrealloc(fs->v, fs->cap * sizeof *fs->v);
	}
	finding *x = &fs->v[fs->n];
	memset(x, 0, sizeof *x);
	x->rule = &CHECK_RULES[rule];
	x->seq = (uint32_t)fs->n;
	x->subject = text_put(fs, subject);
	x->detail = detail;
	x->kind = a.kind;
	x->id = a.id;
	x->ent = a.ent;
	/* Until findings_identify: a copy of its own (the natural key mostly ends the key). */
	x->natural = a.natural ? xstrdup(a.natural) : NULL;
	x->natural_own = a.natural != NULL;
	x->item = a.item ? xstrdup(a.item) : NULL;
	fs->n++;
	fs->per_rule[rule]++;
}

/* The context of one run of the rules over f into out. */
ctx check_ctx_of(store *s, const facts *f, findings *out, int unmasked)
{
	return (ctx){.s = s, .f = f, .fs = out, .unmasked = unmasked, .here = region_word(store_region_is_city(s))};
}

/* Which of the enterprise rules find the enterprise (bits by rule: need_single, covered_twice,
 * ledger_gap, big_no_instructor), from its facts alone. */
enum { EF_NEED_SINGLE = 1, EF_COVERED_TWICE = 2, EF_LEDGER_GAP = 4, EF_BIG_NO_INSTRUCTOR = 8 };

static unsigned ent_found(const ctx *c, const ent_fact *ef)
{
	const rules_cfg *cfg = &c->f->cfg;
	if (!ef->operating)
		return 0;
	int counted = rules_in_scope(cfg, ef->operating, ef->fixed_site, ef->employees);
	cov_state st = rules_coverage_state(ef->cov_single, ef->cov_joint, ef->cov_affiliated);
	int ncover = ef->cov_single + ef->cov_joint + ef->cov_affiliated;
	unsigned m = 0;
	if (counted && rules_recommend(cfg, ef->formal) == REC_SINGLE && st != COV_SINGLE)
		m |= EF_NEED_SINGLE;
	if (ncover > 1)
		m |= EF_COVERED_TWICE;
	if (counted && !metrics_ledger_complete(ef, st))
		m |= EF_LEDGER_GAP;
	/* Among the uncovered 三有 enterprises, as the plan counts them (report/plan.c). */
	if (counted && st == COV_UNCOVERED && rules_instructor_priority(cfg, ef->employees, ef->formal, ef->instructors))
		m |= EF_BIG_NO_INSTRUCTOR;
	return m;
}

/* The enterprise rules (ENT_RULE) for one enterprise of the region. */
void check_enterprise(ctx *c, const ent_fact *ef)
{
	unsigned m = ent_found(c, ef);
	if (!m)
		return;
	cov_state st = rules_coverage_state(ef->cov_single, ef->cov_joint, ef->cov_affiliated);
	int ncover = ef->cov_single + ef->cov_joint + ef->cov_affiliated;
	if (m & EF_NEED_SINGLE) {
		buf_reset(&c->subj);
		buf_reset(&c->det);
		store_subject_ent_label(c->names, ef->id, &c->subj);
		buf_printf(&c->det, "正式党员 %d 人，目前%s%s", ef->formal,
			   st == COV_UNCOVERED ? "没有覆盖它的党组织" : "由", st == COV_UNCOVERED ? "" : rules_cov_name(st));
		if (st != COV_UNCOVERED)
			buf_puts(&c->det, "党组织覆盖，应单独建立党组织");
		finding_add(c->fs, R_NEED_SINGLE, ENT(ef->id), buf_cstr(&c->subj), buf_cstr(&c->det));
	}
	if (m & EF_COVERED_TWICE) {
		buf_reset(&c->subj);
		buf_reset(&c->det);
		store_subject_ent_label(c->names, ef->id, &c->subj);
		buf_printf(&c->det, "同时被 %d 个党组织覆盖（单独建 %d、联合建 %d、挂靠建 %d），统计按%s计", ncover,
			   ef->cov_single, ef->cov_joint, ef->cov_affiliated, rules_cov_name(st));
		finding_add(c->fs, R_COVERED_TWICE, ENT(ef->id), buf_cstr(&c->subj), buf_cstr(&c->det));
	}
	if (m & EF_LEDGER_GAP) {
		buf_reset(&c->subj);
		buf_reset(&c->det);
		store_subject_ent_label(c->names, ef->id, &c->subj);
		buf_puts(&c->det, "缺少：");
		int first = 1;
		const struct {
			int missing;
			const char *what;
		} gaps[] = {{!ef->op_info, "经营运行情况"},
			    {!ef->staff_info, "职工队伍情况"},
			    {!ef->investor, "出资人"},
			    {st == COV_UNCOVERED && !ef->no_org_reason, "未建党组织原因"}};
		for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++)
			if (gaps[g].missing) {
				buf_printf(&c->det, "%s%s", first ? "" : "、", gaps[g].what);
				first = 0;
			}
		finding_add(c->fs, R_LEDGER_GAP, ENT(ef->id), buf_cstr(&c->subj), buf_cstr(&c->det));
	}
	if (m & EF_BIG_NO_INSTRUCTOR) {
		buf_reset(&c->subj);
		buf_reset(&c->det);
		store_subject_ent_label(c->names, ef->id, &c->subj);
		buf_printf(&c->det, "从业人员 %d 人，没有党员，也没有党组织和党建指导员", ef->employees);
		finding_add(c->fs, R_BIG_NO_INSTRUCTOR, ENT(ef->id), buf_cstr(&c->subj), buf_cstr(&c->det));
	}
}

/* The rules check_enterprise applies: they read nothing but the enterprise's facts. */
int check_ent_rule(const check_rule *r)
{
	return r == &CHECK_RULES[R_NEED_SINGLE] || r == &CHECK_RULES[R_COVERED_TWICE] || r == &CHECK_RULES[R_LEDGER_GAP] ||
	       r == &CHECK_RULES[R_BIG_NO_INSTRUCTOR];
}

/* The enterprise rules for the enterprises ids (n of them, in the facts' order) that ent_found
 * found (the others' findings are none). */
static void check_enterprises(ctx *c, const int64_t *ids, size_t n)
{
	for (size_t k = 0; k < n; k++)
		check_enterprise(c, &c->f->ents[c->f->idx[ids[k]]]);
}

void check_star_quota(ctx *c)
{
	const party *p = &c->f->party;
	int64_t rated = 0, five = 0;
	for (size_t i = 0; i < p->norgs; i++) {
		rated += p->orgs[i].stars >= 0;
		five += p->orgs[i].stars == 5;
	}
	if (!rating_quota_exceeded(&p->rcfg, five, rated))
		return;
	buf_reset(&c->det);
	buf_printf(&c->det, "评定有效的党组织 %lld 个，其中五星级 %lld 个（%.1f%%），超过上限 %d%%（最多 %lld 个）",
		   (long long)rated, (long long)five, 100.0 * (double)five / (double)rated, p->rcfg.max_five_star_pct,
		   (long long)(rated * p->rcfg.max_five_star_pct / 100));
	finding_add(c->fs, R_STAR_QUOTA, (about){FK_DISTRICT, 0, NULL, 0, NULL}, c->f->label, buf_cstr(&c->det));
}

int check_on_org(void *p, const org_fact *of)
{
	ctx *c = p;
	if (c->org_in_region && (of->id > c->max_org || !c->org_in_region[of->id]))
		return 0;
	check_party_org(c, of);
	const rules_cfg *cfg = &c->f->cfg;
	/* Leadership bodies have no members of their own to fit, and no terms. */
	int leadership = strcmp(of->mode, "上级机关") == 0;
	org_kind k = rules_kind_parse(of->kind);
	buf_reset(&c->det);
	if (strcmp(of->mode, "单独建") == 0 && rules_recommend(cfg, of->formal) != REC_SINGLE) {
		/* Too few lodged members: a transfer when the enterprise employs enough formal members
		 * (their relation is elsewhere), else too few members for a single organisation. */
		if (!c->employed) {
			for (size_t i = 0; i < c->f->nlinks; i++)
				if (c->f->links[i].owner > c->max_owner)
					c->max_owner = c->f->links[i].owner;
			c->employed = xcalloc((size_t)c->max_owner + 1, sizeof *c->employed);
			for (size_t i = 0; i < c->f->nlinks; i++)
				if (c->f->links[i].owner > 0)
					c->employed[c->f->links[i].owner] += c->f->ents[c->f->links[i].ent].formal;
		}
		int employed = of->id > 0 && of->id <= c->max_owner ? c->employed[of->id] : 0;
		buf_printf(&c->det, "组织关系在本组织的正式党员 %d 人", of->formal);
		if (rules_recommend(cfg, employed) == REC_SINGLE) {
			buf_printf(&c->det, "，所在企业有正式党员 %d 人：应将其余党员的组织关系转入本组织", employed);
			finding_add(c->fs, R_SINGLE_NOT_LODGED, ORG(of->id), of->name, buf_cstr(&c->det));
		} else {
			buf_printf(&c->det, "，所在企业正式党员 %d 人：应改为联合建立或挂靠建立", employed);
			finding_add(c->fs, R_SINGLE_TOO_SMALL, ORG(of->id), of->name, buf_cstr(&c->det));
		}
	}
	org_kind allowed = rules_kind_allowed(cfg, of->formal);
	if (!leadership && k != KIND_UNKNOWN && k < allowed) {
		buf_reset(&c->det);
		buf_printf(&c->det, "%s有正式党员 %d 人，可以设立%s", rules_kind_name(k), of->formal, rules_kind_name(allowed));
		finding_add(c->fs, R_KIND_UPGRADE, ORG(of->id), of->name, buf_cstr(&c->det));
	}
	if (!leadership && k != KIND_UNKNOWN && k > allowed) {
		buf_reset(&c->det);
		buf_printf(&c->det, "%s只有正式党员 %d 人，设立%s需 %d 人以上，按人数应为%s", rules_kind_name(k), of->formal,
			   rules_kind_name(k), k == KIND_COMMITTEE ? cfg->party_committee_members : cfg->general_branch_members,
			   rules_kind_name(allowed));
		finding_add(c->fs, R_KIND_TOO_SMALL, ORG(of->id), of->name, buf_cstr(&c->det));
	}
	if (!leadership && k != KIND_UNKNOWN && rules_committee_required(cfg, k, of->formal) && of->has_committee != 1) {
		buf_reset(&c->det);
		if (k == KIND_BRANCH)
			buf_printf(&c->det, "正式党员 %d 人，台账记载%s", of->formal,
				   of->has_committee == 0 ? "未设支委会" : "未填写是否设支委会");
		else
			buf_printf(&c->det, "%s应设委员会，台账记载%s", rules_kind_name(k),
				   of->has_committee == 0 ? "未设委员会" : "未填写是否设委员会");
		finding_add(c->fs, R_COMMITTEE_MISSING, ORG(of->id), of->name, buf_cstr(&c->det));
	}
	if (!leadership && k == KIND_BRANCH && cfg->flag_unneeded_committee && of->has_committee == 1 &&
	    !rules_committee_required(cfg, k, of->formal)) {
		buf_reset(&c->det);
		buf_printf(&c->det, "正式党员 %d 人，不足 %d 人，台账记载设有支委会", of->formal, cfg->committee_members);
		finding_add(c->fs, R_COMMITTEE_UNNEEDED, ORG(of->id), of->name, buf_cstr(&c->det));
	}
	if (strcmp(of->mode, "联合建") == 0 && of->units > cfg->joint_max_units) {
		buf_reset(&c->det);
		buf_printf(&c->det, "联合覆盖 %d 家单位，超过 %d 家的上限", of->units, cfg->joint_max_units);
		finding_add(c->fs, R_JOINT_TOO_MANY, ORG(of->id), of->name, buf_cstr(&c->det));
	}
	/* A leadership body (上级机关) is appointed, not elected: it has no term to renew. */
	const char *ts = of->term_start ? of->term_start : of->founded;
	int start;
	if (!leadership && ts && date_parse(ts, &start) == 0) {
		int end = rules_term_end(cfg, k, start);
		if (end <= c->f->as_of) {
			char ends[11];
			date_format(end, ends);
			buf_reset(&c->det);
			buf_printf(&c->det, "本届%s %s，应于 %s 换届，已逾期 %d 天", of->term_start ? "任期开始于" : "任期开始日期未填，按成立日期",
				   ts, ends, c->f->as_of - end);
			finding_add(c->fs, R_TERM_OVERDUE, ORG(of->id), of->name, buf_cstr(&c->det));
		}
	}
	return 0;
}

/* Months of 失联 on D: -1 when the state is not yet in force (dated after D), -2 when undated. */
static int lost_months(const member_fact *mf, int as_of, int *since)
{
	if (mf->relation_since == DATE_NONE)
		return -2;
	*since = mf->relation_since;
	if (*since > as_of)
		return -1;
	int n = 0;
	while (date_add_months(*since, n + 1) <= as_of)
		n++;
	return n;
}

static int first_hire(const ctx *c, int64_t member)
{
	size_t lo = 0, hi = c->nhires;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->hires[mid].member < member)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nhires && c->hires[lo].member == member ? c->hires[lo].day : DATE_NONE;
}

int check_on_first_hire(void *p, int64_t member, int day)
{
	ctx *c = p;
	c->hires = xrealloc(c->hires, (c->nhires + 1) * sizeof *c->hires);
	c->hires[c->nhires++] = (struct first_hire){member, day};
	return 0;
}

/* Confirmed cross-match candidates of enterprises of the region, their class on D in the detail:
 * a finding while the line is still a candidate on D — once the member is lodged, employed or
 * registered as the ledger should say, it is settled and no longer listed. */
static int on_confirmed(void *p, const xm_confirmed *x)
{
	ctx *c = p;
	int64_t ent = x->l.enterprise;
	int32_t i = ent > 0 && ent <= c->f->max_ent ? c->f->idx[ent] : -1;
	xm_class now = crossmatch_class(&x->l, c->f->as_of, c->f->cfg.pocket_months);
	if (i < 0 || now == XM_NONE)
		return 0;
	member_subject(c, x->name, x->idno);
	buf_reset(&c->det);
	buf_printf(&c->det, "%s：", crossmatch_class_label(now));
	store_subject_ent_label(c->names, ent, &c->det);
	buf_printf(&c->det, "；%s 由 %s 确认", x->decided_on, x->who);
	if (x->campaign)
		buf_printf(&c->det, "（排查：%s）", x->campaign);
	if (x->note)
		buf_printf(&c->det, "；%s", x->note);
	buf_reset(&c->item);
	store_subject_ent_uscc(c->names, ent, &c->item);
	about a = MEMBER(0, x->idno, buf_cstr(&c->item));
	a.ent = ent;
	finding_add(c->fs, R_CROSSMATCH_CONFIRMED, a, buf_cstr(&c->subj), buf_cstr(&c->det));
	return 0;
}

/* check_patch's step after cross-match decisions (STORE_XM_DECIDED) or changes of the candidates
 * (STORE_ROSTER: a confirmed one may be settled now): every crossmatch_confirmed finding found again
 * (prev's marked in drop). In a read moment. */
int check_confirmed_patch(ctx *c, const findings *prev, unsigned char *drop, fg_err *e)
{
	check_rule_dropped(prev, R_CROSSMATCH_CONFIRMED, drop);
	return store_scan_confirmed(c->s, on_confirmed, c, e);
}

int check_on_member(void *p, const member_fact *mf)
{
	ctx *c = p;
	int since = 0, months = 0;
	if (mf->has_org) {
		/* A 失联 is flagged once it lasts member.lost_months, or when its start is unknown. */
		months = lost_months(mf, c->f->as_of, &since);
		if (months == -1 || (months >= 0 && months < c->f->cfg.lost_months))
			return 0;
	}
	int32_t i = -1;
	if (mf->employer_id > 0 && mf->employer_id <= c->f->max_ent)
		i = c->f->idx[mf->employer_id];
	if (i < 0 && (c->org_in_region || mf->employer_id > 0))
		return 0; /* works outside the region (or, for a street, nowhere known) */
	member_subject(c, mf->name, mf->idno);
	buf_reset(&c->det);
	if (mf->employer_id > 0) {
		buf_puts(&c->det, "工作单位：");
		store_subject_ent_label(c->names, mf->employer_id, &c->det);
	} else {
		buf_puts(&c->det, "无工作单位记录");
	}
	if (!mf->has_org && mf->outside_org) {
		/* The second half: a relation outside the district is in order until the member has
		 * worked here member.pocket_months — since the earliest roster line, else since the
		 * relation's state began. */
		int here = DATE_NONE, rc = c->hire_each ? store_member_first_hire(c->s, mf->id, &here, c->e) : FG_OK;
		if (rc)
			return rc;
		if (!c->hire_each)
			here = first_hire(c, mf->id);
		int from_roster = here != DATE_NONE;
		if (!from_roster && mf->employer_id > 0)
			here = mf->relation_since;
		if (!crossmatch_long_enough(here, c->f->as_of, c->f->cfg.pocket_months))
			return 0;
		char d[11];
		date_format(here, d);
		buf_printf(&c->det, "；组织关系在%s外（%s），%s %s 起在本%s工作，已满 %d 个月", c->here, mf->outside_org,
			   from_roster ? "职工名册记载" : "关系状态起始日期", d, c->here, c->f->cfg.pocket_months);
		finding_add(c->fs, R_POCKET, MEMBER(mf->id, mf->idno, NULL), buf_cstr(&c->subj), buf_cstr(&c->det));
	} else if (!mf->has_org) {
		buf_puts(&c->det, "；没有登记所在党组织");
		finding_add(c->fs, R_POCKET, MEMBER(mf->id, mf->idno, NULL), buf_cstr(&c->subj), buf_cstr(&c->det));
	} else {
		if (months == -2) {
			buf_puts(&c->det, "；失联起始日期未登记，请补录关系状态起始日期");
		} else {
			char d[11];
			date_format(since, d);
			buf_printf(&c->det, "；自 %s 失去联系，已满 %d 个月", d, months);
		}
		buf_puts(&c->det, "，请党组织查找联系并按规定研究是否停止党籍（由党组织决定，本系统不作变更）");
		finding_add(c->fs, R_LOST_CONTACT, MEMBER(mf->id, mf->idno, NULL), buf_cstr(&c->subj), buf_cstr(&c->det));
	}
	return 0;
}

/* The organisations whose rules run (check_on_org): of a street, community or zone those covering one of
 * its enterprises (c->org_in_region); of the district all (NULL). Returns whether it is the
 * district. */
int check_orgs_in_region(ctx *c)
{
	const facts *f = c->f;
	int whole = f->filter.region_id == 0 && f->filter.zone_id == 0;
	if (!whole) {
		for (size_t i = 0; i < f->nlinks; i++)
			if (f->links[i].owner > c->max_org)
				c->max_org = f->links[i].owner;
		c->org_in_region = xcalloc((size_t)c->max_org + 1, 1);
		for (size_t i = 0; i < f->nlinks; i++)
			c->org_in_region[f->links[i].owner] = 1;
	}
	return whole;
}

int check_run(store *s, const facts *f, int unmasked, findings *out, fg_err *e)
{
	assert(!f->plan_only); /* the party-work records are read by the findings */
	memset(out, 0, sizeof *out);
	ctx c = check_ctx_of(s, f, out, unmasked);
	c.hire_each = 1;
	c.e = e;
	int whole = check_orgs_in_region(&c);
	/* Every scan at one moment; a caller that loaded f in its own read pair shares it. The names
	 * are read in one pass per table when the region holds a good part of the enterprises (its
	 * findings then name most records), else one by one. */
	int rc = store_read_begin(s, e);
	rc = rc ? rc : store_subjects_open(s, (int64_t)f->nents * 8 >= f->max_ent, &c.names, e);
	/* The members the study and dues findings will name (a city's are tens of thousands); the
	 * enterprises the enterprise rules find, those employing these members and those of the
	 * instructors' missing visits, read together first (store_subjects_ents: in one pass when
	 * they are many). */
	const party *p = &f->party;
	int64_t *ids = xmalloc((p->nmembers + p->ndues_diffs + 1) * sizeof *ids);
	size_t nids = 0;
	for (size_t i = 0; i < p->nmembers; i++)
		if ((!p->members[i].met && (p->any_meeting || p->any_study)) || p->members[i].dues_late)
			ids[nids++] = f->members[i].id;
	for (size_t i = 0; i < p->ndues_diffs; i++)
		ids[nids++] = f->members[p->dues_diffs[i].member].id;
	/* The findings certainly made (one for each rule finding an enterprise, each member short of
	 * its hours, each differing dues month) and half as many more (the organisations' and the
	 * other members' findings; a city's are a third more): room for them at once, not grown a
	 * quarter at a time from 256 (each growth a copy of what was found so far into memory touched
	 * anew). Room not written is not touched; it is given back at the sort. */
	size_t certain = p->ndues_diffs;
	for (size_t i = 0; (p->any_meeting || p->any_study) && i < p->nmembers; i++)
		certain += !p->members[i].met;
	if (!rc) {
		int64_t *ents = xmalloc((f->nents + nids + p->nasgs + 1) * sizeof *ents);
		size_t nents = 0, nfound;
		for (size_t i = 0; i < f->nents; i++) {
			unsigned m = ent_found(&c, &f->ents[i]);
			if (m)
				ents[nents++] = f->ents[i].id;
			for (; m; m &= m - 1)
				certain++;
		}
		nfound = nents;
		for (size_t i = 0; i < p->nmembers; i++)
			if (((!p->members[i].met && (p->any_meeting || p->any_study)) || p->members[i].dues_late) &&
			    f->members[i].ent >= 0)
				ents[nents++] = f->ents[f->members[i].ent].id;
		/* and those whose instructors' visits fall short (check_visits names them) */
		for (size_t i = 0; p->any_visit && i < p->nasgs; i++)
			if (p->asgs[i].vy.nmissing > 0)
				ents[nents++] = f->ents[p->asgs[i].ent].id;
		fg_err e2;
		store_subjects_ents(c.names, ents, nents, &e2); /* on a failure, each is read when named */
		certain += certain / 2;
		if (certain > 256) {
			out->v = xmalloc(certain * sizeof *out->v);
			out->cap = certain;
		}
		check_enterprises(&c, ents, nfound);
		free(ents);
		if (whole)
			check_star_quota(&c);
	}
	/* The members without an organisation or 失联 (check_on_member), and the names of the members the
	 * findings will name, in one pass over the table when those are many — which counts the
	 * organisations' formal members for store_scan_orgs too. The organisations' findings after
	 * the members' (other rules: the order within a rule is the same). */
	rc = rc ? rc : store_subjects_members(c.names, f->as_of, ids, nids, check_on_member, &c, e);
	free(ids);
	rc = rc ? rc : store_scan_orgs(s, f->as_of, check_on_org, &c, e);
	rc = rc ? rc : store_scan_confirmed(s, on_confirmed, &c, e);
	if (!rc)
		check_party_people(&c);
	if (!rc)
		findings_identify(c.names, out);
	texts_done(out);
	rc = rc ? rc : findings_states(s, out, e);
	store_read_end(s);
	store_subjects_free(c.names); /* named: the subjects go before the sort */
	findings_sort(out);
	findings_index(out);
	free(c.org_in_region);
	free(c.employed);
	free(c.hires);
	buf_free(&c.subj);
	buf_free(&c.det);
	buf_free(&c.item);
	return rc;
}

void findings_free(findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		finding *x = &fs->v[i];
		free(x->said); /* or the item, before findings_identify */
		if (x->natural_own)
			free(x->natural);
	}
	texts_free(fs);
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}
