/* Accounts (administrators): the list with a form to create one, and per account disable/enable,
 * unlock (when failed logins lock or throttle it) and a new password — the same store functions as fgdj user, in one transaction each, written
 * to the history as web:ADMIN. A password goes only to users_add/users_passwd (which hash it);
 * it is never written back into a page. */
#include <string.h>

#include "store/users.h"
#include "web/pages.h"

/* The create form's state when it comes back with errors. */
typedef struct user_form {
	const char *name, *role, *scope, *instructor;
	const char *err_name, *err_role, *err_scope, *err_instructor, *err_password;
	const char *alert;   /* a message above everything (an action on an account failed) */
} user_form;

/* Messages of the actions, chosen by the redirect's ?ok= (never text from the query). */
static const struct {
	const char *code, *text;
} DONE[] = {
	{"created", "已创建用户"},
	{"disabled", "已停用用户（其已登录的会话均已退出）"},
	{"enabled", "已启用用户"},
	{"passwd", "已修改密码（该用户已登录的会话均已退出）"},
	{"unlocked", "已解除登录锁定"},
};

typedef struct list_ctx {
	web_req *r;
	buf *b;
} list_ctx;

static void action_form(list_ctx *c, const user_rec *u, const char *what, const char *label, const char *confirm)
{
	buf *b = c->b;
	html_raw(b, "<form method=\"post\" action=\"/users/");
	html_url(b, u->name);
	html_printf(b, "/%s\" class=\"inline\"", what);
	if (confirm)
		html_printf(b, " data-confirm=\"%s\"", confirm);
	html_raw(b, ">");
	web_csrf_field(c->r, b);
	html_printf(b, "<button type=\"submit\">%s</button></form>", label);
}

static int list_row(void *ctx, const user_rec *u)
{
	list_ctx *c = ctx;
	buf *b = c->b;
	html_printf(b, "<tr id=\"user-%s\"><td>%s</td><td>%s</td><td>%s", u->name, u->name, users_role_label(u->role),
		    users_scope_text(u->scope_label, u->scope_level));
	if (u->instructor_id)
		html_printf(b, "；登记本人走访：%s（%s）", u->instructor_name, u->instructor_unit);
	html_printf(b, "</td><td>%s</td><td>%s</td><td>", u->disabled ? "已停用" : "启用", u->created);
	if (u->disabled)
		action_form(c, u, "enable", "启用", NULL);
	else if (strcmp(u->name, c->r->user.name) != 0)
		action_form(c, u, "disable", "停用", "停用后该用户立即退出登录，确定吗？");
	int64_t wait = 0;
	fg_err e;
	if (users_login_wait(web_db(c->r), u->name, NULL, c->r->now, &wait, &e))
		html_printf(b, "<span class=\"alert\">%s</span>", e.msg);
	else if (wait)
		action_form(c, u, "unlock", "解除锁定", NULL);
	/* <details> keeps the row short and opens without JavaScript. */
	html_raw(b, "<details><summary>修改密码</summary><form method=\"post\" action=\"/users/");
	html_url(b, u->name);
	html_raw(b, "/passwd\" class=\"inline\">");
	web_csrf_field(c->r, b);
	html_printf(b, "<label>新密码 <input type=\"password\" name=\"password\" autocomplete=\"new-password\" minlength=\"%d\" "
		       "required></label><button type=\"submit\">保存新密码</button></form></details></td></tr>\n",
		    USERS_PW_MIN);
	return 0;
}

static void field_error(buf *b, const char *err)
{
	if (err)
		html_printf(b, "<span class=\"field-error\" role=\"alert\">%s</span>", err);
}

/* Closes an <input …: marked invalid and followed by its message when err is set. */
static void input_end(buf *b, const char *err)
{
	html_raw(b, err ? " aria-invalid=\"true\">" : ">");
	field_error(b, err);
}

static void render(web_req *r, int status, const user_form *f)
{
	store *s = web_db(r);
	if (!s)
		return;
	buf *b = web_page_begin(r, "用户");
	html_raw(b, "<h1>用户</h1>\n");
	const char *ok = web_query(r, "ok"), *who = web_query(r, "user");
	for (size_t i = 0; ok && who && status == 200 && i < sizeof DONE / sizeof DONE[0]; i++)
		if (strcmp(ok, DONE[i].code) == 0)
			html_printf(b, "<p class=\"notice\" role=\"status\">%s：%s</p>\n", DONE[i].text, who);
	if (f->alert)
		html_printf(b, "<p class=\"alert\" role=\"alert\">%s</p>\n", f->alert);
	html_raw(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">用户名</th><th scope=\"col\">角色</th>"
		    "<th scope=\"col\">工作范围</th><th scope=\"col\">状态</th><th scope=\"col\">创建时间</th>"
		    "<th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	list_ctx c = {r, b};
	fg_err e;
	if (users_each(s, list_row, &c, &e))
		html_printf(b, "<tr><td colspan=\"6\" class=\"alert\">%s</td></tr>\n", e.msg);
	html_raw(b, "</tbody>\n</table></div>\n");

	html_raw(b, "<h2 id=\"new\">新建用户</h2>\n<form method=\"post\" action=\"/users\" class=\"stack\">\n");
	web_csrf_field(r, b);
	html_printf(b, "<label>用户名 <input name=\"name\" required maxlength=\"%d\" value=\"%s\"", USERS_NAME_CHARS,
		    f->name ? f->name : "");
	input_end(b, f->err_name);
	html_raw(b, "</label>\n<label>角色 <select name=\"role\">");
	for (int i = 0; i < ROLE_COUNT; i++)
		html_printf(b, "<option value=\"%s\"%s>%s（%s）</option>", users_role_name(i),
			    f->role && strcmp(f->role, users_role_name(i)) == 0 ? " selected" : "", users_role_label(i),
			    users_role_name(i));
	html_raw(b, "</select>");
	field_error(b, f->err_role);
	html_printf(b, "</label>\n<label>工作范围 <input name=\"scope\" value=\"%s\"", f->scope ? f->scope : "");
	input_end(b, f->err_scope);
	html_raw(b, "<span class=\"hint\">系统管理员、区级工作人员不填；街道工作人员填街道；社区工作人员填社区（重名时写“街道/社区”）；"
		    "党组织书记填党组织名称；指导员和只读用户可不填（全部范围）或填街道、社区。</span></label>\n");
	html_printf(b, "<label>关联党建指导员 <input name=\"instructor\" value=\"%s\"", f->instructor ? f->instructor : "");
	input_end(b, f->err_instructor);
	html_raw(b, "<span class=\"hint\">仅党建指导员账户：填指导员台账中的“姓名（派出单位）”，该账户即可登记本人的走访记录；"
		    "不填则只能查看。</span></label>\n");
	html_printf(b, "<label>密码 <input type=\"password\" name=\"password\" autocomplete=\"new-password\" required "
		       "minlength=\"%d\"",
		    USERS_PW_MIN);
	input_end(b, f->err_password);
	html_printf(b, "<span class=\"hint\">至少 %d 个字符。</span></label>\n"
		       "<button type=\"submit\">创建用户</button>\n</form>\n",
		    USERS_PW_MIN);
	web_page_end(r, status);
}

/* GET /users */
void page_users(web_req *r)
{
	user_form f = {0};
	render(r, 200, &f);
}

/* Runs one account change in a transaction named for the request's user. */
static int write_account(web_req *r, store *s, int (*fn)(store *, const void *, fg_err *), const void *arg, fg_err *e)
{
	int rc = store_begin(s, web_who(r), r->path, e);
	if (rc)
		return rc;
	rc = fn(s, arg, e);
	if (!rc)
		rc = store_commit(s, e);
	else
		store_rollback(s);
	return rc;
}

typedef struct add_arg {
	const user_rec *u;
	const char *password;
} add_arg;

static int do_add(store *s, const void *arg, fg_err *e)
{
	const add_arg *a = arg;
	return users_add(s, a->u, a->password, e);
}

static void redirect_done(web_req *r, const char *code, const char *name)
{
	buf loc = {0};
	buf_printf(&loc, "/users?ok=%s&user=", code);
	html_url(&loc, name);
	web_redirect(r, buf_cstr(&loc));
	buf_free(&loc);
}

/* POST /users — name, role, scope, password. Errors come back beside the fields (422). */
void page_users_post(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	user_form f = {web_field(r, "name"), web_field(r, "role"), web_field(r, "scope"), web_field(r, "instructor"),
		       NULL, NULL, NULL, NULL, NULL, NULL};
	const char *pw = web_field(r, "password");
	user_rec u;
	memset(&u, 0, sizeof u);
	fg_err en, es, ep;
	const char *name = f.name ? f.name : "";
	int nrc = users_name_free(s, name, &en);
	if (nrc == FG_EFAIL) {
		web_error(r, 500, en.msg);
		return;
	}
	if (nrc)
		f.err_name = en.msg;
	u.role = users_role_parse(f.role);
	if (u.role < 0)
		f.err_role = "请选择角色";
	else if (users_scope_resolve(s, f.scope && *f.scope ? f.scope : NULL, &u, &es))
		f.err_scope = es.msg;
	fg_err ei;
	if (!f.err_role && users_instructor_resolve(s, f.instructor, &u, &ei))
		f.err_instructor = ei.msg;
	if (users_password_check(pw ? pw : "", &ep))
		f.err_password = ep.msg;
	if (f.err_name || f.err_role || f.err_scope || f.err_instructor || f.err_password) {
		render(r, 422, &f);
		return;
	}
	snprintf(u.name, sizeof u.name, "%s", name);
	add_arg a = {&u, pw};
	fg_err e;
	int rc = write_account(r, s, do_add, &a, &e);
	if (rc == FG_EINPUT) {
		f.err_name = e.msg;
		render(r, 422, &f);
	} else if (rc) {
		web_error(r, 500, e.msg);
	} else {
		redirect_done(r, "created", u.name);
	}
}

/* The account named in the path, or 404. */
static int account(web_req *r, store *s, user_rec *u)
{
	const char *name = web_param(r, "user");
	if (!name || !users_get(s, name, u)) {
		web_error(r, 404, "没有这个用户");
		return -1;
	}
	return 0;
}

typedef struct dis_arg {
	const char *name;
	int disabled;
} dis_arg;

static int do_disable(store *s, const void *arg, fg_err *e)
{
	const dis_arg *a = arg;
	return users_set_disabled(s, a->name, a->disabled, e);
}

static void set_disabled(web_req *r, int disabled)
{
	store *s = web_db(r);
	user_rec u;
	if (!s || account(r, s, &u))
		return;
	if (disabled && strcmp(u.name, r->user.name) == 0) {
		user_form f = {0};
		f.alert = "不能停用自己的账户（请由另一位管理员操作）";
		render(r, 409, &f);
		return;
	}
	dis_arg a = {u.name, disabled};
	fg_err e;
	if (write_account(r, s, do_disable, &a, &e))
		web_error(r, 500, e.msg);
	else
		redirect_done(r, disabled ? "disabled" : "enabled", u.name);
}

/* POST /users/{user}/disable, /users/{user}/enable */
void page_user_disable(web_req *r)
{
	set_disabled(r, 1);
}

void page_user_enable(web_req *r)
{
	set_disabled(r, 0);
}

static int do_unlock(store *s, const void *arg, fg_err *e)
{
	return users_unlock(s, arg, NULL, e);
}

/* POST /users/{user}/unlock */
void page_user_unlock(web_req *r)
{
	store *s = web_db(r);
	user_rec u;
	if (!s || account(r, s, &u))
		return;
	fg_err e;
	if (write_account(r, s, do_unlock, u.name, &e))
		web_error(r, 500, e.msg);
	else
		redirect_done(r, "unlocked", u.name);
}

static int do_passwd(store *s, const void *arg, fg_err *e)
{
	const add_arg *a = arg;
	return users_passwd(s, a->u->name, a->password, e);
}

/* POST /users/{user}/passwd — password. Changing one's own password ends one's session too. */
void page_user_passwd(web_req *r)
{
	store *s = web_db(r);
	user_rec u;
	if (!s || account(r, s, &u))
		return;
	const char *pw = web_field(r, "password");
	fg_err e;
	if (users_password_check(pw ? pw : "", &e)) {
		user_form f = {0};
		buf m = {0};
		buf_printf(&m, "用户 %s 的密码未修改：%s", u.name, e.msg);
		f.alert = buf_cstr(&m);
		render(r, 422, &f);
		buf_free(&m);
		return;
	}
	add_arg a = {&u, pw};
	if (write_account(r, s, do_passwd, &a, &e))
		web_error(r, 500, e.msg);
	else if (strcmp(u.name, r->user.name) == 0)
		web_redirect(r, "/login");
	else
		redirect_done(r, "passwd", u.name);
}

static int list_json(void *ctx, const user_rec *u)
{
	json_array_append_new(ctx, users_rec_json(u));
	return 0;
}

/* GET /api/v1/users — the accounts as fgdj user list --format json prints them. */
void api_users(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	json_t *arr = json_array();
	fg_err e;
	if (users_each(s, list_json, arr, &e)) {
		json_decref(arr);
		web_error(r, 500, e.msg);
		return;
	}
	web_json(r, 200, json_pack("{s:o}", "items", arr));
}
