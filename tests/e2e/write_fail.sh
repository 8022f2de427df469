#!/bin/sh
# Errors are never silent: every command whose output cannot be written (a full disk: /dev/full;
# a directory that does not exist) exits 2 and names the output (the file, or 标准输出) and why.
. "$(dirname "$0")/../lib.sh"

import_district d.db

# full EXPECTED_TARGET CMD...: stdout goes to /dev/full.
full() {
	target=$1; shift
	"$@" --db d.db >/dev/full 2>"$WORK/err"
	eq "$?" 2 "exit status: $* >/dev/full"
	has "$WORK/err" "fgdj: 写入 $target 失败："
}

full 标准输出 "$FGDJ" export enterprises
full 标准输出 "$FGDJ" export members --format json
full 标准输出 "$FGDJ" export orgs --format xlsx
full 标准输出 "$FGDJ" stats
full 标准输出 "$FGDJ" stats --format csv --by street
full 标准输出 "$FGDJ" check
full 标准输出 "$FGDJ" plan joint
full 标准输出 "$FGDJ" report template
full 标准输出 "$FGDJ" report vars
full 标准输出 "$FGDJ" summary
full 标准输出 "$FGDJ" history enterprise 91330106MA20002034
full 标准输出 "$FGDJ" settings

# The same with -o: the message names the file.
for args in "export enterprises" "export instructors --format json" "export members --format xlsx" \
	"stats --format csv" "stats --format xlsx" "report work --format md" "report work --format html" \
	"report stats" "plan joint --format xlsx"; do
	# shellcheck disable=SC2086
	run 2 "$FGDJ" $args -o /dev/full --db d.db
	has err "写入 /dev/full 失败："
done

# DOCX and PDF: the failure is named, and the half-written target is removed only when it is a
# plain file (as root, removing /dev/full would take the device away).
run 2 "$FGDJ" report work --format docx -o /dev/full --db d.db
has err "写入 DOCX 文件 /dev/full 失败"
run 2 "$FGDJ" report work --format pdf -o /dev/full --db d.db
has err "写入 PDF 文件 /dev/full 失败"
[ -c /dev/full ] && ok || fail "/dev/full was removed"

# An output in a directory that does not exist: named, with the reason.
run 2 "$FGDJ" export enterprises -o nosuch/e.csv --db d.db
has err "无法写入 nosuch/e.csv："
run 2 "$FGDJ" report work --format md -o nosuch/r.md --db d.db
has err "无法写入 nosuch/r.md："
run 2 "$FGDJ" stats --format xlsx -o nosuch/s.xlsx --db d.db
has err "nosuch/s.xlsx"

# A bare "fgdj: " with nothing after it is never the whole message.
"$FGDJ" export enterprises --db d.db >/dev/full 2>err2
if grep -qx 'fgdj: *' err2; then fail "a bare 'fgdj:' line"; else ok; fi

# Output that arrives is unaffected: exit 0 and the whole file.
run 0 "$FGDJ" export enterprises --db d.db
eq "$(wc -l <"$WORK/out" | tr -d ' ')" 11 "export to stdout: header + 10 rows"

finish
