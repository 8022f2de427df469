/* build_id — this program's build identity: the GNU build id the linker writes into the program
 * (a hash of its contents), so that what one build kept is never read by another (kept facts and
 * findings: a rule whose logic changed reads the same bytes differently). */
#ifndef FGDJ_BUILD_ID_H
#define FGDJ_BUILD_ID_H
#include <stddef.h>

/* The build id's bytes (*n of them; 0 and NULL when the program has none). */
const unsigned char *build_id(size_t *n);

#endif
