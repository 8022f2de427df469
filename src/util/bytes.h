/* bytes — bytes read a part at a time from wherever they lie (a blob in the database, memory):
 * n of them; read(src, dst, len, off) copies len of them from offset off into dst, 0, or -1 when
 * they cannot be read (off + len never past n). ctx is the reader's own. */
#ifndef FGDJ_BYTES_H
#define FGDJ_BYTES_H
#include <stddef.h>

typedef struct byte_source byte_source;
struct byte_source {
	size_t n;
	int (*read)(const byte_source *src, void *dst, size_t len, size_t off);
	const void *ctx;
};

/* The n bytes at data as a source (read: a copy out of them). */
byte_source bytes_in_memory(const void *data, size_t n);

#endif
