/* Cell validation, keys, masking, row rules and format descriptions of the ledgers; their column
 * tables are in ledger_tables.c. */
#include "core/ledger.h"
#include "core/ledger_int.h"

#include "core/dev.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/campaign.h"
#include "core/dev.h"
#include "core/dues.h"
#include "core/ident.h"
#include "core/life.h"
#include "util/date.h"

/* Spellings seen in real ledgers, mapped to the canonical choice. */
static const struct {
	const char *alias, *canon;
} ENUM_ALIASES[] = {
	{"存续", "在营"}, {"开业", "在营"}, {"正常经营", "在营"}, {"营业", "在营"},
	{"存续(在营、开业、在册)", "在营"}, {"停产", "停业"}, {"已注销", "注销"},
	{"已吊销", "吊销"}, {"吊销,未注销", "吊销"},
	{"集聚区", "园区"}, {"工业园区", "园区"}, {"产业园", "园区"}, {"商务楼宇", "楼宇"},
	{"楼宇(商务楼)", "楼宇"},
	{"总支", "党总支"}, {"支部", "党支部"}, {"联合党支部", "党支部"}, {"党总支部", "党总支"},
	{"单独组建", "单独建"}, {"独立组建", "单独建"}, {"联合组建", "联合建"}, {"联建", "联合建"},
	{"挂靠组建", "挂靠建"}, {"挂靠", "挂靠建"},
	{"正式", "正式党员"}, {"预备", "预备党员"},
	{"流动党员", "流动"}, {"失去联系", "失联"}, {"停止党籍党员", "停止党籍"},
	{"党员大会", "支部党员大会"}, {"支部大会", "支部党员大会"}, {"支部党员大会会议", "支部党员大会"},
	{"支委会", "支部委员会"}, {"支部委员会会议", "支部委员会"}, {"支委会会议", "支部委员会"},
	{"党小组会议", "党小组会"}, {"小组会", "党小组会"}, {"讲党课", "党课"}, {"主题党日活动", "主题党日"},
	{"专题组织生活会", "组织生活会"}, {"民主评议", "民主评议党员"}, {"民主评议党员会议", "民主评议党员"},
	{"集中学习", "集中"}, {"现场", "集中"}, {"错时召开", "错时"}, {"轮班召开", "轮班"}, {"分组", "小组"},
	{"线上会议", "线上"}, {"网上", "线上"}, {"视频会议", "线上"},
	{"内部选举", "内选"}, {"选举产生", "内选"}, {"外部选聘", "外聘"}, {"选聘", "外聘"},
	{"上级选派", "组织选派"}, {"选派", "组织选派"},
	{"调研", "调研员"}, {"宣传", "宣传员"}, {"服务", "服务员"}, {"督导", "督导员"},
	{"培训", "集中培训"}, {"观摩", "现场观摩"}, {"讲座", "主题讲座"}, {"轮训", "全员轮训"},
	{"投资人", "出资人"}, {"党组织书记", "书记"}, {"党务干部", "党务工作者"},
	{"党员", "中共党员"}, {"中国共产党党员", "中共党员"}, {"预备党员", "中共预备党员"},
	{"中国共产党预备党员", "中共预备党员"}, {"团员", "共青团员"}, {"共青团团员", "共青团员"},
	{"民主党派成员", "民主党派"}, {"无党派人士", "其他"},
};


void ledger_trainee_person(const ledger_rec *rec, char sep, buf *out)
{
	if (rec->f[TE_IDNO]) {
		buf_puts(out, rec->f[TE_IDNO]);
		return;
	}
	buf_puts(out, rec->f[TE_NAME] ? rec->f[TE_NAME] : "");
	buf_putc(out, sep);
	buf_puts(out, rec->f[TE_USCC] ? rec->f[TE_USCC] : "");
}

void ledger_key(const ledger_def *def, const ledger_rec *rec, char sep, buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < def->ncols; i++)
		if (def->cols[i].flags & COL_KEY) {
			if (out->len)
				buf_putc(out, sep);
			buf_puts(out, rec->f[i] ? rec->f[i] : "");
		}
	if (def->kind == LEDGER_TRAINEES) {
		buf_putc(out, sep);
		ledger_trainee_person(rec, sep, out);
	}
}

const char *ledger_key_label(const ledger_def *def)
{
	static const char *const LABELS[LEDGER_NKINDS] = {
		"统一社会信用代码", "党组织名称", "公民身份号码", "姓名和派出单位",
		"党组织名称、活动类型、日期和主题", "公民身份号码、日期和内容", "党组织名称和任职日期",
		"指导员、派出单位、企业和走访日期", "名称和开始日期",
		"培训、开始日期和人员（公民身份号码，没有时为姓名和企业）", "公民身份号码", "公民身份号码和介绍信日期",
		"公民身份号码和月份",
		"名称", "排查名称和企业统一社会信用代码",
		"企业统一社会信用代码和公民身份号码",
		"党组织名称、日期和类型",
		"评定年度和指标", "党组织名称和评定年度",
		"类型、名称和企业统一社会信用代码", "党组织名称",
	};
	return LABELS[def->kind];
}

const char *ledger_col_default(const ledger_def *def, size_t col)
{
	if (def->kind == LEDGER_MEETINGS && col == MT_FORM)
		return "集中";
	if (def->kind == LEDGER_MEETINGS && col == MT_HOURS)
		return "0";
	if (def->kind == LEDGER_DUES && col == DU_RETIRED)
		return "否";
	if (def->kind == LEDGER_RUBRIC && col == RB_VETO)
		return "否";
	if (def->kind == LEDGER_TASKS && col == TK_STATUS)
		return task_state_names[TASK_NOT_STARTED];
	return NULL;
}

void ledger_fill_defaults(const ledger_def *def, ledger_rec *rec)
{
	for (size_t i = 0; i < def->ncols; i++)
		if (!rec->f[i])
			rec->f[i] = ledger_col_default(def, i);
}

int ledger_col_index(const ledger_def *def, const char *key)
{
	for (size_t i = 0; i < def->ncols; i++)
		if (strcmp(def->cols[i].key, key) == 0)
			return (int)i;
	return -1;
}

/* Header normalisation: NFKC via the key normaliser folds full-width brackets to ASCII
 * and drops spaces; then a trailing required-marker is removed. */
static void header_norm(const char *h, char *out, size_t outsz)
{
	ident_normalize_key(h, out, outsz);
	size_t n = strlen(out);
	static const char *const suffixes[] = {"(必填)", "*", "(选填)", "(可选)"};
	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
			size_t sl = strlen(suffixes[i]);
			if (n >= sl && memcmp(out + n - sl, suffixes[i], sl) == 0) {
				n -= sl;
				out[n] = '\0';
				again = 1;
			}
		}
	}
	if (out[0] == '*')
		memmove(out, out + 1, n--);
}

int ledger_match_header(const ledger_def *def, const char *header, int *ignored)
{
	char h[256], c[256];
	header_norm(header, h, sizeof h);
	*ignored = 0;
	for (size_t i = 0; i < def->ncols; i++) {
		header_norm(def->cols[i].header, c, sizeof c);
		if (strcmp(h, c) == 0)
			return (int)i;
		for (const char *const *v = def->cols[i].variants; v && *v; v++) {
			header_norm(*v, c, sizeof c);
			if (strcmp(h, c) == 0)
				return (int)i;
		}
	}
	static const char *const skip[] = {"序号", "编号", "备注", "NO.", "NO"};
	for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
		if (strcmp(h, skip[i]) == 0)
			*ignored = 1;
	return -1;
}

/* Trims ASCII whitespace, U+3000 and U+00A0 at both ends; collapses inner ASCII runs. */
void text_clean(const char *s, buf *out)
{
	size_t n = strlen(s), a = 0;
	for (;;) {
		if (a < n && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n'))
			a++;
		else if (n - a >= 3 && memcmp(s + a, "\xe3\x80\x80", 3) == 0)
			a += 3;
		else if (n - a >= 2 && memcmp(s + a, "\xc2\xa0", 2) == 0)
			a += 2;
		else
			break;
	}
	for (;;) {
		if (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		else if (n - a >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
			n -= 3;
		else if (n - a >= 2 && memcmp(s + n - 2, "\xc2\xa0", 2) == 0)
			n -= 2;
		else
			break;
	}
	/* Copy runs between whitespace in one go; a run of whitespace becomes one space. */
	size_t i = a;
	while (i < n) {
		size_t j = i + strcspn(s + i, " \t\r\n"); /* (s ends at its NUL, past n) */
		if (j > n)
			j = n;
		buf_add(out, s + i, j - i);
		if (j == n)
			break;
		while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n'))
			j++;
		buf_putc(out, ' ');
		i = j;
	}
}

static int looks_scientific(const char *s)
{
	const char *e = strpbrk(s, "eE");
	if (!e)
		return 0;
	char *end;
	strtod(s, &end);
	return *end == '\0';
}

/* Choices and aliases are written in normalised form (no spaces, ASCII brackets and commas),
 * so the normalised cell compares with them directly; test_ledger checks that they are. */
static val_status parse_enum(const ledger_col *col, const char *key, buf *out, buf *msg)
{
	for (const char *const *c = col->choices; *c; c++) {
		if (strcmp(key, *c) == 0) {
			buf_puts(out, *c);
			return VAL_OK;
		}
	}
	for (size_t i = 0; i < sizeof ENUM_ALIASES / sizeof ENUM_ALIASES[0]; i++) {
		if (strcmp(key, ENUM_ALIASES[i].alias) != 0)
			continue;
		for (const char *const *c = col->choices; *c; c++)
			if (strcmp(*c, ENUM_ALIASES[i].canon) == 0) {
				buf_puts(out, *c);
				return VAL_OK;
			}
	}
	buf_puts(msg, "应为 ");
	for (const char *const *c = col->choices; *c; c++)
		buf_printf(msg, "%s%s", c == col->choices ? "" : "、", *c);
	buf_puts(msg, " 之一");
	return VAL_ERROR;
}

static val_status parse_bool(const char *key, buf *out, buf *msg)
{
	static const char *const yes[] = {"是", "Y", "YES", "1", "√", "✓", "有", "TRUE", "T"};
	static const char *const no[] = {"否", "N", "NO", "0", "×", "✗", "X", "无", "FALSE", "F"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(key, yes[i]) == 0) {
			buf_puts(out, "是");
			return VAL_OK;
		}
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcmp(key, no[i]) == 0) {
			buf_puts(out, "否");
			return VAL_OK;
		}
	buf_puts(msg, "应为 是/否（也可写 Y/N、1/0、√/×）");
	return VAL_ERROR;
}

/* Numbers: "1,234", "12.0" (Excel), an optional unit suffix. */
static val_status parse_number(const ledger_col *col, const char *key, buf *out, buf *msg)
{
	/* The common case, plain digits, is already canonical (after leading zeros). */
	size_t nd = strspn(key, "0123456789");
	if (nd > 0 && nd < 10 && key[nd] == '\0') {
		while (key[0] == '0' && key[1])
			key++;
		buf_puts(out, key);
		return VAL_OK;
	}
	char tmp[64];
	size_t j = 0;
	for (const char *p = key; *p && j + 1 < sizeof tmp; p++)
		if (*p != ',')
			tmp[j++] = *p;
	tmp[j] = '\0';
	static const char *const units[] = {"万元", "万", "人", "名"};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t ul = strlen(units[i]);
		if (j > ul && strcmp(tmp + j - ul, units[i]) == 0) {
			j -= ul;
			tmp[j] = '\0';
			break;
		}
	}
	char *end;
	double v = strtod(tmp, &end);
	if (j == 0 || *end != '\0' || !isfinite(v)) {
		buf_puts(msg, col->type == COL_INT ? "应为整数" : "应为数字");
		return VAL_ERROR;
	}
	if (v < 0) {
		buf_puts(msg, "不能为负数");
		return VAL_ERROR;
	}
	if (col->type == COL_INT) {
		if (v != floor(v) || v > 1e9) {
			buf_puts(msg, "应为整数");
			return VAL_ERROR;
		}
		buf_printf(out, "%.0f", v);
	} else {
		buf_printf(out, "%.15g", v);
	}
	return VAL_OK;
}

struct pilot_ctx {
	const char *code;
	int found;
};

static void pilot_item(void *p, const char *item, size_t len)
{
	struct pilot_ctx *pc = p;
	char one[64], norm[64];
	if (len >= sizeof one)
		return;
	memcpy(one, item, len);
	one[len] = '\0';
	ident_normalize_key(one, norm, sizeof norm);
	if (strcmp(norm, pc->code) == 0)
		pc->found = 1;
}

static int in_pilot_list(const char *list, const char *code)
{
	struct pilot_ctx pc = {code, 0};
	if (list)
		ledger_list_each(list, pilot_item, &pc);
	return pc.found;
}

static val_status id_error(id_status st, char expected, buf *msg)
{
	buf_puts(msg, id_status_text(st));
	if (st == ID_CHECK && expected)
		buf_printf(msg, "（按前 17 位计算应为 %c）", expected);
	return VAL_ERROR;
}

/* key: raw as ident_normalize_key wrote it, kl its length; kl SIZE_MAX: raw is checked as it is. */
static val_status parse_uscc(const char *raw, const char *key, size_t kl, unsigned flags, const ledger_ctx *ctx,
			     buf *out, buf *msg)
{
	if (flags & CELL_WAS_NUMBER || looks_scientific(key)) {
		buf_puts(msg, "统一社会信用代码被电子表格当成了数字（可能已变成科学计数法或丢失末位），"
			      "请把该列设为“文本”格式后重新录入原始代码");
		return VAL_ERROR;
	}
	uscc_info info;
	id_status st = kl == SIZE_MAX ? uscc_check(raw, &info) : uscc_check_key(key, kl, &info);
	if (st == ID_CHECK && in_pilot_list(ctx->pilot_uscc, info.norm)) {
		buf_puts(out, info.norm);
		buf_puts(msg, "校验码不符，但属于已登记的试点代码，按有效处理");
		return VAL_WARN;
	}
	if (st != ID_OK)
		return id_error(st, info.expected_check, msg);
	buf_puts(out, info.norm);
	return VAL_OK;
}

/* One 公民身份号码: its canonical form into norm (idcard_check's), or VAL_ERROR with the reason.
 * key: raw as ident_normalize_key wrote it, kl its length (checked without normalising again);
 * key NULL: raw is checked as it is. */
val_status idno_check(const char *raw, const char *key, size_t kl, unsigned flags, const ledger_ctx *ctx, char norm[19],
		      buf *msg)
{
	if (strchr(raw, '*')) {
		buf_puts(msg, "身份证号已脱敏（含 *），不能导入；请使用 fgdj export --unmasked 导出的文件");
		return VAL_ERROR;
	}
	if (flags & CELL_WAS_NUMBER) {
		buf_puts(msg, "公民身份号码被电子表格存成了数字，超过 15 位的数字已丢失精度；"
			      "请把该列设为“文本”格式后重新录入原始号码");
		return VAL_ERROR;
	}
	idcard_info info;
	id_status st = key ? idcard_check_key(key, kl, ctx->today, &info) : idcard_check(raw, ctx->today, &info);
	if (st != ID_OK)
		return id_error(st, info.expected_check, msg);
	memcpy(norm, info.norm, 19);
	return VAL_OK;
}

static val_status parse_idno(const char *raw, const char *key, size_t kl, unsigned flags, const ledger_ctx *ctx,
			     buf *out, buf *msg)
{
	char norm[19];
	val_status st = idno_check(raw, key, kl, flags, ctx, norm, msg);
	if (st == VAL_OK)
		buf_puts(out, norm);
	return st;
}

struct list_ctx {
	const ledger_ctx *ctx;
	buf *out, *msg;
	buf item;
	int bad;
};

static void list_item(void *p, const char *item, size_t len)
{
	struct list_ctx *lc = p;
	if (lc->bad)
		return;
	char one[128];
	if (len >= sizeof one) {
		buf_printf(lc->msg, "“%.*s…”不是统一社会信用代码", 24, item);
		lc->bad = 1;
		return;
	}
	memcpy(one, item, len);
	one[len] = '\0';
	buf_reset(&lc->item);
	buf tmpmsg = {0};
	val_status st = parse_uscc(one, one, SIZE_MAX, 0, lc->ctx, &lc->item, &tmpmsg);
	if (st == VAL_ERROR) {
		buf_printf(lc->msg, "“%s”：%s", one, buf_cstr(&tmpmsg));
		lc->bad = 1;
	} else if (!strstr(buf_cstr(lc->out), buf_cstr(&lc->item))) {
		if (lc->out->len)
			buf_puts(lc->out, "；");
		buf_puts(lc->out, buf_cstr(&lc->item));
	}
	buf_free(&tmpmsg);
}

/* Separators: ; ； 、 , ， and newlines. */
static size_t sep_len(const char *p)
{
	if (*p == ';' || *p == ',' || *p == '\n' || *p == '\r' || *p == ' ')
		return 1;
	if ((unsigned char)*p < 0x80) /* the rest are three bytes from 0xE3 or 0xEF */
		return 0;
	if (strncmp(p, "；", 3) == 0 || strncmp(p, "、", 3) == 0 || strncmp(p, "，", 3) == 0)
		return 3;
	return 0;
}

void ledger_list_each(const char *value, void (*fn)(void *ctx, const char *item, size_t len), void *ctx)
{
	const char *p = value;
	while (*p) {
		size_t s;
		while ((s = sep_len(p)) != 0)
			p += s;
		if (!*p)
			break;
		const char *q = p;
		for (;; q++) { /* letters and digits (an ID number's) are never separators: no call */
			unsigned char c = (unsigned char)*q;
			if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
				continue;
			if (!c || sep_len(q))
				break;
		}
		fn(ctx, p, (size_t)(q - p));
		p = q;
	}
}

static val_status parse_phone(const char *key, buf *out, buf *msg)
{
	int digits = 0;
	for (const char *p = key; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p != '-' && *p != '+' && *p != '(' && *p != ')') {
			buf_puts(msg, "电话号码只能包含数字和 -");
			return VAL_ERROR;
		}
	}
	if (digits < 7 || digits > 20) {
		buf_puts(msg, "电话号码位数不对（应为 7–20 位数字）");
		return VAL_ERROR;
	}
	buf_puts(out, key);
	return VAL_OK;
}

/* 学时 of one record: life.h owns the rule (≥ 0, one decimal, at most a day). */
static val_status parse_hours(const char *key, buf *out, buf *msg)
{
	char tmp[64];
	if (strlen(key) >= sizeof tmp) {
		buf_puts(msg, "学时应为数字");
		return VAL_ERROR;
	}
	memcpy(tmp, key, strlen(key) + 1);
	static const char *const units[] = {"小时", "学时", "H"};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t tl = strlen(tmp), ul = strlen(units[i]);
		if (tl > ul && strcmp(tmp + tl - ul, units[i]) == 0)
			tmp[tl - ul] = '\0';
	}
	int tenths;
	const char *why = study_hours_parse(tmp, &tenths);
	if (why) {
		buf_puts(msg, why);
		return VAL_ERROR;
	}
	char s[16];
	study_hours_format(tenths, s);
	buf_puts(out, s);
	return VAL_OK;
}

struct enumlist_ctx {
	const ledger_col *col;
	unsigned seen;
	buf one, val, *msg;
};

static void enumlist_item(void *p, const char *item, size_t len)
{
	struct enumlist_ctx *lc = p;
	if (lc->msg->len)
		return;
	buf_reset(&lc->one);
	buf_add(&lc->one, item, len);
	char key[128];
	ident_normalize_key(buf_cstr(&lc->one), key, sizeof key);
	buf_reset(&lc->val);
	buf why = {0};
	if (parse_enum(lc->col, key, &lc->val, &why) == VAL_ERROR) {
		buf_printf(lc->msg, "“%s”：%s", buf_cstr(&lc->one), buf_cstr(&why));
	} else {
		for (unsigned i = 0; lc->col->choices[i]; i++)
			if (strcmp(lc->col->choices[i], buf_cstr(&lc->val)) == 0)
				lc->seen |= 1u << i;
	}
	buf_free(&why);
}

/* Repeats collapse: "调研员、调研" names one role. */
static val_status parse_enum_list(const ledger_col *col, const char *raw, buf *out, buf *msg)
{
	struct enumlist_ctx lc = {col, 0, {0}, {0}, msg};
	ledger_list_each(raw, enumlist_item, &lc);
	buf_free(&lc.one);
	buf_free(&lc.val);
	if (msg->len)
		return VAL_ERROR;
	for (unsigned i = 0; col->choices[i]; i++)
		if (lc.seen & 1u << i) {
			if (out->len)
				buf_puts(out, "；");
			buf_puts(out, col->choices[i]);
		}
	return out->len ? VAL_OK : VAL_EMPTY;
}

static val_status parse_money(const char *key, buf *out, buf *msg)
{
	int64_t c;
	switch (dues_money_parse(key, &c)) {
	case 0: {
		char t[24];
		dues_money_format(c, t);
		buf_puts(out, t);
		return VAL_OK;
	}
	case -2:
		buf_puts(msg, "金额不能为负数");
		return VAL_ERROR;
	case -3:
		buf_puts(msg, "金额至多两位小数（到分）");
		return VAL_ERROR;
	case -4:
		buf_puts(msg, "金额过大");
		return VAL_ERROR;
	default:
		buf_puts(msg, "应为金额（元，如 3000 或 3000.50）");
		return VAL_ERROR;
	}
}

/* A month; a spreadsheet may have turned it into a date (its first day), which names the month.
 * A month that has not begun is refused, as a date after today is. */
static val_status parse_month(const char *key, unsigned cell_flags, const ledger_ctx *ctx, buf *out, buf *msg)
{
	int m, d;
	if (dues_month_parse(key, &m) != 0) {
		if (!(cell_flags & CELL_WAS_DATE) || date_parse(key, &d) != 0) {
			buf_puts(msg, "月份无法识别（可写 2026-03、2026-3、2026年3月或 202603）");
			return VAL_ERROR;
		}
		m = dues_month_of_day(d);
	}
	if (m > dues_month_of_day(ctx->today)) {
		buf_puts(msg, "月份晚于本月");
		return VAL_ERROR;
	}
	char t[8];
	dues_month_format(m, t);
	buf_puts(out, t);
	return VAL_OK;
}

val_status ledger_parse_value(const ledger_col *col, const char *raw, unsigned cell_flags,
			      const ledger_ctx *ctx, buf *out, buf *msg)
{
	buf_reset(out);
	buf_reset(msg);
	if (col->type == COL_TEXT) {
		/* Free text keeps its characters (full-width brackets in names are correct Chinese). */
		text_clean(raw, out);
		if (out->len > 2000) {
			buf_puts(msg, "内容过长（最多 2000 字节）");
			return VAL_ERROR;
		}
		return out->len ? VAL_OK : VAL_EMPTY;
	}
	/* Most enumeration and yes/no cells are typed exactly as the canonical value: no need to
	 * normalise them (ICU costs more than the rest of the row). */
	if (col->type == COL_ENUM)
		for (const char *const *c = col->choices; *c; c++)
			if (strcmp(raw, *c) == 0) {
				buf_puts(out, *c);
				return VAL_OK;
			}
	if (col->type == COL_BOOL && (strcmp(raw, "是") == 0 || strcmp(raw, "否") == 0)) {
		buf_puts(out, raw);
		return VAL_OK;
	}
	int is_list = col->type == COL_USCC_LIST || col->type == COL_IDNO_LIST || col->type == COL_ABSENT_LIST ||
		      col->type == COL_ENUM_LIST;
	/* A list is parsed from raw item by item; its normalised whole only tells whether it is empty,
	 * which a leading ASCII digit (kept by the normalisation) already answers. */
	if (is_list && raw[0] >= '0' && raw[0] <= '9')
		goto list;
	char key[512];
	size_t kl = ident_normalize_key(raw, key, sizeof key);
	if (kl == 0)
		return VAL_EMPTY;
	if (kl >= sizeof key && !is_list) {
		buf_puts(msg, "内容过长");
		return VAL_ERROR;
	}
	switch (col->type) {
	case COL_TEXT:
		return VAL_ERROR; /* handled above */
	case COL_INT:
	case COL_NUM:
		return parse_number(col, key, out, msg);
	case COL_BOOL:
		return parse_bool(key, out, msg);
	case COL_DATE: {
		int d;
		if (date_parse(key, &d) != 0) {
			buf_puts(msg, "日期无法识别（可写 2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日）");
			return VAL_ERROR;
		}
		if (d > ctx->today && !(col->flags & COL_FUTURE)) {
			buf_puts(msg, "日期晚于今天");
			return VAL_ERROR;
		}
		char s[11];
		date_format(d, s);
		buf_puts(out, s);
		return VAL_OK;
	}
	case COL_ENUM:
		return parse_enum(col, key, out, msg);
	case COL_USCC:
		return parse_uscc(raw, key, kl, cell_flags, ctx, out, msg);
	case COL_IDNO:
		return parse_idno(raw, key, kl, cell_flags, ctx, out, msg);
	case COL_PHONE:
		return parse_phone(key, out, msg);
	case COL_HOURS:
		return parse_hours(key, out, msg);
	case COL_MONEY:
		return parse_money(key, out, msg);
	case COL_MONTH:
		return parse_month(key, cell_flags, ctx, out, msg);
	default:
		break;
	}
list:
	switch (col->type) {
	case COL_USCC_LIST: {
		struct list_ctx lc = {ctx, out, msg, {0}, 0};
		ledger_list_each(raw, list_item, &lc);
		buf_free(&lc.item);
		if (lc.bad)
			return VAL_ERROR;
		return out->len ? VAL_OK : VAL_EMPTY;
	}
	case COL_IDNO_LIST:
		return parse_idno_list(raw, ctx, out, msg);
	case COL_ABSENT_LIST:
		return parse_absent_list(raw, ctx, out, msg);
	case COL_ENUM_LIST:
		return parse_enum_list(col, raw, out, msg);
	default:
		break;
	}
	return VAL_ERROR;
}

/* A member both present and absent: canonical lists are sorted by the ID number that leads each
 * item (18 characters), so one walk along both finds a common one. */
static int check_meeting(const ledger_rec *rec, buf *msg)
{
	const char *a = rec->f[MT_ATTENDEES], *b = rec->f[MT_ABSENTEES];
	if (!a || !b)
		return -1;
	while (strnlen(a, 18) == 18 && strnlen(b, 18) == 18) {
		int c = memcmp(a, b, 18);
		if (c == 0) {
			buf_printf(msg, "“%.18s”同时出现在参加党员和缺席党员中", b);
			return MT_ABSENTEES;
		}
		const char **p = c < 0 ? &a : &b, *n = strstr(*p, "；");
		if (!n)
			break;
		*p = n + 3;
	}
	return -1;
}

void ledger_dev_record(const ledger_rec *rec, dev_record *out)
{
	memset(out, 0, sizeof *out);
	int male;
	if (!rec->f[DV_IDNO] || idcard_birth_sex(rec->f[DV_IDNO], &out->birth, &male) != 0)
		out->birth = DATE_NONE;
	for (int i = 0; i < DEV_NSTEPS; i++)
		if (!rec->f[DV_APPLY + i] || date_parse(rec->f[DV_APPLY + i], &out->step[i]) != 0)
			out->step[i] = DATE_NONE;
	out->recommended = rec->f[DV_RECOMMEND] != NULL;
	for (const char *p = rec->f[DV_CONTACTS]; p && *p; out->contacts++) {
		const char *n = strstr(p, "；");
		p = n ? n + 3 : p + strlen(p);
	}
	out->training_tenths = rec->f[DV_TRAINING_HOURS] ? (int)lround(strtod(rec->f[DV_TRAINING_HOURS], NULL) * 10) : -1;
	out->extension_months = rec->f[DV_EXTENSION] ? (int)strtol(rec->f[DV_EXTENSION], NULL, 10) : 0;
}

int ledger_check_row(const ledger_def *def, const ledger_rec *rec, const ledger_ctx *ctx, buf *msg)
{
	(void)ctx; /* today's rules are all in ledger_parse_value; the context stays for callers' sake */
	buf_reset(msg);
	int bad = ledger_check_closing(def, rec, msg);
	if (bad >= 0)
		return bad;
	switch (def->kind) {
	case LEDGER_ENTERPRISES: {
		int z = E_ZONE, zk = E_ZONE_KIND;
		if (rec->f[z] && !rec->f[zk]) {
			buf_puts(msg, "填写了所属区域时必须填写区域类型（园区/商圈/楼宇/科技园）");
			return zk;
		}
		if (!rec->f[z] && rec->f[zk]) {
			buf_puts(msg, "填写了区域类型但没有填写所属区域");
			return z;
		}
		return -1;
	}
	case LEDGER_ORGS: {
		int mode = O_MODE, covers = O_COVERS, hc = O_HAS_COMMITTEE, cs = O_COMMITTEE_SIZE;
		int f = O_FOUNDED, t = O_TERM_START;
		if (strcmp(rec->f[mode], "上级机关") == 0 && rec->f[covers]) {
			buf_puts(msg, "组建方式为“上级机关”的领导机构不直接覆盖企业，覆盖企业应为空");
			return covers;
		}
		if (rec->f[hc] && strcmp(rec->f[hc], "否") == 0 && rec->f[cs] && strcmp(rec->f[cs], "0") != 0) {
			buf_puts(msg, "未设支委会，支委会人数应为空或 0");
			return cs;
		}
		long size = rec->f[cs] ? strtol(rec->f[cs], NULL, 10) : 0;
		if (size != 0 && (size < 3 || size > 9)) {
			buf_puts(msg, "支委会人数应为 3–9 人（一般 3–5 人，最多不超过 7 人；党委可多于 7 人）");
			return cs;
		}
		if (rec->f[t] && strcmp(rec->f[t], rec->f[f]) < 0) {
			buf_puts(msg, "本届任期开始日期早于党组织成立日期");
			return t;
		}
		return -1;
	}
	case LEDGER_MEMBERS: {
		int id = M_IDNO, st = M_STATUS, jd = M_JOIN_DATE, fd = M_FULL_DATE;
		int birth, male;
		if (idcard_birth_sex(rec->f[id], &birth, &male) == 0) {
			int j;
			if (date_parse(rec->f[jd], &j) == 0 && j < date_add_years(birth, 18)) {
				buf_puts(msg, "入党日期早于本人年满 18 周岁的日期（出生日期取自身份证号）");
				return jd;
			}
		}
		if (rec->f[fd]) {
			if (strcmp(rec->f[fd], rec->f[jd]) <= 0) {
				buf_puts(msg, "转正日期必须晚于入党日期");
				return fd;
			}
			if (strcmp(rec->f[st], "预备党员") == 0) {
				buf_puts(msg, "预备党员不应有转正日期；已转正的请把人员类别改为正式党员");
				return fd;
			}
		}
		if (rec->f[M_ORG] && rec->f[M_OUTSIDE_ORG]) {
			buf_puts(msg, "组织关系在本区党组织时，区外组织关系应为空");
			return M_OUTSIDE_ORG;
		}
		return -1;
	}
	case LEDGER_MEETINGS:
		return check_meeting(rec, msg);
	case LEDGER_STUDY:
		if (strcmp(rec->f[ST_HOURS], "0") == 0) {
			buf_puts(msg, "学时应大于 0");
			return ST_HOURS;
		}
		return -1;
	case LEDGER_SECRETARIES: {
		int a, b;
		if (rec->f[SE_UNTIL] && date_parse(rec->f[SE_SINCE], &a) == 0 && date_parse(rec->f[SE_UNTIL], &b) == 0 &&
		    !secretary_term_valid(a, b)) {
			buf_puts(msg, "离任日期应晚于任职日期");
			return SE_UNTIL;
		}
		return -1;
	}
	case LEDGER_TRAININGS: {
		int a, b = 0;
		if (date_parse(rec->f[TR_START], &a) != 0)
			return -1;
		if (rec->f[TR_END] && date_parse(rec->f[TR_END], &b) == 0 && b < a) {
			buf_puts(msg, "结束日期早于开始日期");
			return TR_END;
		}
		int days = rec->f[TR_END] ? b - a + 1 : 1;
		if (rec->f[TR_HOURS] && strtod(rec->f[TR_HOURS], NULL) * 10 > (double)STUDY_MAX_TENTHS * days) {
			buf_printf(msg, "学时超过 %d 天的 %d 小时", days, days * STUDY_MAX_TENTHS / 10);
			return TR_HOURS;
		}
		return -1;
	}
	case LEDGER_DEVELOPMENT: {
		dev_record r;
		ledger_dev_record(rec, &r);
		int step;
		char m[DEV_MSG_MAX];
		if (dev_input_check(&r, &step, m)) {
			buf_puts(msg, m);
			return DV_APPLY + step;
		}
		if (r.extension_months && (r.extension_months < 6 || r.extension_months > 12)) {
			buf_puts(msg, "延长预备期应为 6 至 12 个月");
			return DV_EXTENSION;
		}
		if (r.extension_months && r.step[DEV_STEP_ASSEMBLY] == DATE_NONE) {
			buf_puts(msg, "没有支部大会日期，不能延长预备期");
			return DV_EXTENSION;
		}
		if (r.training_tenths > 10000) {
			buf_puts(msg, "集中培训学时超过 1000 学时");
			return DV_TRAINING_HOURS;
		}
		/* A notice under way has a start and no end yet; an end needs its start. */
		if (rec->f[DV_NOTICE_END] && !rec->f[DV_NOTICE]) {
			buf_puts(msg, "填写了公示结束日期，但没有公示开始日期");
			return DV_NOTICE;
		}
		return -1;
	}
	case LEDGER_TRANSFERS: {
		int a, b;
		if (rec->f[TF_DONE] && date_parse(rec->f[TF_LETTER], &a) == 0 && date_parse(rec->f[TF_DONE], &b) == 0 && b < a) {
			buf_puts(msg, "办结日期早于介绍信日期");
			return TF_DONE;
		}
		if (strcmp(rec->f[TF_ORG], rec->f[TF_OTHER]) == 0) {
			buf_puts(msg, "对方党组织与本方党组织相同");
			return TF_OTHER;
		}
		return -1;
	}
	case LEDGER_DUES:
		/* The due is needed to tell paid from unpaid; without it the rule computes it from the base. */
		if (!rec->f[DU_DUE] && !rec->f[DU_BASE]) {
			buf_puts(msg, "应缴为空时须填写税后工资（据以按比例计算应缴）");
			return DU_DUE;
		}
		return -1;
	case LEDGER_CAMPAIGNS: {
		int a, b;
		if (date_parse(rec->f[CP_START], &a) == 0 && date_parse(rec->f[CP_DEADLINE], &b) == 0 && b < a) {
			buf_puts(msg, "截止日期早于开始日期");
			return CP_DEADLINE;
		}
		return -1;
	}
	case LEDGER_TASKS: {
		int st = task_state_parse(rec->f[TK_STATUS]), done, at_date = 0;
		char m[128];
		if (st < 0 || !rec->f[TK_DONE] || date_parse(rec->f[TK_DONE], &done) != 0)
			done = DATE_NONE;
		if (st >= 0 && task_check(st, done, &at_date, m, sizeof m)) {
			buf_puts(msg, m);
			return at_date ? TK_DONE : TK_STATUS;
		}
		return -1;
	}
	case LEDGER_ROSTERS: {
		int birth, male, hired;
		if (rec->f[RS_HIRED] && date_parse(rec->f[RS_HIRED], &hired) == 0 &&
		    idcard_birth_sex(rec->f[RS_IDNO], &birth, &male) == 0 && hired < date_add_years(birth, 16)) {
			buf_puts(msg, "入职时未满 16 周岁（按公民身份号码中的出生日期）");
			return RS_HIRED;
		}
		return -1;
	}
	case LEDGER_FUNDING: {
		/* COL_MONEY admits 0 (a dues row may be nil); a grant of nothing is a typing mistake. */
		int64_t fen = 0;
		if (dues_money_parse(rec->f[FU_AMOUNT], &fen) == 0 && fen <= 0) {
			buf_puts(msg, "金额应大于 0");
			return FU_AMOUNT;
		}
		return -1;
	}
	case LEDGER_RUBRIC: {
		int veto = rec->f[RB_VETO] && strcmp(rec->f[RB_VETO], "是") == 0; /* empty: 否 (ledger_col_default) */
		long year = strtol(rec->f[RB_YEAR], NULL, 10);
		if (year < 2000 || year > 2100) {
			buf_puts(msg, "评定年度应为四位年份（如 2025）");
			return RB_YEAR;
		}
		/* The score sheet writes "指标：分；…": an indicator holding either mark could not be read back. */
		if (strstr(rec->f[RB_INDICATOR], "：") || strstr(rec->f[RB_INDICATOR], "；")) {
			buf_puts(msg, "指标名称中不能有“：”或“；”");
			return RB_INDICATOR;
		}
		if (veto && rec->f[RB_POINTS] && strcmp(rec->f[RB_POINTS], "0") != 0) {
			buf_puts(msg, "否决项没有分值（应为空或 0）");
			return RB_POINTS;
		}
		if (!veto && (!rec->f[RB_POINTS] || strcmp(rec->f[RB_POINTS], "0") == 0)) {
			buf_puts(msg, "计分指标须有分值（1 分以上）");
			return RB_POINTS;
		}
		return -1;
	}
	case LEDGER_RATINGS: {
		int y, d;
		long year = strtol(rec->f[RT_YEAR], NULL, 10);
		if (year < 2000 || year > 2100) {
			buf_puts(msg, "评定年度应为四位年份（如 2025）");
			return RT_YEAR;
		}
		if (date_parse(rec->f[RT_DATE], &d) == 0) {
			date_to_ymd(d, &y, &(int){0}, &(int){0});
			if (y < year) {
				buf_printf(msg, "评定日期早于评定年度 %s 年", rec->f[RT_YEAR]);
				return RT_DATE;
			}
		}
		return -1;
	}
	case LEDGER_DESIGNATIONS: {
		int a, b;
		if (rec->f[DG_REVOKED] && date_parse(rec->f[DG_GRANTED], &a) == 0 && date_parse(rec->f[DG_REVOKED], &b) == 0 &&
		    b < a) {
			buf_puts(msg, "撤销日期早于授予日期");
			return DG_REVOKED;
		}
		return -1;
	}
	case LEDGER_INSTRUCTORS:
	case LEDGER_VISITS:
	case LEDGER_TRAINEES:
	case LEDGER_VENUES:
	case LEDGER_NKINDS:
		return -1;
	}
	return -1;
}

int ledger_dynamic_col(const ledger_def *def)
{
	for (size_t i = 0; i < def->ncols; i++)
		if (def->cols[i].flags & COL_DYNAMIC)
			return (int)i;
	return -1;
}

void ledger_dynamic_add(buf *out, const char *header, const char *value)
{
	buf_printf(out, "%s%s：%s", out->len ? "；" : "", header, value);
}

void ledger_dynamic_each(const char *value, void (*fn)(void *ctx, const char *h, size_t hl, const char *v, size_t vl),
			 void *ctx)
{
	for (const char *p = value; p && *p;) {
		const char *end = strstr(p, "；");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *colon = strstr(p, "：");
		if (colon && colon < p + len)
			fn(ctx, p, (size_t)(colon - p), colon + 3, (size_t)(p + len - colon - 3));
		else
			fn(ctx, p, len, "", 0);
		p = end ? end + 3 : p + len;
	}
}

void ledger_key_mask(const char *key, buf *out)
{
	static const ledger_col ID = {"idno", "公民身份号码", NULL, COL_IDNO, COL_PERSONAL, NULL};
	for (const char *p = key; p;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		char part[19];
		if (len == 18) {
			memcpy(part, p, 18);
			part[18] = '\0';
		}
		/* Any birth date up to the year 9999 passes: the check is of the shape, not of the day. */
		if (len == 18 && idcard_check(part, date_from_ymd(9999, 12, 31), NULL) == ID_OK)
			ledger_mask(&ID, part, out);
		else
			buf_add(out, p, len);
		if (slash)
			buf_putc(out, '/');
		p = slash ? slash + 1 : NULL;
	}
}

void ledger_mask(const ledger_col *col, const char *value, buf *out)
{
	size_t n = strlen(value);
	if (col->type == COL_IDNO_LIST || col->type == COL_ABSENT_LIST) {
		/* Each item's leading ID number is masked; a reason stays readable. */
		static const ledger_col ID = {"idno", "公民身份号码", NULL, COL_IDNO, COL_PERSONAL, NULL};
		for (const char *p = value; *p;) {
			const char *next = strstr(p, "；");
			size_t len = next ? (size_t)(next - p) : strlen(p);
			char id[19];
			if (len >= 18) {
				memcpy(id, p, 18);
				id[18] = '\0';
				ledger_mask(&ID, id, out);
				buf_add(out, p + 18, len - 18);
			} else {
				buf_add(out, p, len);
			}
			if (!next)
				break;
			buf_puts(out, "；");
			p = next + 3;
		}
		return;
	}
	if (col->type == COL_IDNO && n == 18) {
		buf_add(out, value, 6);
		buf_puts(out, "********");
		buf_add(out, value + 14, 4);
	} else if (col->type == COL_PHONE && n >= 7) {
		buf_add(out, value, 3);
		for (size_t i = 3; i < n - 4; i++)
			buf_putc(out, '*');
		buf_add(out, value + n - 4, 4);
	} else {
		for (size_t i = 0; i < n; i++)
			buf_putc(out, '*');
	}
}

/* What a column accepts, in words. */
static void col_accepts(const ledger_col *c, buf *out)
{
	if (c->flags & COL_DYNAMIC) { /* the only dynamic column: a rating's indicators */
		buf_puts(out, "不是一列：该评定年度评分细则的每项计分指标各占一列，列名为指标名，填该项得分（≥ 0，至多一位小数，"
			      "不超过该项分值）；未否决的须逐项填写，0 分也写 0");
		return;
	}
	switch (c->type) {
	case COL_INT:
		buf_puts(out, "整数（≥ 0）");
		break;
	case COL_NUM:
		buf_puts(out, "数字（≥ 0）");
		break;
	case COL_BOOL:
		buf_puts(out, "是 / 否（也可写 Y/N、1/0、√/×）");
		break;
	case COL_DATE:
		buf_puts(out, "日期（2024-03-05、2024/3/5、2024.3.5、2024年3月5日或 Excel 日期）");
		buf_puts(out, c->flags & COL_FUTURE ? "，可晚于今天" : "，不晚于今天");
		break;
	case COL_ENUM:
		buf_puts(out, "取值：");
		for (const char *const *v = c->choices; v && *v; v++)
			buf_printf(out, "%s%s", v == c->choices ? "" : " / ", *v);
		break;
	case COL_USCC:
		buf_puts(out, "统一社会信用代码（18 位，按 GB 32100 校验；全角、空格、小写会被规范）");
		break;
	case COL_IDNO:
		buf_puts(out, "公民身份号码（18 位，按 GB 11643 校验；出生日期和性别由号码得出）");
		break;
	case COL_USCC_LIST:
		buf_puts(out, "统一社会信用代码的列表，用 ; ； 、 , ， 分隔，每个都须已在企业台账中");
		break;
	case COL_PHONE:
		buf_puts(out, "电话号码");
		break;
	case COL_HOURS:
		buf_puts(out, "学时，0–24，至多一位小数");
		break;
	case COL_IDNO_LIST:
		buf_puts(out, "公民身份号码的列表，用 ; ； 、 , ， 分隔，不能重复");
		break;
	case COL_ABSENT_LIST:
		buf_puts(out, "“号码：原因”的列表，用 ； 或 ; 或换行分隔，每项都要写原因");
		break;
	case COL_ENUM_LIST:
		buf_puts(out, "列表，用 ; ； 、 , ， 分隔，取值：");
		for (const char *const *v = c->choices; v && *v; v++)
			buf_printf(out, "%s%s", v == c->choices ? "" : " / ", *v);
		break;
	case COL_MONEY:
		buf_puts(out, "金额（元，≥ 0，至多两位小数）");
		break;
	case COL_MONTH:
		buf_puts(out, "月份（2026-03、2026-3、2026年3月或 202603），不晚于本月");
		break;
	case COL_TEXT:
		buf_puts(out, "文字");
		break;
	}
	if (c->flags & COL_PERSONAL)
		buf_puts(out, "；个人信息，导出和页面中默认脱敏");
	if (c->flags & COL_CITY)
		buf_puts(out, "；市级台账（下设区县）才有此列，写区县名称，所属街道只写街道名（也可不写此列、把所属街道写成"
			      "“区县/街道”）；区级台账不导出此列，导入时可留空或写本区名称");
}

void ledger_format_md(const ledger_def *def, buf *out)
{
	buf_printf(out, "## %s — %s\n\n", def->name, def->title);
	buf_puts(out, "以此确定是哪一行（再次导入时按它更新）：");
	int n = 0;
	for (size_t i = 0; i < def->ncols; i++)
		if (def->cols[i].flags & COL_KEY)
			buf_printf(out, "%s%s", n++ ? " + " : "", def->cols[i].header);
	buf_puts(out, "\n\n| 列名 | 必填 | 内容 | 也接受的列名 |\n|---|---|---|---|\n");
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *c = &def->cols[i];
		buf_printf(out, "| %s | %s | ", c->header, c->flags & COL_REQUIRED ? "是" : "");
		col_accepts(c, out);
		buf_puts(out, " | ");
		for (const char *const *v = c->variants; v && *v; v++)
			buf_printf(out, "%s%s", v == c->variants ? "" : "、", *v);
		buf_puts(out, " |\n");
	}
	buf_puts(out, "\n");
}
