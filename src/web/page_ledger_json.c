/* A ledger row as JSON (the API's items): written straight into the answer's text, not built as a
 * jansson tree — a list answer of 50 rows spent most of its time in jansson's allocations
 * (BENCHMARKS.md, issue 12). jansson still parses requests, and lw_item reads this same text back
 * for the answers that embed one row in a larger object. The text is what jansson's compact dump of
 * the same values gives (keys in this order; reals through jansson itself). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "web/page_ledger.h"

/* s[0..n) as a JSON string: ", \ and control characters escaped, UTF-8 as it is. */
static void put_str(buf *b, const char *s, size_t n)
{
	static const char HEX[] = "0123456789abcdef";
	buf_putc(b, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, s + run, i - run);
		run = i + 1;
		buf_putc(b, '\\');
		switch (c) {
		case '"': buf_putc(b, '"'); break;
		case '\\': buf_putc(b, '\\'); break;
		case '\b': buf_putc(b, 'b'); break;
		case '\f': buf_putc(b, 'f'); break;
		case '\n': buf_putc(b, 'n'); break;
		case '\r': buf_putc(b, 'r'); break;
		case '\t': buf_putc(b, 't'); break;
		default:
			buf_puts(b, "u00");
			buf_putc(b, HEX[c >> 4]);
			buf_putc(b, HEX[c & 15]);
		}
	}
	buf_add(b, s + run, n - run);
	buf_putc(b, '"');
}

static void put_key(buf *b, const char *key)
{
	buf_putc(b, ',');
	put_str(b, key, strlen(key));
	buf_putc(b, ':');
}

static void put_id_or_null(buf *b, const char *key, int64_t id)
{
	put_key(b, key);
	if (id)
		buf_printf(b, "%lld", (long long)id);
	else
		buf_puts(b, "null");
}

static void put_real(buf *b, double v)
{
	json_t *j = json_real(v);
	char *t = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	buf_puts(b, t ? t : "null");
	free(t);
	json_decref(j);
}

void lw_item_write(buf *b, const query_row *row, int unmasked, buf *scratch)
{
	const ledger_def *def = ledger_get(row->kind);
	buf_printf(b, "{\"id\":%lld", (long long)row->id);
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *col = &def->cols[i];
		const char *v = row->rec->f[i];
		put_key(b, col->key);
		if (!v) {
			buf_puts(b, "null");
		} else if (col->type == COL_INT) {
			buf_printf(b, "%lld", strtoll(v, NULL, 10));
		} else if (col->type == COL_NUM || col->type == COL_HOURS) {
			put_real(b, strtod(v, NULL));
		} else if (col->type == COL_BOOL) {
			buf_puts(b, strcmp(v, "是") == 0 ? "true" : "false");
		} else if (col->type == COL_USCC_LIST || col->type == COL_IDNO_LIST || col->type == COL_ABSENT_LIST ||
			   col->type == COL_ENUM_LIST) {
			/* Canonical lists are joined by "；" alone (a reason may hold "、"); ledger_mask keeps
			 * the separators, so the masked items split like the value. */
			buf_reset(scratch);
			if ((col->flags & COL_PERSONAL) && !unmasked)
				ledger_mask(col, v, scratch);
			else
				buf_puts(scratch, v);
			buf_putc(b, '[');
			for (const char *p = buf_cstr(scratch), *q; *p; p = q + (*q ? strlen("；") : 0)) {
				q = strstr(p, "；");
				if (!q)
					q = p + strlen(p);
				if (p != buf_cstr(scratch))
					buf_putc(b, ',');
				put_str(b, p, (size_t)(q - p));
			}
			buf_putc(b, ']');
		} else if ((col->flags & COL_PERSONAL) && !unmasked) {
			buf_reset(scratch);
			ledger_mask(col, v, scratch);
			put_str(b, scratch->p ? scratch->p : "", scratch->len);
		} else {
			put_str(b, v, strlen(v));
		}
	}
	switch (row->kind) {
	case LEDGER_ENTERPRISES:
		put_key(b, "coverage");
		put_str(b, rules_cov_name((cov_state)row->cov), strlen(rules_cov_name((cov_state)row->cov)));
		put_key(b, "complete");
		buf_puts(b, row->complete ? "true" : "false");
		break;
	case LEDGER_ORGS:
		put_id_or_null(b, "parent_id", row->parent_id);
		put_key(b, "members");
		buf_printf(b, "%lld", (long long)row->members);
		break;
	case LEDGER_MEMBERS:
		put_id_or_null(b, "employer_id", row->employer_id);
		put_key(b, "employer_name");
		if (row->employer_name)
			put_str(b, row->employer_name, strlen(row->employer_name));
		else
			buf_puts(b, "null");
		put_id_or_null(b, "org_id", row->org_id);
		break;
	default:
		break;
	}
	buf_putc(b, '}');
}

json_t *lw_item(const query_row *row, int unmasked)
{
	buf b = {0}, m = {0};
	lw_item_write(&b, row, unmasked, &m);
	json_t *o = json_loadb(b.p, b.len, 0, NULL);
	buf_free(&b);
	buf_free(&m);
	return o ? o : json_object();
}
