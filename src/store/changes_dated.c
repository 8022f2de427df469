/* The first day whose figures the writes since a history id can change (the dated_from functions of
 * store/finding_store.h): each kind's history rows read for the earliest day they touch. */
#include "store/finding_store.h"

#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "core/dues.h"
#include "store/changes_int.h"
#include "store/store_int.h"
#include "util/date.h"

/* The first day a new member (its insert's JSON) is counted on: its 入党日期 (MEMBER_COUNTED);
 * INT_MIN when it has none that reads as a date (then nothing is said of any day). */
static int member_joined_from(const char *new)
{
	json_t *n = new ? json_loads(new, 0, NULL) : NULL;
	const char *d = json_string_value(json_object_get(n, "join_date"));
	int day;
	int from = d && date_parse(d, &day) == 0 ? day : INT_MIN;
	json_decref(n);
	return from;
}

/* The day from which a member record (one side of an update: its JSON object) is formal, as a past
 * day reads it (MEMBER_FORMAL on that day), into *from — its 转正日期 when there is one, else always
 * (正式党员: INT_MIN) or never (预备党员: INT_MAX); 0 when the object does not say (a field not among
 * its keys: the record's own, unchanged, is not known here), else 1. */
static int formal_from(json_t *o, int *from)
{
	json_t *full = json_object_get(o, "full_date"), *status = json_object_get(o, "status");
	if (json_is_string(full))
		return date_parse(json_string_value(full), from) == 0;
	if (!full || !json_is_string(status))
		return 0;
	*from = strcmp(json_string_value(status), "正式党员") == 0 ? INT_MIN : INT_MAX;
	return 1;
}

/* The day before which a member record's 组织关系状态 is 正常 on any day, as a past day reads it: its
 * 起始日期 (a state in force from then); INT_MIN when the object has none (a state without a start
 * date is read as that day's version, which this update may have been part of). */
static int relation_from(json_t *o)
{
	json_t *since = json_object_get(o, "relation_since");
	int day;
	return json_is_string(since) && date_parse(json_string_value(since), &day) == 0 ? day : INT_MIN;
}

/* The day from which a record (one side of an update: a member's, an organisation's) is closed
 * (减少日期, 撤销日期): INT_MAX when open, INT_MIN when the date does not read. */
static int closed_from(json_t *o)
{
	json_t *c = json_object_get(o, "closed");
	int day;
	if (!json_is_string(c))
		return INT_MAX;
	return date_parse(json_string_value(c), &day) == 0 ? day : INT_MIN;
}

/* The first day whose figures an update of a member record (old and new JSON) of STORE_MEMBER_DATED
 * can change: before it, formal, 流动 and 失联 read on each day are what they were (days from then on
 * may differ); INT_MAX when none can. */
static int member_dated_from(const char *old, const char *new)
{
	json_t *o = old ? json_loads(old, 0, NULL) : NULL, *n = new ? json_loads(new, 0, NULL) : NULL;
	int from = INT_MAX;
	if (!json_is_object(o) || !json_is_object(n)) {
		from = INT_MIN;
	} else {
		if (json_object_get(o, "status") || json_object_get(n, "status") || json_object_get(o, "full_date") ||
		    json_object_get(n, "full_date")) {
			int a, b;
			if (!formal_from(o, &a) || !formal_from(n, &b))
				from = INT_MIN;
			else if (a != b)
				from = a < b ? a : b;
		}
		if (json_object_get(o, "relation") || json_object_get(n, "relation") ||
		    json_object_get(o, "relation_since") || json_object_get(n, "relation_since")) {
			int a = relation_from(o), b = relation_from(n), m = a < b ? a : b;
			from = m < from ? m : from;
		}
		/* 减少日期: counted before it (RECORD_OPEN_ON) — from the earlier of old and new on */
		if (json_object_get(o, "closed") || json_object_get(n, "closed")) {
			int a = closed_from(o), b = closed_from(n), m = a < b ? a : b;
			from = m < from ? m : from;
		}
	}
	json_decref(o);
	json_decref(n);
	return from;
}

/* The earliest of day(st) over the rows of history statement q (its ?1 the stamp; at most
 * CHANGES_LIMIT rows): INT_MAX when none, INT_MIN when the read fails. The dated_from functions. */
static int earliest_day(store *s, int64_t stamp, const char *q, int (*day)(sql_st *st))
{
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, stamp);
	int rc, from = INT_MAX;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int d = day(st);
		from = d < from ? d : from;
	}
	if (rc != SQL_DONE)
		from = INT_MIN;
	sql_reset(st);
	return from;
}

/* store_member_dated_from's day of a member's history row (old, new, whether an insert). */
static int member_row_day(sql_st *st)
{
	const char *old = sql_col_text(st, 0), *new = sql_col_text(st, 1);
	if ((int)sql_col_int64(st, 2))
		return member_joined_from(new); /* a new member: counted from its 入党日期 on */
	return store_member_update(old, new) & STORE_MEMBER_DATED ? member_dated_from(old, new) : INT_MAX;
}

int store_member_dated_from(store *s, int64_t stamp)
{
	return earliest_day(s, stamp,
			    "SELECT old, new, op = 'insert' FROM history WHERE id > ?1 AND tbl = 'member'"
			    " AND (op = 'update' OR op = 'insert') ORDER BY id LIMIT " SPELL(CHANGES_LIMIT),
			    member_row_day);
}

/* store_dues_dated_from's day of a dues record's history row (its key). A dues record's key ends with
 * its month (公民身份号码/YYYY-MM): a day's facts read the months before the day's own
 * (dues_year_months, dues_window), so the first day that reads month M is the first of the month
 * after. */
static int dues_row_day(sql_st *st)
{
	const char *k = sql_col_text(st, 0), *slash = k ? strrchr(k, '/') : NULL;
	int month;
	return slash && dues_month_parse(slash + 1, &month) == 0 ? dues_month_last_day(month) + 1 : INT_MIN;
}

int store_dues_dated_from(store *s, int64_t stamp)
{
	return earliest_day(s, stamp,
			    "SELECT key FROM history WHERE id > ?1 AND tbl = 'dues' ORDER BY id LIMIT " SPELL(CHANGES_LIMIT),
			    dues_row_day);
}

/* The 成立日期 of a new record's history row (its new JSON, the statement's first column): without,
 * when it has none; INT_MIN when the JSON or the date does not read. */
static int founded_day(sql_st *st, int without)
{
	json_t *n = json_loads(sql_col_str(st, 0), 0, NULL);
	const char *f = json_string_value(json_object_get(n, "founded"));
	int d = without;
	if (!n || (f && date_parse(f, &d) != 0))
		d = INT_MIN;
	json_decref(n);
	return d;
}

/* store_ent_new_dated_from's day of a new enterprise's history row. A day counts an enterprise
 * founded by then, or without a 成立日期 recorded by then (scan.c EXISTS_ON): a new one without it
 * from today on. */
static int ent_new_row_day(sql_st *st)
{
	return founded_day(st, date_today());
}

int store_ent_new_dated_from(store *s, int64_t stamp)
{
	return earliest_day(s, stamp,
			    "SELECT new FROM history WHERE id > ?1 AND tbl = 'enterprise' AND op = 'insert'"
			    " ORDER BY id LIMIT " SPELL(CHANGES_LIMIT),
			    ent_new_row_day);
}

/* A date written YYYY-MM-DD (as the history keeps dates) into *d: 0, or -1 (date_parse takes more
 * forms — a spreadsheet's day number among them — which a record's other values may look like). */
static int iso_day(const char *t, int *d)
{
	for (int i = 0; i < 10; i++)
		if (!t[i] || (i == 4 || i == 7 ? t[i] != '-' : (t[i] < '0' || t[i] > '9')))
			return -1;
	return t[10] ? -1 : date_parse(t, d);
}

/* store_records_dated_from's day of a party-work record's history row (key, old, new): the earliest
 * date among the key's parts and the JSON's values, INT_MIN when none (an update of undated fields: a
 * day is not known to be before the record's dates). */
static int record_row_day(sql_st *st)
{
	int from = INT_MAX, d;
	const char *k = sql_col_str(st, 0);
	while (*k) {
		size_t n = strcspn(k, "/");
		char part[16];
		if (n < sizeof part) {
			memcpy(part, k, n);
			part[n] = 0;
			if (iso_day(part, &d) == 0 && d < from)
				from = d;
		}
		k += n + (k[n] == '/');
	}
	for (int c = 1; c <= 2; c++) {
		json_t *o = json_loads(sql_col_str(st, c), 0, NULL);
		const char *key;
		json_t *x;
		json_object_foreach(o, key, x) {
			if (json_is_string(x) && iso_day(json_string_value(x), &d) == 0 && d < from)
				from = d;
		}
		json_decref(o);
	}
	return from == INT_MAX ? INT_MIN : from;
}

/* store_records_dated_from's day of a campaign's or a task's history row (key, old, new, the start
 * of the campaign it names now): a day reads a campaign and its tasks from the campaign's start on;
 * a campaign's own row also by its dates written. INT_MIN when no campaign is named now (deleted). */
static int campaign_row_day(sql_st *st)
{
	int start;
	if (sql_col_type(st, 3) == SQL_NULL || iso_day(sql_col_str(st, 3), &start) != 0)
		return INT_MIN;
	if (strchr(sql_col_str(st, 0), '/'))
		return start; /* a task: "排查名称/统一社会信用代码" */
	int d = record_row_day(st);
	return d < start ? d : start;
}

int store_records_dated_from(store *s, int64_t stamp)
{
	int from = earliest_day(s, stamp,
				"SELECT key, old, new FROM history WHERE id > ?1 AND tbl IN ('development', 'secretary',"
				" 'transfer', 'rating', 'funding', 'designation', 'venue', 'training', 'trainee')"
				" ORDER BY id LIMIT " SPELL(CHANGES_LIMIT),
				record_row_day);
	/* A task's key begins with its campaign's name (a name holding LIKE's wildcards may match
	 * more campaigns: an earlier start, never a later one than its own). */
	int tasks = earliest_day(s, stamp,
				 "SELECT h.key, h.old, h.new, c.start_date FROM history h LEFT JOIN campaign c"
				 " ON (h.tbl = 'campaign' AND c.name = h.key) OR (h.tbl = 'task' AND h.key LIKE (c.name || '/%'))"
				 " WHERE h.id > ?1 AND h.tbl IN ('campaign', 'task') ORDER BY h.id LIMIT " SPELL(CHANGES_LIMIT),
				 campaign_row_day);
	return tasks < from ? tasks : from;
}

/* store_org_new_dated_from's day of a new organisation's history row: a day counts its links from
 * its 成立日期 on (COVERAGE_ACTIVE; none: not known). */
static int org_new_row_day(sql_st *st)
{
	return founded_day(st, INT_MIN);
}

int store_org_new_dated_from(store *s, int64_t stamp)
{
	return earliest_day(s, stamp,
			    "SELECT new FROM history WHERE id > ?1 AND tbl = 'org' AND op = 'insert'"
			    " ORDER BY id LIMIT " SPELL(CHANGES_LIMIT),
			    org_new_row_day);
}

/* store_org_closed_dated_from's day of an organisation's update (old, new): the earlier closing
 * date of one whose 覆盖企业 changed with its 撤销日期 (its links ended or revived on it); INT_MAX
 * for any other update. */
static int org_closed_row_day(sql_st *st)
{
	const char *old = sql_col_text(st, 0), *new = sql_col_text(st, 1);
	json_t *o = old ? json_loads(old, 0, NULL) : NULL, *n = new ? json_loads(new, 0, NULL) : NULL;
	int from = INT_MAX;
	if ((json_object_get(o, "covers") || json_object_get(n, "covers")) &&
	    (json_object_get(o, "closed") || json_object_get(n, "closed"))) {
		int a = closed_from(o), b = closed_from(n);
		from = a < b ? a : b;
	}
	json_decref(o);
	json_decref(n);
	return from;
}

int store_org_closed_dated_from(store *s, int64_t stamp)
{
	return earliest_day(s, stamp,
			    "SELECT old, new FROM history WHERE id > ?1 AND tbl = 'org' AND op = 'update'"
			    " ORDER BY id LIMIT " SPELL(CHANGES_LIMIT),
			    org_closed_row_day);
}
