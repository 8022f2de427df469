/* norm — normalisation of text typed into spreadsheets, before it is validated or compared.
 *
 * Excel users type identifiers with a Chinese input method switched to full width
 * ("１１０１０５…Ｘ"), paste them with NBSP or U+3000 around them, or with a lower-case x.
 * NFKC folds the compatibility forms to ASCII; the rest is done one code point at a time. */
#include "core/ident.h"

#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/* Collects the output code points into the caller's buffer with the snprintf convention. */
typedef struct sink {
	char *out;
	size_t outsz;
	size_t len;        /* bytes the whole result needs */
	size_t kept;       /* bytes written to out */
	int full;          /* a character did not fit: write no later, shorter one, so out stays a prefix */
	int key;           /* key mode (drop spaces, upper-case) rather than text mode (collapse spaces) */
	int space_pending; /* text mode: whitespace seen after some output */
} sink;

static void sink_put(sink *k, UChar32 c)
{
	char b[4];
	size_t n;
	if (c >= 0 && c < 0x80) { /* nearly every character of a key: the general case below, shortened */
		if (!k->full && k->kept + 1 < k->outsz)
			k->out[k->kept++] = (char)c;
		else
			k->full = 1;
		k->len++;
		return;
	}
	/* ICU's UTF-8 decoder already replaced ill-formed input, so a surrogate here would be a bug
	 * upstream; U+FFFD keeps the output valid UTF-8 regardless. */
	if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	if (!k->full && k->outsz > 0 && k->kept + n < k->outsz) {
		memcpy(k->out + k->kept, b, n);
		k->kept += n;
	} else {
		k->full = 1;
	}
	k->len += n;
}

static int is_space(UChar32 c)
{
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	return u_hasBinaryProperty(c, UCHAR_WHITE_SPACE);
}

/* Key mode drops whitespace and, because zero-width space, BOM and soft hyphen come with text
 * pasted from web pages and are invisible to the clerk, default-ignorable code points too. */
static int key_drops(UChar32 c)
{
	return is_space(c) || (c >= 0x80 && u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT));
}

static UChar32 ascii_upper(UChar32 c)
{
	return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}

/* Takes one code point of the NFKC form. */
static void sink_take(sink *k, UChar32 c)
{
	if (k->key) {
		if (!key_drops(c))
			sink_put(k, ascii_upper(c));
		return;
	}
	if (is_space(c)) {
		if (k->len > 0)
			k->space_pending = 1;
		return;
	}
	if (k->space_pending) {
		sink_put(k, ' ');
		k->space_pending = 0;
	}
	sink_put(k, c);
}

/* NFKC of s[0..n) into a new buffer the caller frees, or NULL when ICU has no normalisation
 * data (the caller then goes on with the text as it is: the best effort left). */
static UChar *nfkc(const UChar *s, int32_t n, int32_t *outn)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nf = unorm2_getNFKCInstance(&err);
	if (U_FAILURE(err))
		return NULL;
	/* NFKC rarely grows text; a few ligatures expand up to 18 times, hence the retry. */
	int32_t cap = n * 2 + 16;
	UChar *d = xmalloc((size_t)cap * sizeof *d);
	int32_t len = unorm2_normalize(nf, s, n, d, cap, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR) {
		free(d);
		cap = len + 1;
		d = xmalloc((size_t)cap * sizeof *d);
		err = U_ZERO_ERROR;
		len = unorm2_normalize(nf, s, n, d, cap, &err);
	}
	if (U_FAILURE(err)) {
		free(d);
		return NULL;
	}
	*outn = len;
	return d;
}

/* Key mode on UTF-16: drops and upper-cases, then normalises again when something was dropped,
 * since the dropped character may have kept a combining mark from its base ("e\u200B\u0301"),
 * and a key must not change when it is normalised a second time. */
static void take_key16(sink *k, const UChar *s, int32_t n)
{
	UChar *f = xmalloc(((size_t)n + 1) * sizeof *f);
	int32_t nf = 0;
	int dropped = 0;
	for (int32_t i = 0; i < n;) {
		UChar32 c;
		U16_NEXT(s, i, n, c);
		if (key_drops(c))
			dropped = 1;
		else
			U16_APPEND_UNSAFE(f, nf, ascii_upper(c));
	}
	int32_t n2 = 0;
	UChar *again = dropped ? nfkc(f, nf, &n2) : NULL;
	const UChar *src = again ? again : f;
	int32_t nsrc = again ? n2 : nf;
	for (int32_t i = 0; i < nsrc;) {
		UChar32 c;
		U16_NEXT(src, i, nsrc, c);
		sink_put(k, c);
	}
	free(again);
	free(f);
}

/* The slow path for input with non-ASCII bytes: UTF-8 → UTF-16 → NFKC → sink. */
static void take_unicode(sink *k, const char *in, size_t n)
{
	/* Excel caps a cell at 32767 characters; anything near INT32_MAX is not a cell and ICU
	 * counts in int32_t, so it yields an empty result rather than a truncated one. */
	if (n > INT32_MAX / 4)
		return;
	/* Each UTF-8 sequence, well-formed or not, yields at most as many UTF-16 units as bytes. */
	UChar *u16 = xmalloc((n + 1) * sizeof *u16);
	int32_t n16 = 0;
	UErrorCode err = U_ZERO_ERROR;
	u_strFromUTF8WithSub(u16, (int32_t)n + 1, &n16, in, (int32_t)n, 0xFFFD, NULL, &err);
	if (U_FAILURE(err)) {
		free(u16);
		return;
	}
	int32_t nn = 0;
	UChar *nf = nfkc(u16, n16, &nn);
	const UChar *src = nf ? nf : u16;
	int32_t nsrc = nf ? nn : n16;
	if (k->key) {
		take_key16(k, src, nsrc);
	} else {
		for (int32_t i = 0; i < nsrc;) {
			UChar32 c;
			U16_NEXT(src, i, nsrc, c);
			sink_take(k, c);
		}
	}
	free(nf);
	free(u16);
}

/* The ASCII character NFKC makes of the UTF-8 sequence at p — a full-width form U+FF01..U+FF5E
 * or the ideographic space U+3000, 3 bytes each — or 0 for anything else. */
static int wide_ascii(const unsigned char *p)
{
	if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF)
		return p[2] - 0x81 + 0x21; /* U+FF01..U+FF3F */
	if (p[0] == 0xEF && p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E)
		return p[2] - 0x80 + 0x60; /* U+FF40..U+FF5E */
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return ' ';
	return 0;
}

static size_t normalize(const char *in, char *out, size_t outsz, int key)
{
	sink k = {.out = out, .outsz = outsz, .key = key};
	if (in) {
		/* Printable ASCII without spaces or lower-case letters (dates, numbers, phone numbers,
		 * codes as exports write them) is its own form in both modes: copied, as sink_take
		 * would one by one. */
		size_t n = 0;
		while ((unsigned char)in[n] > ' ' && (unsigned char)in[n] < 0x7F && !(in[n] >= 'a' && in[n] <= 'z'))
			n++;
		if (!in[n]) {
			if (outsz > 0) {
				size_t kept = n < outsz - 1 ? n : outsz - 1;
				memcpy(out, in, kept);
				out[kept] = '\0';
			}
			return n;
		}
	}
	if (in) {
		/* NFKC leaves ASCII unchanged and maps full-width forms to ASCII, and nearly every
		 * cell that is not Chinese text is made of those (ID lists separated by "；"): skip
		 * ICU for them. Anything else, a combining mark included, takes the slow path. */
		size_t n = 0;
		int fast = 1;
		for (; in[n]; n++)
			if ((unsigned char)in[n] >= 0x80) {
				if (wide_ascii((const unsigned char *)in + n)) /* reads past no NUL */
					n += 2;
				else
					fast = 0;
			}
		if (fast) {
			for (size_t i = 0; i < n; i++) {
				int c = (unsigned char)in[i];
				if (c >= 0x80) {
					c = wide_ascii((const unsigned char *)in + i);
					i += 2;
				}
				sink_take(&k, c);
			}
		} else {
			take_unicode(&k, in, n);
		}
	}
	if (outsz > 0)
		out[k.kept] = '\0';
	return k.len;
}

size_t ident_normalize_key(const char *in, char *out, size_t outsz)
{
	return normalize(in, out, outsz, 1);
}

size_t ident_normalize_text(const char *in, char *out, size_t outsz)
{
	return normalize(in, out, outsz, 0);
}
