#include "core/suggest.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#define MAXSYM 64

/* Code points of s (at most MAXSYM). */
static size_t code_points(const char *s, int32_t *out)
{
	int32_t len = (int32_t)strnlen(s, 4096), i = 0;
	size_t n = 0;
	while (i < len && n < MAXSYM) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
		out[n++] = c;
	}
	return n;
}

static size_t levenshtein(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
	size_t row[MAXSYM + 1];
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

size_t suggest_distance(const char *a, const char *b)
{
	int32_t ca[MAXSYM], cb[MAXSYM];
	size_t na = code_points(a, ca), nb = code_points(b, cb);
	return levenshtein(ca, na, cb, nb);
}

/* One transliterator per thread, as collate.c keeps its collator: opening one loads ICU's rules
 * (milliseconds), and an instance is not thread-safe. */
static _Thread_local UTransliterator *tr;
static _Thread_local int tr_failed;
static pthread_key_t tr_key;
static pthread_once_t tr_once = PTHREAD_ONCE_INIT;

static void close_tr(void *p)
{
	utrans_close(p);
}

static void make_key(void)
{
	pthread_key_create(&tr_key, close_tr);
}

static UTransliterator *translit(void)
{
	if (!tr && !tr_failed) {
		static const UChar id[] = u"Han-Latin; Latin-ASCII; Lower";
		UErrorCode st = U_ZERO_ERROR;
		tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
		if (U_FAILURE(st)) {
			tr = NULL;
			tr_failed = 1;
		} else {
			pthread_once(&tr_once, make_key);
			pthread_setspecific(tr_key, tr);
		}
	}
	return tr;
}

/* The toneless pinyin syllables of s, each as a hash (at most MAXSYM). Without ICU's
 * transliterator the characters themselves stand in, so the distance falls back to characters. */
static size_t syllables(const char *s, int32_t *out)
{
	UChar u[512];
	int32_t len = 0;
	UErrorCode st = U_ZERO_ERROR;
	u_strFromUTF8(u, 256, &len, s, -1, &st);
	if (U_FAILURE(st) || len >= 256 || !translit())
		return code_points(s, out);
	int32_t limit = len;
	utrans_transUChars(tr, u, &len, (int32_t)(sizeof u / sizeof u[0]), 0, &limit, &st);
	if (U_FAILURE(st))
		return code_points(s, out);
	size_t n = 0;
	uint32_t h = 2166136261u;
	int in = 0;
	for (int32_t i = 0; i <= len && n < MAXSYM; i++) {
		UChar c = i < len ? u[i] : ' ';
		int word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c > 0x7F;
		if (word) {
			h = (h ^ c) * 16777619u;
			in = 1;
		} else if (in) {
			out[n++] = (int32_t)h;
			h = 2166136261u;
			in = 0;
		}
	}
	return n;
}

size_t suggest_pinyin_distance(const char *a, const char *b)
{
	int32_t pa[MAXSYM], pb[MAXSYM];
	size_t na = syllables(a, pa), nb = syllables(b, pb);
	return levenshtein(pa, na, pb, nb);
}

typedef struct scored {
	size_t idx, score, pinyin, chars;
} scored;

static int better(const scored *x, const scored *y)
{
	if (x->score != y->score)
		return x->score < y->score;
	if (x->pinyin != y->pinyin)
		return x->pinyin < y->pinyin;
	if (x->chars != y->chars)
		return x->chars < y->chars;
	return x->idx < y->idx;
}

size_t suggest_names(const char *name, const char *const *cands, size_t n, size_t *out, size_t max)
{
	if (max == 0 || !*name)
		return 0;
	int32_t cp[MAXSYM];
	size_t len = code_points(name, cp);
	size_t limit = len / 3 > 1 ? len / 3 : 1;
	size_t nname = strlen(name);
	scored best[16];
	if (max > 16)
		max = 16;
	size_t nbest = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(cands[i], name) == 0)
			continue;
		scored sc = {i, 0, suggest_pinyin_distance(name, cands[i]), suggest_distance(name, cands[i])};
		int prefix = strncmp(cands[i], name, nname) == 0;
		sc.score = prefix ? 0 : sc.chars < sc.pinyin ? sc.chars : sc.pinyin;
		if (!prefix && sc.score > limit)
			continue;
		/* Insertion into the short sorted list of the best so far. */
		size_t at = nbest;
		while (at > 0 && better(&sc, &best[at - 1]))
			at--;
		if (at >= max)
			continue;
		if (nbest < max)
			nbest++;
		memmove(&best[at + 1], &best[at], (nbest - 1 - at) * sizeof best[0]);
		best[at] = sc;
	}
	for (size_t i = 0; i < nbest; i++)
		out[i] = best[i].idx;
	return nbest;
}
