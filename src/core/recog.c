#include "core/recog.h"

#include <stdlib.h>
#include <string.h>

#include "util/date.h"

const char *const designation_kind_names[DESIG_NKINDS + 1] = {"党员示范岗", "党员先锋岗", "党员责任区", NULL};

int designation_kind_parse(const char *name)
{
	for (int k = 0; name && k < DESIG_NKINDS; k++)
		if (strcmp(designation_kind_names[k], name) == 0)
			return k;
	return -1;
}

int designation_active(int granted, int revoked, int d)
{
	return granted != DATE_NONE && granted <= d && (revoked == DATE_NONE || d < revoked);
}

int venue_counts(int recognised, int d)
{
	return recognised == DATE_NONE || recognised <= d;
}

static int yes(const char *v)
{
	return v && strcmp(v, "是") == 0;
}

void venue_facts_of(const ledger_rec *rec, venue_facts *v, int *recognised)
{
	v->site = (unsigned char)yes(rec->f[VN_SITE]);
	v->facilities = (unsigned char)yes(rec->f[VN_FACILITIES]);
	v->sign = (unsigned char)yes(rec->f[VN_SIGN]);
	v->flag = (unsigned char)yes(rec->f[VN_FLAG]);
	v->books = (unsigned char)yes(rec->f[VN_BOOKS]);
	v->rules = (unsigned char)yes(rec->f[VN_RULES]);
	v->area = rec->f[VN_AREA] && *rec->f[VN_AREA] ? (int)strtol(rec->f[VN_AREA], NULL, 10) : -1;
	*recognised = DATE_NONE;
	if (rec->f[VN_RECOGNISED] && date_parse(rec->f[VN_RECOGNISED], recognised) != 0)
		*recognised = DATE_NONE;
}

int venue_shortfall(const rating_settings *c, const venue_facts *v, int recognised, int d, buf *out)
{
	if (!venue_counts(recognised, d)) {
		char r[11], day[11];
		date_format(recognised, r);
		date_format(d, day);
		buf_printf(out, "阵地认定日期为 %s，%s 时尚未认定", r, day);
		return 0;
	}
	if (rating_venue_standard(c, v))
		return 1;
	const ledger_def *def = ledger_get(LEDGER_VENUES);
	const unsigned char has[6] = {v->site, v->facilities, v->sign, v->flag, v->books, v->rules};
	int n = 0;
	for (int i = 0; i < 6; i++)
		if (!has[i])
			buf_printf(out, "%s%s", n++ ? "、" : "不符合“六有”：缺少", def->cols[VN_SITE + i].header + strlen("有"));
	int min = c->venue_min_area;
	if (min > 0 && v->area < 0)
		buf_printf(out, "%s面积未登记（标准化阵地不少于 %d 平方米）", n ? "；" : "", min);
	else if (min > 0 && v->area < min)
		buf_printf(out, "%s面积 %d 平方米，不足 %d 平方米", n ? "；" : "", v->area, min);
	return 0;
}
