/* util/utf8.h — well-formed UTF-8 as RFC 3629 defines it. Every sequence of one to three bytes
 * (and every four-byte one with a lead F0–F7 and continuation bytes from a spread of values) is
 * judged against the definition itself: decode the bits, then the length must be the shortest
 * for the code point, and the code point neither a surrogate nor above U+10FFFF. Then the
 * prefix function, with its fast paths, over texts that mix ASCII, Chinese and faults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/utf8.h"

/* The definition: the length of the well-formed character at s (n bytes), 0 when none. */
static size_t oracle(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (!len || len > n)
		return 0;
	uint32_t cp = len == 1 ? c : c & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	static const uint32_t MIN[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < MIN[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

static void every_short_sequence(void **state)
{
	(void)state;
	unsigned char s[4];
	for (uint32_t v = 0; v < 1u << 24; v++) {
		s[0] = (unsigned char)(v >> 16);
		s[1] = (unsigned char)(v >> 8);
		s[2] = (unsigned char)v;
		for (size_t n = 1; n <= 3; n++) {
			size_t want = oracle(s, n), got = utf8_char_len(s, n);
			if (got != want)
				fail_msg("%02X %02X %02X (n %zu): %zu, wanted %zu", s[0], s[1], s[2], n, got, want);
			if (got && utf8_decode(s, got) > 0x10FFFF)
				fail_msg("decoded above U+10FFFF");
		}
	}
	static const unsigned char CONT[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
	for (unsigned lead = 0xF0; lead <= 0xF7; lead++)
		for (size_t a = 0; a < sizeof CONT; a++)
			for (size_t b = 0; b < sizeof CONT; b++)
				for (size_t c = 0; c < sizeof CONT; c++) {
					s[0] = (unsigned char)lead;
					s[1] = CONT[a];
					s[2] = CONT[b];
					s[3] = CONT[c];
					assert_int_equal(utf8_char_len(s, 4), oracle(s, 4));
				}
}

static void decodes(void **state)
{
	(void)state;
	assert_int_equal(utf8_decode((const unsigned char *)"A", 1), 0x41);
	assert_int_equal(utf8_decode((const unsigned char *)"\xE4\xB8\xAD", 3), 0x4E2D);       /* 中 */
	assert_int_equal(utf8_decode((const unsigned char *)"\xF0\xA0\x80\x80", 4), 0x20000); /* 𠀀 */
	assert_int_equal(utf8_decode((const unsigned char *)"\xF4\x8F\xBF\xBF", 4), 0x10FFFF);
}

static void prefixes(void **state)
{
	(void)state;
	size_t m;
	const char *ok = "91330106MA2000342T,明州智天商贸有限公司,𠀀,é,end of a long ASCII tail";
	assert_int_equal(utf8_valid_prefix((const unsigned char *)ok, strlen(ok), &m), strlen(ok));
	assert_int_equal(m, 10 + 1 + 1);
	/* a fault after 12 bytes of ASCII and one Chinese character: the prefix stops before it */
	static const struct {
		const char *s;
		size_t len, valid;
	} BAD[] = {
		{"0123456789ab中\xED\xA0\x80tail", 21, 15},  /* a surrogate */
		{"0123456789ab中\xE0\x80\x80tail", 21, 15},  /* overlong */
		{"0123456789ab中\xF4\x90\x80\x80x", 20, 15}, /* above U+10FFFF */
		{"0123456789ab中\xE4\xB8", 17, 15},          /* cut short */
		{"0123456789ab中\x80", 16, 15},              /* a lone continuation byte */
		{"0123456789ab中\xC1\xBF", 17, 15},          /* C1: overlong */
	};
	for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
		assert_int_equal(utf8_valid_prefix((const unsigned char *)BAD[i].s, BAD[i].len, &m), BAD[i].valid);
		assert_int_equal(m, 1);
	}
	assert_int_equal(utf8_valid_prefix((const unsigned char *)"", 0, NULL), 0);
}

/* utf8_valid_prefix against the definition walked character by character (utf8_char_len), on
 * strings made of fragments — ASCII runs of every length around its word-at-a-time step, Chinese
 * runs, two- and four-byte characters and each kind of fault — in a fixed pseudo-random order;
 * every other string long (up to 60 fragments, a fault one in 16: faults after several of the
 * automaton's 64-byte blocks, characters across their ends). */
static void prefix_as_walked(void **state)
{
	(void)state;
	static const char *const FRAG[] = {"a", "abcdefg", "abcdefgh", "abcdefghijklmnopq", "中", "中文中文", "é", "𠀀",
					   ",", "\x80", "\xED\xA0\x80", "\xE4\xB8", "\xC1\xBF", "\xF5", "\xE0\x80\x80"};
	uint32_t seed = 12345;
	for (int t = 0; t < 20000; t++) {
		unsigned char b[1024];
		size_t len = 0;
		seed = seed * 1103515245u + 12345u;
		int nfrag = (int)(seed >> 16) % (t % 2 ? 60 : 12);
		for (int k = 0; k < nfrag; k++) {
			seed = seed * 1103515245u + 12345u;
			/* (in a long string mostly the well-formed fragments, the first 9: a fault late in it) */
			size_t nf = t % 2 && (seed >> 28) ? 9 : sizeof FRAG / sizeof FRAG[0];
			const char *f = FRAG[(seed >> 16) % nf];
			size_t fl = strlen(f);
			memcpy(b + len, f, fl);
			len += fl;
		}
		size_t want = 0, wm = 0, n;
		while (want < len && (n = utf8_char_len(b + want, len - want)) != 0) {
			wm += n > 1;
			want += n;
		}
		size_t m = 99;
		assert_int_equal(utf8_valid_prefix(b, len, &m), want);
		assert_int_equal(m, wm);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_short_sequence),
		cmocka_unit_test(decodes),
		cmocka_unit_test(prefixes),
		cmocka_unit_test(prefix_as_walked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
