/* campaign — investigation campaigns (排查) and their tasks as rules on dates (docs/party-work.md
 * §5): which campaigns are the year's, when a task counts as done, when it is overdue, and what
 * a task row must hold. Pure: day numbers of util/date.h, DATE_NONE for no date. The store, the
 * figures, the findings and the progress table all ask here. */
#ifndef FGDJ_CAMPAIGN_H
#define FGDJ_CAMPAIGN_H

typedef enum task_state { TASK_NOT_STARTED, TASK_IN_PROGRESS, TASK_DONE, TASK_NSTATES } task_state;

/* "未开始", "进行中", "已完成". */
extern const char *const task_state_names[TASK_NSTATES];

/* The state named by s; NULL or empty is 未开始 (the default); -1 when s names none. */
int task_state_parse(const char *s);

/* A campaign counts for the year of d when it started on or before d and its deadline is on or
 * after 1 January of that year. */
int campaign_of_year(int start, int deadline, int d);

/* A task is done on d when it is 已完成 with a completion date on or before d. */
int task_done_on(int state, int done, int d);

/* A task is overdue on d when its campaign has started by d, its deadline has passed (deadline
 * < d) and the task is not done on d. */
int task_overdue_on(int start, int deadline, int state, int done, int d);

/* 完成日期 is there exactly when the task is 已完成. Returns 0 when consistent; else 1 and msg
 * (msgsz bytes) says what is wrong: the caller reports it at the 完成日期 column when a date is
 * missing, at 状态 otherwise. *at_date is set to 1 when the date is the offending cell. */
int task_check(int state, int done, int *at_date, char *msg, unsigned msgsz);

#endif
