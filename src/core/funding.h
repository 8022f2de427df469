/* funding — the rules of the funding ledger (党建经费, docs/party-work.md): which grants a figure
 * counts, and whether a 星级奖励 lies in the range for the organisation's stars. Pure: no I/O, no
 * SQL; money in 分 (the ledger's amounts, core/dues.h parses them), stars as core/rating.h counts
 * them. The stars themselves come from the ratings ledger (store side, one function). */
#ifndef FGDJ_FUNDING_H
#define FGDJ_FUNDING_H
#include <stddef.h>
#include <stdint.h>

#include "core/rating.h"

/* The 类型 of a grant, in the ledger's order of choices. */
typedef enum funding_kind { FUNDING_AWARD, FUNDING_SUBSIDY, FUNDING_OTHER, FUNDING_NKINDS } funding_kind;

/* The kind of canonical 类型 text (星级奖励 / 专项补贴 / 其他); -1 for anything else. */
int funding_kind_parse(const char *text);
const char *funding_kind_label(funding_kind k);

/* 1 when a grant dated `day` counts in the figures of as_of: 1 January of as_of's year ≤ day ≤ as_of. */
int funding_in_year(int day, int as_of);

/* The finding funding_out_of_range for a 星级奖励 of amount 分 to an organisation with `stars` on
 * the award's date (0 = no valid rating): 0 when the award lies in the range (rating_award_in_range),
 * else 1 with a Chinese message — the amount in money_words, the range and the stars — in msg. */
int funding_award_outside(const rating_settings *c, int stars, int64_t amount, char *msg, size_t msgsz);

#endif
