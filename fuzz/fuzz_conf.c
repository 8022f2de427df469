/* Fuzz target for util/conf (the configuration file's syntax, /etc/fgdj/fgdj.conf): arbitrary
 * bytes. Besides crashes it asserts what cli/config.c relies on: keys are nonempty runs of
 * [a-z0-9_], values have no surrounding spaces and no line break and fit CONF_MAX_VALUE, lines
 * only grow, and an error names the file, a line and a column. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(void *ctx, const char *key, const char *value, int line, fg_err *e)
{
	(void)e;
	int *last = ctx;
	size_t kl = strlen(key), vl = strlen(value);
	if (kl == 0 || kl > 64 || strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") != kl)
		abort();
	if (vl >= CONF_MAX_VALUE || strchr(value, '\n'))
		abort();
	if (vl && (value[0] == ' ' || value[0] == '\t' || value[vl - 1] == ' ' || value[vl - 1] == '\t' ||
		   value[vl - 1] == '\r'))
		abort();
	if (line <= *last)
		abort();
	*last = line;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int last = 0;
	fg_err e;
	e.msg[0] = '\0';
	int rc = conf_parse((const char *)data, size, "f.conf", check, &last, &e);
	if (rc != FG_OK && (rc != FG_EINPUT || strncmp(e.msg, "f.conf", 6) != 0))
		abort();
	return 0;
}
