/* The first twenty migrations of the schema (v1 … v20), kept apart from the later ones (schema.c)
 * so that each file stays readable: shipped, never edited. schema.c's MIGRATIONS lists them all.
 * CHECKs of enumerations are written as OR chains: SQLite evaluates "x IN (a, b, c)" through an
 * ephemeral index built for every row written, which costs more than the row itself. */
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

const char *const *const STORE_EARLY_MIGRATIONS[STORE_EARLY_N] = {V1,  V2,  V3,  V4,  V5,  V6,  V7,
								     V8,  V9,  V10, V11, V12, V13, V14,
								     V15, V16, V17, V18, V19, V20};
