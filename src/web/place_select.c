#include "web/place_select.h"

#include <stdlib.h>
#include <string.h>

#include "core/collate.h"
#include "store/query.h"
#include "store/users.h"
#include "web/page_ledger.h"
#include "web/web_int.h"

typedef struct place {
	int64_t id, parent;
	char *name;
	int street;
} place;

typedef struct places {
	place *v;
	size_t n, cap;
} places;

static int collect(void *ctx, int64_t id, int64_t parent, const char *level, const char *name)
{
	places *p = ctx;
	if (strcmp(level, "district") == 0)
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	p->v[p->n++] = (place){id, parent, xstrdup(name), strcmp(level, "street") == 0};
	return 0;
}

static int by_name(const void *a, const void *b)
{
	const place *x = a, *y = b;
	return collate_zh(x->name, y->name);
}

static void open_select(buf *b, const char *key, const char *err, const char *extra)
{
	html_printf(b, "<select name=\"%s\" id=\"f-%s\"", key, key);
	html_raw(b, extra);
	if (err)
		html_printf(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", key);
	html_raw(b, "><option value=\"\">（请选择）</option>");
}

void place_select(web_req *r, buf *b, int is_street, const char *v, const char *street, const char *err)
{
	store *s = web_db(r);
	store_filter sc = lw_scope(r);
	places p = {0};
	fg_err e;
	if (s && sc.region_id >= 0)
		store_regions_each(s, sc.region_id, 1, collect, &p, &e); /* in scope, or the street holding it */
	if (p.n)
		qsort(p.v, p.n, sizeof *p.v, by_name);
	int known = !v || !*v;
	if (is_street) {
		open_select(b, "street", err, "");
		for (size_t i = 0; i < p.n; i++) {
			if (!p.v[i].street)
				continue;
			int sel = v && strcmp(v, p.v[i].name) == 0;
			known |= sel;
			html_printf(b, "<option%s>%s</option>", sel ? " selected" : "", p.v[i].name);
		}
	} else {
		open_select(b, "community", err, " data-street=\"f-street\"");
		for (size_t i = 0; i < p.n; i++) {
			if (!p.v[i].street)
				continue;
			int here = street && strcmp(street, p.v[i].name) == 0;
			html_printf(b, "<optgroup label=\"%s\">", p.v[i].name);
			for (size_t j = 0; j < p.n; j++) {
				const place *c = &p.v[j];
				if (c->street || c->parent != p.v[i].id)
					continue;
				int sel = here && v && strcmp(v, c->name) == 0;
				known |= sel;
				html_printf(b, "<option%s>%s</option>", sel ? " selected" : "", c->name);
			}
			html_raw(b, "</optgroup>");
		}
	}
	/* A value that is no place of the list stays, so the message beside it makes sense. */
	if (!known)
		html_printf(b, "<option selected>%s</option>", v);
	html_raw(b, "</select>");
	if (!is_street) {
		html_raw(b, "<script src=\"");
		web_asset_url(b, "places.js");
		html_raw(b, "\" defer></script>");
	}
	for (size_t i = 0; i < p.n; i++)
		free(p.v[i].name);
	free(p.v);
}

int place_col(const ledger_def *def, size_t col)
{
	if (def->kind != LEDGER_ENTERPRISES && def->kind != LEDGER_ORGS)
		return 0;
	return strcmp(def->cols[col].key, "street") == 0 ? 1 : strcmp(def->cols[col].key, "community") == 0 ? 2 : 0;
}
