#include "util/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The one external definition of each of buf.h's inline functions. */
extern inline void buf_putc(buf *b, char c);
extern inline void buf_reset(buf *b);
extern inline const char *buf_cstr(const buf *b);

static void oom(void)
{
	fputs("fgdj: 内存不足 (out of memory)\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

/* Large blocks are placed on 2 MiB boundaries and marked for the kernel's transparent huge pages:
 * first touched, such a block costs one page fault per 2 MiB instead of one per 4 KiB (the kernel
 * gives huge pages only to memory marked so, /sys/kernel/mm/transparent_hugepage/defrag). */
#define HUGE_BLOCK ((size_t)2 << 20)

void *xmalloc_huge(size_t n)
{
	if (n < 2 * HUGE_BLOCK)
		return xmalloc(n);
	size_t whole = (n + HUGE_BLOCK - 1) & ~(HUGE_BLOCK - 1);
	void *p = NULL;
	if (posix_memalign(&p, HUGE_BLOCK, whole) != 0)
		oom();
#ifdef MADV_HUGEPAGE
	madvise(p, whole, MADV_HUGEPAGE); /* advice only: without it the block is the same, only slower */
#endif
	return p;
}

void *xcalloc_huge(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	if (n * size < 2 * HUGE_BLOCK)
		return xcalloc(n, size);
	void *p = xmalloc_huge(n * size);
	memset(p, 0, n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

int str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void grow_to(buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

/* Room for extra more bytes and the NUL: the test inline (every buf_add makes it), the
 * reallocation out of line. */
static inline void grow(buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need > b->cap)
		grow_to(b, need);
}

void buf_add(buf *b, const void *data, size_t n)
{
	grow(b, n);
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_free(buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

char *buf_detach(buf *b)
{
	char *p = b->p ? b->p : xstrdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

char *xstrclip(const char *s, size_t max_chars)
{
	size_t i = 0, chars = 0;
	while (s[i] && chars < max_chars) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	if (!s[i])
		return xstrdup(s);
	buf b = {0};
	buf_add(&b, s, i);
	buf_puts(&b, "…");
	return buf_detach(&b);
}
