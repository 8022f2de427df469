/* ledger_sql — each ledger's columns as SQL, in the order of its column table (core/ledger.c), and
 * the joins they need. One list per ledger for every statement that reads rows back as canonical
 * text: store_each and store_put's comparison (ledger_store.c) and the web lists (query.c), so an
 * export, a re-import's comparison and a page always show the same fields. Internal to src/store.
 * A covered-enterprise list (覆盖企业, 指导企业) is a parameter: the store lists every active link,
 * a page only those in the reader's scope. test_ledger checks the count against the column table. */
#ifndef FGDJ_LEDGER_SQL_H
#define FGDJ_LEDGER_SQL_H

#include "store/dialect.h"

/* A canonical list ("a；b") of column col of the rows of SELECT inner, in their order. */
#define LEDGER_LIST(col, inner) "(SELECT " SQL_LIST(col, "'；'") " FROM (" inner ") list_rows)"
/* The same lists for a whole ledger's read, of every owner at once: the rows (owner, col) of SELECT
 * inner as a table (owner, list), for a LEFT JOIN on the owner's id. One pass over the links instead
 * of a subquery per row, which on a database partitioned by district asks every district's server
 * once per row. The inner rows are ordered by owner, then col, as LEDGER_LIST's by col. */
#define LEDGER_LISTS(col, inner)                                                                     \
	"(SELECT owner, " SQL_LIST(col, "'；'") " AS list FROM (" inner " ORDER BY 1, 2) list_rows GROUP BY owner)"

/* A street as 所属街道 writes it: "区县/街道" in a city (sdi: its district, joined only there), its
 * name in a single district. */
#define LEDGER_STREET "coalesce(sdi.name || '/', '') || st.name"
#define LEDGER_STREET_DISTRICT " LEFT JOIN region sdi ON sdi.id = st.parent_id AND sdi.parent_id IS NOT NULL"

#define LEDGER_ENT_COLS                                                                              \
	"e.uscc, e.name, sdi.name, st.name, c.name, z.name, z.kind, e.industry, e.status, e.employees,"          \
	" e.fixed_site, e.capital, e.investor, e.investor_member, e.founded, e.op_info, e.staff_info," \
	" e.no_org_reason, e.closed, e.closed_reason"
#define LEDGER_ENT_FROM                                                                              \
	" FROM enterprise e JOIN region c ON c.id = e.community_id JOIN region st ON st.id = c.parent_id" \
	LEDGER_STREET_DISTRICT " LEFT JOIN zone z ON z.id = e.zone_id"

#define LEDGER_ORG_COLS(covers)                                                                      \
	"o.name, o.kind, o.mode, p.name, " covers ", " LEDGER_STREET ", c.name, z.name, o.founded, o.secretary,"  \
	" o.has_committee, o.committee_size, o.term_start, o.groups, o.closed, o.closed_reason"
#define LEDGER_ORG_FROM LEDGER_ORG_FROM_HELD("")
/* held: what else holds for the parent p of an organisation read (scope_sql.h SCOPE_HELD_FOR), or "". */
#define LEDGER_ORG_FROM_HELD(held)                                                                   \
	" FROM org o LEFT JOIN org p ON p.id = o.parent_id" held " LEFT JOIN region st ON st.id = o.street_id" \
	LEDGER_STREET_DISTRICT                                                                         \
	" LEFT JOIN region c ON c.id = o.community_id LEFT JOIN zone z ON z.id = o.zone_id"

#define LEDGER_MEM_COLS                                                                              \
	"m.name, m.idno, m.status, m.join_date, m.full_date, e.uscc, o.name, m.relation, m.disclosed, m.phone," \
	" m.relation_since, m.outside_org, m.closed, m.closed_reason"
#define LEDGER_MEM_FROM LEDGER_MEM_FROM_HELD("", "")
/* held_e, held_o: what else holds for the employer e and the organisation o of a member read, or "". */
#define LEDGER_MEM_FROM_HELD(held_e, held_o)                                                         \
	" FROM member m LEFT JOIN enterprise e ON e.id = m.employer_id" held_e " LEFT JOIN org o ON o.id = m.org_id" held_o

#define LEDGER_INS_COLS(covers) "i.name, i.unit, i.phone, " covers ", i.start_date, i.closed, i.closed_reason"
#define LEDGER_INS_FROM " FROM instructor i LEFT JOIN region r ON r.id = i.unit_region_id"

/* Party-work ledgers (core/ledger.h LEDGER_MEETINGS …): aliases mt, st (with its member m), sy, vi
 * (with its enterprise e, community c), tr, te (with training tr, enterprise e). A meeting's
 * attendees are stored as their canonical sorted list of ID numbers (schema v19). */
#define LEDGER_MEET_COLS                                                                             \
	"o.name, mt.kind, mt.date, mt.topic, mt.form, mt.hours, mt.attendees, mt.absentees, mt.recorder"
#define LEDGER_MEET_FROM " FROM meeting mt JOIN org o ON o.id = mt.org_id"
#define LEDGER_STUDY_COLS "m.idno, m.name, st.date, st.content, st.hours"
#define LEDGER_STUDY_FROM " FROM study st JOIN member m ON m.id = st.member_id"
#define LEDGER_SEC_COLS                                                                              \
	"o.name, sy.name, sy.idno, sy.since, sy.until, sy.method, sy.dual_strong, sy.investor, sy.phone"
#define LEDGER_SEC_FROM " FROM secretary sy JOIN org o ON o.id = sy.org_id"
#define LEDGER_VISIT_COLS "i.name, i.unit, e.uscc, vi.date, vi.roles, vi.notes"
#define LEDGER_VISIT_FROM                                                                            \
	" FROM visit vi JOIN instructor i ON i.id = vi.instructor_id JOIN enterprise e ON"              \
	" e.id = vi.enterprise_id JOIN region c ON c.id = e.community_id"
#define LEDGER_TRAIN_COLS "tr.name, tr.kind, tr.start_date, tr.end_date, tr.place, tr.hours, tr.organiser"
#define LEDGER_TRAIN_FROM " FROM training tr"
#define LEDGER_TRAINEE_COLS "tr.name, tr.start_date, te.name, te.idno, te.role, e.uscc"
#define LEDGER_TRAINEE_FROM                                                                          \
	" FROM trainee te JOIN training tr ON tr.id = te.training_id LEFT JOIN enterprise e ON"        \
	" e.id = te.enterprise_id LEFT JOIN region c ON c.id = e.community_id"

/* Development records (alias dv, with its organisation o and employer e). */
#define LEDGER_DEV_COLS "dv.name, dv.idno, e.uscc, o.name, " LEDGER_DEV_STEPS
/* The columns after 工作单位 and 所属党组织: what the rules read (store_scan_development). */
#define LEDGER_DEV_STEPS                                                                             \
	"dv.apply_date, dv.talk_date, dv.activist_date, dv.target_date,"                              \
	" dv.review_date, dv.notice_start, dv.notice_end, dv.assembly_date, dv.approval_date, dv.full_date," \
	" dv.recommend, dv.contacts, dv.training_hours, dv.extension, dv.dual"
#define LEDGER_DEV_FROM                                                                              \
	" FROM development dv JOIN org o ON o.id = dv.org_id LEFT JOIN enterprise e ON e.id = dv.employer_id"

/* Transfers (alias tf, with its member m and organisation o). */
#define LEDGER_TF_COLS "m.idno, tf.name, tf.direction, o.name, tf.other, tf.letter_date, tf.done_date"
#define LEDGER_TF_FROM " FROM transfer tf JOIN member m ON m.id = tf.member_id JOIN org o ON o.id = tf.org_id"

/* Dues (alias du, with its member m). */
#define LEDGER_DUES_COLS "m.idno, m.name, du.month, du.base, du.retired, du.due, du.paid, du.paid_date"
#define LEDGER_DUES_FROM " FROM dues du JOIN member m ON m.id = du.member_id"
/* Campaigns (alias cp; its 范围 cr, a community's street crp): 范围 as "街道" or "街道/社区", empty
 * for the whole district. */
#define LEDGER_CP_COLS                                                                               \
	"cp.name, cp.lead, cp.partners, cp.start_date, cp.deadline,"                                     \
	" CASE WHEN cr.level = 'community' THEN crp.name || '/' || cr.name ELSE cr.name END"
#define LEDGER_CP_FROM                                                                               \
	" FROM campaign cp LEFT JOIN region cr ON cr.id = cp.region_id LEFT JOIN region crp ON crp.id = cr.parent_id"

/* Tasks (alias tk, with its campaign cp, enterprise e and the enterprise's community c). */
#define LEDGER_TK_COLS "cp.name, e.uscc, tk.owner, tk.status, tk.done_date, tk.findings"
#define LEDGER_TK_FROM                                                                               \
	" FROM task tk JOIN campaign cp ON cp.id = tk.campaign_id JOIN enterprise e ON e.id = tk.enterprise_id" \
	" JOIN region c ON c.id = e.community_id"
/* Employee rosters (alias rl, with its enterprise e and community c). */
#define LEDGER_RL_COLS "e.uscc, rl.name, rl.idno, rl.hired, rl.political"
#define LEDGER_RL_FROM " FROM roster_line rl JOIN enterprise e ON e.id = rl.enterprise_id JOIN region c ON c.id = e.community_id"

/* Funding (alias fu, with its organisation o). */
#define LEDGER_FU_COLS "o.name, fu.date, fu.kind, fu.amount, fu.doc"
#define LEDGER_FU_FROM " FROM funding fu JOIN org o ON o.id = fu.org_id"
/* Rubric items (alias rb), in the order they were defined; a veto item has no points. */
#define LEDGER_RB_COLS "rb.year, rb.area, rb.indicator, CASE WHEN rb.veto <> 0 THEN NULL ELSE rb.points END, rb.veto"
#define LEDGER_RB_FROM " FROM rubric_item rb"

/* Ratings (alias rt, with its organisation o): the scores as "指标：分；…" in the rubric's order
 * (COL_DYNAMIC), the total in points; 星级 is computed by the reader, never stored. */
#define LEDGER_RT_SCORES                                                                             \
	LEDGER_LIST("item", "SELECT indicator || '：' || " SQL_TENTHS("score") " AS item FROM rating_score"      \
			    " WHERE rating_id = rt.id ORDER BY seq")
#define LEDGER_RT_COLS "o.name, rt.year, rt.rated, " LEDGER_RT_SCORES ", rt.veto, " SQL_TENTHS("rt.total") ", NULL"
#define LEDGER_RT_FROM " FROM rating rt JOIN org o ON o.id = rt.org_id"
/* Designations (alias dg, with its enterprise e and community c); 党员 is the canonical sorted list
 * of ID numbers, as a meeting's attendees. */
#define LEDGER_DG_COLS LEDGER_DG_COLS_WITH(LEDGER_LIST("idno", LEDGER_DG_MEMBERS " WHERE dm.designation_id = dg.id ORDER BY 2"))
/* members: the list of 党员, LEDGER_DG_COLS's one per row or a whole ledger's LEDGER_LISTS. */
#define LEDGER_DG_COLS_WITH(members) "dg.kind, dg.name, e.uscc, " members ", dg.granted, dg.revoked"
/* The members named by designations (owner: the designation). */
#define LEDGER_DG_MEMBERS                                                                            \
	"SELECT dm.designation_id AS owner, dm_m.idno AS idno FROM designation_member dm"              \
	" JOIN member dm_m ON dm_m.id = dm.member_id"
#define LEDGER_DG_FROM                                                                               \
	" FROM designation dg JOIN enterprise e ON e.id = dg.enterprise_id JOIN region c ON c.id = e.community_id"
/* Venues (alias vn, with its organisation o). */
#define LEDGER_VN_COLS                                                                               \
	"o.name, vn.address, vn.area, vn.site, vn.facilities, vn.sign, vn.flag, vn.books, vn.rules, vn.open_base," \
	" vn.recognised"
#define LEDGER_VN_FROM " FROM venue vn JOIN org o ON o.id = vn.org_id"

/* The active links of organisation o / instructor i whose enterprise e (in community c) meets
 * cond, as the canonical list: every one for the store ("1 = 1"), those in the reader's scope for a page. */
#define LEDGER_COVERS(cond) LEDGER_LIST("uscc", LEDGER_COVER_LINKS " AND lk.org_id = o.id AND " cond " ORDER BY 2")
#define LEDGER_ASSIGNED(cond)                                                                        \
	LEDGER_LIST("uscc", LEDGER_ASSIGN_LINKS " AND lk.instructor_id = i.id AND " cond " ORDER BY 2")
/* The active links (alias lk) of every organisation / instructor (owner) with the enterprise e (in
 * community c) each names. */
#define LEDGER_COVER_LINKS LEDGER_LINKS("coverage", "org_id")
#define LEDGER_ASSIGN_LINKS LEDGER_LINKS("assignment", "instructor_id")
#define LEDGER_LINKS(table, owner)                                                                   \
	"SELECT lk." owner " AS owner, e.uscc AS uscc FROM " table " lk JOIN enterprise e ON e.id = lk.enterprise_id" \
	" JOIN region c ON c.id = e.community_id WHERE lk.end_date IS NULL"
/* The members an organisation's row counts: those of o holding the relation (not 停止党籍), not 减少. */
#define LEDGER_ORG_MEMBERS                                                                           \
	"(SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.relation <> '停止党籍' AND m.closed IS NULL)"
#define LEDGER_ORG_ALL_COVERS LEDGER_COVERS("1 = 1")
#define LEDGER_INS_ALL_COVERS LEDGER_ASSIGNED("1 = 1")
/* The same lists of every organisation / instructor (alias cvl, column cvl.list) and every
 * designation's members (dgm.list), joined once by a whole ledger's read (LEDGER_LISTS). */
#define LEDGER_ORG_COVERS_JOIN " LEFT JOIN " LEDGER_LISTS("uscc", LEDGER_COVER_LINKS) " cvl ON cvl.owner = o.id"
#define LEDGER_INS_COVERS_JOIN " LEFT JOIN " LEDGER_LISTS("uscc", LEDGER_ASSIGN_LINKS) " cvl ON cvl.owner = i.id"
#define LEDGER_DG_MEMBERS_JOIN " LEFT JOIN " LEDGER_LISTS("idno", LEDGER_DG_MEMBERS) " dgm ON dgm.owner = dg.id"

#endif
