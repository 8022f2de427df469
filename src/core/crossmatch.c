#include "core/crossmatch.h"

#include <string.h>

#include "util/date.h"

static const char *const IDS[XM_NCLASSES] = {"", "pocket", "hidden", "unregistered"};
static const char *const LABELS[XM_NCLASSES] = {"", "口袋党员线索", "隐形党员线索", "自报党员未登记"};

int crossmatch_long_enough(int since, int as_of, int months)
{
	return since != DATE_NONE && date_add_months(since, months) <= as_of;
}

xm_class crossmatch_class(const xm_line *l, int as_of, int pocket_months)
{
	if (l->hired != DATE_NONE && l->hired > as_of)
		return XM_NONE;
	if (!l->matched)
		return l->self_member ? XM_UNREGISTERED : XM_NONE;
	if (l->stopped)
		return XM_NONE;
	/* An empty 入职日期 is a line with no start known: the employee has always been there. */
	if (!l->has_org && (l->hired == DATE_NONE || crossmatch_long_enough(l->hired, as_of, pocket_months)))
		return XM_POCKET;
	if (l->employer != l->enterprise || l->disclosed == 0)
		return XM_HIDDEN;
	return XM_NONE;
}

int crossmatch_candidate(const xm_line *l)
{
	/* On a day after every hire date and with no waiting time, every class a line can take on
	 * some day shows (a pocket candidate still waiting is hidden or nothing before, pocket after). */
	xm_line far = *l;
	far.hired = DATE_NONE;
	return crossmatch_class(&far, 0, 0) != XM_NONE;
}

const char *crossmatch_class_id(xm_class c)
{
	return c > XM_NONE && c < XM_NCLASSES ? IDS[c] : "";
}

const char *crossmatch_class_label(xm_class c)
{
	return c > XM_NONE && c < XM_NCLASSES ? LABELS[c] : "";
}

xm_class crossmatch_class_parse(const char *id)
{
	for (int c = XM_POCKET; c < XM_NCLASSES; c++)
		if (id && strcmp(id, IDS[c]) == 0)
			return (xm_class)c;
	return XM_NONE;
}
