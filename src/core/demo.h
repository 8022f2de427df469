/* demo — realistic synthetic ledgers for demonstrations, tests and benchmarks.
 * Pure and deterministic: the same (scale, seed, today) always gives the same rows.
 * Implemented in demo.c and demo_*.c; demo_int.h says which file holds what. */
#ifndef FGDJ_DEMO_H
#define FGDJ_DEMO_H
#include <stdint.h>

#include "core/ledger.h"

typedef enum demo_scale { DEMO_DISTRICT, DEMO_CITY, DEMO_PROVINCE } demo_scale;

/* Called once per row, in an order that satisfies every reference: all enterprises, then
 * organisations (every parent before its children), then members, then instructors, then the
 * party-work records of the year of today in the order of ledger_kind (meetings, study,
 * secretaries, visits, trainings, trainees).
 * rec holds canonical text (as ledger_parse_value produces) valid only during the call.
 * A non-zero return stops the generator, which returns that value. */
typedef int (*demo_row_fn)(void *ctx, ledger_kind kind, const ledger_rec *rec);

/* Parses "district" | "city" | "province"; -1 when unknown. */
int demo_scale_parse(const char *name);

/* The generated district's (or city's, province's) name, e.g. "临江区". Static string. */
const char *demo_region_name(demo_scale scale, uint64_t seed);

/* Generates the ledgers of one synthetic region as they stand on today (a util/date.h day
 * number; no generated date is later). Returns 0, or the first non-zero value fn returned.
 * Memory grows with the number of enterprises (a few dozen bytes each) and members (24 bytes
 * each), not with the rows: a province of a million enterprises needs about 100 MB. */
int demo_generate(demo_scale scale, uint64_t seed, int today, demo_row_fn fn, void *ctx);

#endif
