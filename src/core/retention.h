/* retention — which dated backups to keep (fgdj backup --dir). Pure. */
#ifndef FGDJ_RETENTION_H
#define FGDJ_RETENTION_H
#include <stddef.h>

/* days[0..n) are the backups' dates (day numbers, util/date.h), in any order, at most one a day.
 * Sets keep[i] to 1 for the backups of the `daily` most recent days that have one, and for the
 * newest backup of each of the `monthly` most recent months that have one; 0 for the others. */
void retention_keep(const int *days, size_t n, int daily, int monthly, int *keep);

#endif
