/* check — rule violations and data-quality findings for a region on a date (fgdj check).
 * Each finding names its rule and the rule's basis, so a user knows why it is there. */
#ifndef FGDJ_CHECK_H
#define FGDJ_CHECK_H
#include <stddef.h>

#include "report/facts.h"
#include "util/buf.h"

typedef struct check_rule {
	const char *id;     /* stable identifier, e.g. "need_single" */
	const char *title;  /* Chinese headline */
	const char *basis;  /* where the rule comes from */
} check_rule;

typedef struct finding {
	const check_rule *rule;
	char *subject;  /* the enterprise, organisation or member concerned */
	char *detail;   /* what exactly is wrong, with the figures */
	size_t seq;     /* order found in: ties of one subject keep it */
} finding;

typedef struct findings {
	finding *v;
	size_t n;
	size_t per_rule[48]; /* counts by rule, in check_rules() order (check.c asserts the room) */
} findings;

const check_rule *check_rules(size_t *n);

/* Runs every rule over the loaded facts. Member names are masked unless unmasked. */
int check_run(store *s, const facts *f, int unmasked, findings *out, fg_err *e);
void findings_free(findings *fs);

void findings_text(const findings *fs, const facts *f, buf *out);
/* The rule of that id ("pocket_member"), or NULL. */
const check_rule *check_rule_find(const char *id);
/* The findings as JSON: region, as_of, by_rule (every rule's count), and the findings — only those of
 * rule `only` when it is not NULL (total then counts those). */
void findings_json(const findings *fs, const facts *f, const check_rule *only, buf *out);

#endif
