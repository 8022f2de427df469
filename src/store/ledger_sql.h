/* ledger_sql — each ledger's columns as SQL, in the order of its column table (core/ledger.c), and
 * the joins they need. One list per ledger for every statement that reads rows back as canonical
 * text: store_each and store_put's comparison (ledger_store.c) and the web lists (query.c), so an
 * export, a re-import's comparison and a page always show the same fields. Internal to src/store.
 * A covered-enterprise list (覆盖企业, 指导企业) is a parameter: the store lists every active link,
 * a page only those in the reader's scope. test_ledger checks the count against the column table. */
#ifndef FGDJ_LEDGER_SQL_H
#define FGDJ_LEDGER_SQL_H

#define LEDGER_ENT_COLS                                                                              \
	"e.uscc, e.name, st.name, c.name, z.name, z.kind, e.industry, e.status, e.employees,"          \
	" e.fixed_site, e.capital, e.investor, e.investor_member, e.founded, e.op_info, e.staff_info," \
	" e.no_org_reason"
#define LEDGER_ENT_FROM                                                                              \
	" FROM enterprise e JOIN region c ON c.id = e.community_id JOIN region st ON st.id = c.parent_id" \
	" LEFT JOIN zone z ON z.id = e.zone_id"

#define LEDGER_ORG_COLS(covers)                                                                      \
	"o.name, o.kind, o.mode, p.name, " covers ", st.name, c.name, z.name, o.founded, o.secretary,"  \
	" o.has_committee, o.committee_size, o.term_start, o.groups"
#define LEDGER_ORG_FROM                                                                              \
	" FROM org o LEFT JOIN org p ON p.id = o.parent_id LEFT JOIN region st ON st.id = o.street_id"  \
	" LEFT JOIN region c ON c.id = o.community_id LEFT JOIN zone z ON z.id = o.zone_id"

#define LEDGER_MEM_COLS                                                                              \
	"m.name, m.idno, m.status, m.join_date, m.full_date, e.uscc, o.name, m.relation, m.disclosed, m.phone"
#define LEDGER_MEM_FROM                                                                              \
	" FROM member m LEFT JOIN enterprise e ON e.id = m.employer_id LEFT JOIN org o ON o.id = m.org_id"

#define LEDGER_INS_COLS(covers) "i.name, i.unit, i.phone, " covers ", i.start_date"
#define LEDGER_INS_FROM " FROM instructor i LEFT JOIN region r ON r.id = i.unit_region_id"

/* Every active link of organisation o / instructor i, as the canonical list. */
#define LEDGER_ORG_ALL_COVERS                                                                        \
	"(SELECT group_concat(uscc, '；') FROM (SELECT e.uscc FROM coverage cv JOIN enterprise e ON"    \
	" e.id = cv.enterprise_id WHERE cv.org_id = o.id AND cv.end_date IS NULL ORDER BY e.uscc))"
#define LEDGER_INS_ALL_COVERS                                                                        \
	"(SELECT group_concat(uscc, '；') FROM (SELECT e.uscc FROM assignment a JOIN enterprise e ON"   \
	" e.id = a.enterprise_id WHERE a.instructor_id = i.id AND a.end_date IS NULL ORDER BY e.uscc))"

#endif
