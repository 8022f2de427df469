/* dl — a shared library's functions bound on first use (dlopen) instead of at start.
 *
 * libpq is needed only where a PostgreSQL database is opened, pango and cairo only where a DOCX or
 * PDF is drawn, libmicrohttpd only by fgdj serve. Linked in, they and the libraries they pull
 * (Kerberos, LDAP, GLib, fontconfig, X11, GnuTLS…: 55 of the 72 fgdj linked) cost every command
 * about 10 ms of dynamic loading and the server about 5 MB of resident pages it never uses. Their
 * packages are still dependencies of fgdj's (scripts/build-deb.sh finds them from the names below).
 *
 * A user lists its functions once, as an X-macro, and declares a struct of pointers with it:
 *
 *     #define PQ_FUNCS(X) X(PQexec) X(PQclear)
 *     static struct { PQ_FUNCS(DL_POINTER) } pq;
 *
 * then binds them once (pthread_once) with dl_open of its set below and one dl_bind per function, and calls
 * pq.PQexec(…). The pointers have the functions' own types (the library's header), so every
 * call is checked as a direct one would be. */
#ifndef FGDJ_DL_H
#define FGDJ_DL_H
#include <stddef.h>

#define DL_POINTER(f) __typeof__(f) *f;

enum { DL_MAXLIBS = 8 };

/* Every library fgdj loads on first use, by soname, each set in the order its functions are
 * searched; `fgdj help --libraries` prints them (scripts/build-deb.sh makes their packages
 * dependencies of fgdj's). */
extern const char *const DL_LIBPQ[]; /* PostgreSQL's client library (store/sql.c) */
extern const char *const DL_GFX[];   /* pango, cairo and GLib, for DOCX and PDF (report/doc_gfx.c) */
extern const char *const DL_MHD[];   /* libmicrohttpd, for fgdj serve (web/server.c) */
extern const char *const *const DL_SETS[]; /* the sets above, NULL-terminated */

typedef struct dl_libs {
	void *h[DL_MAXLIBS];
	size_t n;
} dl_libs;

/* Loads the libraries sonames (NULL-terminated, at most DL_MAXLIBS; "libpq.so.5") now, each with
 * the libraries it needs, as linking would have. 0; or -1 with a message in err naming the one
 * that failed and why (the loader's words). Nothing is ever unloaded. */
int dl_open(dl_libs *l, const char *const *sonames, char *err, size_t errlen);

/* Writes the address of the function name, searched in l's libraries in order, into the pointer
 * *slot (of the function's type). 0; or -1 when none has it, with a message in err unless err
 * already holds one. */
int dl_bind(const dl_libs *l, const char *name, void *slot, char *err, size_t errlen);

#endif
