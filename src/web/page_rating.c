/* 星级创评 on the web (docs/party-work.md): a cycle year's rubric (/rubric), the scoring form that
 * follows it (/ratings/new, saved by POST /ratings in the user's scope), the ranking of a year by
 * street (/ratings/ranking) and its score sheet as XLSX (/ratings/sheet, io/rating_sheet.h). The
 * list and rows of the ledger are page_party.c's. Totals and stars are always the server's
 * (core/rating.h through store_put); the form's script only previews them as the user types. */
#include <stdlib.h>
#include <string.h>

#include "core/rating.h"
#include "io/rating_sheet.h"
#include "store/rating_store.h"
#include "store/scope.h"
#include "util/date.h"
#include "web/page_ledger.h"
#include "web/pages_ledger.h"
#include "web/pages_tools.h"
#include "web/web_int.h"

/* ?year= (or a form's year): a four-digit year, else this year. */
static int year_param(const char *v)
{
	int y = v ? (int)strtol(v, NULL, 10) : 0;
	if (y < 2000 || y > 2100) {
		int m, d;
		date_to_ymd(date_today(), &y, &m, &d);
	}
	return y;
}

/* "★★★" for 1–5 stars, with the count for screen readers; a veto shows as such. */
static void stars_html(buf *b, int stars, int vetoed)
{
	if (vetoed) {
		html_raw(b, "<span class=\"veto\">否决（无星级）</span>");
		return;
	}
	html_printf(b, "<span class=\"stars\" role=\"img\" aria-label=\"%d 星\">", stars);
	for (int i = 0; i < stars; i++)
		html_raw(b, "★");
	html_raw(b, "</span>");
}

/* ---- the rubric ---- */

/* GET /rubric?year= */
void page_rubric(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	int year = year_param(web_query(r, "year"));
	rubric rb;
	fg_err e;
	if (store_rubric_get(s, year, &rb, &e)) {
		web_error(r, 500, e.msg);
		return;
	}
	buf *b = web_page_begin(r, "评分细则");
	html_printf(b, "<h1>%d 年度星级评定评分细则</h1>\n", year);
	html_printf(b, "<form method=\"get\" action=\"/rubric\" class=\"filters\"><label>评定年度<input type=\"number\" "
		       "name=\"year\" min=\"2000\" max=\"2100\" value=\"%d\"></label><button type=\"submit\">查看</button></form>\n",
		    year);
	html_raw(b, rb.own ? "<p>本年度使用区里导入的评分细则。</p>\n"
			   : "<p class=\"notice\">本年度没有导入评分细则，使用内置的通用细则（6 个方面、18 项指标、100 分，3 项否决）。</p>\n");
	html_raw(b, "<div class=\"table-wrap\"><table>\n<caption>计分指标（合计 100 分）</caption>\n<thead><tr>"
		    "<th scope=\"col\">考核方面</th><th scope=\"col\">指标</th><th scope=\"col\">分值</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < rb.n; i++)
		if (!rb.items[i].veto)
			html_printf(b, "<tr><td>%s</td><th scope=\"row\">%s</th><td class=\"n\">%d</td></tr>\n", rb.items[i].area,
				    rb.items[i].indicator, rb.items[i].points);
	html_raw(b, "</tbody></table></div>\n<h2>否决项</h2>\n<p>出现下列情形之一的，不评定星级：</p>\n<ul>\n");
	for (size_t i = 0; i < rb.n; i++)
		if (rb.items[i].veto)
			html_printf(b, "<li>%s</li>\n", rb.items[i].indicator);
	html_raw(b, "</ul>\n");
	store_filter sc = lw_scope(r);
	if (auth_can(&r->user, PERM_IMPORT) && lw_district(&sc))
		html_printf(b, "<p>修改细则：用命令 <code>fgdj export rubric --year %d</code> 导出，在 Excel 中修改后"
			       "<a href=\"/import?kind=rubric\">导入评分细则</a>。导入一个年度即替换该年度的全部细则；"
			       "计分指标须合计 100 分，已有评定的指标不能删去或把分值改到低于已评得分。</p>\n",
			    year);
	html_printf(b, "<p><a href=\"/ratings/ranking?year=%d\">%d 年度星级评定排名</a></p>\n", year, year);
	rubric_free(&rb);
	web_page_end(r, 200);
}

/* ---- the scoring form ---- */

typedef struct rating_form {
	int64_t org_id;
	const char *org;
	int year;
	rubric rb;
	const char *date, *veto;  /* as shown */
	char **score;             /* per rubric item, as shown (NULL: empty) */
	char **err;               /* per rubric item */
	char *err_date, *err_general;
} rating_form;

static void rform_free(rating_form *f)
{
	for (size_t i = 0; i < f->rb.n; i++) {
		free(f->score[i]);
		free(f->err[i]);
	}
	free(f->score);
	free(f->err);
	free(f->err_date);
	free(f->err_general);
	rubric_free(&f->rb);
}

/* The recorded rating of the organisation and year, when there is one, into f. */
typedef struct found {
	rating_form *f;
	char *date, *veto, *scores;
} found;

static int on_found(void *ctx, const rating_row *row)
{
	found *x = ctx;
	x->date = row->rated ? xstrdup(row->rated) : NULL;
	x->veto = row->veto ? xstrdup(row->veto) : NULL;
	x->scores = row->scores ? xstrdup(row->scores) : NULL;
	return 1;
}

static void score_item(void *p, const char *h, size_t hl, const char *v, size_t vl)
{
	rating_form *f = p;
	for (size_t i = 0; i < f->rb.n; i++)
		if (strlen(f->rb.items[i].indicator) == hl && memcmp(f->rb.items[i].indicator, h, hl) == 0) {
			free(f->score[i]);
			f->score[i] = xstrndup(v, vl);
		}
}

static void render_form(web_req *r, rating_form *f, int status)
{
	rating_settings cfg;
	store_rating_settings(web_db(r), &cfg);
	buf *b = web_page_begin(r, "星级评定打分");
	html_printf(b, "<h1>星级评定打分：%s（%d 年度）</h1>\n", f->org, f->year);
	if (f->err_general)
		html_printf(b, "<p class=\"alert\" role=\"alert\">%s</p>\n", f->err_general);
	html_printf(b, "<p>按 <a href=\"/rubric?year=%d\">%d 年度评分细则</a>逐项打分（可有一位小数）；总分和星级由系统计算。</p>\n",
		    f->year, f->year);
	html_printf(b, "<form method=\"post\" action=\"/ratings\" class=\"stack rating-form\" data-rating "
		       "data-star2=\"%d\" data-star3=\"%d\" data-star4=\"%d\" data-star5=\"%d\">\n",
		    cfg.star_min[2], cfg.star_min[3], cfg.star_min[4], cfg.star_min[5]);
	web_csrf_field(r, b);
	html_printf(b, "<input type=\"hidden\" name=\"org\" value=\"%s\"><input type=\"hidden\" name=\"year\" value=\"%d\">\n",
		    f->org, f->year);
	char today[11];
	date_format(date_today(), today);
	html_printf(b, "<label>评定日期<input type=\"date\" name=\"date\" value=\"%s\" max=\"%s\" required%s></label>\n",
		    f->date ? f->date : today, today, f->err_date ? " aria-invalid=\"true\" aria-describedby=\"err-date\"" : "");
	if (f->err_date)
		html_printf(b, "<p class=\"error\" id=\"err-date\">%s</p>\n", f->err_date);
	int total = 0;
	const char *area = NULL;
	for (size_t i = 0; i < f->rb.n; i++) {
		const rubric_item *it = &f->rb.items[i];
		if (it->veto)
			continue;
		if (!area || strcmp(area, it->area) != 0) {
			html_printf(b, "%s<fieldset><legend>%s</legend>\n", area ? "</fieldset>\n" : "", it->area);
			area = it->area;
		}
		int t;
		if (f->score[i] && rating_score_parse(f->score[i], &t) == 0)
			total += t;
		html_printf(b, "<label>%s（满分 %d 分）<input type=\"number\" name=\"s%zu\" min=\"0\" max=\"%d\" step=\"0.1\" "
			       "inputmode=\"decimal\" value=\"%s\" data-score",
			    it->indicator, it->points, i, it->points, f->score[i] ? f->score[i] : "");
		if (f->err[i])
			html_printf(b, " aria-invalid=\"true\" aria-describedby=\"err-s%zu\"", i);
		html_raw(b, "></label>\n");
		if (f->err[i])
			html_printf(b, "<p class=\"error\" id=\"err-s%zu\">%s</p>\n", i, f->err[i]);
	}
	if (area)
		html_raw(b, "</fieldset>\n");
	html_raw(b, "<fieldset><legend>否决项</legend>\n");
	html_printf(b, "<label><input type=\"checkbox\" name=\"vetoed\" value=\"1\" data-veto%s> 存在否决情形（不评定星级）</label>\n",
		    f->veto ? " checked" : "");
	html_printf(b, "<label>否决情况（否决项或原因）<input name=\"veto\" list=\"veto-items\" value=\"%s\"></label>\n",
		    f->veto ? f->veto : "");
	html_raw(b, "<datalist id=\"veto-items\">");
	for (size_t i = 0; i < f->rb.n; i++)
		if (f->rb.items[i].veto)
			html_printf(b, "<option value=\"%s\">", f->rb.items[i].indicator);
	html_raw(b, "</datalist>\n</fieldset>\n");
	char w[16];
	rating_score_words(total, w);
	int stars = rating_stars(&cfg, total, f->veto != NULL);
	html_printf(b, "<p class=\"rating-total\" aria-live=\"polite\">总分 <output data-total>%s</output> 分，"
		       "星级 <output data-stars>",
		    w);
	stars_html(b, stars, f->veto != NULL);
	html_raw(b, "</output></p>\n<button type=\"submit\">保存评定</button>\n</form>\n<script src=\"");
	web_asset_url(b, "rating.js");
	html_raw(b, "\" defer></script>\n");
	web_page_end(r, status);
}

/* The organisation (inside the scope) and year of a form or query; 0 with a response set when
 * the organisation is unknown or outside the scope. */
static int form_open(web_req *r, store *s, rating_form *f, const char *org, const char *year)
{
	memset(f, 0, sizeof *f);
	store_filter sc = lw_scope(r);
	f->org = org;
	f->year = year_param(year);
	f->org_id = org && *org ? query_visible(s, LEDGER_ORGS, &sc, org) : 0;
	if (!f->org_id) {
		web_error(r, 404, "党组织不在党组织台账中，或不在您的工作范围内");
		return 0;
	}
	fg_err e;
	if (store_rubric_get(s, f->year, &f->rb, &e)) {
		web_error(r, 500, e.msg);
		return 0;
	}
	f->score = xcalloc(f->rb.n ? f->rb.n : 1, sizeof *f->score);
	f->err = xcalloc(f->rb.n ? f->rb.n : 1, sizeof *f->err);
	return 1;
}

/* GET /ratings/new?org=&year= — without an organisation, a page that asks for one. */
void page_rating_new(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	const char *org = web_query(r, "org");
	if (!org || !*org) {
		buf *b = web_page_begin(r, "星级评定打分");
		html_raw(b, "<h1>星级评定打分</h1>\n<form method=\"get\" action=\"/ratings/new\" class=\"stack\">\n"
			    "<label>党组织名称<input name=\"org\" required></label>\n");
		html_printf(b, "<label>评定年度<input type=\"number\" name=\"year\" min=\"2000\" max=\"2100\" value=\"%d\" required></label>\n"
			       "<button type=\"submit\">开始打分</button>\n</form>\n",
			    year_param(web_query(r, "year")));
		web_page_end(r, 200);
		return;
	}
	rating_form f;
	if (!form_open(r, s, &f, org, web_query(r, "year"))) {
		rform_free(&f);
		return;
	}
	store_filter one = {.org_id = f.org_id};
	found x = {&f, NULL, NULL, NULL};
	fg_err e;
	if (store_ratings_of_year(s, &one, f.year, 0, 1, on_found, &x, &e) == FG_EFAIL) {
		web_error(r, 500, e.msg);
	} else {
		f.date = x.date;
		f.veto = x.veto;
		ledger_dynamic_each(x.scores, score_item, &f);
		render_form(r, &f, 200);
	}
	free(x.date);
	free(x.veto);
	free(x.scores);
	rform_free(&f);
}

/* POST /ratings — one transaction in the user's scope, with its history (store_put). */
void page_rating_save(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	rating_form f;
	if (!form_open(r, s, &f, web_field(r, "org"), web_field(r, "year"))) {
		rform_free(&f);
		return;
	}
	const ledger_def *def = ledger_get(LEDGER_RATINGS);
	const char *veto = web_field(r, "veto");
	int vetoed = web_field(r, "vetoed") != NULL || (veto && *veto); /* a reason given is a veto */
	f.date = web_field(r, "date");
	f.veto = vetoed ? (veto && *veto ? veto : "否决") : NULL;
	/* The indicator cells as a file would carry them: "指标：分" items, remembered by rubric item. */
	buf scores = {0}, val = {0}, msg = {0};
	size_t *item_of = xcalloc(f.rb.n ? f.rb.n : 1, sizeof *item_of), nitems = 0;
	for (size_t i = 0; i < f.rb.n; i++) {
		char name[32];
		snprintf(name, sizeof name, "s%zu", i);
		const char *v = web_field(r, name);
		if (!v || !*v || f.rb.items[i].veto)
			continue;
		f.score[i] = xstrdup(v);
		ledger_dynamic_add(&scores, f.rb.items[i].indicator, v);
		item_of[nitems++] = i;
	}
	char year[8];
	snprintf(year, sizeof year, "%d", f.year);
	ledger_ctx vctx = {date_today(), NULL};
	ledger_rec rec = {{f.org, year, NULL, scores.len ? buf_cstr(&scores) : NULL, f.veto}};
	if (ledger_parse_value(&def->cols[RT_DATE], f.date ? f.date : "", 0, &vctx, &val, &msg) != VAL_OK)
		f.err_date = xstrdup(msg.len ? buf_cstr(&msg) : "请填写评定日期");
	else
		rec.f[RT_DATE] = buf_cstr(&val);
	int rc = f.err_date ? FG_EINPUT : FG_OK;
	fg_err e;
	if (!rc && store_begin(s, web_who(r), "web", &e)) {
		web_error(r, 503, "数据库正忙，请稍后重试");
		rc = FG_EFAIL;
	}
	if (!rc) {
		store_filter sc = lw_scope(r);
		store_scope_set(s, &sc);
		put_result res;
		int bad = -1;
		rc = store_put(s, def, &rec, date_today(), &res, &bad, &e);
		if (!rc)
			rc = store_commit(s, &e);
		store_rollback(s); /* no-op after a commit */
		if (rc == FG_EINPUT && bad >= LEDGER_MAXCOLS && (size_t)(bad - LEDGER_MAXCOLS) < nitems)
			f.err[item_of[bad - LEDGER_MAXCOLS]] = xstrdup(e.msg);
		else if (rc == FG_EINPUT && bad == RT_DATE)
			f.err_date = xstrdup(e.msg);
		else if (rc == FG_EINPUT)
			f.err_general = xstrdup(e.msg);
		else if (rc)
			web_error(r, 500, e.msg);
	}
	if (rc == FG_OK) {
		buf to = {0};
		buf_printf(&to, "/ratings/ranking?year=%d&saved=%lld#org-%lld", f.year, (long long)f.org_id,
			   (long long)f.org_id);
		web_redirect(r, buf_cstr(&to));
		buf_free(&to);
	} else if (rc == FG_EINPUT) {
		render_form(r, &f, 422);
	}
	f.date = NULL; /* borrowed from the request */
	buf_free(&scores);
	buf_free(&val);
	buf_free(&msg);
	free(item_of);
	rform_free(&f);
}

/* GET /ratings/{id}/edit — the scoring form of that rating's organisation and year. */
void page_rating_edit(web_req *r)
{
	lw_row row;
	if (!lw_open(r, &LW_RATINGS, &row))
		return;
	buf to = {0};
	buf_puts(&to, "/ratings/new?org=");
	html_url(&to, row.rec.f[RT_ORG]);
	buf_printf(&to, "&year=%s", row.rec.f[RT_YEAR]);
	web_redirect(r, buf_cstr(&to));
	buf_free(&to);
	lw_row_free(&row);
}

void page_rating_stars_section(buf *b, store *s, const ledger_rec *rec)
{
	rating_settings cfg;
	store_rating_settings(s, &cfg);
	html_raw(b, "<h2>星级</h2>\n<p>");
	stars_html(b, rating_stars_of(&cfg, rec->f[RT_TOTAL], rec->f[RT_VETO]), rec->f[RT_VETO] != NULL);
	html_printf(b, "（按现行标准计算；<a href=\"/ratings/ranking?year=%s\">%s 年度排名</a>）</p>\n", rec->f[RT_YEAR],
		    rec->f[RT_YEAR]);
}

/* ---- the ranking ---- */

typedef struct rank_ctx {
	buf *b;
	rating_settings cfg;
	int64_t saved;
	int n, rank, last_total, year;
} rank_ctx;

static int rank_row(void *ctx, const rating_row *row)
{
	rank_ctx *c = ctx;
	buf *b = c->b;
	c->n++;
	if (row->total != c->last_total)
		c->rank = c->n; /* equal totals share a place */
	c->last_total = row->total;
	char w[16];
	rating_score_words(row->total, w);
	html_printf(b, "<tr id=\"org-%lld\"%s><td class=\"n\">%d</td><th scope=\"row\">%s</th><td>%s</td><td>%s</td>"
		       "<td class=\"n\">%s</td><td>",
		    (long long)row->org_id, row->org_id == c->saved ? " class=\"saved\"" : "", c->rank, row->org, row->street,
		    row->rated, w);
	stars_html(b, rating_stars(&c->cfg, row->total, row->veto != NULL), row->veto != NULL);
	html_printf(b, "</td><td>%s</td><td><a href=\"/ratings/new?org=", row->veto ? row->veto : "");
	html_url(b, row->org);
	html_printf(b, "&amp;year=%d\">打分</a></td></tr>\n", c->year);
	return 0;
}

/* GET /ratings/ranking?year=&street=&community= */
void page_rating_ranking(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	int year = year_param(web_query(r, "year"));
	buf *b = web_page_begin(r, "星级评定排名");
	int64_t saved = lw_id_param(r, "saved");
	if (saved)
		html_raw(b, "<p class=\"notice\" role=\"status\">评定已保存，变更已记入历史。</p>\n");
	html_printf(b, "<h1>%d 年度星级评定排名</h1>\n", year);
	query_list q = {.today = date_today()};
	html_raw(b, "<form method=\"get\" action=\"/ratings/ranking\" class=\"filters\">\n");
	html_printf(b, "<label>评定年度<input type=\"number\" name=\"year\" min=\"2000\" max=\"2100\" value=\"%d\"></label>\n", year);
	lw_region_filter(b, r, s, &sc, &q);
	html_raw(b, "<button type=\"submit\">查看</button>\n</form>\n");
	html_printf(b, "<p><a class=\"button\" href=\"/ratings/sheet?year=%d", year);
	if (q.region_id)
		html_printf(b, "&amp;region=%lld", (long long)q.region_id);
	html_printf(b, "\">下载打分表（Excel）</a> <a href=\"/rubric?year=%d\">评分细则</a>", year);
	if (auth_can(&r->user, lw_write_perm(&LW_RATINGS)))
		html_printf(b, " · <a href=\"/ratings/new?year=%d\">为党组织打分</a>", year);
	html_raw(b, "</p>\n");
	rank_ctx c = {.b = b, .saved = saved, .last_total = -1, .year = year};
	store_rating_settings(s, &c.cfg);
	html_printf(b, "<div class=\"table-wrap\"><table>\n<caption>按总分排列；星级按现行标准（五星 %d 分、四星 %d 分、三星 %d 分、"
		       "二星 %d 分以上）计算，有否决情形的不评星级</caption>\n<thead><tr><th scope=\"col\">名次</th>"
		       "<th scope=\"col\">党组织</th><th scope=\"col\">街道</th><th scope=\"col\">评定日期</th>"
		       "<th scope=\"col\">总分</th><th scope=\"col\">星级</th><th scope=\"col\">否决情况</th>"
		       "<th scope=\"col\">操作</th></tr></thead>\n<tbody>\n",
		    c.cfg.star_min[5], c.cfg.star_min[4], c.cfg.star_min[3], c.cfg.star_min[2]);
	fg_err e;
	int rc = store_ratings_of_year(s, &sc, year, q.region_id, 1, rank_row, &c, &e);
	html_raw(b, "</tbody></table></div>\n");
	if (rc == FG_EFAIL)
		html_printf(b, "<p class=\"alert\">%s</p>\n", e.msg);
	else if (!c.n)
		html_raw(b, "<p>该年度还没有星级评定记录。</p>\n");
	else
		html_printf(b, "<p>共 %d 个党组织。</p>\n", c.n);
	web_page_end(r, 200);
}

/* GET /ratings/sheet?year=&region= — fgdj ratings sheet, in the user's scope. */
void page_rating_sheet(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	char *path = tools_tmpfile(".xlsx");
	rating_sheet_opts o = {&sc, year_param(web_query(r, "year")), lw_id_param(r, "region"), path};
	fg_err e;
	int rc = path ? rating_sheet_write(s, &o, NULL, &e) : FG_EFAIL;
	buf name = {0}, ascii = {0};
	buf_printf(&name, "星级评定打分表-%d.xlsx", o.year);
	buf_printf(&ascii, "ratings-%d.xlsx", o.year);
	tools_xlsx_done(r, path, rc, e.msg, &name, &ascii);
}
