/* Tests of the web framework in process: a server on a free port with a route table of its own,
 * spoken to over a raw socket — routing, path parameters, limits (413), multipart uploads to a
 * temporary file, form and JSON bodies, the checks before a handler, the security headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "web/web.h"

#define MAX_BODY (64 * 1024)

static web_server *srv;
static char dir[] = "/tmp/fgdj-test-web-XXXXXX";
static char dbpath[256];
static char last_upload[512]; /* the temporary file the upload handler saw */

/* ---- the test routes ---- */

static void h_echo(web_req *r)
{
	buf b = {0};
	const char *q = web_query(r, "q");
	buf_printf(&b, "%s|%s|%s|%s", web_param(r, "a"), web_param(r, "b"), q ? q : "(none)", r->method);
	web_respond(r, 200, "text/plain; charset=utf-8", &b);
}

static void h_upload(web_req *r)
{
	buf b = {0};
	const char *note = web_field(r, "note");
	buf_printf(&b, "note=%s field=%s name=%s size=%zu", note ? note : "(none)", r->upload.field ? r->upload.field : "-",
		   r->upload.filename ? r->upload.filename : "-", r->upload.size);
	if (r->upload.path) {
		snprintf(last_upload, sizeof last_upload, "%s", r->upload.path);
		FILE *f = fopen(r->upload.path, "rb");
		size_t n = 0, bad = 0;
		int c;
		while (f && (c = fgetc(f)) != EOF) {
			if (c != (int)('a' + n % 26))
				bad++;
			n++;
		}
		if (f)
			fclose(f);
		buf_printf(&b, " ondisk=%zu bad=%zu", n, bad);
	}
	web_respond(r, 200, "text/plain; charset=utf-8", &b);
}

static void h_form(web_req *r)
{
	const char *x = web_field(r, "x");
	web_text(r, 200, x ? x : "(none)");
}

static void h_json(web_req *r)
{
	json_t *j = web_body_json(r);
	if (!j)
		return;
	web_json(r, 201, j);
}

static void h_nothing(web_req *r)
{
	(void)r;
}

static void h_page(web_req *r)
{
	buf *b = web_page_begin(r, "测试<页>");
	html_printf(b, "<p>%s</p>", web_query(r, "t") ? web_query(r, "t") : "");
	web_page_end(r, 200);
}

static const web_route ROUTES[] = {
	{"GET", "/t/echo/{a}/{b}", h_echo, PERM_PUBLIC, WEB_PAGE, NULL},
	{"GET", "/t/echo/fixed/x", h_echo, PERM_PUBLIC, WEB_PAGE, NULL}, /* shadowed by the row above */
	{"POST", "/t/upload", h_upload, PERM_PUBLIC, WEB_UPLOAD | WEB_NO_CSRF, NULL},
	{"POST", "/t/form", h_form, PERM_PUBLIC, WEB_NO_CSRF, NULL},
	{"POST", "/t/json", h_json, PERM_PUBLIC, WEB_API | WEB_NO_CSRF, NULL},
	{"GET", "/t/nothing", h_nothing, PERM_PUBLIC, WEB_PAGE, NULL},
	{"GET", "/t/page", h_page, PERM_PUBLIC, WEB_PAGE, NULL},
	{"GET", "/t/private", h_page, PERM_LOGIN, WEB_API, NULL},
	{"GET", "/t/mine", h_page, PERM_LOGIN, WEB_PAGE, NULL},
	{"POST", "/t/csrf", h_form, PERM_PUBLIC, WEB_PAGE, NULL},
};

/* ---- a minimal client ---- */

typedef struct reply {
	int status;
	buf raw;
	const char *body;
} reply;

static int sendall(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Sends a whole request (which should say "Connection: close") and reads the reply to EOF. */
static void http(const char *req, size_t len, reply *out)
{
	memset(out, 0, sizeof *out);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)web_port(srv))};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	sendall(fd, req, len); /* the server may answer 413 and close before all is sent */
	char chunk[8192];
	ssize_t k;
	while ((k = recv(fd, chunk, sizeof chunk, 0)) > 0)
		buf_add(&out->raw, chunk, (size_t)k);
	close(fd);
	const char *s = buf_cstr(&out->raw);
	if (strncmp(s, "HTTP/1.", 7) == 0)
		out->status = (int)strtol(s + 9, NULL, 10);
	const char *sep = strstr(s, "\r\n\r\n");
	out->body = sep ? sep + 4 : "";
}

static void get(const char *path, reply *out)
{
	buf req = {0};
	buf_printf(&req, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", path);
	http(req.p, req.len, out);
	buf_free(&req);
}

static void post(const char *path, const char *ctype, const char *body, size_t blen, reply *out)
{
	buf req = {0};
	buf_printf(&req, "POST %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: %s\r\n"
			 "Content-Length: %zu\r\n\r\n", path, ctype, blen);
	buf_add(&req, body, blen);
	http(req.p, req.len, out);
	buf_free(&req);
}

static int has_header(const reply *r, const char *line)
{
	const char *s = buf_cstr(&r->raw);
	const char *end = strstr(s, "\r\n\r\n");
	const char *hit = strstr(s, line);
	return hit && (!end || hit < end);
}

/* ---- setup ---- */

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	static FILE *devnull;
	devnull = fopen("/dev/null", "w");
	web_config c = {.listen = "127.0.0.1:0", .db_path = dbpath, .routes = ROUTES,
			.nroutes = sizeof ROUTES / sizeof ROUTES[0], .threads = 2, .max_body = MAX_BODY, .log = devnull};
	fg_err e;
	if (web_start(&c, &srv, &e) != FG_OK) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	web_stop(srv);
	static const char *const SUFFIX[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char p[300];
		snprintf(p, sizeof p, "%s%s", dbpath, SUFFIX[i]);
		unlink(p);
	}
	return rmdir(dir);
}

/* ---- tests ---- */

static void routing(void **state)
{
	(void)state;
	reply r;
	get("/t/echo/%E4%B8%9C%E5%9F%8E/a%2Fb?q=x+y", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "东城|a/b|x y|GET");
	buf_free(&r.raw);
	get("/t/echo/fixed/x", &r); /* the first matching row wins */
	assert_string_equal(r.body, "fixed|x|(none)|GET");
	buf_free(&r.raw);
	get("/t/echo/a", &r);
	assert_int_equal(r.status, 404);
	buf_free(&r.raw);
	get("/t/echo/a/b/", &r); /* a trailing slash is another path */
	assert_int_equal(r.status, 404);
	buf_free(&r.raw);
	get("/t/echo/%ZZ/b", &r);
	assert_int_equal(r.status, 400);
	buf_free(&r.raw);
	get("/t/echo/a/%C0%AF", &r); /* overlong '/' */
	assert_int_equal(r.status, 400);
	buf_free(&r.raw);
	get("/t/echo/a/b?q=%FF", &r);
	assert_int_equal(r.status, 400);
	buf_free(&r.raw);
	get("/t/upload", &r);
	assert_int_equal(r.status, 405);
	assert_true(has_header(&r, "Allow: POST"));
	buf_free(&r.raw);
	const char head[] = "HEAD /t/echo/a/b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
	http(head, sizeof head - 1, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "");
	buf_free(&r.raw);
	get("/t/nothing", &r);
	assert_int_equal(r.status, 500);
	buf_free(&r.raw);
}

static void headers_and_pages(void **state)
{
	(void)state;
	reply r;
	get("/t/page?t=%3Cscript%3E", &r);
	assert_int_equal(r.status, 200);
	assert_true(has_header(&r, "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
				   "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"));
	assert_true(has_header(&r, "X-Content-Type-Options: nosniff"));
	assert_true(has_header(&r, "Referrer-Policy: same-origin"));
	assert_true(has_header(&r, "X-Frame-Options: DENY"));
	assert_true(has_header(&r, "Cache-Control: no-store"));
	assert_true(has_header(&r, "Content-Type: text/html; charset=utf-8"));
	assert_non_null(strstr(r.body, "<p>&lt;script&gt;</p>"));
	assert_non_null(strstr(r.body, "<title>测试&lt;页&gt; · "));
	assert_null(strstr(r.body, "<script>"));
	buf_free(&r.raw);
	get("/t/private", &r);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "\"error\""));
	buf_free(&r.raw);
	get("/t/mine?x=1", &r);
	assert_int_equal(r.status, 303);
	assert_true(has_header(&r, "Location: /login?next=%2Ft%2Fmine%3Fx%3D1"));
	buf_free(&r.raw);
	get("/nowhere", &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "未找到"));
	buf_free(&r.raw);
	get("/api/v1/nowhere", &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "\"status\":404"));
	buf_free(&r.raw);
}

static void bodies(void **state)
{
	(void)state;
	reply r;
	post("/t/form", "application/x-www-form-urlencoded", "a=1&x=%E4%B8%9C+1", 17, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "东 1");
	buf_free(&r.raw);
	post("/t/form", "application/x-www-form-urlencoded", "x=%E4%B8", 8, &r);
	assert_int_equal(r.status, 400);
	buf_free(&r.raw);
	post("/t/json", "application/json", "{\"a\": [1, \"东\"]}", 17, &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.body, "{\"a\":[1,\"东\"]}\n");
	buf_free(&r.raw);
	post("/t/json", "application/json", "{\"a\":1,\"a\":2}", 13, &r);
	assert_int_equal(r.status, 400);
	buf_free(&r.raw);
	post("/t/json", "text/plain", "{}", 2, &r);
	assert_int_equal(r.status, 415);
	buf_free(&r.raw);
	/* no CSRF token, no session: refused before the handler */
	post("/t/csrf", "application/x-www-form-urlencoded", "x=1", 3, &r);
	assert_int_equal(r.status, 403);
	buf_free(&r.raw);
	/* another site's form */
	const char cross[] = "POST /t/form HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\n"
			     "Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\nx=1";
	http(cross, sizeof cross - 1, &r);
	assert_int_equal(r.status, 403);
	buf_free(&r.raw);
	const char same[] = "POST /t/form HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost\r\n"
			    "Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\nx=1";
	http(same, sizeof same - 1, &r);
	assert_int_equal(r.status, 200);
	buf_free(&r.raw);
	/* multipart is only for upload routes */
	post("/t/form", "multipart/form-data; boundary=XX", "--XX--\r\n", 8, &r);
	assert_int_equal(r.status, 415);
	buf_free(&r.raw);
}

static void multipart(size_t fsize, reply *r)
{
	buf body = {0};
	buf_puts(&body, "--BOUNDARY\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n说明 1\r\n"
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"企业.csv\"\r\n"
			"Content-Type: text/csv\r\n\r\n");
	for (size_t i = 0; i < fsize; i++)
		buf_putc(&body, (char)('a' + i % 26));
	buf_puts(&body, "\r\n--BOUNDARY--\r\n");
	post("/t/upload", "multipart/form-data; boundary=BOUNDARY", body.p, body.len, r);
	buf_free(&body);
}

static void uploads(void **state)
{
	(void)state;
	reply r;
	last_upload[0] = '\0';
	multipart(40000, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "note=说明 1 field=file name=企业.csv size=40000 ondisk=40000 bad=0");
	buf_free(&r.raw);
	/* the temporary file is gone once the request is over */
	assert_true(last_upload[0] != '\0');
	struct timespec tick = {0, 10 * 1000 * 1000};
	for (int i = 0; i < 100 && access(last_upload, F_OK) == 0; i++)
		nanosleep(&tick, NULL);
	assert_int_not_equal(access(last_upload, F_OK), 0);
	/* over the cap by Content-Length: 413 before the body is read */
	multipart(MAX_BODY + 1, &r);
	assert_int_equal(r.status, 413);
	assert_non_null(strstr(r.body, "上传内容过大"));
	buf_free(&r.raw);
	/* over the cap without a length (chunked): read and dropped, then 413 */
	buf req = {0};
	buf_puts(&req, "POST /t/form HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
		       "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n");
	buf_printf(&req, "%x\r\n", MAX_BODY + 100);
	for (int i = 0; i < MAX_BODY + 100; i++)
		buf_putc(&req, 'x');
	buf_puts(&req, "\r\n0\r\n\r\n");
	http(req.p, req.len, &r);
	assert_int_equal(r.status, 413);
	buf_free(&r.raw);
	buf_free(&req);
	/* a broken multipart body */
	post("/t/upload", "multipart/form-data", "--x\r\n", 5, &r);
	assert_int_equal(r.status, 400);
	buf_free(&r.raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(routing),
		cmocka_unit_test(headers_and_pages),
		cmocka_unit_test(bodies),
		cmocka_unit_test(uploads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
