/* Accounts, sessions and login throttling: see users.h. */
#include "store/users.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "store/places.h"
#include "store/scope_sql.h"
#include "store/store_int.h"

/* Argon2id cost of new hashes: 16 MiB and 8 passes — the memory-time product of libsodium's
 * INTERACTIVE limits (64 MiB, 2 passes: 128 MiB-passes either way), which the earlier hashes have.
 * An attacker's cost per guess is that product (the memory filled and read again each pass: the
 * same memory traffic on a GPU, the same area-time on dedicated hardware), and more passes resist
 * the time-memory trade-offs better; the defender's time per login is the same (tens of
 * milliseconds), its peak memory a quarter (a server logging several users in at once held 64 MB
 * per login). A stored hash records its own limits: one of a smaller product (weaker) or of more
 * memory (an INTERACTIVE hash of earlier versions: 64 MiB held at each of its logins) is rehashed
 * to these at its next successful login, so that no login of a server costs more than 16 MiB and
 * none gets weaker; one of the same memory and a larger product is kept (pw_outdated). */
#define USERS_PW_OPS 8ULL
#define USERS_PW_MEM (16ULL << 20)

static const struct {
	const char *name, *label;
} ROLES[ROLE_COUNT] = {
	[ROLE_ADMIN] = {"admin", "系统管理员"},
	[ROLE_DISTRICT] = {"district", "区级工作人员"},
	[ROLE_STREET] = {"street", "街道工作人员"},
	[ROLE_COMMUNITY] = {"community", "社区工作人员"},
	[ROLE_SECRETARY] = {"secretary", "党组织书记"},
	[ROLE_INSTRUCTOR] = {"instructor", "党建指导员"},
	[ROLE_VIEWER] = {"viewer", "只读用户"},
};

const char *users_role_name(int role)
{
	return role >= 0 && role < ROLE_COUNT ? ROLES[role].name : NULL;
}

const char *users_role_label(int role)
{
	return role >= 0 && role < ROLE_COUNT ? ROLES[role].label : "未知角色";
}

const char *users_scope_text(const char *scope_label, const char *scope_level)
{
	return *scope_label ? scope_label : region_whole_name(strcmp(scope_level, "city") == 0);
}

int users_role_parse(const char *name)
{
	for (int i = 0; name && i < ROLE_COUNT; i++)
		if (strcmp(ROLES[i].name, name) == 0)
			return i;
	return -1;
}

/* ---- passwords ---- */

static pthread_once_t crypto_once = PTHREAD_ONCE_INIT;
static int crypto_ok;
/* A hash of a random password: verified against for unknown accounts so that they cost the same. */
static char dummy_hash[crypto_pwhash_STRBYTES];

static void crypto_init(void)
{
	if (sodium_init() < 0)
		return;
	unsigned char pw[16];
	randombytes_buf(pw, sizeof pw);
	if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof pw, USERS_PW_OPS, USERS_PW_MEM) == 0)
		crypto_ok = 1;
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], fg_err *e)
{
	pthread_once(&crypto_once, crypto_init);
	if (!crypto_ok)
		return err_set(e, FG_EFAIL, "密码库 libsodium 无法初始化");
	if (crypto_pwhash_str(out, password, strlen(password), USERS_PW_OPS, USERS_PW_MEM) != 0)
		return err_set(e, FG_EFAIL, "计算密码散列时内存不足");
	return FG_OK;
}

/* 1 when a stored hash ("$argon2id$v=19$m=KiB,t=passes,p=1$…") is to be made again with
 * USERS_PW_MEM and USERS_PW_OPS at the next login: not Argon2id, a memory-time product smaller than
 * theirs, or more memory than USERS_PW_MEM. */
static int pw_outdated(const char *hash)
{
	unsigned long long m = 0, t = 0;
	if (strncmp(hash, "$argon2id$", 10) != 0 || sscanf(hash + 10, "v=%*u$m=%llu,t=%llu", &m, &t) != 2)
		return 1;
	return m * t < (USERS_PW_MEM >> 10) * USERS_PW_OPS || m > (USERS_PW_MEM >> 10);
}

/* The next code point of a NUL-terminated string, advancing *p; -1 for ill-formed UTF-8. */
static UChar32 next_cp(const char **p)
{
	const uint8_t *q = (const uint8_t *)*p;
	int32_t i = 0, n = (int32_t)strnlen(*p, 4);
	UChar32 c;
	U8_NEXT(q, i, n, c);
	*p += i;
	return c;
}

static int name_char_ok(UChar32 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		       c == '-';
	UErrorCode err = U_ZERO_ERROR;
	return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) && uscript_getScript(c, &err) == USCRIPT_HAN && U_SUCCESS(err);
}

/* 1 when the name is its own NFKC form (compatibility ideographs such as U+F900 are not). */
static int nfkc_stable(const char *name)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nf = unorm2_getNFKCInstance(&err);
	UChar u[2 * USERS_NAME_MAX + 2];
	int32_t n = 0;
	u_strFromUTF8(u, (int32_t)(sizeof u / sizeof u[0]), &n, name, -1, &err);
	return U_SUCCESS(err) && unorm2_isNormalized(nf, u, n, &err) && U_SUCCESS(err);
}

int users_name_check(const char *name, fg_err *e)
{
	static const char ALLOWED[] = "只能使用英文字母、数字、. _ - 和汉字";
	size_t chars = 0;
	if (strlen(name) > USERS_NAME_MAX)
		return err_set(e, FG_EINPUT, "用户名应为 1 到 %d 个字符", USERS_NAME_CHARS);
	for (const char *p = name; *p;) {
		UChar32 c = next_cp(&p);
		if (c < 0)
			return err_set(e, FG_EINPUT, "用户名不是有效的 UTF-8 文本");
		if (!name_char_ok(c))
			return err_set(e, FG_EINPUT, "用户名含有不允许的字符 U+%04X（第 %zu 个字符）：%s", (unsigned)c,
				       chars + 1, ALLOWED);
		chars++;
	}
	if (chars == 0 || chars > USERS_NAME_CHARS)
		return err_set(e, FG_EINPUT, "用户名应为 1 到 %d 个字符", USERS_NAME_CHARS);
	if (!nfkc_stable(name))
		return err_set(e, FG_EINPUT, "用户名“%s”含有兼容字符（NFKC 规范化后会改变）：%s", name, ALLOWED);
	return FG_OK;
}

int users_name_free(store *s, const char *name, fg_err *e)
{
	int rc = users_name_check(name, e);
	if (rc)
		return rc;
	/* The allowed characters are ASCII (users_name_check), whose case lower() folds on both backends. */
	static const char sql[] = "SELECT name FROM app_user WHERE lower(name) = lower(?1)";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, name);
	rc = sql_step(st);
	if (rc == SQL_ROW) {
		const char *have = sql_col_text(st, 0);
		if (strcmp(have, name) == 0)
			err_set(e, FG_EINPUT, "用户“%s”已存在", name);
		else
			err_set(e, FG_EINPUT, "用户名“%s”与已有用户“%s”只有大小写不同，容易混淆", name, have);
		sql_reset(st);
		return FG_EINPUT;
	}
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "查找用户");
}

int users_password_check(const char *password, fg_err *e)
{
	size_t n = strlen(password);
	if (n < USERS_PW_MIN)
		return err_set(e, FG_EINPUT, "密码至少 %d 个字符", USERS_PW_MIN);
	if (n > USERS_PW_MAX)
		return err_set(e, FG_EINPUT, "密码不能超过 %d 字节", USERS_PW_MAX);
	return FG_OK;
}

/* ---- reading accounts ---- */

/* An account's columns as read_user reads them (USER_NCOLS of them), and the tables they come
 * from after "FROM app_user u". The organisation is looked up for a secretary's account only: on a
 * database partitioned by district (docs/scaling.md) a look-up by id reads every district's
 * partition, on every server — for each request of every user, were it a join. */
#define USER_COLS                                                                                     \
	"u.id, u.name, u.role, u.scope_region_id, u.scope_org_id, u.disabled, u.created,"            \
	" r.level, r.name, " REGION_PATH("r.id") ", CASE WHEN u.scope_org_id <> 0 THEN"               \
	" (SELECT o.name FROM org o WHERE o.id = u.scope_org_id) END, u.instructor_id, i.name, i.unit," \
	" (SELECT level FROM region WHERE id = 1)"
#define USER_JOINS                                                                                    \
	" LEFT JOIN region r ON r.id = u.scope_region_id LEFT JOIN instructor i ON i.id = u.instructor_id"
enum { USER_NCOLS = 15 };
#define USER_SELECT "SELECT " USER_COLS " FROM app_user u" USER_JOINS

static void copy_col(char *dst, size_t cap, sql_st *st, int i)
{
	const char *v = sql_col_text(st, i);
	snprintf(dst, cap, "%s", v ? v : "");
}

/* Fills the scope label from a region's level, name and path: the path names it back to
 * --region and the statistics ("街道", "街道/社区", "区县/街道/社区" in a city). */
static void region_label(user_rec *u, const char *level, const char *name, const char *path)
{
	snprintf(u->scope_level, sizeof u->scope_level, "%s", level ? level : "");
	snprintf(u->scope_label, sizeof u->scope_label, "%s", path && *path ? path : name ? name : "");
}

static void read_user(sql_st *st, user_rec *u)
{
	memset(u, 0, sizeof *u);
	u->id = sql_col_int64(st, 0);
	copy_col(u->name, sizeof u->name, st, 1);
	u->role = users_role_parse(sql_col_text(st, 2));
	u->scope_region_id = sql_col_int64(st, 3);
	u->scope_org_id = sql_col_int64(st, 4);
	u->disabled = (int)sql_col_int64(st, 5);
	copy_col(u->created, sizeof u->created, st, 6);
	u->instructor_id = sql_col_int64(st, 11);
	copy_col(u->instructor_name, sizeof u->instructor_name, st, 12);
	copy_col(u->instructor_unit, sizeof u->instructor_unit, st, 13);
	if (u->scope_org_id) {
		u->scope_kind = SCOPE_ORG;
		copy_col(u->scope_label, sizeof u->scope_label, st, 10);
	} else if (u->scope_region_id && u->scope_region_id != 1) {
		u->scope_kind = SCOPE_REGION;
		region_label(u, sql_col_text(st, 7), sql_col_text(st, 8),
			     sql_col_text(st, 9));
	} else {
		u->scope_kind = SCOPE_DISTRICT;
		u->scope_region_id = 0;
		copy_col(u->scope_level, sizeof u->scope_level, st, 14); /* the root's: "district" or "city" */
	}
}

int users_get(store *s, const char *name, user_rec *u)
{
	static const char sql[] = USER_SELECT " WHERE u.name = ?";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, name);
	int found = sql_step(st) == SQL_ROW;
	if (found)
		read_user(st, u);
	sql_reset(st);
	return found;
}

int users_each(store *s, int (*fn)(void *ctx, const user_rec *u), void *ctx, fg_err *e)
{
	static const char sql[] = USER_SELECT " ORDER BY u.name";
	sql_st *st = store_st(s, sql);
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		user_rec u;
		read_user(st, &u);
		int r = fn(ctx, &u);
		if (r) {
			sql_reset(st);
			return r;
		}
	}
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "读取用户");
}

/* ---- scope ---- */

static int region_fill(store *s, int64_t id, user_rec *u)
{
	static const char sql[] = "SELECT r.level, r.name, " REGION_PATH("r.id") " FROM region r WHERE r.id = ?";
	sql_st *st = store_st(s, sql);
	sql_bind_int64(st, 1, id);
	int found = sql_step(st) == SQL_ROW;
	if (found)
		region_label(u, sql_col_text(st, 0), sql_col_text(st, 1),
			     sql_col_text(st, 2));
	sql_reset(st);
	return found;
}

int users_scope_resolve(store *s, const char *scope, user_rec *u, fg_err *e)
{
	const char *role = users_role_name(u->role);
	int has = scope && *scope;
	u->scope_kind = SCOPE_DISTRICT;
	u->scope_region_id = u->scope_org_id = 0;
	u->scope_level[0] = u->scope_label[0] = '\0';
	int city = store_region_is_city(s);
	snprintf(u->scope_level, sizeof u->scope_level, "%s", city ? "city" : "district"); /* as read_user */
	switch (u->role) {
	case ROLE_ADMIN:
		if (has)
			return err_set(e, FG_EINPUT, "角色 %s 的范围是%s，不带 --scope", role, region_whole_name(city));
		return FG_OK;
	case ROLE_DISTRICT:
		/* The whole territory, or in a city one district (--scope 区县). */
		if (!has)
			return FG_OK;
		break;
	case ROLE_SECRETARY: {
		if (!has)
			return err_set(e, FG_EINPUT, "角色 secretary 需要 --scope 党组织名称");
		static const char sql[] = "SELECT id, name FROM org WHERE name = ?";
		sql_st *st = store_st(s, sql);
		sql_bind_text(st, 1, scope);
		if (sql_step(st) == SQL_ROW) {
			u->scope_org_id = sql_col_int64(st, 0);
			copy_col(u->scope_label, sizeof u->scope_label, st, 1);
		}
		sql_reset(st);
		if (!u->scope_org_id)
			return err_set(e, FG_EINPUT, "没有名为“%s”的党组织", scope);
		u->scope_kind = SCOPE_ORG;
		u->scope_level[0] = '\0';
		return FG_OK;
	}
	case ROLE_STREET:
	case ROLE_COMMUNITY:
		if (!has)
			return err_set(e, FG_EINPUT, "角色 %s 需要 --scope %s名称", role,
				       u->role == ROLE_STREET ? "街道" : "社区");
		break;
	case ROLE_INSTRUCTOR:
	case ROLE_VIEWER:
		if (!has)
			return FG_OK;
		break;
	default:
		return err_set(e, FG_EINPUT, "未知角色");
	}
	store_filter f;
	char *label = NULL;
	int rc = store_region_resolve(s, scope, &f, &label, e);
	free(label);
	if (rc)
		return rc;
	if (f.zone_id)
		return err_set(e, FG_EINPUT, "“%s”是区域（园区/商圈/楼宇），不能作为用户范围；请用街道或社区", scope);
	if (f.region_id == 0 || f.region_id == 1)
		return err_set(e, FG_EINPUT, "“%s”是%s；%s范围的用户不带 --scope", scope, region_whole_name(city),
			       region_whole_name(city));
	if (!region_fill(s, f.region_id, u))
		return err_set(e, FG_EINPUT, "没有名为“%s”的街道或社区", scope);
	const char *need = u->role == ROLE_STREET	 ? "street"
			   : u->role == ROLE_COMMUNITY ? "community"
			   : u->role == ROLE_DISTRICT	 ? "district"
						       : NULL;
	if (need && strcmp(u->scope_level, need) != 0)
		return err_set(e, FG_EINPUT, "“%s”不是%s；角色 %s 的范围应为一个%s", scope, region_level_label(need), role,
			       region_level_label(need));
	u->scope_region_id = f.region_id;
	u->scope_kind = SCOPE_REGION;
	return FG_OK;
}

json_t *users_rec_json(const user_rec *u)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "name", u->name, "role", users_role_name(u->role),
			      "role_label", users_role_label(u->role), "scope", u->scope_label, "disabled", u->disabled,
			      "created", u->created);
	if (u->instructor_id)
		json_object_set_new(o, "instructor",
				    json_pack("{s:s, s:s}", "name", u->instructor_name, "unit", u->instructor_unit));
	return o;
}

int users_instructor_resolve(store *s, const char *instructor, user_rec *u, fg_err *e)
{
	u->instructor_id = 0;
	u->instructor_name[0] = u->instructor_unit[0] = '\0';
	if (!instructor || !*instructor)
		return FG_OK;
	if (u->role != ROLE_INSTRUCTOR)
		return err_set(e, FG_EINPUT, "只有党建指导员账户可以关联党建指导员台账");
	/* "姓名（派出单位）" or "姓名" */
	char name[256], unit[256] = "";
	snprintf(name, sizeof name, "%s", instructor);
	char *open = strstr(name, "（");
	size_t n = strlen(name);
	if (open && n >= 3 && strcmp(name + n - 3, "）") == 0) {
		name[n - 3] = '\0';
		snprintf(unit, sizeof unit, "%s", open + 3);
		*open = '\0';
	}
	static const char sql[] = "SELECT id, name, unit FROM instructor WHERE name = ?1 AND (?2 IS NULL OR unit = ?2)"
				  " ORDER BY id LIMIT 2";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, *unit ? unit : NULL);
	int found = 0, rc;
	while ((rc = sql_step(st)) == SQL_ROW && found < 2) {
		if (!found++) {
			u->instructor_id = sql_col_int64(st, 0);
			copy_col(u->instructor_name, sizeof u->instructor_name, st, 1);
			copy_col(u->instructor_unit, sizeof u->instructor_unit, st, 2);
		}
	}
	sql_reset(st);
	if (found == 1)
		return FG_OK;
	u->instructor_id = 0;
	u->instructor_name[0] = u->instructor_unit[0] = '\0';
	if (found > 1)
		return err_set(e, FG_EINPUT, "党建指导员台账中有多位“%s”，请写作“姓名（派出单位）”", name);
	return err_set(e, FG_EINPUT, "党建指导员台账中没有“%s”", instructor);
}

int users_org_name(store *s, int64_t org_id, buf *out)
{
	static const char sql[] = "SELECT name FROM org WHERE id = ?";
	sql_st *st = store_st(s, sql);
	sql_bind_int64(st, 1, org_id);
	int found = sql_step(st) == SQL_ROW;
	if (found)
		buf_puts(out, sql_col_text(st, 0));
	sql_reset(st);
	return found;
}

/* ---- changing accounts ---- */

static int hist_user(store *s, const char *name, const char *op, json_t *old, json_t *new, fg_err *e)
{
	char *jo = old ? json_dumps(old, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *jn = new ? json_dumps(new, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	int rc = store_hist(s, "app_user", name, op, jo, jn, e);
	free(jo);
	free(jn);
	json_decref(old);
	json_decref(new);
	return rc;
}

static int end_sessions(store *s, const char *name, fg_err *e)
{
	static const char sql[] = "DELETE FROM session WHERE user_id = (SELECT id FROM app_user WHERE name = ?)";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, name);
	int rc = sql_step(st);
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "结束该用户的会话");
}

int users_add(store *s, const user_rec *u, const char *password, fg_err *e)
{
	int rc = users_name_free(s, u->name, e);
	if (!rc)
		rc = users_password_check(password, e);
	if (rc)
		return rc;
	char hash[crypto_pwhash_STRBYTES];
	if ((rc = hash_password(password, hash, e)))
		return rc;
	static const char sql[] = "INSERT INTO app_user(name, role, scope_region_id, scope_org_id, pwhash, disabled,"
				  " created, instructor_id) VALUES (?, ?, ?, ?, ?, 0, ?, ?)";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, u->name);
	sql_bind_text(st, 2, users_role_name(u->role));
	if (u->scope_kind == SCOPE_REGION)
		sql_bind_int64(st, 3, u->scope_region_id);
	if (u->scope_kind == SCOPE_ORG)
		sql_bind_int64(st, 4, u->scope_org_id);
	sql_bind_text(st, 5, hash);
	sql_bind_text(st, 6, s->now);
	if (u->instructor_id)
		sql_bind_int64(st, 7, u->instructor_id);
	rc = sql_step(st);
	sql_reset(st);
	sodium_memzero(hash, sizeof hash);
	if (rc != SQL_DONE)
		return db_err(s, e, "新建用户");
	json_t *rec = json_pack("{s:s, s:s, s:i}", "role", users_role_name(u->role), "scope", u->scope_label,
				"disabled", 0);
	if (u->instructor_id) {
		char label[300];
		snprintf(label, sizeof label, "%s（%s）", u->instructor_name, u->instructor_unit);
		json_object_set_new(rec, "instructor", json_string(label));
	}
	return hist_user(s, u->name, "insert", NULL, rec, e);
}

int users_passwd(store *s, const char *name, const char *password, fg_err *e)
{
	int rc = users_password_check(password, e);
	if (rc)
		return rc;
	user_rec u;
	if (!users_get(s, name, &u))
		return err_set(e, FG_EINPUT, "没有用户“%s”", name);
	char hash[crypto_pwhash_STRBYTES];
	if ((rc = hash_password(password, hash, e)))
		return rc;
	static const char sql[] = "UPDATE app_user SET pwhash = ? WHERE id = ?";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, hash);
	sql_bind_int64(st, 2, u.id);
	rc = sql_step(st);
	sql_reset(st);
	sodium_memzero(hash, sizeof hash);
	if (rc != SQL_DONE)
		return db_err(s, e, "修改密码");
	if ((rc = end_sessions(s, name, e)))
		return rc;
	return hist_user(s, name, "update", NULL, json_pack("{s:s}", "password", "已修改"), e);
}

int users_set_disabled(store *s, const char *name, int disabled, fg_err *e)
{
	user_rec u;
	if (!users_get(s, name, &u))
		return err_set(e, FG_EINPUT, "没有用户“%s”", name);
	disabled = disabled != 0;
	int rc = disabled ? end_sessions(s, name, e) : FG_OK;
	if (rc)
		return rc;
	if (u.disabled == disabled)
		return FG_OK;
	static const char sql[] = "UPDATE app_user SET disabled = ? WHERE id = ?";
	sql_st *st = store_st(s, sql);
	sql_bind_int64(st, 1, disabled);
	sql_bind_int64(st, 2, u.id);
	rc = sql_step(st);
	sql_reset(st);
	if (rc != SQL_DONE)
		return db_err(s, e, "修改用户状态");
	return hist_user(s, name, "update", json_pack("{s:i}", "disabled", u.disabled),
			 json_pack("{s:i}", "disabled", disabled), e);
}

int users_unlock(store *s, const char *name, int *cleared, fg_err *e)
{
	user_rec u;
	if (!users_get(s, name, &u))
		return err_set(e, FG_EINPUT, "没有用户“%s”", name);
	static const char sql[] = "DELETE FROM login_attempt WHERE name = ? AND ok = 0";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, name);
	int rc = sql_step(st);
	sql_reset(st);
	if (rc != SQL_DONE)
		return db_err(s, e, "解除锁定");
	int n = sql_changes(s->sql);
	if (cleared)
		*cleared = n;
	if (!n)
		return FG_OK;
	return hist_user(s, name, "update", json_pack("{s:i}", "login_failures", n), json_pack("{s:i}", "login_failures", 0),
			 e);
}

/* ---- logins ---- */

/* Records an attempt as a failure before its password is checked, so that concurrent guesses
 * at one name count each other at once; attempt_ok turns it into a success. */
static int record_attempt(store *s, const char *name, const char *client, int64_t now, int64_t *id, fg_err *e)
{
	static const char sql[] = "INSERT INTO login_attempt(name, at, ok, client) VALUES (?, ?, 0, ?) RETURNING id";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, name);
	sql_bind_int64(st, 2, now);
	sql_bind_text(st, 3, client);
	int rc = sql_step(st);
	*id = 0;
	if (rc == SQL_ROW) {
		*id = sql_col_int64(st, 0);
		rc = sql_step(st);
	}
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "记录登录尝试");
}

static int attempt_ok(store *s, int64_t id, fg_err *e)
{
	static const char sql[] = "UPDATE login_attempt SET ok = 1 WHERE id = ?";
	sql_st *st = store_st(s, sql);
	sql_bind_int64(st, 1, id);
	int rc = sql_step(st);
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "记录登录尝试");
}

/* The end of the name's throttle or lock (0 when none), from its newest failures since its last
 * success: locked for the window after the USERS_LOCK_FAILS-th failure when they all fell within
 * one window; otherwise throttled after the last failure, by the failures within the window. */
static int name_until(store *s, const char *name, int64_t now, int64_t *until, fg_err *e)
{
	static const char sql[] =
		"SELECT at FROM login_attempt WHERE name = ?1 AND ok = 0 AND at > ?2"
		" AND id > coalesce((SELECT max(id) FROM login_attempt WHERE name = ?1 AND ok = 1), 0)"
		" ORDER BY id DESC LIMIT ?3";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, name);
	sql_bind_int64(st, 2, now - 2 * USERS_LOCK_WINDOW);
	sql_bind_int64(st, 3, USERS_LOCK_FAILS);
	int n = 0, recent = 0, rc;
	int64_t last = 0, at = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		at = sql_col_int64(st, 0);
		if (n++ == 0)
			last = at;
		recent += at > now - USERS_LOCK_WINDOW;
	}
	sql_reset(st);
	if (rc != SQL_DONE)
		return db_err(s, e, "读取登录记录");
	if (n >= USERS_LOCK_FAILS && last - at < USERS_LOCK_WINDOW)
		*until = last + USERS_LOCK_WINDOW;
	else
		*until = recent >= 2 ? last + (int64_t)USERS_THROTTLE_STEP * (recent - 1) : 0;
	return FG_OK;
}

/* The end of the address's refusal (0 when none): its USERS_ADDR_FAILS-th newest failure within
 * the window, plus the window. */
static int client_until(store *s, const char *client, int64_t now, int64_t *until, fg_err *e)
{
	static const char sql[] = "SELECT at FROM login_attempt WHERE client = ? AND ok = 0 AND at > ?"
				  " ORDER BY at DESC LIMIT 1 OFFSET ?";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, client);
	sql_bind_int64(st, 2, now - USERS_ADDR_WINDOW);
	sql_bind_int64(st, 3, USERS_ADDR_FAILS - 1);
	int rc = sql_step(st);
	*until = rc == SQL_ROW ? sql_col_int64(st, 0) + USERS_ADDR_WINDOW : 0;
	sql_reset(st);
	return rc == SQL_ROW || rc == SQL_DONE ? FG_OK : db_err(s, e, "读取登录记录");
}

int users_login_wait(store *s, const char *name, const char *client, int64_t now, int64_t *wait, fg_err *e)
{
	int64_t a = 0, b = 0;
	int rc = name_until(s, name, now, &a, e);
	if (!rc && client)
		rc = client_until(s, client, now, &b, e);
	int64_t until = a > b ? a : b;
	*wait = until > now ? until - now : 0;
	return rc;
}

users_login_result users_login(store *s, const char *name, const char *password, const char *client, int64_t now,
			       user_rec *u, int64_t *wait, fg_err *e)
{
	pthread_once(&crypto_once, crypto_init);
	if (!crypto_ok) {
		err_set(e, FG_EFAIL, "密码库 libsodium 无法初始化");
		return LOGIN_ERROR;
	}
	if (users_login_wait(s, name, client, now, wait, e))
		return LOGIN_ERROR;
	if (*wait)
		return LOGIN_WAIT;
	static const char sql[] = "SELECT pwhash FROM app_user WHERE name = ? AND disabled = 0";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, name);
	char hash[crypto_pwhash_STRBYTES];
	int found = 0, rc = sql_step(st);
	if (rc == SQL_ROW && sql_col_text(st, 0)) {
		snprintf(hash, sizeof hash, "%s", sql_col_text(st, 0));
		found = 1;
	}
	sql_reset(st);
	if (rc != SQL_ROW && rc != SQL_DONE) {
		db_err(s, e, "读取用户");
		return LOGIN_ERROR;
	}
	int64_t attempt;
	if (record_attempt(s, name, client, now, &attempt, e))
		return LOGIN_ERROR;
	size_t plen = strlen(password);
	int ok = crypto_pwhash_str_verify(found ? hash : dummy_hash, password, plen) == 0 && found;
	if (!ok || !users_get(s, name, u))
		return LOGIN_BAD;
	if (attempt_ok(s, attempt, e))
		return LOGIN_ERROR;
	if (pw_outdated(hash)) {
		/* One statement, its own transaction, and only over the hash just verified: a password
		 * changed meanwhile is not overwritten. No history row of the account: its password is
		 * the same (the login itself is recorded by the caller). */
		char fresh[crypto_pwhash_STRBYTES];
		if (hash_password(password, fresh, e))
			return LOGIN_ERROR;
		static const char up[] = "UPDATE app_user SET pwhash = ? WHERE id = ? AND pwhash = ?";
		st = store_st(s, up);
		sql_bind_text(st, 1, fresh);
		sql_bind_int64(st, 2, u->id);
		sql_bind_text(st, 3, hash);
		rc = sql_step(st);
		sql_reset(st);
		sodium_memzero(fresh, sizeof fresh);
		if (rc != SQL_DONE) {
			db_err(s, e, "更新密码散列");
			return LOGIN_ERROR;
		}
	}
	return LOGIN_OK;
}

/* ---- sessions ---- */

int users_session_put(store *s, const char *token_hash, int64_t user_id, const char *csrf, int64_t now,
		      int64_t expires, fg_err *e)
{
	static const char sql[] = "INSERT INTO session(token_hash, user_id, csrf, created, seen, expires)"
				  " VALUES (?, ?, ?, ?, ?, ?)";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, token_hash);
	sql_bind_int64(st, 2, user_id);
	sql_bind_text(st, 3, csrf);
	sql_bind_int64(st, 4, now);
	sql_bind_int64(st, 5, now);
	sql_bind_int64(st, 6, expires);
	int rc = sql_step(st);
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "保存会话");
}

int users_session_get(store *s, const char *token_hash, int64_t now, user_rec *u, users_session *ss)
{
	/* The session and its account in one statement: every request asks this first (on
	 * PostgreSQL each statement is a round trip). */
	static const char sql[] = "SELECT " USER_COLS ", s.csrf, s.created, s.seen, s.expires FROM session s"
				  " JOIN app_user u ON u.id = s.user_id" USER_JOINS
				  " WHERE s.token_hash = ? AND s.expires > ? AND u.disabled = 0";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, token_hash);
	sql_bind_int64(st, 2, now);
	int found = sql_step(st) == SQL_ROW;
	if (found) {
		read_user(st, u);
		copy_col(ss->csrf, sizeof ss->csrf, st, USER_NCOLS);
		ss->created = sql_col_int64(st, USER_NCOLS + 1);
		ss->seen = sql_col_int64(st, USER_NCOLS + 2);
		ss->expires = sql_col_int64(st, USER_NCOLS + 3);
	}
	sql_reset(st);
	return found;
}

int users_session_touch(store *s, const char *token_hash, int64_t seen, int64_t expires, fg_err *e)
{
	static const char sql[] = "UPDATE session SET seen = ?, expires = ? WHERE token_hash = ?";
	sql_st *st = store_st(s, sql);
	sql_bind_int64(st, 1, seen);
	sql_bind_int64(st, 2, expires);
	sql_bind_text(st, 3, token_hash);
	int rc = sql_step(st);
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "更新会话");
}

int users_session_delete(store *s, const char *token_hash, fg_err *e)
{
	static const char sql[] = "DELETE FROM session WHERE token_hash = ?";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, token_hash);
	int rc = sql_step(st);
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "结束会话");
}

int users_purge(store *s, int64_t now, fg_err *e)
{
	static const char q1[] = "DELETE FROM session WHERE expires <= ?";
	static const char q2[] = "DELETE FROM login_attempt WHERE at < ?";
	sql_st *st = store_st(s, q1);
	sql_bind_int64(st, 1, now);
	int rc = sql_step(st);
	sql_reset(st);
	if (rc != SQL_DONE)
		return db_err(s, e, "清理过期会话");
	st = store_st(s, q2);
	sql_bind_int64(st, 1, now - 86400);
	rc = sql_step(st);
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "清理登录记录");
}
