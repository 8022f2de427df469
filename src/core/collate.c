#include "core/collate.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uiter.h>

/* One collator per thread: ucol_open is expensive, and a collator is not thread-safe. A thread key
 * closes it when the thread ends (web workers come and go). */
static _Thread_local UCollator *coll;
static _Thread_local int coll_failed;
static pthread_key_t coll_key;
static pthread_once_t coll_once = PTHREAD_ONCE_INIT;

static void close_coll(void *p)
{
	ucol_close(p);
}

static void make_key(void)
{
	pthread_key_create(&coll_key, close_coll);
}

static UCollator *collator(void)
{
	if (!coll && !coll_failed) {
		UErrorCode st = U_ZERO_ERROR;
		coll = ucol_open("zh", &st);
		if (U_FAILURE(st)) {
			coll = NULL;
			coll_failed = 1;
		} else {
			pthread_once(&coll_once, make_key);
			pthread_setspecific(coll_key, coll);
		}
	}
	return coll;
}

int collate_zh(const char *a, const char *b)
{
	if (!collator())
		return strcmp(a, b);
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r = ucol_strcollUTF8(coll, a, -1, b, -1, &st);
	if (U_FAILURE(st))
		return strcmp(a, b);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : strcmp(a, b);
}

size_t collate_key(const char *s, unsigned char *out, size_t outsz)
{
	size_t n = strlen(s);
	if (!collator() || n > INT32_MAX) {
		size_t k = n < outsz ? n : outsz;
		memcpy(out, s, k);
		return k;
	}
	UCharIterator it;
	uiter_setUTF8(&it, s, (int32_t)n);
	uint32_t state[2] = {0, 0};
	UErrorCode st = U_ZERO_ERROR;
	int32_t k = ucol_nextSortKeyPart(coll, &it, state, out, (int32_t)(outsz < INT32_MAX ? outsz : INT32_MAX), &st);
	if (U_FAILURE(st) || k < 0) {
		size_t c = n < outsz ? n : outsz;
		memcpy(out, s, c);
		return c;
	}
	return (size_t)k;
}

int text_width(const char *s)
{
	int w = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned cp;
		int n;
		if (*p < 0x80) {
			cp = *p;
			n = 1;
		} else if ((*p & 0xE0) == 0xC0) {
			cp = *p & 0x1F;
			n = 2;
		} else if ((*p & 0xF0) == 0xE0) {
			cp = *p & 0x0F;
			n = 3;
		} else {
			cp = *p & 0x07;
			n = 4;
		}
		for (int i = 1; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80) {
				n = i;
				break;
			}
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		p += n;
		/* East Asian wide ranges that matter here: CJK, full-width forms, CJK punctuation. */
		w += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
				       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
				       (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000))
			     ? 2
			     : 1;
	}
	return w;
}
