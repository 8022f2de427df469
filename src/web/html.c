/* The escaping HTML writer: see html.h. */
#include "web/html.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_textn(buf *b, const char *s, size_t n)
{
	size_t run = 0; /* bytes copied in one go between specials */
	for (size_t i = 0; i < n; i++) {
		const char *ent;
		switch (s[i]) {
		case '&':
			ent = "&amp;";
			break;
		case '<':
			ent = "&lt;";
			break;
		case '>':
			ent = "&gt;";
			break;
		case '"':
			ent = "&quot;";
			break;
		case '\'':
			ent = "&#39;";
			break;
		default:
			continue;
		}
		buf_add(b, s + run, i - run);
		buf_puts(b, ent);
		run = i + 1;
	}
	buf_add(b, s + run, n - run);
}

void html_text(buf *b, const char *s)
{
	if (s)
		html_textn(b, s, strlen(s));
}

void html_attr(buf *b, const char *s)
{
	html_text(b, s);
}

void html_url(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(b, enc, 3);
		}
	}
}

void html_raw(buf *b, const char *trusted)
{
	buf_puts(b, trusted);
}

static void refuse(const char *fmt)
{
	fprintf(stderr, "fgdj: 内部错误：html_printf 不支持的格式“%s”\n", fmt);
	abort();
}

/* Formats one numeric conversion. spec is a complete printf conversion without '*'. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void number(buf *b, const char *spec, char conv, const char *len, va_list *ap)
{
	char out[512];
	int n;
	int is_signed = conv == 'd' || conv == 'i';
	if (strchr("fFeEgGaA", conv)) {
		if (strcmp(len, "L") == 0)
			n = snprintf(out, sizeof out, spec, va_arg(*ap, long double));
		else
			n = snprintf(out, sizeof out, spec, va_arg(*ap, double));
	} else if (strcmp(len, "ll") == 0) {
		n = is_signed ? snprintf(out, sizeof out, spec, va_arg(*ap, long long))
			      : snprintf(out, sizeof out, spec, va_arg(*ap, unsigned long long));
	} else if (strcmp(len, "l") == 0) {
		n = is_signed ? snprintf(out, sizeof out, spec, va_arg(*ap, long))
			      : snprintf(out, sizeof out, spec, va_arg(*ap, unsigned long));
	} else if (strcmp(len, "z") == 0) {
		n = snprintf(out, sizeof out, spec, va_arg(*ap, size_t));
	} else if (strcmp(len, "j") == 0) {
		n = is_signed ? snprintf(out, sizeof out, spec, va_arg(*ap, intmax_t))
			      : snprintf(out, sizeof out, spec, va_arg(*ap, uintmax_t));
	} else if (strcmp(len, "t") == 0) {
		n = snprintf(out, sizeof out, spec, va_arg(*ap, ptrdiff_t));
	} else {
		/* int, and hh/h which are promoted to int */
		n = is_signed ? snprintf(out, sizeof out, spec, va_arg(*ap, int))
			      : snprintf(out, sizeof out, spec, va_arg(*ap, unsigned));
	}
	if (n > 0)
		buf_add(b, out, (size_t)n < sizeof out ? (size_t)n : sizeof out - 1);
}
#pragma GCC diagnostic pop

void html_vprintf(buf *b, const char *fmt, va_list ap0)
{
	va_list ap;
	va_copy(ap, ap0);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_puts(b, p);
			break;
		}
		buf_add(b, p, (size_t)(pct - p));
		const char *q = pct + 1;
		if (*q == '%') {
			buf_putc(b, '%');
			p = q + 1;
			continue;
		}
		/* Rebuild the conversion with '*' replaced by the argument's value. */
		char spec[64];
		size_t sl = 0;
		int prec = -1;
		spec[sl++] = '%';
		while (*q && strchr("-+ #0", *q) && sl < 8)
			spec[sl++] = *q++;
		if (*q == '*') {
			sl += (size_t)snprintf(spec + sl, sizeof spec - sl, "%d", va_arg(ap, int));
			q++;
		}
		while (*q >= '0' && *q <= '9' && sl < 24)
			spec[sl++] = *q++;
		if (*q == '.') {
			spec[sl++] = *q++;
			if (*q == '*') {
				prec = va_arg(ap, int);
				sl += (size_t)snprintf(spec + sl, sizeof spec - sl, "%d", prec);
				q++;
			} else {
				prec = 0;
				while (*q >= '0' && *q <= '9' && sl < 40) {
					prec = prec * 10 + (*q - '0');
					spec[sl++] = *q++;
				}
			}
		}
		char len[3] = "";
		size_t ll = 0;
		while (*q && strchr("hlLzjt", *q) && ll < 2) {
			len[ll++] = *q;
			spec[sl++] = *q++;
		}
		char conv = *q;
		if (!conv || sl >= sizeof spec - 2)
			refuse(fmt);
		spec[sl++] = conv;
		spec[sl] = '\0';
		if (conv == 's') {
			if (ll)
				refuse(fmt);
			const char *s = va_arg(ap, const char *);
			if (s)
				html_textn(b, s, prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
		} else if (strchr("diouxXfFeEgGaA", conv)) {
			number(b, spec, conv, len, &ap);
		} else {
			refuse(fmt);
		}
		p = q + 1;
	}
	va_end(ap);
}

void html_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vprintf(b, fmt, ap);
	va_end(ap);
}
