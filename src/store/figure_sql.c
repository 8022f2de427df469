/* The statistics' rules as SQL functions, so that a list behind a figure filters with the very
 * C functions the figure is counted with (core/metrics.h metrics_ent_sets, core/rules.h), never a
 * copy of them in SQL; and the rules' thresholds as the settings set them. */
#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"
#include "core/settings.h"
#include "store/store_int.h"

static void apply_rules(void *c, const char *key, const char *value)
{
	rules_apply(c, key, value);
}

void store_rules(store *s, rules_cfg *c)
{
	rules_defaults(c);
	store_settings_each(s, apply_rules, c);
}

static int arg_int(sqlite3_value *v)
{
	return sqlite3_value_type(v) == SQLITE_NULL ? 0 : sqlite3_value_int(v);
}

/* fg_ent_sets(operating, fixed_site, employees, formal, cov_state, instructors, op_info,
 * staff_info, investor, no_org_reason, min_employees, min_formal_single): metrics_ent_sets of an
 * enterprise with these facts (cov_state as rules.h numbers it; the 五清 fields as 1 when
 * filled), under these thresholds. */
static void ent_sets_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int cov = arg_int(argv[4]);
	ent_fact f = {
		.operating = (unsigned char)(arg_int(argv[0]) != 0),
		.fixed_site = (unsigned char)(arg_int(argv[1]) != 0),
		.employees = arg_int(argv[2]),
		.formal = arg_int(argv[3]),
		.cov_single = cov == COV_SINGLE,
		.cov_joint = cov == COV_JOINT,
		.cov_affiliated = cov == COV_AFFILIATED,
		.instructors = arg_int(argv[5]),
		.op_info = (unsigned char)(arg_int(argv[6]) != 0),
		.staff_info = (unsigned char)(arg_int(argv[7]) != 0),
		.investor = (unsigned char)(arg_int(argv[8]) != 0),
		.no_org_reason = (unsigned char)(arg_int(argv[9]) != 0),
	};
	rules_cfg c;
	rules_defaults(&c);
	c.min_employees = arg_int(argv[10]);
	c.min_formal_single = arg_int(argv[11]);
	sqlite3_result_int(cx, (int)metrics_ent_sets(&c, &f));
}

/* fg_cov_state(single, joint, affiliated): rules_coverage_state of the active covering
 * organisations counted by mode. */
static void cov_state_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(cx, (int)rules_coverage_state(arg_int(argv[0]), arg_int(argv[1]), arg_int(argv[2])));
}

int store_figure_functions_register(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
	int rc = sqlite3_create_function(db, "fg_ent_sets", 12, flags, NULL, ent_sets_fn, NULL, NULL);
	return rc ? rc : sqlite3_create_function(db, "fg_cov_state", 3, flags, NULL, cov_state_fn, NULL, NULL);
}
