#include "core/search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "core/ident.h"
#include "core/pinyin_table.h"

/* ---- pinyin of one character ---- */

/* The pinyin of a Han character, lower-case ASCII letters without tones, into out (≥ 8 bytes);
 * "" when it has none (core/pinyin_table.h, made from ICU's Han-Latin transliteration at build time). */
static void syllable(UChar32 c, char out[8])
{
	size_t lo = 0, hi = pinyin_n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pinyin_cp[mid] < (uint32_t)c)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < pinyin_n && pinyin_cp[lo] == (uint32_t)c)
		memcpy(out, pinyin_names[pinyin_syl[lo]], 8);
	else
		out[0] = 0;
}

/* ---- splitting text ---- */

static int is_han(UChar32 c)
{
	UErrorCode st = U_ZERO_ERROR;
	return c >= 0x2E80 && uscript_getScript(c, &st) == USCRIPT_HAN && !U_FAILURE(st);
}

static int is_alnum(UChar32 c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The normalised text (NFKC, spaces collapsed): in the caller's room when it fits (most names),
 * else malloc'd; NULL when out of memory. Free with done(). */
static char *normalized(const char *in, char *room, size_t roomsz)
{
	in = in ? in : "";
	size_t n = ident_normalize_text(in, room, roomsz);
	if (n < roomsz)
		return room;
	char *out = malloc(n + 1);
	if (out)
		ident_normalize_text(in, out, n + 1);
	return out;
}

static void done(char *t, const char *room)
{
	if (t != room)
		free(t);
}

/* ---- index words ---- */

void search_words(const char *name, buf *out)
{
	char room[256];
	char *t = normalized(name, room, sizeof room);
	if (!t)
		return;
	int32_t n = (int32_t)strlen(t);
	size_t start = out->len;
	/* Chinese characters and their pairs; Latin letters and digits as lower-case words. */
	int32_t i = 0, prev_han = -1;
	buf py_full = {0}, py_init = {0};
	int32_t *marks = NULL; /* where each Han character's syllable starts in py_full / py_init */
	size_t nmarks = 0;
	while (i < n) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT(t, i, n, c);
		if (c < 0) {
			prev_han = -1;
			continue;
		}
		if (is_han(c)) {
			if (out->len > start)
				buf_putc(out, ' ');
			buf_add(out, t + at, (size_t)(i - at));
			if (prev_han >= 0) {
				buf_putc(out, ' ');
				buf_add(out, t + prev_han, (size_t)(i - prev_han));
			}
			prev_han = at;
			char s[8];
			syllable(c, s);
			if (*s) {
				marks = realloc(marks, (nmarks + 1) * 2 * sizeof *marks);
				if (!marks)
					break;
				marks[2 * nmarks] = (int32_t)py_full.len;
				marks[2 * nmarks + 1] = (int32_t)py_init.len;
				nmarks++;
				buf_puts(&py_full, s);
				buf_putc(&py_init, s[0]);
			}
			continue;
		}
		prev_han = -1;
		if (is_alnum(c)) {
			int32_t j = at;
			while (j < n && is_alnum((unsigned char)t[j]))
				j++;
			buf_puts(out, out->len > start ? " " : "");
			for (int32_t k = at; k < j; k++) {
				char ch = t[k];
				buf_putc(out, (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch);
			}
			i = j;
		}
	}
	/* Pinyin and initials from every character on, so that a search may start anywhere. */
	for (size_t k = 0; marks && k < nmarks; k++) {
		buf_putc(out, ' ');
		buf_add(out, py_full.p + marks[2 * k], py_full.len - (size_t)marks[2 * k]);
		if (py_init.len - (size_t)marks[2 * k + 1] > 1) {
			buf_putc(out, ' ');
			buf_add(out, py_init.p + marks[2 * k + 1], py_init.len - (size_t)marks[2 * k + 1]);
		}
	}
	free(marks);
	buf_free(&py_full);
	buf_free(&py_init);
	done(t, room);
}

/* ---- queries ---- */

/* 1 when the character at byte i of t is a Chinese one. */
static int is_han_at(const char *t, int32_t i, int32_t n)
{
	UChar32 c;
	U8_NEXT(t, i, n, c);
	return c >= 0 && is_han(c);
}

static void term(buf *out, int *any, const char *w, int32_t len, int prefix)
{
	buf_printf(out, "%s\"%.*s\"%s", *any ? " AND " : "", (int)len, w, prefix ? "*" : "");
	*any = 1;
}

int search_match(const char *text, buf *out)
{
	char room[256];
	char *t = normalized(text, room, sizeof room);
	if (!t)
		return 0;
	size_t start = out->len;
	int any = 0;
	int32_t n = (int32_t)strlen(t), i = 0, prev_han = -1;
	while (i < n) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT(t, i, n, c);
		if (c >= 0 && is_han(c)) {
			/* A run of one character is that character; a longer one is all of its pairs. */
			if (prev_han >= 0)
				term(out, &any, t + prev_han, i - prev_han, 0);
			else if (i >= n || !is_han_at(t, i, n))
				term(out, &any, t + at, i - at, 0);
			prev_han = at;
			continue;
		}
		prev_han = -1;
		if (c >= 0 && is_alnum(c)) {
			int32_t j = at;
			while (j < n && is_alnum((unsigned char)t[j]))
				j++;
			for (int32_t k = at; k < j; k++)
				if (t[k] >= 'A' && t[k] <= 'Z')
					t[k] = (char)(t[k] - 'A' + 'a');
			term(out, &any, t + at, j - at, 1);
			i = j;
		}
	}
	done(t, room);
	if (!any)
		out->len = start;
	return any;
}

int search_code_prefix(const char *text, char *out, size_t outsz)
{
	char room[256];
	char *t = normalized(text, room, sizeof room);
	if (!t)
		return 0;
	size_t n = strlen(t);
	int ok = n >= 4 && n < outsz && t[0] >= '0' && t[0] <= '9';
	for (size_t i = 0; ok && i < n; i++)
		ok = is_alnum((unsigned char)t[i]);
	if (ok) {
		for (size_t i = 0; i <= n; i++)
			out[i] = (t[i] >= 'a' && t[i] <= 'z') ? (char)(t[i] - 'a' + 'A') : t[i];
	}
	done(t, room);
	return ok;
}
