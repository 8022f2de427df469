/* stats — the metrics contract for a region on a date, optionally broken down by street,
 * community or zone. One function computes; the writers format for every face (CLI, web). */
#ifndef FGDJ_STATS_H
#define FGDJ_STATS_H
#include <stddef.h>

#include "core/metrics.h"
#include "report/facts.h"
#include "util/buf.h"

typedef enum stats_by { STATS_BY_NONE, STATS_BY_STREET, STATS_BY_COMMUNITY, STATS_BY_ZONE, STATS_BY_DISTRICT } stats_by;

typedef struct stats_group {
	int64_t id;
	char *name;
	metrics m;
} stats_group;

typedef struct stats {
	char *label;      /* region */
	int as_of;
	stats_by by;
	metrics total;
	stats_group *groups; /* pinyin order of name */
	size_t ngroups;
} stats;

/* The group of an enterprise in a breakdown by: its street, community, zone or district id (0: in
 * no zone; STATS_BY_NONE: 0). */
int64_t stats_group_of(const ent_fact *ef, stats_by by);
/* Parses "district" | "street" | "community" | "zone"; -1 when unknown. */
int stats_by_parse(const char *s);
/* The breakdown by the children of a region of that level (region.level; NULL or "" the root of
 * a single district): city → 区县, district → 街道, street → 社区, a community → none. */
stats_by stats_by_children(const char *level);

/* Computes from loaded facts; names come from the store. */
int stats_from_facts(store *s, const facts *f, stats_by by, stats *out, fg_err *e);
/* The same for n breakdowns by[k] into out[k] (n of them), the region's total computed once. */
int stats_from_facts_by(store *s, const facts *f, const stats_by *by, size_t n, stats *out, fg_err *e);
/* Loads the facts and computes. FG_EINPUT for an unknown region. */
int stats_compute(store *s, const char *region, int as_of, stats_by by, stats *out, fg_err *e);
/* The whole region's figures of its enterprises and of the organisations and instructors over them
 * alone — every figure metrics_add_enterprise and those owners' counts make, the coverage rates
 * among them (STATS_COVERAGE_KEYS), equal to stats_compute's; the party-work figures are left 0.
 * From the joint-branch plan's facts (facts_load_plan: no party-work records, no members' list),
 * about two fifths of a load: the dashboard's comparison with a year earlier. */
int stats_compute_coverage(store *s, const char *region, int as_of, stats *out, fg_err *e);
/* The figures stats_compute_coverage gives, by JSON key, NULL-terminated: the rates of coverage. */
extern const char *const STATS_COVERAGE_KEYS[];
void stats_free(stats *st);

/* Writers. */
void stats_json(const stats *st, buf *out);
void stats_text(const stats *st, buf *out);
void stats_csv(const stats *st, buf *out); /* cells through csv_cell */
/* The same region on two dates (stats --compare): each figure then, now and its change — a rate's
 * in percentage points ("+2.5 个百分点"), a count's signed ("+3"). Neither has groups. */
void stats_compare_text(const stats *then, const stats *now, buf *out);
void stats_compare_json(const stats *then, const stats *now, buf *out);
void stats_compare_csv(const stats *then, const stats *now, buf *out);
/* One worksheet per stats (sheet named by its breakdown): frozen header, number formats. */
int stats_xlsx(const stats *const *sts, size_t n, const char *path, fg_err *e);
/* The statistics workbook of region (NULL the district) on as_of, written to path: a sheet for the
 * region and one per breakdown (district, street, community, zone), all of one moment.
 * `fgdj report stats` and /reports/stats.xlsx. FG_EINPUT for an unknown region. given: the facts
 * of region on as_of that the caller holds in its read moment (the web server's kept ones), or
 * NULL to load them here. */
int stats_workbook(store *s, const char *region, int as_of, const facts *given, const char *path, fg_err *e);

/* A rate in tenths as text: "66.7%" or "—" (empty set). */
void stats_rate_text(int tenths, char out[16]);
/* A key's value as a reader sees it: "12" or "66.7%" or "—". */
void stats_value_text(const metrics *m, const metric_key *k, char out[32]);
/* The keys of the by-group table (a column each), the figures a reader compares across streets:
 * stats_text's table and the dashboard's. */
const char *const *stats_table_keys(size_t *n);
/* What the groups of a breakdown are: "街道", "社区", "区域", "区县"; "" for STATS_BY_NONE. */
const char *stats_by_label(stats_by by);

#endif
