/* The hand-made district (tests/fixtures/district) in a fresh database, for unit tests that need
 * real ledgers: included by a test file (header-only: each test is built from one .c file). */
#ifndef FGDJ_TEST_DISTRICT_H
#define FGDJ_TEST_DISTRICT_H
#include <stdio.h>
#include <stdlib.h>

#include "io/import.h"
#include "store/places.h"
#include "store/store_int.h"
#include "util/date.h"

#ifndef FIXTURE_DIR
#define FIXTURE_DIR "tests/fixtures/district/"
#endif

/* Imports the file at path into db's ledger kind ("enterprises", …) as user "test" on today, new
 * streets, communities and zones allowed. Returns import_file's code. */
static inline int district_import(store *db, const char *kind, const char *path, int today)
{
	import_opts o = {.path = path, .who = "test", .today = today,
			 .new_places = 1u << PLACE_STREET | 1u << PLACE_COMMUNITY | 1u << PLACE_ZONE};
	import_result r;
	fg_err e;
	int rc = import_file(db, ledger_by_name(kind), &o, &r, &e);
	import_result_free(&r);
	return rc;
}

/* Sets today to the fixtures' date (2026-11-26), makes a temporary directory from dir (a mkdtemp
 * template, changed in place), opens dir/name as *db and imports the four ledgers (their streets,
 * communities and zones are new to the empty database). Returns 0, or -1 on any failure. */
static inline int district_open(char *dir, const char *name, store **db, int *today)
{
	setenv("FGDJ_TODAY", "2026-11-26", 1);
	*today = date_today();
	if (!mkdtemp(dir))
		return -1;
	char path[300];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	fg_err e;
	if (store_open(path, db, &e) != FG_OK)
		return -1;
	static const char *const kinds[] = {"enterprises", "orgs", "members", "instructors"};
	for (int k = 0; k < 4; k++) {
		snprintf(path, sizeof path, FIXTURE_DIR "%s.csv", kinds[k]);
		if (district_import(*db, kinds[k], path, *today) != FG_OK)
			return -1;
	}
	return 0;
}

/* Another connection to dir/name as *writer (as another process would write), and db's statements
 * traced through fn as each starts (SQLITE_TRACE_STMT): how a test lands a write between two
 * statements of db deterministically, with no hook in the binary. db must be a SQLite store
 * (store_int.h: its connection). Returns 0, or -1 on failure. */
static inline int district_writer(const char *dir, const char *name, store *db, store **writer,
				  int (*fn)(unsigned, void *, void *, void *))
{
	char path[300];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	fg_err e;
	if (store_open(path, writer, &e) != FG_OK)
		return -1;
	sqlite3_trace_v2(db->db, SQLITE_TRACE_STMT, fn, NULL);
	return 0;
}

/* Closes db and removes dir with everything in it; 0 on success. */
static inline int district_close(const char *dir, store *db)
{
	store_close(db);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

#endif
