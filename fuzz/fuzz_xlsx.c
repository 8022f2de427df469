/* libFuzzer target: the XLSX reader (zip directory, inflation caps, every XML part) on any
 * bytes. The callback reads every cell so that a bad pointer or a missing NUL is caught.
 * Odd-sized inputs ask for a sheet by name, to reach the selection and its error path. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "io/tab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static int touch(void *ctx, const tab_row *r)
{
	(void)ctx;
	size_t n = r->row;
	for (size_t i = 0; i < r->ncells; i++) {
		const tab_cell *c = &r->cells[i];
		if (c->kind > TAB_BOOL)
			__builtin_trap();
		size_t len = strlen(c->text);
		if (c->kind == TAB_DATE && len != 10)
			__builtin_trap();
		n += len + (size_t)c->text[len / 2] + (size_t)(c->num != c->num);
	}
	sink += n;
	return 0;
}

static void progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	if (done > total)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tab_opts o = {.display = "fuzz.xlsx", .progress = progress, .sheet = size & 1 ? "日期" : NULL};
	fg_err e;
	tab_read_xlsx_mem(data, size, &o, touch, NULL, &e);
	return 0;
}
