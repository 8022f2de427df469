#include "core/collate.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
		/* Runs of digits compare by their value: 2号楼 before 10号楼 (and 第2 before 第10 below). */
		if (!U_FAILURE(st))
			ucol_setAttribute(coll, UCOL_NUMERIC_COLLATION, UCOL_ON, &st);
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

long collate_cn_value(const char *s, size_t *len)
{
	static const char *const DIGITS[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const struct {
		const char *u;
		long v;
	} UNITS[] = {{"千", 1000}, {"百", 100}, {"十", 10}};
	const char *p = s;
	long total = 0, digit = -1;
	int any = 0;
	for (;;) {
		int matched = 0;
		for (int d = 0; d < 10 && !matched; d++)
			if (strncmp(p, DIGITS[d], 3) == 0) {
				digit = d;
				matched = 1;
			}
		if (!matched && (strncmp(p, "两", 3) == 0 || strncmp(p, "〇", 3) == 0)) {
			digit = strncmp(p, "两", 3) == 0 ? 2 : 0;
			matched = 1;
		}
		for (size_t u = 0; u < 3 && !matched; u++)
			if (strncmp(p, UNITS[u].u, 3) == 0) {
				total += (digit < 0 ? 1 : digit) * UNITS[u].v;
				digit = -1;
				matched = 1;
			}
		if (!matched || total > 99999)
			break;
		any = 1;
		p += 3;
	}
	if (!any)
		return -1;
	*len = (size_t)(p - s);
	return total + (digit > 0 ? digit : 0);
}

/* s with every Chinese numeral after 第 written in digits (第十二 → 第12), so that with numeric
 * collation 第二 < 第十 < 第十二 < 第二十; NULL when there is none (compare s itself). */
static char *numerals(const char *s)
{
	const char *p = strstr(s, "第");
	if (!p)
		return NULL;
	size_t n = strlen(s);
	/* A numeral read is at most 99,999 (5 digits) from at least 3 bytes after a 3-byte 第: each
	 * one grows the text by at most 2 of its 6 bytes. */
	size_t cap = n + n / 3 + 8;
	char *out = malloc(cap), *o = out;
	if (!out)
		return NULL;
	int changed = 0;
	for (p = s; *p;) {
		size_t len;
		long v;
		if (strncmp(p, "第", 3) == 0 && (v = collate_cn_value(p + 3, &len)) >= 0 && v <= 99999) {
			o += snprintf(o, cap - (size_t)(o - out), "第%ld", v);
			p += 3 + len;
			changed = 1;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	if (!changed) {
		free(out);
		return NULL;
	}
	return out;
}

int collate_zh(const char *a, const char *b)
{
	if (!collator())
		return strcmp(a, b);
	char *na = numerals(a), *nb = numerals(b);
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r = ucol_strcollUTF8(coll, na ? na : a, -1, nb ? nb : b, -1, &st);
	free(na);
	free(nb);
	if (U_FAILURE(st))
		return strcmp(a, b);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : strcmp(a, b);
}

static size_t collate_key_raw(const char *s, unsigned char *out, size_t outsz)
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

size_t collate_key(const char *s, unsigned char *out, size_t outsz)
{
	char *ns = numerals(s);
	size_t k = collate_key_raw(ns ? ns : s, out, outsz);
	free(ns);
	return k;
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

size_t collate_cn_numeral(long n, char *out, size_t size)
{
	static const char *const D[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *const U[] = {"千", "百", "十", ""};
	static const long V[] = {1000, 100, 10, 1};
	char tmp[64];
	size_t o = 0;
	if (n < 1 || n > 9999) {
		o = (size_t)snprintf(tmp, sizeof tmp, "%ld", n);
	} else {
		int started = 0, zero = 0;
		for (int i = 0; i < 4; i++) {
			long d = n / V[i] % 10;
			if (!d) {
				zero = started; /* a gap inside the number reads 零 once (一百零五) */
				continue;
			}
			if (zero) {
				memcpy(tmp + o, D[0], 3);
				o += 3;
				zero = 0;
			}
			/* 十二, not 一十二, when the number starts at the tens */
			if (!(i == 2 && d == 1 && !started)) {
				memcpy(tmp + o, D[d], 3);
				o += 3;
			}
			memcpy(tmp + o, U[i], strlen(U[i]));
			o += strlen(U[i]);
			started = 1;
		}
	}
	if (size) {
		size_t k = o < size - 1 ? o : size - 1;
		memcpy(out, tmp, k);
		out[k] = '\0';
	}
	return o;
}
