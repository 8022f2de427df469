/* The findings written out (report/check.h): text, JSON and XLSX. */
#include <jansson.h>
#include <xlsxwriter.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/xlsx_out.h"
#include "report/check.h"
#include "util/date.h"

void findings_text(const findings *fs, const facts *f, buf *out)
{
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	char d[11];
	date_format(f->as_of, d);
	buf_printf(out, "%s 检查发现（截至 %s）：共 %zu 条\n", f->label, d, fs->n);
	const check_rule *last = NULL;
	for (size_t i = 0; i < fs->n; i++) {
		const finding *x = &fs->v[i];
		if (x->rule != last) {
			buf_printf(out, "\n【%s】%zu 条\n  依据：%s\n", x->rule->title, fs->per_rule[x->rule - rules],
				   x->rule->basis);
			last = x->rule;
		}
		buf_puts(out, "  - ");
		buf_puts(out, x->subject);
		buf_puts(out, "：");
		buf_puts(out, x->detail);
		if (x->state != FS_TODO) {
			buf_printf(out, "〔%s：%s %s", finding_state_shown(x), finding_day(x), finding_who(x));
			if (finding_note(x))
				buf_printf(out, "，%s", finding_note(x));
			buf_puts(out, "〕");
		}
		char ref[17];
		finding_ref(x->key, ref);
		buf_puts(out, "［编号 ");
		buf_puts(out, ref);
		buf_puts(out, "］\n");
	}
}

void findings_json_head(const findings *fs, const facts *f, const check_rule *only, int filter, buf *out)
{
	char d[11];
	date_format(f->as_of, d);
	size_t total = findings_count(fs, only, filter);
	json_t *o = json_pack("{s:s,s:s,s:I}", "region", f->label, "as_of", d, "total", (json_int_t)total);
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	json_t *counts = json_object();
	for (size_t r = 0; r < nrules; r++)
		json_object_set_new(counts, rules[r].id, json_integer((json_int_t)fs->per_rule[r]));
	json_object_set_new(o, "by_rule", counts);
	json_t *bs = json_object();
	for (int st = 0; st < FS_COUNT; st++)
		json_object_set_new(bs, finding_state_id((finding_state)st), json_integer((json_int_t)findings_count(fs, only, st)));
	json_object_set_new(bs, "open", json_integer((json_int_t)findings_count(fs, only, FS_OPEN)));
	json_object_set_new(o, "by_state", bs);
	/* The findings are written one by one, each dumped alone and indented as inside the array:
	 * the same bytes as one dump of the whole, without holding a city's list as one tree. */
	json_object_set_new(o, "findings", json_array());
	char *sj = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	size_t len = strlen(sj);
	buf_add(out, sj, len - 3); /* up to the array's "[" of "[]\n}" */
	free(sj);
}

/* jansson's dump of one string (JSON_ENCODE_ANY) appended to a buf. */
static int json_to_buf(const char *b, size_t n, void *data)
{
	buf_add(data, b, n);
	return 0;
}

/* A string as jansson writes it (its escaping, the quotes), "null" for NULL. *j: a string value
 * reused from call to call (NULL at first; the caller lets it go). */
static void json_str_in(json_t **j, buf *out, const char *t)
{
	if (!t) {
		buf_puts(out, "null");
		return;
	}
	if (!*j || json_string_set(*j, t) != 0) {
		json_decref(*j);
		*j = json_string(t);
	}
	char tmp[512];
	size_t n = json_dumpb(*j, tmp, sizeof tmp, JSON_ENCODE_ANY);
	if (n <= sizeof tmp)
		buf_add(out, tmp, n);
	else
		json_dump_callback(*j, json_to_buf, out, JSON_ENCODE_ANY);
}

static void json_str(buf *out, const char *t)
{
	json_t *j = NULL;
	json_str_in(&j, out, t);
	json_decref(j);
}

/* The JSON strings of texts many findings share (a rule's, a state's, a detail, a place), each
 * written by json_str once a call: by the text's address (the texts do not move or change while
 * the findings are written). */
typedef struct json_memo {
	struct json_memo_slot {
		const char *t;
		size_t at, len; /* in text */
	} *slots;
	size_t cap, n;
	buf text;
} json_memo;

static size_t memo_hash(const char *t, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)t * UINT64_C(0x9e3779b97f4a7c15);
	return (size_t)(h >> 20) & (cap - 1);
}

static void json_memo_str(json_memo *m, buf *out, const char *t)
{
	if (!t) {
		buf_puts(out, "null");
		return;
	}
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		struct json_memo_slot *v = xcalloc(cap, sizeof *v);
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].t) {
				size_t h = memo_hash(m->slots[i].t, cap);
				while (v[h].t)
					h = (h + 1) & (cap - 1);
				v[h] = m->slots[i];
			}
		free(m->slots);
		m->slots = v;
		m->cap = cap;
	}
	size_t h = memo_hash(t, m->cap);
	while (m->slots[h].t && m->slots[h].t != t)
		h = (h + 1) & (m->cap - 1);
	struct json_memo_slot *sl = &m->slots[h];
	if (!sl->t) {
		sl->t = t;
		sl->at = m->text.len;
		json_str(&m->text, t);
		sl->len = m->text.len - sl->at;
		m->n++;
	}
	buf_add(out, m->text.p + sl->at, sl->len);
}

static void json_memo_free(json_memo *m)
{
	free(m->slots);
	buf_free(&m->text);
}

/* A literal appended (its length known). */
#define JSON_LIT(out, lit) buf_add((out), (lit), sizeof(lit) - 1)

/* Each finding as json_dumps(JSON_INDENT(2) | JSON_PRESERVE_ORDER) writes the object of its fields
 * inside the array (indented by 4 more): the same bytes, the strings written by jansson, without an
 * object built and dumped for each of a city's 114,000 findings. */
int findings_json_items(const findings *fs, const check_rule *only, int filter, int unmasked, findings_json_pos *at,
			size_t until, buf *out)
{
	size_t from, to;
	findings_range(fs, only, &from, &to);
	if (at->i < from)
		at->i = from;
	buf k = {0};
	json_memo m = {0};
	json_t *js = NULL;
	for (; at->i < to && out->len < until; at->i++) {
		const finding *x = &fs->v[at->i];
		if (!finding_selected(x, only, filter))
			continue;
		buf_reset(&k);
		finding_key_shown(x, unmasked, &k);
		char ref[17];
		finding_ref(x->key, ref);
		if (at->n++)
			JSON_LIT(out, ",");
		JSON_LIT(out, "\n    {\n      \"rule\": ");
		json_memo_str(&m, out, x->rule->id);
		JSON_LIT(out, ",\n      \"title\": ");
		json_memo_str(&m, out, x->rule->title);
		JSON_LIT(out, ",\n      \"subject\": ");
		json_str_in(&js, out, x->subject);
		JSON_LIT(out, ",\n      \"detail\": ");
		json_memo_str(&m, out, x->detail);
		JSON_LIT(out, ",\n      \"basis\": ");
		json_memo_str(&m, out, x->rule->basis);
		JSON_LIT(out, ",\n      \"key\": ");
		json_str_in(&js, out, buf_cstr(&k));
		JSON_LIT(out, ",\n      \"ref\": ");
		json_str_in(&js, out, ref);
		JSON_LIT(out, ",\n      \"state\": ");
		json_memo_str(&m, out, finding_state_id(x->state));
		JSON_LIT(out, ",\n      \"state_label\": ");
		json_memo_str(&m, out, finding_state_shown(x));
		JSON_LIT(out, ",\n      \"note\": ");
		json_str_in(&js, out, finding_note(x));
		JSON_LIT(out, ",\n      \"person\": ");
		json_str_in(&js, out, finding_who(x));
		JSON_LIT(out, ",\n      \"date\": ");
		json_str_in(&js, out, finding_day(x));
		JSON_LIT(out, ",\n      \"street\": ");
		json_memo_str(&m, out, x->street);
		JSON_LIT(out, ",\n      \"community\": ");
		json_memo_str(&m, out, x->community);
		JSON_LIT(out, "\n    }");
	}
	json_memo_free(&m);
	json_decref(js);
	buf_free(&k);
	return at->i >= to;
}

void findings_json_tail(const findings_json_pos *at, buf *out)
{
	buf_puts(out, at->n ? "\n  ]\n}\n" : "]\n}\n");
}

void findings_json(const findings *fs, const facts *f, const check_rule *only, int filter, int unmasked, buf *out)
{
	findings_json_pos at = {0, 0};
	findings_json_head(fs, f, only, filter, out);
	findings_json_items(fs, only, filter, unmasked, &at, SIZE_MAX, out);
	findings_json_tail(&at, out);
}

int findings_xlsx(const findings *fs, const facts *f, const check_rule *only, int filter, int unmasked,
		  const char *path, fg_err *e)
{
	lxw_workbook *wb = xlsx_out_open(path, NULL, e);
	if (!wb)
		return FG_EFAIL;
	char d[11];
	date_format(f->as_of, d);
	buf t = {0};
	buf_printf(&t, "%s 检查发现（截至 %s）", f->label, d);
	static const char *const HEAD[] = {"规则", "对象", "情况", "街道", "社区", "整改状态", "说明", "处理人", "处理日期", "编号",
					   "键"};
	lxw_worksheet *ws;
	lxw_row_t row;
	xlsx_out_sheet(wb, &ws, "检查发现", buf_cstr(&t), HEAD, NULL, sizeof HEAD / sizeof HEAD[0], &row);
	for (size_t i = 0; i < fs->n; i++) {
		const finding *x = &fs->v[i];
		if (!finding_selected(x, only, filter))
			continue;
		buf_reset(&t);
		finding_key_shown(x, unmasked, &t);
		char ref[17];
		finding_ref(x->key, ref);
		const char *cells[] = {x->rule->title, x->subject, x->detail, x->street, x->community,
				       finding_state_shown(x), finding_note(x), finding_who(x), finding_day(x), ref, buf_cstr(&t)};
		for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++)
			if (cells[c] && *cells[c])
				worksheet_write_string(ws, row, (lxw_col_t)c, cells[c], NULL);
		row++;
	}
	buf_free(&t);
	return xlsx_out_close(wb, path, FG_OK, e);
}
