/* Fuzz target for core/ident: every check and both normalisations on arbitrary bytes.
 * Besides crashes it asserts the contracts a caller relies on: the snprintf-style length,
 * a NUL-terminated prefix, and info structs that stay NUL-terminated whatever the status. */
#include "core/ident.h"
#include "util/date.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs one normalisation into a buffer too small for some inputs and one large enough, and
 * checks that the two agree. */
static void check_normalize(size_t (*fn)(const char *, char *, size_t), const char *s)
{
	char small[8];
	size_t n = fn(s, small, sizeof small);
	if (strlen(small) > n || strlen(small) >= sizeof small)
		abort();
	char *full = malloc(n + 1);
	if (!full)
		abort();
	if (fn(s, full, n + 1) != n || strlen(full) != n || strncmp(full, small, strlen(small)) != 0)
		abort();
	if (fn(s, NULL, 0) != n)
		abort();
	/* Normalising twice changes nothing. */
	char *again = malloc(n + 1);
	if (!again)
		abort();
	if (fn(full, again, n + 1) != n || memcmp(full, again, n + 1) != 0)
		abort();
	free(again);
	free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	idcard_info ii;
	id_status st = idcard_check(s, date_from_ymd(2025, 6, 1), &ii);
	if (memchr(ii.norm, '\0', sizeof ii.norm) == NULL || !id_status_text(st))
		abort();
	if (st == ID_OK && (strlen(ii.norm) != 18 || !area_code_valid(ii.area)))
		abort();
	if (st == ID_CHECK && ii.expected_check == '\0')
		abort();

	uscc_info ui;
	st = uscc_check(s, &ui);
	if (memchr(ui.norm, '\0', sizeof ui.norm) == NULL || !id_status_text(st))
		abort();
	if (st == ID_OK && strlen(ui.norm) != 18)
		abort();

	check_normalize(ident_normalize_key, s);
	check_normalize(ident_normalize_text, s);

	int code = 0;
	for (size_t i = 0; i < size && i < 6; i++)
		code = code * 10 + data[i] % 10;
	if (area_code_valid(code) && !area_province_name(code))
		abort();
	free(s);
	return 0;
}
