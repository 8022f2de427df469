#include "core/ledger.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "util/date.h"

#define V(...) ((const char *const[]){__VA_ARGS__, NULL})

static const char *const STATUS[] = {"在营", "停业", "歇业", "注销", "吊销", NULL};
static const char *const ZONE_KINDS[] = {"园区", "商圈", "楼宇", "科技园", NULL};
static const char *const ORG_KINDS[] = {"党委", "党总支", "党支部", NULL};
static const char *const ORG_MODES[] = {"单独建", "联合建", "挂靠建", "上级机关", NULL};
static const char *const MEMBER_STATUS[] = {"正式党员", "预备党员", NULL};
static const char *const RELATIONS[] = {"正常", "流动", "失联", "停止党籍", NULL};

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
};

static const ledger_col ENT_COLS[] = {
	{"uscc", "统一社会信用代码", V("统一社会信用代码(注册号)", "社会信用代码", "信用代码", "统一代码", "注册号"), COL_USCC, COL_REQUIRED | COL_KEY, NULL},
	{"name", "企业名称", V("企业名称/单位名称", "单位名称", "企业(单位)名称", "名称"), COL_TEXT, COL_REQUIRED, NULL},
	{"street", "所属街道", V("街道", "街道(乡镇)", "所在街道"), COL_TEXT, COL_REQUIRED, NULL},
	{"community", "所属社区", V("社区", "社区(村)", "所在社区"), COL_TEXT, COL_REQUIRED, NULL},
	{"zone", "所属区域", V("区域", "所在区域", "所在园区", "园区/商圈/楼宇"), COL_TEXT, 0, NULL},
	{"zone_kind", "区域类型", V("区域类别"), COL_ENUM, 0, ZONE_KINDS},
	{"industry", "行业", V("所属行业", "行业类别", "行业门类"), COL_TEXT, 0, NULL},
	{"status", "经营状态", V("企业状态", "登记状态", "状态"), COL_ENUM, COL_REQUIRED, STATUS},
	{"employees", "从业人员数", V("从业人员", "从业人数", "职工人数", "员工人数", "职工数"), COL_INT, COL_REQUIRED, NULL},
	{"fixed_site", "有固定经营场所", V("是否有固定经营场所", "固定经营场所"), COL_BOOL, COL_REQUIRED, NULL},
	{"capital", "注册资本（万元）", V("注册资本"), COL_NUM, 0, NULL},
	{"investor", "出资人", V("出资人(负责人)", "负责人", "法定代表人"), COL_TEXT, 0, NULL},
	{"investor_member", "出资人是否党员", V("出资人(负责人)是否党员", "负责人是否党员"), COL_BOOL, 0, NULL},
	{"founded", "成立日期", V("成立时间", "注册日期"), COL_DATE, 0, NULL},
	{"op_info", "经营运行情况", V("经营情况"), COL_TEXT, 0, NULL},
	{"staff_info", "职工队伍情况", V("职工情况"), COL_TEXT, 0, NULL},
	{"no_org_reason", "未建党组织原因", V("未建立党组织原因", "未建党组织的原因"), COL_TEXT, 0, NULL},
};

static const ledger_col ORG_COLS[] = {
	{"name", "党组织名称", V("组织名称", "党组织全称"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"kind", "组织类别", V("党组织类别", "类别"), COL_ENUM, COL_REQUIRED, ORG_KINDS},
	{"mode", "组建方式", V("组建形式", "建立方式"), COL_ENUM, COL_REQUIRED, ORG_MODES},
	{"parent", "上级党组织", V("上级组织", "上级党委"), COL_TEXT, 0, NULL},
	{"covers", "覆盖企业", V("覆盖企业统一社会信用代码", "所在企业"), COL_USCC_LIST, 0, NULL},
	{"street", "所属街道", V("街道", "所在街道"), COL_TEXT, 0, NULL},
	{"community", "所属社区", V("社区", "所在社区"), COL_TEXT, 0, NULL},
	{"zone", "所属区域", V("区域", "所在区域"), COL_TEXT, 0, NULL},
	{"founded", "成立日期", V("建立日期", "成立时间"), COL_DATE, COL_REQUIRED, NULL},
	{"secretary", "书记姓名", V("书记", "党组织书记"), COL_TEXT, 0, NULL},
	{"has_committee", "是否设支委会", V("设支委会", "是否设立支委会"), COL_BOOL, 0, NULL},
	{"committee_size", "支委会人数", V("委员人数", "支委人数"), COL_INT, 0, NULL},
	{"term_start", "本届任期开始", V("本届任期开始日期", "任期开始", "换届时间"), COL_DATE, 0, NULL},
};

static const ledger_col MEMBER_COLS[] = {
	{"name", "姓名", NULL, COL_TEXT, COL_REQUIRED, NULL},
	{"idno", "公民身份号码", V("身份证号", "身份证号码", "公民身份证号码", "身份证"), COL_IDNO, COL_REQUIRED | COL_KEY | COL_PERSONAL, NULL},
	{"status", "人员类别", V("党员类别", "党员类型"), COL_ENUM, COL_REQUIRED, MEMBER_STATUS},
	{"join_date", "入党日期", V("入党时间"), COL_DATE, COL_REQUIRED, NULL},
	{"full_date", "转正日期", V("转正时间"), COL_DATE, 0, NULL},
	{"employer", "工作单位统一社会信用代码", V("工作单位信用代码", "单位统一社会信用代码"), COL_USCC, 0, NULL},
	{"org", "所在党组织", V("所在党支部", "党组织"), COL_TEXT, 0, NULL},
	{"relation", "组织关系状态", V("关系状态"), COL_ENUM, 0, RELATIONS},
	{"disclosed", "是否亮明身份", V("亮明身份"), COL_BOOL, 0, NULL},
	{"phone", "联系电话", V("手机", "手机号码", "电话"), COL_PHONE, COL_PERSONAL, NULL},
};

static const ledger_col INSTR_COLS[] = {
	{"name", "姓名", NULL, COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"unit", "派出单位", V("选派单位"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"phone", "联系电话", V("手机", "手机号码", "电话"), COL_PHONE, COL_PERSONAL, NULL},
	{"covers", "指导企业", V("联系企业", "指导企业统一社会信用代码"), COL_USCC_LIST, 0, NULL},
	{"start_date", "派驻日期", V("选派日期", "派驻时间"), COL_DATE, 0, NULL},
};

#define DEF(k, n, t, c) {k, n, t, c, sizeof c / sizeof c[0]}
static const ledger_def DEFS[LEDGER_NKINDS] = {
	DEF(LEDGER_ENTERPRISES, "enterprises", "企业台账", ENT_COLS),
	DEF(LEDGER_ORGS, "orgs", "党组织台账", ORG_COLS),
	DEF(LEDGER_MEMBERS, "members", "党员名册", MEMBER_COLS),
	DEF(LEDGER_INSTRUCTORS, "instructors", "党建指导员", INSTR_COLS),
};

const ledger_def *ledger_get(ledger_kind kind)
{
	return kind < LEDGER_NKINDS ? &DEFS[kind] : NULL;
}

const ledger_def *ledger_by_name(const char *name)
{
	for (size_t i = 0; i < LEDGER_NKINDS; i++)
		if (strcmp(DEFS[i].name, name) == 0)
			return &DEFS[i];
	return NULL;
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
static void text_clean(const char *s, buf *out)
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
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' && s[j] != '\n')
			j++;
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

static val_status parse_uscc(const char *raw, const char *key, unsigned flags, const ledger_ctx *ctx,
			     buf *out, buf *msg)
{
	if (flags & CELL_WAS_NUMBER || looks_scientific(key)) {
		buf_puts(msg, "统一社会信用代码被电子表格当成了数字（可能已变成科学计数法或丢失末位），"
			      "请把该列设为“文本”格式后重新录入原始代码");
		return VAL_ERROR;
	}
	uscc_info info;
	id_status st = uscc_check(raw, &info);
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

static val_status parse_idno(const char *raw, const char *key, unsigned flags, const ledger_ctx *ctx,
			     buf *out, buf *msg)
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
	(void)key;
	idcard_info info;
	id_status st = idcard_check(raw, ctx->today, &info);
	if (st != ID_OK)
		return id_error(st, info.expected_check, msg);
	buf_puts(out, info.norm);
	return VAL_OK;
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
	val_status st = parse_uscc(one, one, 0, lc->ctx, &lc->item, &tmpmsg);
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
		while (*q && sep_len(q) == 0)
			q++;
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
	char key[512];
	size_t kl = ident_normalize_key(raw, key, sizeof key);
	if (kl == 0)
		return VAL_EMPTY;
	if (kl >= sizeof key && col->type != COL_USCC_LIST) {
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
		if (d > ctx->today) {
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
		return parse_uscc(raw, key, cell_flags, ctx, out, msg);
	case COL_IDNO:
		return parse_idno(raw, key, cell_flags, ctx, out, msg);
	case COL_USCC_LIST: {
		struct list_ctx lc = {ctx, out, msg, {0}, 0};
		ledger_list_each(raw, list_item, &lc);
		buf_free(&lc.item);
		if (lc.bad)
			return VAL_ERROR;
		return out->len ? VAL_OK : VAL_EMPTY;
	}
	case COL_PHONE:
		return parse_phone(key, out, msg);
	}
	return VAL_ERROR;
}

static int col_of(const ledger_def *def, const char *key)
{
	int i = ledger_col_index(def, key);
	return i;
}

int ledger_check_row(const ledger_def *def, const ledger_rec *rec, const ledger_ctx *ctx, buf *msg)
{
	(void)ctx; /* today's rules are all in ledger_parse_value; the context stays for callers' sake */
	buf_reset(msg);
	switch (def->kind) {
	case LEDGER_ENTERPRISES: {
		int z = col_of(def, "zone"), zk = col_of(def, "zone_kind");
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
		int mode = col_of(def, "mode"), covers = col_of(def, "covers");
		int hc = col_of(def, "has_committee"), cs = col_of(def, "committee_size");
		int f = col_of(def, "founded"), t = col_of(def, "term_start");
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
		int id = col_of(def, "idno"), st = col_of(def, "status");
		int jd = col_of(def, "join_date"), fd = col_of(def, "full_date");
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
		return -1;
	}
	case LEDGER_INSTRUCTORS:
	case LEDGER_NKINDS:
		return -1;
	}
	return -1;
}

void ledger_mask(const ledger_col *col, const char *value, buf *out)
{
	size_t n = strlen(value);
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
		buf_puts(out, "日期（2024-03-05、2024/3/5、2024.3.5、2024年3月5日或 Excel 日期），不晚于今天");
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
	default:
		buf_puts(out, "文字");
		break;
	}
	if (c->flags & COL_PERSONAL)
		buf_puts(out, "；个人信息，导出和页面中默认脱敏");
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
