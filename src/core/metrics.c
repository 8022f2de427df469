#include "core/metrics.h"

#include "core/life.h"

#include <stddef.h>
#include <string.h>

int metrics_rate(int64_t num, int64_t den)
{
	if (den <= 0)
		return -1;
	/* 1000·num/den rounded half up, in integers so that 2/3 → 66.7 exactly as a person computes it. */
	return (int)((num * 2000 + den) / (2 * den));
}

int metrics_ledger_complete(const ent_fact *f, cov_state st)
{
	return f->op_info && f->staff_info && f->investor && (st != COV_UNCOVERED || f->no_org_reason);
}

unsigned metrics_ent_sets(const rules_cfg *c, const ent_fact *f)
{
	unsigned s = 0;
	if (rules_in_scope(c, f->operating, f->fixed_site, f->employees))
		s |= ENT_SET_IN_SCOPE;
	cov_state st = rules_coverage_state(f->cov_single, f->cov_joint, f->cov_affiliated);
	static const unsigned BY_STATE[] = {[COV_UNCOVERED] = ENT_SET_UNCOVERED, [COV_SINGLE] = ENT_SET_SINGLE | ENT_SET_COVERED,
					    [COV_JOINT] = ENT_SET_JOINT | ENT_SET_COVERED,
					    [COV_AFFILIATED] = ENT_SET_AFFILIATED | ENT_SET_COVERED};
	s |= BY_STATE[st];
	if (f->formal > 0)
		s |= ENT_SET_WITH_MEMBERS;
	if (rules_recommend(c, f->formal) == REC_SINGLE) {
		s |= ENT_SET_REQUIRED_SINGLE;
		if (st != COV_SINGLE)
			s |= ENT_SET_UNBUILT;
	}
	if (f->instructors > 0)
		s |= ENT_SET_INSTRUCTOR;
	if (st != COV_UNCOVERED || f->instructors > 0)
		s |= ENT_SET_WORK_COVERED;
	s |= metrics_ledger_complete(f, st) ? ENT_SET_COMPLETE : ENT_SET_INCOMPLETE;
	return s;
}

void metrics_add_enterprise(metrics *m, const rules_cfg *c, const ent_fact *f)
{
	m->enterprises_total++;
	if (f->operating)
		m->enterprises_operating++;
	/* Members count wherever their employer is, whatever its status (domain.md §5). */
	m->members_formal += f->formal;
	m->members_probationary += f->probationary;
	m->members_mobile += f->mobile;
	m->members_lost += f->lost;
	m->members_disclosed += f->disclosed;
	unsigned s = metrics_ent_sets(c, f);
	if (!(s & ENT_SET_IN_SCOPE))
		return;
	m->enterprises_in_scope++;
	m->enterprises_with_members += !!(s & ENT_SET_WITH_MEMBERS);
	m->enterprises_required_single += !!(s & ENT_SET_REQUIRED_SINGLE);
	m->required_single_covered += (s & (ENT_SET_REQUIRED_SINGLE | ENT_SET_UNBUILT)) == ENT_SET_REQUIRED_SINGLE;
	m->enterprises_unbuilt += !!(s & ENT_SET_UNBUILT);
	m->enterprises_covered_single += !!(s & ENT_SET_SINGLE);
	m->enterprises_covered_joint += !!(s & ENT_SET_JOINT);
	m->enterprises_covered_affiliated += !!(s & ENT_SET_AFFILIATED);
	m->enterprises_uncovered += !!(s & ENT_SET_UNCOVERED);
	m->enterprises_with_instructor += !!(s & ENT_SET_INSTRUCTOR);
	m->work_covered += !!(s & ENT_SET_WORK_COVERED);
	m->ledger_complete += !!(s & ENT_SET_COMPLETE);
}

org_mode metrics_org_mode(const char *mode)
{
	static const char *const NAMES[] = {[MODE_OTHER] = "", [MODE_ABOVE] = "上级机关", [MODE_SINGLE] = "单独建",
					    [MODE_JOINT] = "联合建", [MODE_AFFILIATED] = "挂靠建"};
	for (int i = MODE_ABOVE; i <= MODE_AFFILIATED; i++)
		if (strcmp(mode, NAMES[i]) == 0)
			return (org_mode)i;
	return MODE_OTHER;
}

void metrics_add_org(metrics *m, const char *mode, const char *kind)
{
	metrics_add_org_coded(m, metrics_org_mode(mode), rules_kind_parse(kind));
}

void metrics_add_org_coded(metrics *m, org_mode mode, org_kind kind)
{
	if (mode == MODE_ABOVE)
		return; /* leadership bodies cover no enterprise */
	m->orgs_total++;
	if (mode == MODE_SINGLE)
		m->orgs_single++;
	else if (mode == MODE_JOINT)
		m->orgs_joint++;
	else if (mode == MODE_AFFILIATED)
		m->orgs_affiliated++;
	switch (kind) {
	case KIND_COMMITTEE:
		m->orgs_committee++;
		break;
	case KIND_GENERAL_BRANCH:
		m->orgs_general_branch++;
		break;
	case KIND_BRANCH:
		m->orgs_branch++;
		break;
	case KIND_UNKNOWN:
		break;
	}
}

void metrics_add_instructor(metrics *m)
{
	m->instructors_dispatched++;
}

void metrics_finish(metrics *m)
{
	int64_t covered = m->enterprises_covered_single + m->enterprises_covered_joint + m->enterprises_covered_affiliated;
	m->org_coverage_rate = metrics_rate(covered, m->enterprises_in_scope);
	m->single_rate = metrics_rate(m->enterprises_covered_single, m->enterprises_in_scope);
	m->required_single_rate = metrics_rate(m->required_single_covered, m->enterprises_required_single);
	m->work_coverage_rate = metrics_rate(m->work_covered, m->enterprises_in_scope);
	m->ledger_complete_rate = metrics_rate(m->ledger_complete, m->enterprises_in_scope);
	m->life_compliance_rate = metrics_rate(m->life_orgs_compliant, m->life_orgs_checked);
	m->study_hours_avg = study_hours_avg(m->study_tenths, m->study_members);
	m->study_hours_met_rate = metrics_rate(m->study_met, m->study_members);
	m->instructor_visit_compliance_rate = metrics_rate(m->visit_asg_compliant, m->visit_asg_checked);
	m->dues_paid_rate = metrics_rate(m->dues_paid, m->dues_due);
	if (!m->funding_award_n)
		m->funding_award_min = m->funding_award_max = -1;
	m->disclosed_rate = metrics_rate(m->members_disclosed, m->members_formal + m->members_probationary);
	m->venue_standard_rate = metrics_rate(m->venues_standard, m->orgs_total);
}

#define C(k, l) {#k, l, offsetof(metrics, k), 0}
#define R(k, l) {#k, l, offsetof(metrics, k), METRIC_RATE}
#define T(k, l) {#k, l, offsetof(metrics, k), METRIC_TENTHS}
#define Y(k, l) {#k, l, offsetof(metrics, k), METRIC_MONEY}
static const metric_key KEYS[] = {
	C(enterprises_total, "企业总数"),
	C(enterprises_operating, "在营企业"),
	C(enterprises_in_scope, "“三有”企业"),
	C(enterprises_with_members, "有正式党员的企业"),
	C(enterprises_required_single, "应单独建立党组织的企业"),
	C(enterprises_covered_single, "单独建覆盖企业"),
	C(enterprises_covered_joint, "联合建覆盖企业"),
	C(enterprises_covered_affiliated, "挂靠建覆盖企业"),
	C(enterprises_uncovered, "未覆盖企业"),
	C(orgs_total, "党组织"),
	C(orgs_single, "单独建党组织"),
	C(orgs_joint, "联合建党组织"),
	C(orgs_affiliated, "挂靠建党组织"),
	C(orgs_committee, "党委"),
	C(orgs_general_branch, "党总支"),
	C(orgs_branch, "党支部"),
	C(instructors_dispatched, "派驻党建指导员"),
	C(enterprises_with_instructor, "有指导员的企业"),
	C(members_formal, "正式党员"),
	C(members_probationary, "预备党员"),
	R(org_coverage_rate, "组织覆盖率"),
	R(single_rate, "单独组建率"),
	R(required_single_rate, "应建尽建率"),
	R(work_coverage_rate, "工作覆盖率"),
	R(ledger_complete_rate, "五清完整率"),
	C(life_orgs_checked, "检查组织生活的党组织"),
	C(life_orgs_compliant, "组织生活达标的党组织"),
	R(life_compliance_rate, "组织生活达标率"),
	C(meetings_held, "开展组织生活"),
	C(themed_days_held, "开展主题党日"),
	C(party_lessons_held, "讲党课"),
	T(study_hours_avg, "党员人均学时"),
	R(study_hours_met_rate, "学时达标率"),
	C(secretaries_total, "在任党组织书记"),
	C(secretaries_dual_strong, "“双强”书记"),
	C(secretaries_trained, "参加培训的书记"),
	C(instructor_visits, "指导员走访"),
	R(instructor_visit_compliance_rate, "走访达标率"),
	C(trainings_held, "培训观摩活动"),
	C(training_participants, "参加培训观摩人员"),
	C(investors_trained, "参加培训的出资人"),
	C(dev_applicants, "入党申请人"),
	C(dev_activists, "入党积极分子"),
	C(dev_targets, "发展对象"),
	C(developed_in_year, "本年发展党员"),
	C(dev_records_with_violations, "发展程序不符合规定的记录"),
	C(transfers_in, "本年转入党员"),
	C(transfers_out, "本年转出党员"),
	C(transfers_pending, "未办结的组织关系转接"),
	C(members_mobile, "流动党员"),
	C(members_lost, "失联党员"),
	Y(dues_due, "本年应缴党费（元）"),
	Y(dues_paid, "本年实缴党费（元）"),
	R(dues_paid_rate, "党费收缴率"),
	C(members_dues_6_months, "连续六个月未交纳党费的党员"),
	C(campaign_tasks, "本年排查任务"),
	C(campaign_tasks_done, "已完成的排查任务"),
	C(pocket_candidates, "职工名册比对：口袋党员线索"),
	C(hidden_candidates, "职工名册比对：隐形党员线索"),
	C(unregistered_candidates, "职工名册比对：自报党员未登记"),
	Y(funding_awards, "本年星级奖励（元）"),
	Y(funding_award_min, "本年单笔星级奖励最低（元）"),
	Y(funding_award_max, "本年单笔星级奖励最高（元）"),
	Y(funding_subsidies, "本年专项补贴（元）"),
	C(funding_subsidised_orgs, "本年获得专项补贴的党组织"),
	C(orgs_rated, "星级评定有效的党组织"),
	C(orgs_star_5, "五星级党组织"),
	C(orgs_star_4, "四星级党组织"),
	C(orgs_star_3, "三星级党组织"),
	C(orgs_star_2, "二星级党组织"),
	C(orgs_star_1, "一星级党组织"),
	C(orgs_star_vetoed, "评定被一票否决的党组织"),
	C(orgs_rated_in_year, "本年评定的星级党组织"),
	C(members_disclosed, "亮明身份的党员"),
	R(disclosed_rate, "党员亮身份比例"),
	C(designations_model_post, "党员示范岗"),
	C(designations_vanguard_post, "党员先锋岗"),
	C(designations_responsibility_area, "党员责任区"),
	C(venues_standard, "有标准化阵地的党组织"),
	R(venue_standard_rate, "阵地标准化率"),
	C(open_bases, "开放式组织生活基地"),
	C(enterprises_unbuilt, "应建未建企业"),
};

const metric_key *metrics_keys(size_t *n)
{
	*n = sizeof KEYS / sizeof KEYS[0];
	return KEYS;
}

const metric_key *metrics_key_named(const char *name)
{
	for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++)
		if (strcmp(KEYS[i].key, name) == 0)
			return &KEYS[i];
	return NULL;
}

int64_t metrics_value(const metrics *m, const metric_key *k)
{
	const char *p = (const char *)m + k->off;
	if (k->is_rate == METRIC_RATE || k->is_rate == METRIC_TENTHS) {
		int v;
		memcpy(&v, p, sizeof v);
		return v;
	}
	int64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

int metrics_ent_in_region(const ent_fact *ef, int64_t region, int64_t zone)
{
	return (region <= 1 || ef->district_id == region || ef->street_id == region || ef->community_id == region) &&
	       (zone == 0 || ef->zone_id == zone);
}

int64_t metrics_change(const metric_key *k, int64_t before, int64_t after, int *known)
{
	*known = !((k->is_rate == METRIC_RATE || k->is_rate == METRIC_TENTHS) && (before < 0 || after < 0));
	return *known ? after - before : 0;
}
