/* settings — the rules' thresholds that are local practice, with domain.md's defaults.
 * The values live in the database (setting table); this table defines them. */
#ifndef FGDJ_SETTINGS_H
#define FGDJ_SETTINGS_H

typedef struct setting_def {
	const char *key;
	const char *def;     /* default value as text */
	int is_int;          /* 1: an integer in [min, max] */
	long min, max;
	const char *title;   /* Chinese description */
} setting_def;

const setting_def *settings_all(int *n);
const setting_def *settings_find(const char *key);
/* 1 for a setting no figure, finding or plan reads (shown on the login page or in the work report's
 * 落款 only): changing it leaves every computed figure as it was. */
int settings_outside_figures(const char *key);

/* Checks a value for a setting; returns NULL when fine, else a static Chinese reason. */
const char *settings_check(const setting_def *d, const char *value);

#endif
