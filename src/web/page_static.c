/* Routes that need no session: the health check and the assets compiled into the binary
 * (every file of src/web/assets/, see util/embed.h). Assets are linked as /assets/NAME?v=HASH,
 * HASH being a digest of the content, so that a browser may cache them for a year and still
 * fetches the new file after an upgrade. */
#include <pthread.h>
#include <string.h>

#include "util/embed.h"
#include "web/pages.h"
#include "web/web_int.h"

/* Only these kinds are served: the embedded files also include the report templates. */
static const struct {
	const char *ext, *ctype;
} TYPES[] = {
	{".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},           {".png", "image/png"},
	{".ico", "image/x-icon"},            {".woff2", "font/woff2"},
};

static const char *asset_type(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++) {
		size_t k = strlen(TYPES[i].ext);
		if (n > k && strcmp(name + n - k, TYPES[i].ext) == 0)
			return TYPES[i].ctype;
	}
	return NULL;
}

#define MAX_EMBEDDED 256
static char digests[MAX_EMBEDDED][17];
static pthread_once_t digests_once = PTHREAD_ONCE_INIT;

/* FNV-1a over every embedded file's content, as 16 hex digits, computed once. */
static void digest_all(void)
{
	for (size_t k = 0; embed_files[k].name && k < MAX_EMBEDDED; k++) {
		uint64_t h = 1469598103934665603ull;
		for (size_t i = 0; i < embed_files[k].len; i++) {
			h ^= embed_files[k].data[i];
			h *= 1099511628211ull;
		}
		snprintf(digests[k], sizeof digests[k], "%016llx", (unsigned long long)h);
	}
}

static const char *digest(const embed_file *f)
{
	pthread_once(&digests_once, digest_all);
	size_t k = (size_t)(f - embed_files);
	return k < MAX_EMBEDDED ? digests[k] : "0";
}

void web_asset_url(buf *b, const char *name)
{
	const embed_file *f = embed_find(name);
	html_raw(b, "/assets/");
	html_url(b, name);
	html_printf(b, "?v=%s", f ? digest(f) : "0");
}

void page_healthz(web_req *r)
{
	web_text(r, 200, "ok\n");
}

void page_asset(web_req *r)
{
	const char *name = web_param(r, "name");
	const embed_file *f = name ? embed_find(name) : NULL;
	const char *ctype = f ? asset_type(name) : NULL;
	if (!ctype) {
		web_error(r, 404, NULL);
		return;
	}
	const char *v = digest(f);
	const char *want = web_query(r, "v");
	/* Only the current version is immutable; any other URL is revalidated. */
	web_header(r, "Cache-Control",
		   want && strcmp(want, v) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
	buf etag = {0};
	buf_printf(&etag, "\"%s\"", v);
	web_header(r, "ETag", buf_cstr(&etag));
	const char *inm = web_header_in(r, "If-None-Match");
	if (inm && strcmp(inm, buf_cstr(&etag)) == 0)
		web_respond_static(r, 304, ctype, "", 0);
	else
		web_respond_static(r, 200, ctype, f->data, f->len);
	buf_free(&etag);
}
