/* The database schema as ordered migrations. Migration i brings user_version from i to i+1.
 * Never edit a migration that has shipped: append a new one.
 * CHECKs of enumerations are written as OR chains: SQLite evaluates "x IN (a, b, c)" through an
 * ephemeral index built for every row written, which costs more than the row itself. */
#include "store/dues_store.h"
#include "store/crossmatch_store.h"
#include "store/store_int.h"

static const char *const V1[] = {
	/* v1: the ledgers, users, settings and the history. */
	"CREATE TABLE region ("
	"  id INTEGER PRIMARY KEY,"
	"  parent_id INTEGER REFERENCES region(id),"
	"  level TEXT NOT NULL CHECK (level = 'district' OR level = 'street' OR level = 'community'),"
	"  name TEXT NOT NULL,"
	"  code TEXT,"
	"  UNIQUE (parent_id, name));",
	"CREATE INDEX region_name ON region(name);",
	"CREATE TABLE zone ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL CHECK (kind = '园区' OR kind = '商圈' OR kind = '楼宇' OR kind = '科技园'));",
	"CREATE TABLE enterprise ("
	"  id INTEGER PRIMARY KEY,"
	"  uscc TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  community_id INTEGER NOT NULL REFERENCES region(id),"
	"  zone_id INTEGER REFERENCES zone(id),"
	"  industry TEXT,"
	"  status TEXT NOT NULL CHECK (status = '在营' OR status = '停业' OR status = '歇业' OR status = '注销' OR status = '吊销'),"
	"  employees INTEGER NOT NULL CHECK (employees >= 0),"
	"  fixed_site INTEGER NOT NULL CHECK (fixed_site = 0 OR fixed_site = 1),"
	"  capital REAL CHECK (capital >= 0),"
	"  investor TEXT,"
	"  investor_member INTEGER CHECK (investor_member = 0 OR investor_member = 1),"
	"  founded TEXT,"
	"  op_info TEXT,"
	"  staff_info TEXT,"
	"  no_org_reason TEXT,"
	"  name_key BLOB);", /* pinyin sort key of name (core/collate.h) */
	"CREATE INDEX enterprise_community ON enterprise(community_id);",
	"CREATE INDEX enterprise_zone ON enterprise(zone_id);",
	"CREATE INDEX enterprise_name_key ON enterprise(name_key);",
	"CREATE TABLE org ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL CHECK (kind = '党委' OR kind = '党总支' OR kind = '党支部'),"
	"  mode TEXT NOT NULL CHECK (mode = '单独建' OR mode = '联合建' OR mode = '挂靠建' OR mode = '上级机关'),"
	"  parent_id INTEGER REFERENCES org(id),"
	"  street_id INTEGER REFERENCES region(id),"
	"  community_id INTEGER REFERENCES region(id),"
	"  zone_id INTEGER REFERENCES zone(id),"
	"  founded TEXT NOT NULL,"
	"  secretary TEXT,"
	"  has_committee INTEGER CHECK (has_committee = 0 OR has_committee = 1),"
	"  committee_size INTEGER CHECK (committee_size >= 0),"
	"  term_start TEXT,"
	"  name_key BLOB);",
	"CREATE INDEX org_parent ON org(parent_id);",
	"CREATE TABLE coverage ("
	"  id INTEGER PRIMARY KEY,"
	"  org_id INTEGER NOT NULL REFERENCES org(id),"
	"  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),"
	"  start_date TEXT NOT NULL,"
	"  end_date TEXT,"
	"  CHECK (end_date IS NULL OR end_date >= start_date));",
	"CREATE INDEX coverage_org ON coverage(org_id);",
	"CREATE INDEX coverage_enterprise ON coverage(enterprise_id);",
	"CREATE TABLE member ("
	"  id INTEGER PRIMARY KEY,"
	"  idno TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  sex TEXT NOT NULL CHECK (sex = '男' OR sex = '女'),"
	"  birth TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status = '正式党员' OR status = '预备党员'),"
	"  join_date TEXT NOT NULL,"
	"  full_date TEXT,"
	"  employer_id INTEGER REFERENCES enterprise(id),"
	"  org_id INTEGER REFERENCES org(id),"
	"  relation TEXT NOT NULL DEFAULT '正常' CHECK (relation = '正常' OR relation = '流动' OR relation = '失联' OR relation = '停止党籍'),"
	"  disclosed INTEGER CHECK (disclosed = 0 OR disclosed = 1),"
	"  phone TEXT,"
	"  name_key BLOB);",
	/* Covers the statistics' scan of members (store_scan_members) as well as lookups by employer. */
	"CREATE INDEX member_employer ON member(employer_id, relation, join_date, full_date, status);",
	"CREATE INDEX member_org ON member(org_id);",
	"CREATE TABLE instructor ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  unit_region_id INTEGER REFERENCES region(id),"
	"  phone TEXT,"
	"  start_date TEXT,"
	"  UNIQUE (name, unit));",
	"CREATE TABLE assignment ("
	"  id INTEGER PRIMARY KEY,"
	"  instructor_id INTEGER NOT NULL REFERENCES instructor(id),"
	"  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),"
	"  start_date TEXT NOT NULL,"
	"  end_date TEXT,"
	"  CHECK (end_date IS NULL OR end_date >= start_date));",
	"CREATE INDEX assignment_instructor ON assignment(instructor_id);",
	"CREATE INDEX assignment_enterprise ON assignment(enterprise_id);",
	"CREATE TABLE app_user ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL CHECK (role = 'admin' OR role = 'district' OR role = 'street' OR role = 'community' OR role = 'secretary' OR role = 'instructor' OR role = 'viewer'),"
	"  scope_region_id INTEGER REFERENCES region(id),"
	"  scope_org_id INTEGER REFERENCES org(id),"
	"  pwhash TEXT,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  created TEXT NOT NULL);",
	"CREATE TABLE setting ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);",
	"CREATE TABLE history ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  tbl TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  op TEXT NOT NULL CHECK (op = 'insert' OR op = 'update' OR op = 'delete' OR op = 'view'),"
	"  old TEXT,"
	"  new TEXT,"
	"  source TEXT);",
	"CREATE INDEX history_key ON history(tbl, key);",
	/* The history is append-only: the database itself refuses to rewrite it. */
	"CREATE TRIGGER history_no_update BEFORE UPDATE ON history"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;",
	"CREATE TRIGGER history_no_delete BEFORE DELETE ON history"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;",
	"INSERT INTO region(id, parent_id, level, name) VALUES (1, NULL, 'district', '本区');",
	NULL,
};

static const char *const V2[] = {
	/* v2: web sessions and login throttling. Times are Unix seconds. Only the hash of a session
	 * token is kept, so a copy of the database does not log anyone in. */
	"CREATE TABLE session ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES app_user(id),"
	"  csrf TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  seen INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL);",
	"CREATE INDEX session_user ON session(user_id);",
	"CREATE INDEX session_expires ON session(expires);",
	"CREATE TABLE login_attempt ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  ok INTEGER NOT NULL CHECK (ok = 0 OR ok = 1));",
	"CREATE INDEX login_attempt_name ON login_attempt(name, at);",
	NULL,
};

static const char *const V3[] = {
	/* v3: the client address of a login attempt, so that one address guessing many names is
	 * throttled too (store/users.h). */
	"ALTER TABLE login_attempt ADD COLUMN client TEXT;",
	"CREATE INDEX login_attempt_client ON login_attempt(client, at);",
	NULL,
};

static const char *const V4[] = {
	/* v4: a version per ledger row, counting its changes (coverage links and assignments count as
	 * changes of their organisation or instructor), so that a save can tell whether the row it
	 * edited is still the one in the database (no lost updates). */
	"ALTER TABLE enterprise ADD COLUMN version INTEGER NOT NULL DEFAULT 1;",
	"ALTER TABLE org ADD COLUMN version INTEGER NOT NULL DEFAULT 1;",
	"ALTER TABLE member ADD COLUMN version INTEGER NOT NULL DEFAULT 1;",
	"ALTER TABLE instructor ADD COLUMN version INTEGER NOT NULL DEFAULT 1;",
	NULL,
};

static const char *const V5[] = {
	/* v5: party work (docs/party-work.md) — 党小组数 of an organisation, and the records of
	 * organisational life, study, secretaries, instructors' visits and training. Lists that are
	 * only ever shown (absentees with reasons, the 四员 roles) stay canonical text; attendance is a
	 * table, since the statistics count it per member. */
	"ALTER TABLE org ADD COLUMN groups INTEGER CHECK (groups >= 0);",
	"CREATE TABLE meeting ("
	"  id INTEGER PRIMARY KEY,"
	"  org_id INTEGER NOT NULL REFERENCES org(id),"
	"  kind TEXT NOT NULL CHECK (kind = '支部党员大会' OR kind = '支部委员会' OR kind = '党小组会' OR kind = '党课'"
	"    OR kind = '主题党日' OR kind = '组织生活会' OR kind = '民主评议党员'),"
	"  date TEXT NOT NULL,"
	"  topic TEXT NOT NULL,"
	"  form TEXT NOT NULL DEFAULT '集中' CHECK (form = '集中' OR form = '错时' OR form = '轮班' OR form = '小组' OR form = '线上'),"
	"  hours REAL NOT NULL DEFAULT 0 CHECK (hours >= 0 AND hours <= 24),"
	"  recorder TEXT,"
	"  absentees TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  UNIQUE (org_id, kind, date, topic));",
	"CREATE INDEX meeting_date ON meeting(date);",
	"CREATE INDEX meeting_org_date ON meeting(org_id, date);",
	"CREATE TABLE meeting_attendee ("
	"  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	"  member_id INTEGER NOT NULL REFERENCES member(id),"
	"  PRIMARY KEY (meeting_id, member_id));",
	"CREATE INDEX meeting_attendee_member ON meeting_attendee(member_id);",
	"CREATE TABLE study ("
	"  id INTEGER PRIMARY KEY,"
	"  member_id INTEGER NOT NULL REFERENCES member(id),"
	"  date TEXT NOT NULL,"
	"  content TEXT NOT NULL,"
	"  hours REAL NOT NULL CHECK (hours > 0 AND hours <= 24),"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  UNIQUE (member_id, date, content));",
	"CREATE INDEX study_date ON study(date);",
	"CREATE TABLE secretary ("
	"  id INTEGER PRIMARY KEY,"
	"  org_id INTEGER NOT NULL REFERENCES org(id),"
	"  name TEXT NOT NULL,"
	"  idno TEXT,"
	"  since TEXT NOT NULL,"
	"  until TEXT,"
	"  method TEXT CHECK (method = '内选' OR method = '外聘' OR method = '公开选拔' OR method = '组织选派'),"
	"  dual_strong INTEGER CHECK (dual_strong = 0 OR dual_strong = 1),"
	"  investor INTEGER CHECK (investor = 0 OR investor = 1),"
	"  phone TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  CHECK (until IS NULL OR until > since),"
	"  UNIQUE (org_id, since));",
	"CREATE INDEX secretary_org ON secretary(org_id);",
	"CREATE TABLE visit ("
	"  id INTEGER PRIMARY KEY,"
	"  instructor_id INTEGER NOT NULL REFERENCES instructor(id),"
	"  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),"
	"  date TEXT NOT NULL,"
	"  roles TEXT,"
	"  notes TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  UNIQUE (instructor_id, enterprise_id, date));",
	"CREATE INDEX visit_date ON visit(date);",
	"CREATE TABLE training ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind = '集中培训' OR kind = '现场观摩' OR kind = '主题讲座' OR kind = '专家辅导'"
	"    OR kind = '专题讨论' OR kind = '任职培训' OR kind = '全员轮训'),"
	"  start_date TEXT NOT NULL,"
	"  end_date TEXT,"
	"  place TEXT,"
	"  hours REAL CHECK (hours >= 0),"
	"  organiser TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  CHECK (end_date IS NULL OR end_date >= start_date),"
	"  UNIQUE (name, start_date));",
	"CREATE TABLE trainee ("
	"  id INTEGER PRIMARY KEY,"
	"  training_id INTEGER NOT NULL REFERENCES training(id),"
	"  name TEXT NOT NULL,"
	"  idno TEXT,"
	"  role TEXT CHECK (role = '出资人' OR role = '书记' OR role = '党务工作者' OR role = '党员' OR role = '其他'),"
	"  enterprise_id INTEGER REFERENCES enterprise(id),"
	"  person_key TEXT NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  UNIQUE (training_id, person_key));",
	"CREATE INDEX trainee_enterprise ON trainee(enterprise_id);",
	NULL,
};

static const char *const V6[] = {
	/* v6: figures from totals kept on write. Each member's study hours per year (meeting attendance + individual study, in tenths),
	 * kept by party_put in the same transaction as the records, so that the figures read one row
	 * per member instead of every attendance; and a covering index for the year's meetings. */
	"CREATE TABLE member_hours ("
	"  year INTEGER NOT NULL,"
	"  member_id INTEGER NOT NULL REFERENCES member(id),"
	"  tenths INTEGER NOT NULL,"
	"  PRIMARY KEY (year, member_id)) WITHOUT ROWID;",
	"INSERT INTO member_hours(year, member_id, tenths)"
	"  SELECT y, member_id, sum(t) FROM ("
	"    SELECT CAST(substr(m.date, 1, 4) AS INTEGER) AS y, a.member_id, CAST(round(m.hours * 10) AS INTEGER) AS t"
	"      FROM meeting m JOIN meeting_attendee a ON a.meeting_id = m.id"
	"    UNION ALL SELECT CAST(substr(date, 1, 4) AS INTEGER), member_id, CAST(round(hours * 10) AS INTEGER) FROM study)"
	"  GROUP BY y, member_id;",
	/* Attendance keyed by itself (no separate row id), without the index by member that no query
	 * uses (the figures read member_hours): two B-trees fewer per attendee written. */
	"CREATE TABLE meeting_attendee_v6 ("
	"  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	"  member_id INTEGER NOT NULL REFERENCES member(id),"
	"  PRIMARY KEY (meeting_id, member_id)) WITHOUT ROWID;",
	"INSERT INTO meeting_attendee_v6 SELECT meeting_id, member_id FROM meeting_attendee;",
	"DROP TABLE meeting_attendee;",
	"ALTER TABLE meeting_attendee_v6 RENAME TO meeting_attendee;",
	"DROP INDEX meeting_date;",
	"CREATE INDEX meeting_date ON meeting(date, org_id, kind, hours);",
	/* Each organisation's meetings per year, kind and month (m1..m12), kept likewise. */
	"CREATE TABLE meeting_tally ("
	"  year INTEGER NOT NULL,"
	"  org_id INTEGER NOT NULL REFERENCES org(id),"
	"  kind TEXT NOT NULL,"
	"  m1 INTEGER NOT NULL, m2 INTEGER NOT NULL, m3 INTEGER NOT NULL, m4 INTEGER NOT NULL,"
	"  m5 INTEGER NOT NULL, m6 INTEGER NOT NULL, m7 INTEGER NOT NULL, m8 INTEGER NOT NULL,"
	"  m9 INTEGER NOT NULL, m10 INTEGER NOT NULL, m11 INTEGER NOT NULL, m12 INTEGER NOT NULL,"
	"  PRIMARY KEY (year, org_id, kind)) WITHOUT ROWID;",
#define MONTH_SUM(mm) "sum(CASE WHEN substr(date, 6, 2) = '" mm "' THEN 1 ELSE 0 END)"
	"INSERT INTO meeting_tally SELECT CAST(substr(date, 1, 4) AS INTEGER), org_id, kind, " MONTH_SUM("01") ", "
	MONTH_SUM("02") ", " MONTH_SUM("03") ", " MONTH_SUM("04") ", " MONTH_SUM("05") ", " MONTH_SUM("06") ", "
	MONTH_SUM("07") ", " MONTH_SUM("08") ", " MONTH_SUM("09") ", " MONTH_SUM("10") ", " MONTH_SUM("11") ", "
	MONTH_SUM("12") " FROM meeting GROUP BY 1, 2, 3;",
#undef MONTH_SUM
	/* The member a secretary or a participant is (by 公民身份号码), linked when either is written. */
	"ALTER TABLE secretary ADD COLUMN member_id INTEGER REFERENCES member(id);",
	"UPDATE secretary SET member_id = (SELECT m.id FROM member m WHERE m.idno = secretary.idno);",
	"CREATE INDEX secretary_idno ON secretary(idno);",
	"ALTER TABLE trainee ADD COLUMN member_id INTEGER REFERENCES member(id);",
	"UPDATE trainee SET member_id = (SELECT m.id FROM member m WHERE m.idno = trainee.idno);",
	"CREATE INDEX trainee_idno ON trainee(idno);",
	/* An instructor's account names its row of the instructor ledger: it records its own visits. */
	"ALTER TABLE app_user ADD COLUMN instructor_id INTEGER REFERENCES instructor(id);",
	NULL,
};

static const char *const V7[] = {
	/* v7: members' lifecycle — the development of new members (core/dev.h), one record per
	 * person; the member it became is linked when the 支部大会 step is recorded. */
	"CREATE TABLE development ("
	"  id INTEGER PRIMARY KEY,"
	"  idno TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  employer_id INTEGER REFERENCES enterprise(id),"
	"  org_id INTEGER NOT NULL REFERENCES org(id),"
	"  apply_date TEXT NOT NULL,"
	"  talk_date TEXT,"
	"  activist_date TEXT,"
	"  target_date TEXT,"
	"  review_date TEXT,"
	"  notice_start TEXT,"
	"  notice_end TEXT,"
	"  assembly_date TEXT,"
	"  approval_date TEXT,"
	"  full_date TEXT,"
	"  recommend TEXT CHECK (recommend = '党员推荐' OR recommend = '群团推优' OR recommend = '双推'),"
	"  contacts TEXT,"
	"  training_hours REAL CHECK (training_hours >= 0),"
	"  extension INTEGER CHECK (extension = 0 OR (extension >= 6 AND extension <= 12)),"
	"  dual INTEGER CHECK (dual = 0 OR dual = 1),"
	"  version INTEGER NOT NULL DEFAULT 1);",
	"CREATE INDEX development_org ON development(org_id);",
	"CREATE INDEX development_employer ON development(employer_id);",
	NULL,
};

static const char *const V8[] = {
	/* v8: transfers of members' organisational relation (组织关系转接); 本方党组织 is ours, 对方 is
	 * free text (often outside the district). */
	"CREATE TABLE transfer ("
	"  id INTEGER PRIMARY KEY,"
	"  member_id INTEGER NOT NULL REFERENCES member(id),"
	"  name TEXT,"
	"  direction TEXT NOT NULL CHECK (direction = '转入' OR direction = '转出'),"
	"  org_id INTEGER NOT NULL REFERENCES org(id),"
	"  other TEXT NOT NULL,"
	"  letter_date TEXT NOT NULL,"
	"  done_date TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  CHECK (done_date IS NULL OR done_date >= letter_date),"
	"  UNIQUE (member_id, letter_date));",
	"CREATE INDEX transfer_org ON transfer(org_id);",
	/* A member's 组织关系状态 since when, and the organisation outside the district that holds its
	 * relation (after a 转出, or never transferred in). */
	"ALTER TABLE member ADD COLUMN relation_since TEXT;",
	"ALTER TABLE member ADD COLUMN outside_org TEXT;",
	NULL,
};

static const char *const V9[] = {
	/* v9: the statistics' member scan reads each member's relation state on D (流动 / 失联 from
	 * 关系状态起始日期), still from the index alone. */
	"DROP INDEX member_employer;",
	"CREATE INDEX member_employer ON member(employer_id, relation, join_date, full_date, status, relation_since);",
	NULL,
};

static const char *const V10[] = {
	/* v10: name search (core/search.h): each name's words in a full-text index whose rowid is the
	 * row's id, filled from the existing rows; kept by the store's writers from then on. */
	"CREATE VIRTUAL TABLE enterprise_search USING fts5(words, tokenize = 'unicode61', detail = none, columnsize = 0);",
	"CREATE VIRTUAL TABLE org_search USING fts5(words, tokenize = 'unicode61', detail = none, columnsize = 0);",
	"CREATE VIRTUAL TABLE member_search USING fts5(words, tokenize = 'unicode61', detail = none, columnsize = 0);",
	"INSERT INTO enterprise_search(rowid, words) SELECT id, search_words(name) FROM enterprise;",
	"INSERT INTO org_search(rowid, words) SELECT id, search_words(name) FROM org;",
	"INSERT INTO member_search(rowid, words) SELECT id, search_words(name) FROM member;",
	NULL,
};

static const char *const V11[] = {
	/* v11: party dues (党费), one row per member and month. month is yyyymm (202603); money is in 分
	 * (integers: no rounding in SQL sums). retired is 0/1. */
	"CREATE TABLE dues ("
	"  id INTEGER PRIMARY KEY,"
	"  member_id INTEGER NOT NULL REFERENCES member(id),"
	"  month INTEGER NOT NULL CHECK (month % 100 BETWEEN 1 AND 12),"
	"  base INTEGER CHECK (base >= 0),"
	"  retired INTEGER NOT NULL DEFAULT 0,"
	"  due INTEGER CHECK (due >= 0),"
	"  paid INTEGER CHECK (paid >= 0),"
	"  paid_date TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  UNIQUE (member_id, month));",
	/* The figures and findings read the ended months of a year and a six-month window: covering,
	 * so that they read a range of this index and never the rows. */
	"CREATE INDEX dues_month ON dues(month, member_id, retired, base, due, paid);",
	NULL,
};

static const char *const V12[] = {
	/* v12: investigation campaigns (排查) over a street, a community or (region_id NULL) the whole
	 * district, and one task per campaign and enterprise. */
	"CREATE TABLE campaign ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  lead TEXT NOT NULL,"
	"  partners TEXT,"
	"  start_date TEXT NOT NULL,"
	"  deadline TEXT NOT NULL,"
	"  region_id INTEGER REFERENCES region(id),"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  CHECK (deadline >= start_date));",
	"CREATE TABLE task ("
	"  id INTEGER PRIMARY KEY,"
	"  campaign_id INTEGER NOT NULL REFERENCES campaign(id),"
	"  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),"
	"  owner TEXT,"
	"  status TEXT NOT NULL DEFAULT '未开始' CHECK (status = '未开始' OR status = '进行中' OR status = '已完成'),"
	"  done_date TEXT,"
	"  findings TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  CHECK ((status = '已完成') = (done_date IS NOT NULL)),"
	"  UNIQUE (campaign_id, enterprise_id));",
	"CREATE INDEX task_enterprise ON task(enterprise_id);",
	NULL,
};

static const char *const V13[] = {
	/* v13: employee rosters (职工名册), one line per enterprise and person, cross-matched with the
	 * member ledger by 公民身份号码 (core/crossmatch.h); and the decisions users take on the
	 * candidates, one per line (its class as it was when decided). */
	"CREATE TABLE roster_line ("
	"  id INTEGER PRIMARY KEY,"
	"  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),"
	"  idno TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  hired TEXT,"
	"  political TEXT CHECK (political IN ('中共党员', '中共预备党员', '共青团员', '民主党派', '群众', '其他')),"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  UNIQUE (enterprise_id, idno));",
	/* By 公民身份号码, covering what the cross-match reads of a line (no table access per line). */
	"CREATE INDEX roster_line_idno ON roster_line(idno, enterprise_id, hired, political);",
	/* What the cross-match reads of a member, in 公民身份号码 order: with roster_line_idno, the match
	 * is a merge of two covering indexes (no table access, no random probes). */
	"CREATE INDEX member_crossmatch ON member(idno, relation, org_id, employer_id, disclosed);",
	/* The lines that self-report a membership: the cross-match reads them without the rest. */
	"CREATE INDEX roster_line_party ON roster_line(idno) WHERE political IN ('中共党员', '中共预备党员');",
	"CREATE TABLE crossmatch_decision ("
	"  id INTEGER PRIMARY KEY,"
	"  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),"
	"  idno TEXT NOT NULL,"
	"  class TEXT NOT NULL CHECK (class IN ('pocket', 'hidden', 'unregistered')),"
	"  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),"
	"  decided_on TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  campaign TEXT,"
	"  note TEXT,"
	"  UNIQUE (enterprise_id, idno));",
	NULL,
};

static const char *const V14[] = {
	/* v14: each member's year of dues as the figures read it (core/dues.h's dues_year), rebuilt
	 * from the dues rows of that member and year whenever a transaction writes one of them
	 * (store/dues_store.c), and built from every dues row by this migration (FILLS below). The
	 * figures then read one row per member instead of one per member and month. */
	"CREATE TABLE dues_year ("
	"  member_id INTEGER NOT NULL REFERENCES member(id),"
	"  year INTEGER NOT NULL,"
	"  months INTEGER NOT NULL,"
	"  unpaid INTEGER NOT NULL,"
	"  differs INTEGER NOT NULL,"
	"  due1 INTEGER NOT NULL, due2 INTEGER NOT NULL, due3 INTEGER NOT NULL, due4 INTEGER NOT NULL,"
	"  due5 INTEGER NOT NULL, due6 INTEGER NOT NULL, due7 INTEGER NOT NULL, due8 INTEGER NOT NULL,"
	"  due9 INTEGER NOT NULL, due10 INTEGER NOT NULL, due11 INTEGER NOT NULL, due12 INTEGER NOT NULL,"
	"  paid1 INTEGER NOT NULL, paid2 INTEGER NOT NULL, paid3 INTEGER NOT NULL, paid4 INTEGER NOT NULL,"
	"  paid5 INTEGER NOT NULL, paid6 INTEGER NOT NULL, paid7 INTEGER NOT NULL, paid8 INTEGER NOT NULL,"
	"  paid9 INTEGER NOT NULL, paid10 INTEGER NOT NULL, paid11 INTEGER NOT NULL, paid12 INTEGER NOT NULL,"
	"  PRIMARY KEY (year, member_id)) WITHOUT ROWID;",
	/* The six-month rule asks, per member, whether any month up to a date has a row: answered
	 * from this index alone. */
	"CREATE INDEX dues_year_member ON dues_year(member_id, months);",
	NULL,
};

static const char *const V15[] = {
	/* v15: the funding ledger (党建经费): money granted to an organisation, in 分 (integers: sums in
	 * SQL stay exact). One grant of a kind per organisation and day. */
	"CREATE TABLE funding ("
	"  id INTEGER PRIMARY KEY,"
	"  org_id INTEGER NOT NULL REFERENCES org(id),"
	"  date TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind = '星级奖励' OR kind = '专项补贴' OR kind = '其他'),"
	"  amount INTEGER NOT NULL CHECK (amount > 0),"
	"  doc TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  UNIQUE (org_id, date, kind));",
	/* The figures read one year's grants by date. */
	"CREATE INDEX funding_date ON funding(date, kind, org_id, amount);",
	NULL,
};

static const char *const V16[] = {
	/* v16: 星级创评 (core/rating.h). A cycle year's rubric is its rubric_item rows (none: the built-in
	 * default); points are whole points, 0 for a veto item. A rating is one per organisation and
	 * year; total and scores are in tenths of a point; veto is the reason text (NULL: none). Stars
	 * are never stored: they follow the thresholds in force when read. */
	"CREATE TABLE rubric_item ("
	"  id INTEGER PRIMARY KEY,"
	"  year INTEGER NOT NULL,"
	"  area TEXT NOT NULL,"
	"  indicator TEXT NOT NULL,"
	"  points INTEGER NOT NULL DEFAULT 0 CHECK (points BETWEEN 0 AND 100),"
	"  veto INTEGER NOT NULL DEFAULT 0,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  UNIQUE (year, indicator));",
	"CREATE TABLE rating ("
	"  id INTEGER PRIMARY KEY,"
	"  org_id INTEGER NOT NULL REFERENCES org(id),"
	"  year INTEGER NOT NULL,"
	"  rated TEXT NOT NULL,"
	"  veto TEXT,"
	"  total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 1000),"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  UNIQUE (org_id, year));",
	/* The figures read an organisation's newest rating on a date. */
	"CREATE INDEX rating_org_rated ON rating(org_id, rated, total, veto);",
	/* seq: the indicator's place in the rubric the score was given under (export order). */
	"CREATE TABLE rating_score ("
	"  rating_id INTEGER NOT NULL REFERENCES rating(id),"
	"  seq INTEGER NOT NULL,"
	"  indicator TEXT NOT NULL,"
	"  score INTEGER NOT NULL CHECK (score >= 0),"
	"  PRIMARY KEY (rating_id, indicator)) WITHOUT ROWID;",
	NULL,
};

static const char *const V17[] = {
	/* v17: 亮身份 designations of an enterprise, their members as a link table (like a meeting's
	 * attendees), and each organisation's venue (党员活动阵地) with its 六有. */
	"CREATE TABLE designation ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('党员示范岗', '党员先锋岗', '党员责任区')),"
	"  name TEXT NOT NULL,"
	"  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),"
	"  granted TEXT NOT NULL,"
	"  revoked TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  CHECK (revoked IS NULL OR revoked >= granted),"
	"  UNIQUE (kind, name, enterprise_id));",
	"CREATE INDEX designation_enterprise ON designation(enterprise_id);",
	"CREATE TABLE designation_member ("
	"  designation_id INTEGER NOT NULL REFERENCES designation(id),"
	"  member_id INTEGER NOT NULL REFERENCES member(id),"
	"  PRIMARY KEY (designation_id, member_id)) WITHOUT ROWID;",
	"CREATE INDEX designation_member_member ON designation_member(member_id);",
	"CREATE TABLE venue ("
	"  id INTEGER PRIMARY KEY,"
	"  org_id INTEGER NOT NULL UNIQUE REFERENCES org(id),"
	"  address TEXT,"
	"  area INTEGER CHECK (area IS NULL OR area >= 0),"
	"  site INTEGER CHECK (site = 0 OR site = 1),"
	"  facilities INTEGER CHECK (facilities = 0 OR facilities = 1),"
	"  sign INTEGER CHECK (sign = 0 OR sign = 1),"
	"  flag INTEGER CHECK (flag = 0 OR flag = 1),"
	"  books INTEGER CHECK (books = 0 OR books = 1),"
	"  rules INTEGER CHECK (rules = 0 OR rules = 1),"
	"  open_base INTEGER CHECK (open_base = 0 OR open_base = 1),"
	"  recognised TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1);",
	NULL,
};

static const char *const V18[] = {
	/* v18: the enterprise list in sort order (name_key, then USCC: unique, so a total order), so
	 * that a page is a range of one index (store/query.c, pages by stored sort keys): the whole
	 * list, covering what the scope, the zone and the 经营状态 filters read, and a street or
	 * community. They replace the single-column indexes they begin with. */
	"DROP INDEX IF EXISTS enterprise_name_key;",
	"CREATE INDEX IF NOT EXISTS enterprise_order ON enterprise(name_key, uscc, community_id, zone_id, status);",
	"DROP INDEX IF EXISTS enterprise_community;",
	"CREATE INDEX enterprise_community ON enterprise(community_id, name_key, uscc);",
	NULL,
};

static const char *const V19[] = {
	/* v19: a meeting's attendees as one list in its row — the canonical 参加党员 text, the sorted
	 * ID numbers joined by "；" (NULL: none) — instead of one meeting_attendee row per attendee,
	 * which cost one B-tree insert per attendee (≈ 10 a meeting) on import. An ID number is a
	 * member's unchanging key and members are never deleted, so the list stays valid. The rows
	 * become lists and the table goes in store_meeting_attendees_fill (FILLS below); member_hours
	 * and meeting_tally, which the figures read, are unchanged. */
	"ALTER TABLE meeting ADD COLUMN attendees TEXT;",
	/* An organisation's members as the attendance check reads them (party_store.c roster_load),
	 * from the index alone: reading each member's row cost a random page read per member. */
	"DROP INDEX member_org;",
	"CREATE INDEX member_org ON member(org_id, idno, join_date, version);",
	NULL,
};

static const char *const V20[] = {
	/* v20: the roster lines the cross-match can classify as a candidate on some day (core
	 * crossmatch_candidate), each with what the classifier reads of it and of its member record
	 * (core xm_line), kept on every write of a roster line or a member record
	 * (store/crossmatch_store.c) and built by this migration (FILLS below): the figures and the
	 * candidates' list read these instead of merging every roster line with the members. */
	"CREATE TABLE IF NOT EXISTS roster_candidate (line_id INTEGER PRIMARY KEY REFERENCES roster_line(id),"
	"  enterprise_id INTEGER NOT NULL, hired TEXT, self_member INTEGER NOT NULL, matched INTEGER NOT NULL,"
	"  stopped INTEGER NOT NULL, has_org INTEGER NOT NULL, employer INTEGER NOT NULL, disclosed INTEGER NOT NULL);",
	NULL,
};

static const char *const V21[] = {
	/* v21: names sort numbers by their value (第二 before 第十, 2号楼 before 10号楼; core/collate.h):
	 * every stored name_key is computed again (store_name_keys_fill, FILLS below). */
	NULL,
};

static const char *const V22[] = {
	/* v22: the follow-up state of a finding (docs/party-work.md, "Findings and their follow-up"),
	 * by the finding's stable key (report/check.h finding.key): no row is 待整改; each change is
	 * written with its history entry (tbl finding, store/finding_store.c). */
	"CREATE TABLE IF NOT EXISTS finding_state (key TEXT PRIMARY KEY,"
	"  state TEXT NOT NULL CHECK (state IN ('doing', 'done', 'na')), note TEXT, who TEXT NOT NULL,"
	"  day TEXT NOT NULL);",
	NULL,
};

static const char *const V23[] = {
	/* v23: deregistration (docs/ledger-format.md "撤销、注销、减少"): the day an enterprise left the
	 * ledger, an organisation or instructor was 撤销, a member 减少, and why (core/ledger.h
	 * COL_CLOSING): columns closed and closed_reason of enterprise, org, member and instructor,
	 * added by store_closing_columns_fill (FILLS below; each only when missing, so the migration
	 * runs again on a database whose version was set back). NULL: current. A record exists on day
	 * D while closed is NULL or after D (store/scope_sql.h RECORD_OPEN_ON); nothing is deleted.
	 * The enterprise list's covering index gains the column there too. */
	NULL,
};

static const char *const V24[] = {
	/* v24: a territory of any depth (市 → 区县 → 街道 → 社区). The root (id 1) is the district of a
	 * single-district database or the city above several districts; region.level gains 'city'
	 * (SQLite cannot alter a CHECK: the stored definition is edited in place and the schema
	 * reloaded, which the SQLite manual allows for a CHECK that only widens). region_tree is the
	 * closure of parent_id (one row per region and each of its ancestors, itself at depth 0),
	 * kept by store/places.c whenever a region is created, moved or removed, so that "inside a
	 * region" (store/scope_sql.h SCOPE_IN_REGION) is one indexed lookup at any depth. */
	"PRAGMA writable_schema = ON;",
	"UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (level = ''district''',"
	"  'CHECK (level = ''city'' OR level = ''district''') WHERE type = 'table' AND name = 'region'"
	"  AND sql NOT LIKE '%''city''%';",
	"PRAGMA writable_schema = RESET;",
	"CREATE TABLE IF NOT EXISTS region_tree ("
	"  ancestor INTEGER NOT NULL REFERENCES region(id),"
	"  descendant INTEGER NOT NULL REFERENCES region(id),"
	"  depth INTEGER NOT NULL,"
	"  PRIMARY KEY (ancestor, descendant)) WITHOUT ROWID;",
	"CREATE INDEX IF NOT EXISTS region_tree_up ON region_tree(descendant, depth);",
	"DELETE FROM region_tree;",
	"WITH RECURSIVE up(a, d, n) AS (SELECT id, id, 0 FROM region"
	"  UNION ALL SELECT r.parent_id, up.d, up.n + 1 FROM up JOIN region r ON r.id = up.a"
	"  WHERE r.parent_id IS NOT NULL)"
	" INSERT INTO region_tree(ancestor, descendant, depth) SELECT a, d, n FROM up;",
	NULL,
};

static const char *const V25[] = {
	/* v25: the member and organisation lists in sort order (name_key, then the ID number or the
	 * name: unique, so a total order), so that a page is a range of one index (store/query.c,
	 * pages by stored sort keys), as v18 did for enterprises; the member index also covers the
	 * filters a page reads most (employer, organisation, 人员类别, 组织关系状态). */
	"CREATE INDEX IF NOT EXISTS member_order ON member(name_key, idno, employer_id, org_id, status, relation);",
	"CREATE INDEX IF NOT EXISTS org_order ON org(name_key, name);",
	NULL,
};

static const char *const V26[] = {
	/* v26: what a list row shows beside its own columns, kept on write (store/extras.c) so that a
	 * page reads one row per item: per enterprise its coverage state with the days it holds for
	 * (from cov_from, NULL: always before; until cov_until, NULL: for ever), per organisation its
	 * covered enterprises (the canonical list of every active link) and its members, per
	 * instructor its assigned enterprises. Recomputed at each commit for the items the
	 * transaction touched, filled here by store_extras_fill (FILLS below). */
	"CREATE TABLE IF NOT EXISTS ent_extra (enterprise_id INTEGER PRIMARY KEY, cov INTEGER NOT NULL,"
	"  cov_from TEXT, cov_until TEXT);",
	"CREATE TABLE IF NOT EXISTS org_extra (org_id INTEGER PRIMARY KEY, covers TEXT, members INTEGER NOT NULL);",
	"CREATE TABLE IF NOT EXISTS ins_extra (instructor_id INTEGER PRIMARY KEY, covers TEXT);",
	NULL,
};

static const char *const V27[] = {
	/* v27: dues_year keeps running sums: due<i> and paid<i> are the 应缴 and 实缴 of months 1..i of
	 * the year (they were month i's alone), so that the figures read the sum of a year's ended
	 * months as one column (store/dues_store.c). The rows are rebuilt from the dues rows (FILLS). */
	"DELETE FROM dues_year;",
	NULL,
};

/* v28, v29: no change (numbers held for work done in parallel that needed no migration). */
static const char *const V28[] = {NULL};
static const char *const V29[] = {NULL};

static const char *const V30[] = {
	/* v30: kept integers read by the figures in place of several columns, added by
	 * store_kept_ints_fill (store/party_tally.c, FILLS below; each column only when missing, so that the migration runs again
	 * on a database whose version was set back): meeting_tally's twelve months as one (packed,
	 * store/tally_sql.h), dues_year's three month masks (bits, store/dues_store.h DUES_BITS) and
	 * roster_candidate's five small fields (flags, store/crossmatch_store.h XM_FLAGS). The last
	 * two tables are rebuilt by their writers (FILLS), which write the new columns. */
	NULL,
};

static const char *const V31[] = {
	/* v31: meeting_org_date (org_id, date) goes: the key's unique index (org_id, kind, date, topic)
	 * begins with the organisation, and it serves the one reading by organisation (an
	 * organisation's calendar, store_org_meetings: its meetings, then sorted by date) as a
	 * covering index. Each imported meeting then writes two index entries instead of three. */
	"DROP INDEX IF EXISTS meeting_org_date;",
	NULL,
};

static const char *const V32[] = {
	/* v32: the party-work lists walked in their order over an index (store/query.c party_page):
	 * dues keep their member's name_key as member_key (written with the dues row and with every
	 * rename of the member, store/party_store.c and store/ledger_write.c), so that dues_order
	 * serves 月份 descending, then the member's pinyin (an index with the directions of the
	 * order: one scan serves it forwards and backwards); trainings and campaigns by their start
	 * (descending) and name, unique as the name is, so that the trainees' and the tasks' walks
	 * loop over them outside; regions by parent (then id: the tasks' order); development records
	 * by 申请日期 descending and ID number.
	 * The column, its values and dues_order: store_dues_member_key_fill (FILLS below; the column
	 * only when missing, so the migration runs again on a database whose version was set back). */
	"CREATE UNIQUE INDEX IF NOT EXISTS training_order ON training(start_date DESC, name);",
	"CREATE UNIQUE INDEX IF NOT EXISTS campaign_order ON campaign(start_date DESC, name);",
	"CREATE INDEX IF NOT EXISTS region_parent ON region(parent_id);",
	"CREATE INDEX IF NOT EXISTS development_order ON development(apply_date DESC, idno);",
	NULL,
};

static const char *const V33[] = {
	/* v33: regions, zones, instructors and campaigns keep the pinyin sort key of their name
	 * (name_key, core/collate.h), written with the name (store/places.c, ledger_write.c,
	 * party_store.c): their lists sort by it as enterprises, organisations and members do, on
	 * either database, without SQLite's collation zh. Column and values: store_place_keys_fill
	 * (FILLS below). */
	NULL,
};

static const char *const *const MIGRATIONS[] = {V1,  V2,  V3,  V4,  V5,  V6,  V7,  V8,  V9,  V10,
						V11, V12, V13, V14, V15, V16, V17, V18, V19, V20,
						V21, V22, V23, V24, V25, V26, V27, V28, V29, V30,
						V31, V32, V33};

/* Migrations whose new tables are filled from the old ones by code (the rules live in core). */
static const struct {
	int version;
	int (*fill)(store *s, fg_err *e);
} FILLS[] = {{14, store_dues_year_fill}, {19, store_meeting_attendees_fill}, {20, store_roster_candidates_fill},
	     {21, store_name_keys_fill}, {23, store_closing_columns_fill},
	     {26, store_extras_fill}, {27, store_dues_year_fill}, {30, store_kept_ints_fill}, {30, store_dues_year_fill},
	     {30, store_roster_candidates_fill}, {32, store_dues_member_key_fill}, {33, store_place_keys_fill}};

/* 1 when migration `version`'s fill f runs again at a later version up to `latest` (it rebuilds the
 * same table from the records): it runs then only, since its writers write the columns that later
 * migration adds (v30: dues_year.bits, roster_candidate.flags). A database is used only at the
 * latest version, so the intermediate ones never need the table. */
static int fill_again(size_t f, int version, int latest)
{
	for (size_t g = 0; g < sizeof FILLS / sizeof FILLS[0]; g++)
		if (FILLS[g].fill == FILLS[f].fill && FILLS[g].version > version && FILLS[g].version <= latest)
			return 1;
	return 0;
}

const char *const *store_migration(int version)
{
	return version >= 1 && version <= store_schema_version() ? MIGRATIONS[version - 1] : NULL;
}

int store_migration_fill(store *s, int version, int latest, fg_err *e)
{
	for (size_t f = 0; f < sizeof FILLS / sizeof FILLS[0]; f++) {
		int rc = FILLS[f].version == version && !fill_again(f, version, latest) ? FILLS[f].fill(s, e) : FG_OK;
		if (rc)
			return rc;
	}
	return FG_OK;
}

static int exec_all(store *s, const char *const *stmts)
{
	for (; *stmts; stmts++) {
		int rc = sqlite3_exec(s->db, *stmts, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

int store_schema_version(void)
{
	return (int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]);
}

int store_migrate(store *s, fg_err *e)
{
	int version = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return db_err(s, e, "读取数据库版本");
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	int latest = (int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]);
	if (version > latest)
		return err_set(e, FG_EFAIL, "数据库版本为 %d，比本程序支持的 %d 新；请升级 fgdj", version, latest);
	for (int v = version; v < latest; v++) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
		    exec_all(s, MIGRATIONS[v]) != SQLITE_OK ||
		    sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
			int rc = db_err(s, e, "升级数据库结构");
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		int rc = store_migration_fill(s, v + 1, latest, e);
		if (rc) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			return db_err(s, e, "升级数据库结构");
	}
	return FG_OK;
}
