# Shared helpers for benchmarks: timing with a monotonic clock, a cached demo dataset.
set -eu
: "${FGDJ:?FGDJ must name the fgdj binary}"
BENCH_DIR=${BENCH_DIR:-/tmp/fgdj-bench}
mkdir -p "$BENCH_DIR"
export FGDJ_USER=bench

now() { date +%s.%N; }
# secs START END
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }
# ratio A B (A / B with 2 decimals); rate N SECONDS
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rate() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a / b }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# best_of N CMD...: runs CMD N times, prints the fastest wall time in seconds.
best_of() {
	n=$1; shift
	best=""
	i=0
	while [ "$i" -lt "$n" ]; do
		t0=$(now); "$@" >/dev/null 2>&1; t1=$(now)
		t=$(secs "$t0" "$t1")
		if [ -z "$best" ] || lt "$t" "$best"; then best=$t; fi
		i=$((i + 1))
	done
	printf '%.4f' "$best"
}

# demo_db SCALE: a demo database and its exported ledgers, made once and reused.
demo_db() {
	d="$BENCH_DIR/$1"
	if [ ! -f "$d/done" ]; then
		rm -rf "$d"; mkdir -p "$d"
		"$FGDJ" demo --scale "$1" --seed 1 --db "$d/demo.db" --export "$d/ledgers" >/dev/null
		touch "$d/done"
	fi
	echo "$d"
}
