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

size_t utf8_valid_prefix(const unsigned char *s, size_t len, size_t *multi)
{
	size_t i = 0, m = 0;
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
		m++;
	}
	if (multi)
		*multi = m;
	return i;
}
