/* campaign — an investigation campaign's progress (排查进度): its tasks within a reader's scope by
 * street and community — total, 未开始, 进行中, 已完成 and the completion rate. The one table behind
 * the campaign's page, its XLSX download and `fgdj campaign progress`. Reads through
 * store/campaign_store.h; owns the lines it builds. */
#ifndef FGDJ_REPORT_CAMPAIGN_H
#define FGDJ_REPORT_CAMPAIGN_H
#include <stdint.h>

#include "store/campaign_store.h"
#include "util/buf.h"

enum { PROGRESS_TOTAL, PROGRESS_STREET, PROGRESS_COMMUNITY };

typedef struct progress_line {
	int level;          /* PROGRESS_* */
	int64_t region_id;  /* the street or community; 0 for the total */
	char *name;         /* the street's or community's name; "合计" for the total */
	int64_t n[TASK_NSTATES], total;
} progress_line;

/* Streets in pinyin order, each followed by its communities; the total last. */
typedef struct campaign_progress {
	campaign_row c;
	const char *range;           /* campaign_range_text of c.range */
	progress_line *lines;
	size_t n;
} campaign_progress;

/* A campaign's 范围 as a sentence names it: its own range, or with none the whole territory
 * ("全市" in a city, "全区" in a district: region_whole_name). */
const char *campaign_range_text(const char *range, int city);

/* The campaign named (as the scope reads it) and its progress: FG_OK, FG_EINPUT when the scope
 * does not read it, FG_EFAIL on a database error. */
int campaign_progress_load(store *s, const store_filter *scope, const char *name, campaign_progress *p, fg_err *e);
void campaign_progress_free(campaign_progress *p);

/* "87.5%" — the line's 已完成 of its total, as every rate is written (stats_rate_text). */
void progress_rate(const progress_line *l, char out[16]);

/* The table as text (the command line) and as an XLSX file with one sheet. */
void campaign_progress_text(const campaign_progress *p, buf *out);
int campaign_progress_xlsx(const campaign_progress *p, const char *path, fg_err *e);

#endif
