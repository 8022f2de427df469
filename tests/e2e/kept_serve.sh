#!/bin/sh
# A server that starts reads the facts and the findings the command line keeps in the database
# (table facts_kept, docs/kept_figures.md) rather than loading and finding them afresh: as they were
# (the findings with the states now) when nothing they read changed since `fgdj check` kept them,
# patched after writes of enterprises' numbers or organisations' fields (what each covers too), from
# the tables after any other write. Its access log says which (计算：事实留存 问题状态 / 问题增量,
# or 事实载入 问题重查); its pages and APIs are byte-identical to a server that reads only the tables
# (FGDJ_FACTS_KEPT=0). The server itself keeps nothing (the table is the command line's to write).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
KEPT_ARGS="--refresh-after 0"
kept() { sql $DB "SELECT count(*) FROM facts_kept WHERE mode = 0"; }
stamp() { sql $DB "SELECT max(stamp) FROM facts_kept WHERE mode = 0 AND region_id = 0"; }
last() { sql $DB "SELECT max(id) FROM history"; }
# served WHAT WANTED UNWANTED: a server started on $DB computes the administrator's first pages
# (first_notes) with the WANTED words and none of the UNWANTED ones, and every page and API
# (kept_start's PATHS, snap) is what a server reading only the tables serves.
served() {
	start_server $DB $KEPT_ARGS
	notes=$(first_notes)
	notes_are "$1" "$notes" "$2" "$3"
	kept_start_paths
	snap kept
	stop_server
	eq "$SERVER_RC" 0 "$1: the server stopped cleanly"
	SERVER_ENV=FGDJ_FACTS_KEPT=0
	start_server $DB $KEPT_ARGS
	SERVER_ENV=
	notes=$(first_notes)
	notes_are "$1, reading the tables" "$notes" "事实载入 问题重查" "事实留存 问题状态 问题增量"
	snap fresh
	stop_server
	n=0
	for f in "$WORK"/kept.*; do
		n=$((n + 1))
		if cmp -s "$f" "$WORK/fresh.${f##*/kept.}"; then ok; else
			fail "$1: ${f##*/kept.} differs from the tables' ($(diff "$f" "$WORK/fresh.${f##*/kept.}" | head -4))"
		fi
	done
	[ $n -gt 8 ] && ok || fail "$1: only $n pages compared"
}
# kept_start_paths: kept_start's PATHS on the running server
kept_start_paths() {
	PATHS="/ /findings /findings?state=open /findings?rule=study_short /api/v1/findings /api/v1/findings?rule=need_single
	/plan /api/v1/plan"
	FIGS=$(curl -s -b "$WORK/bj" "$URL/" | grep -o 'href="/figures/[^"]*"' | sed 's/^href="//; s/"$//; s/&amp;/\&/g' | sort -u)
	nf=$(printf '%s\n' "$FIGS" | wc -l)
	PATHS="$PATHS $(printf '%s\n' "$FIGS" | sed -n "1p; $((nf / 2))p; \$p")"
}

# the two users' sessions (kept in the database: every server below knows them, the pages' forms
# carry the same tokens)
start_server $DB $KEPT_ARGS
api_login boss bj
api_login jd jj
stop_server

# ---- nothing kept: loaded from the tables; the server keeps nothing itself ----
eq "$(kept)" 0 "nothing kept after the demo"
served "nothing kept" "事实载入 问题重查" "事实留存 问题状态 问题增量"
eq "$(kept)" 0 "the server keeps no facts"

# ---- `fgdj check` kept the findings' facts: read back as they were ----
run 1 "$FGDJ" check --format json --db $DB # 1: findings found
eq "$(kept)" 1 "the command kept the findings' facts"
eq "$(stamp)" "$(last)" "kept at the newest history id"
served "kept, nothing written since" "事实留存 问题状态" "事实载入 问题重查"

# ---- an enterprise's 从业人员数 written since: the kept facts patched ----
E=$(sql $DB "SELECT name FROM enterprise WHERE status = '在营' AND employees BETWEEN 10 AND 40 ORDER BY id LIMIT 1")
[ -n "$E" ] && ok || fail "an operating enterprise of 10 to 40 employees"
"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/e.csv" >/dev/null 2>&1
awk -F, -v OFS=, -v n="$E" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "从业人员数") c = i; print; next }
	$2 == n { $c = 2; print }' "$WORK/e.csv" >"$WORK/e1.csv"
eq "$(wc -l <"$WORK/e1.csv")" 2 "one enterprise's row"
run 0 "$FGDJ" import enterprises "$WORK/e1.csv" --db $DB
[ "$(stamp)" -lt "$(last)" ] && ok || fail "the kept facts are older than the write"
served "patched after an enterprise's 从业人员数" "事实留存 问题增量" "事实载入 问题重查"

# ---- an organisation's field that leaves what it covers (a joint branch made 挂靠建): patched ----
O=$(sql $DB "SELECT o.name FROM org o WHERE o.mode = '联合建' AND o.closed IS NULL
	AND (SELECT count(*) FROM coverage cv WHERE cv.org_id = o.id AND cv.end_date IS NULL) >= 2 ORDER BY o.id LIMIT 1")
[ -n "$O" ] && ok || fail "a joint branch covering two enterprises"
"$FGDJ" export orgs --db $DB -o "$WORK/o.csv" >/dev/null 2>&1
awk -F, -v OFS=, -v n="$O" 'NR == 1 { print; next } $1 == n { $3 = "挂靠建"; print }' "$WORK/o.csv" >"$WORK/o1.csv"
eq "$(wc -l <"$WORK/o1.csv")" 2 "one organisation's row"
run 0 "$FGDJ" import orgs "$WORK/o1.csv" --db $DB
served "after an organisation's 组建方式" "事实留存 问题增量" "事实载入 问题重查"

# ---- what it covers (one enterprise less): patched ----
awk -F, -v OFS=, 'NR == 1 { print; next } { sub(/；[^；]*$/, "", $5); print }' "$WORK/o1.csv" >"$WORK/o2.csv"
cmp -s "$WORK/o1.csv" "$WORK/o2.csv" && fail "the covers cut" || ok
run 0 "$FGDJ" import orgs "$WORK/o2.csv" --db $DB
served "after a coverage change" "事实留存 问题增量" "事实载入 问题重查"

# ---- where it is (its 所属区域): patched ----
ZN=$(other_zone "$O")
awk -F, -v OFS=, -v z="$ZN" 'NR == 1 { print; next } $8 != z { $8 = z; print }' "$WORK/o2.csv" >"$WORK/o3.csv"
[ "$(wc -l <"$WORK/o3.csv")" = 2 ] && ok || fail "the organisation moves to $ZN"
run 0 "$FGDJ" import orgs "$WORK/o3.csv" --db $DB
served "after a change of 所属区域" "事实留存 问题增量" "事实载入 问题重查"

# ---- its 上级党组织 (no figure or finding reads it): patched ----
PN=$(other_parent "$O")
awk -F, -v OFS=, -v p="$PN" 'NR == 1 { print; next } $4 != p { $4 = p; print }' "$WORK/o3.csv" >"$WORK/o4.csv"
[ "$(wc -l <"$WORK/o4.csv")" = 2 ] && ok || fail "the organisation's 上级党组织 made $PN"
run 0 "$FGDJ" import orgs "$WORK/o4.csv" --db $DB
served "after a change of 上级党组织" "事实留存 问题增量" "事实载入 问题重查"

# ---- a leadership body's 书记姓名 (it covers no enterprise; no figure reads it): patched ----
org "$(sql $DB "SELECT name FROM org WHERE mode = '上级机关' AND closed IS NULL ORDER BY id LIMIT 1")" 书记姓名=测试书记
served "after a leadership body's 书记姓名" "事实留存 问题增量" "事实载入 问题重查"

# ---- any other write (a setting the figures read): loaded from the tables ----
setting_changed
served "after a setting the figures read" "事实载入 问题重查" "事实留存 问题状态 问题增量"

# ---- the command keeps the newest again; the server reads them back ----
run 1 "$FGDJ" check --format json --db $DB # 1: findings found
eq "$(stamp)" "$(last)" "kept again at the newest history id"
served "kept again" "事实留存 问题状态" "事实载入 问题重查"

finish
