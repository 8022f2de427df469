/* crossmatch (report) — the candidate list of the roster cross-match on a date, in a reader's scope:
 * built once here and printed by `fgdj crossmatch` (text, JSON, XLSX) and shown by the /crossmatch
 * page, so both faces show the same lines. Classes are core/crossmatch.h's; lines come from one
 * join (store/crossmatch_store.h). Decisions do not change a line's class on a date: a dismissed
 * candidate is still a candidate, shown with its state. */
#ifndef FGDJ_REPORT_CROSSMATCH_H
#define FGDJ_REPORT_CROSSMATCH_H
#include <stddef.h>

#include "core/crossmatch.h"
#include "store/store.h"
#include "util/buf.h"

typedef enum xm_state { XM_ANY, XM_OPEN, XM_CONFIRMED, XM_DISMISSED } xm_state;

typedef struct xm_row {
	xm_class cls;
	xm_state state; /* XM_OPEN, XM_CONFIRMED or XM_DISMISSED */
	int64_t line;   /* the roster line's id (what a page's button names: no ID number in the page) */
	char *uscc, *ent_name, *street, *name, *idno, *political, *hired;
	char *member_org, *member_outside, *member_employer;
	char *decided_on, *who, *campaign, *note; /* of a decision, else NULL */
} xm_row;

typedef struct xm_list {
	int as_of;
	xm_row *v;
	size_t n;
	size_t by_class[XM_NCLASSES]; /* of the lines listed */
} xm_list;

typedef struct xm_query {
	int as_of;
	store_filter within; /* a street, community (region_id) or zone (zone_id); zeros: the whole scope */
	xm_class only;  /* XM_NONE = every class */
	xm_state state;
	const char *campaign; /* only lines decided with this campaign named; NULL: any */
} xm_query;

/* The candidates on q->as_of of the enterprises scope reaches (NULL: the district), sorted by
 * class, enterprise and ID number. */
int crossmatch_list(store *s, const store_filter *scope, const xm_query *q, xm_list *out, fg_err *e);
void crossmatch_list_free(xm_list *l);

/* The class of one line on a date, for a decision: -1 when there is no such line in the
 * enterprises scope reaches (one message for both: the scope is not revealed), else its class
 * (XM_NONE: not a candidate). */
int crossmatch_line_class(store *s, const store_filter *scope, const char *uscc, const char *idno, int as_of);

/* A user's decision ("confirmed" / "dismissed") on the line of enterprise uscc and idno, which
 * must be a candidate on as_of in the enterprises scope reaches (NULL: the district): one
 * transaction of who/source, with its history entry. FG_EINPUT with a message otherwise. */
int crossmatch_decide(store *s, const store_filter *scope, const char *who, const char *source, const char *uscc,
		      const char *idno, int as_of, const char *decision, const char *campaign, const char *note,
		      fg_err *e);

/* The same, naming the line by its id (line < 0: not found, same message as a line outside scope). */
int crossmatch_decide_line(store *s, const store_filter *scope, const char *who, const char *source, int64_t line,
			   int as_of, const char *decision, const char *campaign, const char *note, fg_err *e);

const char *crossmatch_state_label(xm_state st); /* 待核实 / 已确认 / 已排除 */
xm_state crossmatch_state_parse(const char *id);  /* "open" / "confirmed" / "dismissed"; XM_ANY otherwise */

/* ID numbers masked unless unmasked. */
void crossmatch_text(const xm_list *l, const char *label, int unmasked, buf *out);
void crossmatch_json(const xm_list *l, const char *label, int unmasked, buf *out);
int crossmatch_xlsx(const xm_list *l, const char *label, int unmasked, const char *path, fg_err *e);

#endif
