/* scope_sql — the read scope as SQL: which rows of each ledger a reader may reach. Written once
 * here and pasted (as string literals) into every statement that reads a ledger for someone:
 * the web lists and rows (query.c), exports and --region (ledger_store.c store_each), and the
 * statistics scans (scan.c). Internal to src/store; the rules in words are in store/scope.h.
 *
 * Each macro takes the SQL placeholders that hold the scope: R the region (0 or 1 the root — the
 * district, or the city above several districts —, -1 none, else a region at any level below) and O the organisation of a secretary (0 none). When
 * O is not 0 the region is ignored. Table aliases the macros rely on are named in each comment;
 * the aliases they introduce themselves start with "s" (sc, se, sr, so, sa) and never leak. */
#ifndef FGDJ_SCOPE_SQL_H
#define FGDJ_SCOPE_SQL_H

#include "store/dialect.h"

/* The regions of p's subtree (p itself and every region below it, at any depth), read from the
 * closure table region_tree (schema v24, kept by store/places.c): no recursion at query time. */
#define REGION_UNDER(p) "(SELECT descendant FROM region_tree WHERE ancestor = " p ")"

/* The path of region id below the root ("临江区/双峰街道/梧埭社区"; "" for the root): how a region
 * is named to a reader and how --region and a user's scope name it back (store/region.c). */
#define REGION_PATH(id)                                                                              \
	"(SELECT coalesce(" SQL_LIST("pn", "'/'") ", '') FROM (SELECT pr.name AS pn FROM region_tree pt" \
	" JOIN region pr ON pr.id = pt.ancestor WHERE pt.descendant = " id " AND pr.id <> 1"           \
	" ORDER BY pt.depth DESC) spath)"

/* Region x lies in region p's subtree: the one truth of "inside a region", at any depth. */
#define SCOPE_IN_REGION(x, p) "(" x " IN " REGION_UNDER(p) ")"

/* Region x is p or one of p's ancestors (the regions whose subtree holds p). */
#define REGION_ABOVE(x, p) "(" x " IN (SELECT ancestor FROM region_tree WHERE descendant = " p "))"

/* The district (the region of level district) whose subtree holds region x; NULL for none (the
 * root of a city, or no region). */
#define REGION_DISTRICT(x)                                                                           \
	"(SELECT sd.ancestor FROM region_tree sd JOIN region sdr ON sdr.id = sd.ancestor"                \
	" WHERE sd.descendant = " x " AND sdr.level = 'district')"

/* The district that holds a row (its district_id, schema v35, kept on write by store/extras.c):
 * what a database partitioned by district (docs/scaling.md) places the row by. An enterprise's is
 * its community's (comm: an SQL expression); an organisation's its street's, else its community's;
 * a member's its employer's (emp), without one its organisation's (org). NULL when there is none.
 * The owners are the read scope's (SCOPE_ENT, SCOPE_ORG_IN_REGION, SCOPE_MEM); but a row is held in
 * one district, where an organisation covering enterprises of several districts (and its members
 * without an employer) is in the scope of each — so the column places rows, it does not decide who
 * may read them. */
#define ENT_DISTRICT(comm) REGION_DISTRICT(comm)
#define ORG_DISTRICT(street, comm) REGION_DISTRICT("coalesce(" street ", " comm ")")
#define MEMBER_DISTRICT(emp, org) "(CASE WHEN " emp " IS NOT NULL THEN " HELD_IN("enterprise", emp) " ELSE " HELD_IN("org", org) " END)"
/* The stored district of the row of table t whose id is id (an SQL expression). */
#define HELD_IN(t, id) "(SELECT sh.district_id FROM " t " sh WHERE sh.id = " id ")"

/* The district that holds a party-work record (district_id, schema v36, kept as the members' is):
 * a dues row's its member's (mem), a meeting's its organisation's (org) — the two largest records'
 * tables, partitioned with their owners (scripts/pg_partition.sql). */
#define DUES_DISTRICT(mem) HELD_IN("member", mem)
#define MEETING_DISTRICT(org) HELD_IN("org", org)
/* DUES_DISTRICT where the member's row m (an alias) is read beside: its stored district. */
#define DUES_DISTRICT_OF_ROW(m) m ".district_id"

/* The stored district col (a district_id) is d, a placeholder bound to a district's id or NULL for
 * none: a write that knows where its row's owner is held names it so, and PostgreSQL, planning with
 * the value (scripts/pg_partition.sql sets plan_cache_mode), reads that district's partition alone
 * — on its server — instead of asking every district's (docs/scaling.md). Portable: the same text
 * on SQLite, where it is a test of a column of a row read anyway. col comes first, which gives the
 * placeholder its type. */
#define HELD_AT(col, d) "(" col " = " d " OR (" d " IS NULL AND " col " IS NULL))"
/* And the next two (schema v37): a study record's its member's (mem); a development record's its
 * organisation's (org, 所在党组织). A development record is of a person not yet a member (keyed by
 * 公民身份号码, no member row), kept and read by the organisation developing it (SCOPE_ORG, org_id
 * NOT NULL); its employer (optional) places nothing — unlike a member's, whose scope goes by the
 * employer (SCOPE_MEM) — so the record lies with the organisation that keeps it, as a meeting does. */
#define STUDY_DISTRICT(mem) HELD_IN("member", mem)
#define DEVELOPMENT_DISTRICT(org) HELD_IN("org", org)
/* And the next two (schema v38): a transfer's (组织关系转接) its organisation's (org, 本方党组织); a
 * visit's (党建指导员走访记录) its enterprise's (ent). A transfer is read by 本方党组织 (SCOPE_ORG on
 * tf.org_id, as store/scope.h says), not by its member: the member's own place may change with it
 * (a completed 转入 lodges the member in the organisation, a 转出 takes it out: party_transfer_follow),
 * or lie in another district (its employer's), while the organisation handling the letter keeps the
 * record — so the record lies with it, as a development record does. The update may give it another
 * organisation and writes the district again. A visit is read by its enterprise (SCOPE_ENT), not by
 * its instructor, whose 派出单位 and assignments span places. */
#define TRANSFER_DISTRICT(org) HELD_IN("org", org)
#define VISIT_DISTRICT(ent) HELD_IN("enterprise", ent)

/* The row's stored district (col, its district_id) is the one whose subtree holds region R: an AND
 * beside a region's own test where that test already implies it, so it changes no result. For a
 * database partitioned by district (docs/scaling.md): PostgreSQL, planning with the placeholders'
 * values (scripts/pg_partition.sql sets plan_cache_mode), skips the partitions of every other
 * district — on other servers, no scan there —, which it cannot tell from a region's subtree.
 * PostgreSQL's only (dialect.h): SQLite would read the column for nothing, and an index that
 * covers a list's columns would no longer cover them. */
#define HELD_IN_DISTRICT_OF(col, R) SQL_PG_ONLY(" AND " DISTRICT_IS_OF(col, R))
#define DISTRICT_IS_OF(col, R) col " = " REGION_DISTRICT(R)

/* Enterprise e (its community joined as c). Its district (ENT_DISTRICT) is its community's, so a
 * community inside region R is one of R's district's. */
#define SCOPE_ENT(R, O)                                                                            \
	"((" O " = 0 AND (" R " = 0 OR " R " = 1 OR (" SCOPE_IN_REGION("c.id", R)                    \
	HELD_IN_DISTRICT_OF("e.district_id", R) "))) OR (" O " <> 0"                                   \
	" AND EXISTS (SELECT 1 FROM coverage sc WHERE sc.enterprise_id = e.id AND sc.org_id = " O     \
	" AND sc.end_date IS NULL)))"

/* The same hint where enterprise e is read again by the ids a scoped part of the statement chose
 * (a page's rows: "WHERE e.id IN (SELECT e.id … WHERE scope …)"), whose own reading PostgreSQL would
 * otherwise make on every server: true of every enterprise in the scope, so it changes no result. */
#define SCOPE_ENT_HELD(R, O) SCOPE_HELD("e.district_id", R, O)
#define SCOPE_HELD(col, R, O)                                                                      \
	SQL_PG_ONLY(" AND (" O " <> 0 OR " R " = 0 OR " R " = 1 OR " DISTRICT_IS_OF(col, R) ")")

/* A visit vi to enterprise e: the enterprise's scope, and the hint for the visit's own row, held with
 * its enterprise (VISIT_DISTRICT). */
#define SCOPE_VISIT(R, O) SCOPE_ENT(R, O) SCOPE_HELD("vi.district_id", R, O)

/* The hints for organisations and members, whose scope is not their stored district: an
 * organisation covering an enterprise of region R is in R's scope wherever it is held, and a member
 * without an employer is held with its organisation. Their stored district (col) is region R's, or
 * none (held on the coordinator), or — only while R's district has a link to an organisation held
 * in another district — any: true of every organisation and member in R's scope (not a test of its
 * own), so PostgreSQL reads R's district's partitions and the coordinator's alone while the district
 * has no such link, every partition otherwise. Whether it has one is fg_held_floor(R)'s
 * (scripts/pg_partition.sql: a coverage of an enterprise of the district, the parent of an
 * organisation of it, the organisation of a member of it, read from the coordinator's coverage and
 * the district's own partitions): NULL, which compares false, so ">=" skips every district's
 * partition; or 0, below every region id, which reads them all. A scalar subquery, computed once
 * before the partitions are chosen. R a region below the root (the region branch of a scope).
 * Only on a database partitioned by district (dialect.h SQL_PART_ONLY, in SCOPE_ORG, SCOPE_MEM,
 * SCOPE_HELD_FOR): elsewhere the look-up of links would cost each list, page and export of
 * organisations or members a scan of the district's members for nothing, and the function is
 * the partitioning script's. */
#define HELD_FOR(col, R)                                                                             \
	"(" DISTRICT_IS_OF(col, R) " OR " col " IS NULL OR " col " >= (SELECT fg_held_floor(" R ")))"
/* HELD_FOR where the scope's region branch is not the statement's (a row read again by the ids its
 * scoped part chose, a row joined to one in the scope): for a region R below the root only. */
#define SCOPE_HELD_FOR(col, R, O) SQL_PART_ONLY(" AND (" O " <> 0 OR " R " = 0 OR " R " = 1 OR " HELD_FOR(col, R) ")")

/* Organisation o placed in region p (its street or community), or covering (active link) an
 * enterprise of it. */
#define SCOPE_ORG_IN_REGION(o, p) ORG_IN_REGION(o, p, "")
/* The same with held: what else holds for its enterprise se (SE_HELD), or "". */
#define ORG_IN_REGION(o, p, held)                                                                    \
	"(" SCOPE_IN_REGION(o ".street_id", p) " OR " SCOPE_IN_REGION(o ".community_id", p) " OR EXISTS"  \
	" (SELECT 1 FROM coverage sc JOIN enterprise se ON se.id = sc.enterprise_id"                     \
	" WHERE sc.org_id = " o ".id AND sc.end_date IS NULL AND " SCOPE_IN_REGION("se.community_id", p) held "))"
/* An enterprise se of region R (below the root) is held in R's district: the hint of the enterprises
 * an organisation's or a member's scope looks up (its covered enterprise, the member's employer). */
#define SE_HELD(R) HELD_IN_DISTRICT_OF("se.district_id", R)

/* Organisation o. */
#define SCOPE_ORG(R, O)                                                                            \
	"((" O " = 0 AND (" R " = 0 OR " R " = 1 OR (" ORG_IN_REGION("o", R, SE_HELD(R))             \
	SQL_PART_ONLY(" AND " HELD_FOR("o.district_id", R)) "))) OR (" O " <> 0 AND o.id = " O "))"

/* The employer of member m lies in region p. Not correlated: the region's enterprises are listed
 * once per statement, not looked up per member. EMPLOYER_IN: of the enterprise whose id is col
 * (SE_HELD: those enterprises are held in p's district). */
#define SCOPE_MEM_EMPLOYER_IN(p) EMPLOYER_IN("m.employer_id", p)
#define EMPLOYER_IN(col, p)                                                                          \
	col " IN (SELECT se.id FROM enterprise se WHERE " SCOPE_IN_REGION("se.community_id", p) SE_HELD(p) ")"

/* Member m: by the employer; a member without one by the organisation holding the relation.
 * Subqueries rather than joins: a count over the district reads the member table alone. The hints
 * (PostgreSQL's): the member's, its employer's (held where the member is) and its organisation's. */
#define SCOPE_MEM(R, O)                                                                            \
	"((" O " = 0 AND (" R " = 0 OR " R " = 1 OR (((m.employer_id IS NOT NULL AND "               \
	SCOPE_MEM_EMPLOYER_IN(R) ") OR (m.employer_id IS NULL AND" \
	" m.org_id IS NOT NULL AND EXISTS (SELECT 1 FROM org so WHERE so.id = m.org_id AND "           \
	ORG_IN_REGION("so", R, SE_HELD(R)) SQL_PG_ONLY(" AND (so.district_id = m.district_id OR so.district_id IS NULL)") ")))" \
	SQL_PART_ONLY(" AND " HELD_FOR("m.district_id", R)) "))) OR (" O " <> 0 AND (m.org_id = " O       \
	" OR EXISTS (SELECT 1 FROM coverage sc WHERE sc.enterprise_id = m.employer_id AND sc.org_id = "  \
	O " AND sc.end_date IS NULL))))"

/* Instructor i (its 派出单位 joined as r). */
#define SCOPE_INS(R, O)                                                                            \
	"((" O " = 0 AND (" R " = 0 OR " R " = 1 OR " SCOPE_IN_REGION("r.id", R) " OR EXISTS"          \
	" (SELECT 1 FROM assignment sa JOIN enterprise se ON se.id = sa.enterprise_id"                  \
	" WHERE sa.instructor_id = i.id AND sa.end_date IS NULL AND"                                    \
	" " SCOPE_IN_REGION("se.community_id", R) "))) OR (" O " <> 0 AND EXISTS (SELECT 1 FROM"          \
	" assignment sa JOIN coverage sc ON sc.enterprise_id = sa.enterprise_id WHERE"                  \
	" sa.instructor_id = i.id AND sa.end_date IS NULL AND sc.org_id = " O " AND sc.end_date IS NULL)))"

/* District readers (no secretary, region 0 or 1). */
#define SCOPE_DISTRICT(R, O) "(" O " = 0 AND (" R " = 0 OR " R " = 1))"

/* The record a (an enterprise, organisation, member or instructor, alias with its dot) exists on
 * day d: not deregistered by then (schema v23, closed: the day it was 撤销 / 移出 / 减少). The one
 * predicate of the figures (scan.c, on the day counted) and of the lists. */
#define RECORD_OPEN_ON(a, d) "(" a "closed IS NULL OR " a "closed > " d ")"
/* A current list (web, API, export) leaves closed records out unless inc (a placeholder: 1 for
 * 含已撤销) asks for them. A closing date is never after today (COL_DATE), so a record closed at
 * all is closed today: RECORD_OPEN_ON on today is closed IS NULL, which indexes can answer. */
#define RECORD_LISTED(a, inc) "(" inc " = 1 OR " a "closed IS NULL)"

/* A member the figures count on day d (formal or probationary, by 工作单位; not 停止党籍; not
 * 减少 by then): the member scan of the statistics and the members list behind a figure share
 * it. a is the table alias with its dot ("m.") or "". */
#define MEMBER_COUNTED(a, d)                                                                         	a "employer_id IS NOT NULL AND " a "relation <> '停止党籍' AND " a "join_date <= " d " AND "   	RECORD_OPEN_ON(a, d)

/* ---- the facts the enterprise figures are counted from (core/metrics.h metrics_ent_sets) ----
 * Read by the statistics' scans (scan.c) and by the enterprise list behind a figure (query.c,
 * through the SQL function fg_ent_sets, store/figure_sql.c): the same columns, the same days. */

/* A member counted (MEMBER_COUNTED) is formal on day d: 转正 by then, or 正式党员 without a date.
 * As a CASE, SQLite compares 状态 only for the few members without a 转正日期 (an OR of the two
 * cases compared 状态 for every member too). */
#define MEMBER_FORMAL(a, d) "(CASE WHEN " a "full_date IS NULL THEN " a "status = '正式党员' ELSE " a "full_date <= " d " END)"

/* The enterprise's 经营状态 在营, 固定场所, 从业人员: what 三有 (rules_in_scope) is decided by. */
#define ENT_RULE_FACTS(a) a "status = '在营', " a "fixed_site, " a "employees"

/* The 五清 fields filled (metrics_ledger_complete): a non-empty text is > '' (NULL when empty, which
 * reads as 0) — a byte comparison, where length() counted the text's characters. */
#define ENT_FIVE_CLEARS(a) a "op_info > '', " a "staff_info > '', " a "investor > '', " a "no_org_reason > ''"

/* A coverage link cv of organisation o counts on day d (closing an organisation or enterprise
 * ends its links on the closing day, store/ledger_store.c, so the link's dates say it). */
#define COVERAGE_ACTIVE(cv, o, d) cv "start_date <= " d " AND " o "founded <= " d " AND (" cv "end_date IS NULL OR " cv "end_date > " d ")"

/* The coverage state (rules.h cov_state) of enterprise e (an SQL expression, its id) on day d:
 * rules_coverage_state (through the SQL function fg_cov_state) of its covering organisations by
 * mode, as the statistics decide it. The one rule of the lists (store/query.c) and of the kept
 * state (store/extras.c). */
#define ENT_COV_ON(e, d)                                                                             \
	"(SELECT fg_cov_state(sum(CASE WHEN o.mode = '单独建' THEN 1 ELSE 0 END),"                            \
	" sum(CASE WHEN o.mode = '联合建' THEN 1 ELSE 0 END), sum(CASE WHEN o.mode = '挂靠建' THEN 1 ELSE 0 END))" \
	" FROM coverage cv JOIN org o ON o.id = cv.org_id WHERE cv.enterprise_id = " e " AND "          \
	COVERAGE_ACTIVE("cv.", "o.", d) ")"
/* The days on which ENT_COV_ON(e, d) may change (column day): every date COVERAGE_ACTIVE compares
 * d with, of every link of e. Between two consecutive ones the state is the same on every day. */
#define ENT_COV_DAYS(e)                                                                              \
	"SELECT cv.start_date AS day FROM coverage cv WHERE cv.enterprise_id = " e                      \
	" UNION ALL SELECT cv.end_date FROM coverage cv WHERE cv.enterprise_id = " e                    \
	" UNION ALL SELECT o.founded FROM coverage cv JOIN org o ON o.id = cv.org_id WHERE cv.enterprise_id = " e

/* An instructor assignment a counts on day d (ended like coverage when either side closes). */
#define ASSIGNMENT_ACTIVE(a, d) a "start_date <= " d " AND (" a "end_date IS NULL OR " a "end_date > " d ")"

/* Training tr: the district's, or with a trainee from an enterprise in the scope. */
#define SCOPE_TRAINING(R, O)                                                                       \
	"(" SCOPE_DISTRICT(R, O) " OR EXISTS (SELECT 1 FROM trainee ste JOIN enterprise e ON"           \
	" e.id = ste.enterprise_id JOIN region c ON c.id = e.community_id WHERE ste.training_id = tr.id" \
	" AND " SCOPE_ENT(R, O) "))"

/* Trainee te with its enterprise e (community c) left-joined: the district's, or from an
 * enterprise in the scope. */
#define SCOPE_TRAINEE(R, O) "(" SCOPE_DISTRICT(R, O) " OR (e.id IS NOT NULL AND " SCOPE_ENT(R, O) "))"

/* Campaign cp: the root's readers see all; a reader of a region those whose range overlaps its
 * own (the whole territory, a region above it, itself, or a region below it); a secretary
 * those with a task for an enterprise its organisation covers. */
#define SCOPE_CAMPAIGN(R, O)                                                                       \
	"(" SCOPE_DISTRICT(R, O) " OR (" O " = 0 AND " R " > 1 AND (cp.region_id IS NULL OR"            \
	" " SCOPE_IN_REGION("cp.region_id", R) " OR " REGION_ABOVE("cp.region_id", R) ")) OR (" O " <> 0 AND EXISTS"  \
	" (SELECT 1 FROM task stk JOIN coverage sc ON sc.enterprise_id = stk.enterprise_id WHERE"        \
	" stk.campaign_id = cp.id AND sc.org_id = " O " AND sc.end_date IS NULL)))"

#endif
