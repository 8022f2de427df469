/* The totals kept on write (meeting_tally, member_hours, the member links of secretaries and
 * participants) against the records they sum: after every kind of change a ledger keeper makes —
 * a meeting's hours and attendees corrected, a study record's hours changed, a meeting added, a
 * member recorded after the secretary and participant they are — the figures read from the totals
 * equal the figures read from every record. Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district.h"
#include "report/facts.h"
#include "report/party.h"

static char dir[] = "/tmp/fgdj-test-party-totals-XXXXXX";
static store *db;
static int today;

static void import_csv(const char *kind, const char *path)
{
	fg_err e;
	import_opts o = {.path = path, .who = "test", .today = today};
	import_result r;
	int rc = import_file(db, ledger_by_name(kind), &o, &r, &e);
	if (rc != FG_OK)
		fprintf(stderr, "%s: %s\n", path, e.msg);
	import_result_free(&r);
	assert_int_equal(rc, FG_OK);
}

/* Writes text to dir/name and imports it as kind. */
static void import_text(const char *kind, const char *name, const char *text)
{
	char path[300];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	import_csv(kind, path);
}

static int setup(void **state)
{
	(void)state;
	if (district_open(dir, "t.db", &db, &today))
		return -1;
	static const char *const kinds[] = {"meetings", "study", "secretaries", "visits", "trainings", "trainees"};
	for (int k = 0; k < 6; k++) {
		char path[300];
		snprintf(path, sizeof path, "tests/fixtures/party-figures/%s.csv", kinds[k]);
		import_csv(kinds[k], path);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return district_close(dir, db);
}

/* The party figures of the district today (every record is dated on or before it, so the totals
 * hold exactly the year so far) read both ways must agree in every field. */
static void compare_modes(void)
{
	int as_of = today;
	fg_err e;
	facts f;
	assert_int_equal(facts_load(db, NULL, as_of, &f, &e), FG_OK);
	party a, b;
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	assert_int_equal(party_load_mode(db, &f, &a, PARTY_TOTALS, &e), FG_OK);
	assert_int_equal(party_load_mode(db, &f, &b, PARTY_RECORDS, &e), FG_OK);
	store_read_end(db);
	assert_int_equal(a.norgs, b.norgs);
	assert_true(a.norgs > 0);
	for (size_t i = 0; i < a.norgs; i++) {
		const party_org *x = &a.orgs[i], *y = &b.orgs[i];
		assert_int_equal(x->id, y->id);
		assert_memory_equal(&x->held, &y->held, sizeof x->held);
		assert_int_equal(x->meetings, y->meetings);
		assert_int_equal(x->themed_days, y->themed_days);
		assert_int_equal(x->lessons, y->lessons);
		assert_int_equal(x->checked, y->checked);
		assert_int_equal(x->compliant, y->compliant);
	}
	assert_int_equal(a.nmembers, b.nmembers);
	int studied = 0;
	for (size_t i = 0; i < a.nmembers; i++) {
		assert_int_equal(a.members[i].tenths, b.members[i].tenths);
		assert_int_equal(a.members[i].met, b.members[i].met);
		assert_int_equal(a.members[i].cadre, b.members[i].cadre);
		studied += a.members[i].tenths > 0;
	}
	assert_true(studied > 0);
	party_free(&a);
	party_free(&b);
	facts_free(&f);
}

/* Members counted as cadres (current secretaries) on as_of. */
static int cadres_on(int as_of)
{
	fg_err e;
	facts f;
	assert_int_equal(facts_load(db, NULL, as_of, &f, &e), FG_OK);
	int n = 0;
	for (size_t i = 0; i < f.party.nmembers; i++)
		n += f.party.members[i].cadre;
	facts_free(&f);
	return n;
}

static void totals_follow_every_change(void **state)
{
	(void)state;
	compare_modes();
	/* A meeting's hours and attendees corrected (the key stays: organisation, kind, date, topic). */
	import_text("meetings", "m1.csv",
		    "党组织名称,活动类型,日期,主题,形式,学时,参加党员,缺席党员及原因,记录人\n"
		    "中共临江智造科技有限公司支部委员会,主题党日,2026-01-10,1月主题党日,轮班,3.5,330106196102020035,"
		    "330106196203030056：出差,\n");
	compare_modes();
	/* A study record's hours changed, and a new one. */
	import_text("study", "s1.csv",
		    "公民身份号码,姓名,日期,内容,学时\n"
		    "330106196102020035,张一,2026-05-01,书记履职专题自学,4.5\n"
		    "330106196203030056,张二,2026-11-20,学习二十届四中全会精神,6\n");
	compare_modes();
	/* A new meeting in a month that had none of its kind. */
	import_text("meetings", "m2.csv",
		    "党组织名称,活动类型,日期,主题,形式,学时,参加党员,缺席党员及原因,记录人\n"
		    "中共临江智造科技有限公司支部委员会,党课,2026-11-25,书记讲党课,集中,1.5,"
		    "330106196102020035；330106196203030056,,\n");
	compare_modes();
}

static void members_recorded_later_link(void **state)
{
	(void)state;
	/* 李小象 was secretary of the joint branch until 2026-05-01 without being in the roster. */
	int before = cadres_on(date_from_ymd(2026, 3, 31));
	import_text("members", "mem.csv",
		    "姓名,公民身份号码,人员类别,入党日期,转正日期,工作单位统一社会信用代码,所在党组织,组织关系状态,"
		    "是否亮明身份,联系电话\n"
		    "李小象,330106197501010517,正式党员,2000-07-01,2001-07-01,91330106MA20002702,东城街道幸福和平联合党支部,正常,否,\n");
	assert_int_equal(cadres_on(date_from_ymd(2026, 3, 31)), before + 1);
	compare_modes();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(totals_follow_every_change),
		cmocka_unit_test(members_recorded_later_link),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
