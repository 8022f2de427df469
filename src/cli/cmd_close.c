/* fgdj close|reopen KIND KEY: deregistration of a record of the four ledgers (store_close_record). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/ledger.h"
#include "store/store.h"
#include "util/date.h"

const cli_optspec OPTS_CLOSE[] = {{"--db", 1}, {"--date", 1}, {"--reason", 1}, {NULL, 0}};

static int close_or_reopen(const cli_args *a, int reopen)
{
	static const ledger_kind KINDS[] = {LEDGER_ENTERPRISES, LEDGER_ORGS, LEDGER_MEMBERS, LEDGER_INSTRUCTORS};
	const ledger_def *def = NULL;
	for (size_t i = 0; a->npos == 2 && i < sizeof KINDS / sizeof KINDS[0]; i++)
		if (strcmp(ledger_get(KINDS[i])->one, a->pos[0]) == 0)
			def = ledger_get(KINDS[i]);
	if (!def)
		return cli_fail(2, reopen ? "用法：fgdj reopen enterprise|org|member|instructor KEY"
					  : "用法：fgdj close enterprise|org|member|instructor KEY --date 日期 --reason 原因"
					    "（指导员的 KEY 为 姓名/派出单位）");
	char key[256];
	cli_record_key(def, a->pos[1], key, sizeof key);
	store *s = cli_open(a);
	if (!s)
		return 2;
	fg_err e;
	int today = date_today();
	int rc = store_begin(s, cli_who(), reopen ? "reopen" : "close", &e);
	if (!rc)
		rc = reopen ? store_reopen_record(s, def, key, today, &e)
			    : store_close_record(s, def, key, cli_opt(a, "--date"), cli_opt(a, "--reason"), today, &e);
	rc = rc ? (store_rollback(s), rc) : store_commit(s, &e);
	store_close(s);
	if (rc)
		return cli_fail(2, "%s", e.msg);
	int c = ledger_closing_col(def);
	if (reopen)
		printf("已恢复%s“%s”\n", def->title, key);
	else
		printf("%s“%s”已%s（%s：%s）\n", def->title, key, ledger_closing_word(def), def->cols[c].header,
		       cli_opt(a, "--date"));
	return 0;
}

int cmd_close(const cli_args *a)
{
	return close_or_reopen(a, 0);
}

int cmd_reopen(const cli_args *a)
{
	return close_or_reopen(a, 1);
}
