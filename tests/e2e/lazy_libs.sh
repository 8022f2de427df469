#!/bin/sh
# Libraries loaded on first use (src/util/dl.h): libpq only where a PostgreSQL database is opened,
# pango and cairo only where a DOCX or PDF is drawn, libmicrohttpd only by fgdj serve. Asked of the
# dynamic loader itself (LD_DEBUG=libs names every library it looks for) and, for the server, of
# its memory map.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
run 0 fgdj_demo --db $DB --scale district --seed 1
add_user boss admin

# loads CMD...: the libraries of pq, pango, cairo and microhttpd the loader looked for while CMD ran,
# one a line
loads() {
	LD_DEBUG=libs "$@" >cmd.out 2>ld.out
	echo "rc=$?"
	sed -n 's/.*find library=\(lib\(pq\|pango[a-z]*-1\.0\|cairo\|microhttpd\)\.so\.[0-9]*\).*/\1/p' ld.out | sort -u
}

if [ "${FGDJ_TEST_BACKEND:-sqlite}" = pg ]; then
	# On PostgreSQL ($FGDJ a wrapper naming the database by its URI), libpq is loaded.
	got=$(loads "$FGDJ" stats --db $DB)
	case "$got" in rc=0*libpq.so.5*) ok ;; *) fail "PostgreSQL: libpq loaded on use: $got" ;; esac
	case "$got" in *pango*|*cairo*|*microhttpd*) fail "stats on PostgreSQL loaded more: $got" ;; *) ok ;; esac
else
	# A command on SQLite that draws nothing loads none of them; its answer is as before.
	got=$(loads "$FGDJ" stats --db $DB)
	eq "$got" "rc=0" "fgdj stats on SQLite: no libpq, pango, cairo or microhttpd looked for"
	has cmd.out "企业"
	got=$(loads "$FGDJ" report work --format md -o r.md --db $DB)
	eq "$got" "rc=0" "fgdj report work --format md: none looked for"
fi

# Drawing loads pango and cairo, and the files are whole.
got=$(loads "$FGDJ" report work --format docx -o r.docx --db $DB)
case "$got" in rc=0*libpangocairo-1.0.so.0*) ok ;; *) fail "DOCX: pango loaded on use: $got" ;; esac
unzip -l r.docx >zip.out 2>&1 && ok || fail "r.docx is not a zip"
has zip.out "word/media/"
got=$(loads "$FGDJ" report work --format pdf -o r.pdf --db $DB)
case "$got" in rc=0*libcairo.so.2*) ok ;; *) fail "PDF: cairo loaded on use: $got" ;; esac
eq "$(head -c 5 r.pdf)" "%PDF-" "the PDF begins as one"

# The server: after pages, none of them mapped (on SQLite); a DOCX download maps pango.
maps() { grep -o 'lib\(pq\|pangocairo-1\.0\|cairo\|microhttpd\)\.so\.[0-9]*' "/proc/$SERVER_PID/maps" | sort -u | tr '\n' ' '; }
start_server $DB --refresh-after 0
api_login boss bj
req 200 GET / -b bj
req 200 GET /findings -b bj
req 200 GET /api/v1/stats -b bj
if [ "${FGDJ_TEST_BACKEND:-sqlite}" = pg ]; then
	eq "$(maps)" "libmicrohttpd.so.12 libpq.so.5 " "server on PostgreSQL, pages served: libmicrohttpd and libpq"
else
	eq "$(maps)" "libmicrohttpd.so.12 " "server on SQLite, pages served: libmicrohttpd only"
fi
req 200 GET /reports/work.docx -b bj
unzip -l "$WORK/body" >zip.out 2>&1 && ok || fail "the downloaded DOCX is not a zip"
case "$(maps)" in *libpangocairo-1.0.so.0*) ok ;; *) fail "DOCX served: pango mapped: $(maps)" ;; esac
stop_server

finish
