#!/bin/sh
# The work report downloaded from the web at city scale (GET /reports/work.docx of today): on a warm
# server (the dashboard and the findings read once) the report is built from the values the server
# keeps — facts, findings and the figures a year earlier — and costs the drawing of the document;
# against the command (`fgdj report work --format docx`, everything computed: the raw baseline of
# the same run) and, with BEFORE_FGDJ, an older binary's server in the same rounds. Each download
# "N ms (server CPU M ms)", ROUNDS rounds alternating the binaries; the best of each.
#
#   FGDJ=build/fgdj sh bench/report.sh                       (make bench runs it)
#   DB=/tmp/city.db BEFORE_FGDJ=/tmp/old/fgdj FGDJ=… ROUNDS=3 sh bench/report.sh
. "$(dirname "$0")/lib.inc"
command -v curl >/dev/null 2>&1 || { echo "bench/report.sh: 需要 curl" >&2; exit 1; }
SCALE=${SCALE:-city}
SRC=${DB:-$(demo_db "$SCALE")/demo.db}
ROUNDS=${ROUNDS:-3}

cpu() { awk '{ print ($14 + $15) * 10 }' "/proc/$PID/stat"; }
get() { curl -s -o /dev/null -w '%{time_total}' -H "$COOKIE" "$URL$1" | awk '{ printf "%.0f", $1 * 1000 }'; }
# download PATH: "wall_ms cpu_ms" of one request
download() { c0=$(cpu); ms=$(get "$1"); c1=$(cpu); echo "$ms $((c1 - c0))"; }
stop() { kill -TERM "$PID"; wait "$PID" 2>/dev/null; rm -f "$W" "$W-wal" "$W-shm" "$LOG"; trap - EXIT; }
best() { sort -n | head -1; }

# one round of binary $1 (label $2): the command's report, then its server's first download (cold),
# the dashboard and findings read, and three downloads of the warm server
round() {
	bin=$1
	t0=$(now)
	"$bin" report work --format docx --db "$BENCH_DIR/report-cli-$$.db" -o "$BENCH_DIR/report-$$.docx" >/dev/null 2>&1
	t1=$(now)
	echo "$2 cli $(secs "$t0" "$t1" | awk '{ printf "%.0f", $1 * 1000 }')" >>"$BENCH_DIR/report-$$.times"
	FGDJ=$bin
	SERVE_ARGS="--refresh-after 0"
	serve_copy "$SRC" "report-$$"
	echo "$2 cold $(download /reports/work.docx)" >>"$BENCH_DIR/report-$$.times"
	get / >/dev/null
	get /findings >/dev/null
	for i in 1 2 3; do
		echo "$2 warm $(download /reports/work.docx)" >>"$BENCH_DIR/report-$$.times"
	done
	stop
}

cp "$SRC" "$BENCH_DIR/report-cli-$$.db"
"$FGDJ" summary --db "$BENCH_DIR/report-cli-$$.db" >/dev/null # the schema brought up to date once
NEW=$FGDJ
: >"$BENCH_DIR/report-$$.times"
echo "the work report (DOCX) at $SCALE scale, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $ROUNDS rounds"
r=0
while [ $r -lt "$ROUNDS" ]; do
	[ -n "${BEFORE_FGDJ:-}" ] && round "$BEFORE_FGDJ" before
	round "$NEW" new
	r=$((r + 1))
done
FGDJ=$NEW
for who in ${BEFORE_FGDJ:+before} new; do
	cli=$(awk -v w=$who '$1 == w && $2 == "cli" { print $3 }' "$BENCH_DIR/report-$$.times" | best)
	cold=$(awk -v w=$who '$1 == w && $2 == "cold" { print $3, $4 }' "$BENCH_DIR/report-$$.times" | sort -n | head -1)
	warm=$(awk -v w=$who '$1 == w && $2 == "warm" { print $3, $4 }' "$BENCH_DIR/report-$$.times" | sort -n | head -1)
	printf '%-7s fgdj report work: %s ms; server, first download: %s ms (CPU %s ms); warm: %s ms (CPU %s ms), %s× the command\n' \
		"$who" "$cli" "${cold% *}" "${cold#* }" "${warm% *}" "${warm#* }" "$(ratio "${warm% *}" "$cli")"
done
rm -f "$BENCH_DIR/report-cli-$$.db" "$BENCH_DIR/report-cli-$$.db-wal" "$BENCH_DIR/report-cli-$$.db-shm" \
	"$BENCH_DIR/report-$$.docx" "$BENCH_DIR/report-$$.times"
