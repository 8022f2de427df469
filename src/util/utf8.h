/* utf8 — the one definition of well-formed UTF-8 (RFC 3629) the importer, the web forms and the
 * documents apply: no overlong forms, no surrogates (U+D800–DFFF), nothing above U+10FFFF. */
#ifndef FGDJ_UTF8_H
#define FGDJ_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* The length (1–4) of the well-formed character at s (n ≥ 1 bytes left), 0 when there is none. */
size_t utf8_char_len(const unsigned char *s, size_t n);
/* The code point of the well-formed character of len bytes at s (as utf8_char_len measured it). */
uint32_t utf8_decode(const unsigned char *s, size_t len);
/* How many leading bytes of s (len of them) are well-formed UTF-8: len when all are. *multi (NULL:
 * not wanted) counts the characters of more than one byte among them. Ledgers are mostly ASCII
 * and three-byte Chinese characters: both are taken on a fast path. */
size_t utf8_valid_prefix(const unsigned char *s, size_t len, size_t *multi);

#endif
