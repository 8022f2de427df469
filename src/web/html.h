/* html — the only way the web face writes HTML. Every insertion escapes by default.
 *
 *   html_printf(b, "<td class=\"n\">%d</td><td>%s</td>", count, name);
 *
 * The format string is trusted markup and must be a string literal (the compiler checks the
 * argument types as for printf). Every %s argument is HTML-escaped (& < > " ' become entities),
 * which makes it safe both as element text and inside a double-quoted attribute value; numeric
 * conversions (%d %ld %lld %zu %u %x %f %g … with width, precision, '*') print as printf does.
 * %c, %p and %n are refused (abort): a character is not escaped, a pointer is not for users.
 *
 * For a value inside a URL, percent-encode it with html_url, e.g.
 *   html_raw(b, "<a href=\"/enterprises/"); html_url(b, uscc); html_printf(b, "\">%s</a>", name);
 *
 * html_raw is the one unescaped insertion. Give it only string literals or text that this module
 * produced; never anything that came from a request or the database.
 * Attribute values are always written in double quotes. Unquoted attributes, event handler
 * attributes (onclick=…), style attributes and inline <script> are not used: the
 * Content-Security-Policy forbids inline script and style anyway. */
#ifndef FGDJ_HTML_H
#define FGDJ_HTML_H
#include <stdarg.h>
#include <stddef.h>

#include "util/buf.h"

/* Escaped text (NULL writes nothing). Safe as element text and in a double-quoted attribute. */
void html_text(buf *b, const char *s);
void html_textn(buf *b, const char *s, size_t n);
/* The same escaping, named for where it is used. */
void html_attr(buf *b, const char *s);
/* Percent-encodes s as one URL component (path segment or query value): everything except
 * A-Z a-z 0-9 - . _ ~ becomes %XX. The result needs no further HTML escaping. */
void html_url(buf *b, const char *s);
/* Markup from a literal format with escaped arguments; see above. */
void html_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Unescaped output of trusted markup. */
void html_raw(buf *b, const char *trusted);

#endif
