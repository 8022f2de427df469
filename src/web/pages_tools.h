/* Handlers of the work tools pages (routes_tools.inc). */
#ifndef FGDJ_PAGES_TOOLS_H
#define FGDJ_PAGES_TOOLS_H
#include "web/web.h"

#endif
