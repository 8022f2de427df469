/* users — accounts, web sessions and login throttling (tables app_user, session, login_attempt).
 *
 * Part of the store: the only SQL about accounts lives in users.c, always with bound parameters.
 * Passwords are hashed here with libsodium's crypto_pwhash_str (Argon2id) at 16 MiB and 8 passes,
 * the memory-time product of the INTERACTIVE limits (64 MiB, 2 passes) in a quarter of the memory
 * (users.c argues the equivalence): a login stays quick on a small server and the tests stay fast.
 * A stored hash records its own limits; one of a smaller product, or of more memory (the INTERACTIVE
 * hashes of earlier versions, 64 MiB per login), is rehashed to these at its next successful login.
 *
 * Account changes (users_add, users_passwd, users_set_disabled, users_unlock) must run inside
 * store_begin/store_commit; they write history rows of table "app_user" keyed by the account name,
 * never containing a password or its hash. Session and throttling rows are not ledger data: they
 * are written without a transaction and leave no history (logins are logged by the caller).
 * Times are Unix seconds supplied by the caller, so tests can pin them. */
#ifndef FGDJ_USERS_H
#define FGDJ_USERS_H
#include <stdint.h>

#include "store/store.h"

#define USERS_NAME_CHARS 32    /* characters of an account name, at most */
#define USERS_NAME_MAX 128     /* bytes of an account name (32 four-byte ideographs) */
#define USERS_PW_MIN 8         /* characters (bytes) of a password, at least */
#define USERS_PW_MAX 1024      /* bytes of a password, at most */
#define USERS_LOCK_FAILS 5     /* failures of a name within USERS_LOCK_WINDOW lock it ... */
#define USERS_LOCK_WINDOW 900  /* ... for this many seconds after the failure that locked it */
#define USERS_THROTTLE_STEP 2  /* seconds of wait per failure after the first, before the lock */
#define USERS_ADDR_FAILS 20    /* failures from one client address within USERS_ADDR_WINDOW ... */
#define USERS_ADDR_WINDOW 300  /* ... refuse that address for this many seconds */

/* Roles of domain.md §1. The order is stored nowhere (the table keeps the English name). */
typedef enum users_role {
	ROLE_ADMIN,      /* 区委组织部 / 两新党工委 administrator: everything, users, history */
	ROLE_DISTRICT,   /* district staff: the whole district's ledger */
	ROLE_STREET,     /* street / zone staff: one street and its communities */
	ROLE_COMMUNITY,  /* community staff: one community */
	ROLE_SECRETARY,  /* an organisation's secretary: that organisation */
	ROLE_INSTRUCTOR, /* 党建指导员: read-only within a region (the district when no scope) */
	ROLE_VIEWER,     /* leader, auditor: read-only within a region (the district when no scope) */
	ROLE_COUNT
} users_role;

/* "admin", "district", ... or NULL for a value outside the enum. */
const char *users_role_name(int role);
/* Chinese name of the role ("系统管理员" ...), or "未知角色". */
const char *users_role_label(int role);
/* Role by English name; -1 when unknown. */
int users_role_parse(const char *name);
/* An account's scope as a person reads it: its place or organisation (scope_label), or for the
 * whole territory (label "") its name, 全市 or 全区 by the root's level (scope_level "city"). */
const char *users_scope_text(const char *scope_label, const char *scope_level);

/* What a user may see: the whole district, a region subtree, or one organisation. */
typedef enum users_scope_kind { SCOPE_DISTRICT, SCOPE_REGION, SCOPE_ORG } users_scope_kind;

/* One account as read from the store. Plain data: copy freely, nothing to free. */
typedef struct user_rec {
	int64_t id;
	char name[USERS_NAME_MAX + 1];
	int role;                  /* users_role */
	users_scope_kind scope_kind;
	int64_t scope_region_id;   /* SCOPE_REGION: a street or community id; else 0 */
	int64_t scope_org_id;      /* SCOPE_ORG: the organisation's id; else 0 */
	char scope_level[16];      /* the level of the region in scope ("city" … "community"); else "" */
	/* The scope as a region argument for store_region_resolve/stats_compute ("东城街道",
	 * "东城街道/幸福社区"), the organisation's name for SCOPE_ORG, "" for the district. */
	char scope_label[256];
	int64_t instructor_id;     /* an instructor's account: its row of the instructor ledger; else 0 */
	char instructor_name[128]; /* that row's 姓名 and 派出单位, "" without one */
	char instructor_unit[128];
	int disabled;
	char created[32];
} user_rec;

/* Checks the role/scope combination and resolves scope (a street or community name — written
 * "街道/社区" when ambiguous — or an organisation name) into u's scope fields. Accepted:
 *   admin, district      no scope (the district);
 *   street               a street;           community   a community;
 *   secretary            an organisation;
 *   instructor, viewer   none (the district), a street or a community.
 * Zones are not scopes: a zone crosses streets, so staff of a zone get district or street rights.
 * Returns FG_OK, or FG_EINPUT with a message naming what is wrong. u->role must be set. */
int users_scope_resolve(store *s, const char *scope, user_rec *u, fg_err *e);

/* Links an instructor's account (u->role must be ROLE_INSTRUCTOR) to its row of the instructor
 * ledger, named "姓名（派出单位）" or, when the name is unique, "姓名": such an account records its
 * own visits (store/scope.h). NULL or "" links nothing. FG_OK, or FG_EINPUT naming what is wrong. */
int users_instructor_resolve(store *s, const char *instructor, user_rec *u, fg_err *e);

/* Checks a new account name: 1..USERS_NAME_CHARS characters, each an ASCII letter or digit,
 * '.', '_', '-' or a Han ideograph, and the name its own NFKC form — so that no two names look
 * alike (no invisible or bidirectional characters, no full-width letters, no compatibility
 * ideographs). FG_OK or FG_EINPUT naming the character. */
int users_name_check(const char *name, fg_err *e);
/* users_name_check, and no account has the name or the name in another case ("Admin" when
 * "admin" exists). FG_OK, FG_EINPUT, or FG_EFAIL on a database error. */
int users_name_free(store *s, const char *name, fg_err *e);
/* Checks a password's length. FG_OK or FG_EINPUT. */
int users_password_check(const char *password, fg_err *e);

/* Creates the account u->name with u's role and scope and the password (hashed here).
 * Needs a transaction; writes history. FG_EINPUT when the name is taken or invalid. */
int users_add(store *s, const user_rec *u, const char *password, fg_err *e);
/* Sets a new password and ends the account's sessions. Needs a transaction; writes history
 * ("password": "已修改"). FG_EINPUT for an unknown account. */
int users_passwd(store *s, const char *name, const char *password, fg_err *e);
/* Disables (1) or enables (0) an account; disabling ends its sessions. Needs a transaction;
 * writes history when the state changes. FG_EINPUT for an unknown account. */
int users_set_disabled(store *s, const char *name, int disabled, fg_err *e);
/* Forgets the account's failed logins, which ends its lock and throttling (not an address's).
 * Needs a transaction; writes history ("login_failures": n → 0) when there were any.
 * *cleared (may be NULL) receives n. FG_EINPUT for an unknown account. */
int users_unlock(store *s, const char *name, int *cleared, fg_err *e);

/* An account as JSON (fgdj user list --format json and GET /api/v1/users): name, role, role_label,
 * scope, disabled, created, and instructor {name, unit} when linked. A new reference. */
struct json_t;
struct json_t *users_rec_json(const user_rec *u);

/* Reads an account by name (1 found, 0 not found; *u filled when found). */
int users_get(store *s, const char *name, user_rec *u);
/* Calls fn for every account in name order; stops when fn returns non-zero and returns it. */
int users_each(store *s, int (*fn)(void *ctx, const user_rec *u), void *ctx, fg_err *e);

typedef enum users_login_result { LOGIN_OK, LOGIN_BAD, LOGIN_WAIT, LOGIN_ERROR } users_login_result;

/* Throttling, decided before any password is hashed. A name waits USERS_THROTTLE_STEP seconds
 * per failure after the first (counted since its last success, within USERS_LOCK_WINDOW); after
 * USERS_LOCK_FAILS failures it is locked for USERS_LOCK_WINDOW seconds from the last of them.
 * A client address with USERS_ADDR_FAILS failures within USERS_ADDR_WINDOW waits until the
 * oldest of them leaves the window. Refused attempts are not recorded, so hammering a locked
 * name never extends its lock. *wait receives the seconds to wait (0: may try now); client may
 * be NULL (the name alone). FG_OK, or FG_EFAIL on a database error. */
int users_login_wait(store *s, const char *name, const char *client, int64_t now, int64_t *wait, fg_err *e);

/* Checks a login from client at time now and records the attempt. LOGIN_WAIT (with *wait) when
 * users_login_wait refuses: no password is hashed and nothing is recorded. LOGIN_OK fills *u.
 * LOGIN_BAD covers an unknown or disabled account and a wrong password alike (the same work is
 * done for each, so timing tells nothing). LOGIN_ERROR: the database failed, e says why. */
users_login_result users_login(store *s, const char *name, const char *password, const char *client, int64_t now,
			       user_rec *u, int64_t *wait, fg_err *e);

/* Sessions: token_hash is the hex hash of the secret token (the token itself is never stored). */
typedef struct users_session {
	char csrf[65];
	int64_t created, seen, expires;
} users_session;

/* Stores a new session. FG_OK or FG_EFAIL. */
int users_session_put(store *s, const char *token_hash, int64_t user_id, const char *csrf, int64_t now,
		      int64_t expires, fg_err *e);
/* A live session (expires > now) of an enabled account: 1 and *u, *ss filled; 0 otherwise. */
int users_session_get(store *s, const char *token_hash, int64_t now, user_rec *u, users_session *ss);
/* Records activity: seen and a new expiry. FG_OK or FG_EFAIL. */
int users_session_touch(store *s, const char *token_hash, int64_t seen, int64_t expires, fg_err *e);
/* Ends one session. FG_OK or FG_EFAIL. */
int users_session_delete(store *s, const char *token_hash, fg_err *e);
/* Deletes expired sessions and login attempts older than a day. FG_OK or FG_EFAIL. */
int users_purge(store *s, int64_t now, fg_err *e);

/* The organisation's name, appended to out; 0 when it does not exist. */
int users_org_name(store *s, int64_t org_id, buf *out);

#endif
