/* conf — the configuration file's syntax: "key = value" lines, '#' comment lines, blank lines.
 * Pure: the caller reads the file and decides what the keys mean (cli/config.c). */
#ifndef FGDJ_CONF_H
#define FGDJ_CONF_H
#include <stddef.h>

#include "util/err.h"

#define CONF_MAX_VALUE 1024

/* Called for each setting with the key, the value (spaces around it removed) and its line. A
 * nonzero return stops the parse and is returned. */
typedef int (*conf_fn)(void *ctx, const char *key, const char *value, int line, fg_err *e);

/* Parses text[0..len) (UTF-8, NUL bytes refused). file names the errors: "FILE:LINE:COL: …".
 * A key is lowercase letters, digits and '_'. FG_OK, FG_EINPUT, or what fn returned. */
int conf_parse(const char *text, size_t len, const char *file, conf_fn fn, void *ctx, fg_err *e);

#endif
