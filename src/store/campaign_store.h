/* campaign_store — the bulk work on investigation campaigns (排查): generating a campaign's tasks
 * and reading its tasks' counts. Owns no table of its own: the campaign and task rows are the
 * ledgers' (party_store.c); every task written here goes through store_put, so with the ledger's
 * rules, the scope check and a history entry. */
#ifndef FGDJ_CAMPAIGN_STORE_H
#define FGDJ_CAMPAIGN_STORE_H
#include <stdint.h>

#include "core/campaign.h"
#include "store/store.h"
#include "util/err.h"

/* A campaign as a reader of scope sees it (canonical text, owned by the struct). */
typedef struct campaign_row {
	int64_t id;
	char *name, *lead, *partners, *start, *deadline, *range; /* partners, range NULL when empty */
} campaign_row;

/* The campaign named, if the scope reads it: 1 found, 0 not (e says so), -1 database error. */
int store_campaign_get(store *s, const store_filter *scope, const char *name, campaign_row *out, fg_err *e);
void campaign_row_free(campaign_row *c);

/* Creates one 未开始 task for every 在营 enterprise of the campaign's region that has none, within
 * the scope (the query reads only the scope's enterprises; store_put checks each write again). Only
 * the district, or a street whose region holds the campaign's range, may do it; a community or
 * an organisation's secretary may not. Needs a write transaction (store_begin). *created counts
 * the new tasks, *present the in-business enterprises of the region in scope that had one. */
int store_campaign_generate(store *s, const store_filter *scope, const char *name, int today, int64_t *created,
			    int64_t *present, fg_err *e);

/* The campaign's tasks within the scope, counted per community and 状态: fn is called per
 * (community, state) in the order street, community (pinyin). */
typedef struct campaign_count {
	int64_t street_id, community_id;
	const char *street, *community;
	int state; /* task_state */
	int64_t n;
} campaign_count;
int store_campaign_counts(store *s, const store_filter *scope, int64_t campaign, int (*fn)(void *ctx, const campaign_count *c),
			  void *ctx, fg_err *e);

/* For the figures and findings (report/party.c): every campaign, and every task with its
 * enterprise id, state, completion day (DATE_NONE: none) and whether 发现情况 is filled — the
 * tasks in storage order (no particular order: a caller that needs one sorts). */
typedef struct campaign_scan {
	int64_t id;
	const char *name, *lead, *partners, *range; /* partners, range NULL when empty */
	int start, deadline;
} campaign_scan;
int store_scan_campaigns(store *s, int (*fn)(void *ctx, const campaign_scan *c), void *ctx, fg_err *e);

typedef struct task_scan {
	int64_t campaign, ent;
	int state; /* TASK_DONE when 完成日期 is filled, else TASK_IN_PROGRESS (未开始 not told apart) */
	int done, findings;
} task_scan;
int store_scan_tasks(store *s, int (*fn)(void *ctx, const task_scan *t), void *ctx, fg_err *e);

#endif
