/* Tests for web/form (strict %-decoding, form and query parsing, limits, UTF-8) and web/html
 * (the escaping writer), the two pieces every request and every page pass through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "web/form.h"
#include "web/html.h"

/* Decodes s (query rules: '+' is a space) and returns the text, or NULL when it is refused. */
static char *dec(const char *s, int plus)
{
	buf b = {0};
	if (form_decode(s, strlen(s), plus, &b) != 0) {
		buf_free(&b);
		return NULL;
	}
	buf_puts(&b, ""); /* an empty decode still yields "" */
	return buf_detach(&b);
}

static void expect_dec(const char *in, int plus, const char *want)
{
	char *got = dec(in, plus);
	if (!want) {
		if (got)
			fail_msg("“%s” should be refused, got “%s”", in, got);
	} else {
		if (!got)
			fail_msg("“%s” refused, wanted “%s”", in, want);
		assert_string_equal(got, want);
	}
	free(got);
}

static void decoding(void **state)
{
	(void)state;
	expect_dec("", 1, "");
	expect_dec("abc", 1, "abc");
	expect_dec("a+b", 1, "a b");
	expect_dec("a+b", 0, "a+b"); /* paths keep '+' */
	expect_dec("a%20b%2Bc", 1, "a b+c");
	expect_dec("%e4%b8%9c%E5%9F%8E", 1, "东城");
	expect_dec("东城", 1, "东城"); /* raw UTF-8 is accepted as is */
	expect_dec("%2F", 0, "/");
	/* bad escapes */
	expect_dec("%", 1, NULL);
	expect_dec("%4", 1, NULL);
	expect_dec("%zz", 1, NULL);
	expect_dec("abc%2", 1, NULL);
	expect_dec("%%41", 1, NULL);
	/* NUL, raw or encoded */
	expect_dec("a%00b", 1, NULL);
	/* invalid UTF-8: lone continuation, truncated sequence, overlong, surrogate, > U+10FFFF, 0xFF */
	expect_dec("%80", 1, NULL);
	expect_dec("%E4%B8", 1, NULL);
	expect_dec("%C0%AF", 1, NULL);
	expect_dec("%E0%80%AF", 1, NULL);
	expect_dec("%ED%A0%80", 1, NULL);
	expect_dec("%F4%90%80%80", 1, NULL);
	expect_dec("%FF", 1, NULL);
	expect_dec("%F0%9F%98%80", 1, "\xF0\x9F\x98\x80"); /* U+1F600 is fine */
	expect_dec("%F4%8F%BF%BF", 1, "\xF4\x8F\xBF\xBF"); /* U+10FFFF is the last */
}

static void utf8(void **state)
{
	(void)state;
	assert_true(form_utf8_valid("", 0));
	assert_true(form_utf8_valid("ascii", 5));
	assert_true(form_utf8_valid("\xE4\xB8\x9C", 3));
	assert_false(form_utf8_valid("\xE4\xB8\x9C", 2));
	assert_false(form_utf8_valid("\xC1\xBF", 2));
	assert_false(form_utf8_valid("\xF5\x80\x80\x80", 4));
	assert_false(form_utf8_valid("\xE4\x38\x9C", 3));
}

static void parsing(void **state)
{
	(void)state;
	form f = {0};
	fg_err e;
	const char *q = "region=%E4%B8%9C%E5%9F%8E%E8%A1%97%E9%81%93&as_of=2024-12-31&&flag&empty=&a=1&a=2&x=y+z";
	assert_int_equal(form_parse(&f, q, strlen(q), FORM_MAX_QUERY_VALUE, &e), FG_OK);
	assert_int_equal(f.n, 7);
	assert_string_equal(form_get(&f, "region"), "东城街道");
	assert_string_equal(form_get(&f, "as_of"), "2024-12-31");
	assert_string_equal(form_get(&f, "flag"), "");
	assert_string_equal(form_get(&f, "empty"), "");
	assert_string_equal(form_get(&f, "a"), "1"); /* the first of duplicates */
	assert_string_equal(form_get(&f, "x"), "y z");
	assert_null(form_get(&f, "missing"));
	/* A refused input leaves the fields as they were. */
	assert_int_equal(form_parse(&f, "b=1&c=%zz", 9, FORM_MAX_QUERY_VALUE, &e), FG_EINPUT);
	assert_int_equal(f.n, 7);
	assert_null(form_get(&f, "b"));
	assert_non_null(strstr(e.msg, "编码有误"));
	form_free(&f);
	assert_int_equal(f.n, 0);
	/* "=v" is a field with an empty name; '=' inside the value is kept. */
	assert_int_equal(form_parse(&f, "=v&k=a=b", 8, FORM_MAX_QUERY_VALUE, &e), FG_OK);
	assert_string_equal(form_get(&f, ""), "v");
	assert_string_equal(form_get(&f, "k"), "a=b");
	form_free(&f);
}

static void limits(void **state)
{
	(void)state;
	form f = {0};
	fg_err e;
	buf b = {0};
	/* a value one byte over the cap */
	buf_puts(&b, "v=");
	for (int i = 0; i <= FORM_MAX_QUERY_VALUE; i++)
		buf_putc(&b, 'x');
	assert_int_equal(form_parse(&f, b.p, b.len, FORM_MAX_QUERY_VALUE, &e), FG_EINPUT);
	assert_int_equal(form_parse(&f, b.p, b.len - 1, FORM_MAX_QUERY_VALUE, &e), FG_OK);
	form_free(&f);
	/* a name over the cap */
	buf_reset(&b);
	for (int i = 0; i <= FORM_MAX_NAME; i++)
		buf_putc(&b, 'n');
	buf_puts(&b, "=1");
	assert_int_equal(form_parse(&f, b.p, b.len, FORM_MAX_VALUE, &e), FG_EINPUT);
	/* too many fields */
	buf_reset(&b);
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		buf_printf(&b, "k%d=%d&", i, i);
	assert_int_equal(form_parse(&f, b.p, b.len, FORM_MAX_VALUE, &e), FG_EINPUT);
	assert_int_equal(f.n, 0);
	/* form_add checks too */
	assert_int_equal(form_add(&f, "a", 1, "\xFF", 1, FORM_MAX_VALUE, &e), FG_EINPUT);
	assert_int_equal(form_add(&f, "a", 1, "x\0y", 3, FORM_MAX_VALUE, &e), FG_EINPUT);
	assert_int_equal(form_add(&f, "a", 1, "ok", 2, FORM_MAX_VALUE, &e), FG_OK);
	assert_string_equal(form_get(&f, "a"), "ok");
	form_free(&f);
	buf_free(&b);
}

static char *html(void (*fn)(buf *, const char *), const char *s)
{
	buf b = {0};
	fn(&b, s);
	buf_puts(&b, "");
	return buf_detach(&b);
}

static void escaping(void **state)
{
	(void)state;
	char *s = html(html_text, "<script>alert('x&y')</script>\"");
	assert_string_equal(s, "&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;&quot;");
	free(s);
	s = html(html_attr, "\" onmouseover=\"x");
	assert_string_equal(s, "&quot; onmouseover=&quot;x");
	free(s);
	s = html(html_text, "东城街道");
	assert_string_equal(s, "东城街道");
	free(s);
	s = html(html_url, "东城 a/b?c=d&e#f");
	assert_string_equal(s, "%E4%B8%9C%E5%9F%8E%20a%2Fb%3Fc%3Dd%26e%23f");
	free(s);
	s = html(html_url, "A-z_0.9~");
	assert_string_equal(s, "A-z_0.9~");
	free(s);
	buf b = {0};
	html_text(&b, NULL);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void printf_escapes(void **state)
{
	(void)state;
	buf b = {0};
	html_printf(&b, "<td class=\"n\">%d</td><td>%s</td>", 42, "<b>&");
	assert_string_equal(buf_cstr(&b), "<td class=\"n\">42</td><td>&lt;b&gt;&amp;</td>");
	buf_reset(&b);
	html_printf(&b, "%lld|%zu|%u|%ld|%05.1f|%x|%%|%-4d|%*d|%.2s", (long long)-7, (size_t)9, 3u, 12L, 2.25, 255, 5, 3,
		    7, "<<<");
	assert_string_equal(buf_cstr(&b), "-7|9|3|12|002.2|ff|%|5   |  7|&lt;&lt;");
	buf_reset(&b);
	html_printf(&b, "<a title=\"%s\">%s</a>", "\"'", "");
	assert_string_equal(buf_cstr(&b), "<a title=\"&quot;&#39;\"></a>");
	buf_reset(&b);
	html_printf(&b, "%.*s|%hd|%hhu|%jd|%g", 2, "东城", (short)-3, (unsigned char)200, (intmax_t)5, 0.5);
	/* precision counts bytes: two bytes of a three-byte character are still escaped text */
	assert_int_equal(b.len, strlen("\xE4\xB8|-3|200|5|0.5"));
	buf_reset(&b);
	html_raw(&b, "<p>trusted</p>");
	assert_string_equal(buf_cstr(&b), "<p>trusted</p>");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decoding), cmocka_unit_test(utf8),     cmocka_unit_test(parsing),
		cmocka_unit_test(limits),   cmocka_unit_test(escaping), cmocka_unit_test(printf_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
