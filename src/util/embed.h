/* embed — files compiled into the binary (scripts/embed.sh generates the arrays). */
#ifndef FGDJ_EMBED_H
#define FGDJ_EMBED_H
#include <stddef.h>

typedef struct embed_file {
	const char *name;           /* base name, e.g. "work_template.md" */
	const unsigned char *data;  /* NUL-terminated */
	size_t len;
} embed_file;

extern const embed_file embed_files[]; /* terminated by {0, 0, 0} */

/* The embedded file of that base name, or NULL. */
const embed_file *embed_find(const char *name);

#endif
