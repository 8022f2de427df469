/* date — civil dates as day numbers (days since 1970-01-01, proleptic Gregorian).
 * Pure functions; no time zone handling beyond date_today(), which uses local time. */
#ifndef FGDJ_DATE_H
#define FGDJ_DATE_H

#define DATE_NONE (-2147483647 - 1) /* "no date" */

int date_from_ymd(int y, int m, int d);            /* no validation */
void date_to_ymd(int days, int *y, int *m, int *d);
int date_valid_ymd(int y, int m, int d);           /* 1 if a real calendar day, years 1900..2999 */

/* Parses a spreadsheet date: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305,
 * optionally followed by a time part (ignored), or an Excel serial (1900 system).
 * Returns 0 and sets *days, or -1 when the text is not a valid date. */
int date_parse(const char *s, int *days);

/* Excel serial to day number; is1904 selects the 1904 date system. Returns -1 when out of range. */
int date_from_serial(double serial, int is1904, int *days);

/* Writes YYYY-MM-DD (11 bytes with NUL). */
void date_format(int days, char out[11]);

int date_today(void);
/* The local time now as "YYYY-MM-DD HH:MM:SS" (20 bytes with NUL), dated date_today(): a test that
 * pins today (FGDJ_TODAY) dates what it writes on that day. */
void date_now_text(char out[20]);
int date_add_years(int days, int years);           /* Feb 29 maps to Feb 28 */
int date_add_months(int days, int months);         /* clamps to the month's last day */

#endif
