/* dues — the rules of party dues (党费, docs/party-work.md): the due from the monthly pay after tax
 * by the brackets (retirees apart), money in 分 and months as text, and which months count as
 * unpaid for the six-month rule (党章第九条). Pure: no I/O, no SQL, no allocation.
 *
 * Months are month indexes, year × 12 + month − 1 (the database stores yyyymm; dues_month_from_yyyymm
 * converts). Money is int64 分 (cents): no floating point anywhere in the rules. */
#ifndef FGDJ_DUES_H
#define FGDJ_DUES_H
#include <stddef.h>
#include <stdint.h>

/* The bracket a base falls in: its rate in basis points (50 = 0.5 %) and its words for messages
 * ("税后工资 3000 元以下（含）按 0.5%"). */
typedef struct dues_bracket {
	int bp;
	const char *label;
} dues_bracket;

/* The bracket of base (分) for a retiree or not. */
dues_bracket dues_bracket_of(int64_t base, int retired);
/* The due of base (分): base × rate, rounded to the 分 half up (0.005 元 → 0.01 元). */
int64_t dues_due(int64_t base, int retired);

/* Money text → 分: "3000", "3,000.5", "3000.50元", "¥12". 0 on success; -1 not a number, -2
 * negative, -3 more than two decimals, -4 too large (over 100 million 元). */
int dues_money_parse(const char *s, int64_t *cents);
/* 分 → canonical text with two decimals: "3000.00". out has room for 24 bytes. */
void dues_money_format(int64_t cents, char out[24]);

/* Month text → month index: 2026-03, 2026-3, 2026/3, 2026.3, 2026年3月, 202603. 0 on success. */
int dues_month_parse(const char *s, int *month);
/* Month index → "2026-03". */
void dues_month_format(int month, char out[8]);
int dues_month_of_day(int day);                 /* the month a day number falls in */
int dues_month_last_day(int month);             /* the day number of its last day */
int dues_month_to_yyyymm(int month);
int dues_month_from_yyyymm(int yyyymm);

/* The ended months of D's year that the yearly figures add up: first..last (last < first in January). */
void dues_year_months(int as_of, int *first, int *last);
/* The last six ended months before D: first..last = month(D) − 6 .. month(D) − 1. */
void dues_window(int as_of, int *first, int *last);

/* A member's dues row of one month: what was due and paid (分). */
typedef struct dues_row {
	int month;
	int64_t due, paid;
} dues_row;

/* 1 when a month is unpaid: its row pays less than due, or there is no row (row NULL) while the
 * person was a member — joined (day number) on or before the month's last day. */
int dues_month_unpaid(const dues_row *row, int month, int joined);
/* What the figures keep of one member's year of dues (the dues_year table, kept on write), built
 * from the year's rows one by one with dues_year_add. Bit i (0 = January) of months is set when
 * month i has a row; of unpaid, when that row is unpaid (dues_month_unpaid); of differs, when its
 * recorded 应缴 is not the rule's for its 税后工资 (dues_differs). Money in 分. */
typedef struct dues_year {
	unsigned months, unpaid, differs;
	int64_t due[12], paid[12];
} dues_year;
/* Adds the row of month (a month index) to its year; base is -1 when no 税后工资 is recorded. */
void dues_year_add(dues_year *y, int month, int64_t base, int retired, int64_t due, int64_t paid);
/* 1 when a recorded due is not the rule's for a recorded base (-1: none, never differs). */
int dues_differs(int64_t base, int retired, int64_t due);
/* 1 when each of the six months of dues_window(as_of) is unpaid. rows: the member's rows, any
 * months, any order. */
int dues_six_months(const dues_row *rows, size_t n, int joined, int as_of);
/* The same from what a scan keeps per member: bit i of rows is set when the window's month i
 * (dues_window's first + i) has a row, and bit i of unpaid when that row is unpaid. */
int dues_six_months_bits(unsigned rows, unsigned unpaid, int joined, int as_of);

#endif
