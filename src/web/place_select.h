/* place_select — the 所属街道 and 所属社区 controls of the enterprise form: chosen from the places
 * that exist, never typed, so that a typo cannot name a new place. Owned by the enterprise form
 * (page_ledger_view.c's lw_form calls it for those two columns). */
#ifndef FGDJ_PLACE_SELECT_H
#define FGDJ_PLACE_SELECT_H
#include "util/buf.h"
#include "web/web.h"

/* Writes the control of column col (E_STREET or E_COMMUNITY) of the enterprise ledger: a <select>
 * of the streets of the user's scope, or of their communities grouped by street in <optgroup>s
 * (works without JavaScript; assets/places.js shows only the chosen street's group). v is the
 * current value, street the current street (for the community's group), err the message shown
 * beside it (NULL: none). The server still checks the pair: store_put refuses a community that is
 * not in the street. */
void place_select(web_req *r, buf *b, int col, const char *v, const char *street, const char *err);

#endif
