/* cli — the command line face: a table of commands, each a function over parsed arguments. */
#ifndef FGDJ_CLI_H
#define FGDJ_CLI_H
#include <stddef.h>

#include "store/store.h"
#include "util/buf.h"

/* The program's version: --version, the start log line, the man page and the package. */
#define FGDJ_VERSION "0.1"

#define CLI_MAX_POS 8
#define CLI_MAX_OPTS 24

/* An option a command accepts: "--db" takes a value when has_arg. */
typedef struct cli_optspec {
	const char *name;
	int has_arg;
} cli_optspec;

typedef struct cli_args {
	const char *pos[CLI_MAX_POS];
	size_t npos;
	const char *optname[CLI_MAX_OPTS];
	const char *optval[CLI_MAX_OPTS]; /* "" for flags */
	size_t nopts;
} cli_args;

typedef struct cli_cmd {
	const char *name;
	int (*run)(const cli_args *a);
	const cli_optspec *opts; /* terminated by {NULL, 0} */
	const char *usage;       /* one line */
	const char *help;        /* Chinese description */
} cli_cmd;

/* The command table (main.c): --help, the man page and the bash completion are written from it. */
extern const cli_cmd cli_commands[];
extern const size_t cli_ncommands;
extern const char cli_title[], cli_db_note[], cli_exit_note[];
/* fgdj help --man | --bash-completion: prints the roff man page fgdj(1) or the bash completion
 * script, both written from cli_commands. 0, or 2 for another word. */
int cli_help_generate(const char *what);

/* Option value, or NULL when absent. */
const char *cli_opt(const cli_args *a, const char *name);
int cli_flag(const cli_args *a, const char *name);

/* --config FILE: out is a, plus each setting of the file that stands for one of opts and is not
 * on the command line (cli/config.c). Without --config, out is a. 0, or 2 (printed). */
int cli_config(const cli_args *a, const cli_optspec *opts, cli_args *out);

/* Database path: --db, else $FGDJ_DB, else ./fgdj.db. */
const char *cli_db_path(const cli_args *a);
/* Opens the database or prints the error; returns NULL on failure. */
store *cli_open(const cli_args *a);
/* --as-recorded D: 1 with *day, and "today" is D for the rest of the command (call it before
 * reading any other date); 0 without the option; -1 (printed) on a bad date. */
int cli_as_recorded(const cli_args *a, int *day);
/* cli_open; with --as-recorded D, the ledgers as they stood at the end of D instead, rebuilt from
 * the history (store/asrecorded.h) in a private temporary database. NULL (printed) on failure.
 * passes: how many times the command reads the whole tables. More than once, the file is mapped
 * into memory (the second pass costs no copy); once, it is read into the page cache, which costs
 * less than a page fault for each page of a large file and keeps the memory small (BENCHMARKS.md,
 * "Statistics read without mapping the file"). */
store *cli_open_recorded(const cli_args *a, int passes);
/* "命令行:<user>" for the history. */
const char *cli_who(void);
/* Prints "fgdj: msg" to stderr and returns code (for one-line exits). */
/* A record's key as typed on the command line, as the ledger stores it: a USCC or ID number
 * normalised (full-width, lower case), any other key as given. */
void cli_record_key(const ledger_def *def, const char *arg, char *key, size_t size);
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Maps an internal code to the exit status of design.md (0, 1 findings, 2 bad input/failure). */
int cli_exit(int code);
/* Writes b to the file path, or to standard output when path is NULL, checking every write and
 * the close; returns 0, or prints "fgdj: 写入 <文件或标准输出> 失败：<原因>" and returns 2. */
int cli_write(const char *path, const buf *b);
/* Checks that everything a command printed to standard output arrived; returns 0, or prints
 * why not and returns 2. */
int cli_stdout_check(void);
/* Parses --as-of (or today); returns -1 and prints on a bad date. */
int cli_date_opt(const cli_args *a, const char *name, int *days);

int cmd_init(const cli_args *a);
int cmd_import(const cli_args *a);
int cmd_export(const cli_args *a);
int cmd_history(const cli_args *a);
int cmd_demo(const cli_args *a);
int cmd_summary(const cli_args *a);
int cmd_settings(const cli_args *a);
int cmd_stats(const cli_args *a);
int cmd_check(const cli_args *a);
int cmd_finding(const cli_args *a);
int cmd_report(const cli_args *a);
int cmd_plan(const cli_args *a);
int cmd_backup(const cli_args *a);
int cmd_restore(const cli_args *a);
int cmd_migrate(const cli_args *a);
int cmd_user(const cli_args *a);
int cmd_serve(const cli_args *a);
int cmd_place(const cli_args *a);
int cmd_campaign(const cli_args *a);
int cmd_format(const cli_args *a);
int cmd_dues(const cli_args *a);
int cmd_crossmatch(const cli_args *a);
int cmd_funding(const cli_args *a);
int cmd_ratings(const cli_args *a);
int cmd_close(const cli_args *a);  /* fgdj close | reopen (cmd_close.c) */
int cmd_reopen(const cli_args *a);
extern const cli_optspec OPTS_CLOSE[];

extern const cli_optspec OPTS_INIT[], OPTS_IMPORT[], OPTS_EXPORT[], OPTS_HISTORY[], OPTS_DEMO[],
	OPTS_SUMMARY[], OPTS_SETTINGS[], OPTS_STATS[], OPTS_CHECK[], OPTS_REPORT[], OPTS_PLAN[], OPTS_BACKUP[], OPTS_RESTORE[], OPTS_FORMAT[];
extern const cli_optspec OPTS_USER[], OPTS_SERVE[], OPTS_PLACE[], OPTS_CROSSMATCH[];
extern const cli_optspec OPTS_DUES[];
extern const cli_optspec OPTS_CAMPAIGN[];
extern const cli_optspec OPTS_FUNDING[];
extern const cli_optspec OPTS_RATINGS[];
extern const cli_optspec OPTS_FINDING[];
extern const cli_optspec OPTS_MIGRATE[];

#endif
