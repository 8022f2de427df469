/* out — where a command's output goes (a named file, or standard output when there is no
 * name) and the one check that all of it arrived. stdio reports a failed write only through
 * ferror and a failed flush only through fflush/fclose; out_close looks at all three, so a full
 * disk or a closed pipe is never silent. The caller owns the fg_out; out_close ends it. */
#ifndef FGDJ_OUT_H
#define FGDJ_OUT_H
#include <stdio.h>

#include "util/err.h"

typedef struct fg_out {
	FILE *f;
	const char *path; /* NULL = standard output (flushed, never closed) */
	int err;          /* errno of the first failed out_write */
} fg_out;

/* The name messages use for an output: path, or 标准输出. */
const char *out_name(const char *path);

/* Opens path for writing (binary, truncating), or takes stdout when path is NULL.
 * Returns FG_OK, or FG_EFAIL with e naming the file and the system's reason. */
int out_open(fg_out *o, const char *path, fg_err *e);

/* Writes n bytes; a failure is kept for out_close to report (so callers may go on writing). */
void out_write(fg_out *o, const void *p, size_t n);

/* Flushes, checks for any earlier failed write, and closes a file. Returns FG_OK, or FG_EFAIL
 * with "写入 <name> 失败：<reason>" in e. Safe on an fg_out whose open failed. */
int out_close(fg_out *o, fg_err *e);

/* Removes a partly written output file; never a device, pipe or directory (-o /dev/full must
 * not delete /dev/full). */
void out_discard(const char *path);

/* out_open, one write of n bytes, out_close. */
int out_write_all(const char *path, const void *p, size_t n, fg_err *e);

#endif
