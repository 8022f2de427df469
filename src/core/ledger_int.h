/* Shared by the ledger's cell parsers (ledger.c, ledger_lists.c); not for other layers. */
#ifndef FGDJ_LEDGER_INT_H
#define FGDJ_LEDGER_INT_H
#include "core/ledger.h"

/* Trims ASCII whitespace, U+3000 and U+00A0 at both ends; collapses inner ASCII runs. */
void text_clean(const char *s, buf *out);
/* One 公民身份号码: its canonical form into norm, or VAL_ERROR with the reason in msg. */
val_status idno_check(const char *raw, const char *key, size_t kl, unsigned flags, const ledger_ctx *ctx, char norm[19],
		      buf *msg);
/* 参加党员: the ID numbers sorted and joined by "；", a repeated one refused. */
val_status parse_idno_list(const char *raw, const ledger_ctx *ctx, buf *out, buf *msg);
/* 缺席党员及原因: items "号码：原因" sorted by number and joined by "；". */
val_status parse_absent_list(const char *raw, const ledger_ctx *ctx, buf *out, buf *msg);

#endif
