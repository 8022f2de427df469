/* Fuzz target for the cell values the party-work ledgers parse beyond identifiers: money (dues,
 * funding), months (dues), scores (ratings) and the "表头：值；…" list of a rating's indicator
 * columns. Besides crashes it asserts what the store relies on: whatever parses writes back as
 * text that parses to the same value, money is never negative, and the items of a dynamic value
 * lie inside it (an empty value excepted). */
#include "core/collate.h"
#include "core/dues.h"
#include "core/ledger.h"
#include "core/rating.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct span {
	const char *s;
	size_t n;
} span;

static void item_inside(void *ctx, const char *h, size_t hl, const char *v, size_t vl)
{
	const span *sp = ctx;
	/* An item without "：" has an empty value, which need not point into the text. */
	if (h < sp->s || h + hl > sp->s + sp->n || (vl && (v < sp->s || v + vl > sp->s + sp->n)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	int64_t fen, again;
	char text[32];
	if (dues_money_parse(s, &fen) == 0) {
		if (fen < 0)
			abort();
		dues_money_format(fen, text);
		if (dues_money_parse(text, &again) != 0 || again != fen)
			abort();
		money_words(fen, text);
		if (!memchr(text, '\0', sizeof text))
			abort();
	}

	int month, month2;
	char mt[8];
	if (dues_month_parse(s, &month) == 0) {
		dues_month_format(month, mt);
		if (dues_month_parse(mt, &month2) != 0 || month2 != month)
			abort();
	}

	int tenths, tenths2;
	char words[16];
	if (rating_score_parse(s, &tenths) == 0) {
		if (tenths < 0)
			abort();
		rating_score_words(tenths, words);
		if (rating_score_parse(words, &tenths2) != 0 || tenths2 != tenths)
			abort();
	}

	span sp = {s, size};
	ledger_dynamic_each(s, item_inside, &sp);

	/* Names sort with their numerals read (core/collate.h): the key is bounded, and a name equals
	 * itself. The history key masks only whole ID numbers and keeps every separator. */
	unsigned char key[64];
	if (collate_key(s, key, sizeof key) > sizeof key || collate_zh(s, s) != 0)
		abort();
	buf mk = {0};
	ledger_key_mask(s, &mk);
	size_t slashes = 0, mslashes = 0;
	for (const char *p = s; (p = strchr(p, '/')); p++)
		slashes++;
	for (const char *p = buf_cstr(&mk); (p = strchr(p, '/')); p++)
		mslashes++;
	if (slashes != mslashes)
		abort();
	buf_free(&mk);
	free(s);
	return 0;
}
