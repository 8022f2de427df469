/* search — how a name is found: the words a full-text index keeps for it and the query a user's
 * search text becomes. A name is found by any run of its Chinese characters (every character and
 * every pair of neighbours is a word, so a longer run is all of its pairs), by its pinyin and the
 * pinyin initials from any of its characters on ("keji", "kj" and "ayyy" are prefixes of such
 * words), and by its Latin letters and digits. Text is NFKC-normalised first (full-width input
 * works) and Latin letters are lower-cased. Pinyin comes from ICU's Han-Latin transliteration, one
 * character at a time (each character its most common reading), tabled at build time
 * (core/pinyin_table.h). */
#ifndef FGDJ_SEARCH_H
#define FGDJ_SEARCH_H
#include <stddef.h>

#include "util/buf.h"

/* The index words of a name, separated by spaces (a tokenizer that splits on spaces and keeps
 * letters of every script — SQLite FTS5's unicode61 — reads them back as they are). Appends to out. */
void search_words(const char *name, buf *out);

/* The full-text query (SQLite FTS5 syntax: quoted words joined by AND, "…"* for a prefix) that
 * finds names containing every whitespace-separated part of text. Appends to out and returns 1;
 * returns 0, appending nothing, when the text has nothing to search by (only punctuation). */
int search_match(const char *text, buf *out);

/* When text looks like the start of a credit code or ID number — at least 4 characters, digits and
 * Latin letters only, beginning with a digit — writes it upper-cased (NFKC) to out and returns 1.
 * A name search never looks inside codes; a code search matches codes by their beginning. */
int search_code_prefix(const char *text, char *out, size_t outsz);

#endif
