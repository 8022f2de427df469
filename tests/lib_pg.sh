# The e2e tests on PostgreSQL (FGDJ_TEST_BACKEND=pg, sourced by lib.sh; `make e2e-pg` runs the suite
# under tests/pg.sh, which names its cluster in FGDJ_TEST_PG). The scripts stay as they are: each
# database they name by a file (d.db, $DB, …) stands for a database of its own in that cluster,
# created empty the first time a command names it (as fgdj creates a missing SQLite file) and dropped
# when the script ends. $FGDJ becomes a small wrapper that turns every `--db FILE` and FGDJ_DB=FILE
# into that database's postgresql:// URI and then runs the binary under test (exec: same process);
# db_query, db_copy, db_rm and dbsum read and copy those databases with psql and pg_dump.

# Scripts that cannot run on PostgreSQL by their nature, or that do not pass there yet — the one
# list, each with its reason (printed when skipped).
PG_SKIP='
backup.sh|备份与恢复复制 SQLite 文件（PostgreSQL 上用 pg_dump，fgdj backup 拒绝）
ops_backup.sh|运维备份脚本复制 SQLite 文件
ops_deb.sh|Debian 打包与安装，与数据库后端无关
ops_nginx.sh|nginx 部署配置，与数据库后端无关
ops_upgrade.sh|从旧版 SQLite 文件升级
ops_lib.sh|运维脚本的辅助函数
pg_backend.sh|本身即比较 SQLite 与 PostgreSQL（在 make e2e 中运行）
pg_partition.sh|本身即启动三个 PostgreSQL 集群（在 make e2e 中运行）
pg_migrate.sh|本身即从 SQLite 复制到 PostgreSQL（在 make e2e 中运行）
pgcopy_demo.sh|本身即比较 SQLite 与 PostgreSQL 上的演示数据（在 make e2e 中运行）
'
pg_skip_reason=$(printf '%s' "$PG_SKIP" | awk -F'|' -v n="$(basename "$0")" '$1 == n { print $2 }')
if [ -n "$pg_skip_reason" ]; then
	printf '%s: PostgreSQL 上跳过：%s\n' "$(basename "$0")" "$pg_skip_reason"
	exit 0
fi
: "${FGDJ_TEST_PG:?FGDJ_TEST_BACKEND=pg runs under tests/pg.sh (FGDJ_TEST_PG names its cluster)}"

PG_MARKS="$WORK/.pg"
mkdir -p "$PG_MARKS"
export FGDJ_TEST_PG PG_MARKS
FGDJ_BIN=$FGDJ
FGDJ_TEST_DEMO_ARGS="$ROOT/tests/demo_args.sh"
export FGDJ_BIN FGDJ_TEST_DEMO_ARGS

# pg_db FILE: the database name FILE stands for (the same from any directory).
pg_db() {
	case $1 in /*) p=$1 ;; *) p="$PWD/$1" ;; esac
	printf 't%s\n' "$(printf '%s' "$p" | md5sum | cut -c1-24)"
}
# pg_uri NAME: the URI of database NAME in the cluster.
pg_uri() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
pg_admin() { psql "$(pg_uri postgres)" -X -q -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }
# pg_ensure NAME: creates the database the first time.
pg_ensure() {
	[ -e "$PG_MARKS/$1" ] && return 0
	pg_admin "CREATE DATABASE $1" && : >"$PG_MARKS/$1"
}
pg_drop() {
	[ -e "$PG_MARKS/$1" ] || return 0
	pg_admin "DROP DATABASE IF EXISTS $1 WITH (FORCE)" && rm -f "$PG_MARKS/$1"
}
pg_cleanup() {
	for m in "$PG_MARKS"/t*; do
		[ -e "$m" ] && pg_drop "$(basename "$m")"
	done
	return 0
}

# The wrapper: the same arguments, each database file replaced by its URI.
mkdir -p "$WORK/.bin"
cat >"$WORK/.bin/fgdj" <<'WRAP'
#!/bin/sh
to_uri() {
	case $1 in postgresql://* | postgres://* | '') printf '%s' "$1"; return ;; esac
	case $1 in /*) u_p=$1 ;; *) u_p="$PWD/$1" ;; esac
	u_n="t$(printf '%s' "$u_p" | md5sum | cut -c1-24)"
	if [ ! -e "$PG_MARKS/$u_n" ]; then
		psql "$FGDJ_TEST_PG" -X -q -v ON_ERROR_STOP=1 \
			-c "CREATE DATABASE $u_n" >/dev/null && : >"$PG_MARKS/$u_n"
	fi
	printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$u_n?|"
}
nargs=$#
prev=
for a in "$@"; do
	b=$a
	if [ "$prev" = --db ]; then b=$(to_uri "$a"); fi
	case $a in --db=*) b="--db=$(to_uri "${a#--db=}")" ;; esac
	set -- "$@" "$b"
	prev=$a
done
shift "$nargs"
if [ -n "${FGDJ_DB:-}" ]; then FGDJ_DB=$(to_uri "$FGDJ_DB"); export FGDJ_DB; fi
# The district demo on PostgreSQL still takes a while (staged in SQLite, then copied and verified:
# cmd_demo.c): `demo [--scale district] --seed N --db X` and nothing else, the same for the same
# seed and day, is made once per cluster into a database of its own and then copied (CREATE
# DATABASE … TEMPLATE) with what it printed (its own URI in place of the cache's) and, for --export
# DIR, the files it exported.
seed= db= exp= plain=
if [ "${1:-}" = demo ]; then
	. "$FGDJ_TEST_DEMO_ARGS"
	demo_args "$@"
	seed=$d_seed db=$d_db exp=$d_exp plain=$d_plain
fi
if [ -n "$plain" ] && [ -n "$seed" ] && [ -n "$db" ]; then
	# Only into a database fgdj has not made yet (else the demo itself refuses).
	if [ "$(psql "$db" -X -A -t -c "SELECT count(*) FROM pg_tables WHERE tablename = 'fgdj_schema'")" = 0 ]; then
		c="demo_d${seed}_$(printf '%s' "$FGDJ_TODAY" | tr -d -)"
		cache="${FGDJ_TEST_PG##*host=}/$c"
		if [ ! -e "$cache.out" ]; then
			psql "$FGDJ_TEST_PG" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $c" >/dev/null || exit 1
			# A demo that fails fails the test: its status and messages passed on, nothing cached.
			"$FGDJ_BIN" demo --scale district --seed "$seed" --db "$(printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$c?|")" \
				--export "$cache.exp" >"$cache.tmp" 2>"$cache.err" || {
				rc=$?
				cat "$cache.tmp"
				cat "$cache.err" >&2
				rm -rf "$cache.tmp" "$cache.err" "$cache.exp"
				psql "$FGDJ_TEST_PG" -X -q -c "DROP DATABASE IF EXISTS $c WITH (FORCE)" >/dev/null
				exit "$rc"
			}
			mv "$cache.tmp" "$cache.out"
		fi
		n=${db%%\?*}
		n=${n##*/}
		psql "$FGDJ_TEST_PG" -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $n WITH (FORCE)" \
			-c "CREATE DATABASE $n TEMPLATE $c" >/dev/null || exit 1
		sed "s|/$c?|/$n?|" "$cache.out"
		cat "$cache.err" >&2
		if [ -n "$exp" ]; then mkdir -p "$exp" && cp -R "$cache.exp/." "$exp/" || exit 1; fi
		exit 0
	fi
fi
exec "$FGDJ_BIN" "$@"
WRAP
chmod +x "$WORK/.bin/fgdj"
FGDJ="$WORK/.bin/fgdj"

# The SQLite spellings the tests' own queries use, in PostgreSQL's words.
# PRAGMA user_version is the schema table's; json_extract the schema's fg_json_extract (as
# src/store/sql.c's PG_WORDS has it), char(n) chr(n); hex(blob) upper(encode(…, 'hex')); group_concat(x[, sep]) is
# string_agg over x's text.
pg_sql() {
	# (perl only for a query with one of those words: most have none)
	case $1 in
	*[Pp][Rr][Aa][Gg][Mm][Aa]* | *[Jj][Ss][Oo][Nn]_[Ee][Xx][Tt][Rr][Aa][Cc][Tt]* | *[Cc][Hh][Aa][Rr]\(* | \
		*[Hh][Ee][Xx]\(* | *[Gg][Rr][Oo][Uu][Pp]_[Cc][Oo][Nn][Cc][Aa][Tt]*) ;;
	*)
		printf '%s' "$1"
		return
		;;
	esac
	printf '%s' "$1" | perl -0pe 's/pragma user_version/SELECT version FROM fgdj_schema/gi;
		s/\bjson_extract\(/fg_json_extract(/gi; s/\bchar\(/chr(/gi;
		s{\bhex(\(((?:[^()\x27]++|\x27[^\x27]*\x27|(?1))*)\))}{upper(encode($2, \x27hex\x27))}gi;
		s{group_concat(\(((?:[^()\x27]++|\x27[^\x27]*\x27|(?1))*)\))}{
			my $a = $2; my ($x, $sep) = ($a, "\x27,\x27");
			if ($a =~ /^((?:[^(),\x27]++|\x27[^\x27]*\x27|(\((?:[^()\x27]++|\x27[^\x27]*\x27|(?2))*\)))*),\s*(.*)$/s) { ($x, $sep) = ($1, $3) }
			"string_agg(CAST($x AS text), $sep)"
		}gie'
}
db_query() {
	n=$(pg_db "$1")
	pg_ensure "$n" || return 1
	q_out=$(psql "$(pg_uri "$n")" -X -q -A -t -F'|' -v ON_ERROR_STOP=1 -c "$PG_MARK_TABLES" -c "$(pg_sql "$2")") || return 1
	[ -z "$q_out" ] || printf '%s\n' "$q_out" |
		awk -F'|' -v OFS='|' '{ for (i = 1; i <= NF; i++) if ($i == "t") $i = 1; else if ($i == "f") $i = 0; print }'
}
# (Booleans read as 1 and 0, as fgdj's own reads do on PostgreSQL: src/store/sql.c.)
# (A database a server has open cannot be a template: then through pg_dump.)
db_copy() {
	a=$(pg_db "$1") b=$(pg_db "$2")
	pg_ensure "$a" && pg_drop "$b" || return 1
	if ! pg_admin "CREATE DATABASE $b TEMPLATE $a" 2>/dev/null; then
		pg_admin "CREATE DATABASE $b" &&
			pg_dump -d "$(pg_uri "$a")" --no-owner | psql "$(pg_uri "$b")" -X -q -v ON_ERROR_STOP=1 >/dev/null || return 1
	fi
	: >"$PG_MARKS/$b"
}
db_rm() { pg_drop "$(pg_db "$1")"; }
db_exists() { [ "$(db_query "$1" "SELECT count(*) FROM pg_tables WHERE tablename = 'fgdj_schema'")" = 1 ]; }
# Every table's rows (sorted within each table: PostgreSQL keeps no rowid order), not the sequences,
# nor the facts kept between commands (facts_kept, derived: a reading command may keep its facts).
dbsum() {
	n=$(pg_db "$1")
	pg_ensure "$n" || return 1
	pg_dump -d "$(pg_uri "$n")" --data-only --no-owner --no-privileges 2>/dev/null |
		awk '/^COPY / { t = $2; next } /^\\\.$/ { t = ""; next } t != "" && t !~ /facts_kept$/ { print t "\t" $0 }' |
		sort | sha256sum | cut -c1-16
}
