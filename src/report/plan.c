#include "report/plan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/collate.h"
#include "core/ledger.h"
#include "io/xlsx_out.h"
#include "util/date.h"
#include "util/strmap.h"
#include "store/finding_store.h"
#include "store/history_query.h"
#include "store/scope.h"

/* Industry codes by enterprise id (ids up to max_ent): the 行业 texts numbered in the order of the
 * least 统一社会信用代码 of each (byte order, as the ledger sorts: the order in which a walk of the
 * ledger by code first sees them), 0 for none. Read in any order: during the read by_id holds an
 * index into least (plus one), industries_number makes them the codes. */
typedef struct industries {
	strmap at; /* 行业 text → its index in least */
	char **least;
	size_t n;
	int64_t *by_id;
	int64_t max_ent;
} industries;

static int on_industry(void *ctx, int64_t id, const char *uscc, const char *ind)
{
	industries *in = ctx;
	if (!ind || !*ind || !uscc)
		return 0;
	int64_t k;
	if (!strmap_get(&in->at, ind, strlen(ind), &k)) {
		k = (int64_t)in->n;
		strmap_put(&in->at, ind, strlen(ind), k);
		if ((in->n & (in->n - 1)) == 0)
			in->least = xrealloc(in->least, (in->n ? in->n * 2 : 1) * sizeof *in->least);
		in->least[in->n++] = xstrdup(uscc);
	} else if (strcmp(uscc, in->least[k]) < 0) {
		free(in->least[k]);
		in->least[k] = xstrdup(uscc);
	}
	if (id >= 0 && id <= in->max_ent)
		in->by_id[id] = k + 1;
	return 0;
}

static int least_cmp(const void *x, const void *y)
{
	return strcmp(**(char *const *const *)x, **(char *const *const *)y);
}

/* The indexes in by_id as codes: 1 for the industry whose least code is least, and so on. */
static void industries_number(industries *in)
{
	char ***by = xmalloc((in->n ? in->n : 1) * sizeof *by);
	for (size_t k = 0; k < in->n; k++)
		by[k] = &in->least[k];
	qsort(by, in->n, sizeof *by, least_cmp);
	int64_t *code = xmalloc((in->n ? in->n : 1) * sizeof *code);
	for (size_t r = 0; r < in->n; r++)
		code[by[r] - in->least] = (int64_t)r + 1;
	for (int64_t id = 0; id <= in->max_ent; id++)
		if (in->by_id[id] > 0)
			in->by_id[id] = code[in->by_id[id] - 1];
	free(code);
	free(by);
}

static void industries_free(industries *in)
{
	for (size_t k = 0; k < in->n; k++)
		free(in->least[k]);
	free(in->least);
	free(in->by_id);
	strmap_free(&in->at);
}

/* A link by its owner: f's links sorted by (owner, index) put an organisation's links in one run,
 * in the links' own order, found by binary search. */
typedef struct owned {
	int64_t owner;
	size_t link;
} owned;

static int owned_cmp(const void *x, const void *y)
{
	const owned *a = x, *b = y;
	if (a->owner != b->owner)
		return a->owner < b->owner ? -1 : 1;
	return (a->link > b->link) - (a->link < b->link);
}

static owned *links_by_owner(const facts *f)
{
	owned *v = xmalloc((f->nlinks ? f->nlinks : 1) * sizeof *v);
	for (size_t i = 0; i < f->nlinks; i++)
		v[i] = (owned){f->links[i].owner, i};
	qsort(v, f->nlinks, sizeof *v, owned_cmp);
	return v;
}

/* The first position in by_owner (n entries) of owner's links (n when it has none). */
static size_t first_owned(const owned *by_owner, size_t n, int64_t owner)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (by_owner[mid].owner < owner)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* An existing joint branch of the region as the store has it on the date. */
typedef struct branch_scan {
	const facts *f;
	joint_plan *p;
	owned *by_owner; /* links_by_owner(f) */
} branch_scan;

static int on_branch_org(void *ctx, const org_fact *of)
{
	branch_scan *bs = ctx;
	const facts *f = bs->f;
	joint_plan *p = bs->p;
	if (strcmp(of->mode, "联合建") != 0 || of->units >= f->cfg.joint_max_units)
		return 0;
	/* Its enterprises in the region: all of those it covers, or the branch is not the region's
	 * to fill (part of it lies outside what the plan sees). */
	int n = 0, share[3] = {1, 1, 1};
	const ent_fact *first = NULL;
	for (size_t j = first_owned(bs->by_owner, f->nlinks, of->id); j < f->nlinks && bs->by_owner[j].owner == of->id;
	     j++) {
		const ent_fact *ef = &f->ents[f->links[bs->by_owner[j].link].ent];
		n++;
		if (!first) {
			first = ef;
			share[0] = ef->zone_id > 0;
			continue;
		}
		share[0] = share[0] && ef->zone_id == first->zone_id;
		share[1] = share[1] && ef->community_id == first->community_id;
		share[2] = share[2] && ef->street_id == first->street_id;
	}
	if (!first || n != of->units)
		return 0;
	int level = share[0] ? 0 : share[1] ? 1 : share[2] ? 2 : -1;
	if (level < 0)
		return 0;
	p->branches = xrealloc(p->branches, (p->nbranches + 1) * sizeof *p->branches);
	p->branch_names = xrealloc(p->branch_names, (p->nbranches + 1) * sizeof *p->branch_names);
	p->branch_units = xrealloc(p->branch_units, (p->nbranches + 1) * sizeof *p->branch_units);
	p->branches[p->nbranches] = (plan_branch){
		of->id, f->cfg.joint_max_units - of->units, (plan_level)level,
		level == 0 ? first->zone_id : level == 1 ? first->community_id : first->street_id};
	p->branch_names[p->nbranches] = xstrdup(of->name);
	p->branch_units[p->nbranches] = of->units;
	p->nbranches++;
	return 0;
}

unsigned char joint_plan_class(const rules_cfg *c, const ent_fact *ef)
{
	if (!rules_in_scope(c, ef->operating, ef->fixed_site, ef->employees) ||
	    rules_coverage_state(ef->cov_single, ef->cov_joint, ef->cov_affiliated) != COV_UNCOVERED)
		return 0;
	rec_mode rm = rules_recommend(c, ef->formal);
	int priority = rm == REC_INSTRUCTOR && rules_instructor_priority(c, ef->employees, ef->formal, ef->instructors);
	return (unsigned char)((1 + (unsigned)rm) << 1 | (unsigned)priority);
}

/* 1 when enterprise id has a coverage link (ended or not), or it cannot be read. */
static int ent_linked(store *s, int64_t id)
{
	int64_t *orgs;
	size_t n;
	fg_err e;
	int linked = store_ent_orgs(s, id, &orgs, &n, &e) != FG_OK || n > 0;
	free(orgs);
	return linked;
}

int joint_plan_holds(store *s, const facts *f, const unsigned char *cls, size_t ncls, const int64_t *ents,
		     size_t nents, store_fields fields)
{
	/* An organisation's mode or kind: the plan reads the organisations (their modes) itself. */
	/* An enterprise's place: the plan groups them by place. */
	if ((size_t)f->max_ent + 1 != ncls || (fields & (STORE_ENT_INDUSTRY | STORE_ORG | STORE_ENT_PLACE)) ||
	    !facts_patchable(s, f, 1, ents, nents, fields))
		return 0;
	for (size_t k = 0; k < nents; k++) {
		int32_t i = ents[k] > 0 && ents[k] <= f->max_ent ? f->idx[ents[k]] : -1;
		/* An enterprise closed (gone from f) with coverage links: they ended too, and the plan
		 * counts each branch's units. */
		if (i < 0 && (fields & STORE_ENT_CLOSING) && ents[k] > 0 && ents[k] <= f->max_ent && ent_linked(s, ents[k]))
			return 0;
		/* One reopened with coverage links: they came back too. */
		if (i >= 0 && (fields & STORE_ENT_REOPENING) && ent_linked(s, ents[k]))
			return 0;
		if (ents[k] <= 0 || ents[k] > f->max_ent || (i >= 0 ? joint_plan_class(&f->cfg, &f->ents[i]) : 0) != cls[ents[k]])
			return 0;
		/* The plan prints the name and formal members of each enterprise it names (class not
		 * 0): that name or those counts of one of them may have changed. One it does not name
		 * (covered, or not 三有) before and now is in no line of it. */
		if ((fields & (STORE_MEMBER_FORMAL | STORE_ENT_NAME)) && cls[ents[k]])
			return 0;
	}
	return 1;
}

int joint_plan_make(store *s, const facts *f, joint_plan *p, fg_err *e)
{
	memset(p, 0, sizeof *p);
	const rules_cfg *c = &f->cfg;
	industries in = {0};
	in.max_ent = f->max_ent;
	in.by_id = xcalloc((size_t)f->max_ent + 1, sizeof *in.by_id);
	int rc = store_each_industry(s, &f->filter, on_industry, &in, e);
	if (!rc)
		industries_number(&in);
	branch_scan bs = {f, p, links_by_owner(f)};
	rc = rc ? rc : store_scan_orgs_units(s, f->as_of, on_branch_org, &bs, e);
	free(bs.by_owner);
	p->units = xmalloc((f->nents ? f->nents : 1) * sizeof *p->units);
	p->single_ents = xmalloc((f->nents ? f->nents : 1) * sizeof *p->single_ents);
	/* The enterprises by id, not in the order the facts were read in (which is the database's):
	 * the candidates and single_ents in one order on every backend (the planner's, planner.h). */
	for (int64_t id = 0; !rc && id <= f->max_ent; id++) {
		if (f->idx[id] < 0)
			continue;
		size_t i = (size_t)f->idx[id];
		const ent_fact *ef = &f->ents[i];
		if (!joint_plan_class(c, ef))
			continue;
		p->uncovered++;
		rec_mode rm = rules_recommend(c, ef->formal);
		if (rm == REC_SINGLE) {
			p->single_ents[p->single++] = i;
			continue;
		}
		if (rm == REC_INSTRUCTOR) {
			p->instructor++;
			p->instructed += ef->instructors > 0;
			p->priority += (size_t)rules_instructor_priority(c, ef->employees, ef->formal, ef->instructors);
			continue;
		}
		p->units[p->nunits++] =
			(plan_unit){ef->id, ef->formal, ef->zone_id, ef->community_id, ef->street_id, in.by_id[ef->id]};
	}
	industries_free(&in);
	if (rc)
		return rc;
	if (plan_joint_fill(p->units, p->nunits, p->branches, p->nbranches, c->joint_max_units, c->min_formal_single,
			    &p->r) != 0)
		return err_set(e, FG_EINPUT, "设置项 joint.max_units（%d）或 org.min_formal_single（%d）不可用于联合组建",
			       c->joint_max_units, c->min_formal_single);
	p->units_grouped = p->r.nmembers;
	return FG_OK;
}

void joint_plan_free(joint_plan *p)
{
	plan_free(&p->r);
	free(p->units);
	free(p->single_ents);
	for (size_t i = 0; i < p->nbranches; i++)
		free(p->branch_names[i]);
	free(p->branch_names);
	free(p->branch_units);
	free(p->branches);
	memset(p, 0, sizeof *p);
}

/* Region and zone names by "level:id". */
typedef struct names {
	strmap map;
	char **v;
	size_t n;
} names;

static int add_name(void *ctx, const char *level, int64_t id, const char *name)
{
	names *nm = ctx;
	char key[64];
	int kl = snprintf(key, sizeof key, "%s:%lld", level, (long long)id);
	nm->v = xrealloc(nm->v, (nm->n + 1) * sizeof *nm->v);
	nm->v[nm->n] = xstrdup(name);
	strmap_put(&nm->map, key, (size_t)kl, (int64_t)nm->n++);
	return 0;
}

static const char *name_of(const names *nm, const char *level, int64_t id)
{
	char key[64];
	int kl = snprintf(key, sizeof key, "%s:%lld", level, (long long)id);
	int64_t i;
	return strmap_get(&nm->map, key, (size_t)kl, &i) ? nm->v[i] : "（未知）";
}

static void names_free(names *nm)
{
	for (size_t i = 0; i < nm->n; i++)
		free(nm->v[i]);
	free(nm->v);
	strmap_free(&nm->map);
}

static const char *const LEVEL_KEY[] = {"zone", "community", "street"};
static const char *const LEVEL_CN[] = {"区域", "社区", "街道"};

/* The proposed name of a joint branch: "<place>第N联合党支部". */
static void group_name(const names *nm, const plan_group *g, size_t seq, buf *out)
{
	buf_printf(out, "%s第%zu联合党支部（拟）", name_of(nm, LEVEL_KEY[g->level], g->where), seq);
}

typedef void (*emit_group_fn)(void *ctx, const plan_group *g, const char *name, const char *place);
typedef void (*emit_unit_fn)(void *ctx, const char *label, int formal, const char *community);

/* Walks the plan in a stable order, giving names and labels to each group, member and leftover. */
typedef void (*emit_fill_fn)(void *ctx, const char *branch, int units, const char *label, int formal,
			     const char *community);

static int walk(store *s, const joint_plan *p, emit_group_fn eg, emit_unit_fn eu,
		void (*left)(void *ctx, const char *label, int formal, const char *community), emit_fill_fn fill,
		void *ctx, fg_err *e)
{
	names nm = {0};
	int rc = store_scan_names(s, add_name, &nm, e);
	if (rc) {
		names_free(&nm);
		return rc;
	}
	strmap seq = {0}; /* place → groups so far, for numbering */
	buf name = {0}, label = {0};
	for (size_t gi = 0; gi < p->r.ngroups; gi++) {
		const plan_group *g = &p->r.groups[gi];
		char key[64];
		int kl = snprintf(key, sizeof key, "%d:%lld", (int)g->level, (long long)g->where);
		int64_t n = 0;
		strmap_get(&seq, key, (size_t)kl, &n);
		strmap_put(&seq, key, (size_t)kl, ++n);
		buf_reset(&name);
		group_name(&nm, g, (size_t)n, &name);
		eg(ctx, g, buf_cstr(&name), name_of(&nm, LEVEL_KEY[g->level], g->where));
		for (size_t m = 0; m < g->n; m++) {
			const plan_unit *u = &p->units[p->r.members[g->first + m]];
			buf_reset(&label);
			store_enterprise_label(s, u->id, &label);
			eu(ctx, buf_cstr(&label), u->formal, name_of(&nm, "community", u->community));
		}
	}
	for (size_t i = 0; i < p->r.nfilled; i++) {
		const plan_unit *u = &p->units[p->r.filled[i]];
		size_t b = p->r.filled_by[i];
		buf_reset(&label);
		store_enterprise_label(s, u->id, &label);
		fill(ctx, p->branch_names[b], p->branch_units[b], buf_cstr(&label), u->formal,
		     name_of(&nm, "community", u->community));
	}
	for (size_t i = 0; i < p->r.nleftover; i++) {
		const plan_unit *u = &p->units[p->r.leftover[i]];
		buf_reset(&label);
		store_enterprise_label(s, u->id, &label);
		left(ctx, buf_cstr(&label), u->formal, name_of(&nm, "community", u->community));
	}
	buf_free(&name);
	buf_free(&label);
	strmap_free(&seq);
	names_free(&nm);
	return FG_OK;
}

/* ---- text ---- */

typedef struct tctx {
	buf *out;
	int left_header;
	const char *last_branch;
} tctx;

static void t_fill(void *ctx, const char *branch, int units, const char *label, int formal, const char *community)
{
	tctx *t = ctx;
	if (!t->last_branch || strcmp(t->last_branch, branch) != 0) {
		buf_printf(t->out, "\n并入现有的%s（现覆盖 %d 家单位）：\n", branch, units);
		t->last_branch = branch;
	}
	buf_printf(t->out, "  - %s，%s，正式党员 %d 名\n", label, community, formal);
}

static void t_group(void *ctx, const plan_group *g, const char *name, const char *place)
{
	buf *out = ((tctx *)ctx)->out;
	buf_printf(out, "\n%s：在%s“%s”内联合 %zu 家企业，正式党员合计 %d 名\n", name, LEVEL_CN[g->level], place, g->n,
		   g->formal);
}

static void t_unit(void *ctx, const char *label, int formal, const char *community)
{
	buf *out = ((tctx *)ctx)->out;
	buf_printf(out, "  - %s，%s，正式党员 %d 名\n", label, community, formal);
}

static void t_left(void *ctx, const char *label, int formal, const char *community)
{
	tctx *t = ctx;
	buf *out = t->out;
	if (!t->left_header) {
		buf_puts(out, "\n无法联合组建的企业，建议挂靠所在社区党组织（挂靠建）：\n");
		t->left_header = 1;
	}
	buf_printf(out, "  - %s，正式党员 %d 名 → 挂靠%s党组织\n", label, formal, community);
}

int joint_plan_text(store *s, const facts *f, const joint_plan *p, buf *out, fg_err *e)
{
	char d[11];
	date_format(f->as_of, d);
	buf_printf(out, "%s 联合党支部组建方案（截至 %s）\n", f->label, d);
	buf_printf(out, "候选企业（“三有”、未覆盖、正式党员 1–2 名）%zu 家：", p->nunits);
	if (p->r.nfilled)
		buf_printf(out, "并入现有联合党支部 %zu 家；", p->r.nfilled);
	buf_printf(out, "拟组建联合党支部 %zu 个，覆盖 %zu 家；另 %zu 家建议挂靠建。每个联合党支部至少 %d 名正式党员、最多 %d 家单位。\n",
		   p->r.ngroups, p->units_grouped, p->r.nleftover, f->cfg.min_formal_single, f->cfg.joint_max_units);
	buf_printf(out, "未覆盖的“三有”企业 %zu 家：单独建立党组织 %zu 家，并入现有联合党支部 %zu 家，新组建联合党支部覆盖 %zu 家，"
			"挂靠建 %zu 家，暂无正式党员、由党建指导员开展工作 %zu 家（已派驻 %zu 家，优先选派 %zu 家）。\n",
		   p->uncovered, p->single, p->r.nfilled, p->units_grouped, p->r.nleftover, p->instructor, p->instructed,
		   p->priority);
	tctx t = {out, 0, NULL};
	return walk(s, p, t_group, t_unit, t_left, t_fill, &t, e);
}

/* ---- JSON ---- */

typedef struct jctx {
	json_t *groups, *cur, *left, *filled;
} jctx;

static void j_fill(void *ctx, const char *branch, int units, const char *label, int formal, const char *community)
{
	jctx *j = ctx;
	(void)units;
	json_array_append_new(j->filled, json_pack("{s:s,s:i,s:s,s:s}", "enterprise", label, "formal", formal, "community",
						   community, "branch", branch));
}

static void j_group(void *ctx, const plan_group *g, const char *name, const char *place)
{
	jctx *j = ctx;
	j->cur = json_array();
	json_array_append_new(j->groups, json_pack("{s:s,s:s,s:s,s:i,s:o}", "name", name, "level", LEVEL_KEY[g->level],
						   "place", place, "formal", g->formal, "enterprises", j->cur));
}

static void j_unit(void *ctx, const char *label, int formal, const char *community)
{
	jctx *j = ctx;
	json_array_append_new(j->cur, json_pack("{s:s,s:i,s:s}", "enterprise", label, "formal", formal, "community", community));
}

static void j_left(void *ctx, const char *label, int formal, const char *community)
{
	jctx *j = ctx;
	json_array_append_new(j->left, json_pack("{s:s,s:i,s:s,s:s}", "enterprise", label, "formal", formal, "community",
						 community, "proposal", "挂靠建"));
}

int joint_plan_json(store *s, const facts *f, const joint_plan *p, buf *out, fg_err *e)
{
	jctx j = {json_array(), NULL, json_array(), json_array()};
	int rc = walk(s, p, j_group, j_unit, j_left, j_fill, &j, e);
	char d[11];
	date_format(f->as_of, d);
	json_t *o = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:i,s:i,s:o,s:o}", "region", f->label, "as_of", d, "candidates",
			      (json_int_t)p->nunits, "groups_count", (json_int_t)p->r.ngroups, "covered",
			      (json_int_t)p->units_grouped, "affiliated", (json_int_t)p->r.nleftover, "min_formal",
			      f->cfg.min_formal_single, "max_units", f->cfg.joint_max_units, "groups", j.groups, "leftover",
			      j.left);
	json_object_set_new(o, "joined_existing", json_integer((json_int_t)p->r.nfilled));
	json_object_set_new(o, "uncovered", json_integer((json_int_t)p->uncovered));
	json_object_set_new(o, "single", json_integer((json_int_t)p->single));
	json_object_set_new(o, "instructor", json_integer((json_int_t)p->instructor));
	json_object_set_new(o, "instructor_priority", json_integer((json_int_t)p->priority));
	json_object_set_new(o, "filled", j.filled);
	char *sj = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	buf_puts(out, sj);
	buf_putc(out, '\n');
	free(sj);
	json_decref(o);
	return rc;
}

/* ---- XLSX ---- */

typedef struct xctx {
	lxw_worksheet *ws;
	lxw_row_t row;
	const char *group, *place, *level;
	int gformal;
} xctx;

static void x_group(void *ctx, const plan_group *g, const char *name, const char *place)
{
	xctx *x = ctx;
	x->group = name;
	x->place = place;
	x->level = LEVEL_CN[g->level];
	x->gformal = g->formal;
}

static void x_row(xctx *x, const char *group, const char *level, const char *place, const char *label, int formal,
		  const char *community)
{
	x->row++;
	worksheet_write_string(x->ws, x->row, 0, group, NULL);
	worksheet_write_string(x->ws, x->row, 1, level, NULL);
	worksheet_write_string(x->ws, x->row, 2, place, NULL);
	worksheet_write_string(x->ws, x->row, 3, label, NULL);
	worksheet_write_number(x->ws, x->row, 4, formal, NULL);
	worksheet_write_string(x->ws, x->row, 5, community, NULL);
}

static void x_unit(void *ctx, const char *label, int formal, const char *community)
{
	xctx *x = ctx;
	x_row(x, x->group, x->level, x->place, label, formal, community);
}

static void x_fill(void *ctx, const char *branch, int units, const char *label, int formal, const char *community)
{
	xctx *x = ctx;
	(void)units;
	x_row(x, branch, "现有联合党支部", community, label, formal, community);
}

static void x_left(void *ctx, const char *label, int formal, const char *community)
{
	xctx *x = ctx;
	x_row(x, "挂靠建（建议）", "社区", community, label, formal, community);
}

int joint_plan_xlsx(store *s, const facts *f, const joint_plan *p, const char *path, fg_err *e)
{
	(void)f; /* the plan names its enterprises by id */
	lxw_workbook *wb = xlsx_out_open(path, NULL, e);
	if (!wb)
		return FG_EFAIL;
	static const char *const H[] = {"拟组建党组织", "组建层级", "所在地", "企业", "正式党员", "所属社区"};
	static const double W[] = {34, 10, 18, 44, 10, 14};
	lxw_worksheet *ws;
	lxw_row_t first;
	xlsx_out_sheet(wb, &ws, "联合组建方案", NULL, H, W, 6, &first);
	xctx x = {ws, first - 1, "", "", "", 0};
	int rc = walk(s, p, x_group, x_unit, x_left, x_fill, &x, e);
	return xlsx_out_close(wb, path, rc, e);
}

/* ---- adopting one group ---- */

static const char JOINT[] = "联合党支部";

/* What the organisations the scope reads say about naming and placing a new branch of a place. */
typedef struct org_survey {
	const plan_adoption *a;
	plan_level level;
	const char *prefix; /* "<place>第" */
	size_t prefix_len;
	long highest;       /* the highest N of "<place>第N联合党支部" (a plain "<place>联合党支部" is 1) */
	strmap seen;        /* every organisation name read */
	strmap parents;     /* parent name → joint branches naming it, for the district's */
	char *same_place, *of_zone, *of_street; /* candidates for the parent */
	char **pool;        /* names owned by parents' keys, freed with the survey */
	size_t npool;
} org_survey;

static int empty(const char *v)
{
	return !v || !*v;
}

static int same(const char *v, const char *w)
{
	return !empty(v) && !empty(w) && strcmp(v, w) == 0;
}

static void keep(char **slot, const char *v)
{
	if (!*slot && !empty(v))
		*slot = xstrdup(v);
}

static int on_org_row(void *ctx, const ledger_rec *rec)
{
	org_survey *sv = ctx;
	const plan_adoption *a = sv->a;
	const char *name = rec->f[O_NAME], *mode = rec->f[O_MODE];
	if (empty(name))
		return 0;
	strmap_put(&sv->seen, name, strlen(name), 1);
	size_t nl = strlen(name), pl = strlen(a->place);
	if (nl == pl + sizeof JOINT - 1 && strncmp(name, a->place, pl) == 0 && strcmp(name + pl, JOINT) == 0 &&
	    sv->highest < 1)
		sv->highest = 1;
	if (strncmp(name, sv->prefix, sv->prefix_len) == 0) {
		size_t len = 0;
		long v = collate_cn_value(name + sv->prefix_len, &len);
		if (v > sv->highest && strcmp(name + sv->prefix_len + len, JOINT) == 0)
			sv->highest = v;
	}
	int joint = same(mode, "联合建"), above = same(mode, "上级机关");
	const char *street = rec->f[O_STREET], *community = rec->f[O_COMMUNITY], *zone = rec->f[O_ZONE];
	if (joint && !empty(rec->f[O_PARENT])) {
		int here = sv->level == PLAN_ZONE	   ? same(zone, a->place)
			   : sv->level == PLAN_COMMUNITY ? same(community, a->place) && empty(zone)
						       : same(street, a->place) && empty(community) && empty(zone);
		if (here)
			keep(&sv->same_place, rec->f[O_PARENT]);
		int64_t n = 0;
		const char *pn = rec->f[O_PARENT];
		strmap_get(&sv->parents, pn, strlen(pn), &n);
		strmap_put(&sv->parents, pn, strlen(pn), n + 1);
	}
	if (above && sv->level == PLAN_ZONE && same(zone, a->place))
		keep(&sv->of_zone, name);
	if (above && same(street, a->street) && empty(community) && empty(zone))
		keep(&sv->of_street, name);
	if (above && empty(street)) {
		/* the district's bodies: remembered with their count, read after the scan */
		sv->pool = xrealloc(sv->pool, (sv->npool + 1) * sizeof *sv->pool);
		sv->pool[sv->npool++] = xstrdup(name);
	}
	return 0;
}

/* The parent: the first candidate the scope reads. */
static char *pick_parent(org_survey *sv)
{
	const char *cands[] = {sv->same_place, sv->of_zone, sv->of_street};
	int64_t one;
	for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++)
		if (cands[i] && strmap_get(&sv->seen, cands[i], strlen(cands[i]), &one))
			return xstrdup(cands[i]);
	const char *best = NULL;
	int64_t most = -1;
	for (size_t i = 0; i < sv->npool; i++) {
		int64_t n = 0;
		strmap_get(&sv->parents, sv->pool[i], strlen(sv->pool[i]), &n);
		if (n > most) {
			most = n;
			best = sv->pool[i];
		}
	}
	return best ? xstrdup(best) : NULL;
}

void plan_adoption_free(plan_adoption *a)
{
	free(a->name);
	free(a->parent);
	free(a->street);
	free(a->community);
	free(a->zone);
	free(a->place);
	free(a->covers);
	for (size_t i = 0; i < a->n; i++)
		free(a->labels[i]);
	free(a->labels);
	memset(a, 0, sizeof *a);
}

/* The members' USCCs of group g joined by "；". */
static void group_covers(store *s, const joint_plan *p, size_t g, buf *out)
{
	const plan_group *pg = &p->r.groups[g];
	for (size_t m = 0; m < pg->n; m++) {
		if (m)
			buf_puts(out, "；");
		store_enterprise_uscc(s, p->units[p->r.members[pg->first + m]].id, out);
	}
}

int joint_plan_adoption(store *s, const facts *f, const joint_plan *p, size_t g, const store_filter *scope,
			plan_adoption *a, fg_err *e)
{
	memset(a, 0, sizeof *a);
	if (g >= p->r.ngroups)
		return err_set(e, FG_EINPUT, "组建方案中没有第 %zu 个拟组建的联合党支部", g + 1);
	const plan_group *pg = &p->r.groups[g];
	names nm = {0};
	int rc = store_scan_names(s, add_name, &nm, e);
	if (rc) {
		names_free(&nm);
		return rc;
	}
	a->group = g;
	a->level = LEVEL_CN[pg->level];
	a->place = xstrdup(name_of(&nm, LEVEL_KEY[pg->level], pg->where));
	a->formal = pg->formal;
	a->n = pg->n;
	a->labels = xmalloc((pg->n ? pg->n : 1) * sizeof *a->labels);
	/* the place columns the members all share */
	int64_t street = -1, community = -1;
	buf t = {0};
	for (size_t m = 0; m < pg->n; m++) {
		const ent_fact *ef = &f->ents[f->idx[p->units[p->r.members[pg->first + m]].id]];
		street = street == -1 || street == ef->street_id ? ef->street_id : 0;
		community = community == -1 || community == ef->community_id ? ef->community_id : 0;
		buf_reset(&t);
		store_enterprise_label(s, ef->id, &t);
		a->labels[m] = xstrdup(buf_cstr(&t));
	}
	if (street > 0)
		a->street = xstrdup(name_of(&nm, "street", street));
	if (community > 0 && pg->level != PLAN_STREET)
		a->community = xstrdup(name_of(&nm, "community", community));
	if (pg->level == PLAN_ZONE)
		a->zone = xstrdup(a->place);
	buf_reset(&t);
	group_covers(s, p, g, &t);
	a->covers = buf_detach(&t);
	names_free(&nm);

	/* name and parent from the organisations the scope reads */
	org_survey sv = {0};
	sv.a = a;
	sv.level = pg->level;
	buf prefix = {0};
	buf_printf(&prefix, "%s第", a->place);
	sv.prefix = buf_cstr(&prefix);
	sv.prefix_len = prefix.len;
	store_filter all = {0};
	rc = store_each(s, ledger_get(LEDGER_ORGS), scope ? scope : &all, on_org_row, &sv, e);
	if (!rc) {
		a->parent = pick_parent(&sv);
		char num[32];
		buf name = {0};
		for (long n = sv.highest + 1;; n++) {
			collate_cn_numeral(n, num, sizeof num);
			buf_reset(&name);
			buf_printf(&name, "%s第%s%s", a->place, num, JOINT);
			if (!store_org_exists(s, buf_cstr(&name)))
				break;
		}
		a->name = buf_detach(&name);
	}
	buf_free(&prefix);
	strmap_free(&sv.seen);
	strmap_free(&sv.parents);
	free(sv.same_place);
	free(sv.of_zone);
	free(sv.of_street);
	for (size_t i = 0; i < sv.npool; i++)
		free(sv.pool[i]);
	free(sv.pool);
	return rc;
}

void joint_plan_adoption_text(const plan_adoption *a, buf *out)
{
	buf_printf(out, "拟组建：%s\n组织类别：党支部\n组建方式：联合建\n上级党组织：%s\n", a->name, a->parent ? a->parent : "（无）");
	buf_printf(out, "所在%s：%s（街道：%s；社区：%s）\n", a->level, a->place, a->street ? a->street : "—",
		   a->community ? a->community : "—");
	buf_printf(out, "覆盖企业 %zu 家，正式党员合计 %d 名：\n", a->n, a->formal);
	for (size_t i = 0; i < a->n; i++)
		buf_printf(out, "  - %s\n", a->labels[i]);
}

/* The organisation row of an adoption, founded today. */
static void adoption_rec(const plan_adoption *a, const char *today, ledger_rec *rec)
{
	memset(rec, 0, sizeof *rec);
	rec->f[O_NAME] = a->name;
	rec->f[O_KIND] = "党支部";
	rec->f[O_MODE] = "联合建";
	rec->f[O_PARENT] = a->parent;
	rec->f[O_COVERS] = a->covers;
	rec->f[O_STREET] = a->street;
	rec->f[O_COMMUNITY] = a->community;
	rec->f[O_ZONE] = a->zone;
	rec->f[O_FOUNDED] = today;
}

static const char STALE[] = "组建方案已有变化（例如其中的企业已被其他党组织覆盖，或已有同名党组织），这个联合党支部没有组建。"
			    "请重新查看组建方案后再采纳";

/* The adoption of the group covering exactly covers (a "；"-joined list of USCCs) and named name
 * in the plan of region on day today — covers NULL: of the plan's group nth (from 0), whatever it
 * covers and is named — read at the store's moment from the plan's facts f (loaded here; the
 * caller frees them): FG_OK with *a, or FG_EINPUT (with *stale when the plan no longer has that
 * group under that name). */
static int adoption_now(store *s, const char *region, int today, const char *covers, const char *name, size_t nth,
			const store_filter *scope, const facts *given, facts *f, plan_adoption *a, int *stale, fg_err *e)
{
	joint_plan p;
	memset(&p, 0, sizeof p);
	/* the caller's facts of region today (in its moment), else the plan's own into f */
	const facts *pf = given ? given : f;
	int rc = given ? FG_OK : facts_load_plan(s, region, today, f, e);
	if (!rc)
		rc = joint_plan_make(s, pf, &p, e);
	size_t g = covers ? p.r.ngroups : nth;
	buf t = {0};
	for (size_t i = 0; !rc && covers && i < p.r.ngroups; i++) {
		buf_reset(&t);
		group_covers(s, &p, i, &t);
		if (strcmp(buf_cstr(&t), covers) == 0)
			g = i;
	}
	buf_free(&t);
	if (!rc && covers && g == p.r.ngroups) {
		*stale = 1;
		rc = err_set(e, FG_EINPUT, "%s", STALE);
	}
	if (!rc)
		rc = joint_plan_adoption(s, pf, &p, g, scope, a, e);
	if (!rc && covers && strcmp(a->name, name) != 0) {
		*stale = 1;
		rc = err_set(e, FG_EINPUT, "%s", STALE);
	}
	joint_plan_free(&p);
	return rc;
}

/* 1 when the writes after history id seen leave the plan drawn from f (the plan's facts read at
 * seen) as it was: none the plan reads (store_changes_since: STORE_CHANGES_NONE, or party-work
 * records only — the plan reads none), or enterprises' numbers that leave each its class
 * (joint_plan_holds, on f patched with them). In the caller's moment. */
static int plan_unchanged_since(store *s, int64_t seen, const facts *f)
{
	int64_t *ents;
	size_t nents;
	store_fields fields;
	int changes = store_changes_since(s, seen, &ents, &nents, &fields);
	int holds = changes == STORE_CHANGES_NONE;
	if (changes == STORE_CHANGES_ENTS) {
		size_t ncls = (size_t)f->max_ent + 1;
		unsigned char *cls = xcalloc(ncls, 1);
		for (size_t i = 0; i < f->nents; i++)
			cls[f->ents[i].id] = joint_plan_class(&f->cfg, &f->ents[i]);
		facts after;
		fg_err e;
		fields &= ~(store_fields)(STORE_PARTY_HOURS | STORE_PARTY_VISITS | STORE_PARTY_DUES | STORE_PARTY_DEV |
				      STORE_PARTY_SEC | STORE_PARTY_TRANSFER | STORE_PARTY_TASK |
				      STORE_PARTY_RECOG | STORE_PARTY_TRAINING | STORE_XM_DECIDED |
				      STORE_ROSTER);
		/* (none among ents — party-work records, an organisation covering no enterprise: the
		 * facts as they were) */
		if (nents == 0) {
			holds = joint_plan_holds(s, f, cls, ncls, ents, 0, fields);
		} else if (facts_patch(s, f, ents, nents, fields, &after, &e) == FG_OK) {
			holds = joint_plan_holds(s, &after, cls, ncls, ents, nents, fields);
			facts_patch_free(&after);
		}
		free(cls);
	}
	free(ents);
	return holds;
}

int joint_plan_review(store *s, const char *region, size_t nth, const store_filter *scope, const facts *given,
		      plan_adoption *a, fg_err *e)
{
	memset(a, 0, sizeof *a);
	facts f;
	memset(&f, 0, sizeof f);
	int stale = 0, rc = store_read_begin(s, e);
	if (rc)
		return rc;
	rc = adoption_now(s, region, date_today(), NULL, NULL, nth, scope, given, &f, a, &stale, e);
	store_read_end(s);
	facts_free(&f);
	return rc;
}

/* joint_plan_adopt, and with covers NULL joint_plan_adopt_nth's group nth. */
static int adopt(store *s, const char *region, const char *covers, const char *name, size_t nth,
		 const store_filter *scope, const char *who, const char *source, plan_adoption *a, int *stale, fg_err *e)
{
	memset(a, 0, sizeof *a);
	*stale = 0;
	if (scope)
		store_scope_set(s, scope);
	/* The plan is computed in a read moment, not under the write lock: at a province's scale that
	 * takes seconds, in which every other writer would wait. Under the lock the write then founds
	 * what was computed when the writes that came between (the history after the moment's stamp)
	 * leave the plan as it was, on the same day; otherwise it computes the plan again there. */
	int today = date_today();
	facts f;
	memset(&f, 0, sizeof f);
	int rc = store_read_begin(s, e);
	if (rc)
		return rc;
	int64_t seen = store_history_last_id(s);
	rc = adoption_now(s, region, today, covers, name, nth, scope, NULL, &f, a, stale, e);
	store_read_end(s);
	rc = rc ? rc : store_begin(s, who, source, e);
	if (rc) {
		facts_free(&f);
		return rc;
	}
	if (scope)
		store_scope_set(s, scope);
	int same = seen >= 0 && date_today() == today && plan_unchanged_since(s, seen, &f);
	facts_free(&f);
	if (!same) {
		/* What was computed is what the write must still find: its group and name. */
		plan_adoption was = *a;
		memset(a, 0, sizeof *a);
		today = date_today();
		rc = adoption_now(s, region, today, was.covers, was.name, 0, scope, NULL, &f, a, stale, e);
		facts_free(&f);
		plan_adoption_free(&was);
	}
	if (!rc) {
		char day[11];
		date_format(today, day);
		ledger_rec rec;
		adoption_rec(a, day, &rec);
		put_result res;
		int bad;
		rc = store_put(s, ledger_get(LEDGER_ORGS), &rec, today, &res, &bad, e);
		if (!rc && res != PUT_NEW) {
			*stale = 1;
			rc = err_set(e, FG_EINPUT, "%s", STALE);
		}
	}
	if (!rc)
		rc = store_commit(s, e);
	if (rc)
		store_rollback(s);
	return rc;
}

int joint_plan_adopt(store *s, const char *region, const char *covers, const char *name, const store_filter *scope,
		     const char *who, const char *source, plan_adoption *a, int *stale, fg_err *e)
{
	return adopt(s, region, covers, name, 0, scope, who, source, a, stale, e);
}

int joint_plan_adopt_nth(store *s, const char *region, size_t nth, const char *who, const char *source,
			 plan_adoption *a, int *stale, fg_err *e)
{
	return adopt(s, region, NULL, NULL, nth, NULL, who, source, a, stale, e);
}
