/* Handlers of the work tools pages (routes_tools.inc), one file per page group:
 *   page_findings.c     findings and the joint-branch plan (pages, XLSX, JSON)
 *   page_import.c       upload, preview, commit (in the user's scope: store/scope.h)
 *   page_reports.c      the work report and the statistical tables as downloads
 *   page_admin.c        accounts and the history (administrators)
 *   page_places.c       streets, communities and zones (administrators; store/places.h)
 *   page_tools.c        what they share: region and date parameters, downloads, temporary files
 *   page_tools_cache.c  the statistics of a scope, cached per change of the data (web/cache.h); dashboard charts
 * Every page and API call here shows the same thing as a command (fgdj check, plan joint, import,
 * report, user, history) through the same function below the faces. */
#ifndef FGDJ_PAGES_TOOLS_H
#define FGDJ_PAGES_TOOLS_H
#include "io/import.h"
#include "report/stats.h"
#include "web/web.h"

/* page_findings.c */
void page_findings(web_req *r);
void api_findings(web_req *r);
void page_findings_xlsx(web_req *r);
void page_findings_state(web_req *r);
void api_findings_state(web_req *r);
/* The open findings (待整改, 整改中) of the user's scope today, and those marked 已整改 still found
 * (the dashboard's card), and when per_rule is not NULL the open ones by rule, added to per_rule[i]
 * for the i-th of check_rules(): 0, or -1 when they cannot be computed. */
int findings_open_count(web_req *r, store *s, size_t *open, size_t *done, size_t *per_rule);
/* The whole database's findings today computed and kept (web_warm). */
int findings_warm(store *s, fg_err *e);
void page_plan(web_req *r);
void page_plan_xlsx(web_req *r);
void page_plan_adopt(web_req *r);
void page_plan_adopt_post(web_req *r);
void api_plan(web_req *r);
/* The whole database's joint-branch plan today computed and kept (web_warm). */
int plan_warm(store *s, fg_err *e);

/* page_import.c */
void page_import(web_req *r);
void page_import_post(web_req *r);
void page_import_commit(web_req *r);
/* GET /import/errors.xlsx?token=: the error list of this session's last refused upload. */
void page_import_errors(web_req *r);

/* page_reports.c */
void page_reports(web_req *r);
void page_report_docx(web_req *r);
void page_report_pdf(web_req *r);
void page_report_html(web_req *r);
void page_report_stats_xlsx(web_req *r);

/* page_places.c */
void page_places(web_req *r);
void page_places_post(web_req *r);

/* page_admin.c */
void page_users(web_req *r);
void page_users_post(web_req *r);
void page_user_disable(web_req *r);
void page_user_enable(web_req *r);
void page_user_passwd(web_req *r);
void page_user_unlock(web_req *r);
void api_users(web_req *r);
void page_history(web_req *r);
void api_history(web_req *r);

/* ---- shared by the tool pages (page_tools.c) ---- */

/* The region a page works on: the query's `region` (a street, "街道/社区", or — for district-wide
 * users — a zone), by default the user's scope. Returns 0 and sets *region (NULL for the district;
 * the string lives as long as the request), or -1 after answering 404 when the region does not
 * exist or lies outside the scope (organisation-scoped users have no region at all). */
int tools_region(web_req *r, store *s, const char **region);
/* The query's `as_of` date, by default today: 0, or -1 after answering 400. */
int tools_as_of(web_req *r, int *as_of);
/* <label>地区 <select name="region"> with the district (for district-wide users) and the streets
 * and communities of the scope; region is the current value (NULL: the district). */
void tools_region_select(web_req *r, store *s, buf *b, const char *region);
/* The filter form every report page starts with: region (the streets and communities of the
 * scope), date, and a submit button; action is the page's path (a literal). */
void tools_filter_form(web_req *r, store *s, buf *b, const char *action, const char *region, int as_of);
/* "region=…&amp;as_of=…" for href attributes of links that keep the page's choice
 * (percent-encoded values, the '&' as an entity, no leading '?'). */
void tools_filter_query(buf *b, const char *region, int as_of);
/* A new empty file in $TMPDIR (default /tmp) whose name ends in suffix (".docx"): the path, which
 * the caller unlinks and frees, or NULL. */
char *tools_tmpfile(const char *suffix);
/* Adds the Content-Disposition of a download: ascii (a plain fallback, no quotes) and name
 * (UTF-8, as RFC 5987 filename*). */
void tools_attachment(web_req *r, const char *name, const char *ascii);
/* The same for a page shown in the browser (saving it keeps the name). */
void tools_inline(web_req *r, const char *name, const char *ascii);
/* Responds 200 with the file's bytes as a download: Content-Disposition names it ascii (a plain
 * fallback) and name (UTF-8, RFC 5987 filename*). The file is read whole; on a read error 500. */
void tools_send_file(web_req *r, const char *path, const char *ctype, const char *name, const char *ascii);
/* Ends an XLSX download written to path (tools_tmpfile's, NULL when that failed): the file, named
 * name (ascii as the plain fallback), when rc is FG_OK; else the error — 400 for FG_EINPUT, 500
 * otherwise, with msg. Then removes the file and frees path, name and ascii. */
void tools_xlsx_done(web_req *r, char *path, int rc, const char *msg, buf *name, buf *ascii);
/* A name for files made from a region label: "/" becomes "-". */
void tools_file_stem(buf *b, const char *region_label);

/* ---- the facts and statistics cache (page_tools_cache.c) ---- */

struct cache_ref; /* web/cache.h */
struct findings; /* report/check.h */

/* Inside a cache compute: 1 when prev, the key's value kept at stamp then (cache_previous), holds
 * for the facts read now — nothing they read changed since (store_findings_unchanged_since: only
 * findings' states, logins, logged views, settings no figure reads). In the read moment. */
int tools_previous_holds(store *s, const void *prev, int64_t then);
/* The same as store_changes_since's answer (STORE_CHANGES_OTHER when there is no prev, or then is
 * not of this database's history), with the enterprises changed and the fields (ents, fields may
 * be NULL). */
int tools_previous_changes(store *s, const void *prev, int64_t then, int64_t **ents, size_t *nents, store_fields *fields);

/* facts_load of (region — NULL the district —, as_of), shared: today's are kept once per change of
 * the data for every result computed from them; another day's are loaded for the caller alone.
 * Call in a read moment; on FG_OK *f stays valid, read-only, until tools_facts_release(*f, *ref); on
 * an error nothing is held. Thread-safe. */
int tools_facts_cached(store *s, const char *region, int as_of, const facts **f, struct cache_ref **ref,
		       fg_err *e);
void tools_facts_release(const facts *f, struct cache_ref *ref);

/* check_run's findings of (region, as_of), members masked: the findings pages' own, kept once per
 * change of the data (page_findings.c). Call in a read moment; on FG_OK *fs stays valid, read-only,
 * until cache_release(*ref). Thread-safe. */
int tools_findings_cached(store *s, const char *region, int as_of, const struct findings **fs,
			  struct cache_ref **ref, fg_err *e);
/* stats_compute, answered from the cache while the data is unchanged. out is a copy the caller
 * frees with stats_free in every case. When charts is not NULL, the markup tools_stats_charts
 * writes for these figures is appended to it (drawn once per computation) — HTML of ours, for
 * html_raw. Thread-safe. */
int tools_stats_cached(store *s, const char *region, int as_of, stats_by by, stats *out, buf *charts, fg_err *e);
/* stats_compute_coverage (the whole region's coverage figures), answered from the cache like
 * tools_stats_cached and kept apart from the full figures: what the dashboard compares with a year
 * earlier. */
int tools_coverage_cached(store *s, const char *region, int as_of, stats *out, fg_err *e);
/* The breakdown the dashboard charts for a user: by street for the district, by community for a
 * street, none otherwise. */
stats_by tools_stats_breakdown(const auth_user *u);
/* GET /figures/{key}: the records a party-work figure counts (page_figures.c). */
void page_figure(web_req *r);
/* GET /figures/{key}/export.xlsx: those records as their ledger's XLSX (logged like any export). */
void page_figure_export(web_req *r);
/* SVG bar chart of st: organisations by mode (coverage by group is drawn as linked bars). */
void tools_stats_charts(buf *b, const stats *st);

#endif
