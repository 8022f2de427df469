#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/ident.h"
#include "store/asrecorded.h"
#include "util/date.h"
#include "util/err.h"
#include "util/out.h"

const char *cli_opt(const cli_args *a, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; i < a->nopts; i++)
		if (strcmp(a->optname[i], name) == 0)
			v = a->optval[i]; /* the last one wins */
	return v;
}

int cli_flag(const cli_args *a, const char *name)
{
	return cli_opt(a, name) != NULL;
}

const char *cli_db_path(const cli_args *a)
{
	const char *p = cli_opt(a, "--db");
	if (p && *p)
		return p;
	p = getenv("FGDJ_DB");
	return p && *p ? p : "fgdj.db";
}

store *cli_open(const cli_args *a)
{
	store *s;
	fg_err e;
	if (store_open(cli_db_path(a), &s, &e) != FG_OK) {
		fprintf(stderr, "fgdj: %s\n", e.msg);
		return NULL;
	}
	store_keep_facts(s, 1); /* each command's facts read back by the next (docs/kept_figures.md) */
	return s;
}

int cli_as_recorded(const cli_args *a, int *day)
{
	const char *v = cli_opt(a, "--as-recorded");
	if (!v)
		return 0;
	if (date_parse(v, day) != 0) {
		cli_fail(2, "--as-recorded 的日期“%s”无法识别（例：2024-12-31）", v);
		return -1;
	}
	char text[11];
	date_format(*day, text);
	/* "Today" is that day for the rest of the command: default dates, the report's date line. */
	setenv("FGDJ_TODAY", text, 1);
	return 1;
}

store *cli_open_recorded(const cli_args *a, int passes)
{
	store *s = cli_open(a);
	int day;
	if (s && passes > 1)
		store_mapped_reads(s);
	if (!s || !cli_opt(a, "--as-recorded") || date_parse(cli_opt(a, "--as-recorded"), &day) != 0)
		return s;
	store *then = NULL;
	fg_err e;
	int rc = store_as_recorded(s, day, &then, &e);
	store_close(s);
	if (rc) {
		fprintf(stderr, "fgdj: %s\n", e.msg);
		return NULL;
	}
	if (passes > 1)
		store_mapped_reads(then);
	return then;
}

const char *cli_who(void)
{
	static char who[128];
	if (!who[0]) {
		const char *u = getenv("FGDJ_USER");
		if (!u || !*u) {
			struct passwd *pw = getpwuid(getuid());
			u = pw ? pw->pw_name : "unknown";
		}
		snprintf(who, sizeof who, "命令行:%s", u);
	}
	return who;
}

int cli_fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fgdj: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return code;
}

int cli_exit(int code)
{
	switch (code) {
	case FG_OK:
		return 0;
	case FG_EFINDINGS:
		return 1;
	default:
		return 2;
	}
}

int cli_date_opt(const cli_args *a, const char *name, int *days)
{
	const char *v = cli_opt(a, name);
	if (!v) {
		*days = date_today();
		return 0;
	}
	if (date_parse(v, days) != 0) {
		cli_fail(2, "%s 的日期“%s”无法识别（例：2024-12-31）", name, v);
		return -1;
	}
	return 0;
}

int cli_write(const char *path, const buf *b)
{
	fg_err e;
	return out_write_all(path, b->p, b->len, &e) ? cli_fail(2, "%s", e.msg) : 0;
}

int cli_stdout_check(void)
{
	fg_out o = {stdout, NULL, 0};
	fg_err e;
	return out_close(&o, &e) ? cli_fail(2, "%s", e.msg) : 0;
}

void cli_record_key(const ledger_def *def, const char *arg, char *key, size_t size)
{
	if (def->kind == LEDGER_ENTERPRISES || def->kind == LEDGER_MEMBERS)
		ident_normalize_key(arg, key, size);
	else
		snprintf(key, size, "%s", arg);
}
