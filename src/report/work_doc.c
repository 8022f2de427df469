/* work_doc — the work report as a document: the expanded template's text turned into blocks, with
 * the charts and tables it names drawn from the variables (work_text_to_doc), and the whole report
 * built from the data (work_build). The figures themselves are work.c's. */
#include "report/work.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const tpl_list *list_named(const tpl_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nlists; i++)
		if (strcmp(c->lists[i].name, name) == 0)
			return &c->lists[i];
	return NULL;
}

static const char *field(const tpl_item *it, const char *key)
{
	for (size_t i = 0; i < it->nfields; i++)
		if (strcmp(it->keys[i], key) == 0)
			return it->vals[i];
	return "";
}

static const char *var(const tpl_ctx *c, const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->keys[i], key) == 0)
			return c->vals[i];
	return "";
}

/* A chart of a list's items: label from field `label`, value from `value` in tenths (negative:
 * unknown, drawn as "—"). Fewer than `min` items draw nothing: one bar tells no more than the text.
 * paired: the items are (a year earlier, now) pairs. */
static void add_list_chart(doc *d, const tpl_ctx *c, const char *list, const char *label, const char *value,
			   size_t min, const char *title, int paired)
{
	const tpl_list *l = list_named(c, list);
	if (!l || l->n < min || !l->n)
		return;
	const char **labels = xmalloc(l->n * sizeof *labels);
	double *values = xmalloc(l->n * sizeof *values);
	for (size_t i = 0; i < l->n; i++) {
		labels[i] = field(&l->items[i], label);
		double v = strtod(field(&l->items[i], value), NULL);
		values[i] = v < 0 ? NAN : v / 10.0;
	}
	doc_add_chart(d, title, l->n, labels, values, 100.0, "%");
	d->blocks[d->n - 1].chart->paired = paired;
	free(labels);
	free(values);
}

/* Coverage by street, or by community in a street's report: titled by what it shows. */
static void add_place_chart(doc *d, const tpl_ctx *c)
{
	char title[128];
	snprintf(title, sizeof title, "各%s“三有”企业组织覆盖率（%%）", var(c, "chart_places_kind"));
	add_list_chart(d, c, "chart_places", "name", "coverage_value", 2, title, 0);
}

/* How the 三有 enterprises are covered: the figures of the coverage sentence, as bars. */
static void add_makeup_chart(doc *d, const tpl_ctx *c)
{
	static const char *const labels[] = {"单独组建", "联合组建", "挂靠组建", "未覆盖"};
	static const char *const keys[] = {"enterprises_covered_single", "enterprises_covered_joint",
					   "enterprises_covered_affiliated", "enterprises_uncovered"};
	double v[4], sum = 0;
	for (size_t i = 0; i < 4; i++)
		sum += v[i] = strtod(var(c, keys[i]), NULL);
	if (sum > 0)
		doc_add_chart(d, "“三有”企业组织覆盖构成（家）", 4, labels, v, 0, "家");
}

/* The table of the region's streets; in a region inside one street (a street's, a community's or
 * a zone's report), of its communities — none when it is one community: a row would name a place
 * the figures are not of, or repeat the text's own. */
static void add_street_table(doc *d, const tpl_ctx *c)
{
	const tpl_list *l = list_named(c, "streets");
	const char *kind = "街道";
	if (l && l->n == 1) {
		l = list_named(c, "communities");
		kind = "社区";
	}
	if (!l || l->n < 2)
		return;
	const char *const H[] = {kind, "企业", "“三有”企业", "已覆盖", "党组织", "组织覆盖率", "应建尽建率"};
	static const char *const K[] = {"name", "enterprises", "in_scope", "covered", "orgs", "coverage", "required_rate"};
	size_t cols = sizeof H / sizeof H[0];
	const char **cells = xmalloc((l->n + 1) * cols * sizeof *cells);
	for (size_t j = 0; j < cols; j++)
		cells[j] = H[j];
	for (size_t i = 0; i < l->n; i++)
		for (size_t j = 0; j < cols; j++)
			cells[(i + 1) * cols + j] = field(&l->items[i], K[j]);
	doc_add_table(d, l->n + 1, cols, cells);
	free(cells);
}

void work_text_to_doc(const char *text, const tpl_ctx *c, doc *d)
{
	buf para = {0};
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		/* Trim trailing spaces and a CR from files edited on Windows. */
		size_t ll = strlen(line);
		while (ll && (line[ll - 1] == ' ' || line[ll - 1] == '\r' || line[ll - 1] == '\t'))
			line[--ll] = '\0';
		const char *t = line;
		while (*t == ' ' || *t == '\t')
			t++;
		int block = *t == '\0' || strncmp(t, "# ", 2) == 0 || strncmp(t, "## ", 3) == 0 ||
			    strncmp(t, "### ", 4) == 0 || strncmp(t, "#### ", 5) == 0 || strncmp(t, "> ", 2) == 0 || strncmp(t, "[[", 2) == 0;
		if (block && para.len) {
			doc_add(d, DOC_PARA, buf_cstr(&para));
			buf_reset(&para);
		}
		if (strncmp(t, "# ", 2) == 0)
			doc_add(d, DOC_TITLE, t + 2);
		else if (strncmp(t, "## ", 3) == 0)
			doc_add(d, DOC_H1, t + 3);
		else if (strncmp(t, "### ", 4) == 0)
			doc_add(d, DOC_H2, t + 4);
		else if (strncmp(t, "#### ", 5) == 0)
			doc_add(d, DOC_H3, t + 5);
		else if (strncmp(t, "> ", 2) == 0)
			doc_add(d, DOC_NOTE, t + 2);
		else if (strcmp(t, "[[chart:street_coverage]]") == 0)
			add_place_chart(d, c);
		else if (strcmp(t, "[[chart:coverage_makeup]]") == 0)
			add_makeup_chart(d, c);
		else if (strcmp(t, "[[chart:year_on_year]]") == 0)
			add_list_chart(d, c, "chart_yoy", "name", "value", 1, "“三有”企业覆盖率与上年同期对比（%）", 1);
		else if (strcmp(t, "[[table:streets]]") == 0)
			add_street_table(d, c);
		else if (*t)
			buf_puts(&para, t);
		free(line);
		p += n;
		if (*p == '\n')
			p++;
	}
	if (para.len)
		doc_add(d, DOC_PARA, buf_cstr(&para));
	buf_free(&para);
}

int work_build(store *s, const work_opts *o, doc *d, fg_err *e)
{
	tpl_ctx c = {0};
	int rc = work_vars(s, o, &c, e);
	buf text = {0};
	if (!rc) {
		size_t len;
		const char *tpl = o->template_text ? o->template_text : work_default_template(&len);
		if (o->template_text)
			len = o->template_len;
		rc = tpl_expand(&c, tpl, len, &text, e);
	}
	if (!rc) {
		work_text_to_doc(buf_cstr(&text), &c, d);
		buf sign = {0}; /* the 落款 closes every report */
		buf_printf(&sign, "%s\n%s", var(&c, "issuer"), var(&c, "report_date_cn"));
		doc_add(d, DOC_SIGN, buf_cstr(&sign));
		buf_free(&sign);
	}
	buf_free(&text);
	tpl_free(&c);
	return rc;
}
