/* A record's id from its key: the record a key names, in the user's scope (query_visible) or in the
 * whole database (query_key_id, for imports and saves that must know whether the key exists). One
 * statement per ledger, naming the key columns the ledger's column table marks COL_KEY. */
#include <stdint.h>

#include "core/ledger.h"
#include "store/query.h"
#include "store/store_int.h"
#include "util/date.h"

static int take_id(void *ctx, const query_row *row)
{
	*(int64_t *)ctx = row->id;
	return 0;
}

int64_t query_visible(store *s, ledger_kind kind, const store_filter *scope, const char *key)
{
	int64_t id = 0;
	fg_err e;
	query_get(s, kind, scope, 0, key, date_today(), take_id, &id, &e);
	return id;
}

int64_t query_key_id(store *s, const ledger_def *def, const ledger_rec *rec)
{
	static const char *const KEY_SQL[LEDGER_NKINDS] = {
		"SELECT id FROM enterprise WHERE uscc = ?1",
		"SELECT id FROM org WHERE name = ?1",
		"SELECT id FROM member WHERE idno = ?1",
		"SELECT id FROM instructor WHERE name = ?1 AND unit = ?2",
		"SELECT mt.id FROM meeting mt JOIN org o ON o.id = mt.org_id WHERE o.name = ?1 AND mt.kind = ?2"
		" AND mt.date = ?3 AND mt.topic = ?4",
		"SELECT st.id FROM study st JOIN member m ON m.id = st.member_id WHERE m.idno = ?1 AND st.date = ?2"
		" AND st.content = ?3",
		"SELECT sy.id FROM secretary sy JOIN org o ON o.id = sy.org_id WHERE o.name = ?1 AND sy.since = ?2",
		"SELECT vi.id FROM visit vi JOIN instructor i ON i.id = vi.instructor_id JOIN enterprise e ON"
		" e.id = vi.enterprise_id WHERE i.name = ?1 AND i.unit = ?2 AND e.uscc = ?3 AND vi.date = ?4",
		"SELECT id FROM training WHERE name = ?1 AND start_date = ?2",
		/* ?3: the person (ledger_key), as the store keys a trainee */
		"SELECT te.id FROM trainee te JOIN training tr ON tr.id = te.training_id WHERE tr.name = ?1"
		" AND tr.start_date = ?2 AND te.person_key = ?3",
		"SELECT id FROM development WHERE idno = ?1",
		"SELECT tf.id FROM transfer tf JOIN member m ON m.id = tf.member_id WHERE m.idno = ?1 AND tf.letter_date = ?2",
		/* ?2: the month as canonical text (2026-03); stored as yyyymm */
		"SELECT du.id FROM dues du JOIN member m ON m.id = du.member_id WHERE m.idno = ?1"
		" AND du.month = CAST(replace(?2, '-', '') AS INTEGER)",
		"SELECT id FROM campaign WHERE name = ?1",
		"SELECT tk.id FROM task tk JOIN campaign cp ON cp.id = tk.campaign_id JOIN enterprise e"
		" ON e.id = tk.enterprise_id WHERE cp.name = ?1 AND e.uscc = ?2",
		"SELECT rl.id FROM roster_line rl JOIN enterprise e ON e.id = rl.enterprise_id WHERE e.uscc = ?1 AND rl.idno = ?2",
		"SELECT fu.id FROM funding fu JOIN org o ON o.id = fu.org_id WHERE o.name = ?1 AND fu.date = ?2 AND fu.kind = ?3",
		"SELECT id FROM rubric_item WHERE year = CAST(?1 AS INTEGER) AND indicator = ?2",
		"SELECT rt.id FROM rating rt JOIN org o ON o.id = rt.org_id WHERE o.name = ?1 AND rt.year = CAST(?2 AS INTEGER)",
		"SELECT dg.id FROM designation dg JOIN enterprise e ON e.id = dg.enterprise_id WHERE dg.kind = ?1"
		" AND dg.name = ?2 AND e.uscc = ?3",
		"SELECT vn.id FROM venue vn JOIN org o ON o.id = vn.org_id WHERE o.name = ?1",
	};
	sql_st *st = store_st(s, KEY_SQL[def->kind]);
	int n = 0;
	for (size_t i = 0; i < def->ncols; i++)
		if (def->cols[i].flags & COL_KEY)
			sql_bind_text(st, ++n, rec->f[i]);
	buf person = {0};
	if (def->kind == LEDGER_TRAINEES) {
		ledger_trainee_person(rec, '/', &person);
		sql_bind_text(st, ++n, buf_cstr(&person));
	}
	int64_t id = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
	sql_reset(st);
	buf_free(&person);
	return id;
}
