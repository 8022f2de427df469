/* Streets, communities and zones: created, renamed, merged and removed on purpose, and the one
 * place where store_put asks whether it may create one it did not find. */
#include "store/places.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/suggest.h"
#include "store/scope.h"
#include "store/scope_sql.h"
#include "store/store_int.h"

#define MAX_SUGGEST 3

static const char *const KIND_LABEL[] = {"街道", "社区", "区域", "区县"};

const char *place_kind_label(place_kind k)
{
	return KIND_LABEL[k];
}

int place_kind_parse(const char *s)
{
	static const char *const EN[] = {"street", "community", "zone", "district"};
	for (int k = 0; k < 4; k++)
		if (strcmp(s, KIND_LABEL[k]) == 0 || strcmp(s, EN[k]) == 0)
			return k;
	return -1;
}

void store_places_allow(store *s, unsigned kinds, int64_t street_id)
{
	s->place_kinds = kinds;
	s->place_street = street_id;
}

const char *store_places_created(store *s)
{
	return s->places_new.len ? buf_cstr(&s->places_new) : "";
}

static int hist(store *s, const char *tbl, const char *key, const char *op, json_t *old, json_t *new, fg_err *e)
{
	char *so = old ? json_dumps(old, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *sn = new ? json_dumps(new, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	int rc = store_hist(s, tbl, key, op, so, sn, e);
	free(so);
	free(sn);
	json_decref(old);
	json_decref(new);
	return rc;
}

/* ---- names ---- */

static char *region_name(store *s, int64_t id)
{
	static const char q[] = "SELECT name FROM region WHERE id = ?";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	char *n = sql_step(st) == SQL_ROW ? xstrdup(sql_col_text(st, 0)) : NULL;
	sql_reset(st);
	return n;
}

static int64_t count1(store *s, const char *sql, int64_t id)
{
	sql_st *st = store_st(s, sql);
	sql_bind_int64(st, 1, id);
	int64_t n = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
	sql_reset(st);
	return n;
}

/* "X不存在。您是不是要找：A、B？" with the nearest names of that kind (communities of street_id when
 * it is not 0). */
static int not_found(store *s, place_kind k, int64_t street_id, const char *name, fg_err *e)
{
	static const char qs[] = "SELECT name FROM region WHERE level = 'street'";
	static const char qc[] = "SELECT name FROM region WHERE parent_id = ?";
	static const char qca[] = "SELECT name FROM region WHERE level = 'community'";
	static const char qz[] = "SELECT name FROM zone";
	static const char qd[] = "SELECT name FROM region WHERE level = 'district'";
	sql_st *st = store_st(s, k == PLACE_STREET ? qs : k == PLACE_ZONE ? qz : k == PLACE_DISTRICT ? qd : street_id ? qc : qca);
	if (k == PLACE_COMMUNITY && street_id)
		sql_bind_int64(st, 1, street_id);
	char **names = NULL;
	size_t n = 0, cap = 0;
	while (sql_step(st) == SQL_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = xstrdup(sql_col_text(st, 0));
	}
	sql_reset(st);
	size_t best[MAX_SUGGEST];
	size_t nb = suggest_names(name, (const char *const *)names, n, best, MAX_SUGGEST);
	buf m = {0};
	buf_printf(&m, "%s“%s”不存在。", KIND_LABEL[k], name);
	if (nb) {
		buf_puts(&m, "您是不是要找：");
		for (size_t i = 0; i < nb; i++)
			buf_printf(&m, "%s%s", i ? "、" : "", names[best[i]]);
		buf_puts(&m, "？");
	} else {
		buf_puts(&m, "新的地点须确认后才新建（导入时确认新建地点，或在地点管理中添加）。");
	}
	int rc = err_set(e, FG_EINPUT, "%s", buf_cstr(&m));
	buf_free(&m);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* 1 when a zone has that name; its kind is copied to kind (when not NULL). */
static int zone_kind_of(store *s, const char *name, char *kind, size_t kindsz)
{
	static const char q[] = "SELECT kind FROM zone WHERE name = ?";
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, name);
	int found = sql_step(st) == SQL_ROW;
	if (found && kind)
		snprintf(kind, kindsz, "%s", sql_col_text(st, 0));
	sql_reset(st);
	return found;
}

/* A name a new place may take (street_id: the parent of a new region): not empty, without the separators of "街道/社区" and "街道:名称",
 * not taken by a place of the same kind (within the street for a community), and never the name of
 * a place of the other table, so that a name given to --region means one place. */
static int name_free(store *s, place_kind k, int64_t street_id, const char *name, fg_err *e)
{
	if (!*name || strchr(name, '/') || strchr(name, ':') || strstr(name, "：") || strlen(name) > 120)
		return err_set(e, FG_EINPUT, "%s名称“%s”无效：不能为空，不能含“/”或冒号", KIND_LABEL[k], name);
	if (k == PLACE_ZONE) {
		static const char q[] = "SELECT level FROM region WHERE name = ? ORDER BY level DESC LIMIT 1";
		sql_st *st = store_st(s, q);
		sql_bind_text(st, 1, name);
		char level[16] = "";
		if (sql_step(st) == SQL_ROW)
			snprintf(level, sizeof level, "%s", sql_col_text(st, 0));
		sql_reset(st);
		if (*level)
			return err_set(e, FG_EINPUT, "“%s”已是%s的名称；区域不能与区、街道、社区同名", name,
				       strcmp(level, "street") == 0 ? "街道" : strcmp(level, "community") == 0 ? "社区" : "本区");
		return zone_kind_of(s, name, NULL, 0) ? err_set(e, FG_EINPUT, "区域“%s”已存在", name) : FG_OK;
	}
	char zkind[32];
	if (zone_kind_of(s, name, zkind, sizeof zkind))
		return err_set(e, FG_EINPUT, "“%s”已是区域（%s）的名称；%s不能与区域同名", name, zkind, KIND_LABEL[k]);
	if (store_region_lookup(s, street_id, name))
		return err_set(e, FG_EINPUT, "%s“%s”已存在", KIND_LABEL[k], name);
	return FG_OK;
}

static const char *const ZONE_KINDS[] = {"园区", "商圈", "楼宇", "科技园"};

static int zone_kind_ok(const char *kind, fg_err *e)
{
	for (size_t i = 0; i < sizeof ZONE_KINDS / sizeof ZONE_KINDS[0]; i++)
		if (kind && strcmp(kind, ZONE_KINDS[i]) == 0)
			return FG_OK;
	return err_set(e, FG_EINPUT, "区域类型“%s”无效：应为园区、商圈、楼宇或科技园", kind ? kind : "");
}

/* ---- the closure table region_tree (schema v24): kept here, where regions change ---- */

/* Region id (new) under parent: itself at depth 0, and every ancestor of parent one deeper. */
static int tree_link(store *s, int64_t id, int64_t parent, fg_err *e)
{
	static const char q[] = "INSERT INTO region_tree(ancestor, descendant, depth) SELECT ?1, ?1, 0"
				" UNION ALL SELECT ancestor, ?1, depth + 1 FROM region_tree WHERE descendant = ?2";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	sql_bind_int64(st, 2, parent);
	return sql_step(st) == SQL_DONE ? FG_OK : db_err(s, e, "更新地点层级");
}

/* Region id and its subtree moved under parent: the links to its old ancestors go, the links to
 * the new ones come. */
static int tree_move(store *s, int64_t id, int64_t parent, fg_err *e)
{
	static const char del[] =
		"DELETE FROM region_tree WHERE descendant IN (SELECT descendant FROM region_tree WHERE ancestor = ?1)"
		" AND ancestor NOT IN (SELECT descendant FROM region_tree WHERE ancestor = ?1)";
	static const char ins[] = "INSERT INTO region_tree(ancestor, descendant, depth)"
				  " SELECT a.ancestor, d.descendant, a.depth + d.depth + 1 FROM region_tree a, region_tree d"
				  " WHERE a.descendant = ?2 AND d.ancestor = ?1";
	for (int i = 0; i < 2; i++) {
		sql_st *st = store_st(s, i ? ins : del);
		sql_bind_int64(st, 1, id);
		if (i)
			sql_bind_int64(st, 2, parent);
		if (sql_step(st) != SQL_DONE)
			return db_err(s, e, "更新地点层级");
	}
	return FG_OK;
}

/* Region id removed (it has no region below it any more). */
static int region_delete(store *s, int64_t id, fg_err *e)
{
	static const char dt[] = "DELETE FROM region_tree WHERE descendant = ?1";
	static const char dr[] = "DELETE FROM region WHERE id = ?1";
	for (int i = 0; i < 2; i++) {
		sql_st *st = store_st(s, i ? dr : dt);
		sql_bind_int64(st, 1, id);
		if (sql_step(st) != SQL_DONE)
			return db_err(s, e, "删除地点");
	}
	return FG_OK;
}

/* ---- creating ---- */

/* The level of a region made under parent: the next one down (市 → 区县 → 街道 → 社区). */
static const char *child_level(store *s, int64_t parent)
{
	static const char q[] = "SELECT level FROM region WHERE id = ?";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, parent);
	const char *lv = "community";
	if (sql_step(st) == SQL_ROW) {
		const char *p = sql_col_text(st, 0);
		lv = strcmp(p, "city") == 0 ? "district" : strcmp(p, "district") == 0 ? "street" : "community";
	}
	sql_reset(st);
	return lv;
}

static int64_t insert_region(store *s, int64_t parent, const char *name, fg_err *e)
{
	static const char ins[] = "INSERT INTO region(parent_id, level, name, name_key) VALUES (?, ?, ?, ?) RETURNING id";
	const char *level = child_level(s, parent);
	sql_st *st = store_st(s, ins);
	sql_bind_int64(st, 1, parent);
	sql_bind_text(st, 2, level);
	sql_bind_text(st, 3, name);
	store_bind_name_key(st, 4, name);
	if (sql_step(st) != SQL_ROW)
		return -db_err(s, e, "新建街道/社区");
	int64_t id = sql_col_int64(st, 0);
	sql_reset(st);
	int rc = tree_link(s, id, parent, e);
	if (rc)
		return -rc;
	buf key = {0};
	store_region_path(s, id, &key);
	rc = hist(s, "region", buf_cstr(&key), "insert", NULL, json_pack("{s:s,s:s}", "level", level, "name", name), e);
	buf_free(&key);
	return rc ? -rc : id;
}

static int64_t insert_zone(store *s, const char *name, const char *kind, fg_err *e)
{
	static const char ins[] = "INSERT INTO zone(name, kind, name_key) VALUES (?, ?, ?) RETURNING id";
	sql_st *st = store_st(s, ins);
	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, kind);
	store_bind_name_key(st, 3, name);
	if (sql_step(st) != SQL_ROW)
		return -db_err(s, e, "新建区域");
	int64_t id = sql_col_int64(st, 0);
	sql_reset(st);
	int rc = hist(s, "zone", name, "insert", NULL, json_pack("{s:s,s:s}", "name", name, "kind", kind), e);
	return rc ? -rc : id;
}

/* The parent of a new street named without its district: the root of a single district, the
 * only district of a city; 0 with e filled when the city has several. */
static int64_t street_parent(store *s, const char *name, fg_err *e)
{
	if (!store_region_is_city(s))
		return 1;
	int64_t n = count1(s, "SELECT count(*) FROM region WHERE parent_id = ?1", 1);
	if (n == 1)
		return count1(s, "SELECT id FROM region WHERE parent_id = ?1", 1);
	return err_set(e, FG_EINPUT, "本市有 %lld 个区县，新街道“%s”须写明所属区县（填写所属区县，或写成“区县/%s”）",
		       (long long)n, name, name), 0;
}

/* 1 while the root, a single district, has no street yet: it may still become a city. */
static int root_bare(store *s)
{
	return !store_region_is_city(s) && !count1(s, "SELECT count(*) FROM region WHERE parent_id = ?1", 1);
}

/* The root becomes a city, so that districts can be added below it: only while it has no street
 * (a single-district database keeps its streets right below its root). */
static int become_city(store *s, fg_err *e)
{
	if (store_region_is_city(s))
		return FG_OK;
	if (!root_bare(s))
		return err_set(e, FG_EINPUT, "本库是单个区（街道直接在本区之下），不能再添加区县；多区县的市须从空库建立");
	char *old = region_name(s, 1);
	static const char q[] = "UPDATE region SET level = 'city', name = ?1, name_key = ?2 WHERE id = 1";
	const char *to = !old ? "本市" : strcmp(old, "本区") == 0 ? "本市" : old;
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, to);
	store_bind_name_key(st, 2, to);
	int rc = sql_step(st) == SQL_DONE ? FG_OK : db_err(s, e, "改为市");
	s->is_city = -1; /* asked again */
	char *now = region_name(s, 1);
	if (!rc)
		rc = hist(s, "region", "1", "update", json_pack("{s:s,s:s?}", "level", "district", "name", old),
			  json_pack("{s:s,s:s?}", "level", "city", "name", now), e);
	free(old);
	free(now);
	return rc;
}

int place_city_allowed(store *s)
{
	return (s->place_kinds & (1u << PLACE_DISTRICT)) && !s->place_street && root_bare(s);
}

int place_unknown(store *s, int kind, int64_t street_id, const char *name, fg_err *e)
{
	return not_found(s, (place_kind)kind, street_id, name, e);
}

int64_t place_missing(store *s, int kind, int64_t street_id, const char *name, const char *zone_kind, fg_err *e)
{
	store_names_forget(s); /* the texts kept by id for the ledgers' rows may change */
	place_kind k = (place_kind)kind;
	if (!(s->place_kinds & (1u << k)) || (k == PLACE_DISTRICT && s->place_street) ||
	    (k == PLACE_COMMUNITY && s->place_street && !scope_region_within(s, street_id, s->place_street)))
		return -not_found(s, k, street_id, name, e);
	/* A street is made in the district given (street_id), else in the only one; a district below
	 * the root, which becomes the city. New regions stay inside the grant's region. */
	if (k == PLACE_STREET && !street_id && !(street_id = street_parent(s, name, e)))
		return -FG_EINPUT;
	if (k == PLACE_STREET && s->place_street && !scope_region_within(s, street_id, s->place_street))
		return -not_found(s, k, 0, name, e);
	int rc = FG_OK;
	if (k == PLACE_DISTRICT) {
		street_id = 1;
		rc = become_city(s, e);
	}
	rc = rc ? rc : name_free(s, k, street_id, name, e);
	if (!rc && k == PLACE_ZONE)
		rc = zone_kind_ok(zone_kind, e);
	if (rc)
		return -rc;
	int64_t id = k == PLACE_ZONE ? insert_zone(s, name, zone_kind, e) : insert_region(s, street_id, name, e);
	if (id < 0)
		return id;
	buf_printf(&s->places_new, "%s ", KIND_LABEL[k]);
	if (k == PLACE_ZONE) {
		buf_printf(&s->places_new, "%s（%s）\n", name, zone_kind);
	} else {
		store_region_path(s, id, &s->places_new);
		buf_putc(&s->places_new, '\n');
	}
	return id;
}

int store_place_add(store *s, place_kind k, const char *street, const char *name, const char *zone_kind, fg_err *e)
{
	int64_t parent = 1;
	char *own = NULL;
	if (k == PLACE_COMMUNITY) {
		parent = street ? store_region_at(s, street, "street", e) : 0;
		if (parent < 0)
			return FG_EINPUT;
		if (!parent)
			return not_found(s, PLACE_STREET, 0, street ? street : "", e);
	} else if (k == PLACE_DISTRICT) {
		int rc = become_city(s, e);
		if (rc)
			return rc;
	} else if (k == PLACE_STREET) {
		/* "区县/街道" names the district of the new street. */
		const char *slash = strrchr(name, '/');
		if (slash) {
			own = xstrndup(name, (size_t)(slash - name));
			name = slash + 1;
			parent = store_region_at(s, own, "district", e);
			if (!parent)
				not_found(s, PLACE_DISTRICT, 0, own, e);
			free(own);
			if (parent <= 0)
				return FG_EINPUT;
		} else if (!(parent = street_parent(s, name, e))) {
			return FG_EINPUT;
		}
	}
	int rc = name_free(s, k, parent, name, e);
	if (!rc && k == PLACE_ZONE)
		rc = zone_kind_ok(zone_kind, e);
	if (rc)
		return rc;
	int64_t id = k == PLACE_ZONE ? insert_zone(s, name, zone_kind, e) : insert_region(s, parent, name, e);
	return id < 0 ? (int)-id : FG_OK;
}

/* ---- finding a named place ---- */

static int64_t zone_id(store *s, const char *name)
{
	static const char q[] = "SELECT id FROM zone WHERE name = ?";
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, name);
	int64_t id = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
	sql_reset(st);
	return id;
}

/* The place named (a community as "街道/社区" or by a unique name), or 0 with e filled. */
static int64_t find_place(store *s, place_kind k, const char *name, fg_err *e)
{
	int64_t id;
	if (k == PLACE_ZONE) {
		id = zone_id(s, name);
		if (!id)
			not_found(s, k, 0, name, e);
		return id;
	}
	static const char *const LEVEL[] = {"street", "community", NULL, "district"};
	id = store_region_at(s, name, LEVEL[k], e);
	if (id < 0)
		return 0;
	if (!id) {
		const char *slash = strrchr(name, '/');
		not_found(s, k, 0, slash ? slash + 1 : name, e);
	}
	return id;
}

/* A street or community named by a record that may not create one (an investigation's 范围):
 * "街道/社区", a street, or a community whose name is unique. Its id, with canon set to how the
 * ledger writes it ("街道" or "街道/社区"); 0 with e filled — the nearest streets and communities
 * named — when nothing matches. */
int64_t place_region_named(store *s, const char *name, buf *canon, fg_err *e)
{
	buf_reset(canon);
	int64_t id = 0;
	if (strchr(name, '/')) {
		fg_err ignored;
		id = find_place(s, PLACE_COMMUNITY, name, &ignored);
	} else if ((id = store_region_at(s, name, NULL, e)) < 0) {
		return 0;
	}
	if (id > 0) {
		store_region_path(s, id, canon);
		return id;
	}
	static const char q[] = "SELECT r.name, p.name, r.level FROM region r LEFT JOIN region p ON p.id = r.parent_id"
				" WHERE r.level <> 'district'";
	sql_st *st = store_st(s, q);
	char **names = NULL, **paths = NULL;
	size_t n = 0, cap = 0;
	while (sql_step(st) == SQL_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof *names);
			paths = xrealloc(paths, cap * sizeof *paths);
		}
		const char *rn = sql_col_text(st, 0);
		names[n] = xstrdup(rn);
		buf pb = {0};
		if (strcmp(sql_col_text(st, 2), "community") == 0)
			buf_printf(&pb, "%s/", sql_col_text(st, 1));
		buf_puts(&pb, rn);
		paths[n++] = xstrdup(buf_cstr(&pb));
		buf_free(&pb);
	}
	sql_reset(st);
	const char *slash = strrchr(name, '/');
	size_t best[MAX_SUGGEST];
	size_t nb = suggest_names(slash ? slash + 1 : name, (const char *const *)names, n, best, MAX_SUGGEST);
	buf m = {0};
	buf_printf(&m, "街道或社区“%s”不存在（排查范围只能是已有的街道或社区，空白为%s）。", name,
		   region_whole_name(store_region_is_city(s)));
	if (nb) {
		buf_puts(&m, "您是不是要找：");
		for (size_t i = 0; i < nb; i++)
			buf_printf(&m, "%s%s", i ? "、" : "", paths[best[i]]);
		buf_puts(&m, "？");
	}
	err_set(e, FG_EINPUT, "%s", buf_cstr(&m));
	buf_free(&m);
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		free(paths[i]);
	}
	free(names);
	free(paths);
	return 0;
}

/* ---- what refers to a place ---- */


static void refs(store *s, place_row *p)
{
	if (p->kind == PLACE_ZONE) {
		p->enterprises = count1(s, "SELECT count(*) FROM enterprise WHERE zone_id = ?1", p->id);
		p->orgs = count1(s, "SELECT count(*) FROM org WHERE zone_id = ?1", p->id);
		p->instructors = p->users = p->communities = 0;
		return;
	}
	p->enterprises = count1(s,
				"SELECT count(*) FROM enterprise e WHERE " SCOPE_IN_REGION("e.community_id", "?1"),
				p->id);
	p->orgs = count1(s, "SELECT count(*) FROM org WHERE street_id = ?1 OR community_id = ?1", p->id);
	p->instructors = count1(s, "SELECT count(*) FROM instructor WHERE unit_region_id = ?1", p->id);
	p->users = count1(s, "SELECT count(*) FROM app_user WHERE scope_region_id = ?1", p->id);
	p->communities = count1(s, "SELECT count(*) FROM region WHERE parent_id = ?1", p->id);
}

int store_places_list(store *s, int (*fn)(void *ctx, const place_row *p), void *ctx, fg_err *e)
{
	static const char qs[] = "SELECT id, name FROM region WHERE level = 'street' ORDER BY name_key, id";
	static const char qc[] = "SELECT id, name FROM region WHERE parent_id = ? ORDER BY name_key, id";
	static const char qz[] = "SELECT id, name, kind FROM zone ORDER BY name_key, id";
	/* Streets first collected, so that the communities' statement can run for each. */
	struct street {
		int64_t id;
		char *name;
	} *streets = NULL;
	size_t n = 0, cap = 0;
	sql_st *st = store_st(s, qs);
	int step;
	while ((step = sql_step(st)) == SQL_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			streets = xrealloc(streets, cap * sizeof *streets);
		}
		/* A street by its path: "区县/街道" in a city. */
		streets[n].id = sql_col_int64(st, 0);
		buf pb = {0};
		store_region_path(s, streets[n].id, &pb);
		streets[n++].name = xstrdup(buf_cstr(&pb));
		buf_free(&pb);
	}
	sql_reset(st);
	int ret = step == SQL_DONE ? FG_OK : db_err(s, e, "读取街道");
	for (size_t i = 0; i < n && !ret; i++) {
		place_row p = {PLACE_STREET, streets[i].id, streets[i].name, NULL, NULL, 0, 0, 0, 0, 0};
		refs(s, &p);
		if ((ret = fn(ctx, &p)) != 0)
			break;
		/* Communities are read fully first: the callback and refs() use other statements. */
		struct street *cs = NULL;
		size_t nc = 0, ccap = 0;
		st = store_st(s, qc);
		sql_bind_int64(st, 1, streets[i].id);
		while (sql_step(st) == SQL_ROW) {
			if (nc == ccap) {
				ccap = ccap ? ccap * 2 : 16;
				cs = xrealloc(cs, ccap * sizeof *cs);
			}
			cs[nc].id = sql_col_int64(st, 0);
			cs[nc++].name = xstrdup(sql_col_text(st, 1));
		}
		sql_reset(st);
		for (size_t j = 0; j < nc; j++) {
			place_row c = {PLACE_COMMUNITY, cs[j].id, cs[j].name, streets[i].name, NULL, 0, 0, 0, 0, 0};
			refs(s, &c);
			if (!ret)
				ret = fn(ctx, &c);
			free(cs[j].name);
		}
		free(cs);
	}
	for (size_t i = 0; i < n; i++)
		free(streets[i].name);
	free(streets);
	if (ret)
		return ret;
	struct zone {
		int64_t id;
		char *name, *kind;
	} *zs = NULL;
	size_t nz = 0, zcap = 0;
	st = store_st(s, qz);
	while ((step = sql_step(st)) == SQL_ROW) {
		if (nz == zcap) {
			zcap = zcap ? zcap * 2 : 16;
			zs = xrealloc(zs, zcap * sizeof *zs);
		}
		zs[nz].id = sql_col_int64(st, 0);
		zs[nz].name = xstrdup(sql_col_text(st, 1));
		zs[nz++].kind = xstrdup(sql_col_text(st, 2));
	}
	sql_reset(st);
	if (step != SQL_DONE)
		ret = db_err(s, e, "读取区域");
	for (size_t i = 0; i < nz; i++) {
		place_row z = {PLACE_ZONE, zs[i].id, zs[i].name, NULL, zs[i].kind, 0, 0, 0, 0, 0};
		refs(s, &z);
		if (!ret)
			ret = fn(ctx, &z);
		free(zs[i].name);
		free(zs[i].kind);
	}
	free(zs);
	return ret;
}

/* ---- renaming, merging, removing ---- */

static int exec_ids(store *s, const char *sql, int64_t a, int64_t b, fg_err *e)
{
	sql_st *st = store_st(s, sql);
	sql_bind_int64(st, 1, a);
	sql_bind_int64(st, 2, b);
	return sql_step(st) == SQL_DONE ? FG_OK : db_err(s, e, "更新地点");
}

static int exec_id(store *s, const char *sql, int64_t id, fg_err *e)
{
	sql_st *st = store_st(s, sql);
	sql_bind_int64(st, 1, id);
	return sql_step(st) == SQL_DONE ? FG_OK : db_err(s, e, "删除地点");
}

/* An instructor's 派出单位 is written as the unit's name: it follows a rename or a merge, so that
 * the export still re-imports. */
static int follow_unit(store *s, int64_t from, int64_t to, const char *to_name, fg_err *e)
{
	static const char q[] = "UPDATE instructor SET unit = ?1, unit_region_id = ?2 WHERE unit_region_id = ?3";
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, to_name);
	sql_bind_int64(st, 2, to);
	sql_bind_int64(st, 3, from);
	return sql_step(st) == SQL_DONE ? FG_OK : db_err(s, e, "更新党建指导员的派出单位");
}

int store_place_rename(store *s, place_kind k, const char *old_name, const char *new_name, fg_err *e)
{
	store_names_forget(s); /* the texts kept by id for the ledgers' rows may change */
	int64_t id = find_place(s, k, old_name, e);
	if (!id)
		return FG_EINPUT;
	buf key = {0};
	if (k == PLACE_ZONE)
		buf_puts(&key, old_name);
	else
		store_region_path(s, id, &key);
	int64_t parent = k == PLACE_ZONE ? 1 : count1(s, "SELECT parent_id FROM region WHERE id = ?1", id);
	int rc = name_free(s, k, parent, new_name, e);
	if (!rc) {
		static const char ur[] = "UPDATE region SET name = ?1, name_key = ?3 WHERE id = ?2";
		static const char uz[] = "UPDATE zone SET name = ?1, name_key = ?3 WHERE id = ?2";
		sql_st *st = store_st(s, k == PLACE_ZONE ? uz : ur);
		sql_bind_text(st, 1, new_name);
		sql_bind_int64(st, 2, id);
		store_bind_name_key(st, 3, new_name);
		rc = sql_step(st) == SQL_DONE ? FG_OK : db_err(s, e, "更改地点名称");
	}
	if (!rc && k != PLACE_ZONE)
		rc = follow_unit(s, id, id, new_name, e);
	if (!rc)
		rc = hist(s, k == PLACE_ZONE ? "zone" : "region", buf_cstr(&key), "update",
			  json_pack("{s:s}", "name", old_name), json_pack("{s:s}", "name", new_name), e);
	buf_free(&key);
	return rc;
}

/* The last step of a merge of the street or community from into into (named into_name): the
 * accounts scoped to it, the campaigns ranging over it and the units placed in it follow; then it
 * goes. */
static int region_gone_into(store *s, int64_t from, int64_t into, const char *into_name, fg_err *e)
{
	int rc = exec_ids(s, "UPDATE app_user SET scope_region_id = ?2 WHERE scope_region_id = ?1", from, into, e);
	if (!rc)
		rc = exec_ids(s, "UPDATE campaign SET region_id = ?2 WHERE region_id = ?1", from, into, e);
	if (!rc)
		rc = follow_unit(s, from, into, into_name, e);
	return rc ? rc : region_delete(s, from, e);
}

static int merge_community(store *s, int64_t from, int64_t into, fg_err *e)
{
	char *into_name = region_name(s, into);
	int rc = exec_ids(s, "UPDATE enterprise SET community_id = ?2 WHERE community_id = ?1", from, into, e);
	if (!rc)
		rc = exec_ids(s,
			      "UPDATE org SET community_id = ?2, street_id = CASE WHEN street_id IS NULL THEN NULL"
			      " ELSE (SELECT parent_id FROM region WHERE id = ?2) END WHERE community_id = ?1",
			      from, into, e);
	if (!rc)
		rc = region_gone_into(s, from, into, into_name, e);
	free(into_name);
	return rc;
}

static int merge_street(store *s, int64_t from, int64_t into, fg_err *e)
{
	/* Each community moves under the other street, or merges with its namesake there. */
	int64_t *cs = NULL;
	size_t n = 0, cap = 0;
	sql_st *st = store_st(s, "SELECT id FROM region WHERE parent_id = ?");
	sql_bind_int64(st, 1, from);
	while (sql_step(st) == SQL_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			cs = xrealloc(cs, cap * sizeof *cs);
		}
		cs[n++] = sql_col_int64(st, 0);
	}
	sql_reset(st);
	int rc = FG_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		char *name = region_name(s, cs[i]);
		int64_t twin = store_region_lookup(s, into, name);
		free(name);
		rc = twin ? merge_community(s, cs[i], twin, e)
			  : exec_ids(s, "UPDATE region SET parent_id = ?2 WHERE id = ?1", cs[i], into, e);
		if (!rc && !twin)
			rc = tree_move(s, cs[i], into, e);
	}
	free(cs);
	char *into_name = region_name(s, into);
	if (!rc)
		rc = exec_ids(s, "UPDATE org SET street_id = ?2 WHERE street_id = ?1", from, into, e);
	if (!rc)
		rc = region_gone_into(s, from, into, into_name, e);
	free(into_name);
	return rc;
}

int store_place_merge(store *s, place_kind k, const char *from, const char *into, fg_err *e)
{
	store_names_forget(s); /* the texts kept by id for the ledgers' rows may change */
	if (k == PLACE_DISTRICT)
		return err_set(e, FG_EINPUT, "区县不能整体合并：请把“%s”的街道逐个合并或改挂后再删除它", from);
	int64_t fid = find_place(s, k, from, e);
	if (!fid)
		return FG_EINPUT;
	int64_t tid = find_place(s, k, into, e);
	if (!tid)
		return FG_EINPUT;
	if (fid == tid)
		return err_set(e, FG_EINPUT, "“%s”与“%s”是同一个%s", from, into, KIND_LABEL[k]);
	buf fk = {0}, tk = {0};
	if (k == PLACE_ZONE) {
		buf_puts(&fk, from);
		buf_puts(&tk, into);
	} else {
		store_region_path(s, fid, &fk);
		store_region_path(s, tid, &tk);
	}
	int rc;
	if (k == PLACE_ZONE) {
		rc = exec_ids(s, "UPDATE enterprise SET zone_id = ?2 WHERE zone_id = ?1", fid, tid, e);
		if (!rc)
			rc = exec_ids(s, "UPDATE org SET zone_id = ?2 WHERE zone_id = ?1", fid, tid, e);
		if (!rc)
			rc = exec_id(s, "DELETE FROM zone WHERE id = ?1", fid, e);
	} else {
		rc = k == PLACE_STREET ? merge_street(s, fid, tid, e) : merge_community(s, fid, tid, e);
	}
	if (!rc)
		rc = hist(s, k == PLACE_ZONE ? "zone" : "region", buf_cstr(&fk), "delete",
			  json_pack("{s:s}", "name", buf_cstr(&fk)), json_pack("{s:s}", "merged_into", buf_cstr(&tk)), e);
	buf_free(&fk);
	buf_free(&tk);
	return rc;
}

int store_place_remove(store *s, place_kind k, const char *name, fg_err *e)
{
	store_names_forget(s); /* the texts kept by id for the ledgers' rows may change */
	int64_t id = find_place(s, k, name, e);
	if (!id)
		return FG_EINPUT;
	place_row p = {k, id, name, NULL, NULL, 0, 0, 0, 0, 0};
	refs(s, &p);
	if (p.enterprises || p.orgs || p.instructors || p.users || p.communities) {
		buf m = {0};
		struct {
			int64_t n;
			const char *what, *unit;
		} r[] = {{p.enterprises, "企业", "家"},
			 {p.orgs, "党组织", "个"},
			 {p.instructors, "党建指导员", "名"},
			 {p.users, "用户", "个"},
			 {p.communities, "社区", "个"}};
		for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
			if (r[i].n) {
				if (m.len)
					buf_puts(&m, "、");
				buf_printf(&m, "%s %lld %s", r[i].what, (long long)r[i].n, r[i].unit);
			}
		int rc = err_set(e, FG_EINPUT, "%s“%s”不能删除：仍有%s属于它（可先合并到其他%s）", KIND_LABEL[k], name,
				 buf_cstr(&m), KIND_LABEL[k]);
		buf_free(&m);
		return rc;
	}
	int64_t campaigns = k == PLACE_ZONE ? 0 : count1(s, "SELECT count(*) FROM campaign WHERE region_id = ?1", id);
	if (campaigns)
		return err_set(e, FG_EINPUT, "%s“%s”不能删除：仍有 %lld 项排查以它为范围（可先合并到其他%s）", KIND_LABEL[k], name,
			       (long long)campaigns, KIND_LABEL[k]);
	buf key = {0};
	if (k == PLACE_ZONE)
		buf_puts(&key, name);
	else
		store_region_path(s, id, &key);
	int rc = k == PLACE_ZONE ? exec_id(s, "DELETE FROM zone WHERE id = ?1", id, e) : region_delete(s, id, e);
	if (!rc)
		rc = hist(s, k == PLACE_ZONE ? "zone" : "region", buf_cstr(&key), "delete",
			  json_pack("{s:s}", "name", buf_cstr(&key)), NULL, e);
	buf_free(&key);
	return rc;
}
