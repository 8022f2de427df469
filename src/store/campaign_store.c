/* campaign_store — see campaign_store.h. */
#include "store/campaign_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/ledger_sql.h"
#include "store/scope.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

/* The scope's two placeholders as every scoped statement takes them (scope_sql.h). */
static void bind_scope(sql_st *st, const store_filter *f)
{
	sql_bind_int64(st, 1, f->org_id ? -1 : f->region_id);
	sql_bind_int64(st, 2, f->org_id);
}

static char *col_dup(sql_st *st, int i)
{
	const char *v = sql_col_text(st, i);
	return v && *v ? xstrdup(v) : NULL;
}

void campaign_row_free(campaign_row *c)
{
	free(c->name);
	free(c->lead);
	free(c->partners);
	free(c->start);
	free(c->deadline);
	free(c->range);
	memset(c, 0, sizeof *c);
}

int store_campaign_get(store *s, const store_filter *scope, const char *name, campaign_row *out, fg_err *e)
{
	static const char q[] = "SELECT " LEDGER_CP_COLS ", cp.id" LEDGER_CP_FROM " WHERE cp.name = ?3 AND "
				SCOPE_CAMPAIGN("?1", "?2");
	memset(out, 0, sizeof *out);
	sql_st *st = store_st(s, q);
	bind_scope(st, scope);
	sql_bind_text(st, 3, name);
	int rc = sql_step(st);
	if (rc == SQL_ROW) {
		*out = (campaign_row){sql_col_int64(st, 6), col_dup(st, 0), col_dup(st, 1), col_dup(st, 2),
				      col_dup(st, 3), col_dup(st, 4), col_dup(st, 5)};
		sql_reset(st);
		return 1;
	}
	sql_reset(st);
	if (rc != SQL_DONE)
		return db_err(s, e, "读取排查"), -1;
	err_set(e, FG_EINPUT, "排查“%s”不在排查台账中，或不在您的工作范围内", name);
	return 0;
}

/* Generating is the district's, or a street's for a campaign inside it (scope.c's write rule for
 * the campaign row itself); a community or a secretary does not generate. */
static int may_generate(store *s, const store_filter *f, const campaign_row *c, fg_err *e)
{
	if (scope_is_district(f))
		return FG_OK;
	if (f->org_id || f->region_id < 0)
		return err_set(e, FG_EINPUT, "只有区级和街道用户可以生成排查任务");
	static const char q[] = "SELECT level FROM region WHERE id = ?1";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, f->region_id);
	int street = sql_step(st) == SQL_ROW && strcmp(sql_col_text(st, 0), "street") == 0;
	sql_reset(st);
	if (!street)
		return err_set(e, FG_EINPUT, "只有区级和街道用户可以生成排查任务");
	ledger_rec r = {{0}};
	r.f[CP_NAME] = c->name;
	r.f[CP_LEAD] = c->lead;
	r.f[CP_PARTNERS] = c->partners;
	r.f[CP_START] = c->start;
	r.f[CP_DEADLINE] = c->deadline;
	r.f[CP_RANGE] = c->range;
	int bad;
	return scope_check_put(s, f, ledger_get(LEDGER_CAMPAIGNS), &r, &r, &bad, e);
}

int store_campaign_generate(store *s, const store_filter *scope, const char *name, int today, int64_t *created,
			    int64_t *present, fg_err *e)
{
	*created = *present = 0;
	campaign_row c;
	int found = store_campaign_get(s, scope, name, &c, e);
	if (found <= 0)
		return found < 0 ? FG_EFAIL : FG_EINPUT;
	int rc = may_generate(s, scope, &c, e);
	/* The region's in-business enterprises in the scope, listed before any is written. */
	static const char q[] = "SELECT e.uscc, EXISTS (SELECT 1 FROM task tk WHERE tk.campaign_id = ?3"
				" AND tk.enterprise_id = e.id) FROM enterprise e JOIN region c ON c.id = e.community_id"
				" WHERE e.status = '在营' AND EXISTS (SELECT 1 FROM campaign gc WHERE gc.id = ?3 AND"
				" (gc.region_id IS NULL OR " SCOPE_IN_REGION("c.id", "gc.region_id") ")) AND "
				SCOPE_ENT("?1", "?2") " ORDER BY e.uscc";
	char **todo = NULL;
	size_t n = 0, cap = 0;
	if (!rc) {
		sql_st *st = store_st(s, q);
		bind_scope(st, scope);
		sql_bind_int64(st, 3, c.id);
		int step;
		while ((step = sql_step(st)) == SQL_ROW) {
			if ((int)sql_col_int64(st, 1)) {
				(*present)++;
				continue;
			}
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				todo = xrealloc(todo, cap * sizeof *todo);
			}
			todo[n++] = xstrdup(sql_col_text(st, 0));
		}
		sql_reset(st);
		if (step != SQL_DONE)
			rc = db_err(s, e, "读取排查范围内的企业");
	}
	store_scope_set(s, scope);
	const ledger_def *def = ledger_get(LEDGER_TASKS);
	for (size_t i = 0; !rc && i < n; i++) {
		ledger_rec r = {{0}};
		r.f[TK_CAMPAIGN] = c.name;
		r.f[TK_USCC] = todo[i];
		r.f[TK_STATUS] = task_state_names[TASK_NOT_STARTED];
		put_result res;
		int bad = -1;
		rc = store_put(s, def, &r, today, &res, &bad, e);
		if (!rc && res == PUT_NEW)
			(*created)++;
	}
	for (size_t i = 0; i < n; i++)
		free(todo[i]);
	free(todo);
	campaign_row_free(&c);
	return rc;
}

int store_campaign_counts(store *s, const store_filter *scope, int64_t campaign, int (*fn)(void *ctx, const campaign_count *c),
			  void *ctx, fg_err *e)
{
	static const char q[] = "SELECT p.id, p.name, c.id, c.name, tk.status, count(*) FROM task tk"
				" JOIN enterprise e ON e.id = tk.enterprise_id JOIN region c ON c.id = e.community_id"
				" JOIN region p ON p.id = c.parent_id WHERE tk.campaign_id = ?3 AND " SCOPE_ENT("?1", "?2")
				" GROUP BY p.id, c.id, tk.status ORDER BY p.name_key, p.id, c.name_key, c.id";
	sql_st *st = store_st(s, q);
	bind_scope(st, scope);
	sql_bind_int64(st, 3, campaign);
	int step, ret = 0;
	while ((step = sql_step(st)) == SQL_ROW) {
		campaign_count cc = {sql_col_int64(st, 0), sql_col_int64(st, 2),
				     sql_col_text(st, 1), sql_col_text(st, 3),
				     task_state_parse(sql_col_text(st, 4)), sql_col_int64(st, 5)};
		if ((ret = fn(ctx, &cc)) != 0)
			break;
	}
	sql_reset(st);
	if (ret)
		return ret;
	return step == SQL_DONE ? FG_OK : db_err(s, e, "读取排查任务");
}

static int day_at(sql_st *st, int i)
{
	const char *v = sql_col_text(st, i);
	int d;
	return v && date_parse(v, &d) == 0 ? d : DATE_NONE;
}

int store_scan_campaigns(store *s, int (*fn)(void *ctx, const campaign_scan *c), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT cp.id, " LEDGER_CP_COLS LEDGER_CP_FROM " ORDER BY cp.start_date, cp.name";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		campaign_scan c = {sql_col_int64(st, 0), sql_col_text(st, 1),
				   sql_col_text(st, 2), sql_col_text(st, 3),
				   sql_col_text(st, 6), day_at(st, 4), day_at(st, 5)};
		if ((ret = fn(ctx, &c)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取排查");
}

int store_scan_tasks(store *s, int (*fn)(void *ctx, const task_scan *t), void *ctx, fg_err *e)
{
	/* In storage order: the table read straight through, not through the (campaign, enterprise)
	 * index with a lookup of the row for each entry of it. 状态 is not read: the schema ties
	 * 完成日期 to 已完成 (CHECK of table task). */
	static const char q[] = "SELECT campaign_id, enterprise_id, done_date, findings IS NOT NULL FROM task";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int done = day_at(st, 2);
		task_scan t = {sql_col_int64(st, 0), sql_col_int64(st, 1), done != DATE_NONE ? TASK_DONE : TASK_IN_PROGRESS,
			       done, (int)sql_col_int64(st, 3)};
		if ((ret = fn(ctx, &t)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取排查任务");
}
