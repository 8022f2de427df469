/* Reports as downloads: the work report (fgdj report work) as DOCX, PDF or HTML, and the
 * statistical tables (fgdj report stats) as XLSX, for a region of the user's scope on a date.
 * Binary formats are written to a temporary file by the report writers, read back and sent with
 * a Content-Disposition naming the file in Chinese (RFC 5987); the file is removed at once. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/check.h"
#include "report/facts.h"
#include "report/work.h"
#include "util/date.h"
#include "web/cache.h"
#include "web/pages.h"

static const char XLSX[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/* GET /reports — the choices: region, date, year, and one button per download. */
void page_reports(web_req *r)
{
	store *s = web_db(r);
	const char *region;
	int as_of;
	if (!s || tools_region(r, s, &region) || tools_as_of(r, &as_of))
		return;
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	char day[11];
	date_format(as_of, day);
	buf *b = web_page_begin(r, "报告报表");
	html_raw(b, "<h1>报告报表</h1>\n<p class=\"lead\">工作报告中的每个数字都由台账计算得出；统计表按街道、社区和区域分表。</p>\n"
		    "<form method=\"get\" action=\"/reports/work.docx\" class=\"stack\">\n");
	tools_region_select(r, s, b, region);
	html_printf(b, "<label>截至日期 <input type=\"date\" name=\"as_of\" value=\"%s\"></label>\n"
		       "<label>报告年度 <input type=\"number\" name=\"year\" min=\"1949\" max=\"2999\" value=\"%d\"></label>\n"
		       "<p class=\"hint\">报告年度早于截至日期所在年度时，数字截至该年 12 月 31 日。</p>\n",
		    day, y);
	html_raw(b, "<div class=\"pager\">\n"
		    "<button type=\"submit\" formaction=\"/reports/work.docx\">工作报告（Word）</button>\n"
		    "<button type=\"submit\" formaction=\"/reports/work.pdf\">工作报告（PDF）</button>\n"
		    "<button type=\"submit\" formaction=\"/reports/work.html\">工作报告（网页）</button>\n"
		    "<button type=\"submit\" formaction=\"/reports/stats.xlsx\">统计表（Excel）</button>\n"
		    "</div>\n</form>\n");
	web_page_end(r, 200);
}

/* Region, date and year: the year defaults to the date's; an earlier year ends the figures on its
 * 31 December (the form always sends a date, so unlike fgdj report's --as-of it cannot win over
 * the year). 0, or -1 with the response set. */
static int report_args(web_req *r, store *s, const char **region, int *as_of, int *year)
{
	if (tools_region(r, s, region) || tools_as_of(r, as_of))
		return -1;
	int y, m, d;
	date_to_ymd(*as_of, &y, &m, &d);
	*year = y;
	const char *ys = web_query(r, "year");
	if (ys && *ys) {
		char *end;
		long v = strtol(ys, &end, 10);
		if (*end || v < 1949 || v > 2999) {
			web_error(r, 400, "报告年度应为四位年份，例如 2025");
			return -1;
		}
		*year = (int)v;
		if (v < y)
			*as_of = date_from_ymd((int)v, 12, 31);
	}
	return 0;
}

/* The download's names: "<地区>工作报告-2026-11-26.docx" and an ASCII fallback. */
static void names(store *s, const char *region, const char *what, const char *ascii_what, int as_of, const char *ext,
		  buf *name, buf *ascii)
{
	char day[11];
	date_format(as_of, day);
	char *district = region ? NULL : store_district_name(s);
	tools_file_stem(name, region ? region : district);
	free(district);
	buf_printf(name, "%s-%s.%s", what, day, ext);
	buf_printf(ascii, "%s-%s.%s", ascii_what, day, ext);
}

typedef enum fmt { F_DOCX, F_PDF, F_HTML } fmt;

/* The work report of o, in one read moment. Of today, from what the server keeps for the region
 * (web/cache.h): its facts and findings, and the figures a year earlier that the dashboard compares
 * with — the same values its pages show, each computed once per change of the data, not again for
 * every download. Another day's report computes its own, as the command does. */
static int build(store *s, work_opts *o, doc *d, fg_err *e)
{
	if (o->as_of != date_today()) {
		cache_note(NOTE_FACTS_LOADED);
		return work_build(s, o, d, e);
	}
	int rc = store_read_begin(s, e);
	if (rc)
		return rc;
	const facts *f = NULL;
	const findings *fs = NULL;
	cache_ref *fref = NULL, *fsref = NULL;
	stats prev;
	rc = tools_facts_cached(s, o->region, o->as_of, &f, &fref, e);
	rc = rc ? rc : tools_findings_cached(s, o->region, o->as_of, &fs, &fsref, e);
	rc = rc ? rc : tools_stats_cached(s, o->region, date_add_years(o->as_of, -1), STATS_BY_NONE, &prev, NULL, e);
	if (!rc) {
		work_given g = {f, fs, &prev};
		o->given = &g;
		rc = work_build(s, o, d, e);
		o->given = NULL;
		stats_free(&prev);
	}
	if (fsref)
		cache_release(fsref);
	if (f)
		tools_facts_release(f, fref);
	store_read_end(s);
	return rc;
}

static void work(web_req *r, fmt f)
{
	store *s = web_db(r);
	work_opts o = {NULL, 0, 0, NULL, 0, NULL};
	if (!s || report_args(r, s, &o.region, &o.as_of, &o.year))
		return;
	doc d = {0};
	fg_err e;
	if (build(s, &o, &d, &e)) {
		doc_free(&d);
		web_error(r, 500, e.msg);
		return;
	}
	static const char *const EXT[] = {"docx", "pdf", "html"};
	static const char *const TYPE[] = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
					   "application/pdf", "text/html; charset=utf-8"};
	buf name = {0}, ascii = {0};
	names(s, o.region, "工作报告", "work-report", o.as_of, EXT[f], &name, &ascii);
	if (f == F_HTML) {
		buf out = {0};
		doc_write_html(&d, &out);
		tools_inline(r, buf_cstr(&name), buf_cstr(&ascii));
		web_respond(r, 200, TYPE[f], &out);
	} else {
		char *path = tools_tmpfile(f == F_DOCX ? ".docx" : ".pdf");
		int rc = !path ? FG_EFAIL : f == F_DOCX ? doc_write_docx(&d, path, &e) : doc_write_pdf(&d, path, &e);
		if (!path)
			web_error(r, 500, "无法创建临时文件");
		else if (rc)
			web_error(r, 500, e.msg);
		else
			tools_send_file(r, path, TYPE[f], buf_cstr(&name), buf_cstr(&ascii));
		if (path) {
			unlink(path);
			free(path);
		}
	}
	buf_free(&name);
	buf_free(&ascii);
	doc_free(&d);
}

/* GET /reports/work.docx|pdf|html?region=&as_of=&year= */
void page_report_docx(web_req *r)
{
	work(r, F_DOCX);
}

void page_report_pdf(web_req *r)
{
	work(r, F_PDF);
}

void page_report_html(web_req *r)
{
	work(r, F_HTML);
}

/* GET /reports/stats.xlsx?region=&as_of= — one sheet for the region and one per breakdown. */
void page_report_stats_xlsx(web_req *r)
{
	store *s = web_db(r);
	const char *region;
	int as_of, year;
	if (!s || report_args(r, s, &region, &as_of, &year))
		return;
	fg_err e;
	char *path = tools_tmpfile(".xlsx");
	int rc = path ? store_read_begin(s, &e) : err_set(&e, FG_EFAIL, "无法创建临时文件");
	if (!rc) {
		/* Of today, from the facts the server keeps (the dashboard's); another day's loaded. */
		const facts *f = NULL;
		cache_ref *fref = NULL;
		if (as_of == date_today())
			rc = tools_facts_cached(s, region, as_of, &f, &fref, &e);
		else
			cache_note(NOTE_FACTS_LOADED);
		rc = rc ? rc : stats_workbook(s, region, as_of, f, path, &e);
		if (f)
			tools_facts_release(f, fref);
		store_read_end(s);
	}
	if (rc) {
		web_error(r, rc == FG_EINPUT ? 404 : 500, e.msg);
	} else {
		buf name = {0}, ascii = {0};
		names(s, region, "统计表", "stats", as_of, "xlsx", &name, &ascii);
		tools_send_file(r, path, XLSX, buf_cstr(&name), buf_cstr(&ascii));
		buf_free(&name);
		buf_free(&ascii);
	}
	if (path) {
		unlink(path);
		free(path);
	}
}
