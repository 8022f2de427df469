/* Handlers of the ledger pages and API (routes_ledger.inc): one file per ledger, each holding its
 * pages and its API calls (page_enterprises.c, page_orgs.c, page_members.c, page_instructors.c);
 * what they share is in page_ledger.h. The API is documented in docs/api.md. */
#ifndef FGDJ_PAGES_LEDGER_H
#define FGDJ_PAGES_LEDGER_H
#include "web/web.h"

void page_enterprises(web_req *r);
void page_enterprise(web_req *r);
void page_enterprise_new(web_req *r);
void page_enterprise_create(web_req *r);
void page_enterprise_edit(web_req *r);
void page_enterprise_update(web_req *r);
void api_enterprises(web_req *r);
void api_enterprise(web_req *r);
void api_enterprise_create(web_req *r);
void api_enterprise_update(web_req *r);

void page_orgs(web_req *r);
void page_org(web_req *r);
void page_org_new(web_req *r);
void page_org_create(web_req *r);
void page_org_edit(web_req *r);
void page_org_update(web_req *r);
void api_orgs(web_req *r);
void api_org(web_req *r);
void api_org_create(web_req *r);
void api_org_update(web_req *r);

void page_members(web_req *r);
void page_members_pocket(web_req *r);
void page_member(web_req *r);
void page_member_new(web_req *r);
void page_member_create(web_req *r);
void page_member_edit(web_req *r);
void page_member_update(web_req *r);
void page_member_reveal(web_req *r);
void api_members(web_req *r);
void api_member(web_req *r);
void api_member_create(web_req *r);
void api_member_update(web_req *r);

void page_instructors(web_req *r);
void page_instructor(web_req *r);
void page_instructor_new(web_req *r);
void page_instructor_create(web_req *r);
void page_instructor_edit(web_req *r);
void page_instructor_update(web_req *r);
void api_instructors(web_req *r);
void api_instructor(web_req *r);
void api_instructor_create(web_req *r);
void api_instructor_update(web_req *r);

#endif
