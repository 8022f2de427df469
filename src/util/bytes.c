#include "util/bytes.h"

#include <stdlib.h>
#include <string.h>

static int memory_read(const byte_source *src, void *dst, size_t len, size_t off)
{
	if (off > src->n || len > src->n - off)
		return -1;
	if (len)
		memcpy(dst, (const unsigned char *)src->ctx + off, len);
	return 0;
}

byte_source bytes_in_memory(const void *data, size_t n)
{
	return (byte_source){n, memory_read, data};
}

void bytes_put_u64(buf *b, uint64_t v)
{
	buf_add(b, &v, sizeof v);
}

void bytes_put_i32(buf *b, int32_t v)
{
	buf_add(b, &v, sizeof v);
}

void bytes_put_str(buf *b, const char *s)
{
	uint64_t n = s ? strlen(s) + 1 : 0;
	bytes_put_u64(b, n);
	if (n > 1)
		buf_add(b, s, n - 1);
}

enum { WINDOW = 64 * 1024 };

void bytes_open(byte_reader *r, const byte_source *src)
{
	*r = (byte_reader){src, xmalloc(WINDOW), 0, 0, 0, src->n, 0};
}

void bytes_close(byte_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

void bytes_get(byte_reader *r, void *v, size_t n)
{
	if (r->bad || n > r->left) {
		r->bad = 1;
		memset(v, 0, n);
		return;
	}
	r->left -= n;
	unsigned char *d = v;
	size_t k = r->have - r->pos < n ? r->have - r->pos : n;
	if (k)
		memcpy(d, r->buf + r->pos, k);
	r->pos += k;
	d += k;
	n -= k;
	if (!n)
		return;
	size_t next = r->off + r->have; /* the window is used up: the source's next byte */
	if (n >= WINDOW) {
		r->off = next + n;
		r->have = r->pos = 0;
		if (r->src->read(r->src, d, n, next) != 0) {
			r->bad = 1;
			memset(d, 0, n);
		}
		return;
	}
	size_t want = r->src->n - next < WINDOW ? r->src->n - next : WINDOW;
	r->off = next;
	r->have = r->pos = 0;
	if (r->src->read(r->src, r->buf, want, next) != 0) {
		r->bad = 1;
		memset(d, 0, n);
		return;
	}
	r->have = want;
	memcpy(d, r->buf, n);
	r->pos = n;
}

uint64_t bytes_get_u64(byte_reader *r)
{
	uint64_t v;
	bytes_get(r, &v, sizeof v);
	return v;
}

int32_t bytes_get_i32(byte_reader *r)
{
	int32_t v;
	bytes_get(r, &v, sizeof v);
	return v;
}

char *bytes_get_str_in(byte_reader *r, char *(*room)(void *ctx, size_t n), void *ctx, size_t *len_out)
{
	uint64_t n = bytes_get_u64(r);
	if (r->bad || n == 0)
		return NULL;
	if (n - 1 > r->left) {
		r->bad = 1;
		return NULL;
	}
	size_t len = (size_t)(n - 1);
	char *at = room(ctx, len + 1);
	bytes_get(r, at, len);
	at[len] = '\0';
	if (memchr(at, '\0', len))
		r->bad = 1; /* a NUL inside */
	if (len_out)
		*len_out = len;
	return r->bad ? NULL : at;
}

static char *buf_room(void *ctx, size_t n)
{
	buf *out = ctx;
	if (n > out->cap) {
		out->p = xrealloc(out->p, n);
		out->cap = n;
	}
	return out->p;
}

int bytes_get_str(byte_reader *r, buf *out)
{
	buf_reset(out);
	size_t len = 0;
	if (!bytes_get_str_in(r, buf_room, out, &len))
		return 0;
	out->len = len;
	return 1;
}

char *bytes_get_strdup(byte_reader *r)
{
	buf s = {0};
	if (!bytes_get_str(r, &s)) {
		buf_free(&s);
		return NULL;
	}
	return s.p ? buf_detach(&s) : xstrdup("");
}
