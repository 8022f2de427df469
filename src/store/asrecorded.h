/* asrecorded — the ledgers exactly as they stood at the end of a day, rebuilt from the history
 * alone (fgdj stats|report --as-recorded). Every write of every ledger, place and setting leaves a
 * history entry in its own transaction (design rule), so replaying the entries dated up to that day,
 * in their order, through the same writers (store_put, the places, the settings) yields the
 * database as it was then: records recorded later are absent, values changed later have their old
 * values, coverage links and assignments carry the dates they were written on. */
#ifndef FGDJ_ASRECORDED_H
#define FGDJ_ASRECORDED_H
#include "store/store.h"

/* A new private database (deleted when closed) holding src's ledgers as they stood at the end of
 * day (a day number, util/date.h), its history the entries of src up to then. Refused (FG_EFAIL,
 * naming the entry) when an entry cannot be replayed. */
int store_as_recorded(store *src, int day, store **out, fg_err *e);

#endif
