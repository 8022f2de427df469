/* scope — what a user (or --region) may reach: the one definition every read and write path uses.
 *
 * A scope is a store_filter (store.h): region_id 0 or 1 the district, a street or a community id,
 * -1 no region; org_id a secretary's organisation (then region_id is ignored). zone_id is never a
 * scope, only a filter.
 *
 * READ (the SQL is in scope_sql.h; query.c, store_each and the scans paste it):
 *   enterprise   its community lies in the region; for a secretary: covered now by the organisation
 *   organisation placed in the region (street or community), or covering now an enterprise of it;
 *                for a secretary: itself
 *   member       the employer lies in the region; without an employer, the organisation holding the
 *                relation does; for a secretary: lodged in it, or employed by an enterprise it covers
 *   instructor   the 派出单位 lies in the region, or assigned now to an enterprise of it; for a
 *                secretary: assigned to an enterprise the organisation covers
 *
 * WRITE (scope_check_put, called by store_put inside the write transaction once store_scope_set
 * has given the transaction a scope; the district writes everywhere). A write may change only
 * rows that lie wholly inside the region, and must leave them there:
 *   enterprise   old and new community in the region (a new community of the user's own street
 *                counts as inside); a secretary edits the enterprises the organisation covers but
 *                neither adds nor moves one
 *   organisation old and new place in the region, and every enterprise it covers, before and after,
 *                too; its parent must be one the user reads; a secretary edits only the own
 *                organisation, without moving it, re-parenting it or covering more
 *   member       old and new employer in the region (without one: the organisation); the
 *                organisation holding the relation must be one the user reads; a secretary's
 *                members stay lodged in, or employed by an enterprise covered by, the organisation
 *   instructor   old and new 派出单位 and every assigned enterprise, before and after, in the
 *                region; secretaries do not edit instructors
 *   party work   the organisation (meetings, secretaries), member (study) or enterprise (visits,
 *                trainees) the record is about, old and new, is one the user reads; a secretary
 *                records no visits, trainings or trainees; trainings are the district's
 *   development  the organisation that develops the person (所在党组织), old and new, is one the user
 *                reads; a secretary records its own organisation's; transfers likewise by 本方党组织;
 *                dues as study records, by the member
 *   campaigns    the district's, or a street's or community's whose region holds the 范围, old and
 *                new (the whole district's only by the district); tasks like visits, by enterprise;
 *                a secretary writes neither
 *   rosters      the enterprise (企业统一社会信用代码), old and new, is one the user reads — a
 *                secretary's are the enterprises its organisation covers
 *   funding      the organisation granted the money, old and new, is one the user reads; money is
 *                granted from above, so a secretary reads its own organisation's and writes none
 *   ratings      as development records, by the organisation rated, but not by its own secretary;
 *                the rubric (评分细则) is the district's
 *   recognition  a designation (亮身份) by its enterprise, like a visit (a secretary writes none); a
 *                venue (阵地) by its organisation, like a secretary's term
 *   instructor   an instructor's account (store_filter.instructor_id) writes visits only, and only
 *                its own (the visit's 指导员 and 派出单位 name its row, old and new); the region
 *                rule above applies as well
 * A refusal is FG_EINPUT with the offending column and a Chinese message, like any reference error,
 * so the importer reports it as file:row:column and the forms beside the field. */
#ifndef FGDJ_SCOPE_H
#define FGDJ_SCOPE_H
#include <stdint.h>

#include "core/ledger.h"
#include "store/store.h"
#include "util/err.h"

/* 1 for the district scope (everything). */
int scope_is_district(const store_filter *f);

/* 1 when region id region_id (a street or community) lies in the region scope_region (0 or 1: the
 * district, which holds everything). */
int scope_region_within(store *s, int64_t region_id, int64_t scope_region);

/* 1 when a place named by a row (street and community names; community may be NULL for a
 * street-level organisation) lies inside a region scope. The district holds every place, new ones
 * too; a street holds its communities, new ones as well; a community only itself. A secretary's
 * scope holds no place. */
int scope_place_in(store *s, const store_filter *f, const char *street, const char *community);

/* 1 when the region named unit (a 派出单位: the district, a street or a community) lies in the scope. */
int scope_unit_in(store *s, const store_filter *f, const char *unit);

/* Gives the current write transaction a scope: every store_put until store_commit/store_rollback
 * is checked by scope_check_put. Without it (the command line) a transaction is the district's.
 * f is copied. */
void store_scope_set(store *s, const store_filter *f);

/* The write rule above for one row about to be written: old is the row as stored (NULL for a new
 * one), rec the row to write, both canonical text. FG_OK, or FG_EINPUT with *bad_col and e set. */
int scope_check_put(store *s, const store_filter *f, const ledger_def *def, const ledger_rec *old,
		    const ledger_rec *rec, int *bad_col, fg_err *e);

#endif
