/* Which dated backups to keep (core/retention.h). */
#include <stdlib.h>

#include "core/retention.h"
#include "util/date.h"

void retention_keep(const int *days, size_t n, int daily, int monthly, int *keep)
{
	/* Visit newest first: an index array sorted by date, by selection (a directory of backups
	 * holds hundreds at most). */
	size_t *order = malloc((n ? n : 1) * sizeof *order);
	if (!order)
		abort();
	for (size_t i = 0; i < n; i++) {
		order[i] = i;
		keep[i] = 0;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (days[order[j]] > days[order[i]]) {
				size_t t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
	int ndays = 0, nmonths = 0, last_month = -1;
	for (size_t k = 0; k < n; k++) {
		size_t i = order[k];
		if (ndays < daily) {
			keep[i] = 1;
			ndays++;
		}
		int y, m, d;
		date_to_ymd(days[i], &y, &m, &d);
		int month = y * 12 + m;
		if (month != last_month) {
			last_month = month;
			if (nmonths < monthly) {
				keep[i] = 1;
				nmonths++;
			}
		}
	}
	free(order);
}
