/* Handlers of the ledger pages and API (routes_ledger.inc). */
#ifndef FGDJ_PAGES_LEDGER_H
#define FGDJ_PAGES_LEDGER_H
#include "web/web.h"

#endif
