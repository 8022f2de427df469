/* --config FILE (/etc/fgdj/fgdj.conf in the package): each setting stands for a command-line
 * option and fills it in when the command line does not give it, so the options' checks are the
 * settings' checks. One file serves `fgdj serve` and `fgdj backup`; each takes its own keys. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/conf.h"

static const struct {
	const char *key, *opt;
} KEYS[] = {
	{"listen", "--listen"},         {"database", "--db"},          {"threads", "--threads"},
	{"trust_proxy", "--trust-proxy"}, {"backup_dir", "--dir"},      {"backup_at", "--at"},
	{"keep_daily", "--keep-daily"}, {"keep_monthly", "--keep-monthly"}, {"refresh_after", "--refresh-after"},
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

typedef struct conf_ctx {
	const char *file;
	const cli_optspec *opts;
	cli_args *out;
	const cli_args *given;
	int seen[NKEYS];
} conf_ctx;

/* Values outlive the parse: the merged arguments point at them until the process ends. */
static char *held[NKEYS];

static int on_setting(void *ctx, const char *key, const char *value, int line, fg_err *e)
{
	conf_ctx *c = ctx;
	size_t k = 0;
	while (k < NKEYS && strcmp(KEYS[k].key, key) != 0)
		k++;
	if (k == NKEYS) {
		char names[256] = "";
		for (size_t i = 0; i < NKEYS; i++)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? "、" : "", KEYS[i].key);
		return err_set(e, FG_EINPUT, "%s:%d:1: 不认识的设置“%s”（可用：%s）", c->file, line, key, names);
	}
	if (c->seen[k])
		return err_set(e, FG_EINPUT, "%s:%d:1: 设置“%s”重复（第 %d 行已设置）", c->file, line, key, c->seen[k]);
	c->seen[k] = line;
	const cli_optspec *o = c->opts;
	while (o->name && strcmp(o->name, KEYS[k].opt) != 0)
		o++;
	/* Another command's setting, or given on the command line (which wins). */
	if (!o->name || cli_opt(c->given, KEYS[k].opt))
		return FG_OK;
	if (c->out->nopts == CLI_MAX_OPTS)
		return err_set(e, FG_EINPUT, "%s:%d:1: 选项太多", c->file, line);
	free(held[k]);
	held[k] = strdup(value);
	if (!held[k])
		return err_set(e, FG_EFAIL, "内存不足");
	c->out->optname[c->out->nopts] = o->name;
	c->out->optval[c->out->nopts++] = held[k];
	return FG_OK;
}

int cli_config(const cli_args *a, const cli_optspec *opts, cli_args *out)
{
	*out = *a;
	const char *path = cli_opt(a, "--config");
	if (!path)
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return cli_fail(2, "无法读取配置文件 %s：%s", path, strerror(errno));
	static char text[65536];
	size_t n = fread(text, 1, sizeof text, f);
	int bad = ferror(f), more = !bad && fgetc(f) != EOF;
	fclose(f);
	if (bad)
		return cli_fail(2, "读取配置文件 %s 失败", path);
	if (more)
		return cli_fail(2, "配置文件 %s 太大（最多 %zu 字节）", path, sizeof text);
	conf_ctx c = {.file = path, .opts = opts, .out = out, .given = a};
	fg_err e;
	if (conf_parse(text, n, path, on_setting, &c, &e))
		return cli_fail(2, "%s", e.msg);
	return 0;
}
