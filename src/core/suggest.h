/* suggest — the nearest existing names to a name that matched none (a typo in a ledger file or a
 * form), so that an error can say what was probably meant. Pure: the caller supplies the
 * candidate names; the result is indices into them. */
#ifndef FGDJ_SUGGEST_H
#define FGDJ_SUGGEST_H
#include <stddef.h>

/* Edit distance counted in characters (code points), not bytes: "双峰街" is one edit from
 * "双峰街道", not three. Names longer than 64 characters are compared on their first 64. */
size_t suggest_distance(const char *a, const char *b);

/* Edit distance counted in toneless pinyin syllables: "爽风" and "双峰" are 0 apart. */
size_t suggest_pinyin_distance(const char *a, const char *b);

/* Writes to out (at most max) the indices of the candidates close to name, best first: name a
 * prefix of the candidate ("梧埭" → "梧埭社区"), or within a third of its length in characters
 * or in pinyin syllables (at least one edit). Ties go to the smaller pinyin distance, then the
 * smaller character distance, then the earlier candidate. Returns the number written.
 * Thread-safe. */
size_t suggest_names(const char *name, const char *const *cands, size_t n, size_t *out, size_t max);

#endif
