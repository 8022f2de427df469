/* util/dl.h — functions bound from a library loaded on first use: a bound function is the
 * library's own (zlib's version string equals the header's this test was compiled with), and a
 * library or function that is not there is named in the message, nothing bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <zlib.h>

#include "util/dl.h"

#define Z_FUNCS(X) X(zlibVersion) X(adler32)

static void binds_functions(void **state)
{
	(void)state;
	struct {
		Z_FUNCS(DL_POINTER)
	} z = {0};
	static const char *const libs[] = {"libz.so.1", NULL};
	dl_libs l;
	char err[256] = "";
	assert_int_equal(dl_open(&l, libs, err, sizeof err), 0);
	assert_string_equal(err, "");
#define Z_BIND(f) assert_int_equal(dl_bind(&l, #f, &z.f, err, sizeof err), 0);
	Z_FUNCS(Z_BIND)
	assert_string_equal(z.zlibVersion(), ZLIB_VERSION);
	/* Adler-32 of "Wikipedia" is 0x11E60398 (RFC 1950's checksum, its usual example). */
	assert_int_equal(z.adler32(1, (const unsigned char *)"Wikipedia", 9), 0x11E60398);
	assert_string_equal(err, "");
}

static void missing_library(void **state)
{
	(void)state;
	static const char *const libs[] = {"libz.so.1", "libfgdj-absent.so.9", NULL};
	dl_libs l;
	char err[256] = "";
	assert_int_equal(dl_open(&l, libs, err, sizeof err), -1);
	assert_non_null(strstr(err, "libfgdj-absent.so.9"));
}

static void missing_function(void **state)
{
	(void)state;
	static const char *const libs[] = {"libz.so.1", NULL};
	dl_libs l;
	char err[256] = "";
	assert_int_equal(dl_open(&l, libs, err, sizeof err), 0);
	void (*fn)(void) = NULL;
	assert_int_equal(dl_bind(&l, "fgdj_no_such_function", &fn, err, sizeof err), -1);
	assert_null(fn);
	assert_non_null(strstr(err, "fgdj_no_such_function"));
	/* The first failure's message is kept: it names what to install or fix first. */
	assert_int_equal(dl_bind(&l, "fgdj_another_absent", &fn, err, sizeof err), -1);
	assert_null(strstr(err, "fgdj_another_absent"));
	assert_non_null(strstr(err, "fgdj_no_such_function"));
}

static void too_many_libraries(void **state)
{
	(void)state;
	const char *libs[DL_MAXLIBS + 2];
	for (size_t i = 0; i < DL_MAXLIBS + 1; i++)
		libs[i] = "libz.so.1";
	libs[DL_MAXLIBS + 1] = NULL;
	dl_libs l;
	char err[256] = "";
	assert_int_equal(dl_open(&l, libs, err, sizeof err), -1);
	assert_non_null(strstr(err, "libz.so.1"));
	assert_true(l.n <= DL_MAXLIBS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(binds_functions),
		cmocka_unit_test(missing_library),
		cmocka_unit_test(missing_function),
		cmocka_unit_test(too_many_libraries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
