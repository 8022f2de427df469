/* What facts.c (loads) and facts_patch.c (patches) share; not for other callers. */
#ifndef FGDJ_FACTS_INT_H
#define FGDJ_FACTS_INT_H

#include "report/facts.h"

/* The index in f->ents of enterprise id, -1 when not in f (or above its id ceiling). */
int32_t facts_ent_index(const facts *f, int64_t id);
/* One more link (or assignment, mode and kind NULL) of enterprise index ent to owner. */
void facts_push_link(fact_link **v, size_t *n, int32_t ent, int64_t owner, const char *mode, const char *kind);
/* An enterprise's count of covering organisations by mode, for a link of mode (org_mode). */
void facts_cover_count(ent_fact *ef, unsigned char mode);
/* The region's enterprises on f's date into f->ents and f->idx (sized by f->max_ent); the caller
 * holds the read snapshot. *members_region: the region whose enterprises employ every member these
 * enterprises count, when none of them changed since f's date; else 0. */
int facts_load_ents(store *s, facts *f, int64_t *members_region, fg_err *e);

#endif
