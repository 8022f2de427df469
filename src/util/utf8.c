#include "util/utf8.h"

#include <string.h>

size_t utf8_char_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t need;
	unsigned lo = 0x80, hi = 0xBF; /* the allowed range of the first continuation byte */
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0; /* no overlong forms */
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90; /* no overlong forms */
		else if (c == 0xF4)
			hi = 0x8F; /* at most U+10FFFF */
	} else {
		return 0; /* a continuation byte, C0, C1 (overlong) or F5–FF */
	}
	if (n <= need || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k <= need; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return need + 1;
}

uint32_t utf8_decode(const unsigned char *s, size_t len)
{
	if (len == 1)
		return s[0];
	uint32_t cp = s[0] & (0x7Fu >> len);
	for (size_t i = 1; i < len; i++)
		cp = cp << 6 | (s[i] & 0x3Fu);
	return cp;
}

/* The character-by-character walk: s[0..len) from a character's start. */
static size_t walk_prefix(const unsigned char *s, size_t i, size_t len, size_t *m)
{
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			/* ASCII: the rest of a run a word at a time */
			i++;
			while (i + 8 <= len) {
				uint64_t w;
				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			continue;
		}
		/* A Chinese character, mostly: a lead E1..EF other than ED (whose first continuation
		 * byte may be anything from 80 to BF) and two continuation bytes; the next character is
		 * tested at once (a run of Chinese does not go back through the ASCII word test). */
		size_t n;
		if (c >= 0xE1 && c != 0xED && c <= 0xEF && len - i > 2 && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80)
			n = 3;
		else if ((n = utf8_char_len(s + i, len - i)) == 0)
			break;
		i += n;
		(*m)++;
	}
	return i;
}

/* The same rules as utf8_char_len as an automaton over bytes, each state a multiple of 6: the row of
 * a byte holds, at bit s, the state that follows state s (the shift-based form: one shift a byte,
 * no branch). ACC is between characters, REJ for good once a byte is wrong; the rest are inside a
 * character: C1, C2, C3 continuation bytes (80..BF) still wanted, E0 / ED / F0 / F4 after those
 * leads, whose next byte has a narrower range (no overlong forms, surrogates or > U+10FFFF). */
enum { U8_ACC = 0, U8_REJ = 6, U8_C1 = 12, U8_C2 = 18, U8_C3 = 24, U8_E0 = 30, U8_ED = 36, U8_F0 = 42, U8_F4 = 48 };
#define U8_LEAD(b)                                                                                                     \
	((b) < 0x80 ? U8_ACC : (b) < 0xC2 ? U8_REJ : (b) < 0xE0 ? U8_C1 : (b) == 0xE0 ? U8_E0 : (b) == 0xED ? U8_ED   \
	 : (b) < 0xF0 ? U8_C2 : (b) == 0xF0 ? U8_F0 : (b) < 0xF4 ? U8_C3 : (b) == 0xF4 ? U8_F4 : U8_REJ)
#define U8_CONT(b, lo, hi, to) ((uint64_t)((b) >= (lo) && (b) <= (hi) ? (to) : U8_REJ))
#define U8_ROW(b)                                                                                                      \
	((uint64_t)U8_LEAD(b) << U8_ACC | (uint64_t)U8_REJ << U8_REJ | U8_CONT(b, 0x80, 0xBF, U8_ACC) << U8_C1 |       \
	 U8_CONT(b, 0x80, 0xBF, U8_C1) << U8_C2 | U8_CONT(b, 0x80, 0xBF, U8_C2) << U8_C3 |                             \
	 U8_CONT(b, 0xA0, 0xBF, U8_C1) << U8_E0 | U8_CONT(b, 0x80, 0x9F, U8_C1) << U8_ED |                             \
	 U8_CONT(b, 0x90, 0xBF, U8_C2) << U8_F0 | U8_CONT(b, 0x80, 0x8F, U8_C2) << U8_F4)
#define U8_R4(b) U8_ROW(b), U8_ROW((b) + 1), U8_ROW((b) + 2), U8_ROW((b) + 3)
#define U8_R16(b) U8_R4(b), U8_R4((b) + 4), U8_R4((b) + 8), U8_R4((b) + 12)
#define U8_R64(b) U8_R16(b), U8_R16((b) + 16), U8_R16((b) + 32), U8_R16((b) + 48)
static const uint64_t U8_NEXT[256] = {U8_R64(0), U8_R64(64), U8_R64(128), U8_R64(192)};

/* Bytes run through the automaton between looks at its state. */
#define U8_BLOCK 64

size_t utf8_valid_prefix(const unsigned char *s, size_t len, size_t *multi)
{
	/* Blocks through the automaton; safe is the end of the last block that ended between
	 * characters (all before it well-formed, m its characters of more than one byte — their lead
	 * bytes, C2..F4, the bytes of both top bits set). At the first block that ends in REJ, or an
	 * end inside a character, the walk from safe finds the exact place. */
	size_t i = 0, safe = 0, m = 0, msafe = 0;
	uint64_t st = U8_ACC;
	while (len - i >= U8_BLOCK) {
		uint64_t w[U8_BLOCK / 8], any = 0;
		memcpy(w, s + i, sizeof w);
		for (size_t k = 0; k < U8_BLOCK / 8; k++)
			any |= w[k];
		if (st == U8_ACC && !(any & 0x8080808080808080ull)) { /* ASCII */
			i += U8_BLOCK;
			safe = i;
			msafe = m;
			continue;
		}
		for (size_t k = 0; k < U8_BLOCK / 8; k++) {
			uint64_t x = w[k] & w[k] << 1 & 0x8080808080808080ull;
			m += (size_t)((x >> 7) * 0x0101010101010101ull >> 56);
		}
		for (size_t k = 0; k < U8_BLOCK; k++)
			st = U8_NEXT[s[i + k]] >> (st & 63);
		i += U8_BLOCK;
		st &= 63;
		if (st == U8_REJ)
			break;
		if (st == U8_ACC) {
			safe = i;
			msafe = m;
		}
	}
	if (st != U8_REJ) {
		for (size_t k = i; k < len; k++)
			st = U8_NEXT[s[k]] >> (st & 63);
		if ((st & 63) == U8_ACC) {
			for (; i < len; i++)
				m += (s[i] & 0xC0) == 0xC0;
			if (multi)
				*multi = m;
			return len;
		}
	}
	size_t end = walk_prefix(s, safe, len, &msafe);
	if (multi)
		*multi = msafe;
	return end;
}
