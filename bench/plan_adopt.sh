#!/bin/sh
# The joint-branch plan and its adoption at city scale (or on DB): what `fgdj plan joint` costs,
# and how long another writer waits while `fgdj plan adopt N --confirm` founds a branch.
#   plan     `fgdj plan joint --format json`, best of N by wall and by CPU (user + sys)
#   baseline the bare SQL over what the plan's facts read (enterprises by status and place,
#            members by employer, coverage links by organisation), in sqlite3, best of N
#   adopt    `fgdj plan adopt 1 --confirm` on a fresh copy each round, wall
#   wait     the longest a one-row write (sqlite3, its own process, busy timeout 60 s) took while
#            the adoption ran — one after another from before the adoption starts until it ends;
#            a write's own cost is the "idle" line (the same writes with nothing else running)
# With BEFORE_FGDJ (an older binary) both run, alternating round by round, on the same copies.
#
#   FGDJ=build/fgdj BEFORE_FGDJ=… [DB=city.db] [N=3] sh bench/plan_adopt.sh
. "$(dirname "$0")/lib.inc"
command -v sqlite3 >/dev/null 2>&1 || { echo "bench/plan_adopt.sh: 需要 sqlite3" >&2; exit 1; }
N=${N:-3}
SRC=${DB:-$(demo_db city)/demo.db}
T=$(mktemp -d "$BENCH_DIR/plan_adopt.XXXXXX")
trap 'rm -rf "$T"' EXIT
cp "$SRC" "$T/base.db"
# Opened once by the binary under test first: a schema upgrade is not part of any round.
"$FGDJ" stats --db "$T/base.db" >/dev/null

# cpu_best N CMD…: the least user + sys seconds of N runs.
cpu_best() {
	n=$1; shift
	best=""
	i=0
	while [ "$i" -lt "$n" ]; do
		/usr/bin/time -o "$T/cpu" -f '%U %S' "$@" >/dev/null 2>&1
		c=$(awk '{ printf "%.3f", $1 + $2 }' "$T/cpu")
		if [ -z "$best" ] || lt "$c" "$best"; then best=$c; fi
		i=$((i + 1))
	done
	echo "$best"
}

BASE_SQL="SELECT status, community_id, count(*) FROM enterprise GROUP BY 1, 2;
SELECT employer_id, count(*) FROM member WHERE employer_id IS NOT NULL GROUP BY 1;
SELECT org_id, count(*) FROM coverage WHERE end_date IS NULL GROUP BY 1;"
base=$(best_of "$N" sqlite3 "$T/base.db" "$BASE_SQL")
echo "== the plan ($SRC; best of $N; ratios to the bare SQL)"
printf '%-28s %8s s wall\n' "bare SQL (sqlite3)" "$base"
BINS="$FGDJ"
[ -n "${BEFORE_FGDJ:-}" ] && BINS="$BEFORE_FGDJ $FGDJ"
for b in $BINS; do
	w=$(best_of "$N" "$b" plan joint --format json --db "$T/base.db")
	c=$(cpu_best "$N" "$b" plan joint --format json --db "$T/base.db")
	printf '%-28s %8s s wall (%sx)  %s s CPU  [%s]\n' "plan joint" "$w" "$(ratio "$w" "$base")" "$c" "$b"
done

# writes_until PIDFILE OUT: one-row writes one after another until the process in PIDFILE ends,
# each one's wall seconds into OUT (its own variables: w0, not the caller's t0).
writes_until() {
	: >"$2"
	while :; do
		w0=$(now)
		sqlite3 -cmd ".timeout 60000" "$T/w.db" "UPDATE setting SET value = value WHERE key = 'bench'" >/dev/null
		secs "$w0" "$(now)" >>"$2"
		echo >>"$2"
		kill -0 "$(cat "$1")" 2>/dev/null || break
	done
}

echo "== the adoption (fresh copy each round; the longest wait of another writer meanwhile)"
cp "$T/base.db" "$T/w.db"
sqlite3 "$T/w.db" "INSERT OR IGNORE INTO setting(key, value) VALUES ('bench', '1')"
i=0
: >"$T/idle"
while [ $i -lt 20 ]; do
	t0=$(now)
	sqlite3 -cmd ".timeout 60000" "$T/w.db" "UPDATE setting SET value = value WHERE key = 'bench'"
	secs "$t0" "$(now)" >>"$T/idle"
	echo >>"$T/idle"
	i=$((i + 1))
done
printf '%-28s max %s s over 20 writes\n' "idle" "$(sort -g "$T/idle" | tail -n 1)"
r=0
while [ $r -lt "$N" ]; do
	for b in $BINS; do
		cp "$T/base.db" "$T/w.db"
		sqlite3 "$T/w.db" "INSERT OR IGNORE INTO setting(key, value) VALUES ('bench', '1')"
		t0=$(now)
		"$b" plan adopt 1 --confirm --db "$T/w.db" >"$T/adopt.out" 2>&1 &
		echo $! >"$T/pid"
		writes_until "$T/pid" "$T/waits"
		wait "$(cat "$T/pid")" || { echo "bench: plan adopt 失败：" >&2; tail -n 3 "$T/adopt.out" >&2; exit 1; }
		t1=$(now)
		printf '%-28s %8s s wall, writes meanwhile: %s, longest wait %s s  [%s]\n' "plan adopt 1 --confirm" \
			"$(secs "$t0" "$t1")" "$(grep -c . "$T/waits")" "$(sort -g "$T/waits" | tail -n 1)" "$b"
	done
	r=$((r + 1))
done
