/* store — the only module that speaks SQL. One store is one connection to one database file;
 * it is not shared between threads (web workers open their own).
 * Every write happens inside store_begin/store_commit and leaves history rows written in the
 * same transaction, attributed to the "who" and "source" given to store_begin. */
#ifndef FGDJ_STORE_H
#define FGDJ_STORE_H
#include <stdatomic.h>
#include <stdint.h>

#include "core/ledger.h"
#include "core/metrics.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct store store;
/* The kinds of change store_changes_since (store/finding_store.h) saw, one bit each: past 31 of
 * them, so 64 wide. */
typedef uint64_t store_fields;

/* Opens (creating when missing) the database at path and brings its schema to the latest
 * version. WAL, foreign keys and a busy timeout are set. *out is freed with store_close. */
int store_open(const char *path, store **out, fg_err *e);
void store_close(store *s);
/* The path the store was opened with (owned by the store). */
const char *store_path(const store *s);
/* Online backup to path (a single self-contained file), read back and verified as a restore
 * would verify it (integrity, schema version). */
int store_backup(store *s, const char *path, fg_err *e);
/* FG_OK when store_backup and store_restore can copy this database (an SQLite file); else why not. */
int store_backup_supported(const store *s, fg_err *e);
/* 1 when target names a database server (postgresql://…) rather than an SQLite file. */
int store_is_server(const char *target);
/* The schema version (PRAGMA user_version) of the database file at path, or of the PostgreSQL
 * database it names (fgdj_schema), read without opening it as a store, which would migrate it: 0
 * for an empty file or database. */
int store_file_version(const char *path, int *version, fg_err *e);
/* 1 in *fresh when the PostgreSQL database is new: without fgdj's schema, or at this version and
 * holding nothing but what `fgdj init` writes (store_copy_to accepts both). Connects, disconnects. */
int store_pg_target_new(const char *conninfo, int *fresh, fg_err *e);

/* Copies the database file at path to dst as it stands, unmigrated, verified like store_backup:
 * the copy an upgrade takes before it migrates. */
int store_backup_file(const char *path, const char *dst, fg_err *e);
/* Replaces the whole database with the backup at path, after checking its integrity and schema
 * version (FG_EINPUT when it does not qualify: nothing is changed then). */
int store_restore(store *s, const char *path, fg_err *e);
/* Copies the whole database into the empty PostgreSQL database at target (a postgresql:// URI),
 * proved value by value before it commits (store/pg.h store_copy_to_pg); with logged, one history
 * row of its own records the copy (migrate --to), without, the history is the copied one alone
 * (a demo staged in SQLite); report hears each table. */
int store_copy_to(store *s, const char *target, const char *who, int logged,
		  void (*report)(void *ctx, const char *table, int64_t rows), void *ctx, fg_err *e);
/* The schema version this program creates. */
int store_schema_version(void);
/* Prepares the connection for a bulk write (an import, demo data): a larger page cache from its
 * first write on (store_bulk_write), a small one while it only reads (an unchanged re-import). */
void store_bulk(store *s);
/* After store_bulk, before a bulk write's first write: the bulk write's page cache (the writers
 * call it; a command that writes every row may call it at once). */
void store_bulk_write(store *s);
/* Before a bulk command's first store_open (SQLite is configured once a process), when it will
 * write a file of file_bytes into SQLite: that cache for the whole process in one block of huge
 * pages, sized for the file (at most the cache's size). */
void store_bulk_memory(size_t file_bytes);
/* Prepares the connection of a command that reads whole tables once (statistics, reports, checks):
 * SQLite reads the file mapped into memory, pages where the kernel keeps them, instead of copying
 * each through its own cache with a system call. Not for a server: the mapping would count the
 * file in its resident memory. Nothing on PostgreSQL. */
void store_mapped_reads(store *s);
/* Prepares a connection of the web server, one per worker thread: a small page cache (2 MiB, or
 * FGDJ_CACHE_KIB KiB when that is set to a number from 256 to 1048576), since the server keeps its
 * computed results itself and reads pages one request at a time — the default 16 MiB per connection
 * counted in its peak memory for little speed. The operating system caches the file either way.
 * Nothing on PostgreSQL (its cache is the server's). */
void store_server_cache(store *s);
/* Prepares the connection of a command that reads its tables once, each straight through (fgdj
 * stats): SQLite's page cache of 1 MiB instead of 16 — each page is copied in by one read and not
 * read again, and a small cache is reused while it is still in the processor's caches instead of
 * being faulted in page after page (city scale: ≈ 4 % less CPU, BENCHMARKS.md). Nothing on
 * PostgreSQL. */
void store_single_pass(store *s);
/* Every statement on s fails (FG_EFAIL to its caller) once *stop is non-zero, set by another
 * thread to end s's owner's computation at once (the server's refresher at a stop): sql_stop_on. */
void store_stop_on(store *s, const atomic_int *stop);
/* on 1, before a write transaction that writes much (the demo, the import of a file of 16 MB and
 * more): when no other connection has the database open, SQLite journals it by rollback instead of
 * the write-ahead log — the data written once, not twice, and no log as large as the data — and 1
 * is returned; 0 (the log kept, nothing changed) when another connection is open. While it runs, a
 * connection that opens the database waits for it (up to the busy timeout, then store_open says
 * why). on 0, after the transaction: back to the log. Nothing on PostgreSQL. */
int store_bulk_journal(store *s, int on);
/* For the current write transaction (an import of a ledger file, every key once): store_put reads
 * the stored rows of the enterprise, organisation and member ledgers in key order with one stepping
 * statement, which must not meet DDL or a DELETE of those tables before the transaction ends. */
void store_ordered_reads(store *s);
/* For the current write transaction, before its first row of ledger k, when store_bulk_journal
 * switched the connection (a large file, nothing else on the database) and k's table is empty: the
 * table's secondary indexes that nothing reads while its rows are written are dropped, and made
 * again by store_commit from their stored definitions — one sort at the end instead of an insert
 * at a random place per row. A rollback brings them back with the rest. Nothing otherwise. */
void store_bulk_indexes(store *s, ledger_kind k);

/* Transactions. who names the user ("命令行:root", "web:zhang"); source the file or page. */
int store_begin(store *s, const char *who, const char *source, fg_err *e);
int store_commit(store *s, fg_err *e);
void store_rollback(store *s);
/* 1 (once) when a write since the last call failed only because another writer's transaction
 * crossed it (PostgreSQL: deadlock 40P01, serialization 40001, lock not available 55P03): nothing
 * of it was kept, and running the same request again is safe. Always 0 on SQLite. */
int store_conflict_take(store *s);

/* One moment for many reads: every statement between store_read_begin and store_read_end sees the
 * database as it was when store_read_begin returned (a deferred read transaction whose snapshot is
 * fixed at once), so the figures of one request or command never mix two commits. Pairs nest; only
 * the outermost pair begins and ends the transaction. Inside a write (store_begin) the pair is
 * free: on SQLite the one writer reads one state; on PostgreSQL a write is read committed (each
 * statement sees what other writers committed before it), and what it must read unchanged it
 * locks (store_int.h store_lock). store_begin inside a read is refused (a write
 * there could not see its own snapshot's successors): end the read first. A snapshot holds back
 * the WAL checkpoint, so keep it to one request or command. */
int store_read_begin(store *s, fg_err *e);
void store_read_end(store *s);
/* on: the facts this connection's reads load are kept in the database for the next command
 * (store/kept_store.h, docs/kept_figures.md) — the command line's; off (the default): read back
 * when kept, never written (the web server keeps its own in memory). */
void store_keep_facts(store *s, int on);

/* Settings: the value (caller frees) or NULL when unset. store_setting_set needs a transaction
 * and writes history. */
char *store_setting_get(store *s, const char *key);
/* Every stored setting that core/settings.h defines, each through apply(c, key, value) (each
 * module's apply ignores the keys of others), read in one statement. */
void store_settings_each(store *s, void (*apply)(void *c, const char *key, const char *value), void *c);
int store_setting_set(store *s, const char *key, const char *value, fg_err *e);
/* The rules' thresholds (core/rules.h) as the settings set them, over the defaults. */
struct rules_cfg;
void store_rules(store *s, struct rules_cfg *c);

typedef enum put_result { PUT_SAME, PUT_NEW, PUT_CHANGED } put_result;

/* Writes one ledger row (insert, or update matched by its key), resolving names to rows:
 * streets, communities and zones must exist unless the transaction was granted their creation
 * (store/places.h: an unknown one is refused with the nearest names); organisations, employers
 * and covered enterprises must exist. On such a reference error returns FG_EINPUT, sets *bad_col to
 * the offending column index of def and fills e; nothing of the row is written then.
 * A ledger with a COL_DYNAMIC column (ratings) may blame one item of that column's value: *bad_col
 * is then LEDGER_MAXCOLS + the item's index ("表头：值" items in order), so a file names its column.
 * today is the day number used to close and open coverage links and assignments.
 * A new row has version 1; every PUT_CHANGED adds 1 to it — a changed list of covered or assigned
 * enterprises too, as it is a column of the organisation's or instructor's row (query_row.version
 * reads it). */
int store_put(store *s, const ledger_def *def, const ledger_rec *rec, int today, put_result *res,
	      int *bad_col, fg_err *e);

/* The history entry of a new row: {"key":"value" or null, …} over def's columns in order — the
 * text SQLite's json_object gives for the same values. The caller frees it. */
char *store_history_json(const ledger_def *def, const ledger_rec *rec);

/* 1 when an organisation of that name exists. */
int store_org_exists(store *s, const char *name);

/* Renames an organisation (inside a write transaction; inside the transaction's scope). Everything
 * refers to it by id — members, coverage, its children, the party-work records, accounts — so
 * they follow; its history is logged under the new name as an update whose old value is the old
 * name, and store_history follows such entries back to the entries under the old name.
 * new_name must be canonical text (ledger_parse_value). FG_EINPUT when old_name is unknown (or
 * outside the scope) or new_name is taken; *changed is 0 when the names are the same. */
/* Deregistration (schema v23; docs/ledger-format.md "撤销、注销、减少"): closes the record of key
 * (USCC, organisation name, ID number, 姓名/派出单位) of the enterprises, orgs, members or instructors
 * on date with reason — one store_put with its history, in the caller's transaction and scope. An
 * organisation with current members or child organisations is refused; the links of an
 * organisation, instructor or enterprise end on the date. Reopen undoes a close made by mistake:
 * the links the close ended come back. */
/* For the current write transaction: a row whose closing date and reason (COL_CLOSING) are both
 * empty keeps those stored — a file without the columns, an edit form that does not show them. */
void store_keep_closing(store *s, int on);
int store_close_record(store *s, const ledger_def *def, const char *key, const char *date, const char *reason,
		       int today, fg_err *e);
int store_reopen_record(store *s, const ledger_def *def, const char *key, int today, fg_err *e);
int store_org_rename(store *s, const char *old_name, const char *new_name, int *changed, fg_err *e);

/* Which rows store_each visits. region_id: a region (district/street/community) subtree, 0 = all. */
typedef struct store_filter {
	int64_t region_id; /* 0 = all; -1 = none (a scope that is not territorial) */
	int64_t zone_id;
	int64_t org_id;    /* a secretary's organisation: its enterprises, members and itself; 0 = any */
	int64_t instructor_id; /* an instructor's account: writes only that instructor's visits; 0 = none */
	int closed;        /* store_each of the four ledgers: 1 = deregistered records too (含已撤销; schema
			      v23); 0 = the current ones. A NULL filter reads every row. */
} store_filter;

/* Calls fn for every row of the ledger in key order, as canonical text (the same text the
 * importer produces, so an export re-imports unchanged). Stops when fn returns non-zero and
 * returns that value. The rec is valid only during the call. */
typedef int (*store_rec_fn)(void *ctx, const ledger_rec *rec);
int store_each(store *s, const ledger_def *def, const store_filter *f, store_rec_fn fn, void *ctx,
	       fg_err *e);
/* The 行业 of the enterprises store_each visits, those with one only, in no particular order: fn
 * gets the enterprise's id, its 统一社会信用代码 and its 行业 text (both valid only during the call). */
typedef int (*store_industry_fn)(void *ctx, int64_t id, const char *uscc, const char *industry);
int store_each_industry(store *s, const store_filter *f, store_industry_fn fn, void *ctx, fg_err *e);

/* Appends a history row outside the ledgers (an unmasked export, a login). Needs a transaction. */
int store_log(store *s, const char *tbl, const char *key, const char *op, const char *detail_json,
	      fg_err *e);

typedef struct hist_entry {
	const char *at, *who, *tbl, *key, *op, *old_json, *new_json, *source;
} hist_entry;

/* History of one row: tbl is "enterprise", "org", "member" or "instructor"; key as written in the
 * ledger (USCC, organisation name, ID number, "姓名/派出单位"). Oldest first. */
int store_history(store *s, const char *tbl, const char *key, int (*fn)(void *ctx, const hist_entry *h),
		  void *ctx, fg_err *e);

/* Counts for the ledger summary. */
typedef struct store_counts {
	int64_t streets, communities, zones, enterprises, orgs, members, instructors, history;
} store_counts;
int store_counts_get(store *s, store_counts *c, fg_err *e);

/* The district's name (region 1) and setting it (needs a transaction). */
char *store_district_name(store *s);
int store_district_rename(store *s, const char *name, fg_err *e);


/* ---- scans for statistics and findings (store/scan.c) ---- */

/* Resolves --region: the name of the district, a street, a community ("街道/社区" for one of
 * several of that name) or a zone, optionally prefixed by its kind ("街道:湖岗街道", "社区:…",
 * "区域:某园区"). A plain name must be unique across kinds, else FG_EINPUT lists the choices.
 * Fills f and *label (caller frees; the name without prefix). NULL or "" means the district. */
int store_region_resolve(store *s, const char *name, store_filter *f, char **label, fg_err *e);
/* The region ids of the districts (a city's; a district's own root when it is one), in id order:
 * *ids (caller frees), their number returned. */
size_t store_districts(store *s, int64_t **ids);

/* Every enterprise of the filter's region that exists on as_of — its 成立日期 is on or before it,
 * or, unknown, it was recorded by then (its first history entry) — as the table holds it now.
 * With changed (and no organisation in the filter), also every enterprise changed after as_of,
 * wherever it is now: the caller places it where it was on as_of and keeps it or not. */
int store_scan_enterprises(store *s, const store_filter *f, int as_of, int changed,
			   int (*fn)(void *ctx, const ent_fact *ef), void *ctx, fg_err *e);
/* store_scan_enterprises (changed 0) of the enterprises ids (n of them, repeats allowed) alone:
 * each one the scan would give, by its id. */
int store_scan_enterprises_ids(store *s, const store_filter *f, int as_of, const int64_t *ids, size_t n,
			       int (*fn)(void *ctx, const ent_fact *ef), void *ctx, fg_err *e);
/* Every enterprise whose record changed after as_of (a history entry dated after that day), as it
 * stood on as_of: its last version at or before as_of, or its first when it was recorded later.
 * Only what store_scan_enterprises reads (ent_fact); a street, community or zone an old version
 * names that no longer exists leaves today's place. Nothing when as_of is today or later. */
int store_scan_enterprises_then(store *s, int as_of, int (*fn)(void *ctx, const ent_fact *ef), void *ctx,
				fg_err *e);
/* A member employed somewhere, joined by as_of and not 停止党籍, as on that date. */
typedef struct member_state {
	int64_t id, employer;
	int formal;   /* 1 formal, 0 probationary */
	int relation; /* MEMBER_NORMAL, MEMBER_MOBILE (流动) or MEMBER_LOST (失联) in force on the date */
	int disclosed; /* 是否亮明身份 is 是 */
	int joined;    /* 入党日期 of today's record (a day number; DATE_NONE unknown) */
} member_state;
enum { MEMBER_NORMAL, MEMBER_MOBILE, MEMBER_LOST };
/* region (an id above 1; 0 or 1: every member): only the members employed by an enterprise placed
 * in that region today — all the members of the region's enterprises on as_of, as long as none of
 * those enterprises has changed since (its place on as_of is today's); a member changed since
 * as_of is read as it was (from the history) wherever it is today. Such a member is held in the
 * region's district (district_id, scope_sql.h MEMBER_DISTRICT): on a database partitioned by
 * district (docs/scaling.md) the other districts' members are not read at all. */
int store_scan_members(store *s, int as_of, int64_t region, int (*fn)(void *ctx, const member_state *ms), void *ctx,
		       fg_err *e);
/* The members store_scan_members gives whose employer is employer (its query and rows), on as_of
 * today or later (no member changed after it: FG_EFAIL otherwise) — facts_patch's count of an
 * enterprise's members after edits of member records. */
int store_scan_members_at(store *s, int as_of, int64_t employer, int (*fn)(void *ctx, const member_state *ms),
			  void *ctx, fg_err *e);
/* Every coverage link active on as_of (started at max(link start, organisation founded), not ended). */
int store_scan_coverage(store *s, int as_of,
			int (*fn)(void *ctx, int64_t ent, int64_t org, const char *mode, const char *kind), void *ctx,
			fg_err *e);
/* The coverage links store_scan_coverage gives of enterprise ent, on as_of today or later (FG_EFAIL
 * otherwise: a past day takes each organisation's version of that day) — facts_patch's links of a
 * few enterprises after edits of their organisations (STORE_ORG). */
int store_scan_coverage_at(store *s, int as_of, int64_t ent,
			   int (*fn)(void *ctx, int64_t ent, int64_t org, const char *mode, const char *kind), void *ctx,
			   fg_err *e);
/* Every instructor assignment active on as_of. */
int store_scan_assignments(store *s, int as_of, int (*fn)(void *ctx, int64_t ent, int64_t instructor), void *ctx,
			   fg_err *e);
/* The assignments store_scan_assignments gives of enterprise ent (fn's mode and kind NULL: the
 * callback of store_scan_coverage_at) — facts_patch's after an instructor's 指导企业 changed
 * (STORE_INS_COVER). */
int store_scan_assignments_at(store *s, int as_of, int64_t ent,
			      int (*fn)(void *ctx, int64_t ent, int64_t instructor, const char *mode, const char *kind),
			      void *ctx, fg_err *e);
/* Names of regions (level "street"/"community") and zones ("zone") by id. */
int store_scan_names(store *s, int (*fn)(void *ctx, const char *level, int64_t id, const char *name), void *ctx,
		     fg_err *e);
/* Largest enterprise, organisation and instructor ids (for dense arrays). */
int store_max_ids(store *s, int64_t *ent, int64_t *org, int64_t *instructor, fg_err *e);

/* One organisation with its lodged members (formal, not 停止党籍, joined by as_of). */
typedef struct org_fact {
	int64_t id, street_id, community_id, zone_id;
	const char *name, *kind, *mode, *founded, *term_start; /* term_start may be NULL */
	int has_committee;  /* 1, 0, or -1 unknown */
	int committee_size; /* -1 unknown */
	int formal;         /* -1: not counted (store_scan_orgs_units) */
	int has_secretary;
	int units;          /* enterprises it covers on the date */
} org_fact;
int store_scan_orgs(store *s, int as_of, int (*fn)(void *ctx, const org_fact *of), void *ctx, fg_err *e);
/* The same organisations without their members counted (formal -1; a pass over every member
 * saved): for a reader of the rest, the joint-branch plan and the work report. The rows a whole
 * store_scan_orgs kept in the read moment when there are (formal counted); else its own, kept in
 * turn for a later scan without members of the same day (a store_scan_orgs reads afresh). */
int store_scan_orgs_units(store *s, int as_of, int (*fn)(void *ctx, const org_fact *of), void *ctx, fg_err *e);
/* The organisations ids (n of them, sorted; repeats read once) as store_scan_orgs gives them, on
 * as_of today or later (FG_EFAIL otherwise: a past day's take the organisations as they stood then),
 * each by its id — the findings of a few organisations found again (check_patch). */
int store_scan_orgs_in(store *s, int as_of, const int64_t *ids, size_t n, int (*fn)(void *ctx, const org_fact *of),
		       void *ctx, fg_err *e);

/* Members needing attention: no organisation (口袋党员) or 失联. */
typedef struct member_fact {
	int64_t id, employer_id; /* employer 0 = none */
	const char *name, *idno, *relation;
	int has_org;
	const char *outside_org;  /* 区外组织关系, NULL none */
	int relation_since;       /* 关系状态起始日期 (util/date.h day), DATE_NONE when empty */
} member_fact;
int store_scan_member_flags(store *s, int (*fn)(void *ctx, const member_fact *mf), void *ctx, fg_err *e);
/* Whose members the two below read: those enterprise id employs, or those organisation id holds
 * without an employer (a finding about one of these is placed by the organisation). */
typedef enum { STORE_MEMBERS_EMPLOYED, STORE_MEMBERS_HELD } store_members_of;
/* The same of the members of id (by says whose); and every such member (any state, closed too):
 * fn(ctx, id, organisation id or 0), in id order. */
int store_scan_member_flags_at(store *s, store_members_of by, int64_t id,
			       int (*fn)(void *ctx, const member_fact *mf), void *ctx, fg_err *e);
int store_members_at(store *s, store_members_of by, int64_t id, int (*fn)(void *ctx, int64_t id, int64_t org),
		     void *ctx, fg_err *e);

/* Every member: employer (0 = none), relation state, join date. */
typedef struct member_row {
	int64_t employer_id;
	const char *relation, *join_date;
} member_row;
int store_scan_member_rows(store *s, int (*fn)(void *ctx, const member_row *mr), void *ctx, fg_err *e);

/* Every zone: id, name and kind (园区/商圈/楼宇/科技园). */
int store_scan_zones(store *s, int (*fn)(void *ctx, int64_t id, const char *name, const char *kind), void *ctx,
		     fg_err *e);

/* Every instructor: id and 派出单位. */
int store_scan_instructors(store *s, int (*fn)(void *ctx, int64_t id, const char *unit), void *ctx, fg_err *e);

/* "企业名称（统一社会信用代码）" of an enterprise id, appended to out. */
void store_enterprise_label(store *s, int64_t id, buf *out);
/* The 统一社会信用代码 of an enterprise id, appended to out. */
void store_enterprise_uscc(store *s, int64_t id, buf *out);

#endif
