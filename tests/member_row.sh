#!/bin/sh
# One member's row of a `fgdj export members --unmasked` CSV, edited: sourced by the e2e tests
# (tests/e2e/web_lib.sh member) and the benchmarks (bench/members.sh edit_csv), by a path relative
# to the sourcing script (run on its own it does nothing).
#
# member_row SRC_CSV IDNO OUT_CSV [HEADER=VALUE…]: OUT_CSV is SRC_CSV's header line and the row(s)
# whose 2nd column (the ID number) is IDNO, each HEADER's column set to VALUE in turn (plain
# comma-split: no quoted fields). OUT_CSV.tmp is used on the way. Only _mr_* variables are set.
member_row() {
	_mr_src=$1 _mr_id=$2 _mr_out=$3
	shift 3
	{ head -1 "$_mr_src"; awk -F, -v k="$_mr_id" 'NR > 1 && $2 == k' "$_mr_src"; } >"$_mr_out"
	for _mr_kv in "$@"; do
		awk -F, -v OFS=, -v h="${_mr_kv%%=*}" -v v="${_mr_kv#*=}" \
			'NR == 1 { for (i = 1; i <= NF; i++) if ($i == h) c = i; print; next } { $c = v; print }' \
			"$_mr_out" >"$_mr_out.tmp"
		mv "$_mr_out.tmp" "$_mr_out"
	done
}
