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
	char *name;  /* a street's own name, without its district */
	char *path;  /* a street's "区县/街道" in a city, else NULL */
	int which;   /* PLACE_COL_* */
} place;

typedef struct places {
	place *v;
	size_t n, cap;
	int districts; /* how many districts: a city's streets are grouped by them */
} places;

static int collect(void *ctx, int64_t id, int64_t parent, const char *level, const char *name)
{
	places *p = ctx;
	int which = strcmp(level, "district") == 0 ? PLACE_COL_DISTRICT
		    : strcmp(level, "street") == 0 ? PLACE_COL_STREET
						    : PLACE_COL_COMMUNITY;
	const char *path = NULL;
	if (which == PLACE_COL_STREET && strrchr(name, '/')) { /* its path "区县/街道" */
		path = name;
		name = strrchr(name, '/') + 1;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	p->v[p->n++] = (place){id, parent, xstrdup(name), path ? xstrdup(path) : NULL, which};
	p->districts += which == PLACE_COL_DISTRICT;
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

/* The options of the places of kind which, grouped under the places of the level above when
 * grouped (an <optgroup> per group, labelled with its name); v selected inside the group named up
 * (any group when up is NULL). With paths (an organisation's 所属街道 in a city, which no 所属区县
 * precedes): a street's value is its path "区县/街道", each district's group begins with the district
 * itself (区县本级: a district's own leadership body), and a community's group is named by its
 * street's path (data-value, which assets/places.js follows). Returns 1 when v was one of them. */
static int options(buf *b, const places *p, int which, int grouped, int paths, const char *v, const char *up)
{
	int above = which == PLACE_COL_COMMUNITY ? PLACE_COL_STREET : PLACE_COL_DISTRICT, known = 0;
	for (size_t g = 0; g < (grouped ? p->n : 1); g++) {
		const place *grp = grouped ? &p->v[g] : NULL;
		if (grp && grp->which != above)
			continue;
		const char *gname = paths && grp && grp->path ? grp->path : grp ? grp->name : NULL;
		int here = !grp || !up || strcmp(up, gname) == 0;
		if (grp && gname != grp->name)
			html_printf(b, "<optgroup label=\"%s\" data-value=\"%s\">", grp->name, gname);
		else if (grp)
			html_printf(b, "<optgroup label=\"%s\">", grp->name);
		if (paths && which == PLACE_COL_STREET && grp) {
			int sel = v && strcmp(v, grp->name) == 0 && !known;
			known |= sel;
			html_printf(b, "<option value=\"%s\"%s>%s（区县本级）</option>", grp->name, sel ? " selected" : "", grp->name);
		}
		for (size_t i = 0; i < p->n; i++) {
			const place *c = &p->v[i];
			if (c->which != which || (grp && c->parent != grp->id))
				continue;
			const char *value = paths && c->path ? c->path : c->name;
			int sel = here && v && strcmp(v, value) == 0 && !known;
			known |= sel;
			if (value != c->name)
				html_printf(b, "<option value=\"%s\"%s>%s</option>", value, sel ? " selected" : "", c->name);
			else
				html_printf(b, "<option%s>%s</option>", sel ? " selected" : "", c->name);
		}
		if (grp)
			html_raw(b, "</optgroup>");
	}
	return known;
}

void place_select(web_req *r, buf *b, int which, int paths, const char *v, const char *up, const char *err)
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
	if (which == PLACE_COL_DISTRICT) {
		open_select(b, "district", err, "");
		known |= options(b, &p, which, 0, 0, v, NULL);
	} else if (which == PLACE_COL_STREET) {
		open_select(b, "street", err, p.districts && !paths ? " data-street=\"f-district\"" : "");
		known |= options(b, &p, which, p.districts > 0, paths, v, up);
	} else {
		open_select(b, "community", err, " data-street=\"f-street\"");
		known |= options(b, &p, which, 1, paths, v, up);
	}
	/* A value that is no place of the list stays, so the message beside it makes sense. */
	if (!known)
		html_printf(b, "<option selected>%s</option>", v);
	html_raw(b, "</select>");
	if (which == PLACE_COL_COMMUNITY) {
		html_raw(b, "<script src=\"");
		web_asset_url(b, "places.js");
		html_raw(b, "\" defer></script>");
	}
	for (size_t i = 0; i < p.n; i++) {
		free(p.v[i].name);
		free(p.v[i].path);
	}
	free(p.v);
}

int place_col(const ledger_def *def, size_t col)
{
	if (def->kind != LEDGER_ENTERPRISES && def->kind != LEDGER_ORGS)
		return 0;
	const char *k = def->cols[col].key;
	return strcmp(k, "street") == 0 ? PLACE_COL_STREET : strcmp(k, "community") == 0 ? PLACE_COL_COMMUNITY
	       : strcmp(k, "district") == 0 ? PLACE_COL_DISTRICT : 0;
}
