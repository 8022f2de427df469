/* fgdj user add|passwd|disable|enable|unlock|list: accounts of the web application (store/users.h). */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/users.h"

const cli_optspec OPTS_USER[] = {{"--db", 1}, {"--role", 1}, {"--scope", 1}, {"--instructor", 1}, {"--password-stdin", 0},
				 {"--format", 1}, {NULL, 0}};

/* Reads one line into out (without the line end). Returns 0, or -1 at end of input or when the
 * line does not fit. */
static int read_line(FILE *f, char *out, size_t cap)
{
	if (!fgets(out, (int)cap, f))
		return -1;
	size_t n = strlen(out);
	if (n && out[n - 1] != '\n' && !feof(f))
		return -1;
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

/* Prompts on the terminal with echo off. */
static int prompt(const char *msg, char *out, size_t cap)
{
	struct termios old, quiet;
	int tty = tcgetattr(STDIN_FILENO, &old) == 0;
	fputs(msg, stderr);
	fflush(stderr);
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	int rc = read_line(stdin, out, cap);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	return rc;
}

/* The new password: the first line of stdin with --password-stdin, else typed twice on a terminal. */
static int get_password(const cli_args *a, char *pw, size_t cap)
{
	if (cli_flag(a, "--password-stdin")) {
		if (read_line(stdin, pw, cap))
			return cli_fail(2, "从标准输入读取密码失败（需要一行，不超过 %d 字节）", USERS_PW_MAX);
		return 0;
	}
	if (!isatty(STDIN_FILENO))
		return cli_fail(2, "标准输入不是终端：请用 --password-stdin 从标准输入提供密码");
	char again[USERS_PW_MAX + 2];
	if (prompt("新密码：", pw, cap) || prompt("再输入一次：", again, sizeof again))
		return cli_fail(2, "读取密码失败");
	int same = strcmp(pw, again) == 0;
	sodium_memzero(again, sizeof again);
	return same ? 0 : cli_fail(2, "两次输入的密码不一致");
}

/* What one subcommand changes. */
typedef enum { SUB_ADD, SUB_PASSWD, SUB_DISABLE, SUB_ENABLE, SUB_UNLOCK } sub_kind;

/* Checks everything it can first (name, role, scope, account exists), then reads the password —
 * so that no write lock is held while someone types — then writes in one transaction attributed
 * to the CLI user. */
static int change(store *s, const cli_args *a, sub_kind k, fg_err *e)
{
	const char *name = a->pos[1];
	user_rec u;
	memset(&u, 0, sizeof u);
	int rc = FG_OK;
	if (k == SUB_ADD) {
		u.role = users_role_parse(cli_opt(a, "--role"));
		if (u.role < 0)
			return err_set(e, FG_EINPUT,
				       "--role 应为 admin、district、street、community、secretary、instructor 或 viewer");
		if ((rc = users_name_free(s, name, e)))
			return rc;
		snprintf(u.name, sizeof u.name, "%s", name);
		if ((rc = users_scope_resolve(s, cli_opt(a, "--scope"), &u, e)))
			return rc;
		if ((rc = users_instructor_resolve(s, cli_opt(a, "--instructor"), &u, e)))
			return rc;
	} else if (!users_get(s, name, &u)) {
		return err_set(e, FG_EINPUT, "没有用户“%s”", name);
	}
	char pw[USERS_PW_MAX + 2] = "";
	int cleared = 0;
	if ((k == SUB_ADD || k == SUB_PASSWD) && get_password(a, pw, sizeof pw))
		return err_set(e, FG_EINPUT, k == SUB_ADD ? "未设置密码，用户未创建" : "密码未修改");
	rc = store_begin(s, cli_who(), "fgdj user", e);
	if (!rc) {
		switch (k) {
		case SUB_ADD:
			rc = users_add(s, &u, pw, e);
			break;
		case SUB_PASSWD:
			rc = users_passwd(s, name, pw, e);
			break;
		case SUB_DISABLE:
		case SUB_ENABLE:
			rc = users_set_disabled(s, name, k == SUB_DISABLE, e);
			break;
		case SUB_UNLOCK:
			rc = users_unlock(s, name, &cleared, e);
			break;
		}
		if (!rc)
			rc = store_commit(s, e);
		else
			store_rollback(s);
	}
	sodium_memzero(pw, sizeof pw);
	if (rc)
		return rc;
	switch (k) {
	case SUB_ADD:
		fprintf(stderr, "已创建用户 %s（%s，范围：%s", u.name, users_role_label(u.role),
			users_scope_text(u.scope_label, u.scope_level));
		if (u.instructor_id)
			fprintf(stderr, "，登记本人走访：%s（%s）", u.instructor_name, u.instructor_unit);
		fputs("）\n", stderr);
		break;
	case SUB_PASSWD:
		fprintf(stderr, "已修改用户 %s 的密码，其已登录的会话均已退出\n", name);
		break;
	case SUB_DISABLE:
		fprintf(stderr, "已停用用户 %s，其已登录的会话均已退出\n", name);
		break;
	case SUB_ENABLE:
		fprintf(stderr, "已启用用户 %s\n", name);
		break;
	case SUB_UNLOCK:
		if (cleared)
			fprintf(stderr, "已解除用户 %s 的登录锁定（清除 %d 次失败的登录）\n", name, cleared);
		else
			fprintf(stderr, "用户 %s 没有失败的登录，无需解除锁定\n", name);
		break;
	}
	return FG_OK;
}

static int list_text(void *ctx, const user_rec *u)
{
	buf *b = ctx;
	buf_printf(b, "%s\t%s\t%s\t%s\t%s\t%s\t", u->name, users_role_name(u->role), users_role_label(u->role),
		   users_scope_text(u->scope_label, u->scope_level), u->disabled ? "已停用" : "启用", u->created);
	if (u->instructor_id)
		buf_printf(b, "%s（%s）", u->instructor_name, u->instructor_unit);
	buf_puts(b, "\n");
	return 0;
}

static int list_json(void *ctx, const user_rec *u)
{
	json_array_append_new(ctx, users_rec_json(u));
	return 0;
}

static int do_list(const cli_args *a)
{
	const char *fmt = cli_opt(a, "--format");
	if (fmt && strcmp(fmt, "text") && strcmp(fmt, "json"))
		return cli_fail(2, "--format 应为 text 或 json");
	store *s = cli_open(a);
	if (!s)
		return 2;
	fg_err e;
	int rc;
	if (fmt && strcmp(fmt, "json") == 0) {
		json_t *arr = json_array();
		rc = users_each(s, list_json, arr, &e);
		char *out = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!rc)
			printf("%s\n", out);
		free(out);
		json_decref(arr);
	} else {
		buf b = {0};
		buf_puts(&b, "用户名\t角色\t角色名称\t范围\t状态\t创建时间\t登记本人走访的指导员\n");
		rc = users_each(s, list_text, &b, &e);
		if (!rc)
			fputs(buf_cstr(&b), stdout);
		buf_free(&b);
	}
	store_close(s);
	return rc ? cli_fail(2, "%s", e.msg) : 0;
}

int cmd_user(const cli_args *a)
{
	const char *sub = a->npos ? a->pos[0] : "";
	if (strcmp(sub, "list") == 0) {
		if (a->npos != 1)
			return cli_fail(2, "用法：fgdj user list [--format text|json]");
		return do_list(a);
	}
	static const struct {
		const char *name;
		sub_kind kind;
	} SUBS[] = {{"add", SUB_ADD}, {"passwd", SUB_PASSWD}, {"disable", SUB_DISABLE}, {"enable", SUB_ENABLE},
		      {"unlock", SUB_UNLOCK}};
	for (size_t i = 0; i < sizeof SUBS / sizeof SUBS[0]; i++) {
		if (strcmp(sub, SUBS[i].name) != 0)
			continue;
		if (a->npos != 2)
			return cli_fail(2, "用法：fgdj user %s 用户名", sub);
		if (SUBS[i].kind == SUB_ADD && !cli_opt(a, "--role"))
			return cli_fail(2, "user add 需要 --role");
		store *s = cli_open(a);
		if (!s)
			return 2;
		fg_err e;
		int rc = change(s, a, SUBS[i].kind, &e);
		store_close(s);
		return rc ? cli_fail(cli_exit(rc), "%s", e.msg) : 0;
	}
	return cli_fail(2, "user 的子命令应为 add、passwd、disable、enable、unlock 或 list");
}
