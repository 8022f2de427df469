/* Fuzz target for report/facts_snap.c's reader (the facts kept between commands, read back from
 * the database): arbitrary bytes. Besides crashes and reads outside the input (ASan) it asserts
 * what the readers of facts rely on: bytes it takes are written back by facts_snap_write byte for
 * byte (nothing read was dropped or invented), and every index of the facts names an element of
 * its array (walked here: ASan stops any that does not). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/facts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	facts f;
	if (facts_snap_read(data, size, &f) != 0)
		return 0;
	buf b = {0};
	facts_snap_write(&f, &b);
	if (b.len != size || memcmp(b.p, data, size) != 0)
		abort();
	buf_free(&b);
	/* Every index used as the figures use it. */
	long sum = 0;
	for (size_t i = 0; i < f.nmembers; i++)
		sum += f.ents[f.members[i].ent].id;
	for (size_t i = 0; i < f.nlinks; i++)
		sum += f.ents[f.links[i].ent].id;
	const party *p = &f.party;
	for (size_t i = 0; i < p->norgs; i++)
		if (p->orgs[i].sec >= 0)
			sum += p->secs[p->orgs[i].sec].dual_strong;
	for (size_t i = 0; i < p->ntasks; i++)
		sum += p->camps[p->tasks[i].campaign].tasks + f.ents[p->tasks[i].ent].id;
	for (size_t i = 0; i < p->nparts; i++)
		sum += (long)strlen(p->person_keys[p->parts[i].person]);
	for (size_t i = 0; i < p->ndues_diffs; i++)
		sum += p->members[p->dues_diffs[i].member].tenths;
	for (int64_t id = 0; id <= f.max_ent; id++)
		if (f.idx[id] >= 0 && f.ents[f.idx[id]].id != id)
			abort();
	facts_free(&f);
	return sum == -1; /* keeps the walk */
}
