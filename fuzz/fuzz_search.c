/* Fuzz target for core/search on arbitrary bytes. Besides crashes it asserts what the lists rely
 * on: a query is a well-formed FTS5 expression (quoted words without quotes inside, joined by
 * " AND ", a prefix marked by a trailing *), it is empty exactly when search_match says there is
 * nothing to search by, and a name is always found by itself: every word of the query made from a
 * text is among the index words of the same text (a prefix word starts one of them). */
#include "core/search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when word (len bytes) is one of the space-separated words of ws, or starts one when prefix. */
static int has_word(const char *ws, const char *word, size_t len, int prefix)
{
	for (const char *p = ws; *p;) {
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if ((prefix ? n >= len : n == len) && memcmp(p, word, len) == 0)
			return 1;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	buf w = {0}, q = {0};
	search_words(s, &w);
	int any = search_match(s, &q);
	if (any != (q.len > 0))
		abort();
	const char *ws = buf_cstr(&w);
	const char *p = buf_cstr(&q);
	while (*p) {
		if (*p != '"')
			abort();
		const char *end = strchr(p + 1, '"');
		if (!end || end == p + 1)
			abort();
		int prefix = end[1] == '*';
		if (!has_word(ws, p + 1, (size_t)(end - p - 1), prefix))
			abort();
		p = end + 1 + prefix;
		if (*p && strncmp(p, " AND ", 5) != 0)
			abort();
		if (*p)
			p += 5;
	}
	char code[40];
	if (search_code_prefix(s, code, sizeof code) && strlen(code) < 4)
		abort();
	buf_free(&w);
	buf_free(&q);
	free(s);
	return 0;
}
