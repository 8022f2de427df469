/* libFuzzer target: the report template language never crashes, whatever a user writes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "report/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tpl_ctx c;
	static int ready;
	if (!ready) {
		tpl_set(&c, "a", "1");
		tpl_set(&c, "b", "0");
		tpl_set(&c, "r", "71.4%");
		for (int i = 0; i < 3; i++) {
			tpl_item *it = tpl_list_add(&c, "l");
			tpl_item_setf(it, "x", "%d", i);
		}
		ready = 1;
	}
	buf out = {0};
	fg_err e;
	tpl_expand(&c, (const char *)data, size, &out, &e);
	buf_free(&out);
	return 0;
}
