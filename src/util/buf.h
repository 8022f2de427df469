/* buf — a growable byte string, always NUL-terminated.
 * A zeroed buf is empty and valid. Memory is owned by the buf; buf_free releases it.
 * Allocation failure is a broken invariant for this program: it aborts with a message. */
#ifndef FGDJ_BUF_H
#define FGDJ_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *p;    /* NULL until the first write; use buf_cstr() to read */
	size_t len; /* bytes used, excluding the terminating NUL */
	size_t cap;
} buf;

void buf_add(buf *b, const void *data, size_t n);
void buf_puts(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_free(buf *b);                /* releases the memory; the buf is empty again */
char *buf_detach(buf *b);             /* caller frees; the buf is empty again */

/* The smallest, inline where they are called (an import calls them for every cell; buf.c holds
 * their one external definition). */
inline void buf_putc(buf *b, char c)
{
	if (b->len + 1 < b->cap) { /* room for c and the NUL */
		b->p[b->len++] = c;
		b->p[b->len] = '\0';
	} else {
		buf_add(b, &c, 1);
	}
}

/* length 0, keeps the memory */
inline void buf_reset(buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* "" when empty; valid until the next write */
inline const char *buf_cstr(const buf *b)
{
	return b->p ? b->p : "";
}

/* Checked allocation: abort with a message on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* The same for blocks of many megabytes (freed with free), placed so that the kernel can back them
 * with huge pages: for tables and buffers a bulk command fills at once. */
void *xmalloc_huge(size_t n);
void *xcalloc_huge(size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A copy of s cut to at most max_chars UTF-8 characters (never inside one), with "…" appended when
 * something was cut. Caller frees. For echoing untrusted text back in messages. */
char *xstrclip(const char *s, size_t max_chars);
/* Both NULL, or both strings with the same bytes. */
int str_same(const char *a, const char *b);

#endif
