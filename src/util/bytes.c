#include "util/bytes.h"

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
