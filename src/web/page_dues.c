/* Dues pages beyond the table-driven ledger ones: the monthly dues sheet of an organisation. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/dues.h"
#include "io/dues_sheet.h"
#include "util/date.h"
#include "web/page_ledger.h"
#include "web/pages_ledger.h"
#include "web/pages_tools.h"

void page_dues_sheet_form(buf *b, web_req *r)
{
	char month[8];
	dues_month_format(dues_month_of_day(date_today()), month);
	const char *org = web_query(r, "org");
	html_printf(b, "<form method=\"get\" action=\"/dues/sheet\" class=\"filters\">\n"
		       "<label>党组织<input name=\"org\" value=\"%s\" placeholder=\"党组织名称\" required></label>\n"
		       "<label>月份<input type=\"month\" name=\"month\" value=\"%s\" required></label>\n"
		       "<button type=\"submit\">下载党费收缴表（Excel）</button>\n</form>\n",
		    org ? org : "", month);
}

/* GET /dues/sheet?org=&month= — fgdj dues sheet. ID numbers and pay in full for users who may see
 * personal data (PERM_EXPORT), which the history records. */
void page_dues_sheet(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	store_filter sc = lw_scope(r);
	char *path = tools_tmpfile(".xlsx");
	dues_sheet_opts o = {&sc, web_query(r, "org"), web_query(r, "month"), auth_can(&r->user, PERM_EXPORT),
			     web_who(r), path};
	fg_err e;
	int rc = path ? dues_sheet_write(s, &o, NULL, &e) : FG_EFAIL;
	buf name = {0}, ascii = {0};
	if (!rc) {
		int m = 0;
		dues_month_parse(o.month, &m);
		char month[8];
		dues_month_format(m, month);
		buf_printf(&name, "党费收缴表-%s-%s.xlsx", o.org, month);
		buf_printf(&ascii, "dues-%s.xlsx", month);
	}
	tools_xlsx_done(r, path, rc, e.msg, &name, &ascii);
}
