#!/bin/sh
# Transfers of members' organisational relation: the figures of tests/fixtures/transfers/README.md
# at three dates; completing a 转入 lodges the member in 本方党组织, a 转出 takes it out and records
# the other organisation as its 区外组织关系, both in the member's history; a letter pending over three
# months is a finding; bad rows (an unknown member, completion before the letter, the same
# organisation on both sides, a name that is not the roster's) are refused with row and column and
# nothing is written; re-import changes nothing.
. "$(dirname "$0")/../lib.sh"

DB=d.db
import_district $DB
TF=$FIX/transfers/transfers.csv
run 0 "$FGDJ" import transfers "$TF" --db $DB
has out '新增 4'

run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-03-31
expect_json "$WORK/out" "transfers_in=0 transfers_out=1 transfers_pending=0" 03-31
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-06-30
expect_json "$WORK/out" "transfers_in=1 transfers_out=1 transfers_pending=0" 06-30
run 0 "$FGDJ" stats --db $DB --format json
expect_json "$WORK/out" "transfers_in=1 transfers_out=1 transfers_pending=2" 11-26

# ---- the roster follows completed transfers ----
eq "$(sql $DB "SELECT coalesce(org_id, 0), outside_org FROM member WHERE idno = '330106197605170339'")" \
	"0|中共明州市某科技公司支部委员会" "周三 transferred out"
eq "$(sql $DB "SELECT o.name FROM member m JOIN org o ON o.id = m.org_id WHERE idno = '330106197112120237'")" \
	"中共临江智造科技有限公司支部委员会" "赵一 transferred in"
eq "$(sql $DB "SELECT o.name FROM member m JOIN org o ON o.id = m.org_id WHERE idno = '330106197504160318'")" \
	"小微设计工作室党支部" "a pending transfer moves nobody"
run 0 "$FGDJ" history member 330106197605170339 --db $DB
has out '区外组织关系：（空） → 中共明州市某科技公司支部委员会'

# ---- the finding ----
run 1 "$FGDJ" check --db $DB --format json
has out '"transfer_pending": 1'
run 1 "$FGDJ" check --db $DB
has out '中共外省某公司党支部：介绍信日期 2026-07-01'
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-06-30
has out '"transfer_pending": 0'

# ---- re-import: nothing changes ----
before=$(dbsum $DB)
run 0 "$FGDJ" import transfers "$TF" --db $DB
has out '未变 4'
eq "$(dbsum $DB)" "$before" "re-import changes nothing"

# ---- refused rows ----
refuse() { refuse_row transfers "$TF" $DB "$@"; }
refuse "unknown member" '330106199905051269,,转入,小微设计工作室党支部,外地党支部,2026-05-01,' 公民身份号码 '不在党员名册中'
refuse "done before the letter" '330106197403150292,周一,转出,小微设计工作室党支部,外地党支部,2026-05-01,2026-04-01' 办结日期 '早于'
refuse "same organisation" '330106197403150292,周一,转出,小微设计工作室党支部,小微设计工作室党支部,2026-05-01,' 对方党组织 '相同'
refuse "name not the roster's" '330106197403150292,周十,转出,小微设计工作室党支部,外地党支部,2026-05-01,' 姓名 '不一致'
finish
