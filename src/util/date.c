#include "util/date.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
int date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int)doe - 719468;
}

void date_to_ymd(int z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = (int)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned dd = doy - (153 * mp + 2) / 5 + 1;
	unsigned mm = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (mm <= 2);
	*m = (int)mm;
	*d = (int)dd;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_valid_ymd(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	int max = mdays[m - 1] + (m == 2 && leap(y));
	return d <= max;
}

/* Reads up to maxd ASCII digits; returns the count read. */
static int digits(const char **sp, int maxd, int *out)
{
	const char *s = *sp;
	int n = 0, v = 0;
	while (n < maxd && isdigit((unsigned char)s[n])) {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	*sp = s + n;
	*out = v;
	return n;
}

static int accept(const char **sp, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*sp, lit, n) == 0) {
		*sp += n;
		return 1;
	}
	return 0;
}

/* After a date, allow nothing, or whitespace/T followed by a time part. */
static int tail_ok(const char *s)
{
	if (*s == '\0')
		return 1;
	if (*s != ' ' && *s != 'T')
		return 0;
	s++;
	while (*s) {
		if (!isdigit((unsigned char)*s) && *s != ':' && *s != '.' && *s != ' ')
			return 0;
		s++;
	}
	return 1;
}

int date_parse(const char *s, int *days)
{
	const char *p = s;
	int y, m, d, n;
	/* The stored form YYYY-MM-DD, which every scan reads, without the general path below (that
	 * reads it alike). */
#define DG(k) ((unsigned)(s[k] - '0') < 10)
	if (DG(0) && DG(1) && DG(2) && DG(3) && s[4] == '-' && DG(5) && DG(6) && s[7] == '-' && DG(8) && DG(9) &&
	    s[10] == '\0') {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
		if (!date_valid_ymd(y, m, d))
			return -1;
		*days = date_from_ymd(y, m, d);
		return 0;
	}
#undef DG
	n = digits(&p, 8, &y);
	if (n == 8 && tail_ok(p)) {
		m = (y / 100) % 100;
		d = y % 100;
		y /= 10000;
		if (!date_valid_ymd(y, m, d))
			return -1;
		*days = date_from_ymd(y, m, d);
		return 0;
	}
	if (n == 4 && (*p == '-' || *p == '/' || *p == '.' || strncmp(p, "年", 3) == 0)) {
		int cn = accept(&p, "年");
		if (!cn)
			p++;
		if (digits(&p, 2, &m) == 0)
			return -1;
		if (cn ? !accept(&p, "月") : !(*p == s[4] && (p++, 1)))
			return -1;
		if (digits(&p, 2, &d) == 0)
			return -1;
		if (cn)
			accept(&p, "日");
		if (!tail_ok(p) || !date_valid_ymd(y, m, d))
			return -1;
		*days = date_from_ymd(y, m, d);
		return 0;
	}
	/* An Excel serial typed or exported as text: 1..2958465, optionally with a fraction. */
	if (n >= 1 && n <= 7 && (*p == '\0' || *p == '.')) {
		char *end;
		double v = strtod(s, &end);
		if (*end == '\0')
			return date_from_serial(v, 0, days);
	}
	return -1;
}

int date_from_serial(double serial, int is1904, int *days)
{
	if (!(serial >= 1 && serial < 2958466))
		return -1;
	int whole = (int)floor(serial);
	int base;
	if (is1904) {
		base = date_from_ymd(1904, 1, 1);
	} else {
		/* Excel counts 1900-02-29, which never existed: serial 60. */
		if (whole == 60)
			return -1;
		base = date_from_ymd(1899, 12, 31) - (whole > 60 ? 1 : 0);
	}
	int v = base + whole;
	int y, m, d;
	date_to_ymd(v, &y, &m, &d);
	if (!date_valid_ymd(y, m, d))
		return -1;
	*days = v;
	return 0;
}

void date_format(int days, char out[11])
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + um / 10);
	out[6] = (char)('0' + um % 10);
	out[7] = '-';
	out[8] = (char)('0' + ud / 10);
	out[9] = (char)('0' + ud % 10);
	out[10] = '\0';
}

int date_today(void)
{
	const char *fake = getenv("FGDJ_TODAY"); /* tests pin "today" */
	int d;
	if (fake && date_parse(fake, &d) == 0)
		return d;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void date_now_text(char out[20])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	date_format(date_today(), out);
	snprintf(out + 10, 10, " %02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int date_add_months(int days, int months)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	while (d > 28 && !date_valid_ymd(y, m, d))
		d--;
	return date_from_ymd(y, m, d);
}

int date_add_years(int days, int years)
{
	return date_add_months(days, years * 12);
}
