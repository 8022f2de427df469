/* template — the report template language (documented in docs/report-template.md).
 *
 *   {{name}}                      a variable (figures are already formatted: "71.4%", "12")
 *   {{#if COND}} … {{else}} … {{/if}}   COND is  name  |  name > N  |  name < N  |  name == N  |  name != N
 *   {{#unless COND}} … {{/unless}}
 *   {{#each list}} … {{.field}} … {{@index}} {{@cn}} … {{/each}}   (@cn: 一 二 三 …; @last is true on the last)
 *   {{@next}}                     the next Chinese ordinal (一、二、…) — restarts after every "## " line
 *
 * Expansion produces text; lines then become blocks (see report/work.c). Pure: no I/O. */
#ifndef FGDJ_TEMPLATE_H
#define FGDJ_TEMPLATE_H
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

typedef struct tpl_item {
	size_t nfields;
	char **keys, **vals;
} tpl_item;

typedef struct tpl_list {
	char *name;
	tpl_item *items;
	size_t n;
} tpl_list;

typedef struct tpl_ctx {
	char **keys, **vals;
	size_t n;
	tpl_list *lists;
	size_t nlists;
} tpl_ctx;

/* Setting variables (copies). A later set of the same name replaces the value. */
void tpl_set(tpl_ctx *c, const char *key, const char *val);
void tpl_setf(tpl_ctx *c, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Appends an item to list `name` (created when new) and returns it for tpl_item_set. */
tpl_item *tpl_list_add(tpl_ctx *c, const char *name);
void tpl_item_set(tpl_item *it, const char *key, const char *val);
void tpl_item_setf(tpl_item *it, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tpl_free(tpl_ctx *c);

/* Expands src (len bytes) into out. On a template error returns FG_EINPUT with e naming the line:
 * "模板第 12 行：未知的占位符 {{foo}}". */
int tpl_expand(const tpl_ctx *c, const char *src, size_t len, buf *out, fg_err *e);

/* Chinese ordinal for 1..99: 一 … 十 十一 … 九十九. out needs 16 bytes. */
void tpl_cn_number(int n, char out[16]);

#endif
