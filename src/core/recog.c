#include "core/recog.h"

#include <string.h>

#include "util/date.h"

const char *const designation_kind_names[DESIG_NKINDS + 1] = {"党员示范岗", "党员先锋岗", "党员责任区", NULL};

int designation_kind_parse(const char *name)
{
	for (int k = 0; name && k < DESIG_NKINDS; k++)
		if (strcmp(designation_kind_names[k], name) == 0)
			return k;
	return -1;
}

int designation_active(int granted, int revoked, int d)
{
	return granted != DATE_NONE && granted <= d && (revoked == DATE_NONE || d < revoked);
}

int venue_counts(int recognised, int d)
{
	return recognised == DATE_NONE || recognised <= d;
}
