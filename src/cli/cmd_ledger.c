/* Commands over the ledgers: init, import, export, history, summary, settings. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/settings.h"
#include "io/export.h"
#include "io/import.h"
#include "store/places.h"
#include "util/date.h"

const cli_optspec OPTS_INIT[] = {{"--db", 1}, {"--name", 1}, {NULL, 0}};
const cli_optspec OPTS_IMPORT[] = {{"--db", 1}, {"--dry-run", 0}, {"--errors", 1}, {"--sheet", 1}, {"--new-places", 0},
				   {"--replace", 0}, {NULL, 0}};
const cli_optspec OPTS_EXPORT[] = {{"--db", 1}, {"--format", 1}, {"-o", 1}, {"--region", 1}, {"--unmasked", 0}, {"--year", 1}, {"--closed", 0}, {NULL, 0}};
const cli_optspec OPTS_HISTORY[] = {{"--db", 1}, {"--unmasked", 0}, {"--format", 1}, {NULL, 0}};
const cli_optspec OPTS_SUMMARY[] = {{"--db", 1}, {NULL, 0}};
const cli_optspec OPTS_SETTINGS[] = {{"--db", 1}, {NULL, 0}};

int cmd_init(const cli_args *a)
{
	store *s = cli_open(a);
	if (!s)
		return 2;
	const char *name = cli_opt(a, "--name");
	fg_err e;
	int rc = FG_OK;
	if (name && *name) {
		rc = store_begin(s, cli_who(), "init", &e);
		rc = rc ? rc : store_district_rename(s, name, &e);
		rc = rc ? rc : store_commit(s, &e);
		if (rc) {
			store_rollback(s);
			fprintf(stderr, "fgdj: %s\n", e.msg);
		}
	}
	if (!rc)
		printf("数据库已就绪：%s\n首次导入企业台账时，文件中的街道、社区、区域须确认新建："
		       "fgdj import enterprises 文件 --dry-run --new-places 查看将新建的地点，核对无误后去掉 --dry-run 导入\n",
		       cli_db_path(a));
	store_close(s);
	return cli_exit(rc);
}

/* ---- import ---- */

typedef struct progress {
	const char *name;
	int last;
	int shown;
} progress;

static void show_progress(void *ctx, size_t done, size_t total)
{
	progress *p = ctx;
	int pct = total ? (int)(done * 100 / total) : 0;
	if (pct == p->last)
		return;
	p->last = pct;
	p->shown = 1;
	fprintf(stderr, "\r正在读取 %s：%3d%%", p->name, pct);
	fflush(stderr);
}

/* The error list --errors names: XLSX for a name ending in .xlsx, else CSV; the same columns
 * either way (import_errors_csv, import_errors_xlsx — the web's list too). */
static int write_errors(const char *path, const import_opts *o, const import_result *r)
{
	size_t n = strlen(path);
	if (n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0) {
		fg_err e;
		return import_errors_xlsx(o, r, path, &e) ? cli_fail(2, "%s", e.msg) : 0;
	}
	buf b = {0};
	import_errors_csv(o, r, &b);
	int rc = cli_write(path, &b);
	buf_free(&b);
	return rc;
}

/* "enterprises|orgs|…" (names) or "enterprises（企业台账）、…" (names with titles), from the tables. */
static const char *kinds_list(int titled)
{
	static char out[2][1024];
	if (!out[titled][0]) {
		buf b = {0};
		for (int k = 0; k < LEDGER_NKINDS; k++) {
			const ledger_def *d = ledger_get((ledger_kind)k);
			if (k)
				buf_puts(&b, titled ? "、" : "|");
			buf_printf(&b, titled ? "%s（%s）" : "%s", d->name, d->title);
		}
		snprintf(out[titled], sizeof out[titled], "%s", buf_cstr(&b));
		buf_free(&b);
	}
	return out[titled];
}

/* From this size on an import is a bulk load (a city's ledger, a first load): written under a
 * rollback journal when nothing else has the database open (docs/deploy.md). */
#define BULK_JOURNAL_BYTES ((size_t)16 << 20)

int cmd_import(const cli_args *a)
{
	if (a->npos != 2)
		return cli_fail(2, "用法：fgdj import %s FILE", kinds_list(0));
	const ledger_def *def = ledger_by_name(a->pos[0]);
	if (!def)
		return cli_fail(2, "不认识的台账“%s”：应为 %s", a->pos[0], kinds_list(1));
	if (access(a->pos[1], R_OK) != 0)
		return cli_fail(2, "无法读取文件 %s", a->pos[1]);
	struct stat st;
	size_t bytes = stat(a->pos[1], &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
	if (!store_is_server(cli_db_path(a)) && bytes)
		store_bulk_memory(bytes);
	store *s = cli_open(a);
	if (!s)
		return 2;
	const char *base = strrchr(a->pos[1], '/');
	progress pr = {base ? base + 1 : a->pos[1], -1, 0};
	import_opts o = {
		.path = a->pos[1],
		.sheet = cli_opt(a, "--sheet"),
		.who = cli_who(),
		.dry_run = cli_flag(a, "--dry-run"),
		.today = date_today(),
		/* The command line runs with the district's rights: any kind of place, when confirmed. */
		.new_places = cli_flag(a, "--new-places") ? 1u << PLACE_DISTRICT | 1u << PLACE_STREET | 1u << PLACE_COMMUNITY | 1u << PLACE_ZONE : 0,
		.progress = isatty(2) ? show_progress : NULL,
		.progress_ctx = &pr,
		.replace = cli_flag(a, "--replace"),
	};
	if (o.replace && def->kind != LEDGER_ROSTERS) {
		store_close(s);
		return cli_fail(2, "--replace 只用于职工名册（rosters）：按企业整体替换");
	}
	import_result r;
	fg_err e;
	/* A large file, alone on the database, is written once (store_bulk_journal); a small one keeps
	 * the log, so that a command reading meanwhile never waits for it. */
	if (bytes >= BULK_JOURNAL_BYTES)
		store_bulk_journal(s, 1);
	int rc = import_file(s, def, &o, &r, &e);
	store_bulk_journal(s, 0);
	if (pr.shown)
		fputs("\r\033[K", stderr);
	store_close(s);
	buf line = {0};
	if (r.notes.len)
		fprintf(stderr, "%s", buf_cstr(&r.notes));
	for (size_t i = 0; i < r.nwarnings; i++) {
		buf_reset(&line);
		import_msg_format(&o, &r.warnings[i], &line);
		fprintf(stderr, "%s（警告）\n", buf_cstr(&line));
	}
	for (size_t i = 0; i < r.nerrors; i++) {
		buf_reset(&line);
		import_msg_format(&o, &r.errors[i], &line);
		fprintf(stderr, "%s\n", buf_cstr(&line));
	}
	if (r.errors_more)
		fprintf(stderr, "fgdj: 以上列出前 %zu 处错误，还有 %zu 处未列出\n", r.nerrors, r.errors_more);
	buf_free(&line);
	const char *errpath = cli_opt(a, "--errors");
	int errfile_rc = errpath && r.nerrors ? write_errors(errpath, &o, &r) : 0;
	if (rc == FG_EINPUT) {
		fprintf(stderr, "fgdj: %s 有 %zu 处错误，没有写入任何数据%s\n", o.path, r.nerrors + r.errors_more,
			errpath && !errfile_rc ? "（错误清单已写入 --errors 指定的文件）" : "");
	} else if (rc) {
		fprintf(stderr, "fgdj: %s\n", e.msg);
	} else {
		if (r.new_places && *r.new_places)
			printf("%s：\n%s", o.dry_run ? "将新建的地点" : "新建的地点", r.new_places);
		printf("%s %s：%s %zu 行，新增 %zu，更新 %zu，未变 %zu", o.dry_run ? "试导入（未写入）" : "已导入", o.path,
		       def->title, r.rows, r.inserted, r.updated, r.unchanged);
		if (o.replace)
			printf("，删除文件中没有的 %zu 行", r.removed);
		putchar('\n');
	}
	import_result_free(&r);
	return errfile_rc ? errfile_rc : cli_exit(rc);
}

/* ---- export ---- */

int cmd_export(const cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(2, "用法：fgdj export %s [--format csv|xlsx|json] [-o FILE]", kinds_list(0));
	const ledger_def *def = ledger_by_name(a->pos[0]);
	if (!def)
		return cli_fail(2, "不认识的台账“%s”：应为 %s", a->pos[0], kinds_list(1));
	const char *out = cli_opt(a, "-o");
	const char *fmt = cli_opt(a, "--format");
	if (!fmt)
		fmt = out && strlen(out) > 5 && strcmp(out + strlen(out) - 5, ".xlsx") == 0 ? "xlsx"
		      : out && strlen(out) > 5 && strcmp(out + strlen(out) - 5, ".json") == 0 ? "json"
											    : "csv";
	int f = export_format_parse(fmt);
	if (f < 0)
		return cli_fail(2, "--format 应为 csv、xlsx 或 json");
	if (f == EXPORT_XLSX && !out && isatty(1))
		return cli_fail(2, "XLSX 是二进制文件，请用 -o FILE 指定输出文件");
	store *s = cli_open(a);
	if (!s)
		return 2;
	fg_err e;
	/* --region resolves as for stats and check (store_region_resolve): one answer to "which rows". */
	store_filter filter = {0};
	char *label = NULL;
	if (store_region_resolve(s, cli_opt(a, "--region"), &filter, &label, &e) != FG_OK) {
		store_close(s);
		return cli_fail(2, "%s", e.msg);
	}
	free(label);
	const char *year = cli_opt(a, "--year");
	filter.closed = cli_flag(a, "--closed"); /* 含已撤销: the four ledgers' deregistered records too */
	export_opts o = {(export_format)f, cli_flag(a, "--unmasked"), cli_who(), &filter, out,
			 year ? (int)strtol(year, NULL, 10) : 0, date_today(), NULL, NULL};
	if (year && (o.year < 2000 || o.year > 2100)) {
		store_close(s);
		return cli_fail(2, "--year 应为四位年份（如 2025）");
	}
	size_t n = 0;
	int rc = export_ledger(s, def, &o, &n, &e);
	store_close(s);
	if (rc)
		return cli_fail(2, "%s", e.msg);
	if (out)
		fprintf(stderr, "已导出 %s %zu 行到 %s%s\n", def->title, n, out, o.unmasked ? "（未脱敏，已记入历史）" : "");
	return 0;
}

/* ---- history ---- */

typedef struct hist_print {
	const ledger_def *def;
	int unmasked;
	size_t n;
} hist_print;

static const char *OPS[][2] = {{"insert", "新增"}, {"update", "修改"}, {"delete", "删除"}, {"view", "查看"}};

static void print_value(const hist_print *hp, const char *key, json_t *v)
{
	if (json_is_null(v) || !v) {
		fputs("（空）", stdout);
		return;
	}
	const char *sv = json_is_string(v) ? json_string_value(v) : NULL;
	int c = hp->def ? ledger_col_index(hp->def, key) : -1;
	if (sv && c >= 0 && !hp->unmasked && (hp->def->cols[c].flags & COL_PERSONAL)) {
		buf m = {0};
		ledger_mask(&hp->def->cols[c], sv, &m);
		fputs(buf_cstr(&m), stdout);
		buf_free(&m);
	} else if (sv) {
		fputs(sv, stdout);
	} else {
		char *d = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		fputs(d ? d : "", stdout);
		free(d);
	}
}

static int print_hist(void *ctx, const hist_entry *h)
{
	hist_print *hp = ctx;
	const char *op = h->op;
	for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
		if (strcmp(op, OPS[i][0]) == 0)
			op = OPS[i][1];
	printf("%s  %s  %s", h->at, h->who, op);
	if (h->source)
		printf("（来源：%s）", h->source);
	putchar('\n');
	json_t *jo = h->old_json ? json_loads(h->old_json, 0, NULL) : NULL;
	json_t *jn = h->new_json ? json_loads(h->new_json, 0, NULL) : NULL;
	const char *k;
	json_t *v;
	json_object_foreach(jn, k, v)
	{
		if (!jo && json_is_null(v))
			continue; /* an insert lists what was filled in */
		int c = hp->def ? ledger_col_index(hp->def, k) : -1;
		printf("    %s：", c >= 0 ? hp->def->cols[c].header : k);
		if (jo) {
			print_value(hp, k, json_object_get(jo, k));
			fputs(" → ", stdout);
		}
		print_value(hp, k, v);
		putchar('\n');
	}
	json_decref(jo);
	json_decref(jn);
	hp->n++;
	return 0;
}

int cmd_history(const cli_args *a)
{
	const ledger_def *def = NULL;
	buf ones = {0};
	for (int k = 0; k < LEDGER_NKINDS; k++) {
		const ledger_def *d = ledger_get((ledger_kind)k);
		buf_printf(&ones, "%s%s", k ? "|" : "", d->one);
		if (a->npos >= 1 && strcmp(d->one, a->pos[0]) == 0)
			def = d;
	}
	if (a->npos != 2 || !def) {
		int rc = cli_fail(2, "用法：fgdj history %s KEY（组成键的各项用 / 连接，如 党组织名称/活动类型/日期/主题）",
				  buf_cstr(&ones));
		buf_free(&ones);
		return rc;
	}
	buf_free(&ones);
	char key[256];
	cli_record_key(def, a->pos[1], key, sizeof key);
	store *s = cli_open(a);
	if (!s)
		return 2;
	hist_print hp = {def, cli_flag(a, "--unmasked"), 0};
	fg_err e;
	int rc = FG_OK;
	if (hp.unmasked) {
		/* Reading personal data in full is recorded like an unmasked export. */
		rc = store_begin(s, cli_who(), "history", &e);
		rc = rc ? rc : store_log(s, def->record, key, "view", "{\"what\":\"查看未脱敏的变更历史\"}", &e);
		rc = rc ? rc : store_commit(s, &e);
	}
	rc = rc ? rc : store_history(s, def->record, key, print_hist, &hp, &e);
	store_close(s);
	if (rc)
		return cli_fail(2, "%s", e.msg);
	if (hp.n == 0)
		return cli_fail(2, "没有“%s”的记录", key);
	return 0;
}

/* ---- summary ---- */

int cmd_summary(const cli_args *a)
{
	store *s = cli_open(a);
	if (!s)
		return 2;
	store_counts c;
	fg_err e;
	int rc = store_counts_get(s, &c, &e);
	char *name = store_district_name(s);
	if (!rc) {
		printf("%s 台账概况（%s）\n", name, cli_db_path(a));
		printf("  街道 %lld 个，社区 %lld 个，园区/商圈/楼宇 %lld 个\n", (long long)c.streets,
		       (long long)c.communities, (long long)c.zones);
		printf("  企业 %lld 家，党组织 %lld 个，党员 %lld 名，党建指导员 %lld 名\n", (long long)c.enterprises,
		       (long long)c.orgs, (long long)c.members, (long long)c.instructors);
		printf("  变更历史 %lld 条\n", (long long)c.history);
	}
	free(name);
	store_close(s);
	return rc ? cli_fail(2, "%s", e.msg) : 0;
}

/* ---- settings ---- */

int cmd_settings(const cli_args *a)
{
	if (a->npos > 2)
		return cli_fail(2, "用法：fgdj settings [KEY [VALUE]]");
	const setting_def *d = NULL;
	if (a->npos >= 1 && !(d = settings_find(a->pos[0])))
		return cli_fail(2, "没有设置项“%s”（fgdj settings 列出全部）", a->pos[0]);
	if (a->npos == 2) {
		const char *why = settings_check(d, a->pos[1]);
		if (why && !d->is_int) /* a text setting has no range to name */
			return cli_fail(2, "%s 的值“%s”%s", d->key, a->pos[1], why);
		if (why)
			return cli_fail(2, "%s 的值“%s”%s（%ld–%ld）", d->key, a->pos[1], why, d->min, d->max);
	}
	store *s = cli_open(a);
	if (!s)
		return 2;
	fg_err e;
	int rc = FG_OK;
	if (a->npos == 2) {
		rc = store_begin(s, cli_who(), "settings", &e);
		rc = rc ? rc : store_setting_set(s, d->key, a->pos[1], &e);
		rc = rc ? rc : store_commit(s, &e);
		if (rc)
			store_rollback(s);
		else
			printf("%s = %s\n", d->key, a->pos[1]);
	} else {
		int n;
		const setting_def *all = settings_all(&n);
		for (int i = 0; i < n; i++) {
			if (d && &all[i] != d)
				continue;
			char *v = store_setting_get(s, all[i].key);
			printf("%-32s %-10s %s%s%s%s\n", all[i].key, v ? v : all[i].def, all[i].title,
			       v ? "（默认 " : "", v ? all[i].def : "", v ? "）" : "");
			free(v);
		}
	}
	store_close(s);
	return rc ? cli_fail(2, "%s", e.msg) : 0;
}
