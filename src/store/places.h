/* places — streets and communities (table region) and zones (园区/商圈/楼宇/科技园) exist only
 * because someone created them on purpose: store_put refuses a name it does not know, with the
 * nearest existing names as suggestions, unless the transaction was granted the right to create
 * that kind of place (store_places_allow). Zone names and region names never collide, so a name
 * means one place. Every change here needs a transaction and writes history. */
#ifndef FGDJ_PLACES_H
#define FGDJ_PLACES_H
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"

/* PLACE_DISTRICT (区县) exists in a city only: the regions right below the root. */
typedef enum place_kind { PLACE_STREET, PLACE_COMMUNITY, PLACE_ZONE, PLACE_DISTRICT } place_kind;

/* "街道", "社区", "区域", "区县". */
const char *place_kind_label(place_kind k);
/* The kind named by s (街道/社区/区域/区县 or street/community/zone/district); -1 when none. */
int place_kind_parse(const char *s);

/* What store_put may create in the current transaction: bit (1u << kind) per kind; streets and
 * communities only inside region street_id (a street, or a district of a city) when it is not 0,
 * and then no district. The grant ends with the transaction. */
void store_places_allow(store *s, unsigned kinds, int64_t street_id);
/* The places store_put created so far in the current transaction, one per line
 * ("街道 双峰街", "社区 双峰街道/梧埭", "区域 某园区（园区）"); "" when none. */
const char *store_places_created(store *s);

/* A place with what refers to it. */
typedef struct place_row {
	place_kind kind;
	int64_t id;
	const char *name;
	const char *street;    /* a community's street; NULL otherwise */
	const char *zone_kind; /* a zone's kind; NULL otherwise */
	int64_t enterprises, orgs, instructors, users, communities;
} place_row;

/* Every street (followed by its communities) then every zone, in pinyin order. */
int store_places_list(store *s, int (*fn)(void *ctx, const place_row *p), void *ctx, fg_err *e);

/* The changes. A community is named "街道/社区" or by its name alone when that is unique; street
 * is the parent of a new community; zone_kind the kind of a new zone. Refused (FG_EINPUT) when
 * the name is taken (by a place of the same kind, or by a zone for a region and the reverse),
 * when merging into a place that does not exist, or when removing a place still referred to. */
int store_place_add(store *s, place_kind k, const char *street, const char *name, const char *zone_kind, fg_err *e);
int store_place_rename(store *s, place_kind k, const char *old_name, const char *new_name, fg_err *e);
int store_place_merge(store *s, place_kind k, const char *from, const char *into, fg_err *e);
int store_place_remove(store *s, place_kind k, const char *name, fg_err *e);

/* ---- the territory as a tree (store/region.c) ---- */

/* "市", "区县", "街道", "社区" for region.level city, district, street, community. */
const char *region_level_label(const char *level);
/* 1 when the root is a city (several districts below it). */
int store_region_is_city(store *s);
/* What the whole territory is called where no place is named: "全市" in a city, else "全区" (the
 * reports' own name at the root, an all-territory account's scope, a campaign without a range). */
const char *region_whole_name(int city);
/* The territory's one-character word: "市" in a city, else "区" (本区, 区外 — 本市, 市外). */
const char *region_word(int city);
/* The name of the district that holds region id (the region itself when it is one; the root's
 * name for the root, a city's or a district's, and for an unknown id). Caller frees. */
char *store_region_district_name(store *s, int64_t id);
/* The region's path below the root ("临江区/双峰街道/梧埭社区"; "双峰街道/梧埭社区" in a district). */
void store_region_path(store *s, int64_t id, buf *out);
/* The region a path names: "区县/街道/社区" or any tail of it ("街道/社区", a unique name alone),
 * of that level when level is not NULL. The id; 0 when none has it; -FG_EINPUT (e set) when
 * several do (the message lists their paths). */
int64_t store_region_at(store *s, const char *path, const char *level, fg_err *e);
/* The regions named name (not the root; of level when not NULL), in id order: how many, their ids
 * in *ids (freed by the caller; NULL when none). */
size_t store_regions_named(store *s, const char *name, const char *level, int64_t **ids);
/* The street a ledger's 所属街道 names ("区县/街道", or a name: the only street of that name in a
 * city) — or in a city a district named alone, where an organisation's 所属街道 places a district's
 * own leadership body (store_put refuses it for an enterprise); 0 when none or several. */
int64_t store_street_of(store *s, const char *name);
/* The district a name without a path names in a city (an organisation's 所属街道 at a district's
 * level); 0 in a single district, for a path, or when no district has that name. */
int64_t store_district_alone(store *s, const char *name);

#endif
