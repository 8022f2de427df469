/* Internals shared by the store's files. Not for use outside src/store. */
#ifndef FGDJ_STORE_INT_H
#define FGDJ_STORE_INT_H
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>

#include "store/rating_store.h"
#include "store/sql.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/keymap.h"
#include "util/strmap.h"

/* Prepared statements a connection keeps (store_st: one per static SQL text it ran). Above the
 * number of store_st's call sites (≈ 270), so that a long-lived connection — a web worker's — that
 * runs each of them in time never finds the cache full. */
#define STORE_MAX_STMTS 512

/* A ledger row read back: values packed in one buffer. */
typedef struct rowtext {
	buf b;
	long off[LEDGER_MAXCOLS]; /* -1 = NULL */
	ledger_rec rec;
	int64_t id;
	int locked; /* read under its lock (store_locks_rows): what a write overwrites */
} rowtext;

struct store {
	sqlite3 *db;
	sql_db *sql;      /* the same connection through the statement interface of both backends (sql.h) */
	char *path;
	struct {
		const char *sql; /* static string: cached by address */
		sql_st *st;
	} stmts[STORE_MAX_STMTS];
	int nstmts;
	int in_tx;
	int read_depth;   /* store_read_begin pairs open */
	int read_tx;      /* 1 when the outermost pair began a read transaction (not inside a write) */
	int64_t read_stamp; /* with read_tx: store_history_last_id of its snapshot, read as it began */
	/* Facts to keep (store/kept_store.c): store_keep_facts on (the command line's), and what the
	 * reads of this moment left to keep, written once the outermost read ends. */
	int keep_facts;
	struct kept_pending *kept;
	size_t nkept;
	char *who, *source;
	char now[32];     /* timestamp of the current transaction */
	strmap regions;   /* "street\x1fcommunity" / "street" → region id, valid within a transaction */
	strmap zones;     /* zone name → id */
	rowtext old_row;  /* scratch for store_put */
	/* store_put after store_ordered_reads: the stored rows of one ledger read in key order by one stepping
	 * statement (ledger_store.c, store_load_row_seq), so that a file sorted by its key, as exports
	 * are, costs one step per row instead of a lookup. Keys strictly between lo (or from lo, when
	 * lo_incl) and cur are known not to exist. */
	int bulk;
	int bulk_journal; /* store_bulk_journal switched this connection to the rollback journal */
	int bulk_read;    /* store_bulk: the small cache, until store_bulk_write */
	char *deferred[4]; /* store_bulk_indexes: the statements that make the dropped indexes again */
	int ndeferred;
	struct {
		sql_st *st; /* on a row (at), else idle */
		int kind, at, consumed, lo_set, lo_incl;
		int bare; /* st is SEQ_BARE's (ledger_store.c): the joins' texts are put in by id */
		/* SQLite: SEQ_BARE's rows in row id order, on the one after the last row found (rows
		 * are mostly stored in the order a file lists them: that row is then the next one
		 * sought, and costs a step of the table alone). */
		sql_st *rid;
		int rid_kind, rid_miss;
		buf cur_text; /* store_seq_same: a column's canonical text */
		buf cur, lo;
	} seq;
	buf put_district; /* store_put: the 所属区县 an enterprise's street implies */
	/* store_load_row_seq on SQLite: the texts a ledger row's joins give (an enterprise's community
	 * and zone, a member's employer and organisation), read once per id in a transaction:
	 * by lookup, id → 1 + index in names_v (0: not read), whose offsets point into names_text
	 * (-1 = NULL). */
	struct {
		uint32_t *at;
		size_t cap;
		size_t asked; /* look-ups not found kept */
	} names[4];
	struct name_texts {
		long off[3];
		size_t len[3];
	} *names_v;
	size_t names_n, names_cap;
	buf names_text;
	/* Name-search rows written by this transaction, applied to the FTS5 tables at commit (or before
	 * a list is read inside the write): written row by row, every later statement that opens a
	 * statement journal made FTS5 flush its pending terms (a savepoint), once per row. */
	struct search_row {
		int kind, del;
		int64_t id;
		char *words;
	} *search_q;
	size_t search_n, search_cap;
	int keep_closing; /* store_keep_closing: this transaction's writes keep stored closing columns */
	/* The schema version up to which the district_id columns exist (extras.c DISTRICTS: a step's
	 * columns are kept from its version on): the version the database was at when opened, raised by
	 * each district fill as its migration runs. */
	int districts_at;
	int fresh[LEDGER_NKINDS]; /* store_ledger_empty: -1 unknown, 1 empty when this transaction first asked */
	/* put_member: 1 when every secretary's and training participant's 公民身份号码 was a member's
	 * (a new member then links none of them), 0 when not, -1 unknown; asked at the 64th new member
	 * of a transaction (an import), forgotten when a secretary or participant is written. */
	int people_linked;
	int new_members; /* of this transaction */
	strmap fresh_keys;        /* keys written to such a ledger in this transaction */
	int is_city;              /* in a write transaction: -1 unknown, else store_region_is_city's answer */
	strmap ids;               /* (statement, text) → row id found in this transaction */
	store_filter scope;       /* the current write transaction's scope (store_scope_set) */
	int scoped;               /* 1 when scope is narrower than the district */
	unsigned place_kinds;     /* places.h: kinds store_put may create in this transaction */
	int64_t place_street;     /* ... communities only in this street (0 = any) */
	buf places_new;           /* places store_put created in this transaction, one per line */
	/* party_store.c, valid within a transaction: the members of one organisation — today's and
	 * those its history or transfers place in it at some time — (meetings name their attendees
	 * by ID number), and the hours to add to member_hours at commit. */
	int64_t roster_org;       /* 0: none loaded */
	char roster_founded[16];  /* its 成立日期 ("" when none) */
	keymap roster;            /* (ledger_idno_key of the 公民身份号码, 0) → index in roster_v */
	struct roster_member {
		int64_t id;
		int joined;       /* day number of 入党日期 */
		int closed;       /* day number of 减少日期 (member.closed), DATE_NONE when open */
		int lodged;       /* its 所在党组织 is the organisation today */
		size_t ev, nev;   /* its changes of 所在党组织 in roster_ev, oldest first */
		size_t tf, ntf;   /* its completed transfers into or out of the organisation in roster_tf */
	} *roster_v;
	size_t roster_n, roster_cap;
	struct roster_event {
		int day;          /* recorded (history) or completed (transfer) on this day */
		int in;           /* history: lodged in the organisation before the change; transfer: 转入 */
	} *roster_ev, *roster_tf;
	size_t roster_nev, roster_cap_ev, roster_ntf, roster_cap_tf;
	keymap hours;             /* (year, member id) → tenths */
	strmap tally;             /* (year, organisation id) as bytes, kind → index in tally_m */
	int (*tally_m)[12];       /* new meetings per month, to add to meeting_tally at commit */
	size_t tally_n, tally_cap;
	strmap dues_dirty;        /* (year, member id) as bytes: dues_year rows to rebuild at commit */
	strmap xm_dirty;          /* 公民身份号码s whose roster lines to reclassify at commit */
	/* scan_orgs.c, valid within one read transaction (read_tx): store_scan_orgs' rows on orgs_as_of,
	 * kept by the first scan and replayed by the next ones (a work report's statistics, findings
	 * and plan each read the organisations on the same day); orgs_kept_formal: with the formal
	 * members counted (store_scan_orgs), else formal -1 (store_scan_orgs_units: replayed only to
	 * its like). */
	struct org_fact *orgs_v;  /* strings owned, in orgs_text */
	size_t orgs_n, orgs_cap;
	int orgs_as_of, orgs_kept, orgs_kept_formal;
	buf orgs_text;
	/* The formal members of each organisation on orgs_formal_as_of (ORG_FORMAL_WHERE), by org id
	 * (orgs_formal_n of them), counted by store_subjects_members' pass over member in the read
	 * transaction: store_scan_orgs does not count them again. NULL: not counted. */
	int *orgs_formal;
	size_t orgs_formal_n;
	int orgs_formal_as_of;
};

/* Forgets store_scan_orgs' kept rows (the read transaction ended; the store closes). */
void store_scan_forget(store *s);

/* Forgets the organisation roster party_store.c keeps (a member was written). */
void store_roster_forget(store *s);
/* Schema v19: each meeting's meeting_attendee rows become its attendees list, and the table
 * goes (party_store.c). */
int store_meeting_attendees_fill(store *s, fg_err *e);
/* Adds the hours gathered in the transaction to member_hours; store_commit calls it. */
int party_hours_flush(store *s, fg_err *e);
/* Forgets the hours gathered (a rollback). */
void party_hours_forget(store *s);
/* Schema v30: adds meeting_tally.packed, dues_year.bits and roster_candidate.flags when missing,
 * sets packed and empties dues_year (rebuilt by the v30 fill that follows). */
int store_kept_ints_fill(store *s, fg_err *e);
/* A migration's fill: adds column def ("name TYPE …") to table unless the table has it already
 * (so that a migration can run again on a database whose version was set back). SQLite only. */
int store_column_add(store *s, const char *table, const char *def, fg_err *e);
/* Adds the meetings counted in the transaction to meeting_tally; store_commit calls it. */
int party_tally_flush(store *s, fg_err *e);
/* Forgets the transaction's meeting counts (rollback, close). */
void party_tally_forget(store *s);
/* Rebuilds the dues_year rows of the member-years whose dues the transaction wrote
 * (dues_store.c); store_commit calls it. */
int dues_year_flush(store *s, fg_err *e);
/* Marks the roster lines of 公民身份号码 idno for reclassification at commit (a roster line or a
 * member record of that number was written): roster_candidate keeps the lines whose class is not
 * XM_NONE on some day (core crossmatch_candidate), and store_scan_roster_matches reads only those. */
void store_xm_touch(store *s, const char *idno);
/* A cross-match decision written (crossmatch_store.c) or replayed (asrecorded.c): ?1 the USCC,
 * ?2 the ID number, ?3 … ?8 the fields named by CROSSMATCH_DECISION_KEYS, in that order. */
#define CROSSMATCH_DECISION_PUT                                                                      \
	"INSERT INTO crossmatch_decision(enterprise_id, idno, class, decision, decided_on, who, campaign, note)" \
	" SELECT e.id, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM enterprise e WHERE e.uscc = ?1"                  \
	" ON CONFLICT (enterprise_id, idno) DO UPDATE SET class = excluded.class, decision = excluded.decision," \
	" decided_on = excluded.decided_on, who = excluded.who, campaign = excluded.campaign, note = excluded.note"
#define CROSSMATCH_DECISION_KEYS "class", "decision", "decided_on", "who", "campaign", "note"
/* Recomputes the stored pinyin sort key (name_key) of every enterprise, organisation and member
 * (core/collate.h): the v21 migration, after numbers began to sort by value. */
int store_name_keys_fill(store *s, fg_err *e);
/* Migration `version` (1 … store_schema_version()): its statements, NULL-terminated (NULL for
 * another number), and its fills run on s (schema.c); a database is upgraded one migration at a
 * time, statements then fills, in one transaction per migration. */
const char *const *store_migration(int version);
/* Migrations 1 … STORE_EARLY_N (schema_early.c); the later ones are schema.c's. */
#define STORE_EARLY_N 20
extern const char *const *const STORE_EARLY_MIGRATIONS[STORE_EARLY_N];
int store_migration_fill(store *s, int version, int latest, fg_err *e);
/* v33: name_key of regions, zones, instructors and campaigns (each column added when missing),
 * so that every list sorts by stored keys and no query needs a collation of SQLite's own. */
int store_place_keys_fill(store *s, fg_err *e);
/* v23: the closing columns of the four ledgers, each added when missing (close_store.c). */
int store_closing_columns_fill(store *s, fg_err *e);
/* Schema v32: dues.member_key (when missing), every row's from its member, and dues_order
 * (store/party_store.c). */
int store_dues_member_key_fill(store *s, fg_err *e);
/* A history row's stored JSON (old / new) as an object (a new reference), or NULL when it is
 * missing or not an object (scan.c; the as-of versions and the --as-recorded replay read it). */
json_t *store_json_object(const char *text);
/* Deletes roster line id and its candidate row, without a history entry (the caller writes it). */
int roster_line_delete(store *s, int64_t id, fg_err *e);
/* Reclassifies the roster lines of the ID numbers store_xm_touch marked (crossmatch_store.c). */
int roster_candidates_flush(store *s, fg_err *e);

/* The list rows' extras kept on write (extras.c, schema v26): store_extras_setup marks, for this
 * connection, every item a write touches (temporary triggers); store_extras_flush recomputes the
 * extras of the marked items (store_commit calls it, and a read inside a write); store_extras_fill
 * marks every item and recomputes (the v26 migration). */
int store_extras_setup(store *s, fg_err *e);
/* SQLite: the connection's marking triggers dropped (a restore replaces the tables they are on;
 * store_extras_setup makes them again). */
void store_extras_unset(store *s);
/* The session's tables the marking triggers write to (store_extras_setup's first step), for a
 * connection that writes rows without being a store (a copy into PostgreSQL). */
int store_extras_marks(sql_db *sql);
/* PostgreSQL: the marking triggers as functions and triggers of the schema (";\n"-ended statements);
 * they write to the session's tables that store_extras_setup makes. */
void store_extras_pg_ddl(buf *out);
int store_extras_flush(store *s, fg_err *e);
int store_extras_fill(store *s, fg_err *e);
/* What the store keeps that depends on the database's schema version (the version it is at, before
 * its migrations run): s->districts_at. */
void store_schema_at(store *s, int version);
/* SQLite: wait for another writer up to the busy timeout (on), or not at all (off: a write that
 * may as well not happen, store/kept_store.c, gives way at once). Nothing on PostgreSQL. */
void store_busy_wait(store *s, int on);
/* The facts left to keep by this read moment written (store/kept_store.c), at its end. */
void store_facts_kept_flush(store *s);
/* Every kept fact forgotten: after a schema upgrade (store_migrate, store_pg_migrate). */
#define STORE_KEPT_FORGET "DELETE FROM facts_kept"
/* … or dropped unwritten (store_close). */
void store_facts_kept_drop(store *s);
/* Migration `version`'s district_id columns (v35: enterprise, org and member; v36: dues and meeting;
 * v37: study and development; v38: transfer and visit; extras.c DISTRICTS) added, every row of their
 * tables marked and its district written; nothing for another version. */
int store_districts_fill(store *s, int version, fg_err *e);
/* 1 when table's district_id column is kept (its step of extras.c DISTRICTS applied). */
int store_district_kept(const store *s, const char *table);
/* Recomputes, in a transaction of its own, what was marked outside store_begin … store_commit
 * (a migration after v26); store_open calls it. */
int store_extras_pending(store *s, fg_err *e);

/* The database's name in the keys of what a process keeps across requests (lists, places); NULL
 * when what is read now may not be kept: inside a write transaction (it may be rolled back) or on
 * an unnamed database in memory. */
const char *store_cache_name(store *s);
/* A prepared statement for a static SQL string, reset and with bindings cleared. */
sql_st *store_st(store *s, const char *sql);
/* Closing (close_store.c): record id of the links CLOSE_LINKS[first..first+n) (0 enterprise: 2,
 * 2 organisation: 1, 3 instructor: 1) was closed on `was` and is on `now` (NULL: open): closing ends
 * its open links on that day, reopening revives those closing ended. */
int store_closing_links(store *s, int first, int n, int64_t id, const char *was, const char *now, fg_err *e);
/* FG_EINPUT naming the current members and child organisations that keep organisation id open. */
int store_org_close_refused(store *s, int64_t id, const char *name, fg_err *e);
/* PostgreSQL: runs pg_sql, a statement that locks rows (… ORDER BY id FOR NO KEY UPDATE) or takes
 * a transaction's advisory lock, with ?1 bound to key (text) when not NULL, else to id when not 0;
 * nothing on SQLite, where
 * the one writer holds the whole database. Writers run side by side on PostgreSQL: what a kept table
 * is recomputed from is locked first, so that the recomputation begins after every other writer of
 * it has committed (docs/postgresql.md, "并发写入"). */
int store_lock(store *s, const char *pg_sql, int64_t id, const char *key, fg_err *e);
/* The locking clause of store_lock's statements (PostgreSQL): waits for a writer of the row, lets
 * inserts that merely reference it (foreign keys) through. */
#define STORE_LOCK_ROWS " ORDER BY id FOR NO KEY UPDATE"
/* PostgreSQL, inside a write, a ledger with versioned rows: store_locks_rows is 1 (0 elsewhere),
 * store_lock_row locks the row of kind with that id, and store_lock_read locks the row that st (bound, reading rows of
 * kind with the row id after the ledger's columns; id when known) reads, and reads it — the caller
 * then steps st from its first row, not run again: what a save checks (the version, the old values
 * of the history) is then what it overwrites, and a second save of the row waits for the first to
 * commit and reads its row (docs/postgresql.md). A row moved to another district's partition while
 * the lock waited (docs/scaling.md) is locked again by its id and read again. */
int store_locks_rows(const store *s, ledger_kind kind);
int store_lock_row(store *s, ledger_kind kind, int64_t id, fg_err *e);
int store_lock_read(store *s, ledger_kind kind, sql_st *st, int64_t id, fg_err *e);
/* After the statement that followed store_lock_row has been answered: 1 when the lock found no row
 * — on PostgreSQL, the row moved to another district's partition while the lock waited (a deleted
 * row is not locked by anyone): the caller locks it again, at most STORE_LOCK_MOVES times, and reads
 * again what it read after the lock —, else 0. */
int store_lock_missed(const store *s);
/* The most times a row that moved while it was being locked is locked again. */
#define STORE_LOCK_MOVES 8
/* Fills e with the database's message, prefixed by what we were doing. Returns FG_EFAIL. */
int db_err(store *s, fg_err *e, const char *doing);
/* Ends a scan: resets the statement and turns a failed step into an error (unless the callback
 * stopped the scan, whose value is returned). */
int scan_fin(store *s, sql_st *st, int rc, int ret, fg_err *e, const char *doing);
/* 1 when `one` (a statement whose ?1 is a year, answering whether the table's first and last
 * keys are of that year) says so: the year's rows are then the whole table, read without the
 * range test per row (the kept totals by year: member_hours, meeting_tally, dues_year). 0 on an
 * error (the range is read then). */
int store_only_year(store *s, const char *one, int year);
/* A date column (text YYYY-MM-DD) as a day number; DATE_NONE when NULL or unreadable. */
int store_day(sql_st *st, int i);
int store_migrate(store *s, fg_err *e);
/* Appends a history row in the current transaction. */
int store_hist(store *s, const char *tbl, const char *key, const char *op, const char *old_json,
	       const char *new_json, fg_err *e);

/* Reads the statement's current row as canonical text (the importer's form): def->ncols columns
 * in ledger column order, then the row id (ledger_store.c; query.c reads its lists with it). */
void store_row_read(rowtext *r, sql_st *st, const ledger_def *def);
/* The stored row of one of the four base ledgers with key's key columns, into r (1 found, 0 not). */
int store_load_row(store *s, const ledger_def *def, const ledger_rec *key, rowtext *r);
/* store_load_row of the row whose id is known (read before without its lock: r->locked 0): read
 * again under its lock where rows are locked (store_locks_rows; one round trip), followed to its new
 * place when it moved meanwhile; 0 when it is gone. */
int store_reload_row(store *s, const ledger_def *def, const ledger_rec *key, int64_t id, rowtext *r);
/* The id that sql (one text parameter) finds for v, 0 when none; hits are remembered for the
 * transaction (ledger_write.c). */
int64_t store_id_by_text(store *s, const char *sql, const char *v);
/* store_load_row by the ordered statement of store_ordered_reads (same SELECT, same rows; without a
 * lock: r->locked 0); falls back to a lookup for an unordered key. store_seq_forget drops what it knows (an insert, the end of a
 * transaction). */
int store_load_row_seq(store *s, const ledger_def *def, const ledger_rec *key, rowtext *r);
/* 1 when the main table of ledger kind (db.c's LEDGER_TABLES, one per ledger) is empty: inside a write transaction, when it was empty when
 * the transaction first asked (the answer is kept until the transaction ends: what the transaction
 * wrote to it since is its own, store_fresh's keys); outside, now (db.c). */
int store_ledger_empty(store *s, ledger_kind kind);
/* 1 when the row of ledger kind whose key is key (its bytes as the table's unique key compares
 * them; key gets a suffix) certainly does not exist yet: its table was empty when this transaction
 * first asked (store_ledger_empty), and the key has not been asked for since (the caller writes
 * it). A first import then costs no lookup per row. Its callers are the ledgers whose first import
 * skips the lookup of each row: the four main ledgers (store_put), dues, rosters and meetings (party_put). */
int store_fresh(store *s, ledger_kind kind, buf *key);
void store_seq_forget(store *s);
/* 1 when the row the ordered reading of store_load_row_seq is on — the one after the last row
 * found, in row id order (SQLite) — has rec's key and reads back exactly as rec: the row is
 * unchanged, and the reading moves on. 0 otherwise (the caller loads the row and compares). */
int store_seq_same(store *s, const ledger_def *def, const ledger_rec *rec);
/* Forgets the texts store_load_row_seq keeps by id (the transaction ended, or a name they hold may
 * have changed: an organisation or a place renamed, merged or made). */
void store_names_forget(store *s);
/* An enterprise's street as the writers and the scope resolve it: "区县/街道" when it has a 所属区县,
 * else the street alone (ledger_write.c). */
void store_ent_street_path(const ledger_rec *rec, buf *out);
/* Applies the transaction's queued name-search rows (ledger_write.c); store_search_forget drops
 * them (rollback). */
int store_search_flush(store *s, fg_err *e);
void store_search_forget(store *s);
/* Binds the pinyin sort key stored beside a name (lists sort with memcmp). */
void store_bind_name_key(sql_st *st, int idx, const char *name);
/* Registers search_words(name) on a SQLite connection (sql_functions.c). */
int store_sql_functions_register(sqlite3 *db);
/* Registers fg_ent_sets and fg_cov_state, the statistics' rules as SQL functions (figure_sql.c). */
int store_figure_functions_register(sqlite3 *db);

/* A street (parent 1) or a community of a street by name: its id, or 0. */
int64_t store_region_lookup(store *s, int64_t parent, const char *name);
/* A community by its name alone: its id, 0 when missing, -2 when several have the name. */
int64_t store_community_by_name(store *s, const char *name);
/* A place store_put did not find (kind a place_kind of places.h; street_id the parent of a
 * community; zone_kind the kind of a zone): its new id when the transaction's grant allows it, else
 * -FG_EINPUT with the nearest existing names in e (-FG_EFAIL when the database fails). */
int64_t place_missing(store *s, int kind, int64_t street_id, const char *name, const char *zone_kind, fg_err *e);
/* The refusal of a place nobody may create here (an organisation's): FG_EINPUT with the nearest
 * names of that kind (communities of street_id when it is not 0). */
int place_unknown(store *s, int kind, int64_t street_id, const char *name, fg_err *e);
/* 1 when a district named in a file may be created below a root that is still a single district
 * with no street (it then becomes the city, place_missing): the import was granted districts. */
int place_city_allowed(store *s);
/* A street or community named by a record that never creates one (places.c): its id and canon
 * ("街道" or "街道/社区"), or 0 with e naming the nearest places. */
int64_t place_region_named(store *s, const char *name, buf *canon, fg_err *e);
/* Binds a canonical value as its column's SQL type (ledger_store.c). */
void store_bind_value(sql_st *st, int idx, const ledger_col *col, const char *v);
/* The history row of a ledger write: every field of a new row (old NULL), the changed ones else. */
int store_put_history(store *s, const ledger_def *def, const ledger_rec *old, const ledger_rec *rec, fg_err *e);
/* The party-work ledgers' writer and their store_each statement (party_store.c). */
int party_put(store *s, const ledger_def *def, const ledger_rec *rec, int today, put_result *res, int *bad_col,
	      fg_err *e);
const char *party_select_all(ledger_kind kind);

/* A ratings row on its way in (rating_store.c): its year's rubric, the resolved scores (tenths, -1
 * not given, one per rubric item), and the canonical scores and total the row now points to. */
typedef struct rating_put {
	rubric rb;
	int *scores;
	buf text;
	char total[16];
} rating_put;
/* Resolves the row's indicator cells against its year's rubric, checks a typed 总分 and 星级 and the
 * organisation's founding; then points rec's scores and total at the canonical text in rp and
 * clears its stars. An error in an indicator cell sets *bad_col to LEDGER_MAXCOLS + the item's
 * index in the dynamic value (store_put's contract). */
int rating_put_check(store *s, ledger_rec *rec, int64_t org_id, rating_put *rp, int *bad_col, fg_err *e);
/* Replaces the stored scores of a rating with rp's. */
int rating_put_scores(store *s, int64_t rating_id, const rating_put *rp, fg_err *e);
void rating_put_free(rating_put *rp);

/* {"field": value} as a JSON string (caller frees), or NULL when value is NULL. */
char *hist_json1(const char *field, const char *value);

/* A number macro spelled as text, for SQL built at compile time. */
#define SPELL_(x) #x
#define SPELL(x) SPELL_(x)

/* The statement store_history_last_id runs (history_query.c): the read transaction's begin runs it
 * too, in the same round trip, as the statement that takes its snapshot (db.c). */
const char *store_stamp_sql(const store *s);

#endif
