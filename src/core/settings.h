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

/* Checks a value for a setting; returns NULL when fine, else a static Chinese reason. */
const char *settings_check(const setting_def *d, const char *value);

#endif
