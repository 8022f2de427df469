#!/bin/sh
# One row of a ledger's export (a member's of `fgdj export members --unmasked`, an organisation's),
# edited: sourced by the e2e tests (tests/e2e/web_lib.sh member, first9_kept.sh org) and the
# benchmarks (bench/members.sh edit_csv), by a path relative to the sourcing script (run on its own
# it does nothing).
#
# csv_row SRC_CSV COLUMN KEY OUT_CSV [HEADER=VALUE…]: OUT_CSV is SRC_CSV's header line and the row(s)
# whose COLUMNth column (1-based) is KEY, each HEADER's column set to VALUE in turn (plain
# comma-split: no quoted fields). OUT_CSV.tmp is used on the way. Only _mr_* variables are set.
# member_row SRC_CSV IDNO OUT_CSV [HEADER=VALUE…]: csv_row of a members export, keyed by the ID
# number (the 2nd column).
member_row() {
	_mr_src=$1 _mr_id=$2 _mr_out=$3
	shift 3
	csv_row "$_mr_src" 2 "$_mr_id" "$_mr_out" "$@"
}
csv_row() {
	_mr_src=$1 _mr_col=$2 _mr_id=$3 _mr_out=$4
	shift 4
	{ head -1 "$_mr_src"; awk -F, -v c="$_mr_col" -v k="$_mr_id" 'NR > 1 && $c == k' "$_mr_src"; } >"$_mr_out"
	for _mr_kv in "$@"; do
		awk -F, -v OFS=, -v h="${_mr_kv%%=*}" -v v="${_mr_kv#*=}" \
			'NR == 1 { for (i = 1; i <= NF; i++) if ($i == h) c = i; print; next } { $c = v; print }' \
			"$_mr_out" >"$_mr_out.tmp"
		mv "$_mr_out.tmp" "$_mr_out"
	done
}
