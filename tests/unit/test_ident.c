/* Tests for core/ident: identity numbers, credit codes, area codes, normalisation.
 * Every known-good value below was checked with an independent Python implementation of the
 * two standards; the credit codes are real registrations, the identity numbers synthetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/ident.h"
#include "util/date.h"

/* A fixed "today" so that the birth-date bound does not move with the calendar. */
static int today(void)
{
	return date_from_ymd(2025, 6, 1);
}

static const struct {
	const char *id;
	int area, y, m, d, male;
} good_ids[] = {
	{"11010519491231002X", 110105, 1949, 12, 31, 0},
	{"110105199003070017", 110105, 1990, 3, 7, 1},
	{"110105199003070025", 110105, 1990, 3, 7, 0},
	{"440304200002291236", 440304, 2000, 2, 29, 1},
	{"650102198512319871", 650102, 1985, 12, 31, 1},
	{"469001197001010115", 469001, 1970, 1, 1, 1},  /* prefecture 90: 省直辖县级 */
	{"44190020240101003X", 441900, 2024, 1, 1, 1},  /* 东莞: a city without counties */
	{"110105202506010010", 110105, 2025, 6, 1, 1},  /* born today */
	{"110105199001080000", 110105, 1990, 1, 8, 0},  /* ends in 000 yet valid: not ID_PRECISION */
	{"810000199001010019", 810000, 1990, 1, 1, 1},
};
#define N_GOOD_IDS (sizeof good_ids / sizeof good_ids[0])

static const char *const good_usccs[] = {
	"91350100M000100Y43",
	"91110000600037341L",
	"914403001922038216",
	"91330100799655058B",
	"91440300708461136T",
	"91110000710925243K",
	"91110108551385082Q",
	"9111000010169286X1", /* organisation check character X */
	"91310000132200821H",
	"12100000400000608P", /* generated: 机构编制 / 事业单位 */
	"51110000500001237N", /* generated: 民政 / 社会团体 */
	"N2330106MJ12345618", /* generated: 农业 */
	"93440300MA5DABCD5R", /* generated: 农民专业合作社 */
	"11100000000013127D", /* generated: central organ, area 100000 */
};
#define N_GOOD_USCCS (sizeof good_usccs / sizeof good_usccs[0])

static const char id_alphabet[] = "0123456789X";
static const char uscc_alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static void test_idcard_known_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_GOOD_IDS; i++) {
		idcard_info info;
		assert_int_equal(idcard_check(good_ids[i].id, today(), &info), ID_OK);
		assert_string_equal(info.norm, good_ids[i].id);
		assert_int_equal(info.area, good_ids[i].area);
		assert_int_equal(info.birth_days, date_from_ymd(good_ids[i].y, good_ids[i].m, good_ids[i].d));
		assert_int_equal(info.male, good_ids[i].male);
		assert_int_equal(idcard_check(good_ids[i].id, today(), NULL), ID_OK);
	}
}

/* MOD 11-2 has prime modulus and no zero weight: every single substitution must be caught.
 * Where the changed digit lies decides which rule catches it; a change that leaves 18 digits
 * ending in 000 is reported as spreadsheet damage. */
static void test_idcard_every_substitution(void **state)
{
	(void)state;
	int tried = 0;
	for (size_t g = 0; g < N_GOOD_IDS; g++) {
		for (int pos = 0; pos < 18; pos++) {
			for (const char *c = id_alphabet; *c; c++) {
				char s[19];
				memcpy(s, good_ids[g].id, 19);
				if (s[pos] == *c)
					continue;
				s[pos] = *c;
				idcard_info info;
				id_status st = idcard_check(s, today(), &info);
				tried++;
				assert_int_not_equal(st, ID_OK);
				if (st == ID_PRECISION)
					assert_memory_equal(s + 15, "000", 3);
				else if (pos < 17 && *c == 'X')
					assert_int_equal(st, ID_CHARSET);
				else if (pos < 6)
					assert_true(st == ID_AREA || st == ID_CHECK);
				else if (pos < 14)
					assert_true(st == ID_BIRTH || st == ID_CHECK);
				else
					assert_int_equal(st, ID_CHECK);
				if (pos == 17)
					assert_int_equal(info.expected_check, good_ids[g].id[17]);
			}
		}
	}
	assert_int_equal(tried, (int)N_GOOD_IDS * (17 * 10 + 10));
}

static void test_idcard_transpositions(void **state)
{
	(void)state;
	for (size_t g = 0; g < N_GOOD_IDS; g++) {
		for (int pos = 0; pos < 17; pos++) {
			char s[19];
			memcpy(s, good_ids[g].id, 19);
			if (s[pos] == s[pos + 1])
				continue;
			s[pos] = good_ids[g].id[pos + 1];
			s[pos + 1] = good_ids[g].id[pos];
			assert_int_not_equal(idcard_check(s, today(), NULL), ID_OK);
		}
	}
}

static void test_idcard_normalised_input(void **state)
{
	(void)state;
	static const char *const variants[] = {
		"11010519491231002x",
		"１１０１０５１９４９１２３１００２Ｘ",
		"１１０１０５１９４９１２３１００２ｘ",
		"110105 19491231 002X",
		"\t11010519491231002X \n",
		"\xe3\x80\x80" "11010519491231002X" "\xc2\xa0",  /* U+3000 … NBSP */
		"\xef\xbb\xbf" "110105\xe2\x80\x8b" "19491231002X", /* BOM, zero-width space */
	};
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		idcard_info info;
		assert_int_equal(idcard_check(variants[i], today(), &info), ID_OK);
		assert_string_equal(info.norm, "11010519491231002X");
		assert_int_equal(info.male, 0);
	}
}

static void test_idcard_birth(void **state)
{
	(void)state;
	/* Each has the right check character, so only the date can be what is wrong. */
	assert_int_equal(idcard_check("11010519900230001X", today(), NULL), ID_BIRTH); /* 2 月 30 日 */
	assert_int_equal(idcard_check("110105202506020016", today(), NULL), ID_BIRTH); /* tomorrow */
	assert_int_equal(idcard_check("110105189912310015", today(), NULL), ID_BIRTH); /* 1899 */
	/* The textbook example: its check digit is right, but nobody alive was born in 1880. */
	idcard_info info;
	assert_int_equal(idcard_check("440524188001010014", today(), &info), ID_BIRTH);
	assert_int_equal(idcard_check("440524188001010015", date_from_ymd(2999, 1, 1), &info), ID_BIRTH);
	/* Same number on a day before the person was born. */
	assert_int_equal(idcard_check("110105202506010010", today() - 1, NULL), ID_BIRTH);
}

static void test_idcard_area(void **state)
{
	(void)state;
	assert_int_equal(idcard_check("990105199001010014", today(), NULL), ID_AREA);
	assert_int_equal(idcard_check("11000119900101001X", today(), NULL), ID_AREA); /* county without prefecture */
	assert_int_equal(idcard_check("117101199001010011", today(), NULL), ID_AREA); /* prefecture 71 */
	assert_int_equal(idcard_check("710000199001010015", today(), NULL), ID_OK);
	assert_int_equal(idcard_check("820000199001010010", today(), NULL), ID_OK);
}

static void test_idcard_check_char(void **state)
{
	(void)state;
	idcard_info info;
	assert_int_equal(idcard_check("110105194912310021", today(), &info), ID_CHECK);
	assert_int_equal(info.expected_check, 'X');
	assert_string_equal(info.norm, "110105194912310021");
	assert_int_equal(idcard_check("110105199003070010", today(), &info), ID_CHECK);
	assert_int_equal(info.expected_check, '7');
}

static void test_idcard_spreadsheet_damage(void **state)
{
	(void)state;
	static const char *const floats[] = {
		"1.10105E+17", "1.10105194912310E+17", "1.10105e+17", "1.1E17", "110105E17",
		"１.１０１０５Ｅ＋１７", " 4.40524E+17 ",
	};
	for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++)
		assert_int_equal(idcard_check(floats[i], today(), NULL), ID_FLOAT);

	idcard_info info;
	assert_int_equal(idcard_check("110105194912310000", today(), &info), ID_PRECISION);
	assert_int_equal(info.expected_check, '3');
	assert_int_equal(idcard_check("440524199001010000", today(), NULL), ID_PRECISION);
	/* Not floats: no mantissa, no exponent digits, a minus sign. */
	assert_int_equal(idcard_check("E+17", today(), NULL), ID_LENGTH);
	assert_int_equal(idcard_check("1.1E+", today(), NULL), ID_LENGTH);
	assert_int_equal(idcard_check("1.1E-17", today(), NULL), ID_LENGTH);
}

static void test_idcard_shape(void **state)
{
	(void)state;
	assert_int_equal(idcard_check(NULL, today(), NULL), ID_EMPTY);
	assert_int_equal(idcard_check("", today(), NULL), ID_EMPTY);
	assert_int_equal(idcard_check(" \t\xe3\x80\x80 ", today(), NULL), ID_EMPTY);
	assert_int_equal(idcard_check("110105491231002", today(), NULL), ID_LENGTH); /* 15 位旧号码 */
	assert_int_equal(idcard_check("11010519491231002", today(), NULL), ID_LENGTH);
	assert_int_equal(idcard_check("11010519491231002XX", today(), NULL), ID_LENGTH);
	char longs[200];
	memset(longs, '1', sizeof longs - 1);
	longs[sizeof longs - 1] = '\0';
	idcard_info info;
	assert_int_equal(idcard_check(longs, today(), &info), ID_LENGTH);
	assert_string_equal(info.norm, "");
	assert_int_equal(idcard_check("11010519491231002Y", today(), NULL), ID_CHARSET);
	assert_int_equal(idcard_check("1101051949123100X2", today(), NULL), ID_CHARSET);
	assert_int_equal(idcard_check("11010519491231002中", today(), NULL), ID_CHARSET);
	assert_int_equal(idcard_check("11010519491231002\xff", today(), NULL), ID_CHARSET);
}

static void test_uscc_known_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_GOOD_USCCS; i++) {
		uscc_info info;
		assert_int_equal(uscc_check(good_usccs[i], &info), ID_OK);
		assert_string_equal(info.norm, good_usccs[i]);
		int area = 0;
		for (int k = 2; k < 8; k++)
			area = area * 10 + (good_usccs[i][k] - '0');
		assert_int_equal(info.area, area);
		assert_int_equal(uscc_check(good_usccs[i], NULL), ID_OK);
	}
}

/* MOD 31 with weights 3^i: prime modulus, no zero weight, 31 symbols — every single
 * substitution changes the sum. In characters 9–17 the GB 11714 check usually notices first;
 * it misses a change by 11 (0 → B), and then the final check must. */
static void test_uscc_every_substitution(void **state)
{
	(void)state;
	int tried = 0, by_orgcode = 0, by_final_in_org = 0;
	for (size_t g = 0; g < N_GOOD_USCCS; g++) {
		for (int pos = 0; pos < 18; pos++) {
			for (const char *c = uscc_alpha; *c; c++) {
				char s[19];
				memcpy(s, good_usccs[g], 19);
				if (s[pos] == *c)
					continue;
				s[pos] = *c;
				uscc_info info;
				id_status st = uscc_check(s, &info);
				tried++;
				assert_int_not_equal(st, ID_OK);
				if (pos < 2) {
					assert_true(st == ID_TYPE || st == ID_CHECK);
				} else if (pos < 8) {
					assert_true(st == ID_AREA || st == ID_CHECK);
				} else if (pos < 17) {
					assert_true(st == ID_ORGCODE || st == ID_CHECK);
					by_orgcode += st == ID_ORGCODE;
					by_final_in_org += st == ID_CHECK;
				} else {
					assert_int_equal(st, ID_CHECK);
					assert_int_equal(info.expected_check, good_usccs[g][17]);
				}
			}
			for (const char *c = "IOSVZ"; *c; c++) {
				char s[19];
				memcpy(s, good_usccs[g], 19);
				s[pos] = *c;
				assert_int_equal(uscc_check(s, NULL), ID_CHARSET);
			}
		}
	}
	assert_int_equal(tried, (int)N_GOOD_USCCS * 18 * 30);
	assert_true(by_orgcode > 0);
	assert_true(by_final_in_org > 0);
}

static void test_uscc_transpositions(void **state)
{
	(void)state;
	for (size_t g = 0; g < N_GOOD_USCCS; g++) {
		for (int pos = 0; pos < 17; pos++) {
			char s[19];
			memcpy(s, good_usccs[g], 19);
			if (s[pos] == s[pos + 1])
				continue;
			s[pos] = good_usccs[g][pos + 1];
			s[pos + 1] = good_usccs[g][pos];
			assert_int_not_equal(uscc_check(s, NULL), ID_OK);
		}
	}
}

static void test_uscc_rules(void **state)
{
	(void)state;
	uscc_info info;
	assert_int_equal(uscc_check("91350100m000100y43", &info), ID_OK);
	assert_string_equal(info.norm, "91350100M000100Y43");
	assert_int_equal(uscc_check("９１３５０１００Ｍ０００１００Ｙ４３", NULL), ID_OK);
	assert_int_equal(uscc_check(" 9135 0100 M000 100Y 43\xc2\xa0", NULL), ID_OK);
	/* Check characters right, but no such authority/type. */
	assert_int_equal(uscc_check("94110000600037341B", NULL), ID_TYPE);
	assert_int_equal(uscc_check("B1110000600037341J", NULL), ID_TYPE);
	assert_int_equal(uscc_check("91990000600037341B", NULL), ID_AREA);
	assert_int_equal(uscc_check("9111A000600037341L", NULL), ID_AREA);
	assert_int_equal(uscc_check("91350100M000100Y53", NULL), ID_ORGCODE);
	assert_int_equal(uscc_check("91350100M000100YA3", NULL), ID_ORGCODE);
	assert_int_equal(uscc_check("91350100M000100Y44", &info), ID_CHECK);
	assert_int_equal(info.expected_check, '3');
	assert_int_equal(info.area, 350100);
	assert_int_equal(uscc_check("9.1110108E+17", NULL), ID_FLOAT);
	assert_int_equal(uscc_check("9.13501E+17", NULL), ID_FLOAT);
	assert_int_equal(uscc_check("911100006000373000", NULL), ID_PRECISION);
	assert_int_equal(uscc_check(NULL, NULL), ID_EMPTY);
	assert_int_equal(uscc_check("\xe3\x80\x80", NULL), ID_EMPTY);
	assert_int_equal(uscc_check("110105491231002", NULL), ID_LENGTH);
	assert_int_equal(uscc_check("91350100M000100Y4", NULL), ID_LENGTH);
	assert_int_equal(uscc_check("91350100M000100Y4三", NULL), ID_CHARSET);
	assert_int_equal(uscc_check("91350100M00010-Y43", NULL), ID_CHARSET);
}

static int is_province(int p)
{
	static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
	                                43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
	for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
		if (provinces[i] == p)
			return 1;
	return 0;
}

static void test_area(void **state)
{
	(void)state;
	int valid = 0;
	for (int p = 10; p <= 99; p++) {
		assert_int_equal(area_code_valid(p * 10000), is_province(p));
		assert_int_equal(area_province_name(p * 10000) != NULL, is_province(p));
		assert_int_equal(area_province_name(p) != NULL, is_province(p));
		for (int pref = 0; pref <= 99; pref++) {
			for (int county = 0; county <= 99; county++) {
				int ok = is_province(p) && (pref == 0 ? county == 0 : pref <= 70 || pref == 90);
				assert_int_equal(area_code_valid(p * 10000 + pref * 100 + county), ok);
				valid += ok;
			}
		}
	}
	assert_int_equal(valid, 34 * (1 + 71 * 100));
	assert_string_equal(area_province_name(110105), "北京市");
	assert_string_equal(area_province_name(130100), "河北省");
	assert_string_equal(area_province_name(650102), "新疆维吾尔自治区");
	assert_string_equal(area_province_name(82), "澳门特别行政区");
	assert_null(area_province_name(990000));
	assert_null(area_province_name(1234567));
	assert_null(area_province_name(-110105));
	assert_false(area_code_valid(0));
	assert_false(area_code_valid(-110105));
	assert_false(area_code_valid(1101050));
	assert_false(area_code_valid(100000));
}

static void test_normalize_key(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(ident_normalize_key("ａｂｃ　１２３ x\xc2\xa0", out, sizeof out), 7);
	assert_string_equal(out, "ABC123X");
	assert_int_equal(ident_normalize_key("\xef\xac\x81", out, sizeof out), 2); /* ligature ﬁ */
	assert_string_equal(out, "FI");
	assert_int_equal(ident_normalize_key(NULL, out, sizeof out), 0);
	assert_string_equal(out, "");
	/* Non-ASCII that NFKC keeps stays, unchanged and not upper-cased. */
	assert_int_equal(ident_normalize_key(" 张 三 ", out, sizeof out), 6);
	assert_string_equal(out, "张三");
	/* Printable ASCII without spaces or lower case is copied as it is (in both modes), with the
	 * snprintf convention when out is short; anything else goes one character at a time. */
	for (int key = 0; key < 2; key++) {
		size_t (*norm)(const char *, char *, size_t) = key ? ident_normalize_key : ident_normalize_text;
		assert_int_equal(norm("91330206MA70CBM21C", out, sizeof out), 18);
		assert_string_equal(out, "91330206MA70CBM21C");
		assert_int_equal(norm("2014-04-10", out, sizeof out), 10);
		assert_string_equal(out, "2014-04-10");
		assert_int_equal(norm("", out, sizeof out), 0);
		assert_string_equal(out, "");
		char small[5];
		assert_int_equal(norm("110101195004180660", small, sizeof small), 18);
		assert_string_equal(small, "1101");
		assert_int_equal(norm("110101195004180660", small, 0), 18);
		assert_int_equal(norm("11010119500418066x", out, sizeof out), 18);
		assert_string_equal(out, key ? "11010119500418066X" : "11010119500418066x");
		assert_int_equal(norm("1101 0119", out, sizeof out), key ? 8 : 9);
		assert_string_equal(out, key ? "11010119" : "1101 0119");
	}
}

static void test_normalize_text(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(ident_normalize_text("\xe3\x80\x80 张\t\t三\xe3\x80\x80李 \n", out, sizeof out), 11);
	assert_string_equal(out, "张 三 李");
	assert_int_equal(ident_normalize_text("ａｂｃ　１２３", out, sizeof out), 7);
	assert_string_equal(out, "abc 123");
	assert_int_equal(ident_normalize_text("   ", out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(ident_normalize_text("plain ascii", out, sizeof out), 11);
	assert_string_equal(out, "plain ascii");
	/* Full-width forms and the ideographic space take a path without ICU: the same result as
	 * ICU's NFKC, which a trailing ideograph forces; a combining mark after one still composes. */
	for (int key = 0; key < 2; key++) {
		char all[400] = "", slow[404], a[400], b[404];
		size_t n = 0;
		for (unsigned c = 0xFF01; c <= 0xFF5E; c++) {
			all[n++] = (char)(0xE0 | (c >> 12));
			all[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
			all[n++] = (char)(0x80 | (c & 0x3F));
		}
		memcpy(all + n, "\xe3\x80\x80x", 5); /* U+3000, x */
		snprintf(slow, sizeof slow, "%s张", all);
		size_t la = key ? ident_normalize_key(all, a, sizeof a) : ident_normalize_text(all, a, sizeof a);
		size_t lb = key ? ident_normalize_key(slow, b, sizeof b) : ident_normalize_text(slow, b, sizeof b);
		assert_int_equal(la + 3, lb);
		assert_memory_equal(a, b, la);
		assert_string_equal(b + la, "张");
	}
	assert_int_equal(ident_normalize_text("\xef\xbc\xa1\xcc\x81", out, sizeof out), 2); /* Ａ + U+0301 */
	assert_string_equal(out, "\xc3\x81");                                          /* Á */
	/* U+FDFA expands to 18 code points under NFKC: two of them outgrow the first buffer guess. */
	char big[128];
	assert_int_equal(ident_normalize_text("\xef\xb7\xba\xef\xb7\xba", big, sizeof big), 66);
	assert_int_equal(strlen(big), 66);
}

static void test_normalize_truncation(void **state)
{
	(void)state;
	char out[8];
	/* snprintf convention: the full length comes back, the output is cut. */
	assert_int_equal(ident_normalize_key("abcdefghijk", out, sizeof out), 11);
	assert_string_equal(out, "ABCDEFG");
	assert_int_equal(ident_normalize_key("abc", NULL, 0), 3);
	/* A cut never splits a character: 张三李 is 9 bytes; 7 fit, so only 张三 is written. */
	assert_int_equal(ident_normalize_text("张三李", out, sizeof out), 9);
	assert_string_equal(out, "张三");
	char one[1] = {'x'};
	assert_int_equal(ident_normalize_text("张", one, sizeof one), 3);
	assert_int_equal(one[0], '\0');
}

static void test_normalize_invalid_utf8(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\xff\xfe", "1\2002", "\xc3", "\xe4\xb8", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf",
		"\xe4\xb8\xad\xff\xe6\x96\x87",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char out[64];
		size_t n = ident_normalize_key(bad[i], out, sizeof out);
		assert_int_equal(strlen(out), n);
		assert_true(n > 0);
		n = ident_normalize_text(bad[i], out, sizeof out);
		assert_int_equal(strlen(out), n);
		/* Replaced by U+FFFD, so the result is valid UTF-8 that a check can reject. */
		assert_non_null(strstr(out, "\xef\xbf\xbd"));
	}
	assert_int_equal(idcard_check("\xff\xfe", today(), NULL), ID_LENGTH);
	assert_int_equal(uscc_check("91350100M000100Y4\xff", NULL), ID_CHARSET);
}

static void test_status_text(void **state)
{
	(void)state;
	for (int a = ID_OK; a <= ID_PRECISION; a++) {
		const char *t = id_status_text((id_status)a);
		assert_non_null(t);
		assert_true(strlen(t) > 0);
		assert_null(strchr(t, '\n'));
		for (int b = ID_OK; b < a; b++)
			assert_string_not_equal(t, id_status_text((id_status)b));
	}
	assert_non_null(strstr(id_status_text(ID_CHECK), "校验码"));
	assert_non_null(strstr(id_status_text(ID_FLOAT), "文本"));
	assert_non_null(strstr(id_status_text(ID_PRECISION), "15 位"));
	assert_non_null(id_status_text((id_status)99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idcard_known_good),
		cmocka_unit_test(test_idcard_every_substitution),
		cmocka_unit_test(test_idcard_transpositions),
		cmocka_unit_test(test_idcard_normalised_input),
		cmocka_unit_test(test_idcard_birth),
		cmocka_unit_test(test_idcard_area),
		cmocka_unit_test(test_idcard_check_char),
		cmocka_unit_test(test_idcard_spreadsheet_damage),
		cmocka_unit_test(test_idcard_shape),
		cmocka_unit_test(test_uscc_known_good),
		cmocka_unit_test(test_uscc_every_substitution),
		cmocka_unit_test(test_uscc_transpositions),
		cmocka_unit_test(test_uscc_rules),
		cmocka_unit_test(test_area),
		cmocka_unit_test(test_normalize_key),
		cmocka_unit_test(test_normalize_text),
		cmocka_unit_test(test_normalize_truncation),
		cmocka_unit_test(test_normalize_invalid_utf8),
		cmocka_unit_test(test_status_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
