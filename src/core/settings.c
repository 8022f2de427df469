#include "core/settings.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

static const setting_def DEFS[] = {
	{"scope.min_employees", "10", 1, 0, 100000, "“三有”企业的从业人员下限（人）"},
	{"org.min_formal_single", "3", 1, 3, 100, "单独建立党组织所需正式党员数"},
	{"org.committee_members", "7", 1, 3, 100, "支部须设支委会的正式党员数"},
	{"org.general_branch_members", "50", 1, 3, 100000, "可设党总支的党员数"},
	{"org.party_committee_members", "100", 1, 3, 100000, "可设党委的党员数"},
	{"org.flag_unneeded_committee", "0", 1, 0, 1, "正式党员不足支委会人数却设支委会时列为检查发现（1＝是，0＝否）"},
	{"joint.max_units", "5", 1, 2, 50, "一个联合党支部最多覆盖的单位数"},
	{"term.branch_years", "3", 1, 1, 10, "党支部、党总支每届任期（年）"},
	{"term.committee_years", "5", 1, 1, 10, "党委每届任期（年）"},
	{"instructor.priority_employees", "50", 1, 0, 100000, "无党员企业优先选派指导员的从业人员数"},
	{"member.pocket_months", "6", 1, 1, 60, "组织关系在本地以外、在本地工作多久算“口袋党员”（月）"},
	{"member.lost_months", "6", 1, 1, 60, "失去联系多久列为问题、提请党组织研究处置（月）"},
	{"life.assembly_per_quarter", "1", 1, 0, 31, "支部党员大会每季度至少召开次数（0＝不检查）"},
	{"life.committee_per_month", "1", 1, 0, 31, "支部委员会每月至少召开次数，设支委会的党组织（0＝不检查）"},
	{"life.group_per_month", "1", 1, 0, 31, "党小组会每月至少召开次数，设党小组的党组织（0＝不检查）"},
	{"life.lesson_per_quarter", "1", 1, 0, 31, "党课每季度至少次数（0＝不检查）"},
	{"life.themed_day_per_month", "1", 1, 0, 31, "主题党日每月至少次数（0＝不检查）"},
	{"life.life_meeting_per_year", "1", 1, 0, 31, "组织生活会每年至少召开次数（0＝不检查）"},
	{"life.appraisal_per_year", "1", 1, 0, 31, "民主评议党员每年至少次数（0＝不检查）"},
	{"study.member_hours", "32", 1, 0, 1000, "党员每年学习学时"},
	{"study.cadre_hours", "56", 1, 0, 1000, "党组织书记每年学习学时"},
	{"instructor.visits_per_quarter", "1", 1, 0, 100, "党建指导员每季度走访每家联系企业至少次数（0＝不检查）"},
	{"dev.training_hours", "24", 1, 0, 1000, "发展对象集中培训最少学时"},
	{"dev.notice_workdays", "5", 1, 1, 30, "发展对象公示最少工作日（周一至周五）"},
	{"rating.star_5", "90", 1, 1, 100, "评为五星级的最低总分"},
	{"rating.star_4", "80", 1, 1, 100, "评为四星级的最低总分"},
	{"rating.star_3", "70", 1, 1, 100, "评为三星级的最低总分"},
	{"rating.star_2", "60", 1, 1, 100, "评为二星级的最低总分（低于此为一星级）"},
	{"rating.valid_years", "2", 1, 1, 10, "星级评定的有效期（年）"},
	{"rating.max_five_star_pct", "10", 1, 0, 100, "五星级党组织占已评定党组织的最高比例（%，0＝不限）"},
	{"rating.commend_min_stars", "3", 1, 1, 5, "年度表彰的最低星级"},
	{"funding.award_min_5", "20000", 1, 0, 100000000, "五星级党组织星级奖励下限（元）"},
	{"funding.award_max_5", "50000", 1, 0, 100000000, "五星级党组织星级奖励上限（元）"},
	{"funding.award_min_4", "10000", 1, 0, 100000000, "四星级党组织星级奖励下限（元）"},
	{"funding.award_max_4", "20000", 1, 0, 100000000, "四星级党组织星级奖励上限（元）"},
	{"funding.award_min_3", "5000", 1, 0, 100000000, "三星级党组织星级奖励下限（元）"},
	{"funding.award_max_3", "10000", 1, 0, 100000000, "三星级党组织星级奖励上限（元）"},
	{"funding.award_min_2", "0", 1, 0, 100000000, "二星级党组织星级奖励下限（元）"},
	{"funding.award_max_2", "0", 1, 0, 100000000, "二星级党组织星级奖励上限（元）"},
	{"funding.award_min_1", "0", 1, 0, 100000000, "一星级党组织星级奖励下限（元）"},
	{"funding.award_max_1", "0", 1, 0, 100000000, "一星级党组织星级奖励上限（元）"},
	{"venue.min_area", "0", 1, 0, 100000, "标准化党建活动阵地的最小面积（平方米，0＝不要求）"},
	{"report.life_rate_low", "80", 1, 0, 100, "组织生活达标率低于此值（%）时，工作报告列为存在问题"},
	{"report.study_rate_low", "80", 1, 0, 100, "学时达标党员的比例低于此值（%）时，工作报告列为存在问题"},
	{"report.visit_rate_low", "80", 1, 0, 100, "党建指导员联系企业走访达标率低于此值（%）时，工作报告列为存在问题"},
	{"uscc.pilot_codes", "", 0, 0, 0, "校验码不符但真实有效的试点统一社会信用代码（用；分隔）"},
	{"report.venue_rate_low", "60", 1, 0, 100, "阵地标准化率低于此值（%）时，工作报告列为存在问题"},
	{"report.disclosed_rate_low", "80", 1, 0, 100, "党员亮明身份的比例低于此值（%）时，工作报告列为存在问题"},
	{"web.admin_contact", "", 0, 0, 0, "登录页显示的系统管理员联系方式（如 区委组织部组织科 0571-00000000）"},
	{"report.issuer", "", 0, 0, 0, "工作报告落款的发文机关署名（空＝“中共”加报告所属区县名加“委组织部”，如中共临江区委组织部；全市的报告用市名）"},
	{"report.date", "", 0, 0, 0, "工作报告落款的成文日期，写作 2026-12-31（空＝报告的统计截至日期）"},
};

const setting_def *settings_all(int *n)
{
	*n = (int)(sizeof DEFS / sizeof DEFS[0]);
	return DEFS;
}

const setting_def *settings_find(const char *key)
{
	for (size_t i = 0; i < sizeof DEFS / sizeof DEFS[0]; i++)
		if (strcmp(DEFS[i].key, key) == 0)
			return &DEFS[i];
	return NULL;
}

int settings_outside_figures(const char *key)
{
	/* The login page's contact and the work report's 落款: no statistic, finding or plan reads them. */
	static const char *const OUTSIDE[] = {"web.admin_contact", "report.issuer", "report.date"};
	for (size_t i = 0; i < sizeof OUTSIDE / sizeof OUTSIDE[0]; i++)
		if (strcmp(OUTSIDE[i], key) == 0)
			return 1;
	return 0;
}

const char *settings_check(const setting_def *d, const char *value)
{
	if (!d->is_int) {
		int day;
		if (strcmp(d->key, "report.date") == 0 && *value && date_parse(value, &day) != 0)
			return "应为日期，写作 2026-12-31（留空则用报告的统计截至日期）";
		return strlen(value) > 100000 ? "内容过长" : NULL;
	}
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (end == value || *end || errno)
		return "应为整数";
	if (v < d->min || v > d->max)
		return "超出允许范围";
	return NULL;
}
