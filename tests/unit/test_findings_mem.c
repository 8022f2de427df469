/* What the findings keep (issue 12 goal 6: the web server keeps a city's 114,000 findings): one
 * copy of each different detail, the natural key read from the key's own bytes when the key ends
 * with it, no ref kept (computed from the key), 112 bytes a finding — and the same answers as
 * before: findings_lookup by key and by ref, the JSON's refs. Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district.h"
#include "report/check.h"
#include "report/check_int.h"
#include "report/crossmatch.h"
#include "store/finding_store.h"
#include "store/history_query.h"

static char dir[] = "/tmp/fgdj-test-findmem-XXXXXX";
static store *db;
static int today;

static int setup(void **state)
{
	(void)state;
	return district_open(dir, "f.db", &db, &today) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return district_close(dir, db);
}

static void findings_of(facts *f, findings *fs)
{
	fg_err e;
	memset(fs, 0, sizeof *fs);
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	assert_int_equal(facts_load(db, NULL, today, f, &e), FG_OK);
	assert_int_equal(check_run(db, f, 0, fs, &e), FG_OK);
	store_read_end(db);
}

static void size_of_a_finding(void **state)
{
	(void)state;
	assert_true(sizeof(finding) <= 80);
}

static void details_are_shared(void **state)
{
	(void)state;
	facts f;
	findings fs;
	findings_of(&f, &fs);
	assert_true(fs.n > 1);
	assert_null(fs.details); /* the computation's map is gone */
	size_t same = 0, shared = 0;
	for (size_t i = 0; i < fs.n; i++)
		for (size_t j = i + 1; j < fs.n; j++)
			if (strcmp(fs.v[i].detail, fs.v[j].detail) == 0) {
				same++;
				shared += fs.v[i].detail == fs.v[j].detail;
			}
	assert_int_equal(shared, same);
	findings_free(&fs);
	facts_free(&f);
	/* the texts' own: one copy a detail while the findings are computed, subjects each their own */
	findings t;
	memset(&t, 0, sizeof t);
	char *a = text_put_detail(&t, "正式党员 3 人，目前没有覆盖它的党组织");
	char *b = text_put_detail(&t, "正式党员 4 人，目前没有覆盖它的党组织");
	char *c = text_put_detail(&t, "正式党员 3 人，目前没有覆盖它的党组织");
	char *d = text_put(&t, "正式党员 3 人，目前没有覆盖它的党组织");
	assert_ptr_equal(a, c);
	assert_ptr_not_equal(a, b);
	assert_ptr_not_equal(a, d);
	assert_string_equal(c, "正式党员 3 人，目前没有覆盖它的党组织");
	assert_non_null(t.details);
	texts_done(&t);
	assert_null(t.details);
	texts_free(&t);
}

static void natural_key_within_the_key(void **state)
{
	(void)state;
	facts f;
	findings fs;
	findings_of(&f, &fs);
	size_t within = 0;
	for (size_t i = 0; i < fs.n; i++) {
		const finding *x = &fs.v[i];
		size_t kl = strlen(x->key), nl = strlen(x->natural);
		assert_null(x->item);
		assert_int_equal(x->natural_own, 0);
		/* the key is "rule/natural[/item]" */
		assert_int_equal(strncmp(x->key, x->rule->id, strlen(x->rule->id)), 0);
		if (nl)
			assert_non_null(strstr(x->key, x->natural));
		if (nl && strcmp(x->key + kl - nl, x->natural) == 0 && x->key[kl - nl - 1] == '/') {
			assert_ptr_equal(x->natural, x->key + kl - nl);
			within++;
		}
	}
	assert_true(within > 0);
	findings_free(&fs);
	facts_free(&f);
}

static void refs_from_the_key(void **state)
{
	(void)state;
	facts f;
	findings fs;
	findings_of(&f, &fs);
	buf b = {0};
	findings_json(&fs, &f, NULL, FS_ANY, 1, &b);
	for (size_t i = 0; i < fs.n; i++) {
		const finding *x = &fs.v[i];
		char ref[17], want[40];
		finding_ref(x->key, ref);
		assert_int_equal(strlen(ref), 16);
		snprintf(want, sizeof want, "\"ref\": \"%s\"", ref);
		assert_non_null(strstr(buf_cstr(&b), want));
		const finding *by_ref = findings_lookup(&fs, ref), *by_key = findings_lookup(&fs, x->key);
		assert_non_null(by_ref);
		assert_non_null(by_key);
		assert_string_equal(by_ref->key, x->key);
		assert_string_equal(by_key->key, x->key);
	}
	assert_null(findings_lookup(&fs, "0000000000000000"));
	buf_free(&b);
	findings_free(&fs);
	facts_free(&f);
}

/* check_patch with every enterprise found again (nothing changed): the same findings as check_run,
 * the new ones' texts in several blocks of 1 KiB (each an own block of out's beside prev's shared
 * ones: a patch whose texts fill more than one block once wrote past out's array of blocks). */
static void patch_over_several_blocks(void **state)
{
	(void)state;
	/* The enterprises' names made long (an update of the ledger): their findings' subjects fill
	 * more than one block. */
	char path[300], line[4096];
	snprintf(path, sizeof path, "%s/long.csv", dir);
	FILE *in = fopen(FIXTURE_DIR "enterprises.csv", "r"), *csv = fopen(path, "w");
	assert_non_null(in);
	assert_non_null(csv);
	for (int first = 1; fgets(line, sizeof line, in); first = 0) {
		char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		if (first || !c2) {
			fputs(line, csv);
			continue;
		}
		fprintf(csv, "%.*s", (int)(c2 - line), line);
		for (int k = 0; k < 200; k++)
			fputs("长", csv);
		fputs(c2, csv);
	}
	fclose(in);
	fclose(csv);
	import_opts o = {.path = path, .who = "test", .today = today};
	import_result r;
	fg_err e;
	assert_int_equal(import_file(db, ledger_by_name("enterprises"), &o, &r, &e), FG_OK);
	import_result_free(&r);

	facts f;
	findings prev, out;
	findings_of(&f, &prev);
	int64_t *ids = malloc((f.nents ? f.nents : 1) * sizeof *ids);
	for (size_t i = 0; i < f.nents; i++)
		ids[i] = f.ents[i].id;
	assert_int_equal(check_patch(db, &f, &prev, ids, f.nents, STORE_ENT_INDUSTRY, &out, &e), FG_OK);
	assert_true(out.nblocks >= prev.nblocks + 2);
	assert_int_equal(out.n, prev.n);
	for (size_t i = 0; i < prev.n; i++) {
		assert_string_equal(out.v[i].key, prev.v[i].key);
		assert_string_equal(out.v[i].detail, prev.v[i].detail);
		assert_string_equal(out.v[i].subject, prev.v[i].subject);
		assert_string_equal(out.v[i].natural, prev.v[i].natural);
		assert_int_equal(out.v[i].natural_own, 0);
	}
	assert_null(out.details);
	/* either may go first: the blocks are counted */
	findings_free(&prev);
	for (size_t i = 0; i < out.n; i++)
		assert_non_null(out.v[i].key);
	findings_free(&out);
	free(ids);
	facts_free(&f);
}

/* The findings' subjects: read one by one as they are named (whole or not: no table of the whole
 * city's enterprises and members), the small tables whole in one pass — the same labels, names,
 * places either way, for every record, for ids past the table's largest and for ids of no record,
 * asked for in any order and again. */
static void subjects_whole_or_not(void **state)
{
	(void)state;
	fg_err e;
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	store_subjects *w = NULL, *o = NULL;
	assert_int_equal(store_subjects_open(db, 1, &w, &e), FG_OK);
	assert_int_equal(store_subjects_open(db, 0, &o, &e), FG_OK);
	buf a = {0}, b = {0}, a2 = {0}, b2 = {0}, a3 = {0}, b3 = {0};
	int named = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int64_t k = 0; k < 400; k++) {
			int64_t id = pass ? 400 - k : k; /* backwards the second time: read already */
			buf_reset(&a);
			buf_reset(&b);
			store_subject_ent_label(w, id, &a);
			store_subject_ent_label(o, id, &b);
			assert_string_equal(buf_cstr(&a), buf_cstr(&b));
			named += a.len > 0;
			buf_reset(&a);
			buf_reset(&b);
			store_subject_ent_uscc(w, id, &a);
			store_subject_ent_uscc(o, id, &b);
			assert_string_equal(buf_cstr(&a), buf_cstr(&b));
			buf_reset(&a);
			buf_reset(&b);
			buf_reset(&a2);
			buf_reset(&b2);
			store_subject_member_names(w, id, &a, &a2);
			store_subject_member_names(o, id, &b, &b2);
			assert_string_equal(buf_cstr(&a), buf_cstr(&b));
			assert_string_equal(buf_cstr(&a2), buf_cstr(&b2));
			buf_reset(&a);
			buf_reset(&b);
			store_subject_ins_label(w, id, &a);
			store_subject_ins_label(o, id, &b);
			assert_string_equal(buf_cstr(&a), buf_cstr(&b));
			for (int kind = FK_ENT; kind <= FK_INSTRUCTOR; kind++) {
				buf_reset(&a);
				buf_reset(&b);
				buf_reset(&a2);
				buf_reset(&b2);
				buf_reset(&a3);
				buf_reset(&b3);
				int64_t pa = 0, pb = 0;
				int64_t x = store_finding_subject(w, (finding_kind)kind, id, NULL, k % 7, &a, &pa);
				int64_t y = store_finding_subject(o, (finding_kind)kind, id, NULL, k % 7, &b, &pb);
				assert_int_equal(x, y);
				assert_int_equal(pa, pb);
				store_subject_place(w, pa, &a2, &a3);
				store_subject_place(o, pb, &b2, &b3);
				assert_string_equal(buf_cstr(&a), buf_cstr(&b));
				assert_string_equal(buf_cstr(&a2), buf_cstr(&b2));
				assert_string_equal(buf_cstr(&a3), buf_cstr(&b3));
			}
		}
	assert_true(named > 10);
	/* an id far past every table's largest: nothing, and the index grows to hold it */
	buf_reset(&a);
	store_subject_ent_label(w, 5000000, &a);
	store_subject_member_names(w, 5000000, &a, &a2);
	assert_int_equal(a.len, 0);
	buf_free(&a);
	buf_free(&b);
	buf_free(&a2);
	buf_free(&b2);
	buf_free(&a3);
	buf_free(&b3);
	store_subjects_free(w);
	store_subjects_free(o);
	store_read_end(db);
}

/* facts_patch_taking (the web server's kept facts): moving prev's arrays gives the same facts as
 * copying them — from a value that owns all (facts_load's: out owns all, prev left empty) and from a
 * patched value (its own copies move, the rest stays shared) — and each frees cleanly (ASan). */
static void same_facts(const facts *x, const facts *y)
{
	assert_int_equal(x->nents, y->nents);
	assert_memory_equal(x->ents, y->ents, x->nents * sizeof *x->ents);
	assert_int_equal(x->max_ent, y->max_ent);
	assert_memory_equal(x->idx, y->idx, ((size_t)x->max_ent + 1) * sizeof *x->idx);
	assert_int_equal(x->nmembers, y->nmembers);
	assert_memory_equal(x->members, y->members, x->nmembers * sizeof *x->members);
	assert_int_equal(x->nlinks, y->nlinks);
	assert_memory_equal(x->links, y->links, x->nlinks * sizeof *x->links);
	assert_int_equal(x->party.nmembers, y->party.nmembers);
	assert_memory_equal(x->party.members, y->party.members, x->party.nmembers * sizeof *x->party.members);
	assert_int_equal(x->party.norgs, y->party.norgs);
	assert_memory_equal(x->party.orgs, y->party.orgs, x->party.norgs * sizeof *x->party.orgs);
	assert_int_equal(x->party.max_org, y->party.max_org);
	assert_memory_equal(x->party.org_at, y->party.org_at, ((size_t)x->party.max_org + 1) * sizeof *x->party.org_at);
	assert_true(x->party.any_meeting == y->party.any_meeting && x->party.any_study == y->party.any_study);
	assert_true(x->party.any_secretary == y->party.any_secretary && x->party.any_development == y->party.any_development);
	assert_int_equal(x->party.any_visit, y->party.any_visit);
	assert_int_equal(x->party.nvisits, y->party.nvisits);
	for (size_t i = 0; i < x->party.nvisits; i++) {
		const party_visit *a = &x->party.visits[i], *b = &y->party.visits[i];
		assert_true(a->instructor == b->instructor && a->ent == b->ent && a->day == b->day && a->roles == b->roles);
	}
	assert_int_equal(x->party.nasgs, y->party.nasgs);
	for (size_t i = 0; i < x->party.nasgs; i++) { /* by field: their padding is not written */
		const party_asg *a = &x->party.asgs[i], *b = &y->party.asgs[i];
		assert_true(a->instructor == b->instructor && a->ent == b->ent);
		assert_true(a->vy.year == b->vy.year && a->vy.as_of == b->vy.as_of && a->vy.checked == b->vy.checked);
		assert_true(a->vy.compliant == b->vy.compliant && a->vy.nmissing == b->vy.nmissing);
		assert_memory_equal(a->vy.missing, b->vy.missing, (size_t)a->vy.nmissing);
		for (int q = 0; q < 4; q++)
			assert_true(a->vy.quarter[q].held == b->vy.quarter[q].held &&
				    a->vy.quarter[q].state == b->vy.quarter[q].state &&
				    a->vy.quarter[q].checked == b->vy.quarter[q].checked);
	}
	assert_int_equal(x->party.nsecs, y->party.nsecs);
	assert_memory_equal(x->party.secs, y->party.secs, x->party.nsecs * sizeof *x->party.secs);
	assert_int_equal(x->party.nlates, y->party.nlates);
	for (size_t i = 0; i < x->party.nlates; i++) {
		const party_late *a = &x->party.lates[i], *b = &y->party.lates[i];
		assert_true(a->org == b->org && a->member == b->member && a->in == b->in && a->letter == b->letter);
		assert_string_equal(a->idno ? a->idno : "", b->idno ? b->idno : "");
		assert_string_equal(a->other ? a->other : "", b->other ? b->other : "");
	}
	for (size_t o = 0; o < x->party.norgs; o++)
		assert_int_equal(x->party.orgs[o].transfers_pending, y->party.orgs[o].transfers_pending);
	assert_int_equal(x->party.ndevs, y->party.ndevs);
	for (size_t i = 0; i < x->party.ndevs; i++) {
		const party_dev *a = &x->party.devs[i], *b = &y->party.devs[i];
		assert_true(a->ent == b->ent && a->stage == b->stage && a->broken == b->broken && a->in_year == b->in_year);
		assert_string_equal(a->detail ? a->detail : "", b->detail ? b->detail : "");
		assert_string_equal(a->idno ? a->idno : "", b->idno ? b->idno : "");
	}
	assert_int_equal(x->party.ncamps, y->party.ncamps);
	for (size_t i = 0; i < x->party.ncamps; i++) {
		const party_campaign *a = &x->party.camps[i], *b = &y->party.camps[i];
		assert_true(a->id == b->id && a->tasks == b->tasks && a->done == b->done && a->findings == b->findings);
		assert_string_equal(a->name, b->name);
		assert_string_equal(a->range ? a->range : "", b->range ? b->range : "");
	}
	assert_int_equal(x->party.ntasks, y->party.ntasks);
	for (size_t i = 0; i < x->party.ntasks; i++) {
		const party_task *a = &x->party.tasks[i], *b = &y->party.tasks[i];
		assert_true(a->ent == b->ent && a->campaign == b->campaign && a->done == b->done && a->overdue == b->overdue);
	}
	assert_int_equal(x->party.nfunding_outs, y->party.nfunding_outs);
	for (size_t i = 0; i < x->party.nfunding_outs; i++) {
		const party_funding_out *a = &x->party.funding_outs[i], *b = &y->party.funding_outs[i];
		assert_true(a->org == b->org && a->day == b->day);
		assert_string_equal(a->detail, b->detail);
	}
	assert_int_equal(x->party.ndesigs, y->party.ndesigs);
	for (size_t i = 0; i < x->party.ndesigs; i++) { /* by field: their padding is not written */
		const party_desig *a = &x->party.desigs[i], *b = &y->party.desigs[i];
		assert_true(a->id == b->id && a->ent == b->ent && a->kind == b->kind);
	}
	assert_int_equal(x->party.any_venue, y->party.any_venue);
	assert_int_equal(x->party.nxms, y->party.nxms);
	for (size_t i = 0; i < x->party.nxms; i++) /* by field: their padding is not written */
		assert_true(x->party.xms[i].ent == y->party.xms[i].ent && x->party.xms[i].cls == y->party.xms[i].cls);
	assert_int_equal(x->party.nparts, y->party.nparts);
	for (size_t i = 0; i < x->party.nparts; i++) {
		const party_part *a = &x->party.parts[i], *b = &y->party.parts[i];
		assert_true(a->training == b->training && a->person == b->person && a->ent == b->ent);
	}
	assert_int_equal(x->party.npersons, y->party.npersons);
	for (size_t i = 0; i < x->party.npersons; i++)
		assert_string_equal(x->party.person_keys[i], y->party.person_keys[i]);
	assert_int_equal(x->party.ndues_diffs, y->party.ndues_diffs);
	for (size_t i = 0; i < x->party.ndues_diffs; i++) { /* by field: their padding is not written */
		const party_dues_diff *a = &x->party.dues_diffs[i], *b = &y->party.dues_diffs[i];
		assert_true(a->member == b->member && a->month == b->month && a->retired == b->retired);
		assert_true(a->base == b->base && a->recorded == b->recorded && a->rule == b->rule);
	}
	assert_string_equal(x->label ? x->label : "", y->label ? y->label : "");
}

/* text (a CSV file's, header and rows) written to dir/name.csv and imported into ledger: the rows
 * inserted and updated. */
static size_t import_text(const char *ledger, const char *name, const char *text)
{
	char path[300];
	snprintf(path, sizeof path, "%s/%s.csv", dir, name);
	FILE *csv = fopen(path, "w");
	assert_non_null(csv);
	fputs(text, csv);
	fclose(csv);
	import_opts o = {.path = path, .who = "test", .today = today};
	import_result r;
	fg_err e;
	int rc = import_file(db, ledger_by_name(ledger), &o, &r, &e);
	if (rc != FG_OK)
		fprintf(stderr, "%s: %s\n", name, e.msg);
	assert_int_equal(rc, FG_OK);
	size_t n = r.inserted + r.updated;
	import_result_free(&r);
	return n;
}

/* Two development records: a development object talked to two months after its application and short
 * of its 集中培训学时 (a broken record: its name, ID number and detail held as texts) and an applicant;
 * and a late transfer. */
static void devs_import(void)
{
	import_text("development", "dev",
		    "姓名,公民身份号码,工作单位统一社会信用代码,所在党组织,申请日期,谈话日期,确定积极分子日期,确定发展对象日期,"
		    "政审日期,公示开始日期,公示结束日期,支部大会日期,上级批准日期,转正日期,推荐方式,培养联系人,集中培训学时,"
		    "延长预备期（月）,是否双培\n"
		    "测试甲,33010619900101123X,91330106MA20002702,东城街道幸福和平联合党支部,2024-01-10,2024-03-20,2024-04-01,"
		    "2025-06-01,,,,,,,双推,330106196102020035,2,,否\n"
		    "测试乙,330106199202022349,91330106MA20002702,东城街道幸福和平联合党支部,2026-10-01,,,,,,,,,,,,,,否\n");
	/* and a transfer out pending since June (a late one: its member's name and ID number as texts) */
	import_text("transfers", "transfer",
		    "公民身份号码,姓名,方向,本方党组织,对方党组织,介绍信日期,办结日期\n"
		    "330106196102020035,张一,转出,中共临江智造科技有限公司支部委员会,中共测试市某某党委,2026-06-01,\n");
	/* and the campaigns with their tasks (their names and leads held as texts; overdue tasks) */
	/* and the ratings (their rubric first), funding, venues and designations (an award out of its
	 * stars' range: its message held as a text), the secretaries, trainings and trainees (the
	 * trainees' keys held as texts) */
	static const char *const more[][2] = {{"campaigns", "campaigns/campaigns.csv"}, {"tasks", "campaigns/tasks.csv"},
					     {"rubric", "ratings/rubric.csv"},	  {"ratings", "ratings/ratings_2024.csv"},
					     {"funding", "funding/funding.csv"},	  {"venues", "recog/venues.csv"},
					     {"designations", "recog/designations.csv"},
					     {"secretaries", "party-figures/secretaries.csv"},
					     {"trainings", "party-figures/trainings.csv"},
					     {"trainees", "party-figures/trainees.csv"},
					     {"rosters", "rosters/rosters.csv"}};
	for (size_t k = 0; k < sizeof more / sizeof more[0]; k++) {
		char path[300];
		snprintf(path, sizeof path, "tests/fixtures/%s", more[k][1]);
		import_opts o = {.path = path, .who = "test", .today = today};
		import_result r;
		fg_err e;
		assert_int_equal(import_file(db, ledger_by_name(more[k][0]), &o, &r, &e), FG_OK);
		import_result_free(&r);
	}
}

static void patch_taking_equals_copying(void **state)
{
	(void)state;
	fg_err e;
	facts a, b;
	devs_import();
	assert_int_equal(facts_load(db, NULL, today, &a, &e), FG_OK);
	assert_int_equal(facts_load(db, NULL, today, &b, &e), FG_OK);
	/* nothing, the hours, the visits, both, the development records, with the hours, the
	 * secretaries, with the development records, the transfers, with the secretaries, the
	 * campaigns' tasks, with the development records and the visits, the ratings, funding,
	 * designations and venues, with the tasks and the secretaries, the trainings, with the
	 * development records, a new organisation (the organisations' index made again), with the
	 * ratings; then nothing again over values owning their copies */
	static const store_fields rounds[] = {0, STORE_PARTY_HOURS, STORE_PARTY_VISITS, STORE_PARTY_HOURS | STORE_PARTY_VISITS,
					  STORE_PARTY_DEV, STORE_PARTY_DEV | STORE_PARTY_HOURS, STORE_PARTY_SEC,
					  STORE_PARTY_SEC | STORE_PARTY_DEV, STORE_PARTY_TRANSFER,
					  STORE_PARTY_TRANSFER | STORE_PARTY_SEC, STORE_PARTY_TASK,
					  STORE_PARTY_TASK | STORE_PARTY_DEV | STORE_PARTY_VISITS, STORE_PARTY_RECOG,
					  STORE_PARTY_RECOG | STORE_PARTY_TASK | STORE_PARTY_SEC, STORE_PARTY_TRAINING,
					  STORE_PARTY_TRAINING | STORE_PARTY_DEV,
					  STORE_ORG | STORE_ORG_COVER | STORE_ORG_NEW,
					  STORE_ORG | STORE_ORG_COVER | STORE_ORG_NEW | STORE_PARTY_RECOG, STORE_ROSTER,
					  STORE_ROSTER | STORE_PARTY_TASK | STORE_PARTY_DEV, 0};
	assert_int_equal(a.party.ndevs, 2);
	/* the broken one's texts, to be owned and moved */
	assert_true(a.party.devs[0].broken || a.party.devs[1].broken);
	assert_int_equal(a.party.nlates, 1);
	assert_true(a.party.ncamps >= 2 && a.party.ntasks > 0);
	assert_true(a.party.nfunding_outs > 0 && a.party.ndesigs > 0 && a.party.any_venue);
	assert_true(a.party.nparts > 0 && a.party.npersons > 0 && a.party.nsecs > 0);
	assert_true(a.party.nxms > 0);
	assert_non_null(a.party.devs[a.party.devs[0].broken ? 0 : 1].detail);
	for (size_t round = 0; round < sizeof rounds / sizeof rounds[0]; round++) {
		store_fields fields = rounds[round];
		facts pa, pb;
		int ra = facts_patch(db, &a, NULL, 0, fields, &pa, &e);
		if (ra == FACTS_REDO && (fields & STORE_PARTY_HOURS)) /* the hours not exact from the totals here */
			continue;
		assert_int_equal(ra, FG_OK);
		/* b owns all: everything moves, b is left empty, pb owns all */
		assert_int_equal(facts_patch_taking(db, &b, 1, NULL, 0, fields, &pb, &e), FG_OK);
		assert_null(b.ents);
		assert_null(b.party.members);
		same_facts(&pa, &pb);
		/* a patched value's own copies move into the next patch */
		facts pc, pd;
		assert_int_equal(facts_patch_taking(db, &pa, 0, NULL, 0, fields, &pc, &e), FG_OK);
		assert_int_equal(facts_patch(db, &pb, NULL, 0, fields, &pd, &e), FG_OK);
		same_facts(&pc, &pd);
		facts_patch_free(&pd);
		facts_patch_free(&pa); /* what it kept: its enterprises moved, its hours' and visits' copies moved */
		facts_patch_free(&pc);
		facts_free(&b);
		b = pb; /* owns all */
	}
	facts_free(&a);
	facts_free(&b);
}

/* A visit (instructor, unit, enterprise, date) imported as a new record or an update. */
static void visit_import(const char *instructor, const char *unit, const char *uscc, const char *date,
			 const char *roles)
{
	char path[300];
	snprintf(path, sizeof path, "%s/visit.csv", dir);
	FILE *csv = fopen(path, "w");
	assert_non_null(csv);
	fprintf(csv, "指导员姓名,派出单位,企业统一社会信用代码,走访日期,发挥作用,走访内容\n%s,%s,%s,%s,%s,测试走访\n",
		instructor, unit, uscc, date, roles);
	fclose(csv);
	import_opts o = {.path = path, .who = "test", .today = today};
	import_result r;
	fg_err e;
	assert_int_equal(import_file(db, ledger_by_name("visits"), &o, &r, &e), FG_OK);
	assert_int_equal(r.inserted + r.updated, 1);
	import_result_free(&r);
}

/* The same findings, one for one, in the same order. */
static void same_findings(const findings *x, const findings *y)
{
	assert_int_equal(x->n, y->n);
	for (size_t i = 0; i < x->n; i++) {
		assert_string_equal(x->v[i].key, y->v[i].key);
		assert_string_equal(x->v[i].subject, y->v[i].subject);
		assert_string_equal(x->v[i].detail, y->v[i].detail);
	}
}

/* Writes of visit records alone (STORE_PARTY_VISITS): store_changes_since says so; facts_patch
 * reads the visits and the assignments' quarters again — the same as facts_load's — and check_patch
 * keeps or finds again the visit_missing findings — the same as check_run's —, over a chain of
 * patched values: the first visit in the ledger (the rule applies from then on: findings of both
 * instructors appear), a visit that fills a missing quarter (its finding goes), an update of a
 * visit (its 四员 roles: the date in the key only). A visit of last year is not patched. */
static void visits_patch_equals_fresh(void **state)
{
	(void)state;
	fg_err e;
	facts f;
	findings fs;
	findings_of(&f, &fs);
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	size_t vm = (size_t)(check_rule_find("visit_missing") - rules);
	static const struct {
		const char *ins, *unit, *uscc, *date, *roles;
		int changes;
	} steps[] = {
		{"王指导", "光明社区", "91330106MA2000481H", "2026-02-10", "调研员", STORE_CHANGES_ENTS},
		{"王指导", "光明社区", "91330106MA2000481H", "2026-08-03", "宣传员", STORE_CHANGES_ENTS},
		{"王指导", "光明社区", "91330106MA2000481H", "2026-08-03", "调研员；督导员", STORE_CHANGES_ENTS},
		{"李指导", "东城街道", "91330106MA2000836J", "2026-05-20", "服务员", STORE_CHANGES_ENTS},
		{"李指导", "东城街道", "91330106MA2000836J", "2025-05-20", "服务员", STORE_CHANGES_OTHER},
	};
	size_t was = fs.per_rule[vm];
	assert_int_equal(was, 0); /* no visit in the ledger: the rule does not apply yet */
	for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
		int64_t stamp = store_history_last_id(db);
		visit_import(steps[k].ins, steps[k].unit, steps[k].uscc, steps[k].date, steps[k].roles);
		int64_t *ents;
		size_t nents;
		store_fields fields;
		assert_int_equal(store_read_begin(db, &e), FG_OK);
		int changes = store_changes_since(db, stamp, &ents, &nents, &fields);
		store_read_end(db);
		assert_int_equal(changes, steps[k].changes);
		facts fresh;
		findings ffs;
		findings_of(&fresh, &ffs);
		if (changes == STORE_CHANGES_ENTS) {
			assert_int_equal(fields, STORE_PARTY_VISITS);
			assert_int_equal(nents, 0);
			facts pf;
			assert_int_equal(facts_patch(db, &f, ents, nents, fields, &pf, &e), FG_OK);
			assert_true(pf.own_visits);
			same_facts(&pf, &fresh);
			findings out;
			assert_int_equal(check_patch(db, &pf, &fs, ents, nents, fields, &out, &e), FG_OK);
			same_findings(&out, &ffs);
			findings_free(&fs);
			fs = out;
			/* pf shares f's all but its own: f goes after it */
			facts pf2;
			assert_int_equal(facts_patch_taking(db, &pf, 0, NULL, 0, 0, &pf2, &e), FG_OK);
			facts_patch_free(&pf);
			same_facts(&pf2, &fresh);
			facts_patch_free(&pf2);
		}
		free(ents);
		size_t nv = ffs.per_rule[vm];
		if (k == 0)
			assert_true(nv >= 2); /* both instructors' missing quarters */
		if (k == 1)
			assert_int_equal(nv, was - 1); /* 王指导's third quarter visited */
		if (k == 2)
			assert_int_equal(nv, was); /* roles: no finding changes */
		was = nv;
		findings_free(&ffs);
		facts_free(&f);
		f = fresh;
	}
	findings_free(&fs);
	facts_free(&f);
}

static int link_cmp(const void *a, const void *b)
{
	const fact_link *x = a, *y = b;
	return x->ent != y->ent ? (x->ent > y->ent) - (x->ent < y->ent) : (x->owner > y->owner) - (x->owner < y->owner);
}

/* The same assignments (facts.asgs), in any order. */
static void same_asgs(const facts *x, const facts *y)
{
	assert_int_equal(x->nasgs, y->nasgs);
	fact_link *a = xmalloc((x->nasgs + 1) * sizeof *a), *b = xmalloc((x->nasgs + 1) * sizeof *b);
	memcpy(a, x->asgs, x->nasgs * sizeof *a);
	memcpy(b, y->asgs, x->nasgs * sizeof *b);
	qsort(a, x->nasgs, sizeof *a, link_cmp);
	qsort(b, x->nasgs, sizeof *b, link_cmp);
	for (size_t i = 0; i < x->nasgs; i++)
		assert_true(a[i].ent == b[i].ent && a[i].owner == b[i].owner);
	free(a);
	free(b);
}

/* What store_changes_since says of the writes after history id stamp (ents, nents, fields as it
 * gives them). */
static int changes_after(int64_t stamp, int64_t **ents, size_t *nents, store_fields *fields)
{
	fg_err e;
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	int changes = store_changes_since(db, stamp, ents, nents, fields);
	store_read_end(db);
	return changes;
}

/* One update of ledger, the CSV text (header and row) written to a file and imported: what
 * store_changes_since says of it (ents, nents, fields as it gives them). */
static int update_one(const char *ledger, const char *text, int64_t **ents, size_t *nents, store_fields *fields)
{
	int64_t stamp = store_history_last_id(db);
	assert_int_equal(import_text(ledger, "update", text), 1);
	return changes_after(stamp, ents, nents, fields);
}

/* f and fs patched after the writes store_changes_since gave as ents, nents and fields: the patched
 * facts and findings equal a fresh load's. out and ffs: the patched and the fresh findings, the
 * caller's to free (NULL: freed here). */
static void patched_is_fresh(const facts *f, const findings *fs, const int64_t *ents, size_t nents, store_fields fields,
			     findings *out, findings *ffs)
{
	fg_err e;
	facts fresh, pf;
	findings fresh_fs, out_fs;
	findings_of(&fresh, &fresh_fs);
	assert_int_equal(facts_patch(db, f, ents, nents, fields, &pf, &e), FG_OK);
	same_facts(&pf, &fresh);
	assert_int_equal(check_patch(db, &pf, fs, ents, nents, fields, &out_fs, &e), FG_OK);
	same_findings(&out_fs, &fresh_fs);
	facts_patch_free(&pf);
	facts_free(&fresh);
	if (out) {
		*out = out_fs;
		*ffs = fresh_fs;
	} else {
		findings_free(&out_fs);
		findings_free(&fresh_fs);
	}
}

/* An instructor's 指导企业 changed (STORE_INS_COVER): one enterprise added, then the first dropped —
 * each time the patched facts (the assignments, each enterprise's instructors, the year's
 * assignments with their quarters) and findings are a fresh load's. */
static void ins_cover_patch_equals_fresh(void **state)
{
	(void)state;
	static const char *const covers[] = {"91330106MA2000481H；91330106MA20002034", "91330106MA20002034"};
	for (size_t k = 0; k < 2; k++) {
		fg_err e;
		facts f, fresh;
		findings fs, ffs;
		findings_of(&f, &fs);
		char text[300];
		snprintf(text, sizeof text, "姓名,派出单位,联系电话,指导企业,派驻日期\n王指导,光明社区,13800000001,%s,2024-03-01\n",
			 covers[k]);
		int64_t *ents;
		size_t nents;
		store_fields fields;
		assert_int_equal(update_one("instructors", text, &ents, &nents, &fields), STORE_CHANGES_ENTS);
		assert_int_equal(fields, STORE_INS_COVER);
		/* the enterprises whose assignments started or ended today: the one added (k 0); then it
		 * and the one dropped (k 1) */
		assert_int_equal(nents, k + 1);
		findings_of(&fresh, &ffs);
		/* the year's assignments: one more (an assignment begun today is one of the year's, and
		 * one ended today still is) */
		assert_int_equal(fresh.party.nasgs, f.party.nasgs + (k == 0));
		facts pf;
		assert_int_equal(facts_patch(db, &f, ents, nents, fields, &pf, &e), FG_OK);
		same_facts(&pf, &fresh);
		same_asgs(&pf, &fresh);
		for (size_t i = 0; i < pf.nents; i++)
			assert_int_equal(pf.ents[i].instructors, fresh.ents[i].instructors);
		findings out;
		assert_int_equal(check_patch(db, &pf, &fs, ents, nents, fields, &out, &e), FG_OK);
		same_findings(&out, &ffs);
		free(ents);
		findings_free(&out);
		facts_patch_free(&pf);
		findings_free(&fs);
		findings_free(&ffs);
		facts_free(&f);
		facts_free(&fresh);
	}
}

/* An organisation moved (所属街道, 所属社区, 所属区域: STORE_ORG | STORE_ORG_PLACE), then given no
 * 上级党组织 (STORE_ORG alone), the enterprises it covers named each time; the leadership body, which
 * covers no enterprise, given another 书记姓名 (STORE_ORG | STORE_ORG_UNLINKED, no enterprise named):
 * the patched facts and findings — the organisation's own findings placed in its new community —
 * are a fresh load's. The organisation made to cover none is no such write (STORE_CHANGES_OTHER). */
static void org_moved_patch_equals_fresh(void **state)
{
	(void)state;
#define ORG_HEADER "党组织名称,组织类别,组建方式,上级党组织,覆盖企业,所属街道,所属社区,所属区域,成立日期,书记姓名,是否设支委会,支委会人数,本届任期开始\n"
	static const struct {
		const char *row;
		store_fields fields; /* 0: STORE_CHANGES_OTHER */
		size_t nents;        /* the enterprises named: those it covers */
	} steps[] = {
		{ORG_HEADER "东城街道幸福和平联合党支部,党支部,联合建,中共临江区非公有制企业委员会,91330106MA20002702；91330106MA2000342T,"
			    "西城街道,光明社区,科创园,2015-03-01,李小象,否,,2021-03-01\n",
		 STORE_ORG | STORE_ORG_PLACE, 2},
		{ORG_HEADER "东城街道幸福和平联合党支部,党支部,联合建,,91330106MA20002702；91330106MA2000342T,"
			    "西城街道,光明社区,科创园,2015-03-01,李小象,否,,2021-03-01\n",
		 STORE_ORG, 2},
		{ORG_HEADER "中共临江区非公有制企业委员会,党委,上级机关,,,,,,2012-01-01,区委组织部办公室,是,7,2022-01-01\n",
		 STORE_ORG | STORE_ORG_UNLINKED, 0},
		{ORG_HEADER "东城街道幸福和平联合党支部,党支部,联合建,,,西城街道,光明社区,科创园,2015-03-01,李小象,否,,2021-03-01\n", 0,
		 0}};
#undef ORG_HEADER
	for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
		facts f;
		findings fs, ffs;
		findings_of(&f, &fs);
		int64_t *ents;
		size_t nents;
		store_fields fields;
		int changes = update_one("orgs", steps[k].row, &ents, &nents, &fields);
		if (!steps[k].fields) {
			assert_int_equal(changes, STORE_CHANGES_OTHER);
		} else {
			assert_int_equal(changes, STORE_CHANGES_ENTS);
			assert_true(fields == steps[k].fields);
			assert_int_equal(nents, steps[k].nents);
			findings out;
			patched_is_fresh(&f, &fs, ents, nents, fields, &out, &ffs);
			size_t placed = 0;
			for (size_t i = 0; i < out.n; i++) {
				assert_string_equal(out.v[i].street, ffs.v[i].street);
				assert_string_equal(out.v[i].community, ffs.v[i].community);
				placed += strcmp(out.v[i].subject, "东城街道幸福和平联合党支部") == 0 &&
					  strcmp(out.v[i].community, "光明社区") == 0;
			}
			assert_true(placed > 0); /* the branch's own findings, in its new place */
			findings_free(&out);
			findings_free(&ffs);
		}
		free(ents);
		findings_free(&fs);
		facts_free(&f);
	}
}

/* The record key of ledger (enterprises: a credit code, members: an ID number) closed today (close 1;
 * `fgdj close`) or reopened (0): what store_changes_since says of it, as update_one. */
static int close_one(const char *ledger, const char *key, int close, int64_t **ents, size_t *nents, store_fields *fields)
{
	fg_err e;
	int64_t stamp = store_history_last_id(db);
	char day[11];
	date_format(today, day);
	assert_int_equal(store_begin(db, "test", close ? "close" : "reopen", &e), FG_OK);
	assert_int_equal(close ? store_close_record(db, ledger_by_name(ledger), key, day, "注销", today, &e)
			       : store_reopen_record(db, ledger_by_name(ledger), key, today, &e),
			 FG_OK);
	assert_int_equal(store_commit(db, &e), FG_OK);
	return changes_after(stamp, ents, nents, fields);
}

/* The record key of ledger closed today: store_changes_since gives the bits want (among others, not
 * STORE_ENT_CLOSED_BACK) and one enterprise (the one closed, the member's employer, or the one the
 * organisation covered); check(the facts before, a fresh load after, ctx) says what left; the patched
 * facts and findings are a fresh load's. */
static void close_patched(const char *ledger, const char *key, store_fields want,
			  void (*check)(const facts *before, const facts *after, const void *ctx), const void *ctx)
{
	facts f, fresh;
	findings fs, ffs;
	findings_of(&f, &fs);
	int64_t *ents;
	size_t nents;
	store_fields fields;
	assert_int_equal(close_one(ledger, key, 1, &ents, &nents, &fields), STORE_CHANGES_ENTS);
	assert_true((fields & want) == want && !(fields & STORE_ENT_CLOSED_BACK));
	assert_int_equal(nents, 1);
	findings_of(&fresh, &ffs);
	check(&f, &fresh, ctx);
	findings_free(&ffs);
	facts_free(&fresh);
	patched_is_fresh(&f, &fs, ents, nents, fields, NULL, NULL);
	free(ents);
	findings_free(&fs);
	facts_free(&f);
}

/* The enterprise key (closed) reopened: a STORE_ENT_REOPENING (not a closing) of it alone; the facts
 * patched from before it only when no other record names it (bare), else loaded afresh — the findings
 * patched on those equal to a fresh check's. */
static void reopen_patched(const char *key, int bare)
{
	facts f, fresh, pf;
	findings fs, ffs, out;
	fg_err e;
	findings_of(&f, &fs);
	int64_t *ents;
	size_t nents;
	store_fields fields;
	assert_int_equal(close_one("enterprises", key, 0, &ents, &nents, &fields), STORE_CHANGES_ENTS);
	assert_true((fields & STORE_ENT_REOPENING) && (fields & STORE_ENT_CLOSED) && !(fields & STORE_ENT_CLOSING));
	assert_int_equal(nents, 1);
	int rc = facts_patch(db, &f, ents, nents, fields, &pf, &e);
	assert_int_equal(rc, bare ? FG_OK : FACTS_REDO);
	if (rc == FG_OK)
		facts_patch_free(&pf);
	findings_of(&fresh, &ffs);
	assert_int_equal(check_patch(db, &fresh, &fs, ents, nents, fields, &out, &e), FG_OK);
	same_findings(&out, &ffs);
	findings_free(&out);
	findings_free(&ffs);
	facts_free(&fresh);
	free(ents);
	findings_free(&fs);
	facts_free(&f);
}

/* close_patched's check for closing_patch_equals_fresh: *(size_t *)ctx members fewer, one of the two
 * dues differences left. */
static void members_fewer(const facts *before, const facts *after, const void *ctx)
{
	assert_int_equal(before->party.ndues_diffs, 2);
	assert_int_equal(after->nmembers, before->nmembers - *(const size_t *)ctx);
	assert_int_equal(after->party.ndues_diffs, 1);
}

/* An enterprise closed that its members and a joint branch's link name (STORE_ENT_CLOSING): its
 * members leave the facts with it and the others' indexes move — a dues difference of a member
 * listed after it names that member's new index —, the branch keeps its other enterprise; the
 * patched facts and findings are a fresh load's (its members' dues difference and lost contact
 * gone). Reopened (STORE_ENT_REOPENING), the facts are loaded afresh and the findings patched on
 * them equal a fresh check's. Then one of those members
 * closed (减少, STORE_MEMBER_GONE): likewise, and its reopening is found afresh. The first test: on the
 * four ledgers alone, before the others' records name the enterprise (its tasks, designation). */
static void closing_patch_equals_fresh(void **state)
{
	(void)state;
	/* 赵一 (of the enterprise closed) and 周一 (listed after), each 应缴 not the rule's */
	assert_int_equal(import_text("dues", "dues",
				     "公民身份号码,姓名,月份,税后工资,是否离退休,应缴,实缴,缴纳日期\n"
				     "330106197112120237,赵一,2026-09,8000,否,50.00,50.00,2026-09-20\n"
				     "330106197403150292,周一,2026-09,8000,否,60.00,60.00,2026-09-20\n"),
			 2);
	int64_t *ents;
	size_t nents;
	store_fields fields;
	close_patched("enterprises", "91330106MA2000342T", STORE_ENT_CLOSING | STORE_ENT_CLOSED, members_fewer,
		      &(size_t){3}); /* 赵一, 赵二, 郑失联 */
	/* reopened: revived links, back in its place — not STORE_ENT_CLOSING; the findings patched */
	reopen_patched("91330106MA2000342T", 0);
	/* a member closed (减少: STORE_MEMBER_GONE) — 赵一, whose dues difference goes, 周一's renumbered */
	close_patched("members", "330106197112120237", STORE_MEMBER_GONE | STORE_MEMBER_MOVED | STORE_MEMBER_DATED,
		      members_fewer, &(size_t){1});
	/* reopened: no such write (a member come back: its employer's members read again) */
	assert_int_equal(close_one("members", "330106197112120237", 0, &ents, &nents, &fields), STORE_CHANGES_OTHER);
	free(ents);
}

/* close_patched's check for org_closing_patch_equals_fresh: one active organisation fewer, with its
 * late transfer and its award outside its range. */
static void org_left(const facts *before, const facts *after, const void *ctx)
{
	(void)ctx;
	assert_int_equal(after->party.norgs, before->party.norgs - 1);
	assert_true(after->party.nlates < before->party.nlates);
	assert_true(after->party.nfunding_outs < before->party.nfunding_outs);
}

/* An organisation closed today that covers an operating enterprise (STORE_ORG_CLOSING with
 * STORE_ORG_COVER, its enterprise named): it leaves the party's active organisations with its link,
 * and with it its late transfer and its award outside its stars' range (read again whole:
 * STORE_ORG_LEAVING_REREAD); the patched facts and findings are a fresh load's. Its member lodged
 * elsewhere first (a closing is refused while one is lodged). Reopened (its link revived): found
 * afresh. */
static void org_closing_patch_equals_fresh(void **state)
{
	(void)state;
	static const char org[] = "光明社区非公企业联合党支部";
	assert_int_equal(import_text("members", "qian",
				     "姓名,公民身份号码,人员类别,入党日期,转正日期,工作单位统一社会信用代码,所在党组织,组织关系状态,是否亮明身份,联系电话\n"
				     "钱一,330106197302140271,正式党员,2010-07-01,2011-07-01,91330106MA2000414K,,正常,是,13900000012\n"),
			 1);
	assert_int_equal(import_text("transfers", "late",
				     "公民身份号码,姓名,方向,本方党组织,对方党组织,介绍信日期,办结日期\n"
				     "330106197302140271,钱一,转出,光明社区非公企业联合党支部,中共外省某公司党支部,2026-05-10,\n"),
			 1);
	assert_int_equal(import_text("funding", "award",
				     "党组织名称,日期,类型,金额（元）,依据文号\n"
				     "光明社区非公企业联合党支部,2026-04-01,星级奖励,90000,区委组〔2026〕9号\n"),
			 1);
	close_patched("orgs", org, STORE_ORG | STORE_ORG_COVER | STORE_ORG_CLOSING | STORE_ORG_LEAVING_REREAD, org_left,
		      NULL);
	int64_t *ents;
	size_t nents;
	store_fields fields;
	/* reopened: its link revived — not patched */
	assert_int_equal(close_one("orgs", org, 0, &ents, &nents, &fields), STORE_CHANGES_OTHER);
	free(ents);
}

/* close_patched's check for closing_with_records_equals_fresh: the enterprise's assignment, visit,
 * task, designation, development records, cross-match candidate and trainee gone from the facts — the person trained there
 * first numbered after the one trained elsewhere in between, as a load numbers them. */
static void records_left(const facts *before, const facts *after, const void *ctx)
{
	(void)ctx;
	assert_true(after->party.nvisits < before->party.nvisits && after->party.ntasks < before->party.ntasks);
	assert_true(after->party.ndesigs < before->party.ndesigs && after->nasgs < before->nasgs);
	assert_int_equal(after->party.ndevs, before->party.ndevs - 2);
	assert_int_equal(after->party.nxms, before->party.nxms - 1);
	assert_int_equal(after->party.nparts, before->party.nparts - 1);
	size_t n = after->party.npersons;
	assert_int_equal(n, before->party.npersons);
	assert_string_equal(before->party.person_keys[n - 2], "330106199303030014");
	assert_string_equal(after->party.person_keys[n - 1], "330106199303030014");
}

/* An enterprise closed that an instructor's assignment and visit, a campaign's overdue task, a
 * designation, a trainee, two development records (one breaking a rule) and a roster line (a
 * candidate, confirmed) name (STORE_ENT_CLOSING): they leave the facts with it — the campaign's
 * counts without its task, the trainees numbered again —, the instructor's visit, the overdue
 * task's, the development records' and the confirmed candidate's findings found again; the patched
 * facts and findings are a fresh load's. Reopened: the findings patched on facts loaded afresh are a
 * fresh check's. (The last test: the records of the others name it.) */
static void closing_with_records_equals_fresh(void **state)
{
	(void)state;
	static const char ent[] = "91330106MA20006921";
	/* 测试辛 says he is a member, unknown to the ledger: a candidate, confirmed */
	assert_int_equal(import_text("rosters", "roster6921",
				     "企业统一社会信用代码,姓名,公民身份号码,入职日期,政治面貌\n"
				     "91330106MA20006921,测试辛,330106199707070012,2025-01-01,中共党员\n"),
			 1);
	fg_err e;
	assert_int_equal(crossmatch_decide(db, NULL, "test", "test", ent, "330106199707070012", today, "confirmed", NULL,
					   NULL, &e),
			 FG_OK);
	/* 测试丁 trained there, then 测试戊 and 测试丁 elsewhere */
	assert_int_equal(import_text("trainees", "trainee6921",
				     "培训名称,开始日期,姓名,公民身份号码,身份,企业统一社会信用代码\n"
				     "非公企业党组织书记示范培训,2026-04-10,测试丁,330106199303030014,党员,91330106MA20006921\n"
				     "出资人党建观摩,2026-06-30,测试戊,330106199404040019,党员,91330106MA2000553A\n"
				     "年底党员轮训,2026-11-20,测试丁,330106199303030014,党员,91330106MA2000553A\n"),
			 3);
	assert_int_equal(import_text("development", "dev6921",
				     "姓名,公民身份号码,工作单位统一社会信用代码,所在党组织,申请日期,谈话日期,确定积极分子日期,"
				     "确定发展对象日期,政审日期,公示开始日期,公示结束日期,支部大会日期,上级批准日期,转正日期,推荐方式,"
				     "培养联系人,集中培训学时,延长预备期（月）,是否双培\n"
				     "测试己,330106199505050013,91330106MA20006921,东城街道幸福和平联合党支部,2024-01-10,2024-03-20,"
				     "2024-04-01,2025-06-01,,,,,,,双推,330106196102020035,2,,否\n"
				     "测试庚,330106199606060018,91330106MA20006921,东城街道幸福和平联合党支部,2026-10-01,,,,,,,,,,,,,,否\n"),
			 2);
	assert_int_equal(import_text("instructors", "ins6921",
				     "姓名,派出单位,联系电话,指导企业,派驻日期\n"
				     "王指导,光明社区,13800000001,91330106MA20002034；91330106MA20006921,2024-03-01\n"),
			 1);
	assert_int_equal(import_text("visits", "visit6921",
				     "指导员姓名,派出单位,企业统一社会信用代码,走访日期,发挥作用,走访内容\n"
				     "王指导,光明社区,91330106MA20006921,2026-11-26,调研员、宣传,了解企业情况\n"),
			 1);
	assert_int_equal(import_text("campaigns", "camp6921",
				     "名称,牵头部门,配合部门,开始日期,截止日期,范围\n测试排查,区委组织部,,2026-03-01,2026-06-30,\n"),
			 1);
	assert_int_equal(import_text("tasks", "task6921",
				     "排查名称,企业统一社会信用代码,责任人,状态,完成日期,发现情况\n"
				     "测试排查,91330106MA20006921,王建国,进行中,,\n"
				     "测试排查,91330106MA20002034,王建国,已完成,2026-05-01,发现口袋党员1名\n"),
			 2);
	assert_int_equal(import_text("designations", "desig6921",
				     "类型,名称,企业统一社会信用代码,党员,授予日期,撤销日期\n"
				     "党员示范岗,测试示范岗,91330106MA20006921,,2026-03-01,\n"),
			 1);
	close_patched("enterprises", ent, STORE_ENT_CLOSING, records_left, NULL);
	reopen_patched(ent, 0); /* its records back: the findings about them patched */
}

/* party_member's 48-bit dues amounts: sums exact within ±2⁴⁷ 分 (a year of the largest amounts
 * dues_money_parse takes), negative ones too, saturating beyond; 28 bytes a member. */
static void dues_in_48_bits(void **state)
{
	(void)state;
	assert_true(sizeof(party_member) <= 28);
	party_member m;
	memset(&m, 0, sizeof m);
	assert_int_equal(party_i48(m.dues_due), 0);
	const int64_t big = (int64_t)100000000 * 100; /* 10⁸ 元 in 分 */
	for (int i = 0; i < 12; i++)
		party_i48_add(m.dues_due, big);
	assert_true(party_i48(m.dues_due) == 12 * big);
	party_i48_add(m.dues_due, -13 * big);
	assert_true(party_i48(m.dues_due) == -big);
	party_i48_add(m.dues_paid, 1);
	party_i48_add(m.dues_paid, -2);
	assert_true(party_i48(m.dues_paid) == -1);
	party_i48_add(m.dues_paid, INT64_MAX);
	assert_true(party_i48(m.dues_paid) == ((int64_t)1 << 47) - 1);
	party_i48_add(m.dues_paid, INT64_MIN + 1);
	assert_true(party_i48(m.dues_paid) == -(((int64_t)1 << 47) - 1));
}

/* store_changes_since reads at most 6,000 rows after the stamp (a bound that also keeps its read an
 * index range on PostgreSQL): writes no figure reads (a setting outside them, report.issuer) up to
 * it change nothing, one more and everything is found again — never a wrong "nothing changed". */
static void changes_bounded(void **state)
{
	(void)state;
	fg_err e;
	int64_t stamp = store_history_last_id(db);
	assert_int_equal(store_begin(db, "test", "test", &e), FG_OK);
	for (int i = 0; i < 6000; i++) {
		char v[32];
		snprintf(v, sizeof v, "落款%d", i);
		assert_int_equal(store_setting_set(db, "report.issuer", v, &e), FG_OK);
	}
	assert_int_equal(store_commit(db, &e), FG_OK);
	assert_true(store_history_last_id(db) - stamp >= 6000);
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	assert_int_equal(store_changes_since(db, stamp, NULL, NULL, NULL), STORE_CHANGES_NONE);
	store_read_end(db);
	assert_int_equal(store_begin(db, "test", "test", &e), FG_OK);
	assert_int_equal(store_setting_set(db, "report.issuer", "最后", &e), FG_OK);
	assert_int_equal(store_commit(db, &e), FG_OK);
	assert_int_equal(store_read_begin(db, &e), FG_OK);
	assert_int_equal(store_changes_since(db, stamp, NULL, NULL, NULL), STORE_CHANGES_OTHER);
	/* the last rows alone: nothing again */
	assert_int_equal(store_changes_since(db, stamp + 10, NULL, NULL, NULL), STORE_CHANGES_NONE);
	store_read_end(db);
}

/* findings_sort over subjects of every length, an empty one among them (a stop interrupting the
 * names' reads leaves subjects empty; its key's shift was undefined, caught by UBSan in a server
 * stopped during its start's computation): by rule, then subject, then found order. */
static void sort_with_an_empty_subject(void **state)
{
	(void)state;
	findings fs;
	memset(&fs, 0, sizeof fs);
	static const char *const subj[] = {"乙", "", "甲甲甲甲甲", "", "ABCDEFGHIJ", "ABCDEFGH", "A"};
	enum { N = sizeof subj / sizeof subj[0] };
	for (int r = 0; r < 2; r++)
		for (size_t i = 0; i < N; i++)
			finding_add(&fs, r ? R_POCKET : R_LEDGER_GAP, ENT((int64_t)i + 1), subj[i], "细节");
	findings_sort(&fs);
	assert_int_equal(fs.n, 2 * N);
	for (size_t i = 1; i < fs.n; i++) {
		const finding *a = &fs.v[i - 1], *b = &fs.v[i];
		int c = a->rule != b->rule ? (a->rule < b->rule ? -1 : 1) : strcmp(a->subject, b->subject);
		assert_true(c < 0 || (c == 0 && a->seq < b->seq));
	}
	assert_string_equal(fs.v[0].subject, "");
	assert_string_equal(fs.v[1].subject, "");
	assert_true(fs.v[0].seq < fs.v[1].seq);
	texts_done(&fs);
	findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(closing_patch_equals_fresh),
		cmocka_unit_test(size_of_a_finding),
		cmocka_unit_test(details_are_shared),
		cmocka_unit_test(natural_key_within_the_key),
		cmocka_unit_test(refs_from_the_key),
		cmocka_unit_test(patch_over_several_blocks),
		cmocka_unit_test(subjects_whole_or_not),
		cmocka_unit_test(patch_taking_equals_copying),
		cmocka_unit_test(visits_patch_equals_fresh),
		cmocka_unit_test(ins_cover_patch_equals_fresh),
		cmocka_unit_test(org_moved_patch_equals_fresh),
		cmocka_unit_test(org_closing_patch_equals_fresh),
		cmocka_unit_test(dues_in_48_bits),
		cmocka_unit_test(changes_bounded),
		cmocka_unit_test(sort_with_an_empty_subject),
		cmocka_unit_test(closing_with_records_equals_fresh),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
