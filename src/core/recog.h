/* recog — 亮身份 designations and 党员活动阵地 venues on a date (docs/party-work.md §6–§7): which
 * designation kinds there are, when a designation is in force and when a venue counts. Pure: day
 * numbers in (util/date.h), no I/O. A venue's standard is rating_venue_standard (core/rating.h). */
#ifndef FGDJ_RECOG_H
#define FGDJ_RECOG_H

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

#endif
