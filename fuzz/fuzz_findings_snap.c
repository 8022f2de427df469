/* Fuzz target for report/findings_snap.c's reader (the findings kept between commands, read back
 * from the database): arbitrary bytes, for the whole region on 2026-11-26 (the seed: the findings
 * of tests/fixtures/district on that day, as `fgdj check` keeps them). Besides crashes and
 * reads outside the input (ASan) it asserts what the readers of findings rely on: bytes it takes
 * are written back by findings_snap_write byte for byte (nothing read was dropped or invented),
 * each rule's findings lie where findings_index says, and every text is a string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	facts f;
	memset(&f, 0, sizeof f);
	f.as_of = 20783; /* 2026-11-26 */
	findings fs;
	byte_source src = bytes_in_memory(data, size);
	if (findings_snap_read_from(&src, &f, &fs) != 0)
		return 0;
	buf b = {0};
	findings_snap_write(&fs, &f, &b);
	if (b.len != size || memcmp(b.p, data, size) != 0)
		abort();
	buf_free(&b);
	size_t nrules, sum = 0;
	check_rules(&nrules);
	for (size_t r = 0; r < nrules; r++)
		for (size_t i = fs.rule_at[r]; i < fs.rule_at[r + 1]; i++)
			if (i >= fs.n || fs.v[i].rule != &check_rules(&nrules)[r])
				abort();
	for (size_t i = 0; i < fs.n; i++)
		sum += strlen(fs.v[i].subject) + strlen(fs.v[i].detail) + strlen(fs.v[i].key) + strlen(fs.v[i].street) +
		       strlen(fs.v[i].community) + strlen(fs.v[i].natural);
	findings_free(&fs);
	return sum == (size_t)-1; /* keeps the walk */
}
