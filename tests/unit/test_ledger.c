/* The ledger tables and cell validation: every column type's canonical form, the spreadsheet
 * damage it recognises, cross-field rules, masking, and the tables' internal consistency. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/ident.h"
#include "core/ledger.h"
#include "store/store.h"
#include "util/date.h"

static ledger_ctx ctx;

static const ledger_col *col(ledger_kind k, const char *key)
{
	const ledger_def *d = ledger_get(k);
	int i = ledger_col_index(d, key);
	assert_true(i >= 0);
	return &d->cols[i];
}

/* parse(kind, column, raw) must give status st and canonical text want (or a message containing it). */
static void parse(ledger_kind k, const char *key, const char *raw, unsigned flags, val_status st, const char *want)
{
	buf out = {0}, msg = {0};
	val_status got = ledger_parse_value(col(k, key), raw, flags, &ctx, &out, &msg);
	if (got != st)
		fail_msg("%s “%s”: status %d, wanted %d (%s)", key, raw, got, st, buf_cstr(&msg));
	if (st == VAL_OK || st == VAL_WARN)
		assert_string_equal(buf_cstr(&out), want);
	else if (want && !strstr(buf_cstr(&msg), want))
		fail_msg("%s “%s”: message “%s” lacks “%s”", key, raw, buf_cstr(&msg), want);
	buf_free(&out);
	buf_free(&msg);
}

static void canonical_forms(void **state)
{
	(void)state;
	parse(LEDGER_ENTERPRISES, "uscc", " ９１３３０１０６ＭＡ２０００２０３４ ", 0, VAL_OK, "91330106MA20002034");
	parse(LEDGER_ENTERPRISES, "uscc", "91330106ma20002034", 0, VAL_OK, "91330106MA20002034");
	parse(LEDGER_ENTERPRISES, "name", "  临江（杭州）科技  有限公司 ", 0, VAL_OK, "临江（杭州）科技 有限公司");
	parse(LEDGER_ENTERPRISES, "status", "存续", 0, VAL_OK, "在营");
	parse(LEDGER_ENTERPRISES, "status", "存续（在营、开业、在册）", 0, VAL_OK, "在营");
	parse(LEDGER_ENTERPRISES, "employees", "1,200", 0, VAL_OK, "1200");
	parse(LEDGER_ENTERPRISES, "employees", "０１２", 0, VAL_OK, "12");
	parse(LEDGER_ENTERPRISES, "employees", "45人", 0, VAL_OK, "45");
	parse(LEDGER_ENTERPRISES, "employees", "12.0", 0, VAL_OK, "12");
	parse(LEDGER_ENTERPRISES, "capital", "500.50万元", 0, VAL_OK, "500.5");
	parse(LEDGER_ENTERPRISES, "fixed_site", "√", 0, VAL_OK, "是");
	parse(LEDGER_ENTERPRISES, "fixed_site", "n", 0, VAL_OK, "否");
	parse(LEDGER_ENTERPRISES, "founded", "2024年3月5日", 0, VAL_OK, "2024-03-05");
	parse(LEDGER_ENTERPRISES, "founded", "2024/3/5", 0, VAL_OK, "2024-03-05");
	parse(LEDGER_ENTERPRISES, "founded", "2024.3.5", 0, VAL_OK, "2024-03-05");
	parse(LEDGER_ENTERPRISES, "founded", "45356", 0, VAL_OK, "2024-03-05"); /* an Excel serial */
	parse(LEDGER_ORGS, "kind", "支部", 0, VAL_OK, "党支部");
	parse(LEDGER_ORGS, "mode", "联合组建", 0, VAL_OK, "联合建");
	parse(LEDGER_ORGS, "covers", "91330106MA20002034、 91330106ma20002702；91330106MA20002034", 0, VAL_OK,
	      "91330106MA20002034；91330106MA20002702");
	parse(LEDGER_MEMBERS, "idno", "11010519491231002x", 0, VAL_OK, "11010519491231002X");
	parse(LEDGER_MEMBERS, "phone", "139 0000 0001", 0, VAL_OK, "13900000001");
	parse(LEDGER_ENTERPRISES, "industry", "   ", 0, VAL_EMPTY, NULL);
}

static void refusals(void **state)
{
	(void)state;
	parse(LEDGER_ENTERPRISES, "uscc", "91330106MA20002035", 0, VAL_ERROR, "应为 4");
	parse(LEDGER_ENTERPRISES, "uscc", "9.13301E+17", 0, VAL_ERROR, "数字");
	parse(LEDGER_ENTERPRISES, "uscc", "913301060000000000", CELL_WAS_NUMBER, VAL_ERROR, "数字");
	parse(LEDGER_MEMBERS, "idno", "1.10105194912310E+17", CELL_WAS_NUMBER, VAL_ERROR, "精度");
	parse(LEDGER_MEMBERS, "idno", "1.1010519491231E+017", 0, VAL_ERROR, NULL);
	parse(LEDGER_MEMBERS, "idno", "110105********002X", 0, VAL_ERROR, "脱敏");
	parse(LEDGER_ENTERPRISES, "status", "营业中", 0, VAL_ERROR, "在营、停业、歇业、注销、吊销");
	parse(LEDGER_ENTERPRISES, "employees", "-3", 0, VAL_ERROR, "负数");
	parse(LEDGER_ENTERPRISES, "employees", "12.5", 0, VAL_ERROR, "整数");
	parse(LEDGER_ENTERPRISES, "employees", "许多", 0, VAL_ERROR, "整数");
	parse(LEDGER_ENTERPRISES, "fixed_site", "也许", 0, VAL_ERROR, "是/否");
	parse(LEDGER_ENTERPRISES, "founded", "2024-02-30", 0, VAL_ERROR, "无法识别");
	parse(LEDGER_ENTERPRISES, "founded", "2027-01-01", 0, VAL_ERROR, "晚于今天");
	parse(LEDGER_ORGS, "covers", "91330106MA20002034；123", 0, VAL_ERROR, "“123”");
	parse(LEDGER_MEMBERS, "phone", "12345", 0, VAL_ERROR, "位数");
}

static void pilot_codes(void **state)
{
	(void)state;
	/* A code failing only its check is an error, unless the district lists it as a known pilot code. */
	parse(LEDGER_ENTERPRISES, "uscc", "91330106MA20002035", 0, VAL_ERROR, NULL);
	ctx.pilot_uscc = "91110000000000000X；91330106ma20002035";
	parse(LEDGER_ENTERPRISES, "uscc", "91330106MA20002035", 0, VAL_WARN, "91330106MA20002035");
	ctx.pilot_uscc = NULL;
}

static void rows(void **state)
{
	(void)state;
	const ledger_def *m = ledger_get(LEDGER_MEMBERS);
	ledger_rec r = {{0}};
	buf msg = {0};
	r.f[M_NAME] = "张三";
	r.f[M_IDNO] = "11010519491231002X";
	r.f[M_STATUS] = "正式党员";
	r.f[M_JOIN_DATE] = "1980-07-01";
	r.f[M_FULL_DATE] = "1981-07-01";
	assert_int_equal(ledger_check_row(m, &r, &ctx, &msg), -1);
	r.f[M_FULL_DATE] = "1980-01-01";
	assert_int_equal(ledger_check_row(m, &r, &ctx, &msg), M_FULL_DATE);
	r.f[M_FULL_DATE] = NULL;
	r.f[M_JOIN_DATE] = "1967-12-30"; /* the day before the 18th birthday */
	assert_int_equal(ledger_check_row(m, &r, &ctx, &msg), M_JOIN_DATE);
	r.f[M_JOIN_DATE] = "1967-12-31";
	assert_int_equal(ledger_check_row(m, &r, &ctx, &msg), -1);
	r.f[M_STATUS] = "预备党员";
	r.f[M_FULL_DATE] = "1969-01-01";
	assert_int_equal(ledger_check_row(m, &r, &ctx, &msg), M_FULL_DATE);

	const ledger_def *o = ledger_get(LEDGER_ORGS);
	ledger_rec q = {{0}};
	q.f[O_NAME] = "某工委";
	q.f[O_KIND] = "党委";
	q.f[O_MODE] = "上级机关";
	q.f[O_FOUNDED] = "2020-01-01";
	assert_int_equal(ledger_check_row(o, &q, &ctx, &msg), -1);
	q.f[O_COVERS] = "91330106MA20002034";
	assert_int_equal(ledger_check_row(o, &q, &ctx, &msg), O_COVERS);
	q.f[O_COVERS] = NULL;
	q.f[O_TERM_START] = "2019-01-01";
	assert_int_equal(ledger_check_row(o, &q, &ctx, &msg), O_TERM_START);

	const ledger_def *e = ledger_get(LEDGER_ENTERPRISES);
	ledger_rec t = {{0}};
	t.f[E_ZONE] = "科创园";
	assert_int_equal(ledger_check_row(e, &t, &ctx, &msg), E_ZONE_KIND);
	buf_free(&msg);
}

static void headers(void **state)
{
	(void)state;
	const ledger_def *e = ledger_get(LEDGER_ENTERPRISES);
	int ign;
	assert_int_equal(ledger_match_header(e, "统一社会信用代码（注册号）", &ign), E_USCC);
	assert_int_equal(ledger_match_header(e, " 企业名称/单位名称 ", &ign), E_NAME);
	assert_int_equal(ledger_match_header(e, "*从业人员数", &ign), E_EMPLOYEES);
	assert_int_equal(ledger_match_header(e, "注册资本(万元)", &ign), E_CAPITAL);
	assert_int_equal(ledger_match_header(e, "经营状态（必填）", &ign), E_STATUS);
	assert_int_equal(ledger_match_header(e, "序号", &ign), -1);
	assert_int_equal(ign, 1);
	assert_int_equal(ledger_match_header(e, "联系人", &ign), -1);
	assert_int_equal(ign, 0);
}

static void masking(void **state)
{
	(void)state;
	buf b = {0};
	ledger_mask(col(LEDGER_MEMBERS, "idno"), "11010519491231002X", &b);
	assert_string_equal(buf_cstr(&b), "110105********002X");
	buf_reset(&b);
	ledger_mask(col(LEDGER_MEMBERS, "phone"), "13900000001", &b);
	assert_string_equal(buf_cstr(&b), "139****0001");
	buf_free(&b);
}

/* A new row's history entry is the text SQLite's json_object makes of the same values: the cells
 * below (quotes, backslashes, every control byte, multi-byte text, an empty cell; and longer cells
 * with the byte to escape at each place of an 8-byte word, which the writer copies a word at a
 * time) in each column. */
static void history_json_as_sqlite(const ledger_def *d)
{
	static const char *const CELLS[] = {"党支部“一”", "a\"b\\c/d", "\b\t\n\f\r", "\x01\x1f\x7f", "x\x10y", NULL, "",
					    "330106196102020035；330106196203030056", "0123456\"89abcdef\\", "01234567\n",
					    "0123456789abcde\x1f", "\\0123456789abcdefg", "党员大会学习讨论\t“两学一做”", " !#~\x7f" "01234567"};
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	for (size_t v = 0; v < sizeof CELLS / sizeof CELLS[0]; v++) {
		ledger_rec rec = {{0}};
		buf sql = {0};
		buf_puts(&sql, "SELECT json_object(");
		for (size_t c = 0; c < d->ncols; c++) {
			rec.f[c] = CELLS[(v + c) % (sizeof CELLS / sizeof CELLS[0])];
			buf_printf(&sql, "%s'%s', ?%zu", c ? ", " : "", d->cols[c].key, c + 1);
		}
		buf_puts(&sql, ")");
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(db, buf_cstr(&sql), -1, &st, NULL), SQLITE_OK);
		for (size_t c = 0; c < d->ncols; c++)
			sqlite3_bind_text(st, (int)c + 1, rec.f[c], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		char *mine = store_history_json(d, &rec);
		assert_string_equal(mine, (const char *)sqlite3_column_text(st, 0));
		free(mine);
		sqlite3_finalize(st);
		buf_free(&sql);
	}
	sqlite3_close(db);
}

/* The enums of column positions, the history entries and the enumeration tables agree with the tables. */
static void tables_consistent(void **state)
{
	(void)state;
	static const struct {
		ledger_kind k;
		const char *key;
		int pos;
	} P[] = {{LEDGER_ENTERPRISES, "uscc", E_USCC},	   {LEDGER_ENTERPRISES, "no_org_reason", E_NO_ORG_REASON},
		 {LEDGER_ENTERPRISES, "zone_kind", E_ZONE_KIND}, {LEDGER_ORGS, "term_start", O_TERM_START},
		 {LEDGER_ORGS, "covers", O_COVERS},		   {LEDGER_MEMBERS, "phone", M_PHONE},
		 {LEDGER_MEMBERS, "relation", M_RELATION},	   {LEDGER_INSTRUCTORS, "start_date", I_START_DATE},
		 {LEDGER_INSTRUCTORS, "unit", I_UNIT}};
	for (size_t i = 0; i < sizeof P / sizeof P[0]; i++)
		assert_int_equal(ledger_col_index(ledger_get(P[i].k), P[i].key), P[i].pos);
	for (int k = 0; k < LEDGER_NKINDS; k++) {
		const ledger_def *d = ledger_get((ledger_kind)k);
		assert_true(d->ncols <= LEDGER_MAXCOLS);
		history_json_as_sqlite(d);
		assert_ptr_equal(ledger_by_name(d->name), d);
		/* Choices are compared with normalised cells as they are: they must be normalised (a
		 * COL_SUGGEST column's are only offered, never compared). */
		for (size_t c = 0; c < d->ncols; c++)
			for (const char *const *ch = d->cols[c].choices; ch && *ch && !(d->cols[c].flags & COL_SUGGEST); ch++) {
				char n[64];
				ident_normalize_key(*ch, n, sizeof n);
				assert_string_equal(n, *ch);
			}
	}
}

/* Forms pick 覆盖企业, 工作单位, 上级党组织, 所在党组织 and 指导企业 from the ledgers they name; 行业
 * offers the 20 sections of GB/T 4754-2017 and still takes any text. */
static void references_and_suggestions(void **state)
{
	(void)state;
	const ledger_def *o = ledger_get(LEDGER_ORGS), *m = ledger_get(LEDGER_MEMBERS), *i = ledger_get(LEDGER_INSTRUCTORS),
			 *e = ledger_get(LEDGER_ENTERPRISES);
	assert_string_equal(ledger_ref(&o->cols[O_COVERS]), "enterprises");
	assert_string_equal(ledger_ref(&o->cols[O_PARENT]), "orgs");
	assert_string_equal(ledger_ref(&m->cols[M_EMPLOYER]), "enterprises");
	assert_string_equal(ledger_ref(&m->cols[M_ORG]), "orgs");
	assert_string_equal(ledger_ref(&i->cols[I_COVERS]), "enterprises");
	assert_null(ledger_ref(&o->cols[O_NAME]));
	assert_null(ledger_ref(&e->cols[E_USCC]));
	const ledger_col *ind = &e->cols[E_INDUSTRY];
	assert_true(ind->flags & COL_SUGGEST);
	size_t n = 0;
	while (ind->choices[n])
		n++;
	assert_int_equal(n, 20);
	assert_string_equal(ind->choices[0], "农、林、牧、渔业");
	assert_string_equal(ind->choices[19], "国际组织");
	parse(LEDGER_ENTERPRISES, "industry", "软件开发", 0, VAL_OK, "软件开发");
	parse(LEDGER_ENTERPRISES, "industry", "制造业", 0, VAL_OK, "制造业");
}

static int setup(void **state)
{
	(void)state;
	ctx.today = date_from_ymd(2026, 11, 26);
	ctx.pilot_uscc = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(canonical_forms, setup), cmocka_unit_test_setup(refusals, setup),
		cmocka_unit_test_setup(pilot_codes, setup),	cmocka_unit_test_setup(rows, setup),
		cmocka_unit_test_setup(headers, setup),	cmocka_unit_test_setup(masking, setup),
		cmocka_unit_test_setup(tables_consistent, setup),
		cmocka_unit_test_setup(references_and_suggestions, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
