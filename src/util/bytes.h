/* bytes — bytes read a part at a time from wherever they lie (a blob in the database, memory), and
 * the few shapes the kept snapshots (report/facts_snap.c, report/findings_snap.c) write and read:
 * numbers as they lie, strings behind their length.
 *
 * A source has n bytes; read(src, dst, len, off) copies len of them from offset off into dst, 0,
 * or -1 when they cannot be read (off + len never past n). ctx is the source's own. */
#ifndef FGDJ_BYTES_H
#define FGDJ_BYTES_H
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef struct byte_source byte_source;
struct byte_source {
	size_t n;
	int (*read)(const byte_source *src, void *dst, size_t len, size_t off);
	const void *ctx;
};

/* The n bytes at data as a source (read: a copy out of them). */
byte_source bytes_in_memory(const void *data, size_t n);

/* Writing: a number as it lies; a string as 0 (NULL) or its length + 1, then its bytes. */
void bytes_put_u64(buf *b, uint64_t v);
void bytes_put_i32(buf *b, int32_t v);
void bytes_put_str(buf *b, const char *s);

/* Reading src from its start: a window of its bytes in buf (have bytes from the source's offset off,
 * the next at pos), how many are left in all; bad once anything did not fit or could not be read
 * (what is read then is zeros). Small reads come out of the window; one as large as the window or
 * larger goes straight from the source into its place. */
typedef struct byte_reader {
	const byte_source *src;
	unsigned char *buf;
	size_t off, have, pos;
	size_t left;
	int bad;
} byte_reader;

void bytes_open(byte_reader *r, const byte_source *src);
void bytes_close(byte_reader *r);
void bytes_get(byte_reader *r, void *v, size_t n);
uint64_t bytes_get_u64(byte_reader *r);
int32_t bytes_get_i32(byte_reader *r);
/* A string bytes_put_str wrote: 0 for NULL (out empty), 1 with it in out (replacing what out
 * held); bad when cut short or holding a NUL. */
int bytes_get_str(byte_reader *r, buf *out);
/* The same string into the len + 1 bytes room(ctx, len + 1) gives (no copy between): NULL for NULL
 * or when bad; *len_out (when not NULL) its length. */
char *bytes_get_str_in(byte_reader *r, char *(*room)(void *ctx, size_t n), void *ctx, size_t *len_out);
/* The same string malloc'd (NULL for NULL). */
char *bytes_get_strdup(byte_reader *r);

#endif
