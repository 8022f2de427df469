#include "core/rating.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "core/settings.h"
#include "util/date.h"

/* A common public example of a 两新 organisations' star rubric: six areas of work, three
 * indicators each, 100 points; and the three faults that bar any star. */
static const rubric_item DEFAULT_RUBRIC[] = {
	{"班子建设", "书记选优配强", 8, 0},
	{"班子建设", "班子结构健全", 6, 0},
	{"班子建设", "书记履职和培训", 6, 0},
	{"党员队伍建设", "党员教育管理", 8, 0},
	{"党员队伍建设", "发展党员", 6, 0},
	{"党员队伍建设", "流动党员和组织关系管理", 6, 0},
	{"组织生活", "“三会一课”", 8, 0},
	{"组织生活", "主题党日", 6, 0},
	{"组织生活", "组织生活会和民主评议党员", 6, 0},
	{"阵地建设", "活动场所", 4, 0},
	{"阵地建设", "设施和标识", 3, 0},
	{"阵地建设", "党建经费保障", 3, 0},
	{"作用发挥", "党员亮身份、当先锋", 8, 0},
	{"作用发挥", "推动企业健康发展", 6, 0},
	{"作用发挥", "服务职工群众", 6, 0},
	{"制度保障", "工作制度健全", 4, 0},
	{"制度保障", "台账资料规范", 3, 0},
	{"制度保障", "党建带群建", 3, 0},
	{"否决项", "企业发生重大安全生产事故或严重违法违规行为", 0, 1},
	{"否决项", "党组织班子成员受到党纪处分或违法犯罪", 0, 1},
	{"否决项", "党组织连续 6 个月以上未开展组织生活", 0, 1},
};

const rubric_item *rating_default_rubric(size_t *n)
{
	*n = sizeof DEFAULT_RUBRIC / sizeof DEFAULT_RUBRIC[0];
	return DEFAULT_RUBRIC;
}

int rating_rubric_check(const rubric_item *items, size_t n, char *msg, size_t msgsz)
{
	int total = 0, scored = 0;
	for (size_t i = 0; i < n; i++) {
		const rubric_item *it = &items[i];
		for (size_t j = 0; j < i; j++)
			if (strcmp(items[j].indicator, it->indicator) == 0) {
				snprintf(msg, msgsz, "指标“%s”重复", it->indicator);
				return -1;
			}
		if (it->veto && it->points) {
			snprintf(msg, msgsz, "否决项“%s”不应有分值（%d 分）", it->indicator, it->points);
			return -1;
		}
		if (!it->veto && (it->points < 1 || it->points > RUBRIC_TOTAL)) {
			snprintf(msg, msgsz, "指标“%s”的分值 %d 应在 1 到 %d 之间", it->indicator, it->points,
				 RUBRIC_TOTAL);
			return -1;
		}
		if (!it->veto) {
			total += it->points;
			scored++;
		}
	}
	if (!scored || total != RUBRIC_TOTAL) {
		snprintf(msg, msgsz, "各计分指标的分值合计为 %d 分，应为 %d 分", total, RUBRIC_TOTAL);
		return -1;
	}
	return 0;
}

int rating_score_parse(const char *s, int *tenths)
{
	while (*s == ' ')
		s++;
	int neg = *s == '-';
	if (neg)
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	long whole = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((whole = whole * 10 + (*s - '0')) > 100000)
			return -1;
	int frac = 0, digits = 0;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			if (digits == 0)
				frac = *s - '0';
			else if (*s != '0')
				return neg ? -2 : -3;
		}
	}
	while (*s == ' ')
		s++;
	if (*s)
		return -1;
	if (neg && (whole || frac))
		return -2;
	*tenths = (int)whole * 10 + frac;
	return 0;
}

void rating_score_words(int tenths, char out[16])
{
	if (tenths % 10)
		snprintf(out, 16, "%d.%d", tenths / 10, tenths % 10);
	else
		snprintf(out, 16, "%d", tenths / 10);
}

int rating_scores_resolve(const rubric_item *items, size_t n, const char *const *headers, const char *const *values,
			  size_t ncells, int vetoed, int *scores, int *total, size_t *bad, char *msg, size_t msgsz)
{
	for (size_t i = 0; i < n; i++)
		scores[i] = -1;
	*total = 0;
	char hk[256], ik[256];
	for (size_t k = 0; k < ncells; k++) {
		if (!values[k] || !*values[k])
			continue;
		ident_normalize_key(headers[k], hk, sizeof hk);
		size_t i = 0;
		for (; i < n; i++) {
			ident_normalize_key(items[i].indicator, ik, sizeof ik);
			if (strcmp(hk, ik) == 0)
				break;
		}
		*bad = k;
		if (i == n || items[i].veto) {
			snprintf(msg, msgsz, i == n ? "“%s”不是本年度评分细则中的指标" : "“%s”是否决项，请写在“否决情况”列",
				 headers[k]);
			return -1;
		}
		if (scores[i] >= 0) {
			snprintf(msg, msgsz, "指标“%s”的得分出现了两次", items[i].indicator);
			return -1;
		}
		int t, rc = rating_score_parse(values[k], &t);
		if (rc) {
			snprintf(msg, msgsz, "%s", rc == -2 ? "得分不能为负数" : rc == -3 ? "得分至多一位小数" : "得分应为数字（如 8 或 6.5）");
			return -1;
		}
		if (t > items[i].points * 10) {
			char w[16];
			rating_score_words(t, w);
			snprintf(msg, msgsz, "得分 %s 超过指标“%s”的分值 %d 分", w, items[i].indicator, items[i].points);
			return -1;
		}
		scores[i] = t;
		*total += t;
	}
	for (size_t i = 0; i < n && !vetoed; i++)
		if (!items[i].veto && scores[i] < 0) {
			*bad = ncells + i;
			snprintf(msg, msgsz, "缺少指标“%s”的得分（未否决的评定须逐项打分，0 分也要写 0）", items[i].indicator);
			return -1;
		}
	return 0;
}

void rating_defaults(rating_settings *c)
{
	/* The defaults live in one place: the settings table. */
	memset(c, 0, sizeof *c);
	int n;
	const setting_def *d = settings_all(&n);
	for (int i = 0; i < n; i++)
		rating_apply(c, d[i].key, d[i].def);
}

void rating_apply(rating_settings *c, const char *key, const char *value)
{
	const setting_def *d = settings_find(key);
	if (!d || !d->is_int || settings_check(d, value))
		return;
	int v = (int)strtol(value, NULL, 10);
	int k;
	char tail;
	if (sscanf(key, "rating.star_%d%c", &k, &tail) == 1 && k >= 2 && k <= 5)
		c->star_min[k] = v;
	else if (sscanf(key, "funding.award_min_%d%c", &k, &tail) == 1 && k >= 1 && k <= 5)
		c->award_min[k] = (int64_t)v * 100;
	else if (sscanf(key, "funding.award_max_%d%c", &k, &tail) == 1 && k >= 1 && k <= 5)
		c->award_max[k] = (int64_t)v * 100;
	else if (strcmp(key, "rating.valid_years") == 0)
		c->valid_years = v;
	else if (strcmp(key, "rating.max_five_star_pct") == 0)
		c->max_five_star_pct = v;
	else if (strcmp(key, "rating.commend_min_stars") == 0)
		c->commend_min_stars = v;
	else if (strcmp(key, "venue.min_area") == 0)
		c->venue_min_area = v;
}

int rating_stars(const rating_settings *c, int total_tenths, int vetoed)
{
	if (vetoed)
		return 0;
	for (int k = 5; k >= 2; k--)
		if (total_tenths >= c->star_min[k] * 10)
			return k;
	return 1;
}

int rating_stars_of(const rating_settings *c, const char *total, const char *veto)
{
	int t = 0;
	if (!total || rating_score_parse(total, &t) != 0)
		t = 0;
	return rating_stars(c, t, veto != NULL);
}

int rating_valid_on(const rating_settings *c, int rated, int d)
{
	return rated != DATE_NONE && rated <= d && d < date_add_years(rated, c->valid_years);
}

int rating_quota_exceeded(const rating_settings *c, int64_t five, int64_t rated)
{
	return c->max_five_star_pct > 0 && five * 100 > rated * c->max_five_star_pct;
}

int rating_award_in_range(const rating_settings *c, int stars, int64_t amount)
{
	if (stars < 1 || stars > 5)
		return 0;
	return amount >= c->award_min[stars] && amount <= c->award_max[stars];
}

int rating_venue_standard(const rating_settings *c, const venue_facts *v)
{
	if (!(v->site && v->facilities && v->sign && v->flag && v->books && v->rules))
		return 0;
	return c->venue_min_area <= 0 || v->area >= c->venue_min_area;
}

/* Writes whole.frac with the fraction's trailing zeros (and a bare point) dropped. */
static void trimmed(char *out, size_t sz, const char *sign, int64_t whole, int64_t hundredths, const char *unit)
{
	if (hundredths == 0)
		snprintf(out, sz, "%s%" PRId64 "%s", sign, whole, unit);
	else if (hundredths % 10 == 0)
		snprintf(out, sz, "%s%" PRId64 ".%" PRId64 "%s", sign, whole, hundredths / 10, unit);
	else
		snprintf(out, sz, "%s%" PRId64 ".%02" PRId64 "%s", sign, whole, hundredths, unit);
}

void money_words(int64_t fen, char out[32])
{
	const char *sign = "";
	if (fen < 0) {
		sign = "-";
		fen = -fen;
	}
	if (fen < 1000000) {
		trimmed(out, 32, sign, fen / 100, fen % 100, "元");
		return;
	}
	/* 万元 in hundredths: 1 hundredth of 万 is 100 元 = 10,000 分. */
	int64_t h = (fen + 5000) / 10000;
	trimmed(out, 32, sign, h / 100, h % 100, "万元");
}
