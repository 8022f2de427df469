/* The rubric and ratings in the database (store/rating_store.h); the writes of ratings rows are
 * party_put's, with rating_put_check and rating_put_scores here. */
#include "store/rating_store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
#include "store/ledger_sql.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

void rubric_free(rubric *r)
{
	if (r->own)
		for (size_t i = 0; i < r->n; i++) {
			free((char *)r->items[i].area);
			free((char *)r->items[i].indicator);
		}
	free(r->items);
	memset(r, 0, sizeof *r);
}

int store_rubric_get(store *s, int year, rubric *r, fg_err *e)
{
	static const char q[] = "SELECT area, indicator, points, veto FROM rubric_item WHERE year = ?1 ORDER BY id";
	memset(r, 0, sizeof *r);
	r->year = year;
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, year);
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		r->items = xrealloc(r->items, (r->n + 1) * sizeof *r->items);
		r->items[r->n++] = (rubric_item){xstrdup(sql_col_str(st, 0)), xstrdup(sql_col_str(st, 1)),
						 (int)sql_col_int64(st, 2), (int)sql_col_int64(st, 3)};
	}
	sql_reset(st);
	r->own = r->n > 0;
	if (rc != SQL_DONE) {
		rubric_free(r);
		return db_err(s, e, "读取评分细则");
	}
	if (!r->own) {
		size_t n;
		const rubric_item *d = rating_default_rubric(&n);
		r->items = xmalloc(n * sizeof *r->items);
		memcpy(r->items, d, n * sizeof *d);
		r->n = n;
	}
	return FG_OK;
}

size_t store_rubric_years(store *s, int **years)
{
	sql_st *st = store_st(s, "SELECT DISTINCT year FROM rubric_item ORDER BY year");
	size_t n = 0;
	*years = NULL;
	while (sql_step(st) == SQL_ROW) {
		*years = xrealloc(*years, (n + 1) * sizeof **years);
		(*years)[n++] = (int)sql_col_int64(st, 0);
	}
	sql_reset(st);
	return n;
}

static void apply_rating(void *c, const char *key, const char *value)
{
	rating_apply(c, key, value);
}

void store_rating_settings(store *s, rating_settings *c)
{
	rating_defaults(c);
	/* rating_apply takes rating.*, funding.award_* and venue.min_area and ignores the rest. */
	store_settings_each(s, apply_rating, c);
}

/* The stored rows of year the file does not list: removed, each with its history. */
static int rubric_prune(store *s, int year, const strmap *keys, fg_err *e)
{
	static const char q[] = "SELECT id, indicator, area, points, veto FROM rubric_item WHERE year = ?1";
	static const char del[] = "DELETE FROM rubric_item WHERE id = ?1";
	struct gone {
		int64_t id;
		char *json, *indicator;
	} *v = NULL;
	size_t n = 0;
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, year);
	while (sql_step(st) == SQL_ROW) {
		buf k = {0};
		buf_printf(&k, "%d\x1f%s", year, sql_col_str(st, 1));
		int64_t row;
		if (!strmap_get(keys, k.p, k.len, &row)) {
			json_t *o = json_pack("{s:i,s:s,s:s,s:i,s:s}", "year", year, "area", sql_col_str(st, 2), "indicator",
					      sql_col_str(st, 1), "points", (int)sql_col_int64(st, 3), "veto",
					      (int)sql_col_int64(st, 4) ? "是" : "否");
			v = xrealloc(v, (n + 1) * sizeof *v);
			v[n++] = (struct gone){sql_col_int64(st, 0), json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER),
					       xstrdup(sql_col_str(st, 1))};
			json_decref(o);
		}
		buf_free(&k);
	}
	sql_reset(st);
	int rc = FG_OK;
	for (size_t i = 0; i < n; i++) {
		if (!rc) {
			st = store_st(s, del);
			sql_bind_int64(st, 1, v[i].id);
			if (sql_step(st) != SQL_DONE)
				rc = db_err(s, e, "删除评分细则指标");
			sql_reset(st);
		}
		if (!rc) {
			buf hk = {0};
			buf_printf(&hk, "%d/%s", year, v[i].indicator);
			rc = store_hist(s, ledger_get(LEDGER_RUBRIC)->record, buf_cstr(&hk), "delete", v[i].json, NULL, e);
			buf_free(&hk);
		}
		free(v[i].json);
		free(v[i].indicator);
	}
	free(v);
	return rc;
}

/* A recorded rating of year whose score the rubric r no longer holds: refused, naming it. */
static int rubric_keeps_ratings(store *s, const rubric *r, const strmap *keys, size_t *row, fg_err *e)
{
	static const char q[] = "SELECT o.name, rs.indicator, rs.score FROM rating rt JOIN org o ON o.id = rt.org_id"
				" JOIN rating_score rs ON rs.rating_id = rt.id WHERE rt.year = ?1 ORDER BY o.name, rs.seq";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, r->year);
	int rc = FG_OK;
	while (!rc && sql_step(st) == SQL_ROW) {
		const char *ind = sql_col_str(st, 1);
		int score = (int)sql_col_int64(st, 2);
		size_t i = 0;
		while (i < r->n && strcmp(r->items[i].indicator, ind) != 0)
			i++;
		char w[16];
		rating_score_words(score, w);
		if (i == r->n || r->items[i].veto) {
			*row = 0;
			rc = err_set(e, FG_EINPUT, "%d 年度已有评定为指标“%s”打分（%s：%s 分），不能删去该指标", r->year, ind,
				     sql_col_str(st, 0), w);
		} else if (score > r->items[i].points * 10) {
			buf k = {0};
			buf_printf(&k, "%d\x1f%s", r->year, ind);
			int64_t at = 0;
			strmap_get(keys, k.p, k.len, &at);
			buf_free(&k);
			*row = (size_t)at;
			rc = err_set(e, FG_EINPUT, "%d 年度已有评定在指标“%s”得 %s 分（%s），分值不能低于该得分", r->year, ind,
				     w, sql_col_str(st, 0));
		}
	}
	sql_reset(st);
	return rc;
}

int store_rubric_replace(store *s, const strmap *keys, size_t *row, fg_err *e)
{
	store_bulk_write(s);
	strmap years = {0};
	int rc = FG_OK;
	*row = 0;
	for (size_t i = 0; i < keys->cap && !rc; i++) {
		const strmap_slot *sl = &keys->slots[i];
		if (!sl->key)
			continue;
		int year = (int)strtol(sl->key, NULL, 10);
		if (!strmap_put(&years, (const char *)&year, sizeof year, 1))
			continue;
		rc = rubric_prune(s, year, keys, e);
		rubric r;
		if (!rc)
			rc = store_rubric_get(s, year, &r, e);
		if (rc)
			break;
		char msg[512];
		if (rating_rubric_check(r.items, r.n, msg, sizeof msg))
			rc = err_set(e, FG_EINPUT, "%d 年度评分细则：%s", year, msg);
		else
			rc = rubric_keeps_ratings(s, &r, keys, row, e);
		rubric_free(&r);
	}
	strmap_free(&years);
	return rc;
}

int store_org_stars_on(store *s, const rating_settings *c, int64_t org_id, const char *date, int *stars)
{
	static const char q[] = "SELECT rated, total, veto IS NOT NULL FROM rating WHERE org_id = ?1 AND rated <= ?2"
				" ORDER BY rated DESC, year DESC LIMIT 1";
	int d;
	if (date_parse(date, &d) != 0)
		return 0;
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, org_id);
	sql_bind_text(st, 2, date);
	int rc = sql_step(st), found = 0;
	if (rc == SQL_ROW) {
		int rated;
		if (date_parse(sql_col_str(st, 0), &rated) == 0 && rating_valid_on(c, rated, d)) {
			*stars = rating_stars(c, (int)sql_col_int64(st, 1), (int)sql_col_int64(st, 2));
			found = 1;
		}
	}
	sql_reset(st);
	return rc == SQL_ROW || rc == SQL_DONE ? found : -1;
}

int store_scan_ratings(store *s, int (*fn)(void *ctx, int64_t org, int rated, int total, int vetoed), void *ctx,
		       fg_err *e)
{
	static const char q[] = "SELECT org_id, rated, total, veto IS NOT NULL FROM rating ORDER BY org_id, rated";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int d;
		if (date_parse(sql_col_str(st, 1), &d) != 0)
			continue;
		if ((ret = fn(ctx, sql_col_int64(st, 0), d, (int)sql_col_int64(st, 2), (int)sql_col_int64(st, 3))) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取星级评定");
}

int store_ratings_of_year(store *s, const store_filter *f, int year, int64_t region_id, int rated_only,
			  int (*fn)(void *ctx, const rating_row *r), void *ctx, fg_err *e)
{
	/* Active: covering an enterprise (an active link), or rated that year. */
	static const char q[] =
		"SELECT o.id, o.name, coalesce(sr.name, ''), rt.rated, rt.veto, " LEDGER_RT_SCORES ","
		" coalesce(rt.total, -1) FROM org o LEFT JOIN region sr ON sr.id = o.street_id"
		" LEFT JOIN rating rt ON rt.org_id = o.id AND rt.year = ?3"
		" WHERE " SCOPE_ORG("?1", "?2") " AND (?4 = 0 OR " SCOPE_ORG_IN_REGION("o", "?4") ")"
		" AND (rt.id IS NOT NULL OR (?5 = 0 AND o.mode <> '上级机关' AND EXISTS (SELECT 1 FROM coverage sc2"
		" WHERE sc2.org_id = o.id AND sc2.end_date IS NULL)))"
		" ORDER BY rt.id IS NULL, rt.total DESC, o.name_key, o.name";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, f ? f->region_id : 0);
	sql_bind_int64(st, 2, f ? f->org_id : 0);
	sql_bind_int64(st, 3, year);
	sql_bind_int64(st, 4, region_id);
	sql_bind_int64(st, 5, rated_only);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		rating_row r = {sql_col_int64(st, 0), sql_col_str(st, 1), sql_col_str(st, 2),
				sql_col_text(st, 3), sql_col_text(st, 4),
				sql_col_text(st, 5), (int)sql_col_int64(st, 6)};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取星级评定");
}

size_t store_rating_headers(store *s, int year, int this_year, buf *out, fg_err *e)
{
	static const char q[] = "SELECT DISTINCT year FROM rating ORDER BY year";
	int *years = NULL;
	size_t ny = 0;
	if (year) {
		years = xmalloc(sizeof *years);
		years[ny++] = year;
	} else {
		sql_st *st = store_st(s, q);
		while (sql_step(st) == SQL_ROW) {
			years = xrealloc(years, (ny + 1) * sizeof *years);
			years[ny++] = (int)sql_col_int64(st, 0);
		}
		sql_reset(st);
		if (!ny) {
			years = xmalloc(sizeof *years);
			years[ny++] = this_year;
		}
	}
	strmap seen = {0};
	size_t n = 0;
	for (size_t y = 0; y < ny; y++) {
		rubric r;
		if (store_rubric_get(s, years[y], &r, e))
			break;
		for (size_t i = 0; i < r.n; i++)
			if (!r.items[i].veto && strmap_put(&seen, r.items[i].indicator, strlen(r.items[i].indicator), 1)) {
				buf_printf(out, "%s\n", r.items[i].indicator);
				n++;
			}
		rubric_free(&r);
	}
	strmap_free(&seen);
	free(years);
	return n;
}

/* ---- the checks and follow-up writes of a ratings row (party_put) ---- */

typedef struct cells {
	const char *h[256], *v[256];
	char *own[512];
	size_t n;
} cells;

static void cell_item(void *p, const char *h, size_t hl, const char *v, size_t vl)
{
	cells *c = p;
	if (c->n >= 256)
		return;
	c->own[2 * c->n] = xstrndup(h, hl);
	c->own[2 * c->n + 1] = xstrndup(v, vl);
	c->h[c->n] = c->own[2 * c->n];
	c->v[c->n] = c->own[2 * c->n + 1];
	c->n++;
}

int rating_put_check(store *s, ledger_rec *rec, int64_t org_id, rating_put *rp, int *bad_col, fg_err *e)
{
	int year = (int)strtol(rec->f[RT_YEAR], NULL, 10);
	int rc = store_rubric_get(s, year, &rp->rb, e);
	if (rc)
		return rc;
	rp->scores = xcalloc(rp->rb.n ? rp->rb.n : 1, sizeof *rp->scores);
	cells c = {0};
	ledger_dynamic_each(rec->f[RT_SCORES], cell_item, &c);
	int total = 0;
	size_t bad;
	char msg[512];
	if (rating_scores_resolve(rp->rb.items, rp->rb.n, c.h, c.v, c.n, rec->f[RT_VETO] != NULL, rp->scores, &total, &bad,
				  msg, sizeof msg)) {
		*bad_col = bad < c.n ? LEDGER_MAXCOLS + (int)bad : RT_SCORES;
		rc = err_set(e, FG_EINPUT, "%s", msg);
	}
	for (size_t i = 0; i < 2 * c.n; i++)
		free(c.own[i]);
	if (rc)
		return rc;
	char w[16];
	for (size_t i = 0; i < rp->rb.n; i++)
		if (rp->scores[i] >= 0) {
			rating_score_words(rp->scores[i], w);
			ledger_dynamic_add(&rp->text, rp->rb.items[i].indicator, w);
		}
	rating_score_words(total, w);
	int typed;
	if (rec->f[RT_TOTAL] && (rating_score_parse(rec->f[RT_TOTAL], &typed) != 0 || typed != total)) {
		*bad_col = RT_TOTAL;
		return err_set(e, FG_EINPUT, "填写的总分 %s 与各指标得分之和 %s 分不符", rec->f[RT_TOTAL], w);
	}
	rating_settings cfg;
	store_rating_settings(s, &cfg);
	int stars = rating_stars(&cfg, total, rec->f[RT_VETO] != NULL);
	if (rec->f[RT_STARS] && (int)strtol(rec->f[RT_STARS], NULL, 10) != stars) {
		*bad_col = RT_STARS;
		return err_set(e, FG_EINPUT, "填写的星级 %s 与按总分 %s 分%s计算的 %d 星不符", rec->f[RT_STARS], w,
			       rec->f[RT_VETO] ? "和否决情况" : "", stars);
	}
	/* Not before the organisation existed. */
	sql_st *st = store_st(s, "SELECT founded FROM org WHERE id = ?1");
	sql_bind_int64(st, 1, org_id);
	if (sql_step(st) == SQL_ROW && strcmp(rec->f[RT_DATE], sql_col_str(st, 0)) < 0) {
		*bad_col = RT_DATE;
		rc = err_set(e, FG_EINPUT, "评定日期早于该党组织的成立日期 %s", sql_col_str(st, 0));
	}
	sql_reset(st);
	if (rc)
		return rc;
	snprintf(rp->total, sizeof rp->total, "%s", w);
	rec->f[RT_SCORES] = rp->text.len ? buf_cstr(&rp->text) : NULL;
	rec->f[RT_TOTAL] = rp->total;
	rec->f[RT_STARS] = NULL; /* computed when read, never stored */
	return FG_OK;
}

int rating_put_scores(store *s, int64_t rating_id, const rating_put *rp, fg_err *e)
{
	static const char del[] = "DELETE FROM rating_score WHERE rating_id = ?1";
	static const char ins[] = "INSERT INTO rating_score(rating_id, seq, indicator, score) VALUES (?1, ?2, ?3, ?4)";
	sql_st *st = store_st(s, del);
	sql_bind_int64(st, 1, rating_id);
	int ok = sql_step(st) == SQL_DONE;
	sql_reset(st);
	for (size_t i = 0; i < rp->rb.n && ok; i++) {
		if (rp->scores[i] < 0)
			continue;
		st = store_st(s, ins);
		sql_bind_int64(st, 1, rating_id);
		sql_bind_int64(st, 2, (int)i);
		sql_bind_text(st, 3, rp->rb.items[i].indicator);
		sql_bind_int64(st, 4, rp->scores[i]);
		ok = sql_step_write(st) == SQL_DONE;
		sql_reset(st);
	}
	return ok ? FG_OK : db_err(s, e, "写入评定得分");
}

void rating_put_free(rating_put *rp)
{
	rubric_free(&rp->rb);
	free(rp->scores);
	buf_free(&rp->text);
}
