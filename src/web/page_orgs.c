/* Party organisations (党组织台账): the tree of the user's scope (a flat list when filtered), one
 * organisation with the enterprises it covers, its members, its term and its history, the forms,
 * and the same as JSON under /api/v1/orgs (a row by id or by its URL-encoded name). */
#include <stdlib.h>
#include <string.h>

#include "report/facts.h"
#include "store/scope.h"
#include "util/date.h"
#include "web/page_ledger.h"

const lw_kind LW_ORGS = {LEDGER_ORGS, "/orgs", "org", "党组织"};

static const char *const KINDS[] = {"党委", "党总支", "党支部"};
static const char *const MODES[] = {"单独建", "联合建", "挂靠建", "上级机关"};

static int covers_count(const char *list)
{
	if (!list)
		return 0;
	int n = 1;
	for (const char *p = strstr(list, "；"); p; p = strstr(p + 1, "；"))
		n++;
	return n;
}

/* ---- the tree ---- */

typedef struct node {
	int64_t id, parent;
	char *name, *kind, *mode;
	char *tag; /* HTML: 已撤销 and its date (lw_closed_tag), "" when active */
	int64_t members;
	int covers;
	int child, next; /* first child, next sibling: indexes, -1 none */
} node;

typedef struct tree {
	node *v;
	size_t n, cap;
	int closed; /* 含已撤销: the links to a node's pages keep it */
} tree;

static int tree_add(void *ctx, const query_row *row)
{
	tree *t = ctx;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	node *nd = &t->v[t->n++];
	nd->id = row->id;
	nd->parent = row->parent_id;
	nd->name = xstrdup(row->rec->f[O_NAME]);
	nd->kind = xstrdup(row->rec->f[O_KIND]);
	nd->mode = xstrdup(row->rec->f[O_MODE]);
	buf tag = {0};
	lw_closed_tag(&tag, row);
	nd->tag = tag.len ? buf_detach(&tag) : xstrdup("");
	nd->members = row->members;
	nd->covers = covers_count(row->rec->f[O_COVERS]);
	nd->child = nd->next = -1;
	return 0;
}

typedef struct id_ix {
	int64_t id;
	int ix;
} id_ix;

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const id_ix *)a)->id, y = ((const id_ix *)b)->id;
	return x < y ? -1 : x > y;
}

/* Organisations below node i (all depths, as deep as the tree is drawn). */
static int below(const tree *t, int i, int depth)
{
	int n = 0;
	for (int c = t->v[i].child; c >= 0 && depth < 32; c = t->v[c].next)
		n += 1 + below(t, c, depth + 1);
	return n;
}

static void node_render(buf *b, const tree *t, int i, int depth);

/* Siblings from i on, at most max of them (-1: all). */
static void tree_render(buf *b, const tree *t, int i, int depth, int max)
{
	html_raw(b, "<ul class=\"tree\">\n");
	for (; i >= 0 && max != 0; i = t->v[i].next, max--)
		node_render(b, t, i, depth);
	html_raw(b, "</ul>\n");
}

/* The link to the page of node i's children (?under=), keeping 含已撤销. */
static void under_href(buf *b, const tree *t, int i)
{
	html_printf(b, "/orgs?under=%lld", (long long)t->v[i].id);
	if (t->closed)
		html_raw(b, "&amp;closed=1");
}

/* One organisation; its children folded behind a <details> that says how many there are (the
 * link stays outside the summary: nothing interactive nests in another). More children than a
 * page holds: the first page of them, and a link to all of them paged (?under=). */
static void node_render(buf *b, const tree *t, int i, int depth)
{
	const node *nd = &t->v[i];
	html_printf(b, "<li><a href=\"/orgs/%lld\">%s</a>", (long long)nd->id, nd->name);
	html_raw(b, nd->tag); /* HTML already */
	html_printf(b, " <span class=\"muted\">%s · %s · 党员 %lld 名 · 覆盖企业 %d 家</span>", nd->kind, nd->mode,
		    (long long)nd->members, nd->covers);
	if (nd->child >= 0 && depth < 32) {
		int direct = 0;
		for (int c = nd->child; c >= 0; c = t->v[c].next)
			direct++;
		int all = below(t, i, depth);
		html_printf(b, "<details class=\"subtree\"><summary>下级组织 %d 个", direct);
		if (all > direct)
			html_printf(b, "（含各级共 %d 个）", all);
		html_raw(b, "</summary>\n");
		tree_render(b, t, nd->child, depth + 1, QUERY_PAGE_SIZE);
		if (direct > QUERY_PAGE_SIZE) {
			html_printf(b, "<p class=\"tree-more\">以上是前 %d 个，<a href=\"", QUERY_PAGE_SIZE);
			under_href(b, t, i);
			html_printf(b, "\">分页查看全部 %d 个下级组织</a></p>\n", direct);
		}
		html_raw(b, "</details>");
	}
	html_raw(b, "</li>\n");
}

/* Links children to parents (siblings keep the pinyin order of the rows, numbers by value) and
 * renders the top level, each entry folded, a page of QUERY_PAGE_SIZE at a time: the roots
 * (organisations whose parent is none or outside the scope), or, under a single root, its
 * children; with under (an organisation's id, 0 none), that organisation's children. Returns the
 * number of top-level entries (for the pager); -1 when under is not in the tree. */
static int64_t render_tree(buf *b, tree *t, int64_t page, int64_t under)
{
	id_ix *ix = xmalloc((t->n ? t->n : 1) * sizeof *ix);
	for (size_t i = 0; i < t->n; i++)
		ix[i] = (id_ix){t->v[i].id, (int)i};
	qsort(ix, t->n, sizeof *ix, by_id);
	int *tail = xmalloc((t->n ? t->n : 1) * sizeof *tail);
	int root = -1, root_tail = -1;
	for (size_t i = 0; i < t->n; i++)
		tail[i] = -1;
	for (size_t i = 0; i < t->n; i++) {
		id_ix key = {t->v[i].parent, 0};
		id_ix *p = t->v[i].parent ? bsearch(&key, ix, t->n, sizeof *ix, by_id) : NULL;
		int *head = p ? &t->v[p->ix].child : &root;
		int *last = p ? &tail[p->ix] : &root_tail;
		if (*last < 0)
			*head = (int)i;
		else
			t->v[*last].next = (int)i;
		*last = (int)i;
	}
	free(tail);
	id_ix want = {under, 0}, *u = under ? bsearch(&want, ix, t->n, sizeof *ix, by_id) : NULL;
	int top = u ? u->ix : -1;
	free(ix);
	if (under && !u)
		return -1;
	if (root < 0)
		return 0;
	int single = top >= 0 || (t->v[root].next < 0 && t->v[root].child >= 0);
	if (top < 0)
		top = root;
	int first = single ? t->v[top].child : root;
	int64_t entries = 0, skip = (page - 1) * QUERY_PAGE_SIZE;
	for (int i = first; i >= 0; i = t->v[i].next)
		entries++;
	for (; first >= 0 && skip > 0; skip--)
		first = t->v[first].next;
	if (single) {
		const node *nd = &t->v[top];
		html_printf(b, "<p class=\"tree-root\"><a href=\"/orgs/%lld\">%s</a>", (long long)nd->id, nd->name);
		html_raw(b, nd->tag);
		html_printf(b, " <span class=\"muted\">%s · %s · 下级组织 %lld 个</span></p>\n", nd->kind, nd->mode,
			    (long long)entries);
	}
	if (first >= 0)
		tree_render(b, t, first, single, QUERY_PAGE_SIZE);
	return entries;
}

static void tree_free(tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].kind);
		free(t->v[i].mode);
		free(t->v[i].tag);
	}
	free(t->v);
}

/* ---- the list ---- */

#define TREE_MAX 5000 /* organisations drawn as a tree at most; more must be filtered */

static int flat_row(void *ctx, const query_row *row)
{
	buf *b = ctx;
	const ledger_rec *o = row->rec;
	html_printf(b, "<tr><td><a href=\"/orgs/%lld\">%s</a>", (long long)row->id, o->f[O_NAME]);
	lw_closed_tag(b, row);
	html_printf(b, "</td><td>%s</td><td>%s</td><td>%s%s%s</td><td>%s</td>"
		       "<td class=\"num\">%lld</td><td class=\"num\">%d</td></tr>\n",
		    o->f[O_KIND], o->f[O_MODE], o->f[O_STREET] ? o->f[O_STREET] : "",
		    o->f[O_STREET] && o->f[O_COMMUNITY] ? "/" : "", o->f[O_COMMUNITY] ? o->f[O_COMMUNITY] : "",
		    o->f[O_SECRETARY] ? o->f[O_SECRETARY] : "", (long long)row->members, covers_count(o->f[O_COVERS]));
	return 0;
}

static int no_row(void *ctx, const query_row *row)
{
	(void)ctx;
	(void)row;
	return 0;
}

void page_orgs(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	int64_t pageno = lw_page_number(r);
	query_list q = {.today = date_today()};
	q.q = web_query(r, "q");
	q.kind = web_query(r, "kind");
	q.mode = web_query(r, "mode");
	buf *b = web_page_begin(r, "党组织"), scratch = {0};
	html_raw(b, "<h1>党组织</h1>\n");
	if (auth_can(&r->user, PERM_WRITE) && r->user.scope_kind != SCOPE_ORG && lw_list_mode_of(r) == LW_LIST_PAGE)
		html_raw(b, "<p><a class=\"button\" href=\"/orgs/new\">新增党组织</a></p>\n");
	buf *pageb = b;
	b = lw_list_form(r, pageb, &scratch);
	html_printf(b, "<form method=\"get\" action=\"/orgs\" class=\"filters\" role=\"search\">\n"
		       "<label>搜索<input name=\"q\" value=\"%s\" placeholder=\"党组织名称\"></label>\n",
		    q.q ? q.q : "");
	lw_more_filters(b, r);
	q.closed = lw_closed_filter(r, b, &LW_ORGS);
	lw_region_filter(b, r, s, &sc, &q);
	lw_select(b, "kind", "组织类别", q.kind, KINDS, NULL, 3);
	lw_select(b, "mode", "组建方式", q.mode, MODES, NULL, 4);
	html_raw(b, "</details>\n<p><button type=\"submit\">查询</button> <a href=\"/orgs\">清除条件</a></p>\n</form>\n");
	/* the print view and the export are flat lists of every row */
	int filtered = (q.q && *q.q) || (q.kind && *q.kind) || (q.mode && *q.mode) || q.region_id ||
		       lw_list_mode_of(r) != LW_LIST_PAGE;
	int64_t under = lw_id_param(r, "under"); /* one organisation's children, paged */
	int done = lw_list_out(r, &LW_ORGS, s, &sc, &q, pageb, b);
	buf_free(&scratch);
	if (done)
		return;
	b = pageb;
	int64_t total = 0;
	fg_err e;
	int rc, status = 200;
	if (filtered) {
		if (lw_list_mode_of(r) == LW_LIST_PAGE) {
			q.limit = QUERY_PAGE_SIZE;
			q.offset = (pageno - 1) * QUERY_PAGE_SIZE;
		}
		html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">党组织名称</th><th scope=\"col\">组织类别</th>"
			    "<th scope=\"col\">组建方式</th><th scope=\"col\">所在地</th><th scope=\"col\">书记</th>"
			    "<th scope=\"col\" class=\"num\">党员</th><th scope=\"col\" class=\"num\">覆盖企业</th></tr></thead>\n<tbody>\n");
		rc = query_list_rows(s, LEDGER_ORGS, &sc, &q, &total, flat_row, b, &e);
		if (!rc && !total)
			html_raw(b, "<tr><td colspan=\"7\" class=\"muted\">没有符合条件的党组织</td></tr>\n");
		html_raw(b, "</tbody>\n</table></div>\n");
		lw_pager(b, r, pageno, total);
	} else {
		tree t = {.closed = q.closed};
		/* the count first (kept with the list's sort keys): a list too long to draw is not read */
		q.limit = 1;
		rc = query_list_rows(s, LEDGER_ORGS, &sc, &q, &total, no_row, NULL, &e);
		q.limit = TREE_MAX + 1;
		if (!rc && total > 0 && total <= TREE_MAX)
			rc = query_list_rows(s, LEDGER_ORGS, &sc, &q, &total, tree_add, &t, &e);
		if (!rc && total > TREE_MAX)
			html_printf(b, "<p class=\"alert\">共 %lld 个党组织，太多无法画成树；请按街道、社区或名称筛选。</p>\n",
				    (long long)total);
		else if (!rc && !total)
			html_raw(b, "<p class=\"muted\">您的工作范围内没有党组织。</p>\n");
		else if (!rc) {
			if (under)
				html_printf(b, "<p class=\"lead\"><a href=\"/orgs%s\">全部党组织</a>（共 %lld 个）中这个党组织的下级组织：</p>\n",
					    q.closed ? "?closed=1" : "", (long long)total);
			else
				html_printf(b, "<p class=\"lead\">共 %lld 个党组织，按隶属关系排列；点“下级组织”展开。</p>\n",
					    (long long)total);
			int64_t entries = render_tree(b, &t, pageno, under);
			if (entries < 0) {
				html_raw(b, "<p class=\"alert\">没有这个党组织，或它不在您的工作范围内。</p>\n");
				status = 404;
			} else if (entries > QUERY_PAGE_SIZE)
				lw_pager(b, r, pageno, entries);
		}
		tree_free(&t);
	}
	if (rc)
		html_printf(b, "<p class=\"alert\">%s</p>\n", e.msg);
	web_page_end(r, status);
}

/* ---- one organisation ---- */

static int org_member(void *ctx, const query_row *row)
{
	buf *b = ctx;
	const ledger_rec *m = row->rec;
	html_printf(b, "<tr><td><a href=\"/members/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		    (long long)row->id, m->f[M_NAME], m->f[M_STATUS], m->f[M_RELATION] ? m->f[M_RELATION] : "正常",
		    row->employer_name ? row->employer_name : "");
	return 0;
}

static int child_row(void *ctx, const query_row *row)
{
	html_printf(ctx, "<li><a href=\"/orgs/%lld\">%s</a> <span class=\"muted\">%s · %s</span></li>\n", (long long)row->id,
		    row->rec->f[O_NAME], row->rec->f[O_KIND], row->rec->f[O_MODE]);
	return 0;
}

static int org_funding(void *ctx, const query_row *row)
{
	const ledger_rec *f = row->rec;
	html_printf(ctx, "<tr><td><a href=\"/funding/%lld\">%s</a></td><td>%s</td><td class=\"n\">%s</td><td>%s</td></tr>\n",
		    (long long)row->id, f->f[FU_DATE], f->f[FU_KIND], f->f[FU_AMOUNT], f->f[FU_DOC] ? f->f[FU_DOC] : "");
	return 0;
}

/* 本届任期 and 换届提醒: the term ends per rules_term_end (3 years for branches, 5 for committees). */
static void term(buf *b, store *s, const ledger_rec *o)
{
	if (!o->f[O_TERM_START]) {
		html_raw(b, "<p>未登记本届任期开始日期，无法判断是否按期换届。</p>\n");
		return;
	}
	rules_cfg cfg;
	facts_rules(s, &cfg);
	int start, today = date_today();
	if (date_parse(o->f[O_TERM_START], &start) != 0)
		return;
	int end = rules_term_end(&cfg, rules_kind_parse(o->f[O_KIND]), start);
	char d[11];
	date_format(end, d);
	if (end <= today)
		html_printf(b, "<p class=\"alert\">换届已超期：本届任期自 %s 起，应于 %s 前换届。</p>\n", o->f[O_TERM_START], d);
	else
		html_printf(b, "<p>本届任期自 %s 起，至 %s 届满。</p>\n", o->f[O_TERM_START], d);
}

void page_org(web_req *r)
{
	lw_row row;
	store *s = lw_open(r, &LW_ORGS, &row);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	const ledger_rec *o = &row.rec;
	buf *b = web_page_begin(r, o->f[O_NAME]);
	if (web_query(r, "saved"))
		html_raw(b, "<p class=\"notice\" role=\"status\">已保存，变更已记入历史。</p>\n");
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s · %s · 书记：%s · 在册党员 %lld 名（不含停止党籍）</p>\n", o->f[O_NAME],
		    o->f[O_KIND], o->f[O_MODE], o->f[O_SECRETARY] ? o->f[O_SECRETARY] : "未登记", (long long)row.q.members);
	int64_t parent = o->f[O_PARENT] ? query_visible(s, LEDGER_ORGS, &sc, o->f[O_PARENT]) : 0;
	if (parent)
		html_printf(b, "<p>上级党组织：<a href=\"/orgs/%lld\">%s</a></p>\n", (long long)parent, o->f[O_PARENT]);
	if (auth_can(&r->user, PERM_WRITE))
		html_printf(b, "<p><a class=\"button\" href=\"/orgs/%lld/edit\">修改</a> <a href=\"/orgs/%lld/rename\">改名</a></p>\n",
			    (long long)row.q.id, (long long)row.q.id);
	lw_close_actions(r, b, &LW_ORGS, &row);
	html_raw(b, "<h2>基本信息</h2>\n");
	lw_fields(b, ledger_get(LEDGER_ORGS), o, 0);
	html_printf(b, "<h2>组织生活</h2>\n<p><a href=\"/orgs/%lld/life\">本年度组织生活日历</a> · "
		       "<a href=\"/meetings?org=%lld\">组织生活记录</a></p>\n",
		    (long long)row.q.id, (long long)row.q.id);
	html_raw(b, "<h2>书记与换届</h2>\n");
	term(b, s, o);
	html_raw(b, "<h2>覆盖企业</h2>\n");
	lw_links(b, s, &sc, LINK_ORG_ENTS, row.q.id, "本组织覆盖的企业（含已结束的覆盖关系）");

	html_raw(b, "<h2>下级党组织</h2>\n<ul>\n");
	query_list cq = {.today = date_today(), .parent_id = row.q.id};
	int64_t n = 0;
	fg_err e;
	query_list_rows(s, LEDGER_ORGS, &sc, &cq, &n, child_row, b, &e);
	if (!n)
		html_raw(b, "<li class=\"muted\">无</li>\n");
	html_raw(b, "</ul>\n<h2>党员</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">姓名</th>"
		    "<th scope=\"col\">人员类别</th><th scope=\"col\">组织关系</th><th scope=\"col\">工作单位</th></tr></thead>\n<tbody>\n");
	query_list mq = {.today = date_today(), .org_id = row.q.id, .limit = 100};
	query_list_rows(s, LEDGER_MEMBERS, &sc, &mq, &n, org_member, b, &e);
	if (!n)
		html_raw(b, "<tr><td colspan=\"4\" class=\"muted\">无</td></tr>\n");
	html_raw(b, "</tbody>\n</table></div>\n");
	if (n > 100)
		html_printf(b, "<p><a href=\"/members?org=%lld\">查看全部 %lld 名党员</a></p>\n", (long long)row.q.id, (long long)n);
	html_printf(b, "<h2>党建经费</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">日期</th>"
		       "<th scope=\"col\">类型</th><th scope=\"col\">金额（元）</th><th scope=\"col\">依据文号</th></tr></thead>\n<tbody>\n");
	query_list fq = {.today = date_today(), .org_id = row.q.id};
	query_list_rows(s, LEDGER_FUNDING, &sc, &fq, &n, org_funding, b, &e);
	if (!n)
		html_raw(b, "<tr><td colspan=\"4\" class=\"muted\">无</td></tr>\n");
	html_raw(b, "</tbody>\n</table></div>\n");
	lw_history(b, s, &sc, &LW_ORGS, o->f[O_NAME]);
	web_page_end(r, 200);
	lw_row_free(&row);
}

/* ---- rename ---- */

/* The rename form: the current name, the new one (value), and err beside it. */
static void rename_form(web_req *r, buf *b, int64_t id, const char *name, const char *value, const char *err)
{
	html_printf(b, "<h1>党组织改名</h1>\n<p class=\"lead\">现名称：%s。改名后，党员、覆盖企业、下级党组织、组织生活等记录随之改用新名称；"
		       "原名称和改名经过记入变更历史。</p>\n",
		    name);
	if (err)
		html_printf(b, "<p class=\"alert\" role=\"alert\">%s</p>\n", err);
	html_printf(b, "<form method=\"post\" class=\"stack\" action=\"/orgs/%lld/rename\">\n", (long long)id);
	web_csrf_field(r, b);
	html_raw(b, "\n<label for=\"f-name\">新名称（必填）");
	html_printf(b, "<input name=\"name\" id=\"f-name\" value=\"%s\" required", value ? value : "");
	if (err)
		html_raw(b, " aria-invalid=\"true\"");
	html_printf(b, "></label>\n<p><button type=\"submit\">改名</button> <a href=\"/orgs/%lld\">取消</a></p>\n</form>\n",
		    (long long)id);
}

void page_org_rename_form(web_req *r)
{
	lw_row row;
	if (!lw_open(r, &LW_ORGS, &row))
		return;
	buf *b = web_page_begin(r, "党组织改名");
	rename_form(r, b, row.q.id, row.rec.f[O_NAME], NULL, NULL);
	web_page_end(r, 200);
	lw_row_free(&row);
}

/* POST /orgs/{id}/rename — name: the new name, checked like the ledger's 党组织名称; one
 * transaction inside the user's scope (store_org_rename). */
void page_org_rename(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	const ledger_def *def = ledger_get(LEDGER_ORGS);
	const char *raw = web_field(r, "name");
	buf name = {0}, msg = {0};
	ledger_ctx cx = {date_today(), NULL};
	val_status vs = ledger_parse_value(&def->cols[O_NAME], raw ? raw : "", 0, &cx, &name, &msg);
	fg_err e;
	if (store_begin(s, web_who(r), "web", &e)) {
		web_error(r, 503, "数据库正忙，请稍后重试");
		buf_free(&name);
		buf_free(&msg);
		return;
	}
	store_filter sc = lw_scope(r);
	store_scope_set(s, &sc);
	lw_row row;
	const char *err = NULL;
	int changed = 0;
	if (lw_load(r, s, &LW_ORGS, &row) <= 0) {
		store_rollback(s);
		lw_row_free(&row);
		buf_free(&name);
		buf_free(&msg);
		return;
	}
	if (vs == VAL_EMPTY)
		err = "请填写新名称";
	else if (vs == VAL_ERROR)
		err = buf_cstr(&msg);
	else if (store_org_rename(s, row.rec.f[O_NAME], buf_cstr(&name), &changed, &e) != FG_OK)
		err = e.msg;
	else if (changed && store_commit(s, &e) != FG_OK)
		err = e.msg;
	store_rollback(s); /* no-op after a commit */
	if (err) {
		buf *b = web_page_begin(r, "党组织改名");
		rename_form(r, b, row.q.id, row.rec.f[O_NAME], raw, err);
		web_page_end(r, 422);
	} else {
		buf to = {0};
		buf_printf(&to, "/orgs/%lld?saved=1", (long long)row.q.id);
		web_redirect(r, buf_cstr(&to));
		buf_free(&to);
	}
	lw_row_free(&row);
	buf_free(&name);
	buf_free(&msg);
}
