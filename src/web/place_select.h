/* place_select — the 所属街道 and 所属社区 controls of the enterprise and organisation forms: chosen
 * from the places that exist, never typed, so that a typo cannot name a new place (page_ledger_view.c's
 * lw_form calls it for every column place_col names). */
#ifndef FGDJ_PLACE_SELECT_H
#define FGDJ_PLACE_SELECT_H
#include "core/ledger.h"
#include "util/buf.h"
#include "web/web.h"

/* 1 for a ledger's 所属街道 column, 2 for its 所属社区 column, 0 for any other column (the
 * enterprise and organisation ledgers have both, keyed "street" and "community"). */
int place_col(const ledger_def *def, size_t col);

/* Writes the street (is_street) or community control (name street or community): a <select>
 * of the streets of the user's scope, or of their communities grouped by street in <optgroup>s
 * (works without JavaScript; assets/places.js shows only the chosen street's group). v is the
 * current value, street the current street (for the community's group), err the message shown
 * beside it (NULL: none). The server still checks the pair: store_put refuses a community that is
 * not in the street. */
void place_select(web_req *r, buf *b, int is_street, const char *v, const char *street, const char *err);

#endif
