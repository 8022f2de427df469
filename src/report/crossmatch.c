#include "report/crossmatch.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/ledger.h"
#include "io/xlsx_out.h"
#include "report/facts.h"
#include "store/crossmatch_store.h"
#include "util/date.h"

static const char *const STATE_IDS[] = {"", "open", "confirmed", "dismissed"};
static const char *const STATE_LABELS[] = {"", "待核实", "已确认", "已排除"};

const char *crossmatch_state_label(xm_state st)
{
	return STATE_LABELS[st];
}

xm_state crossmatch_state_parse(const char *id)
{
	for (int i = XM_OPEN; i <= XM_DISMISSED; i++)
		if (id && strcmp(id, STATE_IDS[i]) == 0)
			return (xm_state)i;
	return XM_ANY;
}

static int pocket_months(store *s)
{
	rules_cfg cfg;
	facts_rules(s, &cfg);
	return cfg.pocket_months;
}

/* The candidates found by the first pass (line id and class), then their labels one by one. */
typedef struct build {
	const xm_query *q;
	int months;
	struct cand {
		int64_t line;
		xm_class cls;
	} *c;
	size_t nc, capc;
	xm_class cls; /* of the line whose labels are being read */
	xm_list *out;
	size_t cap;
} build;

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int on_match(void *ctx, const roster_match *m)
{
	build *b = ctx;
	xm_class c = crossmatch_class(&m->l, b->q->as_of, b->months);
	if (c == XM_NONE || (b->q->only != XM_NONE && c != b->q->only))
		return 0;
	if (b->nc == b->capc) {
		b->capc = b->capc ? 2 * b->capc : 64;
		b->c = xrealloc(b->c, b->capc * sizeof *b->c);
	}
	b->c[b->nc++] = (struct cand){m->line_id, c};
	return 0;
}

static int on_labels(void *ctx, const roster_match *m)
{
	build *b = ctx;
	xm_class c = b->cls;
	xm_state st = !m->decision ? XM_OPEN : strcmp(m->decision, "confirmed") == 0 ? XM_CONFIRMED : XM_DISMISSED;
	if (b->q->state != XM_ANY && st != b->q->state)
		return 0;
	if (b->q->campaign && (!m->campaign || strcmp(m->campaign, b->q->campaign) != 0))
		return 0;
	xm_list *l = b->out;
	if (l->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		l->v = xrealloc(l->v, b->cap * sizeof *l->v);
	}
	l->v[l->n++] = (xm_row){c,
				st,
				m->line_id,
				xstrdup(m->uscc),
				xstrdup(m->ent_name),
				dup_or_null(m->street),
				xstrdup(m->name),
				xstrdup(m->idno),
				dup_or_null(m->political),
				dup_or_null(m->hired),
				dup_or_null(m->member_org),
				dup_or_null(m->member_outside),
				dup_or_null(m->member_employer),
				dup_or_null(m->decided_on),
				dup_or_null(m->who),
				dup_or_null(m->campaign),
				dup_or_null(m->note)};
	l->by_class[c]++;
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const xm_row *x = a, *y = b;
	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	int k = strcmp(x->uscc, y->uscc);
	return k ? k : strcmp(x->idno, y->idno);
}

int crossmatch_list(store *s, const store_filter *scope, const xm_query *q, xm_list *out, fg_err *e)
{
	memset(out, 0, sizeof *out);
	out->as_of = q->as_of;
	build b = {q, pocket_months(s), NULL, 0, 0, XM_NONE, out, 0};
	int rc = store_scan_roster_matches(s, scope, &q->within, on_match, &b, e);
	for (size_t i = 0; i < b.nc && !rc; i++) {
		b.cls = b.c[i].cls;
		rc = store_roster_match_labels(s, b.c[i].line, on_labels, &b, e);
	}
	free(b.c);
	if (rc) {
		crossmatch_list_free(out);
		return rc;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, row_cmp);
	return FG_OK;
}

void crossmatch_list_free(xm_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		xm_row *r = &l->v[i];
		char *all[] = {r->uscc,		  r->ent_name,	     r->street,		 r->name,     r->idno,	   r->political,
			       r->hired,	  r->member_org,     r->member_outside, r->member_employer, r->decided_on,
			       r->who,		  r->campaign,	     r->note};
		for (size_t j = 0; j < sizeof all / sizeof all[0]; j++)
			free(all[j]);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

int crossmatch_line_class(store *s, const store_filter *scope, const char *uscc, const char *idno, int as_of)
{
	xm_line l;
	if (!store_roster_match_line(s, scope, uscc, idno, &l))
		return -1;
	return crossmatch_class(&l, as_of, pocket_months(s));
}

int crossmatch_decide(store *s, const store_filter *scope, const char *who, const char *source, const char *uscc,
		      const char *idno, int as_of, const char *decision, const char *campaign, const char *note,
		      fg_err *e)
{
	int rc = store_begin(s, who, source, e);
	if (rc)
		return rc;
	int cls = crossmatch_line_class(s, scope, uscc, idno, as_of);
	char d[11];
	date_format(as_of, d);
	if (cls < 0)
		rc = err_set(e, FG_EINPUT, "职工名册中没有企业 %s 的公民身份号码 %s（或不在您的工作范围内）", uscc, idno);
	else if (cls == XM_NONE)
		rc = err_set(e, FG_EINPUT, "该职工在 %s 不是比对线索（口袋党员、隐形党员或自报党员未登记），无需确认或排除", d);
	else
		rc = store_crossmatch_decide(s, uscc, idno, (xm_class)cls, decision, campaign, note, e);
	rc = rc ? rc : store_commit(s, e);
	if (rc)
		store_rollback(s);
	return rc;
}

int crossmatch_decide_line(store *s, const store_filter *scope, const char *who, const char *source, int64_t line,
			   int as_of, const char *decision, const char *campaign, const char *note, fg_err *e)
{
	char uscc[32], idno[32];
	if (line <= 0 || !store_roster_line_key(s, line, uscc, idno))
		return err_set(e, FG_EINPUT, "职工名册中没有这一行（或不在您的工作范围内）");
	return crossmatch_decide(s, scope, who, source, uscc, idno, as_of, decision, campaign, note, e);
}

/* ---- output ---- */

static void idno_out(const char *idno, int unmasked, buf *out)
{
	if (unmasked) {
		buf_puts(out, idno);
		return;
	}
	const ledger_def *def = ledger_get(LEDGER_ROSTERS);
	ledger_mask(&def->cols[RS_IDNO], idno, out);
}

/* What the member ledger says of the person, in one phrase. */
static void record_out(const xm_row *r, buf *out)
{
	if (r->cls == XM_UNREGISTERED) {
		buf_printf(out, "职工名册自报%s，党员名册中没有此人", r->political ? r->political : "党员");
		return;
	}
	buf_printf(out, "党员名册：所在党组织 %s", r->member_org ? r->member_org : "（空）");
	if (r->member_outside)
		buf_printf(out, "，区外组织关系 %s", r->member_outside);
	buf_printf(out, "，工作单位 %s", r->member_employer ? r->member_employer : "（空）");
}

void crossmatch_text(const xm_list *l, const char *label, int unmasked, buf *out)
{
	char d[11];
	date_format(l->as_of, d);
	buf_printf(out, "%s 职工名册比对（截至 %s）：口袋党员线索 %zu 条，隐形党员线索 %zu 条，自报党员未登记 %zu 条\n", label, d,
		   l->by_class[XM_POCKET], l->by_class[XM_HIDDEN], l->by_class[XM_UNREGISTERED]);
	xm_class last = XM_NONE;
	for (size_t i = 0; i < l->n; i++) {
		const xm_row *r = &l->v[i];
		if (r->cls != last) {
			buf_printf(out, "\n【%s】%zu 条\n", crossmatch_class_label(r->cls), l->by_class[r->cls]);
			last = r->cls;
		}
		buf_printf(out, "  - %s（", r->name);
		idno_out(r->idno, unmasked, out);
		buf_printf(out, "）%s（%s）%s%s 入职 %s；", r->ent_name, r->uscc, r->street ? " " : "", r->street ? r->street : "",
			   r->hired ? r->hired : "日期未填");
		record_out(r, out);
		buf_printf(out, "；%s", crossmatch_state_label(r->state));
		if (r->state != XM_OPEN)
			buf_printf(out, "（%s %s%s%s%s%s）", r->decided_on, r->who, r->campaign ? "，排查：" : "",
				   r->campaign ? r->campaign : "", r->note ? "，" : "", r->note ? r->note : "");
		buf_putc(out, '\n');
	}
}

void crossmatch_json(const xm_list *l, const char *label, int unmasked, buf *out)
{
	char d[11];
	date_format(l->as_of, d);
	json_t *o = json_pack("{s:s,s:s}", "region", label, "as_of", d);
	json_t *counts = json_object();
	for (int c = XM_POCKET; c < XM_NCLASSES; c++)
		json_object_set_new(counts, crossmatch_class_id((xm_class)c), json_integer((json_int_t)l->by_class[c]));
	json_object_set_new(o, "by_class", counts);
	json_t *arr = json_array();
	buf id = {0};
	for (size_t i = 0; i < l->n; i++) {
		const xm_row *r = &l->v[i];
		buf_reset(&id);
		idno_out(r->idno, unmasked, &id);
		json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "class", crossmatch_class_id(r->cls), "state",
				      STATE_IDS[r->state], "uscc", r->uscc, "enterprise", r->ent_name, "name", r->name, "idno",
				      buf_cstr(&id));
		const struct {
			const char *k, *v;
		} opt[] = {{"street", r->street},	      {"political", r->political},
			   {"hired", r->hired},		      {"member_org", r->member_org},
			   {"member_outside_org", r->member_outside}, {"member_employer", r->member_employer},
			   {"decided_on", r->decided_on},	      {"decided_by", r->who},
			   {"campaign", r->campaign},	      {"note", r->note}};
		for (size_t k = 0; k < sizeof opt / sizeof opt[0]; k++)
			json_object_set_new(j, opt[k].k, opt[k].v ? json_string(opt[k].v) : json_null());
		json_array_append_new(arr, j);
	}
	buf_free(&id);
	json_object_set_new(o, "candidates", arr);
	char *sj = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	buf_puts(out, sj);
	buf_putc(out, '\n');
	free(sj);
	json_decref(o);
}

int crossmatch_xlsx(const xm_list *l, const char *label, int unmasked, const char *path, fg_err *e)
{
	lxw_workbook *wb = xlsx_out_open(path, NULL, e);
	if (!wb)
		return FG_EFAIL;
	char d[11];
	date_format(l->as_of, d);
	buf t = {0};
	buf_printf(&t, "%s 职工名册比对（截至 %s）", label, d);
	static const char *const HEAD[] = {"类别", "状态", "街道", "企业名称", "企业统一社会信用代码", "姓名", "公民身份号码",
					   "入职日期", "政治面貌", "党员名册情况", "处理日期", "处理人", "排查", "备注"};
	lxw_worksheet *ws;
	lxw_row_t first;
	xlsx_out_sheet(wb, &ws, "职工名册比对", buf_cstr(&t), HEAD, NULL, sizeof HEAD / sizeof HEAD[0], &first);
	for (size_t i = 0; i < l->n; i++) {
		const xm_row *r = &l->v[i];
		lxw_row_t row = first + (lxw_row_t)i;
		buf_reset(&t);
		idno_out(r->idno, unmasked, &t);
		buf rec = {0};
		record_out(r, &rec);
		const char *cells[] = {crossmatch_class_label(r->cls), crossmatch_state_label(r->state), r->street,
				       r->ent_name, r->uscc, r->name, buf_cstr(&t), r->hired, r->political, buf_cstr(&rec),
				       r->decided_on, r->who, r->campaign, r->note};
		for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++)
			if (cells[c])
				worksheet_write_string(ws, row, (lxw_col_t)c, cells[c], NULL);
		buf_free(&rec);
	}
	buf_free(&t);
	return xlsx_out_close(wb, path, FG_OK, e);
}
