/* Rules and metrics on cases where each differs from its neighbours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/metrics.h"
#include "core/rules.h"
#include "util/date.h"

static rules_cfg cfg;

static int setup(void **state)
{
	(void)state;
	rules_defaults(&cfg);
	return 0;
}

static void defaults_and_settings(void **state)
{
	(void)state;
	assert_int_equal(cfg.min_employees, 10);
	assert_int_equal(cfg.min_formal_single, 3);
	assert_int_equal(cfg.joint_max_units, 5);
	assert_int_equal(cfg.term_branch_years, 3);
	assert_int_equal(cfg.term_committee_years, 5);
	rules_apply(&cfg, "scope.min_employees", "20");
	assert_int_equal(cfg.min_employees, 20);
	rules_apply(&cfg, "scope.min_employees", "abc"); /* ignored: settings are validated when written */
	assert_int_equal(cfg.min_employees, 20);
	rules_apply(&cfg, "no.such.key", "1");
}

static void scope(void **state)
{
	(void)state;
	assert_true(rules_in_scope(&cfg, 1, 1, 10));
	assert_false(rules_in_scope(&cfg, 1, 1, 9));  /* a 9-staff enterprise is not counted */
	assert_false(rules_in_scope(&cfg, 0, 1, 50)); /* not operating */
	assert_false(rules_in_scope(&cfg, 1, 0, 50)); /* no fixed site */
}

static void coverage_state(void **state)
{
	(void)state;
	assert_int_equal(rules_coverage_state(0, 0, 0), COV_UNCOVERED);
	assert_int_equal(rules_coverage_state(0, 0, 1), COV_AFFILIATED);
	assert_int_equal(rules_coverage_state(0, 1, 1), COV_JOINT);  /* joint wins over affiliated */
	assert_int_equal(rules_coverage_state(1, 1, 0), COV_SINGLE); /* covered twice: the first of single, joint, affiliated */
	assert_string_equal(rules_cov_name(COV_JOINT), "联合建");
}

static void recommend_and_kind(void **state)
{
	(void)state;
	assert_int_equal(rules_recommend(&cfg, 0), REC_INSTRUCTOR);
	assert_int_equal(rules_recommend(&cfg, 2), REC_JOINT);
	assert_int_equal(rules_recommend(&cfg, 3), REC_SINGLE);
	/* An instructor first: no formal member, none yet, from instructor.priority_employees (50). */
	assert_true(rules_instructor_priority(&cfg, 50, 0, 0));
	assert_false(rules_instructor_priority(&cfg, 49, 0, 0));
	assert_false(rules_instructor_priority(&cfg, 500, 1, 0));
	assert_false(rules_instructor_priority(&cfg, 500, 0, 1));
	assert_int_equal(rules_kind_allowed(&cfg, 49), KIND_BRANCH);
	assert_int_equal(rules_kind_allowed(&cfg, 50), KIND_GENERAL_BRANCH);
	assert_int_equal(rules_kind_allowed(&cfg, 99), KIND_GENERAL_BRANCH);
	assert_int_equal(rules_kind_allowed(&cfg, 100), KIND_COMMITTEE);
	assert_false(rules_committee_required(&cfg, KIND_BRANCH, 6));
	assert_true(rules_committee_required(&cfg, KIND_BRANCH, 7));
	assert_true(rules_committee_required(&cfg, KIND_GENERAL_BRANCH, 3));
	assert_int_equal(rules_kind_parse("党总支"), KIND_GENERAL_BRANCH);
	assert_int_equal(rules_kind_parse("党小组"), KIND_UNKNOWN);
}

static void terms(void **state)
{
	(void)state;
	int start = date_from_ymd(2021, 3, 1);
	assert_int_equal(rules_term_end(&cfg, KIND_BRANCH, start), date_from_ymd(2024, 3, 1));
	assert_int_equal(rules_term_end(&cfg, KIND_COMMITTEE, start), date_from_ymd(2026, 3, 1));
	assert_int_equal(rules_term_end(&cfg, KIND_BRANCH, date_from_ymd(2020, 2, 29)), date_from_ymd(2023, 2, 28));
}

static void rates(void **state)
{
	(void)state;
	assert_int_equal(metrics_rate(2, 3), 667);   /* 66.67 → 66.7 */
	assert_int_equal(metrics_rate(1, 3), 333);
	assert_int_equal(metrics_rate(5, 16), 313);  /* 31.25 → 31.3: half up */
	assert_int_equal(metrics_rate(1, 8), 125);
	assert_int_equal(metrics_rate(7, 7), 1000);
	assert_int_equal(metrics_rate(0, 7), 0);
	assert_int_equal(metrics_rate(0, 0), -1);    /* an empty set has no rate */
	assert_int_equal(metrics_rate(1, 2000), 1);  /* 0.05 → 0.1 */
	assert_int_equal(metrics_rate(1, 2001), 0);  /* 0.04998 → 0.0 */
}

static ent_fact fact(int employees, int formal, int single, int joint, int affiliated)
{
	ent_fact f;
	memset(&f, 0, sizeof f);
	f.operating = f.fixed_site = 1;
	f.employees = employees;
	f.formal = formal;
	f.cov_single = single;
	f.cov_joint = joint;
	f.cov_affiliated = affiliated;
	f.op_info = f.staff_info = f.investor = 1;
	return f;
}

static void metrics_neighbours(void **state)
{
	(void)state;
	metrics m;
	memset(&m, 0, sizeof m);
	ent_fact a = fact(20, 1, 0, 0, 1);  /* 挂靠 */
	ent_fact b = fact(20, 1, 0, 1, 0);  /* joint */
	ent_fact c = fact(9, 3, 1, 0, 0);   /* 9 staff with its own branch: not counted */
	ent_fact d = fact(30, 4, 1, 1, 0);  /* covered twice: counts once, as single */
	ent_fact e = fact(60, 0, 0, 0, 0);  /* no members, instructor */
	e.instructors = 1;
	e.no_org_reason = 1;                /* 五清 complete: it says why there is no organisation */
	ent_fact g = fact(15, 3, 0, 1, 0);  /* needs its own, is in a joint branch */
	g.op_info = 0;                      /* and its 五清 is incomplete */
	ent_fact h = fact(25, 0, 0, 0, 0);  /* uncovered without reason: incomplete */
	ent_fact *all[] = {&a, &b, &c, &d, &e, &g, &h};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		metrics_add_enterprise(&m, &cfg, all[i]);
	metrics_finish(&m);
	assert_int_equal(m.enterprises_total, 7);
	assert_int_equal(m.enterprises_in_scope, 6);
	assert_int_equal(m.enterprises_with_members, 4);
	assert_int_equal(m.enterprises_required_single, 2);
	assert_int_equal(m.enterprises_covered_single, 1);
	assert_int_equal(m.enterprises_covered_joint, 2);
	assert_int_equal(m.enterprises_covered_affiliated, 1);
	assert_int_equal(m.enterprises_uncovered, 2);
	assert_int_equal(m.enterprises_with_instructor, 1);
	assert_int_equal(m.members_formal, 12);
	assert_int_equal(m.org_coverage_rate, 667);      /* 4 / 6 */
	assert_int_equal(m.single_rate, 167);            /* 1 / 6 */
	assert_int_equal(m.required_single_rate, 500);   /* 1 / 2 */
	assert_int_equal(m.work_coverage_rate, 833);     /* 5 / 6 */
	assert_int_equal(m.ledger_complete_rate, 667);   /* g and h incomplete: 4 / 6 */
	metrics_add_org(&m, "单独建", "党支部");
	metrics_add_org(&m, "联合建", "党支部");
	metrics_add_org(&m, "单独建", "党委");
	metrics_add_org(&m, "上级机关", "党委"); /* leadership bodies cover no enterprise */
	assert_int_equal(m.orgs_total, 3);
	assert_int_equal(m.orgs_single, 2);
	assert_int_equal(m.orgs_committee, 1);
	assert_int_equal(m.orgs_branch, 2);
}

/* The party-work rates come from their counts in metrics_finish: an empty set is null (not 0 %,
 * not 100 %), the average is half up like every rate, and the value kinds print as they should. */
static void party_rates(void **state)
{
	(void)state;
	metrics m;
	memset(&m, 0, sizeof m);
	metrics_finish(&m);
	assert_int_equal(m.life_compliance_rate, -1);
	assert_int_equal(m.study_hours_avg, -1);
	assert_int_equal(m.study_hours_met_rate, -1);
	assert_int_equal(m.instructor_visit_compliance_rate, -1);
	m.life_orgs_checked = 5;
	m.life_orgs_compliant = 1;
	m.study_members = 22;
	m.study_tenths = 275; /* 27.5 hours: 1.25 on average, shown 1.3 */
	m.study_met = 2;
	m.visit_asg_checked = 2;
	metrics_finish(&m);
	assert_int_equal(m.life_compliance_rate, 200);
	assert_int_equal(m.study_hours_avg, 13);
	assert_int_equal(m.study_hours_met_rate, 91);
	assert_int_equal(m.instructor_visit_compliance_rate, 0); /* checked, none compliant: 0 %, not null */
	assert_int_equal(metrics_key_named("study_hours_avg")->is_rate, METRIC_TENTHS);
	assert_int_equal(metrics_key_named("study_hours_met_rate")->is_rate, METRIC_RATE);
	assert_int_equal(metrics_key_named("meetings_held")->is_rate, METRIC_COUNT);
	assert_int_equal(metrics_value(&m, metrics_key_named("study_hours_avg")), 13);
}

static void keys(void **state)
{
	(void)state;
	size_t n;
	const metric_key *k = metrics_keys(&n);
	static const char *const CONTRACT[] = {
		"enterprises_total", "enterprises_operating", "enterprises_in_scope", "enterprises_with_members",
		"enterprises_required_single", "enterprises_covered_single", "enterprises_covered_joint",
		"enterprises_covered_affiliated", "enterprises_uncovered", "orgs_total", "orgs_single", "orgs_joint",
		"orgs_affiliated", "orgs_committee", "orgs_general_branch", "orgs_branch", "instructors_dispatched",
		"enterprises_with_instructor", "members_formal", "members_probationary", "org_coverage_rate",
		"single_rate", "required_single_rate", "work_coverage_rate", "ledger_complete_rate",
		/* party-work.md §7, §1–3 */
		"life_orgs_checked", "life_orgs_compliant", "life_compliance_rate", "meetings_held", "themed_days_held",
		"party_lessons_held", "study_hours_avg", "study_hours_met_rate", "secretaries_total",
		"secretaries_dual_strong", "secretaries_trained", "instructor_visits", "instructor_visit_compliance_rate",
		"trainings_held", "training_participants", "investors_trained",
		/* party-work.md §7, §4 */
		"dev_applicants", "dev_activists", "dev_targets", "developed_in_year", "dev_records_with_violations",
		"transfers_in", "transfers_out", "transfers_pending", "members_mobile", "members_lost",
		/* party-work.md §7: dues */
		"dues_due", "dues_paid", "dues_paid_rate", "members_dues_6_months",
		/* party-work.md §7: campaigns */
		"campaign_tasks", "campaign_tasks_done",
		/* party-work.md §7: roster cross-match */
		"pocket_candidates", "hidden_candidates", "unregistered_candidates",
		/* party-work.md §7: funding */
		"funding_awards", "funding_award_min", "funding_award_max", "funding_subsidies", "funding_subsidised_orgs",
		/* party-work.md §7: ratings */
		"orgs_rated", "orgs_star_5", "orgs_star_4", "orgs_star_3", "orgs_star_2", "orgs_star_1",
		"orgs_star_vetoed", "orgs_rated_in_year",
		/* party-work.md §7: recognition (亮身份, venues) */
		"members_disclosed", "disclosed_rate", "designations_model_post", "designations_vanguard_post",
		"designations_responsibility_area", "venues_standard", "venue_standard_rate", "open_bases",
		/* the dashboard's 应建未建 card */
		"enterprises_unbuilt"};
	assert_int_equal(n, sizeof CONTRACT / sizeof CONTRACT[0]);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(k[i].key, CONTRACT[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(defaults_and_settings, setup), cmocka_unit_test_setup(scope, setup),
		cmocka_unit_test_setup(coverage_state, setup),	      cmocka_unit_test_setup(recommend_and_kind, setup),
		cmocka_unit_test_setup(terms, setup),		      cmocka_unit_test_setup(rates, setup),
		cmocka_unit_test_setup(metrics_neighbours, setup),    cmocka_unit_test_setup(keys, setup),
		cmocka_unit_test_setup(party_rates, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
