/* Handlers of the ledger pages and API (routes_ledger.inc): one file per ledger, each holding its
 * pages and its API calls (page_enterprises.c, page_orgs.c, page_members.c, page_instructors.c;
 * page_party.c for the six party-work records); what they share is in page_ledger.h. The API is documented in docs/api.md. */
#ifndef FGDJ_PAGES_LEDGER_H
#define FGDJ_PAGES_LEDGER_H
#include "store/store.h"
#include "web/web.h"

/* The ledgers served by the generic handlers of page_ledger.h (lw_new, lw_create, lw_edit,
 * lw_update, lw_api_list, lw_api_get, lw_api_create, lw_api_update), named by the route's ctx. */
typedef struct lw_kind lw_kind;
extern const lw_kind LW_ENTERPRISES, LW_ORGS, LW_MEMBERS, LW_INSTRUCTORS;
/* Party work (page_party.c). */
extern const lw_kind LW_MEETINGS, LW_STUDY, LW_SECRETARIES, LW_VISITS, LW_TRAININGS, LW_TRAINEES, LW_DEVELOPMENT,
	LW_TRANSFERS, LW_DUES, LW_CAMPAIGNS, LW_TASKS, LW_ROSTERS, LW_FUNDING, LW_RATINGS, LW_DESIGNATIONS, LW_VENUES;
/* The designations (亮身份) of an enterprise (employer_id) or held by a member (member_id), in the
 * reader's scope, as a section of its page (page_recog.c). */
void page_recog_designations(buf *b, store *s, const store_filter *sc, int64_t employer_id, int64_t member_id);
/* Whether a venue (a row of the venues ledger) is standard today and, when not, why (core/recog.h
 * venue_shortfall, as the findings say it), as a section of its page (page_recog.c). */
void page_recog_venue_section(buf *b, store *s, const ledger_rec *rec);

/* The roster cross-match (page_crossmatch.c). */
void page_crossmatch(web_req *r);
void page_crossmatch_decide(web_req *r);
void page_crossmatch_xlsx(web_req *r);

void lw_new(web_req *r);
void lw_create(web_req *r);
void lw_edit(web_req *r);
void lw_update(web_req *r);
void lw_api_list(web_req *r);
void lw_api_get(web_req *r);
void lw_api_create(web_req *r);
void lw_api_update(web_req *r);
/* Deregistration of the four ledgers' rows (page_close.c). */
void lw_close_form(web_req *r);
void lw_close(web_req *r);
void lw_reopen(web_req *r);
void lw_api_close(web_req *r);
void lw_api_reopen(web_req *r);
/* GET PATH/export.xlsx of every list (page_ledger_list.c). */
void lw_export(web_req *r);
/* Every ledger's file format as a page, and its import template (XLSX with dropdowns and an
 * instructions sheet; io/ledger_template.h): GET /formats, /formats/{kind}, /formats/{kind}/template.xlsx. */
void page_formats(web_req *r);
void page_format(web_req *r);
void page_format_template(web_req *r);

/* Pages of their own: lists and rows (and the member's logged full view). */
void page_enterprises(web_req *r);
void page_enterprise(web_req *r);
void page_orgs(web_req *r);
void page_org(web_req *r);
void page_members(web_req *r);
void page_members_pocket(web_req *r);
void page_member(web_req *r);
void page_member_reveal(web_req *r);
void page_instructors(web_req *r);
void page_instructor(web_req *r);

/* Party work (page_party.c): the list and the row of any of the six records (ctx: its lw_kind), a
 * new meeting or designation (the organisation or enterprise first, then its roster), an organisation's year as a calendar, and
 * a secretary's "this month" (written into the home page b; nothing for other users). */
void page_party_list(web_req *r);
void page_party_row(web_req *r);
void page_development_due(web_req *r);
/* Campaigns (page_campaign.c): generate the tasks, the progress table as XLSX. */
void page_campaign_tasks(web_req *r);
void page_campaign_xlsx(web_req *r);
/* GET /meetings/new and /designations/new (ctx: its lw_kind): the organisation or enterprise first,
 * then the form with its roster to tick. */
void page_tick_new(web_req *r);
void page_org_life(web_req *r);
/* GET/POST /orgs/{id}/rename: a new name for the organisation (store_org_rename). */
void page_org_rename_form(web_req *r);
void page_org_rename(web_req *r);
void page_party_todo(web_req *r, buf *b, store *s);

/* Dues (page_dues.c): an organisation's monthly dues sheet as XLSX (io/dues_sheet.h) in the
 * user's scope, and the form that asks for it (written into the dues list b). */
void page_dues_sheet(web_req *r);
void page_dues_sheet_form(buf *b, web_req *r);

/* Funding (page_funding.c): the funding ledger's totals in the user's scope (report/funding.h). */
void page_funding_totals(web_req *r);
/* 星级创评 (page_rating.c): a year's rubric, the scoring form and its save in the user's scope, a
 * rating's edit (the form of its organisation and year), the ranking of a year by street and its
 * score sheet as XLSX (io/rating_sheet.h). */
void page_rubric(web_req *r);
void page_rating_new(web_req *r);
void page_rating_save(web_req *r);
void page_rating_edit(web_req *r);
void page_rating_ranking(web_req *r);
void page_rating_sheet(web_req *r);
/* A rating's stars by the thresholds in force (they are not part of the stored row), on its page. */
void page_rating_stars_section(buf *b, store *s, const ledger_rec *rec);

#endif
