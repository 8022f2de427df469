/* The configuration file's syntax (util/conf.h). */
#include <string.h>

#include "util/conf.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int is_key(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

int conf_parse(const char *text, size_t len, const char *file, conf_fn fn, void *ctx, fg_err *e)
{
	if (memchr(text, '\0', len))
		return err_set(e, FG_EINPUT, "%s 含有空字节，不是文本文件", file);
	size_t pos = 0;
	/* A UTF-8 byte order mark is allowed at the start. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	for (int line = 1; pos < len; line++) {
		const char *l = text + pos;
		const char *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos;
		pos += n + (nl != NULL);
		size_t i = 0;
		while (i < n && is_space(l[i]))
			i++;
		if (i == n || l[i] == '#')
			continue;
		size_t k0 = i;
		while (i < n && is_key(l[i]))
			i++;
		size_t klen = i - k0;
		while (i < n && is_space(l[i]))
			i++;
		if (klen == 0 || klen > 64 || i == n || l[i] != '=')
			return err_set(e, FG_EINPUT, "%s:%d:%zu: 应为“名称 = 值”（名称为小写字母、数字和 _），或以 # 开头的注释",
				       file, line, (klen == 0 || klen > 64 ? k0 : i) + 1);
		i++;
		while (i < n && is_space(l[i]))
			i++;
		size_t end = n;
		while (end > i && is_space(l[end - 1]))
			end--;
		if (end - i >= CONF_MAX_VALUE)
			return err_set(e, FG_EINPUT, "%s:%d:%zu: 值太长（最多 %d 字节）", file, line, i + 1, CONF_MAX_VALUE - 1);
		char key[65], value[CONF_MAX_VALUE];
		memcpy(key, l + k0, klen);
		key[klen] = '\0';
		memcpy(value, l + i, end - i);
		value[end - i] = '\0';
		int rc = fn(ctx, key, value, line, e);
		if (rc)
			return rc;
	}
	return FG_OK;
}
