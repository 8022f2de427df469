-- fgdj on PostgreSQL: the ledgers partitioned by district, a district's partitions on another
-- server (docs/scaling.md). Plain PostgreSQL features only: declarative partitioning (LIST on the
-- column that holds the row's region) and postgres_fdw (foreign tables as partitions).
--
-- Load once into the coordinator's fgdj database (made by `fgdj init` or `fgdj migrate --to`):
--   psql "$COORD" -v ON_ERROR_STOP=1 -f scripts/pg_partition.sql
--   psql "$COORD" -c "SELECT fg_partition_by_district()"
-- Then, for district D (its region id) held by server X:
--   psql "$COORD" -Atc "SELECT fg_partition_remote_ddl(D)" | psql "$X"        -- the empty tables on X
--   psql "$COORD" -c "SELECT fg_partition_attach(D, 'host', '5432', 'dbname', 'user', 'password')"
-- After a district was added: psql "$COORD" -c "SELECT fg_partition_refresh()"
-- A database partitioned by an earlier version of this script: psql "$COORD" -c "SELECT fg_partition_movers()"
-- (it also sets what fg_partition_plans below sets)
-- fgdj itself is unchanged: it reads and writes the partitioned tables by their old names.
--
-- Which tables (fg_partition_spec): enterprise, org and member, each by its district_id — the
-- district that holds the row, kept by fgdj on every write (schema v35): an enterprise's community's
-- district, an organisation's street's (else community's), a member's employer's (else its
-- organisation's); and the two largest party-work records' tables, dues and meeting, by theirs
-- (schema v36): a dues row's member's district, a meeting's organisation's, so that a district's
-- records lie on the server of their owners; and the next two, study and development (schema v37):
-- a study record's member's district, a development record's organisation's (所在党组织; the person
-- developed is no member yet); and transfers and visits (schema v38): a transfer's organisation's
-- district (本方党组织, which keeps and reads it — not its member's), a visit's enterprise's. The tables derived from them (meeting_tally, member_hours, dues_year)
-- and the smaller records stay on the coordinator. A district's partition holds the rows of that district; rows of no district (an
-- organisation placed in no street or community, a member of one without an employer) stay in the
-- coordinator's DEFAULT partition, as do the rows of a district added after the split until
-- fg_partition_refresh() makes its partition. A street or community added, merged or moved needs
-- nothing here: fgdj writes the rows' new district, and a row whose district changes moves to that
-- district's partition, on whichever server (fg_partition_move below).
--
-- Keys: PostgreSQL wants the partition key in every unique index of a partitioned table, and a
-- partitioned table with foreign partitions may have no unique index at all. So the partitioned
-- table has none; each partition (local, or the table on the remote server) has the table's own
-- unique indexes (id, 统一社会信用代码, 党组织名称, 公民身份号码; a dues row's member and month, a meeting's
-- organisation, type, day and topic, a study record's member, day and content; a visit's instructor,
-- enterprise and day), which make them unique within a district — and a record's key across
-- districts, for it holds its owner, held in one district; not a development record's, keyed by the
-- person's 公民身份号码 alone, unique across districts as a member's is, nor a transfer's, keyed by its
-- member and letter date, not by its organisation (fgdj finds each over the whole table before writing). fgdj writes a new record
-- by INSERT … WHERE NOT EXISTS, never ON CONFLICT, which needs a unique index as its arbiter. The id
-- stays unique across districts: every row is inserted through the coordinator, whose identity
-- sequence gives it. Uniqueness of the USCC / name across districts is fgdj's (an import matches
-- by it over the whole table) — docs/scaling.md. Foreign keys to and from these tables are
-- dropped (PostgreSQL cannot check them across servers): fgdj writes each record and its links in
-- one transaction, and nothing else checks them (docs/scaling.md).

CREATE TABLE IF NOT EXISTS fg_partition_spec (tbl text PRIMARY KEY, keycol text NOT NULL, uniq text[] NOT NULL DEFAULT '{}');
INSERT INTO fg_partition_spec (tbl, keycol) VALUES ('enterprise', 'district_id'), ('org', 'district_id'),
	('member', 'district_id'), ('dues', 'district_id'), ('meeting', 'district_id'), ('study', 'district_id'),
	('development', 'district_id'), ('transfer', 'district_id'), ('visit', 'district_id') ON CONFLICT (tbl) DO NOTHING;

-- The partition bound of district d.
CREATE OR REPLACE FUNCTION fg_partition_bound(d bigint) RETURNS text LANGUAGE sql IMMUTABLE AS
$$SELECT 'FOR VALUES IN (' || d || ')'$$;

-- def, a CREATE UNIQUE INDEX of table tbl, as the same index of table part.
CREATE OR REPLACE FUNCTION fg_partition_index(def text, part text, n int) RETURNS text LANGUAGE sql IMMUTABLE AS
$$SELECT regexp_replace(def, '^CREATE UNIQUE INDEX .*? ON \S+ USING',
	format('CREATE UNIQUE INDEX %I ON %I USING', part || '_u' || n, part))$$;

-- A row of partition part whose key (keycol) changes to another partition's moves there: deleted here
-- and inserted through the partitioned table, which places it by its key, on this server or
-- another. PostgreSQL moves a row between local partitions itself, but not into or out of a foreign
-- one ("cannot route tuples into foreign table to be updated"; a foreign partition checks no bound
-- and would keep the row where a read of its new district never looks); and a row it moves fires
-- the INSERT triggers of the partitioned table, never those of UPDATE — the same as here: fgdj
-- marks what follows a row's district (a member its employer's, a dues row its member's) on an
-- insert made while the setting fg.moving is 'on' as on an update of district_id (store/extras.c).
-- The UPDATE that moved the row counts it as not updated. The id is the row's own (the
-- coordinator's identity sequence gave it once).
CREATE OR REPLACE FUNCTION fg_partition_move() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	inside boolean;
	n bigint;
BEGIN
	EXECUTE format('SELECT %s FROM (SELECT ($1).*) r', pg_get_partition_constraintdef(TG_RELID)) INTO inside USING NEW;
	IF coalesce(inside, false) THEN
		RETURN NEW; -- within this partition (a place within the district)
	END IF;
	EXECUTE format('DELETE FROM %I.%I WHERE id = $1', TG_TABLE_SCHEMA, TG_TABLE_NAME) USING OLD.id;
	GET DIAGNOSTICS n = ROW_COUNT;
	-- A foreign partition's scan read again in the same statement (postgres_fdw rewinds its cursor
	-- when a join scans it once more) returns a row this trigger already moved: moved once.
	IF n > 0 THEN
		PERFORM set_config('fg.moving', 'on', true); -- fgdj's insert triggers: a move, not a new record
		EXECUTE format('INSERT INTO %s OVERRIDING SYSTEM VALUE SELECT ($1).*', pg_partition_root(TG_RELID)::regclass) USING NEW;
		PERFORM set_config('fg.moving', '', true);
	END IF;
	RETURN NULL;
END$$;

-- fg_partition_move on partition part of table t (spec row s).
CREATE OR REPLACE FUNCTION fg_partition_mover(s fg_partition_spec, part text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('CREATE OR REPLACE TRIGGER fg_partition_move BEFORE UPDATE OF %I ON %I FOR EACH ROW'
		' WHEN (old.%I IS DISTINCT FROM new.%I) EXECUTE FUNCTION fg_partition_move()', s.keycol, part,
		s.keycol, s.keycol);
END$$;

-- A database partitioned by an earlier version of this script (its foreign partitions refused a
-- move with the trigger fg_partition_keep): fg_partition_move on every partition instead.
-- Statements planned with their placeholders' values, each time they run: fgdj's read scope says a
-- region's district beside the region (scope_sql.h HELD_IN_DISTRICT_OF), and PostgreSQL skips the
-- partitions of every other district only when it plans with the values; a generic plan (which it
-- would choose after a statement's fifth run) reads every partition, on every server. Read by each
-- connection made after this.
CREATE OR REPLACE FUNCTION fg_partition_plans() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = force_custom_plan', current_database());
END$$;

-- The floor of the districts fgdj reads a region's organisations and members from (its hint
-- store/scope_sql.h HELD_FOR: their stored district is the region's, none, or at least this): NULL
-- while the district of region r has no link to an organisation held in another district (not on
-- the coordinator), which reads only that district's partitions and the coordinator's; 0, every
-- partition, while it has one — an organisation covering an enterprise of the district (an active
-- link: in the scope of its regions, with its members without an employer), the parent of an
-- organisation of the district, the organisation of a member of it (read with them: 上级党组织,
-- 所在党组织). Read from the coordinator's coverage and the district's own partitions. fgdj's
-- connections look for this function (with the partitioned org) when they are made, and give the
-- hint only where it is (dialect.h SQL_PART_ONLY): a database partitioned by an earlier version of
-- this script gets it by loading this file again.
CREATE OR REPLACE FUNCTION fg_held_floor(r bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
SELECT CASE WHEN EXISTS (SELECT 1 FROM (SELECT x.org_id AS id FROM coverage x WHERE x.end_date IS NULL
		AND x.enterprise_id IN (SELECT e.id FROM enterprise e WHERE e.district_id = d.d)
		UNION ALL SELECT o.parent_id FROM org o WHERE o.district_id = d.d
		UNION ALL SELECT m.org_id FROM member m WHERE m.district_id = d.d) l
	WHERE l.id NOT IN (SELECT h.id FROM org h WHERE h.district_id = d.d OR h.district_id IS NULL)) THEN 0 END
FROM (SELECT (SELECT t.ancestor FROM region_tree t JOIN region g ON g.id = t.ancestor
	WHERE t.descendant = r AND g.level = 'district') AS d) d
$$;

CREATE OR REPLACE FUNCTION fg_partition_movers() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	s fg_partition_spec;
	part text;
BEGIN
	FOR s IN SELECT * FROM fg_partition_spec ORDER BY tbl LOOP
		FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
				WHERE i.inhparent = s.tbl::regclass ORDER BY c.relname LOOP
			EXECUTE format('DROP TRIGGER IF EXISTS fg_partition_keep ON %I', part);
			PERFORM fg_partition_mover(s, part);
		END LOOP;
	END LOOP;
	PERFORM fg_partition_plans();
END$$;

-- A partition part of table t (spec row s) with the table's unique indexes and fg_partition_move.
CREATE OR REPLACE FUNCTION fg_partition_add(s fg_partition_spec, part text, bound text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('CREATE TABLE %I PARTITION OF %I %s', part, s.tbl, bound);
	FOR i IN 1 .. coalesce(array_length(s.uniq, 1), 0) LOOP
		EXECUTE fg_partition_index(s.uniq[i], part, i);
	END LOOP;
	PERFORM fg_partition_mover(s, part);
END$$;

-- Turns each table of fg_partition_spec into a table partitioned by district: a local partition
-- per district (region level 'district') and a DEFAULT one, the rows moved, the other indexes and
-- the triggers (fgdj's list marks, store/extras.c) made again on the partitioned table.
CREATE OR REPLACE FUNCTION fg_partition_by_district() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	s fg_partition_spec;
	d bigint;
	plain text[];
	trig text[];
	q text;
BEGIN
	SET LOCAL client_min_messages = warning; -- not each foreign key dropped
	FOR s IN SELECT * FROM fg_partition_spec ORDER BY tbl LOOP
		IF EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = s.tbl::regclass) THEN
			RAISE EXCEPTION '表 % 已按区县分区', s.tbl;
		END IF;
		SELECT coalesce(array_agg(pg_get_indexdef(indexrelid) ORDER BY indexrelid) FILTER (WHERE indisunique), '{}'),
		       coalesce(array_agg(pg_get_indexdef(indexrelid) ORDER BY indexrelid) FILTER (WHERE NOT indisunique), '{}')
			INTO s.uniq, plain FROM pg_index WHERE indrelid = s.tbl::regclass;
		SELECT coalesce(array_agg(pg_get_triggerdef(oid) ORDER BY oid), '{}') INTO trig
			FROM pg_trigger WHERE tgrelid = s.tbl::regclass AND NOT tgisinternal;
		UPDATE fg_partition_spec SET uniq = s.uniq WHERE tbl = s.tbl;
		EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY)'
			' PARTITION BY LIST (%I)', s.tbl || '_p', s.tbl, s.keycol);
		s.tbl := s.tbl || '_p';
		FOR d IN SELECT id FROM region WHERE level = 'district' ORDER BY id LOOP
			PERFORM fg_partition_add(s, substr(s.tbl, 1, length(s.tbl) - 2) || '_d' || d, fg_partition_bound(d));
		END LOOP;
		PERFORM fg_partition_add(s, substr(s.tbl, 1, length(s.tbl) - 2) || '_rest', 'DEFAULT');
		s.tbl := substr(s.tbl, 1, length(s.tbl) - 2);
		EXECUTE format('INSERT INTO %I SELECT * FROM %I', s.tbl || '_p', s.tbl);
		EXECUTE format('DROP TABLE %I CASCADE', s.tbl);
		EXECUTE format('ALTER TABLE %I RENAME TO %I', s.tbl || '_p', s.tbl);
		EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), coalesce(max(id), 0) + 1, false) FROM %I',
			s.tbl, s.tbl);
		FOREACH q IN ARRAY plain || trig LOOP
			EXECUTE q;
		END LOOP;
		EXECUTE format('ANALYZE %I', s.tbl);
	END LOOP;
	PERFORM fg_partition_plans();
END$$;

-- The empty tables that hold district d's rows on another server: the coordinator's partitions'
-- columns (types, collations, not-null) and unique indexes, nothing else.
CREATE OR REPLACE FUNCTION fg_partition_remote_ddl(d bigint) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
	s fg_partition_spec;
	part text;
	out text := '';
BEGIN
	FOR s IN SELECT * FROM fg_partition_spec ORDER BY tbl LOOP
		part := s.tbl || '_d' || d;
		out := out || format('CREATE TABLE %I (', part) || (SELECT string_agg(format('%I %s', attname,
				format_type(atttypid, atttypmod)) || CASE WHEN attcollation <> 0 AND attcollation <>
				(SELECT oid FROM pg_collation WHERE collname = 'default') THEN format(' COLLATE %I',
				(SELECT collname FROM pg_collation WHERE oid = attcollation)) ELSE '' END
				|| CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END, ', ' ORDER BY attnum)
			FROM pg_attribute WHERE attrelid = s.tbl::regclass AND attnum > 0 AND NOT attisdropped) || ');' || E'\n';
		FOR i IN 1 .. coalesce(array_length(s.uniq, 1), 0) LOOP
			out := out || fg_partition_index(s.uniq[i], part, i) || ';' || E'\n';
		END LOOP;
	END LOOP;
	RETURN out;
END$$;

-- District d's partitions moved to the server at host/port/dbname (its tables made there by
-- fg_partition_remote_ddl(d)): a foreign server and user mapping, each local partition replaced
-- by a foreign table with the same bound, its rows copied there, all in the caller's transaction.
CREATE OR REPLACE FUNCTION fg_partition_attach(d bigint, host text, port text, dbname text, usr text,
	pw text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	s fg_partition_spec;
	srv text := 'fg_district_' || d;
	part text;
	bound text;
BEGIN
	SET LOCAL client_min_messages = warning;
	CREATE EXTENSION IF NOT EXISTS postgres_fdw;
	IF NOT EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = srv) THEN
		EXECUTE format('CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L)',
			srv, host, port, dbname);
	END IF;
	EXECUTE format('CREATE USER MAPPING IF NOT EXISTS FOR CURRENT_USER SERVER %I OPTIONS (user %L%s)', srv, usr,
		CASE WHEN pw IS NULL THEN '' ELSE format(', password %L', pw) END);
	-- Moving rows changes no record: fgdj's triggers (list marks) need not fire.
	SET LOCAL session_replication_role = replica;
	FOR s IN SELECT * FROM fg_partition_spec ORDER BY tbl LOOP
		part := s.tbl || '_d' || d;
		SELECT pg_get_expr(relpartbound, oid) INTO bound FROM pg_class WHERE oid = part::regclass;
		IF (SELECT relkind FROM pg_class WHERE oid = part::regclass) = 'f' THEN
			RAISE EXCEPTION '% 已在别的服务器上', part;
		END IF;
		EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', s.tbl, part);
		EXECUTE format('ALTER TABLE %I RENAME TO %I', part, part || '_local');
		EXECUTE format('CREATE FOREIGN TABLE %I PARTITION OF %I %s SERVER %I OPTIONS (table_name %L)',
			part, s.tbl, bound, srv, part);
		EXECUTE format('INSERT INTO %I SELECT * FROM %I', part, part || '_local');
		EXECUTE format('DROP TABLE %I', part || '_local');
		PERFORM fg_partition_mover(s, part);
	END LOOP;
END$$;

-- After a district was added: its partitions made (local), and the rows the DEFAULT partition holds
-- for it moved there.
CREATE OR REPLACE FUNCTION fg_partition_refresh() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	s fg_partition_spec;
	d bigint;
BEGIN
	SET LOCAL client_min_messages = warning;
	SET LOCAL session_replication_role = replica; -- rows moved, no record changed
	FOR s IN SELECT * FROM fg_partition_spec ORDER BY tbl LOOP
		FOR d IN SELECT id FROM region WHERE level = 'district' AND to_regclass(s.tbl || '_d' || id) IS NULL
				ORDER BY id LOOP
			EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', s.tbl, s.tbl || '_rest');
			PERFORM fg_partition_add(s, s.tbl || '_d' || d, fg_partition_bound(d));
			EXECUTE format('WITH m AS (DELETE FROM %I WHERE %I = %s RETURNING *) INSERT INTO %I SELECT * FROM m',
				s.tbl || '_rest', s.keycol, d, s.tbl);
			EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I DEFAULT', s.tbl, s.tbl || '_rest');
		END LOOP;
	END LOOP;
END$$;
