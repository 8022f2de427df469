#!/bin/sh
# A meeting's attendance: stored as its 参加党员 list (schema v19). A database of the schema before
# it (one meeting_attendee row per attendee) migrates to the same lists, figures and export; and
# attendees and absentees are checked against the organisation's members on the meeting's date —
# as the member ledger's history and the completed transfers give them — not against today's:
# a member who left later is still a valid attendee of an old meeting, one who came later is not.
. "$(dirname "$0")/../lib.sh"

MT=$FIX/party/meetings.csv
HDR=$(head -1 "$MT")
LJ=中共临江智造科技有限公司支部委员会
DC=东城街道幸福和平联合党支部
ZHANG1=330106196102020035 ZHANG2=330106196203030056 ZHANG3=330106196304040077 ZHANG4=330106196405050098
ZHAO2=330106197201130250 ZHOU1=330106197403150292

# ---- the list as stored ----
DB=d.db
import_district $DB
run 0 "$FGDJ" import meetings "$MT" --db $DB
has out '新增 4'
# the fixture's first row lists 张三、张二；张一 (mixed separators): stored sorted by ID number
eq "$(sql $DB "SELECT attendees FROM meeting WHERE kind = '主题党日'")" "$ZHANG1；$ZHANG2；$ZHANG3" "list stored in canonical order"
eq "$(sql $DB "SELECT count(*) FROM meeting_attendee" 2>/dev/null)" "" "no attendance table"
eq "$(sql $DB 'PRAGMA user_version')" "$(schema_latest)" "schema at the latest version (attendance lists since v19)"
# hours: 张一 and 张二 attended the 主题党日 (2 h) and the 支委会 (1.5 h): 35 tenths each; 张三 20
eq "$(sql $DB "SELECT group_concat(t, ' ') FROM (SELECT h.tenths AS t FROM member_hours h JOIN member m ON m.id = h.member_id WHERE m.idno IN ('$ZHANG1', '$ZHANG2', '$ZHANG3') ORDER BY m.idno) q")" \
	"35 35 20" "hours credited from the lists"
run 0 "$FGDJ" stats --db $DB --format json
cp out stats.json
run 0 "$FGDJ" export meetings --unmasked -o before.csv --db $DB

# ---- migration from v18: the attendance rows become the lists, the table goes ----
db_copy $DB old.db
if sqlite_only "v18 的文件：从旧版结构的 SQLite 文件升级（PostgreSQL 上不做结构升级）"; then
sqlite3 old.db "CREATE TABLE meeting_attendee (meeting_id INTEGER NOT NULL REFERENCES meeting(id),
	member_id INTEGER NOT NULL REFERENCES member(id), PRIMARY KEY (meeting_id, member_id)) WITHOUT ROWID;
	INSERT INTO meeting_attendee SELECT mt.id, m.id FROM meeting mt JOIN member m ON instr(mt.attendees, m.idno) > 0;
	ALTER TABLE meeting DROP COLUMN attendees;
	PRAGMA user_version = 18;"
eq "$(sql old.db 'SELECT count(*) FROM meeting_attendee')" 8 "old form: 8 attendance rows"
fi
run 0 "$FGDJ" stats --db old.db --format json
if cmp -s out stats.json; then ok; else fail "figures differ after the migration"; diff out stats.json | head >&2; fi
if sqlite_only "v18 的文件：从旧版结构的 SQLite 文件升级（PostgreSQL 上不做结构升级）"; then
eq "$(sql old.db 'PRAGMA user_version')" "$(schema_latest)" "migrated to the latest version"
eq "$(sql old.db "SELECT count(*) FROM sqlite_master WHERE name = 'meeting_attendee'")" 0 "attendance table dropped"
fi
eq "$(sql old.db "SELECT group_concat(coalesce(attendees, '-'), '|') FROM (SELECT attendees FROM meeting ORDER BY id) q")" \
	"$(sql $DB "SELECT group_concat(coalesce(attendees, '-'), '|') FROM (SELECT attendees FROM meeting ORDER BY id) q")" "same lists"
eq "$(sql old.db "SELECT attendees FROM meeting WHERE kind = '党课'")" 33010619770618035X "one attendee: a list of one"
run 0 "$FGDJ" export meetings --unmasked -o after.csv --db old.db
if cmp -s before.csv after.csv; then ok; else fail "export differs after the migration"; fi
# re-importing the original file into the migrated database changes nothing
h=$(sql old.db 'SELECT count(*) FROM history')
run 0 "$FGDJ" import meetings "$MT" --db old.db
has out '未变 4'
eq "$(sql old.db 'SELECT count(*) FROM history')" "$h" "no history entry"
# a changed list after the migration moves the hours: 张三 leaves the 主题党日 (−2 h), 张四 joins it
printf '%s\n%s\n' "$HDR" "$LJ,主题党日,2026-03-15,学习新修订的党章,集中,2,$ZHANG1；$ZHANG2；$ZHANG4,,张一" >chg.csv
run 0 "$FGDJ" import meetings chg.csv --db old.db
has out '更新 1'
eq "$(sql old.db "SELECT coalesce(h.tenths, 0) FROM member m LEFT JOIN member_hours h ON h.member_id = m.id AND h.year = 2026 WHERE m.idno IN ('$ZHANG3', '$ZHANG4') ORDER BY m.idno")" \
	"$(printf '0\n20')" "hours follow the list"

# ---- members on the meeting's date ----
# 张三 moves from 临江 to 东城 on 2026-11-27 (the member ledger, re-imported that day)
sed "s/^张三,\\(.*\\),$LJ,/张三,\\1,$DC,/" "$FIX/district/members.csv" >moved.csv
grep -q "张三.*$DC" moved.csv && ok || fail "moved.csv"
FGDJ_TODAY=2026-11-27 run 0 "$FGDJ" import members moved.csv --db $DB
has out '更新 1'
# re-importing the old meetings: 张三 was in 临江 on 2026-03-15 — nothing refused, nothing changed
h=$(sql $DB 'SELECT count(*) FROM history')
FGDJ_TODAY=2026-11-27 run 0 "$FGDJ" import meetings "$MT" --db $DB
has out '未变 4'
eq "$(sql $DB 'SELECT count(*) FROM history')" "$h" "re-import of old meetings wrote nothing"
# a new meeting of 临江 before the move, with 张三: valid
printf '%s\n%s\n' "$HDR" "$LJ,党课,2026-06-01,专题党课,集中,1,$ZHANG1；$ZHANG3,,张一" >lj_old.csv
FGDJ_TODAY=2026-11-27 run 0 "$FGDJ" import meetings lj_old.csv --db $DB
has out '新增 1'
# ... and with 张三 absent: an absentee is checked the same way
printf '%s\n%s\n' "$HDR" "$LJ,党课,2026-06-02,专题党课,集中,1,$ZHANG1,$ZHANG3：出差,张一" >lj_abs.csv
FGDJ_TODAY=2026-11-27 run 0 "$FGDJ" import meetings lj_abs.csv --db $DB
# a meeting of 东城 before 张三 came: refused, row and column named, nothing written
printf '%s\n%s\n' "$HDR" "$DC,主题党日,2026-06-01,学习,集中,1,$ZHAO2；$ZHANG3,,李一" >dc_old.csv
sum=$(dbsum $DB)
FGDJ_TODAY=2026-11-27 run 2 "$FGDJ" import meetings dc_old.csv --db $DB
has err 'dc_old.csv:2:参加党员'
has err "$ZHANG3 在 2026-06-01 不是该党组织的党员"
eq "$(dbsum $DB)" "$sum" "refused: nothing written"
# ... and of 临江 after 张三 left: refused
printf '%s\n%s\n' "$HDR" "$LJ,主题党日,2026-11-27,学习,集中,1,$ZHANG1；$ZHANG3,,张一" >lj_new.csv
FGDJ_TODAY=2026-11-27 run 2 "$FGDJ" import meetings lj_new.csv --db $DB
has err 'lj_new.csv:2:参加党员'
eq "$(dbsum $DB)" "$sum" "refused: nothing written"
# a meeting of 东城 on the day of the move: 张三 is its member
printf '%s\n%s\n' "$HDR" "$DC,主题党日,2026-11-27,学习,集中,1,$ZHAO2；$ZHANG3,,李一" >dc_new.csv
FGDJ_TODAY=2026-11-27 run 0 "$FGDJ" import meetings dc_new.csv --db $DB
has out '新增 1'

# Transfers decide by their completion date, whenever they were recorded: 赵二 transferred out of
# 东城 on 2026-10-01, 周一 into 临江 (from 小微) on the same day — both recorded on 2026-11-26.
printf '%s\n%s\n%s\n' "$(head -1 "$FIX/transfers/transfers.csv")" \
	"$ZHAO2,赵二,转出,$DC,外地党支部,2026-09-20,2026-10-01" \
	"$ZHOU1,周一,转入,$LJ,小微设计工作室党支部,2026-09-20,2026-10-01" >tf.csv
run 0 "$FGDJ" import transfers tf.csv --db $DB
has out '新增 2'
printf '%s\n%s\n%s\n' "$HDR" "$DC,党课,2026-09-15,党课,集中,1,$ZHAO2,,李一" \
	"$LJ,党课,2026-10-15,党课,集中,1,$ZHOU1,,张一" >tf_ok.csv
run 0 "$FGDJ" import meetings tf_ok.csv --db $DB
has out '新增 2'
printf '%s\n%s\n' "$HDR" "$DC,党课,2026-10-15,党课,集中,1,$ZHAO2,,李一" >tf_bad1.csv
sum=$(dbsum $DB)
run 2 "$FGDJ" import meetings tf_bad1.csv --db $DB
has err "tf_bad1.csv:2:参加党员"
has err "$ZHAO2 在 2026-10-15 不是该党组织的党员"
printf '%s\n%s\n' "$HDR" "$LJ,党课,2026-09-15,党课,集中,1,$ZHOU1,,张一" >tf_bad2.csv
run 2 "$FGDJ" import meetings tf_bad2.csv --db $DB
has err "$ZHOU1 在 2026-09-15 不是该党组织的党员"
eq "$(dbsum $DB)" "$sum" "refused: nothing written"
finish
