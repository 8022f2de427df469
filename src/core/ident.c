/* ident — 公民身份号码 (GB 11643) and 统一社会信用代码 (GB 32100) checks.
 *
 * Both arrive from spreadsheets, so before the standards' own rules come two checks for the
 * damage Excel does to a long number typed into a "General" cell: it shows it in scientific
 * notation (ID_FLOAT) and keeps 15 significant digits, turning the last three into 000
 * (ID_PRECISION). They run before the length check because that is what the clerk must fix:
 * re-typing the number into a text cell, not looking for a missing digit. */
#include "core/ident.h"

#include "util/date.h"

#include <string.h>

/* Larger than any real input after normalisation; a longer key is just too long. */
#define KEY_MAX 64

const char *id_status_text(id_status st)
{
	switch (st) {
	case ID_OK:
		return "号码正确";
	case ID_EMPTY:
		return "号码为空，请填写";
	case ID_LENGTH:
		return "位数不对：应为 18 位（15 位的旧身份证号码或旧工商注册号须换成 18 位的新号码）";
	case ID_CHARSET:
		return "含有不允许的字符：身份证号码只能是数字，最后一位可以是 X；"
		       "统一社会信用代码只用数字和大写字母（不用 I、O、S、V、Z）";
	case ID_AREA:
		return "行政区划代码不存在（身份证号码第 1–6 位，统一社会信用代码第 3–8 位），请对照原件核对";
	case ID_BIRTH:
		return "出生日期（第 7–14 位）不是真实的日期，或早于 1900 年，或晚于今天，请对照身份证核对";
	case ID_CHECK:
		return "校验码（最后一位）与前 17 位算出的不符：有某一位录错了，请对照原件逐位核对";
	case ID_ORGCODE:
		return "第 9–17 位组织机构代码的校验位不符：有某一位录错了，请对照营业执照或登记证书逐位核对";
	case ID_TYPE:
		return "第 1–2 位的登记管理部门或机构类别代码不存在，请对照营业执照或登记证书核对";
	case ID_FLOAT:
		return "被电子表格存成了科学计数法数字，精度已丢失；"
		       "请把该列设为“文本”格式后重新录入原始号码";
	case ID_PRECISION:
		return "最后三位变成了 000：电子表格只保留 15 位有效数字，后三位已丢失；"
		       "请把该列设为“文本”格式后重新录入原始号码";
	}
	return "未知的号码检查结果";
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* Value of n decimal digits; the caller has checked they are digits. */
static int digits_value(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Counts code points, so that 17 digits plus one stray "×" reads as a wrong character, not as
 * a wrong length. */
static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* "1.10105E+17", "9.1110108E+17", "1.1E17": what a spreadsheet shows for a long number.
 * An 18-character run of digits with one E inside could be a real credit code (E is in its
 * alphabet), so without a '.' or '+' only a length other than 18 marks a float. */
static int looks_like_float(const char *s, size_t n)
{
	size_t i = 0;
	int marked = 0;
	while (i < n && is_digit(s[i]))
		i++;
	if (i == 0)
		return 0;
	if (i < n && s[i] == '.') {
		marked = 1;
		i++;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i >= n || s[i] != 'E')
		return 0;
	i++;
	if (i < n && s[i] == '+') {
		marked = 1;
		i++;
	}
	size_t exp = i;
	while (i < n && is_digit(s[i]))
		i++;
	if (i == exp || i != n)
		return 0;
	return marked || n != 18;
}

/* ISO 7064 MOD 11-2 over the first 17 digits. */
static char idcard_check_char(const char *s)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (s[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

/* Normalises s into key (KEY_MAX bytes); returns the key's length, or KEY_MAX when it does not
 * fit (too long to be an identifier, and not worth a message beyond ID_LENGTH). */
static size_t normalize_into(const char *s, char key[KEY_MAX])
{
	/* Nearly every number arrives as 17 ASCII digits and a digit or X, which the normalisation
	 * leaves as they are (nothing to drop, fold or upper-case): copied without it. */
	if (s && all_digits(s, 17) && (is_digit(s[17]) || s[17] == 'X') && s[18] == '\0') {
		memcpy(key, s, 19);
		return 18;
	}
	size_t n = ident_normalize_key(s, key, KEY_MAX);
	return n < KEY_MAX ? n : KEY_MAX;
}

/* Keeps the normalised form for the caller when it fits, even when it is wrong: the message
 * beside it then shows what was checked. */
static void keep_norm(char norm[19], const char *key, size_t n)
{
	if (n <= 18) {
		memcpy(norm, key, n);
		norm[n] = '\0';
	}
}

id_status idcard_check(const char *s, int today, idcard_info *out)
{
	char key[KEY_MAX];
	size_t n = normalize_into(s, key);
	return idcard_check_key(key, n, today, out);
}

id_status idcard_check_key(const char *key, size_t n, int today, idcard_info *out)
{
	idcard_info tmp = {0};
	idcard_info *o = out ? out : &tmp;
	memset(o, 0, sizeof *o);
	o->birth_days = DATE_NONE;
	n = n < KEY_MAX ? n : KEY_MAX;
	keep_norm(o->norm, key, n);
	if (n == 0)
		return ID_EMPTY;
	/* 17 digits and a digit or X — nearly every key — has the right length and characters and
	 * cannot look like a float (that needs an E); of the spreadsheet's damage only the lost
	 * precision remains to be told. */
	int shaped = n == 18 && all_digits(key, 17) && (is_digit(key[17]) || key[17] == 'X');
	if (!shaped && n < KEY_MAX && looks_like_float(key, n))
		return ID_FLOAT;
	char want = shaped ? idcard_check_char(key) : 0;
	if (shaped && memcmp(key + 15, "000", 3) == 0 && want != '0') {
		o->expected_check = want;
		return ID_PRECISION;
	}
	if (!shaped && (n >= KEY_MAX || utf8_chars(key, n) != 18))
		return ID_LENGTH;
	if (!shaped)
		return ID_CHARSET;

	o->male = (key[16] - '0') % 2;
	int area = digits_value(key, 6);
	if (!area_code_valid(area))
		return ID_AREA;
	o->area = area;

	int y = digits_value(key + 6, 4), m = digits_value(key + 10, 2), d = digits_value(key + 12, 2);
	int birth = date_valid_ymd(y, m, d) ? date_from_ymd(y, m, d) : DATE_NONE;
	if (birth == DATE_NONE || birth > today)
		return ID_BIRTH;
	o->birth_days = birth;

	if (key[17] != want) {
		o->expected_check = want;
		return ID_CHECK;
	}
	return ID_OK;
}

/* GB 32100 alphabet: the digits and the capitals without I O S V Z, which read as 1 0 5 U 2. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Each character's value + 1 (0: not in uscc_alphabet, whose order it follows), so that a code's
 * 18 characters cost no search of the alphabet each. */
static const unsigned char USCC_VALUE1[256] = {
	['0'] = 1,  ['1'] = 2,	['2'] = 3,  ['3'] = 4,	['4'] = 5,  ['5'] = 6,	['6'] = 7,  ['7'] = 8,
	['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
	['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20, ['L'] = 21, ['M'] = 22, ['N'] = 23, ['P'] = 24,
	['Q'] = 25, ['R'] = 26, ['T'] = 27, ['U'] = 28, ['W'] = 29, ['X'] = 30, ['Y'] = 31,
};

static int uscc_value(char c)
{
	return (int)USCC_VALUE1[(unsigned char)c] - 1;
}

/* Registering authority (character 1) and the organisation types (character 2) it issues.
 * 机构编制, 民政 and 工商 are the authorities nearly every code comes from, and their lists have been
 * stable since 2015; the others have gained types in amendments, so any digit is accepted. */
#define ANY_TYPE "123456789"
static const struct {
	char authority;
	const char *types;
} uscc_types[] = {
	{'1', "1239"},   /* 机构编制: 机关, 事业单位, 群众团体, 其他 */
	{'2', ANY_TYPE}, /* 外交 */
	{'3', ANY_TYPE}, /* 司法行政 */
	{'4', ANY_TYPE}, /* 文化 */
	{'5', "1239"},   /* 民政: 社会团体, 民办非企业单位, 基金会, 其他 */
	{'6', ANY_TYPE}, /* 旅游 */
	{'7', ANY_TYPE}, /* 宗教 */
	{'8', ANY_TYPE}, /* 工会 */
	{'9', "123"},    /* 工商/市场监管: 企业, 个体工商户, 农民专业合作社 */
	{'A', ANY_TYPE}, /* 中央军委改革和编制办公室 */
	{'N', ANY_TYPE}, /* 农业 */
	{'Y', ANY_TYPE}, /* 其他 */
};

static int uscc_type_known(char authority, char type)
{
	for (size_t i = 0; i < sizeof uscc_types / sizeof uscc_types[0]; i++)
		if (uscc_types[i].authority == authority)
			return type != '\0' && strchr(uscc_types[i].types, type) != NULL;
	return 0;
}

/* GB 11714 check character of the 8-character organisation code at s (USCC characters 9–16).
 * Letters count from A = 10 over the whole Latin alphabet, unlike the USCC's own check. */
static char orgcode_check_char(const char *s)
{
	static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 8; i++)
		sum += (is_digit(s[i]) ? s[i] - '0' : s[i] - 'A' + 10) * w[i];
	int c = 11 - sum % 11;
	return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

/* GB 32100 check character over the first 17 characters (all in the alphabet):
 * weights 3^i mod 31, C18 = (31 − sum mod 31) mod 31. */
static char uscc_check_char(const char *s)
{
	int sum = 0, w = 1;
	for (int i = 0; i < 17; i++) {
		sum += uscc_value(s[i]) * w;
		w = w * 3 % 31;
	}
	return uscc_alphabet[(31 - sum % 31) % 31];
}

id_status uscc_check(const char *s, uscc_info *out)
{
	char key[KEY_MAX];
	size_t n = normalize_into(s, key);
	return uscc_check_key(key, n, out);
}

id_status uscc_check_key(const char *key, size_t n, uscc_info *out)
{
	uscc_info tmp = {0};
	uscc_info *o = out ? out : &tmp;
	memset(o, 0, sizeof *o);
	n = n < KEY_MAX ? n : KEY_MAX;
	keep_norm(o->norm, key, n);
	if (n == 0)
		return ID_EMPTY;
	if (n < KEY_MAX && looks_like_float(key, n))
		return ID_FLOAT;
	/* An all-digit code is a valid shape (a 91… enterprise with a numeric organisation code),
	 * so Excel can mangle it like an identity number. */
	if (n == 18 && all_digits(key, 18) && memcmp(key + 15, "000", 3) == 0 &&
	    (orgcode_check_char(key + 8) != key[16] || uscc_check_char(key) != key[17])) {
		o->area = digits_value(key + 2, 6);
		return ID_PRECISION;
	}
	if (n >= KEY_MAX || utf8_chars(key, n) != 18)
		return ID_LENGTH;
	if (n != 18)
		return ID_CHARSET;
	for (size_t i = 0; i < 18; i++)
		if (uscc_value(key[i]) < 0)
			return ID_CHARSET;

	if (!uscc_type_known(key[0], key[1]))
		return ID_TYPE;
	if (!all_digits(key + 2, 6))
		return ID_AREA;
	o->area = digits_value(key + 2, 6);
	/* Central state organs register with 100000, the code GB/T 2260 gives the whole country. */
	if (o->area != 100000 && !area_code_valid(o->area))
		return ID_AREA;
	if (orgcode_check_char(key + 8) != key[16])
		return ID_ORGCODE;
	char want = uscc_check_char(key);
	if (key[17] != want) {
		o->expected_check = want;
		return ID_CHECK;
	}
	return ID_OK;
}

int idcard_birth_sex(const char *id, int *birth_days, int *male)
{
	for (int i = 0; i < 17; i++)
		if (id[i] < '0' || id[i] > '9')
			return -1;
	if (!(id[17] == 'X' || (id[17] >= '0' && id[17] <= '9')) || id[18] != '\0')
		return -1;
	int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
	int m = (id[10] - '0') * 10 + (id[11] - '0');
	int d = (id[12] - '0') * 10 + (id[13] - '0');
	if (!date_valid_ymd(y, m, d))
		return -1;
	*birth_days = date_from_ymd(y, m, d);
	*male = (id[16] - '0') % 2;
	return 0;
}
