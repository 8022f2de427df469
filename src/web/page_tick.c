/* page_tick — forms whose members are ticked from a roster instead of typed: a meeting's
 * attendance among the members of its organisation on its day, a designation's members among those
 * employed by its enterprise (page_party.c serves the rest of these ledgers' pages). The roster names
 * members by row id and the save turns the ticks into the ID list the column holds, so the rules of
 * an import apply unchanged and the JSON API keeps taking ID numbers. */
#include <stdlib.h>
#include <string.h>

#include "core/life.h"
#include "core/recog.h"
#include "store/party_scan.h"
#include "util/date.h"
#include "util/strmap.h"
#include "web/page_ledger.h"
#include "web/pages_ledger.h"

/* ---- members ticked from a roster: a meeting's attendance, a designation's members ---- */

/* A form whose members are ticked from a roster instead of typed: a meeting's attendees among the
 * members lodged in its organisation (with a reason beside each who did not attend), a
 * designation's members among those employed by its enterprise. The roster names members by row
 * id; the save turns the ticks into the ID list the column holds, as if typed, so the rules of an
 * import apply unchanged (and the JSON API keeps taking ID numbers). */
typedef struct tick_spec {
	ledger_kind kind;
	const lw_kind *lk;
	int place_col;          /* MT_ORG, DG_USCC: whose roster */
	ledger_kind place_kind; /* LEDGER_ORGS (by name), LEDGER_ENTERPRISES (by USCC, or name) */
	int place_name_col;     /* O_NAME, E_NAME */
	int place_key_col;      /* O_NAME, E_USCC: what the record holds */
	const char *param;      /* ?org=, ?employer= of a new form: an id, or a key or name */
	int ticked_col;         /* MT_ATTENDEES, DG_MEMBERS */
	int reason_col;         /* MT_ABSENTEES; -1 none */
	int date_col;           /* MT_DATE: the roster is the members on this day; -1: today's */
	const char *field;      /* the form field of a tick */
	const char *title, *place_noun, *place_prompt, *legend, *tick_head, *next, *empty;
} tick_spec;

static const tick_spec TICKS[] = {
	{LEDGER_MEETINGS, &LW_MEETINGS, MT_ORG, LEDGER_ORGS, O_NAME, O_NAME, "org", MT_ATTENDEES, MT_ABSENTEES, MT_DATE, "attendee",
	 "新增组织生活记录", "党组织", "党组织名称", "参加党员（勾选到会的党员；未到会的可填写缺席原因）", "到会",
	 "下一步：勾选参加党员", "本组织的党员名册中没有党员"},
	{LEDGER_DESIGNATIONS, &LW_DESIGNATIONS, DG_USCC, LEDGER_ENTERPRISES, E_NAME, E_USCC, "employer", DG_MEMBERS, -1, -1,
	 "member", "新增亮身份岗区", "企业", "企业名称或统一社会信用代码", "党员（勾选在本企业工作的党员）", "选定",
	 "下一步：勾选党员", "党员名册中没有在本企业工作的党员"},
};

static const tick_spec *tick_of(ledger_kind kind)
{
	for (size_t i = 0; i < sizeof TICKS / sizeof TICKS[0]; i++)
		if (TICKS[i].kind == kind)
			return &TICKS[i];
	return NULL;
}

/* An enterprise named exactly `name` inside the scope, when there is exactly one. */
typedef struct named_ctx {
	const char *name;
	lw_row *row;
	int n;
} named_ctx;

static int take_named(void *ctx, const query_row *row)
{
	named_ctx *c = ctx;
	if (strcmp(row->rec->f[E_NAME], c->name) != 0)
		return 0;
	if (c->n++)
		lw_row_free(c->row);
	lw_row_copy(c->row, row);
	return 0;
}

/* The organisation or enterprise a form is for: the row's, the form's, ?org= / ?employer= (an id,
 * a key, or an enterprise's exact name) on a new form, or a secretary's own organisation. Its id
 * inside the scope (0: none or not visible) and its row in place (freed by the caller). */
static int64_t tick_place(web_req *r, store *s, const store_filter *sc, const tick_spec *t, const lw_row *cur,
			  const lw_input *in, lw_row *place)
{
	const char *key = in && in->raw[t->place_col] && *in->raw[t->place_col] ? in->raw[t->place_col]
			  : cur ? cur->rec.f[t->place_col] : NULL;
	int64_t id = 0;
	if (!key) {
		const char *q = web_query(r, t->param);
		char *end;
		long long n = q ? strtoll(q, &end, 10) : 0;
		if (q && *q && !*end && n > 0)
			id = n;
		else if (q && *q)
			key = q;
		else if (sc->org_id && t->place_kind == LEDGER_ORGS)
			id = sc->org_id;
	}
	memset(place, 0, sizeof *place);
	fg_err e;
	if (query_get(s, t->place_kind, sc, id, id ? NULL : key, date_today(), lw_row_take, place, &e) > 0)
		return place->q.id;
	if (t->place_kind != LEDGER_ENTERPRISES || id || !key)
		return 0;
	lw_row_free(place);
	memset(place, 0, sizeof *place);
	named_ctx c = {key, place, 0};
	query_list q = {.today = date_today(), .q = key};
	int64_t total = 0;
	query_list_rows(s, LEDGER_ENTERPRISES, sc, &q, &total, take_named, &c, &e);
	if (c.n == 1)
		return place->q.id;
	lw_row_free(place);
	memset(place, 0, sizeof *place);
	return 0;
}

typedef struct roster_ctx {
	buf *b;
	const tick_spec *t;
	const char *ticked;  /* canonical ID list, or NULL */
	const char *absent;  /* canonical 号码：原因 list, or NULL */
	int n;
	strmap shown;        /* ID numbers given a row */
	int former;          /* rows of the record's members no longer on the roster */
	int by_day;          /* the roster is the members on the record's day, not today's */
	const int64_t *on;   /* their sorted ids (NULL when there are none) */
	size_t non;
	int later;           /* today's members left out: not in the organisation on the day */
	int unseen;          /* members on the day the user cannot see (moved out of the scope) */
	const char *mark;    /* said after the name of a row outside today's roster */
} roster_ctx;

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int on_the_day(const roster_ctx *c, int64_t id)
{
	return !c->by_day || (c->non && bsearch(&id, c->on, c->non, sizeof id, cmp_id));
}

/* The reason given for idno in a canonical absentee list, as (start, length), or length 0. */
static size_t absent_reason(const char *list, const char *idno, const char **start)
{
	size_t n = strlen(idno);
	for (const char *p = list; p && *p;) {
		const char *next = strstr(p, "；");
		size_t len = next ? (size_t)(next - p) : strlen(p);
		if (len > n && strncmp(p, idno, n) == 0) {
			const char *v = p + n;
			if (strncmp(v, "：", strlen("：")) == 0)
				v += strlen("：");
			*start = v;
			return (size_t)(p + len - v);
		}
		p = next ? next + strlen("；") : NULL;
	}
	return 0;
}

/* 1 when idno is an item of a canonical list ("A；B"). */
static int in_list(const char *list, const char *idno)
{
	size_t n = strlen(idno);
	for (const char *p = list; p && *p;) {
		const char *next = strstr(p, "；");
		size_t len = next ? (size_t)(next - p) : strlen(p);
		if (len == n && strncmp(p, idno, n) == 0)
			return 1;
		p = next ? next + strlen("；") : NULL;
	}
	return 0;
}

static int roster_row(void *ctx, const query_row *row)
{
	roster_ctx *c = ctx;
	const ledger_def *md = ledger_get(LEDGER_MEMBERS);
	const char *idno = row->rec->f[M_IDNO];
	long long id = (long long)row->id;
	if (!c->former && row->rec->f[M_RELATION] && strcmp(row->rec->f[M_RELATION], "停止党籍") == 0)
		return 0; /* takes no part in organisational life, holds no post */
	if (!c->former && !c->mark && !on_the_day(c, row->id)) {
		c->later++;
		return 0;
	}
	if (!strmap_put(&c->shown, idno, strlen(idno), 1))
		return 0;
	html_printf(c->b, "<tr><td><input type=\"checkbox\" name=\"%s\" value=\"%lld\" id=\"tick-%lld\"%s></td>"
			  "<td><label for=\"tick-%lld\">%s%s</label></td><td><code>",
		    c->t->field, id, id, in_list(c->ticked, idno) ? " checked" : "", id, row->rec->f[M_NAME],
		    c->former ? "（已记录，现不在名单中）" : c->mark ? c->mark : "");
	lw_value(c->b, &md->cols[M_IDNO], idno, 0);
	html_raw(c->b, "</code></td>");
	if (c->t->reason_col >= 0) {
		const char *reason = NULL;
		size_t rlen = absent_reason(c->absent, idno, &reason);
		html_printf(c->b, "<td><input name=\"absent_%lld\" aria-label=\"%s 缺席原因\" value=\"", id, row->rec->f[M_NAME]);
		if (rlen)
			html_textn(c->b, reason, rlen);
		html_raw(c->b, "\"></td>");
	}
	html_raw(c->b, "</tr>\n");
	c->n++;
	return 0;
}

/* The organisation or enterprise of a new record: fixed, since the roster below is its members. */
static void tick_place_line(web_req *r, buf *b, const tick_spec *t, const lw_input *in)
{
	store *s = web_db(r);
	store_filter sc = lw_scope(r);
	lw_row place;
	int fixed = sc.org_id && t->place_kind == LEDGER_ORGS;
	if (s && tick_place(r, s, &sc, t, NULL, in, &place)) {
		/* 党组织名称: the name is the key; 企业: the name, then the USCC the record holds */
		const char *label = t->place_key_col == t->place_name_col ? ledger_get(t->kind)->cols[t->place_col].header
									   : t->place_noun;
		html_printf(b, "<p><strong>%s</strong>：%s", label, place.rec.f[t->place_name_col]);
		if (t->place_key_col != t->place_name_col)
			html_printf(b, "（%s）", place.rec.f[t->place_key_col]);
		if (!fixed)
			html_printf(b, " <a href=\"%s/new\">更换%s</a>", t->lk->path, t->place_noun);
		html_printf(b, "</p>\n<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", ledger_get(t->kind)->cols[t->place_col].key,
			    place.rec.f[t->place_key_col]);
	} else {
		html_printf(b, "<p class=\"alert\" role=\"alert\">没有这个%s，或它不在您的工作范围内。<a href=\"%s/new\">重新选择%s</a></p>\n",
			    t->place_noun, t->lk->path, t->place_noun);
	}
	lw_row_free(&place);
}

typedef struct former_ctx {
	store *s;
	const store_filter *sc;
	roster_ctx *c;
} former_ctx;

/* An item of the record's list ("IDNO" or "IDNO：reason") whose member has no row yet: its row. */
static void former_row(void *ctx, const char *item, size_t len)
{
	former_ctx *fc = ctx;
	char idno[19];
	int64_t shown;
	if (len < 18)
		return;
	memcpy(idno, item, 18);
	idno[18] = '\0';
	fg_err e;
	if (!strmap_get(&fc->c->shown, idno, 18, &shown))
		query_get(fc->s, LEDGER_MEMBERS, fc->sc, 0, idno, date_today(), roster_row, fc->c, &e);
}

/* The record's items ("IDNO" or "IDNO：reason") whose members the user cannot see (outside the
 * scope: moved to an organisation the user does not hold). The form never shows them, so the save
 * keeps them as they were (out: the list to append them to; NULL only counts them). */
typedef struct unseen_ctx {
	store *s;
	const store_filter *sc;
	buf *out;
	int n;
} unseen_ctx;

static void unseen_item(void *ctx, const char *item, size_t len)
{
	unseen_ctx *u = ctx;
	char idno[19];
	if (len < 18)
		return;
	memcpy(idno, item, 18);
	idno[18] = '\0';
	if (query_visible(u->s, LEDGER_MEMBERS, u->sc, idno) > 0)
		return;
	if (u->out)
		buf_printf(u->out, "%s%.*s", u->out->len ? "；" : "", (int)len, item);
	u->n++;
}

typedef struct idvec_day {
	int64_t *v;
	size_t n, cap;
} idvec_day;

static int add_on(void *ctx, int64_t member)
{
	idvec_day *x = ctx;
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 32;
		x->v = xrealloc(x->v, x->cap * sizeof *x->v);
	}
	x->v[x->n++] = member;
	return 0;
}

/* The roster of the record's organisation or enterprise (inside the scope): a tick for each member,
 * and for a meeting a reason for each who did not attend. */
static void tick_roster(web_req *r, buf *b, const tick_spec *t, const lw_row *cur, const lw_input *in)
{
	store *s = web_db(r);
	store_filter sc = lw_scope(r);
	lw_row place;
	int64_t place_id = s ? tick_place(r, s, &sc, t, cur, in, &place) : 0;
	lw_row_free(&place);
	if (!place_id)
		return;
	const ledger_def *def = ledger_get(t->kind);
	const char *err_tick = in ? in->err[t->ticked_col] : NULL;
	const char *err_reason = in && t->reason_col >= 0 ? in->err[t->reason_col] : NULL;
	const char *ticked = in && in->raw[t->ticked_col] ? in->raw[t->ticked_col] : cur ? cur->rec.f[t->ticked_col] : NULL;
	const char *absent = t->reason_col < 0 ? NULL
			     : in && in->raw[t->reason_col] ? in->raw[t->reason_col]
			     : cur ? cur->rec.f[t->reason_col] : NULL;
	html_printf(b, "<fieldset class=\"roster\"><legend>%s</legend>\n<input type=\"hidden\" name=\"roster\" value=\"1\">\n",
		    t->legend);
	if (err_tick)
		html_printf(b, "<p class=\"field-error\" id=\"e-%s\">%s</p>\n", def->cols[t->ticked_col].key, err_tick);
	if (err_reason)
		html_printf(b, "<p class=\"field-error\" id=\"e-%s\">%s</p>\n", def->cols[t->reason_col].key, err_reason);
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">姓名</th>"
		       "<th scope=\"col\">公民身份号码</th>%s</tr></thead>\n<tbody>\n",
		    t->tick_head, t->reason_col >= 0 ? "<th scope=\"col\">缺席原因</th>" : "");
	roster_ctx c = {b, t, ticked, absent, 0, {0}, 0, 0, NULL, 0, 0, 0, NULL};
	/* A record of a past day lists the members on that day: today's roster, less those who came
	 * after it, then those who were there and have moved since (each read inside the scope). */
	const char *day_text = t->date_col < 0 ? NULL
			       : in && in->raw[t->date_col] ? in->raw[t->date_col]
			       : cur ? cur->rec.f[t->date_col] : NULL;
	int day = date_today();
	idvec_day on = {0};
	fg_err e;
	if (day_text && date_parse(day_text, &day) == 0 && day < date_today() &&
	    store_org_members_on(s, place_id, day, add_on, &on, &e) == FG_OK) {
		if (on.n)
			qsort(on.v, on.n, sizeof *on.v, cmp_id);
		c.by_day = 1;
		c.on = on.v;
		c.non = on.n;
	}
	query_list q = {.today = date_today()};
	if (t->place_kind == LEDGER_ORGS)
		q.org_id = place_id;
	else
		q.employer_id = place_id;
	int64_t total = 0;
	query_list_rows(s, LEDGER_MEMBERS, &sc, &q, &total, roster_row, &c, &e);
	if (c.by_day) {
		c.mark = "（当日在本组织，现已转出）";
		for (size_t i = 0; i < on.n; i++)
			if (query_get(s, LEDGER_MEMBERS, &sc, on.v[i], NULL, date_today(), roster_row, &c, &e) == 0)
				c.unseen++;
		c.mark = NULL;
	}
	/* The record's own attendees and absentees who have left the roster since (moved, 停止党籍)
	 * keep their row, ticked: an edit of an old record must not drop them unseen. */
	c.former = 1;
	former_ctx fc = {s, &sc, &c};
	if (ticked)
		ledger_list_each(ticked, former_row, &fc);
	if (absent)
		ledger_list_each(absent, former_row, &fc);
	strmap_free(&c.shown);
	if (!c.n)
		html_printf(b, "<tr><td colspan=\"%d\" class=\"muted\">%s</td></tr>\n", t->reason_col >= 0 ? 4 : 3, t->empty);
	html_raw(b, "</tbody>\n</table></div>\n");
	unseen_ctx u = {s, &sc, NULL, 0};
	if (cur) {
		ledger_list_each(cur->rec.f[t->ticked_col], unseen_item, &u);
		if (t->reason_col >= 0)
			ledger_list_each(cur->rec.f[t->reason_col], unseen_item, &u);
	}
	if (u.n)
		html_printf(b, "<p class=\"muted\">另有 %d 名已记录的党员不在您的工作范围内（已转到其他党组织），"
			       "保存时原样保留。</p>\n", u.n);
	if (c.by_day) {
		char d[11];
		date_format(day, d);
		html_printf(b, "<p class=\"muted\">名单为 %s 当日在本组织的党员", d);
		if (c.later)
			html_printf(b, "；另有 %d 名现有党员在那天以后才入党或转入，未列出", c.later);
		if (c.unseen)
			html_printf(b, "；另有 %d 名当日在本组织的党员现已转到您工作范围以外，需由其现在所在街道、社区或区里补记",
				    c.unseen);
		html_raw(b, "。</p>\n");
	}
	free(on.v);
	html_raw(b, "</fieldset>\n");
}

int lw_form_special(web_req *r, buf *b, const lw_kind *k, const lw_row *cur, const lw_input *in, int col)
{
	const tick_spec *t = tick_of(k->kind);
	if (!t)
		return 0;
	if (col == t->place_col && !cur) /* an existing record's is its key, shown as such by lw_form */
		tick_place_line(r, b, t, in);
	else if (col == t->ticked_col)
		tick_roster(r, b, t, cur, in);
	return (col == t->place_col && !cur) || col == t->ticked_col || (t->reason_col >= 0 && col == t->reason_col);
}

typedef struct id_ctx {
	char idno[32];
	char name[128];
} id_ctx;

static int take_idno(void *ctx, const query_row *row)
{
	id_ctx *c = ctx;
	snprintf(c->idno, sizeof c->idno, "%s", row->rec->f[M_IDNO]);
	snprintf(c->name, sizeof c->name, "%s", row->rec->f[M_NAME]);
	return 0;
}

void lw_roster_input(web_req *r, store *s, lw_input *in, const lw_row *cur)
{
	const tick_spec *t = tick_of(in->def->kind);
	if (!t || !web_field(r, "roster"))
		return;
	/* The roster names members by row id: the page never carries a full ID number. Each is read
	 * inside the scope, so a forged id of someone else's member is simply not found. */
	store_filter sc = lw_scope(r);
	buf att = {0}, abs = {0};
	fg_err e;
	const form *f = &r->form;
	for (size_t i = 0; i < f->n; i++) {
		const char *name = f->f[i].name, *v = f->f[i].value;
		int absent = t->reason_col >= 0 && strncmp(name, "absent_", 7) == 0;
		if (!absent && strcmp(name, t->field) != 0)
			continue;
		const char *idtext = absent ? name + 7 : v;
		char *end;
		long long id = strtoll(idtext, &end, 10);
		if (absent && !*v)
			continue;
		id_ctx c = {{0}, {0}};
		if (*end || id <= 0 || query_get(s, LEDGER_MEMBERS, &sc, id, NULL, date_today(), take_idno, &c, &e) <= 0) {
			lw_fail(in, absent ? t->reason_col : t->ticked_col, "所选党员（编号 %s）不在党员名册中，或不在您的工作范围内",
				idtext);
			continue;
		}
		if (absent) {
			/* A reason beside a ticked member is not an absence. */
			int ticked = 0;
			for (size_t j = 0; j < f->n && !ticked; j++)
				ticked = strcmp(f->f[j].name, t->field) == 0 && strcmp(f->f[j].value, idtext) == 0;
			if (!ticked)
				buf_printf(&abs, "%s%s：%s", abs.len ? "；" : "", c.idno, v);
		} else {
			buf_printf(&att, "%s%s", att.len ? "；" : "", c.idno);
		}
	}
	if (cur) { /* an edit: the stored items the form could not show stay */
		unseen_ctx u = {s, &sc, &att, 0};
		ledger_list_each(cur->rec.f[t->ticked_col], unseen_item, &u);
		if (t->reason_col >= 0) {
			u.out = &abs;
			ledger_list_each(cur->rec.f[t->reason_col], unseen_item, &u);
		}
	}
	free(in->raw[t->ticked_col]);
	in->raw[t->ticked_col] = att.len ? buf_detach(&att) : xstrdup("");
	if (t->reason_col >= 0) {
		free(in->raw[t->reason_col]);
		in->raw[t->reason_col] = abs.len ? buf_detach(&abs) : xstrdup("");
	}
	buf_free(&att);
	buf_free(&abs);
}

/* GET /meetings/new, GET /designations/new: the organisation or enterprise first (its roster makes
 * the form), unless it is known. */
void page_tick_new(web_req *r)
{
	const lw_kind *k = r->route->ctx;
	const tick_spec *t = tick_of(k->kind);
	store *s = web_db(r);
	if (!s || !t)
		return;
	store_filter sc = lw_scope(r);
	const char *place_q = web_query(r, t->param);
	if (!(sc.org_id && t->place_kind == LEDGER_ORGS) && !(place_q && *place_q)) {
		buf *b = web_page_begin(r, t->title);
		html_printf(b, "<h1>%s</h1>\n<form method=\"get\" action=\"%s/new\" class=\"stack\">\n"
			       "<label for=\"f-%s\">%s（必填）<input name=\"%s\" id=\"f-%s\"></label>\n"
			       "<p><button type=\"submit\">%s</button> <a href=\"%s\">取消</a></p>\n</form>\n",
			    t->title, k->path, t->param, t->place_prompt, t->param, t->param, t->next, k->path);
		web_page_end(r, 200);
		return;
	}
	lw_row place;
	if (!tick_place(r, s, &sc, t, NULL, NULL, &place)) {
		lw_row_free(&place);
		char msg[128];
		snprintf(msg, sizeof msg, "没有这个%s，或它不在您的工作范围内", t->place_noun);
		web_error(r, 404, msg);
		return;
	}
	lw_input in = {.def = ledger_get(k->kind)};
	in.raw[t->place_col] = xstrdup(place.rec.f[t->place_key_col]);
	const char *kind = web_query(r, "kind");
	if (kind && k->kind == LEDGER_MEETINGS && life_kind_find(kind) >= 0)
		in.raw[MT_KIND] = xstrdup(kind);
	if (kind && k->kind == LEDGER_DESIGNATIONS && designation_kind_parse(kind) >= 0)
		in.raw[DG_KIND] = xstrdup(kind);
	const char *day = t->date_col >= 0 ? web_query(r, "date") : NULL;
	int dn;
	if (day && date_parse(day, &dn) == 0)
		in.raw[t->date_col] = xstrdup(day);
	buf lead = {0};
	if (t->date_col >= 0) {
		/* The roster is the members on the record's day: a record of an earlier day asks for it
		 * first (the form below keeps the day; a save with another day is checked against it). */
		html_printf(&lead, "<form method=\"get\" action=\"%s/new\" class=\"filters no-print\">\n"
				   "<input type=\"hidden\" name=\"%s\" value=\"%lld\">\n",
			    k->path, t->param, (long long)place.q.id);
		if (in.raw[MT_KIND])
			html_printf(&lead, "<input type=\"hidden\" name=\"kind\" value=\"%s\">\n", in.raw[MT_KIND]);
		html_printf(&lead, "<label for=\"roster-day\">补记以前的活动：活动日期<input type=\"date\" name=\"date\" id=\"roster-day\""
				   " value=\"%s\"></label>\n<button type=\"submit\">列出当日的党员</button>\n</form>\n",
			    in.raw[t->date_col] ? in.raw[t->date_col] : "");
		in.lead = buf_cstr(&lead);
	}
	buf *b = web_page_begin(r, t->title);
	lw_form(r, b, k, NULL, &in);
	web_page_end(r, 200);
	lw_input_free(&in);
	buf_free(&lead);
	lw_row_free(&place);
}

