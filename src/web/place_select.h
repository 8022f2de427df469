/* place_select — the 所属区县, 所属街道 and 所属社区 controls of the enterprise and organisation forms: chosen
 * from the places that exist, never typed, so that a typo cannot name a new place (page_ledger_view.c's
 * lw_form calls it for every column place_col names). */
#ifndef FGDJ_PLACE_SELECT_H
#define FGDJ_PLACE_SELECT_H
#include "core/ledger.h"
#include "util/buf.h"
#include "web/web.h"

enum { PLACE_COL_STREET = 1, PLACE_COL_COMMUNITY, PLACE_COL_DISTRICT };

/* PLACE_COL_* for a ledger's 所属街道, 所属社区 or 所属区县 column, 0 for any other column (the
 * enterprise and organisation ledgers key them "street", "community" and — enterprises in a city —
 * "district"). */
int place_col(const ledger_def *def, size_t col);

/* Writes the control of column kind which (PLACE_COL_*): a <select> of the districts of the user's
 * scope, of their streets (in a city grouped by district in <optgroup>s), or of their communities
 * grouped by street (works without JavaScript; assets/places.js shows only the group of the chosen
 * district or street). v is the current value, up the current value of the column above (the
 * district of a street, the street of a community) to pick the right group, err the message shown
 * beside it (NULL: none). paths: the ledger has no 所属区县 column (organisations) — in a city its
 * 所属街道 is chosen as "区县/街道" or as a district itself (区县本级), and its communities are grouped
 * by their street's path. The server still checks the pair: store_put refuses a community that is
 * not in the street. */
void place_select(web_req *r, buf *b, int which, int paths, const char *v, const char *up, const char *err);

#endif
