/* form — decoding application/x-www-form-urlencoded bodies, query strings and path segments.
 *
 * Pure functions over bytes (no HTTP library), fuzzed by fuzz/fuzz_form.c. Decoding is strict:
 * a '%' not followed by two hex digits, a decoded NUL byte, invalid UTF-8 (overlongs, surrogates,
 * beyond U+10FFFF) or a limit exceeded rejects the whole input with FG_EINPUT and a Chinese
 * message — a handler never sees half-decoded or mis-encoded text. */
#ifndef FGDJ_FORM_H
#define FGDJ_FORM_H
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define FORM_MAX_FIELDS 256     /* pairs per input */
#define FORM_MAX_NAME 128       /* bytes of a decoded name */
#define FORM_MAX_QUERY_VALUE 4096 /* bytes of a decoded query-string value */
#define FORM_MAX_VALUE (1 << 20)  /* bytes of a decoded body value */

typedef struct form_field {
	char *name;   /* decoded, NUL-terminated, valid UTF-8 */
	char *value;  /* decoded, NUL-terminated, valid UTF-8 (no NUL inside) */
	size_t vlen;
} form_field;

/* A list of fields in input order; duplicates are kept. A zeroed form is empty and valid.
 * The form owns its strings; form_free releases them. */
typedef struct form {
	form_field *f;
	size_t n, cap;
} form;

/* 1 when the n bytes are valid UTF-8 (shortest forms, no surrogates, at most U+10FFFF). */
int form_utf8_valid(const char *s, size_t n);

/* %-decodes n bytes of s, appending to out; plus_space turns '+' into ' ' (query strings and
 * form bodies, not paths). Returns 0, or -1 on a bad escape, a NUL byte or invalid UTF-8
 * (out then holds a partial result to be discarded). */
int form_decode(const char *s, size_t n, int plus_space, buf *out);

/* Parses "a=1&b=x+y&c" (n bytes; a pair without '=' has the value ""; empty pairs between
 * '&'s are skipped) and appends the fields to f. max_value caps each decoded value
 * (FORM_MAX_QUERY_VALUE or FORM_MAX_VALUE). FG_OK or FG_EINPUT; on error f is left with the
 * fields it had before the call. */
int form_parse(form *f, const char *s, size_t n, size_t max_value, fg_err *e);

/* Appends one field (copied). Checks UTF-8 and the limits like form_parse. FG_OK or FG_EINPUT. */
int form_add(form *f, const char *name, size_t nlen, const char *value, size_t vlen, size_t max_value,
	     fg_err *e);

/* The first value of name, or NULL. Valid until the form changes. */
const char *form_get(const form *f, const char *name);
void form_free(form *f);

#endif
