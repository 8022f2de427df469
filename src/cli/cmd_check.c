/* fgdj check: findings for a region on a date. Exit 1 when there are any. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/check.h"
#include "util/out.h"

const cli_optspec OPTS_CHECK[] = {{"--db", 1},	 {"--region", 1}, {"--as-of", 1},	{"--format", 1},
				  {"--unmasked", 0}, {"--rule", 1},   {"--as-recorded", 1}, {NULL, 0}};

/* The facts and the findings of region (NULL: the district) on as_of, read at one moment; the
 * facts and the (masked) findings kept for the next command (facts_load_kept, check_kept). */
static int check_at(store *s, const char *region, int as_of, int unmasked, facts *f, findings *fs, fg_err *e)
{
	memset(f, 0, sizeof *f);
	int rc = store_read_begin(s, e);
	rc = rc ? rc : facts_load_kept(s, region, as_of, FACTS_ALL, f, NULL, e);
	rc = rc ? rc : unmasked ? check_run(s, f, unmasked, fs, e) : check_kept(s, f, fs, NULL, e);
	store_read_end(s);
	return rc;
}

int cmd_check(const cli_args *a)
{
	if (a->npos)
		return cli_fail(2, "check 不带位置参数（用 --region 指定地区）");
	int as_of, recorded = 0;
	int rec = cli_as_recorded(a, &recorded); /* first: it sets the default date */
	if (rec < 0 || cli_date_opt(a, "--as-of", &as_of))
		return 2;
	if (rec && as_of > recorded)
		return cli_fail(2, "--as-of 的日期不能晚于 --as-recorded 的日期（那天的台账不知道以后的事）");
	const char *fmt = cli_opt(a, "--format");
	if (fmt && strcmp(fmt, "text") && strcmp(fmt, "json"))
		return cli_fail(2, "--format 应为 text 或 json");
	const char *rule_id = cli_opt(a, "--rule");
	const check_rule *only = check_rule_find(rule_id);
	if (rule_id && !only)
		return cli_fail(2, "没有规则“%s”（规则名见 fgdj check --format json 的 by_rule）", rule_id);
	if (only && (!fmt || strcmp(fmt, "json") != 0))
		return cli_fail(2, "--rule 只用于 --format json");
	store *s = cli_open_recorded(a, 1);
	if (!s)
		return 2;
	facts f;
	findings fs = {0};
	fg_err e;
	int unmasked = cli_flag(a, "--unmasked");
	/* Facts and findings at one moment; the log of an unmasked view is written after it, before
	 * anything is shown — into the database itself, not the ledgers replayed for --as-recorded. */
	int rc = check_at(s, cli_opt(a, "--region"), as_of, unmasked, &f, &fs, &e);
	store *log = rc || !unmasked ? NULL : rec ? cli_open(a) : s;
	if (!rc && unmasked && !log)
		rc = err_set(&e, FG_EFAIL, "无法打开数据库记录这次查看");
	if (log) {
		rc = store_begin(log, cli_who(), "check", &e);
		rc = rc ? rc : store_log(log, "check", f.label, "view", "{\"what\":\"检查结果中显示未脱敏的身份证号\"}", &e);
		rc = rc ? rc : store_commit(log, &e);
		if (log != s)
			store_close(log);
	}
	store_close(s);
	if (rc) {
		facts_free(&f);
		findings_free(&fs);
		return cli_fail(2, "%s", e.msg);
	}
	buf b = {0};
	int wrc;
	if (fmt && strcmp(fmt, "json") == 0) {
		/* Written as it is made, 8 MB at a time (a city's is 83 MB): the bytes of
		 * findings_json, without the whole held. */
		fg_out o;
		findings_json_pos at = {0, 0};
		wrc = out_open(&o, NULL, &e);
		findings_json_head(&fs, &f, only, FS_ANY, &b);
		for (int done = 0; !wrc && !done;) {
			done = findings_json_items(&fs, only, FS_ANY, unmasked, &at, (size_t)8 << 20, &b);
			if (done)
				findings_json_tail(&at, &b);
			out_write(&o, b.p, b.len);
			buf_reset(&b);
		}
		wrc = wrc ? wrc : out_close(&o, &e);
		wrc = wrc ? cli_fail(2, "%s", e.msg) : 0;
	} else {
		findings_text(&fs, &f, &b);
		wrc = cli_write(NULL, &b);
	}
	buf_free(&b);
	size_t n = fs.n;
	facts_free(&f);
	findings_free(&fs);
	return wrc ? wrc : n ? 1 : 0;
}

const cli_optspec OPTS_FINDING[] = {{"--db", 1}, {"--note", 1}, {"--as-of", 1}, {NULL, 0}};

/* fgdj finding set KEY|REF STATE [--note TEXT]: the finding must be found on the day (the whole
 * district: the command line's scope). */
int cmd_finding(const cli_args *a)
{
	if (a->npos != 3 || strcmp(a->pos[0], "set") != 0)
		return cli_fail(2, "用法：fgdj finding set 编号|键 待整改|整改中|已整改|不适用 [--note 说明]");
	int st = finding_state_parse(a->pos[2]);
	if (st < 0)
		return cli_fail(2, "整改状态“%s”应为 待整改、整改中、已整改 或 不适用", a->pos[2]);
	int as_of;
	if (cli_date_opt(a, "--as-of", &as_of))
		return 2;
	store *s = cli_open(a);
	if (!s)
		return 2;
	facts f;
	findings fs = {0};
	fg_err e;
	int rc = check_at(s, NULL, as_of, 0, &f, &fs, &e);
	const finding *x = rc ? NULL : findings_lookup(&fs, a->pos[1]);
	if (!rc && !x)
		rc = err_set(&e, FG_EINPUT, "没有编号或键为“%s”的检查发现（fgdj check 列出当前的全部发现）", a->pos[1]);
	rc = rc ? rc : finding_state_change(s, NULL, cli_who(), "cli", x, (finding_state)st, cli_opt(a, "--note"), &e);
	if (!rc) {
		buf k = {0};
		finding_key_shown(x, 0, &k);
		printf("%s：%s → %s\n", buf_cstr(&k), x->subject, finding_state_label((finding_state)st));
		buf_free(&k);
	}
	store_close(s);
	facts_free(&f);
	findings_free(&fs);
	return rc ? cli_fail(2, "%s", e.msg) : 0;
}
