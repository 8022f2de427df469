/* The party-work ledgers' column types: lists of ID numbers, absentee lists, role lists, hours —
 * each test the mistake a ledger keeper makes, and the row rules of the new ledgers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/ledger.h"
#include "store/store.h"
#include "util/date.h"

static ledger_ctx ctx;

#define A "330106196102020035"
#define B "330106196203030056"
#define BAD "330106196102020036" /* A with a wrong check character */

static const ledger_col *col(ledger_kind k, const char *key)
{
	const ledger_def *d = ledger_get(k);
	return &d->cols[ledger_col_index(d, key)];
}

/* Parses raw; returns the status, with the canonical text or the message in *text (static). */
static val_status parse(ledger_kind k, const char *key, const char *raw, const char **text)
{
	static buf out, msg;
	val_status st = ledger_parse_value(col(k, key), raw, 0, &ctx, &out, &msg);
	*text = st == VAL_ERROR ? buf_cstr(&msg) : buf_cstr(&out);
	return st;
}

static void id_lists(void **state)
{
	(void)state;
	const char *t;
	/* every separator, unsorted input: one canonical sorted form, so a re-import compares equal */
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", B "、" A, &t), VAL_OK);
	assert_string_equal(t, A "；" B);
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", B " ; " A "\n", &t), VAL_OK);
	assert_string_equal(t, A "；" B);
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", "330106196102020035，330106196203030056", &t), VAL_OK);
	assert_string_equal(t, A "；" B);
	/* a wrong check character names the item */
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", B "；" BAD, &t), VAL_ERROR);
	assert_non_null(strstr(t, "“" BAD "”"));
	/* one person ticked twice is a mistake, not two attendances */
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", A "；" B "；" A, &t), VAL_ERROR);
	assert_non_null(strstr(t, A "”重复出现"));
	/* a masked export cannot be imported back */
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", "330106********0035", &t), VAL_ERROR);
	assert_non_null(strstr(t, "脱敏"));
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", " ；", &t), VAL_EMPTY);
}

/* With an import's memory of valid numbers on (ledger_idno_memo), the lists read as without it: a
 * remembered number is accepted again, a wrong one beside it still refused, the absentees' numbers
 * too; and a number remembered on one day is checked again on another (born after that day). */
static void id_lists_remembered(void **state)
{
	(void)state;
	const char *t;
	int today = ctx.today;
	ledger_idno_memo(1);
	for (int round = 0; round < 2; round++) {
		assert_int_equal(parse(LEDGER_MEETINGS, "attendees", B "、" A, &t), VAL_OK);
		assert_string_equal(t, A "；" B);
		assert_int_equal(parse(LEDGER_MEETINGS, "attendees", A "；" BAD, &t), VAL_ERROR);
		assert_non_null(strstr(t, "“" BAD "”"));
		assert_int_equal(parse(LEDGER_MEETINGS, "absentees", B "：出差；" A "：病假", &t), VAL_OK);
		assert_string_equal(t, A "：病假；" B "：出差");
		assert_int_equal(parse(LEDGER_MEETINGS, "absentees", BAD "：出差", &t), VAL_ERROR);
		assert_int_equal(parse(LEDGER_MEETINGS, "attendees", A "；" B "；" A, &t), VAL_ERROR);
	}
	ctx.today = date_from_ymd(1962, 1, 1); /* A was born in 1961, B in 1962 (3 March) */
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", A "；" B, &t), VAL_ERROR);
	assert_non_null(strstr(t, "“" B "”"));
	assert_int_equal(parse(LEDGER_MEETINGS, "absentees", B "：出差", &t), VAL_ERROR);
	ctx.today = today;
	ledger_idno_memo(0);
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", A "；" BAD, &t), VAL_ERROR);
}

/* ISO 7064 MOD 11-2, written here again so that the list parser is checked against it. */
static char check_char(const char *s17)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (s17[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

static int cmp_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* 70 attendees (more than the parser keeps on its stack) written in reverse with 、, a number
 * ending in X beside one ending in 9, a lower-case x and full-width digits: the canonical list is
 * the numbers in byte order whichever way they were written. */
static void id_lists_long(void **state)
{
	(void)state;
	enum { N = 70 };
	char ids[N][32]; /* 18 characters; room for snprintf's worst case */
	for (int i = 0; i < N; i++) {
		snprintf(ids[i], sizeof ids[i], "3301061961%02d%02d%03d", 1 + i % 12, 1 + i % 28, (i * 37) % 1000);
		ids[i][17] = check_char(ids[i]);
		ids[i][18] = '\0';
	}
	buf raw = {0}, want = {0};
	for (int i = N - 1; i >= 0; i--)
		buf_printf(&raw, "%s%s", i == N - 1 ? "" : "、", ids[i]);
	qsort(ids, N, sizeof ids[0], cmp_text);
	for (int i = 0; i < N; i++)
		buf_printf(&want, "%s%s", i ? "；" : "", ids[i]);
	const char *t;
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", buf_cstr(&raw), &t), VAL_OK);
	assert_string_equal(t, buf_cstr(&want));
	/* the same list with its first number again at the end: named as repeated */
	buf_printf(&raw, "；%s", ids[0]);
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", buf_cstr(&raw), &t), VAL_ERROR);
	assert_non_null(strstr(t, ids[0]));
	assert_non_null(strstr(t, "重复出现"));
	buf_free(&raw);
	buf_free(&want);
#define X9 "330106196102020019"
#define XX "33010619610202006X"
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", XX "；" X9, &t), VAL_OK);
	assert_string_equal(t, X9 "；" XX);
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", "33010619610202006x；" X9, &t), VAL_OK);
	assert_string_equal(t, X9 "；" XX);
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", XX "；33010619610202006x", &t), VAL_ERROR);
	assert_non_null(strstr(t, XX "”重复出现"));
	/* full-width digits, as an input method may type them */
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", "３３０１０６１９６１０２０２００１９；" XX, &t), VAL_OK);
	assert_string_equal(t, X9 "；" XX);
	/* an item too long to be a number is named whole */
	assert_int_equal(parse(LEDGER_MEETINGS, "attendees", X9 "1234567890123456789012345678901234567890123456789", &t),
			 VAL_ERROR);
	assert_non_null(strstr(t, "“" X9 "1234567890123456789012345678901234567890123456789”"));
}

static void absentee_lists(void **state)
{
	(void)state;
	const char *t;
	/* ASCII or full-width colon; reasons keep their commas; sorted by number */
	assert_int_equal(parse(LEDGER_MEETINGS, "absentees", B ":出差，外地\n" A "：病假", &t), VAL_OK);
	assert_string_equal(t, A "：病假；" B "：出差，外地");
	/* no reason */
	assert_int_equal(parse(LEDGER_MEETINGS, "absentees", A, &t), VAL_ERROR);
	assert_non_null(strstr(t, "缺少缺席原因"));
	assert_int_equal(parse(LEDGER_MEETINGS, "absentees", A "：  ", &t), VAL_ERROR);
	/* two people joined with 、 instead of ； */
	assert_int_equal(parse(LEDGER_MEETINGS, "absentees", A "：病假、" B "：出差", &t), VAL_ERROR);
	assert_non_null(strstr(t, "分隔"));
	assert_int_equal(parse(LEDGER_MEETINGS, "absentees", BAD "：病假", &t), VAL_ERROR);
	assert_int_equal(parse(LEDGER_MEETINGS, "absentees", A "：病假；" A "：事假", &t), VAL_ERROR);
}

/* Cells already in the canonical form are copied as they are (ledger_lists.c's fast path); those
 * that only look so — out of order, repeated, a wrong number, a separator too many, a reason with
 * spaces, a colon or a full-width space — read exactly as through the general parser; with the
 * import's memory of numbers on and off. */
static void canonical_cells(void **state)
{
	(void)state;
	const char *t;
	for (int memo = 0; memo < 2; memo++) {
		ledger_idno_memo(memo);
		for (int round = 0; round < 2; round++) {
			assert_int_equal(parse(LEDGER_MEETINGS, "attendees", A "；" B, &t), VAL_OK);
			assert_string_equal(t, A "；" B);
			assert_int_equal(parse(LEDGER_MEETINGS, "attendees", B "；" A, &t), VAL_OK);
			assert_string_equal(t, A "；" B);
			assert_int_equal(parse(LEDGER_MEETINGS, "attendees", A "；" B "；", &t), VAL_OK);
			assert_string_equal(t, A "；" B);
			assert_int_equal(parse(LEDGER_MEETINGS, "attendees", A "；" A, &t), VAL_ERROR);
			assert_non_null(strstr(t, A "”重复出现"));
			assert_int_equal(parse(LEDGER_MEETINGS, "attendees", A "；" BAD, &t), VAL_ERROR);
			assert_non_null(strstr(t, "“" BAD "”"));
			assert_int_equal(parse(LEDGER_MEETINGS, "attendees", A "；33010619610202003", &t), VAL_ERROR);
			assert_int_equal(parse(LEDGER_MEETINGS, "absentees", A "：病假；" B "：出差，外地", &t), VAL_OK);
			assert_string_equal(t, A "：病假；" B "：出差，外地");
			assert_int_equal(parse(LEDGER_MEETINGS, "absentees", B "：出差；" A "：病假", &t), VAL_OK);
			assert_string_equal(t, A "：病假；" B "：出差");
			assert_int_equal(parse(LEDGER_MEETINGS, "absentees", A "：病  假", &t), VAL_OK);
			assert_string_equal(t, A "：病 假");
			assert_int_equal(parse(LEDGER_MEETINGS, "absentees", A "：病假\xe3\x80\x80", &t), VAL_OK);
			assert_string_equal(t, A "：病假");
			assert_int_equal(parse(LEDGER_MEETINGS, "absentees", A "：病假；" B "：出差：外地", &t), VAL_ERROR);
			assert_non_null(strstr(t, "多个冒号"));
			assert_int_equal(parse(LEDGER_MEETINGS, "absentees", A "：病假；" A "：事假", &t), VAL_ERROR);
			assert_int_equal(parse(LEDGER_MEETINGS, "absentees", A "：", &t), VAL_ERROR);
			assert_non_null(strstr(t, "缺少缺席原因"));
		}
	}
	ledger_idno_memo(0);
}

static void enum_lists(void **state)
{
	(void)state;
	const char *t;
	/* choices' order, aliases, repeats collapse */
	assert_int_equal(parse(LEDGER_VISITS, "roles", "督导员、调研，调研员", &t), VAL_OK);
	assert_string_equal(t, "调研员；督导员");
	assert_int_equal(parse(LEDGER_VISITS, "roles", "调研员；联络员", &t), VAL_ERROR);
	assert_non_null(strstr(t, "“联络员”"));
}

static void hours(void **state)
{
	(void)state;
	const char *t;
	assert_int_equal(parse(LEDGER_MEETINGS, "hours", "24", &t), VAL_OK);
	assert_int_equal(parse(LEDGER_MEETINGS, "hours", "24.1", &t), VAL_ERROR);
	assert_int_equal(parse(LEDGER_MEETINGS, "hours", "25", &t), VAL_ERROR);
	assert_int_equal(parse(LEDGER_STUDY, "hours", "1.50小时", &t), VAL_OK);
	assert_string_equal(t, "1.5");
	assert_int_equal(parse(LEDGER_STUDY, "hours", "-1", &t), VAL_ERROR);
	assert_int_equal(parse(LEDGER_MEETINGS, "kind", "支委会", &t), VAL_OK);
	assert_string_equal(t, "支部委员会");
	assert_int_equal(parse(LEDGER_MEETINGS, "kind", "党员大会", &t), VAL_OK);
	assert_string_equal(t, "支部党员大会");
}

static void rows_and_keys(void **state)
{
	(void)state;
	buf msg = {0}, key = {0};
	const ledger_def *m = ledger_get(LEDGER_MEETINGS);
	ledger_rec r = {{0}};
	r.f[MT_ORG] = "某支部", r.f[MT_KIND] = "党课", r.f[MT_DATE] = "2026-01-05", r.f[MT_TOPIC] = "x";
	r.f[MT_ATTENDEES] = A "；" B;
	r.f[MT_ABSENTEES] = B "：病假";
	assert_int_equal(ledger_check_row(m, &r, &ctx, &msg), MT_ABSENTEES); /* present and absent */
	/* the walk along both sorted lists: a common number first, last, or none */
	r.f[MT_ATTENDEES] = X9 "；" A "；" XX "；" B; /* canonical: byte order */
	r.f[MT_ABSENTEES] = X9 "：病假";
	assert_int_equal(ledger_check_row(m, &r, &ctx, &msg), MT_ABSENTEES);
	r.f[MT_ABSENTEES] = "330106196102020000：出差；" XX "：病假";
	assert_int_equal(ledger_check_row(m, &r, &ctx, &msg), MT_ABSENTEES);
	assert_non_null(strstr(buf_cstr(&msg), XX));
	r.f[MT_ATTENDEES] = X9 "；" B;
	r.f[MT_ABSENTEES] = A "：病假；" XX "：出差";
	assert_int_equal(ledger_check_row(m, &r, &ctx, &msg), -1);
	r.f[MT_ATTENDEES] = A "；" B;
	r.f[MT_ABSENTEES] = NULL;
	assert_int_equal(ledger_check_row(m, &r, &ctx, &msg), -1);
	ledger_key(m, &r, '/', &key);
	assert_string_equal(buf_cstr(&key), "某支部/党课/2026-01-05/x");
	ledger_fill_defaults(m, &r);
	assert_string_equal(r.f[MT_FORM], "集中");
	assert_string_equal(r.f[MT_HOURS], "0");

	const ledger_def *st = ledger_get(LEDGER_STUDY);
	ledger_rec s = {{0}};
	s.f[ST_IDNO] = A, s.f[ST_DATE] = "2026-01-05", s.f[ST_CONTENT] = "x", s.f[ST_HOURS] = "0";
	assert_int_equal(ledger_check_row(st, &s, &ctx, &msg), ST_HOURS);

	const ledger_def *se = ledger_get(LEDGER_SECRETARIES);
	ledger_rec sr = {{0}};
	sr.f[SE_ORG] = "某支部", sr.f[SE_NAME] = "甲", sr.f[SE_SINCE] = "2026-01-05", sr.f[SE_UNTIL] = "2026-01-05";
	assert_int_equal(ledger_check_row(se, &sr, &ctx, &msg), SE_UNTIL); /* a term of no day */
	sr.f[SE_UNTIL] = "2026-01-06";
	assert_int_equal(ledger_check_row(se, &sr, &ctx, &msg), -1);

	const ledger_def *tr = ledger_get(LEDGER_TRAININGS);
	ledger_rec t = {{0}};
	t.f[TR_NAME] = "x", t.f[TR_KIND] = "集中培训", t.f[TR_START] = "2026-04-01", t.f[TR_END] = "2026-04-02";
	t.f[TR_HOURS] = "48";
	assert_int_equal(ledger_check_row(tr, &t, &ctx, &msg), -1); /* two days */
	t.f[TR_HOURS] = "48.5";
	assert_int_equal(ledger_check_row(tr, &t, &ctx, &msg), TR_HOURS);
	t.f[TR_END] = "2026-03-31";
	assert_int_equal(ledger_check_row(tr, &t, &ctx, &msg), TR_END);

	/* a trainee is the ID number, or without one 姓名 and enterprise */
	const ledger_def *te = ledger_get(LEDGER_TRAINEES);
	ledger_rec p = {{0}};
	p.f[TE_TRAINING] = "班", p.f[TE_START] = "2026-04-01", p.f[TE_NAME] = "甲", p.f[TE_IDNO] = A;
	ledger_key(te, &p, '/', &key);
	assert_string_equal(buf_cstr(&key), "班/2026-04-01/" A);
	p.f[TE_IDNO] = NULL;
	ledger_key(te, &p, '/', &key);
	assert_string_equal(buf_cstr(&key), "班/2026-04-01/甲/");
	buf_free(&msg);
	buf_free(&key);
}

static void masking(void **state)
{
	(void)state;
	buf out = {0};
	ledger_mask(col(LEDGER_MEETINGS, "absentees"), A "：病假；" B "：出差", &out);
	assert_string_equal(buf_cstr(&out), "330106********0035：病假；330106********0056：出差");
	buf_reset(&out);
	ledger_mask(col(LEDGER_MEETINGS, "attendees"), A "；" B, &out);
	assert_string_equal(buf_cstr(&out), "330106********0035；330106********0056");
	buf_free(&out);
}

static void tables(void **state)
{
	(void)state;
	/* existing positions of the orgs ledger do not move; the new columns are last (groups, then
	 * v23's closing date and reason) */
	assert_int_equal(ledger_col_index(ledger_get(LEDGER_ORGS), "term_start"), O_TERM_START);
	assert_int_equal(ledger_col_index(ledger_get(LEDGER_ORGS), "groups"), O_GROUPS);
	assert_int_equal(ledger_col_index(ledger_get(LEDGER_ORGS), "closed"), O_CLOSED);
	assert_int_equal(ledger_closing_col(ledger_get(LEDGER_ORGS)), O_CLOSED);
	assert_int_equal(ledger_get(LEDGER_ORGS)->ncols, O_CLOSED_REASON + 1);
	assert_int_equal(ledger_col_index(ledger_get(LEDGER_MEETINGS), "recorder"), MT_RECORDER);
	assert_int_equal(ledger_col_index(ledger_get(LEDGER_STUDY), "hours"), ST_HOURS);
	assert_int_equal(ledger_col_index(ledger_get(LEDGER_SECRETARIES), "phone"), SE_PHONE);
	assert_int_equal(ledger_col_index(ledger_get(LEDGER_VISITS), "notes"), VI_NOTES);
	assert_int_equal(ledger_col_index(ledger_get(LEDGER_TRAININGS), "organiser"), TR_ORGANISER);
	assert_int_equal(ledger_col_index(ledger_get(LEDGER_TRAINEES), "uscc"), TE_USCC);
}

/* The closing pair of the four ledgers (schema v23): a date needs a reason and a reason a date, not
 * before the record began; the ledgers without closing have no such column. */
static void closing(void **state)
{
	(void)state;
	static const char *const WORD[] = {"移出台账", "撤销", "减少", "撤销"};
	buf msg = {0};
	for (int k = LEDGER_ENTERPRISES; k <= LEDGER_INSTRUCTORS; k++) {
		const ledger_def *d = ledger_get((ledger_kind)k);
		int c = ledger_closing_col(d);
		assert_true(c > 0);
		assert_string_equal(d->cols[c].key, "closed");
		assert_string_equal(d->cols[c + 1].key, "closed_reason");
		assert_string_equal(ledger_closing_word(d), WORD[k]);
		ledger_rec r = {{0}};
		assert_int_equal(ledger_check_closing(d, &r, &msg), -1);
		r.f[c] = "2026-10-01";
		assert_int_equal(ledger_check_closing(d, &r, &msg), c + 1);
		r.f[c + 1] = "录入错误";
		assert_int_equal(ledger_check_closing(d, &r, &msg), -1);
		r.f[c] = NULL;
		assert_int_equal(ledger_check_closing(d, &r, &msg), c);
	}
	const ledger_def *o = ledger_get(LEDGER_ORGS);
	ledger_rec r = {{0}};
	r.f[O_FOUNDED] = "2019-01-01";
	r.f[O_CLOSED] = "2018-12-31";
	r.f[O_CLOSED_REASON] = "组织调整";
	assert_int_equal(ledger_check_closing(o, &r, &msg), O_CLOSED);
	assert_non_null(strstr(buf_cstr(&msg), "撤销日期早于成立日期"));
	r.f[O_CLOSED] = "2019-01-01";
	assert_int_equal(ledger_check_closing(o, &r, &msg), -1);
	assert_int_equal(ledger_closing_col(ledger_get(LEDGER_MEETINGS)), -1);
	assert_null(ledger_closing_word(ledger_get(LEDGER_MEETINGS)));
	buf_free(&msg);
}

static int setup(void **state)
{
	(void)state;
	ctx.today = date_from_ymd(2026, 11, 26);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id_lists), cmocka_unit_test(id_lists_remembered), cmocka_unit_test(id_lists_long), cmocka_unit_test(absentee_lists), cmocka_unit_test(canonical_cells), cmocka_unit_test(enum_lists),
		cmocka_unit_test(hours),    cmocka_unit_test(rows_and_keys),  cmocka_unit_test(masking),
		cmocka_unit_test(tables),   cmocka_unit_test(closing),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
