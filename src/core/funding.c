#include "core/funding.h"

#include <stdio.h>
#include <string.h>

#include "core/dues.h"
#include "util/date.h"

static const char *const KINDS[FUNDING_NKINDS] = {"星级奖励", "专项补贴", "其他"};

int funding_kind_parse(const char *text)
{
	for (int k = 0; k < FUNDING_NKINDS; k++)
		if (text && strcmp(text, KINDS[k]) == 0)
			return k;
	return -1;
}

const char *funding_kind_label(funding_kind k)
{
	return k < FUNDING_NKINDS ? KINDS[k] : "";
}

int funding_in_year(int day, int as_of)
{
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	return day != DATE_NONE && day >= date_from_ymd(y, 1, 1) && day <= as_of;
}

int funding_award_outside(const rating_settings *c, int stars, int64_t amount, char *msg, size_t msgsz)
{
	static const char *const STARS[] = {"", "一星级", "二星级", "三星级", "四星级", "五星级"};
	if (rating_award_in_range(c, stars, amount))
		return 0;
	char amt[32], lo[32], hi[32];
	money_words(amount, amt);
	if (stars < 1 || stars > 5) {
		snprintf(msg, msgsz, "星级奖励 %s，但该党组织在拨付日期没有有效的星级评定，不应给予星级奖励", amt);
		return 1;
	}
	if (c->award_max[stars] == 0) {
		snprintf(msg, msgsz, "星级奖励 %s，但%s党组织不设星级奖励（funding.award_max_%d 为 0）", amt, STARS[stars],
			 stars);
		return 1;
	}
	money_words(c->award_min[stars], lo);
	money_words(c->award_max[stars], hi);
	/* 万元 rounds: 19,999.99 元 reads "2万元", the minimum itself; then the exact amount follows. */
	char exact[40] = "";
	if (strcmp(amt, lo) == 0 || strcmp(amt, hi) == 0) {
		char t[24];
		dues_money_format(amount, t);
		snprintf(exact, sizeof exact, "（%s元）", t);
	}
	snprintf(msg, msgsz, "星级奖励 %s%s，%s于%s党组织的奖励范围 %s至%s", amt, exact,
		 amount < c->award_min[stars] ? "低" : "高", STARS[stars], lo, hi);
	return 1;
}
