/* recog — 亮身份 designations and 党员活动阵地 venues on a date (docs/party-work.md §6–§7): which
 * designation kinds there are, when a designation is in force and when a venue counts. Pure: day
 * numbers in (util/date.h), no I/O. A venue's standard is rating_venue_standard (core/rating.h);
 * venue_shortfall says why one is not. */
#ifndef FGDJ_RECOG_H
#define FGDJ_RECOG_H

#include "core/ledger.h"
#include "core/rating.h"
#include "util/buf.h"

typedef enum designation_kind {
	DESIG_MODEL_POST,    /* 党员示范岗 */
	DESIG_VANGUARD_POST, /* 党员先锋岗 */
	DESIG_RESP_AREA,     /* 党员责任区 */
	DESIG_NKINDS
} designation_kind;

/* The 类型 choices of the designations ledger, in designation_kind order, NULL-terminated. */
extern const char *const designation_kind_names[DESIG_NKINDS + 1];
/* The kind of a canonical 类型, or -1. */
int designation_kind_parse(const char *name);

/* 1 when a designation granted on `granted` and revoked on `revoked` (DATE_NONE: not revoked) is in
 * force on d: granted ≤ d < revoked. */
int designation_active(int granted, int revoked, int d);

/* 1 when a venue recognised on `recognised` (DATE_NONE: no 认定日期) counts on d: always without
 * a date, else from that day on. */
int venue_counts(int recognised, int d);

/* The facts of a row of the venues ledger: its 六有 (是 = has it), area (-1 when empty) and 认定日期
 * (DATE_NONE when empty). */
void venue_facts_of(const ledger_rec *rec, venue_facts *v, int *recognised);

/* Why a venue recognised on `recognised` is not a standard venue on d, in Chinese, appended to out:
 * not yet recognised on d, which of the 六有 it lacks, its area unknown or below venue.min_area.
 * Returns 1 (nothing written) when it counts on d and is standard (venue_counts and
 * rating_venue_standard decide; this only says why not). Findings and the venue's page both say it
 * with this. */
int venue_shortfall(const rating_settings *c, const venue_facts *v, int recognised, int d, buf *out);

#endif
