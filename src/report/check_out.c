/* The findings written out (report/check.h): text, JSON and XLSX. */
#include <jansson.h>
#include <xlsxwriter.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
		buf_printf(out, "  - %s：%s", x->subject, x->detail);
		if (x->state != FS_TODO) {
			buf_printf(out, "〔%s：%s %s", finding_state_shown(x), finding_day(x), finding_who(x));
			if (finding_note(x))
				buf_printf(out, "，%s", finding_note(x));
			buf_puts(out, "〕");
		}
		char ref[17];
		finding_ref(x->key, ref);
		buf_printf(out, "［编号 %s］\n", ref);
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

int findings_json_items(const findings *fs, const check_rule *only, int filter, int unmasked, findings_json_pos *at,
			size_t until, buf *out)
{
	size_t from, to;
	findings_range(fs, only, &from, &to);
	if (at->i < from)
		at->i = from;
	buf k = {0};
	for (; at->i < to && out->len < until; at->i++) {
		const finding *x = &fs->v[at->i];
		if (!finding_selected(x, only, filter))
			continue;
		buf_reset(&k);
		finding_key_shown(x, unmasked, &k);
		char ref[17];
		finding_ref(x->key, ref);
		json_t *item = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:s,s:s}", "rule", x->rule->id,
					 "title", x->rule->title, "subject", x->subject, "detail", x->detail, "basis",
					 x->rule->basis, "key", buf_cstr(&k), "ref", ref, "state", finding_state_id(x->state),
					 "state_label", finding_state_shown(x), "note", finding_note(x), "person", finding_who(x), "date",
					 finding_day(x), "street", x->street, "community", x->community);
		char *ij = json_dumps(item, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(item);
		buf_puts(out, at->n++ ? ",\n    " : "\n    ");
		for (const char *p = ij, *nl; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl) {
				buf_puts(out, p);
				break;
			}
			buf_add(out, p, (size_t)(nl - p + 1));
			buf_puts(out, "    ");
		}
		free(ij);
	}
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
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return err_set(e, FG_EFAIL, "无法写入 %s", path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "检查发现");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	char d[11];
	date_format(f->as_of, d);
	buf t = {0};
	buf_printf(&t, "%s 检查发现（截至 %s）", f->label, d);
	worksheet_write_string(ws, 0, 0, buf_cstr(&t), bold);
	static const char *const HEAD[] = {"规则", "对象", "情况", "街道", "社区", "整改状态", "说明", "处理人", "处理日期", "编号",
					   "键"};
	for (size_t c = 0; c < sizeof HEAD / sizeof HEAD[0]; c++)
		worksheet_write_string(ws, 1, (lxw_col_t)c, HEAD[c], bold);
	lxw_row_t row = 2;
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
	lxw_error le = workbook_close(wb);
	if (le != LXW_NO_ERROR)
		return err_set(e, FG_EFAIL, "写入 %s 失败：%s", path, lxw_strerror(le));
	return FG_OK;
}
