/* tab — picks the reader for a ledger file and names columns the way spreadsheets do.
 * Files are read whole: a city-scale CSV is ~100 MB and an XLSX far smaller, and the
 * in-memory readers are the ones the tests and fuzzers exercise. */
#include "io/tab.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

/* Reads the whole file at path into a new allocation (*out, *len; the caller frees). */
static int slurp(const char *path, const char *name, char **out, size_t *len, fg_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno == ENOENT || errno == EACCES ? FG_EINPUT : FG_EFAIL,
			       "无法打开文件 %s：%s", name, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int rc = err_set(e, FG_EFAIL, "无法读取文件 %s：%s", name, strerror(errno));
		close(fd);
		return rc;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return err_set(e, FG_EINPUT, "无法读取 %s：这是一个目录，不是文件", name);
	}
	/* A pipe or a special file reports no useful size: grow as needed. */
	size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size < SIZE_MAX
			     ? (size_t)st.st_size + 1
			     : (size_t)1 << 16;
	char *p = xmalloc_huge(cap);
	size_t n = 0;
	for (;;) {
		if (n == cap) {
			cap *= 2;
			p = xrealloc(p, cap);
		}
		ssize_t r = read(fd, p + n, cap - n);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int rc = err_set(e, FG_EFAIL, "读取文件 %s 失败：%s", name, strerror(errno));
			free(p);
			close(fd);
			return rc;
		}
		n += (size_t)r;
	}
	close(fd);
	*out = p;
	*len = n;
	return FG_OK;
}

int tab_read(const char *path, const tab_opts *opts, tab_row_fn fn, void *ctx, fg_err *e)
{
	tab_opts o = {0};
	if (opts)
		o = *opts;
	if (!o.display)
		o.display = path;
	char *data = NULL;
	size_t len = 0;
	int rc = slurp(path, o.display, &data, &len, e);
	if (rc)
		return rc;
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		rc = tab_read_xlsx_mem(data, len, &o, fn, ctx, e);
	else
		rc = tab_read_csv_mem(data, len, &o, fn, ctx, e);
	free(data);
	return rc;
}

void tab_col_name(size_t col, char out[8])
{
	/* Bijective base 26: A..Z, AA..ZZ, AAA...; seven letters reach far past any sheet. */
	char tmp[8];
	size_t n = 0;
	size_t v = col + 1;
	while (v > 0 && n < 7) {
		v--;
		tmp[n++] = (char)('A' + v % 26);
		v /= 26;
	}
	if (v > 0) {
		memcpy(out, "?", 2);
		return;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}
