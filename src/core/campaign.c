/* campaign — see campaign.h. */
#include "core/campaign.h"

#include <stdio.h>
#include <string.h>

#include "util/date.h"

const char *const task_state_names[TASK_NSTATES] = {"未开始", "进行中", "已完成"};

int task_state_parse(const char *s)
{
	if (!s || !*s)
		return TASK_NOT_STARTED;
	for (int i = 0; i < TASK_NSTATES; i++)
		if (strcmp(s, task_state_names[i]) == 0)
			return i;
	return -1;
}

int campaign_of_year(int start, int deadline, int d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return start != DATE_NONE && deadline != DATE_NONE && start <= d && deadline >= date_from_ymd(y, 1, 1);
}

int task_done_on(int state, int done, int d)
{
	return state == TASK_DONE && done != DATE_NONE && done <= d;
}

int task_overdue_on(int start, int deadline, int state, int done, int d)
{
	return start != DATE_NONE && start <= d && deadline != DATE_NONE && deadline < d && !task_done_on(state, done, d);
}

int task_check(int state, int done, int *at_date, char *msg, unsigned msgsz)
{
	if (state == TASK_DONE && done == DATE_NONE) {
		*at_date = 1;
		snprintf(msg, msgsz, "状态为已完成时必须填写完成日期");
		return 1;
	}
	if (state != TASK_DONE && done != DATE_NONE) {
		*at_date = 0;
		snprintf(msg, msgsz, "填写了完成日期，状态应为已完成（现为%s）", task_state_names[state]);
		return 1;
	}
	return 0;
}
