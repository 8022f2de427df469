/* area — GB/T 2260 administrative division codes.
 *
 * This is a documented approximation, not the full GB/T 2260 list: the province (digits 1–2) is
 * checked exactly against the table below, the prefecture (digits 3–4) must be 01–70 or 90
 * (the "省直辖县级行政区划" group), and the county (digits 5–6) any of 01–99. A level of 00 stands
 * for the level above it, so 110000 (the province) and 110100 (the prefecture) are valid but
 * 110001 is not. The full list changes every year and identity numbers keep the code of the
 * county that issued them, even after that county was merged or renamed, so an exact list would
 * reject real people; checking the shape catches typing errors and spreadsheet damage. */
#include "core/ident.h"

#include <stddef.h>

static const struct {
	int code;
	const char *name;
} provinces[] = {
	{11, "北京市"},
	{12, "天津市"},
	{13, "河北省"},
	{14, "山西省"},
	{15, "内蒙古自治区"},
	{21, "辽宁省"},
	{22, "吉林省"},
	{23, "黑龙江省"},
	{31, "上海市"},
	{32, "江苏省"},
	{33, "浙江省"},
	{34, "安徽省"},
	{35, "福建省"},
	{36, "江西省"},
	{37, "山东省"},
	{41, "河南省"},
	{42, "湖北省"},
	{43, "湖南省"},
	{44, "广东省"},
	{45, "广西壮族自治区"},
	{46, "海南省"},
	{50, "重庆市"},
	{51, "四川省"},
	{52, "贵州省"},
	{53, "云南省"},
	{54, "西藏自治区"},
	{61, "陕西省"},
	{62, "甘肃省"},
	{63, "青海省"},
	{64, "宁夏回族自治区"},
	{65, "新疆维吾尔自治区"},
	{71, "台湾省"},
	{81, "香港特别行政区"},
	{82, "澳门特别行政区"},
};

/* Looks up a two-digit province code; NULL when there is no such province. */
static const char *province_lookup(int prov)
{
	for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
		if (provinces[i].code == prov)
			return provinces[i].name;
	return NULL;
}

int area_code_valid(int code)
{
	if (code < 100000 || code > 999999)
		return 0;
	int pref = code / 100 % 100;
	int county = code % 100;
	if (!province_lookup(code / 10000))
		return 0;
	if (pref == 0)
		return county == 0;
	return pref <= 70 || pref == 90;
}

const char *area_province_name(int code)
{
	/* Accept the bare two-digit province code as well: its "first two digits" are itself. */
	if (code >= 10 && code <= 99)
		return province_lookup(code);
	if (code >= 100000 && code <= 999999)
		return province_lookup(code / 10000);
	return NULL;
}
