/* doc_gfx — pango, cairo and GLib bound on first use (doc_priv.h). */
#include <pthread.h>

#include "report/doc_priv.h"

struct doc_gfx gfx;
static char gfx_error[256];

static void gfx_bind(void)
{
	dl_libs l;
	if (dl_open(&l, DL_GFX, gfx_error, sizeof gfx_error) == 0) {
#define GFX_BIND(f) dl_bind(&l, #f, &gfx.f, gfx_error, sizeof gfx_error);
		DOC_GFX_FUNCS(GFX_BIND)
#undef GFX_BIND
	}
}

int doc_gfx_load(fg_err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, gfx_bind);
	if (gfx_error[0])
		return err_set(e, FG_EFAIL, "无法绘制文档：没有可用的排版绘图库 %s；请安装 Debian 软件包 libpangocairo-1.0-0",
			       gfx_error);
	return FG_OK;
}
