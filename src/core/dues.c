#include "core/dues.h"

#include <stdio.h>
#include <string.h>

#include "util/date.h"

/* Upper bounds (分, inclusive) of the brackets; the last has none. */
static const struct {
	int64_t upto;
	int bp;
	const char *label;
} WORKING[] = {
	{300000, 50, "税后工资 3000 元以下（含）按 0.5%"},
	{500000, 100, "税后工资 3000 元以上至 5000 元（含）按 1%"},
	{1000000, 150, "税后工资 5000 元以上至 10000 元（含）按 1.5%"},
	{-1, 200, "税后工资 10000 元以上按 2%"},
}, RETIRED[] = {
	{500000, 50, "离退休费 5000 元以下（含）按 0.5%"},
	{-1, 100, "离退休费 5000 元以上按 1%"},
};

dues_bracket dues_bracket_of(int64_t base, int retired)
{
	size_t n = retired ? sizeof RETIRED / sizeof RETIRED[0] : sizeof WORKING / sizeof WORKING[0];
	for (size_t i = 0; i < n; i++) {
		int64_t upto = retired ? RETIRED[i].upto : WORKING[i].upto;
		if (upto < 0 || base <= upto)
			return retired ? (dues_bracket){RETIRED[i].bp, RETIRED[i].label}
				       : (dues_bracket){WORKING[i].bp, WORKING[i].label};
	}
	return (dues_bracket){0, ""}; /* not reached: the last bracket is open */
}

int64_t dues_due(int64_t base, int retired)
{
	if (base <= 0)
		return 0;
	/* base (分) × bp / 10000, half up: 5000 is half of the divisor. */
	return (base * dues_bracket_of(base, retired).bp + 5000) / 10000;
}

int dues_money_parse(const char *s, int64_t *cents)
{
	static const char *const PREFIX[] = {"¥", "￥", "RMB"};
	static const char *const SUFFIX[] = {"元", "RMB"};
	for (size_t i = 0; i < sizeof PREFIX / sizeof PREFIX[0]; i++)
		if (strncmp(s, PREFIX[i], strlen(PREFIX[i])) == 0)
			s += strlen(PREFIX[i]);
	size_t len = strlen(s);
	for (size_t i = 0; i < sizeof SUFFIX / sizeof SUFFIX[0]; i++) {
		size_t l = strlen(SUFFIX[i]);
		if (len > l && strcmp(s + len - l, SUFFIX[i]) == 0)
			len -= l;
	}
	int neg = 0;
	size_t i = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	int64_t yuan = 0, frac = 0;
	int digits = 0, decimals = 0, dot = 0;
	for (; i < len; i++) {
		char c = s[i];
		if (c == ',' && !dot)
			continue;
		if (c == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (c < '0' || c > '9')
			return -1;
		digits++;
		if (!dot) {
			if (yuan > 100000000)
				return -4;
			yuan = yuan * 10 + (c - '0');
		} else if (++decimals <= 2) {
			frac = frac * 10 + (c - '0');
		} else if (c != '0') {
			return -3; /* 12.500 is 12.50; 12.345 is not money */
		}
	}
	if (!digits)
		return -1;
	if (neg && (yuan || frac))
		return -2;
	if (yuan > 100000000)
		return -4;
	if (decimals == 1)
		frac *= 10;
	*cents = yuan * 100 + frac;
	return 0;
}

void dues_money_format(int64_t cents, char out[24])
{
	snprintf(out, 24, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

int dues_month_parse(const char *s, int *month)
{
	int y = 0, m = 0, n = 0;
	size_t len = strlen(s);
	/* yyyymm, and the canonical yyyy-mm (every stored value, so every write) without sscanf */
	int canonical = len == 7 && s[4] == '-' && strspn(s, "0123456789") == 4 && strspn(s + 5, "0123456789") == 2;
	if ((len == 6 && strspn(s, "0123456789") == 6) || canonical) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[len - 2] - '0') * 10 + (s[len - 1] - '0');
	} else if (!(sscanf(s, "%4d年%2d%n", &y, &m, &n) == 2 && (strcmp(s + n, "月") == 0 || s[n] == '\0'))) {
		char sep;
		if (sscanf(s, "%4d%c%2d%n", &y, &sep, &m, &n) != 3 || (sep != '-' && sep != '/' && sep != '.') ||
		    s[n] != '\0')
			return -1;
	}
	if (y < 1900 || y > 2999 || m < 1 || m > 12)
		return -1;
	*month = y * 12 + m - 1;
	return 0;
}

void dues_month_format(int month, char out[8])
{
	unsigned m = month > 0 ? (unsigned)month : 0;
	snprintf(out, 8, "%04u-%02u", m / 12 % 10000, m % 12 + 1);
}

int dues_month_of_day(int day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return y * 12 + m - 1;
}

int dues_month_last_day(int month)
{
	return date_from_ymd((month + 1) / 12, (month + 1) % 12 + 1, 1) - 1;
}

int dues_month_to_yyyymm(int month)
{
	return month / 12 * 100 + month % 12 + 1;
}

int dues_month_from_yyyymm(int yyyymm)
{
	return yyyymm / 100 * 12 + yyyymm % 100 - 1;
}

void dues_year_months(int as_of, int *first, int *last)
{
	int m = dues_month_of_day(as_of);
	*first = m - m % 12;
	*last = m - 1;
}

void dues_window(int as_of, int *first, int *last)
{
	int m = dues_month_of_day(as_of);
	*first = m - 6;
	*last = m - 1;
}

int dues_month_unpaid(const dues_row *row, int month, int joined)
{
	if (row)
		return row->paid < row->due;
	return joined != DATE_NONE && joined <= dues_month_last_day(month);
}

int dues_six_months_bits(unsigned rows, unsigned unpaid, int joined, int as_of)
{
	int first, last;
	dues_window(as_of, &first, &last);
	for (int m = first; m <= last; m++) {
		unsigned bit = 1u << (m - first);
		if (!((rows & bit) ? (unpaid & bit) != 0 : dues_month_unpaid(NULL, m, joined)))
			return 0;
	}
	return 1;
}

int dues_six_months(const dues_row *rows, size_t n, int joined, int as_of)
{
	int first, last;
	dues_window(as_of, &first, &last);
	unsigned has = 0, unpaid = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].month >= first && rows[i].month <= last) {
			has |= 1u << (rows[i].month - first);
			if (dues_month_unpaid(&rows[i], rows[i].month, joined))
				unpaid |= 1u << (rows[i].month - first);
		}
	return dues_six_months_bits(has, unpaid, joined, as_of);
}

int dues_differs(int64_t base, int retired, int64_t due)
{
	return base >= 0 && dues_due(base, retired) != due;
}

void dues_year_add(dues_year *y, int month, int64_t base, int retired, int64_t due, int64_t paid)
{
	int i = month % 12;
	unsigned bit = 1u << i;
	dues_row row = {month, due, paid};
	y->months |= bit;
	if (dues_month_unpaid(&row, month, DATE_NONE))
		y->unpaid |= bit;
	if (dues_differs(base, retired, due))
		y->differs |= bit;
	y->due[i] = due;
	y->paid[i] = paid;
}
