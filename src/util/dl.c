#include "util/dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* POSIX makes a function's address from dlsym a void * of the same size and representation. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function pointers are data pointers");

const char *const DL_LIBPQ[] = {"libpq.so.5", NULL};
/* pangocairo loads the others too; each is listed for the functions taken from it. */
const char *const DL_GFX[] = {"libpangocairo-1.0.so.0", "libpango-1.0.so.0", "libcairo.so.2", "libgobject-2.0.so.0",
			      "libglib-2.0.so.0", NULL};
const char *const DL_MHD[] = {"libmicrohttpd.so.12", NULL};
const char *const *const DL_SETS[] = {DL_LIBPQ, DL_GFX, DL_MHD, NULL};

int dl_open(dl_libs *l, const char *const *sonames, char *err, size_t errlen)
{
	memset(l, 0, sizeof *l);
	for (size_t i = 0; sonames[i]; i++) {
		if (l->n == DL_MAXLIBS) {
			snprintf(err, errlen, "%s：要加载的库多于 %d 个", sonames[i], DL_MAXLIBS);
			return -1;
		}
		/* RTLD_GLOBAL: the libraries' own symbols seen by each other (and by plug-ins they
		 * load) as when they are linked in. */
		void *h = dlopen(sonames[i], RTLD_NOW | RTLD_GLOBAL);
		if (!h) {
			const char *why = dlerror();
			snprintf(err, errlen, "%s（%s）", sonames[i], why ? why : "不明原因");
			return -1;
		}
		l->h[l->n++] = h;
	}
	return 0;
}

int dl_bind(const dl_libs *l, const char *name, void *slot, char *err, size_t errlen)
{
	void *p = NULL;
	for (size_t i = 0; i < l->n && !p; i++)
		p = dlsym(l->h[i], name);
	if (!p) {
		if (!err[0])
			snprintf(err, errlen, "%s 中没有函数 %s", l->n ? "所加载的库" : "（无库）", name);
		return -1;
	}
	memcpy(slot, &p, sizeof p);
	return 0;
}
