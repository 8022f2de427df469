/* Fuzz target for web/form and web/html: the decoding every query string, form body and path
 * segment passes through, and the escaping every page's output passes through.
 * Besides crashes it asserts the contracts handlers rely on:
 * - what form_decode/form_parse accept is valid UTF-8 without NUL, within the limits;
 * - a refused form_parse leaves the form as it was;
 * - decoding is the inverse of html_url (percent-encoding) for every accepted text;
 * - html_text output holds none of < > " ' and no '&' that does not start an entity we wrote. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/form.h"
#include "web/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s, size_t n)
{
	if (memchr(s, '\0', n) || !form_utf8_valid(s, n))
		abort();
}

static void check_roundtrip(const char *s)
{
	buf enc = {0}, dec = {0};
	html_url(&enc, s);
	for (size_t i = 0; i < enc.len; i++)
		if (strchr("<>\"'& +/?#=", enc.p[i]))
			abort();
	if (form_decode(buf_cstr(&enc), enc.len, 1, &dec) != 0 || strcmp(buf_cstr(&dec), s) != 0)
		abort();
	buf_free(&enc);
	buf_free(&dec);
}

static void check_escape(const char *s)
{
	buf h = {0};
	html_text(&h, s);
	const char *p = buf_cstr(&h);
	for (size_t i = 0; i < h.len; i++) {
		if (strchr("<>\"'", p[i]))
			abort();
		if (p[i] == '&' && strncmp(p + i, "&amp;", 5) && strncmp(p + i, "&lt;", 4) && strncmp(p + i, "&gt;", 4) &&
		    strncmp(p + i, "&quot;", 6) && strncmp(p + i, "&#39;", 5))
			abort();
	}
	buf_free(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	/* Single decodes, both '+' rules. */
	for (int plus = 0; plus < 2; plus++) {
		buf b = {0};
		if (form_decode(s, size, plus, &b) == 0) {
			check_text(buf_cstr(&b), b.len);
			check_roundtrip(buf_cstr(&b));
		}
		buf_free(&b);
	}

	/* Whole inputs, with a field already present that a refusal must keep. */
	form f = {0};
	fg_err e;
	if (form_add(&f, "keep", 4, "v", 1, FORM_MAX_VALUE, &e) != FG_OK)
		abort();
	size_t caps[2] = {FORM_MAX_QUERY_VALUE, 8};
	for (int c = 0; c < 2; c++) {
		size_t before = f.n;
		int rc = form_parse(&f, s, size, caps[c], &e);
		if (rc != FG_OK && (f.n != before || !e.msg[0]))
			abort();
		if (f.n > FORM_MAX_FIELDS)
			abort();
		for (size_t i = 0; i < f.n; i++) {
			if (strlen(f.f[i].name) > FORM_MAX_NAME || f.f[i].vlen != strlen(f.f[i].value))
				abort();
			if (i >= before && f.f[i].vlen > caps[c])
				abort();
			check_text(f.f[i].name, strlen(f.f[i].name));
			check_text(f.f[i].value, f.f[i].vlen);
			check_escape(f.f[i].value);
		}
		if (strcmp(form_get(&f, "keep"), "v") != 0)
			abort();
	}
	form_free(&f);

	/* Escaping arbitrary bytes (not only valid text). */
	char *z = malloc(size + 1);
	if (!z)
		return 0;
	memcpy(z, data, size);
	z[size] = '\0';
	check_escape(z);
	free(z);
	return 0;
}
