/* Strict %-decoding and form parsing: see form.h. */
#include "web/form.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

int form_utf8_valid(const char *s, size_t n)
{
	return utf8_valid_prefix((const unsigned char *)s, n, NULL) == n;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int form_decode(const char *s, size_t n, int plus_space, buf *out)
{
	size_t start = out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			int h, l;
			if (n - i < 3 || (h = hexval((unsigned char)s[i + 1])) < 0 || (l = hexval((unsigned char)s[i + 2])) < 0)
				return -1;
			c = (unsigned char)(h * 16 + l);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (c == '\0')
			return -1;
		buf_putc(out, (char)c);
	}
	return form_utf8_valid(buf_cstr(out) + start, out->len - start) ? 0 : -1;
}

int form_add(form *f, const char *name, size_t nlen, const char *value, size_t vlen, size_t max_value,
	     fg_err *e)
{
	if (f->n >= FORM_MAX_FIELDS)
		return err_set(e, FG_EINPUT, "表单字段超过 %d 个", FORM_MAX_FIELDS);
	if (nlen > FORM_MAX_NAME)
		return err_set(e, FG_EINPUT, "表单字段名超过 %d 字节", FORM_MAX_NAME);
	if (vlen > max_value)
		return err_set(e, FG_EINPUT, "表单字段的值超过 %zu 字节", max_value);
	if (memchr(name, '\0', nlen) || memchr(value, '\0', vlen) || !form_utf8_valid(name, nlen) ||
	    !form_utf8_valid(value, vlen))
		return err_set(e, FG_EINPUT, "表单内容不是有效的 UTF-8 文本");
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->f = xrealloc(f->f, f->cap * sizeof *f->f);
	}
	form_field *x = &f->f[f->n++];
	x->name = xstrndup(name, nlen);
	x->value = xstrndup(value, vlen);
	x->vlen = vlen;
	return FG_OK;
}

static void truncate_to(form *f, size_t n)
{
	while (f->n > n) {
		f->n--;
		free(f->f[f->n].name);
		free(f->f[f->n].value);
	}
}

int form_parse(form *f, const char *s, size_t n, size_t max_value, fg_err *e)
{
	size_t before = f->n;
	buf name = {0}, value = {0};
	int rc = FG_OK;
	size_t i = 0;
	while (i < n && rc == FG_OK) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - s) : n;
		if (end > i) {
			const char *eq = memchr(s + i, '=', end - i);
			size_t nend = eq ? (size_t)(eq - s) : end;
			buf_reset(&name);
			buf_reset(&value);
			if (form_decode(s + i, nend - i, 1, &name) != 0 ||
			    (eq && form_decode(eq + 1, end - nend - 1, 1, &value) != 0))
				rc = err_set(e, FG_EINPUT, "表单或查询参数的编码有误（%%XX 不完整、含 NUL 或不是 UTF-8）");
			else
				rc = form_add(f, buf_cstr(&name), name.len, buf_cstr(&value), value.len, max_value, e);
		}
		i = end + 1;
	}
	buf_free(&name);
	buf_free(&value);
	if (rc)
		truncate_to(f, before);
	return rc;
}

const char *form_get(const form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return f->f[i].value;
	return NULL;
}

void form_free(form *f)
{
	truncate_to(f, 0);
	free(f->f);
	memset(f, 0, sizeof *f);
}
