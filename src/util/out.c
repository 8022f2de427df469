#include "util/out.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

const char *out_name(const char *path)
{
	return path ? path : "标准输出";
}

int out_open(fg_out *o, const char *path, fg_err *e)
{
	o->path = path;
	o->err = 0;
	o->f = path ? fopen(path, "wb") : stdout;
	if (!o->f)
		return err_set(e, FG_EFAIL, "无法写入 %s：%s", path, strerror(errno));
	return FG_OK;
}

void out_write(fg_out *o, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, o->f) != n && !o->err)
		o->err = errno;
}

int out_close(fg_out *o, fg_err *e)
{
	if (!o->f)
		return FG_OK;
	int err = o->err;
	if (fflush(o->f) != 0 && !err)
		err = errno;
	/* ferror also catches writes made with plain stdio calls (fputc, printf, json_dumpf). */
	if (ferror(o->f) && !err)
		err = EIO;
	if (o->path && fclose(o->f) != 0 && !err)
		err = errno;
	o->f = NULL;
	return err ? err_set(e, FG_EFAIL, "写入 %s 失败：%s", out_name(o->path), strerror(err)) : FG_OK;
}

int out_write_all(const char *path, const void *p, size_t n, fg_err *e)
{
	fg_out o;
	int rc = out_open(&o, path, e);
	if (rc)
		return rc;
	out_write(&o, p, n);
	return out_close(&o, e);
}

void out_discard(const char *path)
{
	struct stat st;
	if (path && lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		remove(path);
}
