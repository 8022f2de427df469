#!/usr/bin/env python3
"""One-off tool of the PostgreSQL port (docs/postgresql.md): rewrites files of src/store from
SQLite's C interface (sqlite3_*) to the statement interface of both backends (store/sql.h).
Usage: python3 scripts/port-sql.py FILE...   (rewrites in place; prints what is left to do by hand)
Delete this script when no file of src/store calls sqlite3_* outside the SQLite backend."""
import re
import sys

SIMPLE = [
    (r'\bsqlite3_stmt\b', 'sql_st'),
    (r'\bstore_stmt\(', 'store_st('),
    (r'\bsqlite3_step\(', 'sql_step('),
    (r'\bsqlite3_reset\(', 'sql_reset('),
    (r'\bsqlite3_finalize\(', 'sql_finalize('),
    (r'\bsqlite3_clear_bindings\(', 'sql_clear('),
    (r'\(const char \*\)\s*sqlite3_column_text\(', 'sql_col_text('),
    (r'\bsqlite3_column_text\(', 'sql_col_text('),
    (r'\bsqlite3_column_int64\(', 'sql_col_int64('),
    (r'\bsqlite3_column_int\(', '(int)sql_col_int64('),
    (r'\bsqlite3_column_double\(', 'sql_col_double('),
    (r'\bsqlite3_column_type\(', 'sql_col_type('),
    (r'\bsqlite3_column_bytes\(', 'sql_col_bytes('),
    (r'\bsqlite3_column_blob\(', 'sql_col_blob('),
    (r'\bsqlite3_column_count\(', 'sql_col_count('),
    (r'\bsqlite3_bind_int64\(', 'sql_bind_int64('),
    (r'\bsqlite3_bind_int\(', 'sql_bind_int64('),
    (r'\bsqlite3_bind_double\(', 'sql_bind_double('),
    (r'\bsqlite3_bind_null\(', 'sql_bind_null('),
    (r'(?<![a-z_])bind_text\(', 'sql_bind_text('),
    (r'\bsqlite3_changes\(s->db\)', 'sql_changes(s->sql)'),
    (r'\bsqlite3_errmsg\(s->db\)', 'sql_errmsg(s->sql)'),
    (r'\bscan_end\(', 'scan_fin('),
    (r'\bstore_col_day\(', 'store_day('),
    (r'\bSQLITE_(ROW|DONE|OK|NULL|INTEGER|FLOAT|TEXT|BLOB|CONSTRAINT|BUSY)\b', r'SQL_\1'),
]

ARGS = r'([^,()]+(?:\([^()]*\))?[^,()]*)'
CALLS = [
    # sqlite3_bind_text(st, i, v, n, how)
    (re.compile(r'\bsqlite3_bind_text\(' + ARGS + ',' + ARGS + ',' + ARGS + r',\s*-1,\s*SQLITE_STATIC\)'),
     r'sql_bind_text(\1,\2,\3)'),
    (re.compile(r'\bsqlite3_bind_text\(' + ARGS + ',' + ARGS + ',' + ARGS + ',' + ARGS + r',\s*SQLITE_(?:TRANSIENT|STATIC)\)'),
     r'sql_bind_text_copy(\1,\2,\3,\4)'),
    (re.compile(r'\bsqlite3_bind_blob\(' + ARGS + ',' + ARGS + ',' + ARGS + ',' + ARGS + r',\s*SQLITE_(?:TRANSIENT|STATIC)\)'),
     r'sql_bind_blob(\1,\2,\3,\4)'),
    (re.compile(r'\bsqlite3_exec\(s->db,\s*' + ARGS + r',\s*NULL,\s*NULL,\s*NULL\)'), r'sql_exec(s->sql, \1)'),
    (re.compile(r'\bsqlite3_prepare_v2\(s->db,\s*' + ARGS + r',\s*-1,\s*&(\w+),\s*NULL\)\s*!=\s*SQLITE_OK'),
     r'sql_prepare(s->sql, \1, &\2) != SQL_OK'),
]

for path in sys.argv[1:]:
    src = open(path).read()
    out = src
    for rx, rep in CALLS:
        out = rx.sub(rep, out)
    for pat, rep in SIMPLE:
        out = re.sub(pat, rep, out)
    open(path, 'w').write(out)
    left = [(n + 1, l.strip()) for n, l in enumerate(out.split('\n')) if re.search(r'sqlite3|SQLITE_|s->db\b', l)]
    for n, l in left:
        print(f'{path}:{n}: by hand: {l}')
