/* fgdj serve: the web application and JSON API (src/web). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "store/users.h"
#include "web/web.h"

const cli_optspec OPTS_SERVE[] = {{"--db", 1},          {"--listen", 1}, {"--threads", 1}, {"--routes", 0},
				  {"--trust-proxy", 1}, {"--config", 1}, {"--refresh-after", 1}, {NULL, 0}};

static int count_user(void *ctx, const user_rec *u)
{
	(void)u;
	++*(int *)ctx;
	return 0;
}

int cmd_serve(const cli_args *given)
{
	cli_args merged;
	if (cli_config(given, OPTS_SERVE, &merged))
		return 2;
	const cli_args *a = &merged;
	if (a->npos)
		return cli_fail(2, "serve 不带位置参数");
	if (cli_flag(a, "--routes")) {
		web_routes_print(stdout, web_routes, web_nroutes);
		return 0;
	}
	unsigned threads = 0;
	const char *t = cli_opt(a, "--threads");
	if (t) {
		char *end;
		long n = strtol(t, &end, 10);
		if (!*t || *end || n < 1 || n > 256)
			return cli_fail(2, "--threads 应为 1 到 256 的整数");
		threads = (unsigned)n;
	}
	/* The kept values made ready in the background (web/web.h web_config.refresh_ms): at start,
	 * and this long after the data last changed. 0 turns it off. */
	unsigned refresh_ms = 2000;
	const char *ra = cli_opt(a, "--refresh-after");
	if (ra) {
		char *end;
		double sec = strtod(ra, &end);
		if (!*ra || *end || !(sec >= 0 && sec <= 3600))
			return cli_fail(2, "--refresh-after 应为 0 到 3600 之间的秒数（0 表示不在后台预先计算）");
		refresh_ms = (unsigned)(sec * 1000.0 + 0.5);
	}
	/* Open once here: the schema is migrated before any worker starts, and a bad path fails now.
	 * Held while the server runs, so that a command's bulk write never takes the database from
	 * under it (store_bulk_journal: only alone). */
	store *s = cli_open(a);
	if (!s)
		return 2;
	int users = 0;
	fg_err e;
	int rc = users_each(s, count_user, &users, &e);
	if (!rc)
		rc = users_purge(s, (int64_t)time(NULL), &e);
	if (rc) {
		store_close(s);
		return cli_fail(2, "%s", e.msg);
	}
	if (!users)
		fprintf(stderr, "fgdj: 数据库中还没有用户；请先创建：fgdj user add 用户名 --role admin\n");
	const char *listen = cli_opt(a, "--listen") ? cli_opt(a, "--listen") : "127.0.0.1:8080";
	/* The start line says what runs against what, for the journal and for upgrades. */
	fprintf(stderr, "fgdj: fgdj %s 启动：数据库 %s（结构版本 %d），监听 %s，信任的反向代理 %s\n", FGDJ_VERSION,
		cli_db_path(a), store_schema_version(), listen,
		cli_opt(a, "--trust-proxy") ? cli_opt(a, "--trust-proxy") : WEB_TRUST_PROXY_DEFAULT);
	web_config c = {
		.listen = listen,
		.db_path = cli_db_path(a),
		.routes = web_routes,
		.nroutes = web_nroutes,
		.threads = threads,
		.trust_proxy = cli_opt(a, "--trust-proxy"),
		.refresh_ms = refresh_ms,
		.warm = refresh_ms ? web_warm : NULL,
	};
	rc = web_run(&c, &e);
	store_close(s);
	return rc ? cli_fail(2, "%s", e.msg) : 0;
}
