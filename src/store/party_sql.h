/* party_sql — the list statements of the party-work ledgers for query.c: each ledger's filter and
 * order in query.c's numbered parameters (listed at the top of query.c), and PARTY_SQL, which
 * makes a ledger's count, page and by-id statements from them. Each record lies in the scope of
 * what it is about (docs/party-work.md). Included by query.c only. */
#ifndef FGDJ_STORE_PARTY_SQL_H
#define FGDJ_STORE_PARTY_SQL_H

#include "store/scope_sql.h"

/* ?22/?23: the first and last day of a date filter (NULL: open). */
#define DATE_RANGE(col) " AND (?22 IS NULL OR " col " >= ?22) AND (?23 IS NULL OR " col " <= ?23)"

#define MEET_FILTER                                                                                  \
	" AND (?4 IS NULL OR mt.topic LIKE ?4 ESCAPE '!' OR o.name LIKE ?4 ESCAPE '!')"                 \
	" AND (?5 = 0 OR " SCOPE_ORG_IN_REGION("o", "?5") ") AND (?14 = 0 OR mt.org_id = ?14)"          \
	" AND (?18 IS NULL OR mt.kind = ?18)" DATE_RANGE("mt.date")
#define MEET_ORDER " ORDER BY mt.date DESC, o.name_key, mt.kind, mt.topic"

#define STUDY_FILTER                                                                                 \
	" AND (?4 IS NULL OR m.name LIKE ?4 ESCAPE '!' OR st.content LIKE ?4 ESCAPE '!')"               \
	" AND (?5 = 0 OR " SCOPE_MEM_EMPLOYER_IN("?5") ") AND (?14 = 0 OR m.org_id = ?14)"               \
	DATE_RANGE("st.date")
#define STUDY_ORDER " ORDER BY st.date DESC, m.name_key, st.content"

#define SEC_FILTER                                                                                   \
	" AND (?4 IS NULL OR sy.name LIKE ?4 ESCAPE '!' OR o.name LIKE ?4 ESCAPE '!')"                  \
	" AND (?5 = 0 OR " SCOPE_ORG_IN_REGION("o", "?5") ") AND (?14 = 0 OR sy.org_id = ?14)"
#define SEC_ORDER " ORDER BY o.name_key, sy.since DESC"

#define VISIT_FILTER                                                                                 \
	" AND (?4 IS NULL OR i.name LIKE ?4 ESCAPE '!' OR e.name LIKE ?4 ESCAPE '!')"                   \
	" AND (?5 = 0 OR c.id = ?5 OR c.parent_id = ?5) AND (?15 = 0 OR vi.enterprise_id = ?15)"         \
	DATE_RANGE("vi.date")
#define VISIT_ORDER " ORDER BY vi.date DESC, i.name_key, e.name_key"

#define TRAIN_FILTER " AND (?4 IS NULL OR tr.name LIKE ?4 ESCAPE '!') AND (?18 IS NULL OR tr.kind = ?18)" \
	DATE_RANGE("tr.start_date")
#define TRAIN_ORDER " ORDER BY tr.start_date DESC, tr.name"

#define DEV_FILTER                                                                                   \
	" AND (?4 IS NULL OR dv.name LIKE ?4 ESCAPE '!' OR o.name LIKE ?4 ESCAPE '!')"                  \
	" AND (?5 = 0 OR " SCOPE_ORG_IN_REGION("o", "?5") ") AND (?14 = 0 OR dv.org_id = ?14)"          \
	" AND (?15 = 0 OR dv.employer_id = ?15)"
#define DEV_ORDER " ORDER BY dv.apply_date DESC, dv.idno"

#define TF_FILTER                                                                                    \
	" AND (?4 IS NULL OR tf.name LIKE ?4 ESCAPE '!' OR o.name LIKE ?4 ESCAPE '!' OR tf.other LIKE ?4 ESCAPE '!')" \
	" AND (?5 = 0 OR " SCOPE_ORG_IN_REGION("o", "?5") ") AND (?14 = 0 OR tf.org_id = ?14)" DATE_RANGE("tf.letter_date")
#define TF_ORDER " ORDER BY tf.letter_date DESC, m.idno"

/* ?18: a month written 2026-03, carried as the list's kind filter; stored as 202603. */
#define DUES_FILTER                                                                                  \
	" AND (?4 IS NULL OR m.name LIKE ?4 ESCAPE '!' OR EXISTS (SELECT 1 FROM org so WHERE"           \
	" so.id = m.org_id AND so.name LIKE ?4 ESCAPE '!'))"                                             \
	" AND (?5 = 0 OR " SCOPE_MEM_EMPLOYER_IN("?5") ") AND (?14 = 0 OR m.org_id = ?14)"               \
	" AND (?18 IS NULL OR du.month = CAST(replace(?18, '-', '') AS INTEGER))"
/* du.member_key: the member's name_key kept on the dues row (schema v32), which dues_order serves. */
#define DUES_ORDER " ORDER BY du.month DESC, du.member_key, m.idno"
#define CP_FILTER                                                                                    \
	" AND (?4 IS NULL OR cp.name LIKE ?4 ESCAPE '!' OR cp.lead LIKE ?4 ESCAPE '!')"                  \
	" AND (?5 = 0 OR cp.region_id IS NULL OR " SCOPE_IN_REGION("cp.region_id", "?5") " OR"            \
	" " REGION_ABOVE("cp.region_id", "?5") ")"                                                       \
	DATE_RANGE("cp.start_date")
#define CP_ORDER " ORDER BY cp.start_date DESC, cp.name"

/* ?20: the campaign (query_list.parent_id); ?18: the state (query_list.kind). */
#define TK_FILTER                                                                                    \
	" AND (?4 IS NULL OR e.name LIKE ?4 ESCAPE '!' OR tk.owner LIKE ?4 ESCAPE '!')"                  \
	" AND (?5 = 0 OR c.id = ?5 OR c.parent_id = ?5) AND (?15 = 0 OR tk.enterprise_id = ?15)"          \
	" AND (?20 = 0 OR tk.campaign_id = ?20) AND (?18 IS NULL OR tk.status = ?18)"
#define TK_ORDER " ORDER BY cp.start_date DESC, cp.name, c.parent_id, c.id, e.name_key"
/* The tables of LEDGER_TK_FROM in the order the list's walk loops over them (store/query.c
 * PK_PARTY_WALK): each loop in the order's index — campaign_order (unique), region_parent,
 * enterprise_community, then the task of the campaign and enterprise. */
#define TK_WALK " FROM campaign cp CROSS JOIN region c CROSS JOIN enterprise e CROSS JOIN task tk"
#define TK_WALK_JOIN "e.community_id = c.id AND tk.enterprise_id = e.id AND tk.campaign_id = cp.id AND "
#define RL_FILTER                                                                                    \
	" AND (?4 IS NULL OR rl.name LIKE ?4 ESCAPE '!' OR e.name LIKE ?4 ESCAPE '!')"                  \
	" AND (?5 = 0 OR c.id = ?5 OR c.parent_id = ?5) AND (?15 = 0 OR rl.enterprise_id = ?15)"       \
	" AND (?18 IS NULL OR rl.political = ?18)"
#define RL_ORDER " ORDER BY e.uscc, rl.idno"

#define FU_FILTER                                                                                    \
	" AND (?4 IS NULL OR o.name LIKE ?4 ESCAPE '!' OR fu.doc LIKE ?4 ESCAPE '!')"                  \
	" AND (?5 = 0 OR " SCOPE_ORG_IN_REGION("o", "?5") ") AND (?14 = 0 OR fu.org_id = ?14)"          \
	" AND (?18 IS NULL OR fu.kind = ?18)" DATE_RANGE("fu.date")
#define FU_ORDER " ORDER BY fu.date DESC, o.name_key, fu.kind"
/* ?18: the cycle year, carried as the list's kind filter. */
#define RT_FILTER                                                                                    \
	" AND (?4 IS NULL OR o.name LIKE ?4 ESCAPE '!')"                                                 \
	" AND (?5 = 0 OR " SCOPE_ORG_IN_REGION("o", "?5") ") AND (?14 = 0 OR rt.org_id = ?14)"          \
	" AND (?18 IS NULL OR rt.year = CAST(?18 AS INTEGER))"
#define RT_ORDER " ORDER BY rt.year DESC, rt.total DESC, o.name_key"
/* The rubric is everybody's to read. */
#define RB_FILTER " AND (?4 IS NULL OR rb.indicator LIKE ?4 ESCAPE '!' OR rb.area LIKE ?4 ESCAPE '!')" \
	" AND (?18 IS NULL OR rb.year = CAST(?18 AS INTEGER))"
#define RB_ORDER " ORDER BY rb.year DESC, rb.id"
/* ?20: a member (query_list.parent_id) named in the designation's 党员. */
#define DG_FILTER                                                                                    \
	" AND (?4 IS NULL OR dg.name LIKE ?4 ESCAPE '!' OR e.name LIKE ?4 ESCAPE '!')"                  \
	" AND (?5 = 0 OR c.id = ?5 OR c.parent_id = ?5) AND (?15 = 0 OR dg.enterprise_id = ?15)"       \
	" AND (?18 IS NULL OR dg.kind = ?18) AND (?20 = 0 OR EXISTS (SELECT 1 FROM designation_member dm"  \
	" WHERE dm.designation_id = dg.id AND dm.member_id = ?20))" DATE_RANGE("dg.granted")
#define DG_ORDER " ORDER BY dg.granted DESC, dg.kind, dg.name, e.uscc"
#define VN_FILTER                                                                                    \
	" AND (?4 IS NULL OR o.name LIKE ?4 ESCAPE '!' OR vn.address LIKE ?4 ESCAPE '!')"               \
	" AND (?5 = 0 OR " SCOPE_ORG_IN_REGION("o", "?5") ") AND (?14 = 0 OR vn.org_id = ?14)"
#define VN_ORDER " ORDER BY o.name_key, o.name"

#define TRAINEE_FILTER " AND (?4 IS NULL OR te.name LIKE ?4 ESCAPE '!' OR tr.name LIKE ?4 ESCAPE '!')" \
	" AND (?15 = 0 OR te.enterprise_id = ?15)"
#define TRAINEE_ORDER " ORDER BY tr.start_date DESC, tr.name, te.person_key"
/* LEDGER_TRAINEE_FROM with the trainings outside (training_order, unique), their trainees by
 * (training_id, person_key) inside: the walk of the trainees' list (store/query.c PK_PARTY_WALK). */
#define TRAINEE_WALK                                                                                 \
	" FROM training tr CROSS JOIN trainee te LEFT JOIN enterprise e ON e.id = te.enterprise_id"      \
	" LEFT JOIN region c ON c.id = e.community_id"
#define TRAINEE_WALK_JOIN "te.training_id = tr.id AND "

/* The statements of a party-work ledger (table alias a): its columns (ledger_sql.h), the row id
 * and the version. Rows are reached by id only: their keys have up to four parts. The row id is
 * last in every order, so that the order is total (a page walked backwards from the end is the
 * same rows as walked forwards: store/query.c party_page). */
#define PARTY_SQL(cols, from, a, scope, filter, order)                                               \
	{"SELECT count(*)" from " WHERE " scope filter,                                                  \
	 "SELECT " cols ", " a ".id, " a ".version" from " WHERE " a ".id IN (SELECT " a ".id" from       \
		 " WHERE " scope filter order ", " a ".id LIMIT ?12 OFFSET ?13)" order ", " a ".id",    \
	 "SELECT " cols ", " a ".id, " a ".version" from " WHERE " a ".id = ?10 AND " scope, NULL}

#endif
