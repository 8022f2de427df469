/* findings_snap — the findings of a region on a date as bytes and back (docs/kept_figures.md: the
 * findings kept between commands, beside the facts they come from).
 *
 * Only what check_run finds is written: each finding's rule, record, enterprise, found order, kind
 * and texts; the texts findings share — their details (a tenth as many as findings) and places
 * (streets and communities, a few thousand) — once each in a table before the findings, a finding
 * naming its own by number. The follow-up states are not: they change without the findings changing, and are read
 * again whenever kept findings are used (findings_restate, check_patch). The bytes are read back by
 * the same build only (a header names the format); reading checks every count against the bytes
 * left, every rule and kind, the rules' order, and that the bytes are the ones this writer writes
 * (written again, the same bytes), so that no byte string makes findings that read outside
 * anything. */
#include <stdlib.h>
#include <string.h>

#include "report/check_int.h"
#include "util/strmap.h"

/* Raised whenever the layout of the bytes changes (another build's are refused by the store anyway:
 * store_facts_kept_start). */
#define FINDINGS_SNAP_FORMAT 3u

static const char MAGIC[8] = {'F', 'G', 'D', 'J', 'F', 'N', 'D', 'S'};
#define SNAP_MAX_ID (INT32_C(1) << 26)

/* The natural key: the key's end (its length) when the key ends with it, else a string of its own. */
enum { NATURAL_OWN = 0, NATURAL_KEY_END = 1 };

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);
	return k <= n && memcmp(s + n - k, end, k) == 0;
}

/* A table of the different texts of some of the findings' fields, in the order of first use. */
typedef struct text_table {
	strmap at; /* text → its number + 1 */
	const char **v;
	size_t n;
} text_table;

/* t's number of text (-1 for NULL: refused when read, as a missing text is). */
static int32_t table_num(text_table *t, const char *text, size_t cap)
{
	if (!text)
		return -1;
	int64_t *k = strmap_val(&t->at, text, strlen(text));
	if (!*k) {
		if (!t->v)
			t->v = xmalloc((cap ? cap : 1) * sizeof *t->v);
		t->v[t->n++] = text;
		*k = (int64_t)t->n;
	}
	return (int32_t)(*k - 1);
}

static void table_put(const text_table *t, buf *out)
{
	bytes_put_u64(out, t->n);
	for (size_t k = 0; k < t->n; k++)
		bytes_put_str(out, t->v[k]);
}

static void table_free(text_table *t)
{
	strmap_free(&t->at);
	free(t->v);
}

void findings_snap_write(const findings *fs, const facts *f, buf *out)
{
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	buf_add(out, MAGIC, sizeof MAGIC);
	bytes_put_i32(out, (int32_t)FINDINGS_SNAP_FORMAT);
	bytes_put_i32(out, (int32_t)sizeof f->filter);
	bytes_put_i32(out, f->as_of);
	buf_add(out, &f->filter, sizeof f->filter);
	/* The details, then the places (a finding's street, then its community), each finding's by
	 * number. */
	text_table details = {0}, places = {0};
	int32_t(*num)[3] = xmalloc((fs->n ? fs->n : 1) * sizeof *num);
	for (size_t i = 0; i < fs->n; i++) {
		num[i][0] = table_num(&details, fs->v[i].detail, fs->n);
		num[i][1] = table_num(&places, fs->v[i].street, 2 * fs->n);
		num[i][2] = table_num(&places, fs->v[i].community, 2 * fs->n);
	}
	table_put(&details, out);
	table_put(&places, out);
	table_free(&details);
	table_free(&places);
	bytes_put_u64(out, fs->n);
	for (size_t i = 0; i < fs->n; i++) {
		const finding *x = &fs->v[i];
		bytes_put_i32(out, (int32_t)(x->rule - rules));
		bytes_put_i32(out, x->id);
		bytes_put_i32(out, x->ent);
		bytes_put_i32(out, (int32_t)x->seq);
		bytes_put_i32(out, x->kind);
		bytes_put_str(out, x->subject);
		bytes_put_i32(out, num[i][0]);
		bytes_put_str(out, x->key);
		bytes_put_i32(out, num[i][1]);
		bytes_put_i32(out, num[i][2]);
		const char *nat = x->natural ? x->natural : "";
		if (ends_with(x->key, nat)) {
			bytes_put_i32(out, NATURAL_KEY_END);
			bytes_put_u64(out, strlen(nat));
		} else {
			bytes_put_i32(out, NATURAL_OWN);
			bytes_put_str(out, nat);
		}
	}
	free(num);
}

static char *room_in(void *ctx, size_t n)
{
	return text_room(ctx, n);
}

/* A string among fs's texts, read straight into them; NULL when not there. */
static char *text_in(byte_reader *r, findings *fs)
{
	char *t = bytes_get_str_in(r, room_in, fs, NULL);
	if (!t)
		r->bad = 1; /* never NULL as written */
	return t;
}

/* A table as read: its texts among the findings', how many of them findings have named so far. */
typedef struct read_table {
	char **v;
	size_t n, used;
} read_table;

/* A table table_put wrote: only texts each different from the others (bad otherwise). */
static void table_get(byte_reader *r, findings *fs, read_table *t)
{
	uint64_t n = r->bad ? 0 : bytes_get_u64(r);
	if (r->bad || n > r->left / sizeof(uint64_t)) {
		r->bad = 1;
		return;
	}
	t->v = xmalloc((n ? (size_t)n : 1) * sizeof *t->v);
	strmap seen = {0};
	for (; t->n < n && !r->bad; t->n++) {
		size_t len = 0;
		char *text = bytes_get_str_in(r, room_in, fs, &len);
		int64_t *k = text ? strmap_val(&seen, text, len) : NULL;
		if (!k || *k)
			r->bad = 1; /* none, or the text of an earlier one */
		else
			*k = 1;
		t->v[t->n] = text;
	}
	strmap_free(&seen);
}

/* A finding's text of t by its number: one named before, or the next in the order of first use
 * (as written); NULL and bad otherwise. */
static char *table_pick(byte_reader *r, read_table *t)
{
	int32_t k = bytes_get_i32(r);
	if (r->bad || k < 0 || (size_t)k >= t->n || (size_t)k > t->used) {
		r->bad = 1;
		return NULL;
	}
	t->used += (size_t)k == t->used;
	return t->v[k];
}

int findings_snap_read_from(const byte_source *src, const facts *f, findings *out)
{
	memset(out, 0, sizeof *out);
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	byte_reader r;
	bytes_open(&r, src);
	char magic[sizeof MAGIC];
	store_filter filter;
	bytes_get(&r, magic, sizeof magic);
	int ok = !r.bad && memcmp(magic, MAGIC, sizeof MAGIC) == 0 &&
		 bytes_get_i32(&r) == (int32_t)FINDINGS_SNAP_FORMAT && bytes_get_i32(&r) == (int32_t)sizeof filter;
	/* of the facts' region and date, else not these findings */
	ok = ok && bytes_get_i32(&r) == f->as_of;
	bytes_get(&r, &filter, sizeof filter);
	ok = ok && !r.bad && memcmp(&filter, &f->filter, sizeof filter) == 0;
	/* the details and the places, each different from the others in its table (as written) */
	read_table details = {0}, places = {0};
	if (ok) {
		table_get(&r, out, &details);
		table_get(&r, out, &places);
	}
	uint64_t n = ok && !r.bad ? bytes_get_u64(&r) : 0;
	/* a finding is 9 numbers and 3 strings' lengths at least */
	ok = ok && !r.bad && n <= r.left / (9 * sizeof(int32_t) + 3 * sizeof(uint64_t));
	if (ok && n) {
		out->v = xcalloc((size_t)n, sizeof *out->v);
		out->cap = (size_t)n;
	}
	buf t = {0};
	int32_t last_rule = 0;
	for (size_t i = 0; ok && i < n && !r.bad; i++) {
		finding *x = &out->v[out->n++];
		int32_t rule = bytes_get_i32(&r);
		x->id = bytes_get_i32(&r);
		x->ent = bytes_get_i32(&r);
		x->seq = (uint32_t)bytes_get_i32(&r);
		int32_t kind = bytes_get_i32(&r);
		/* findings by rule, as check_run sorts them (findings_index's ranges) */
		if (rule < last_rule || rule >= (int32_t)nrules || kind < FK_DISTRICT || kind > FK_INSTRUCTOR ||
		    x->id < 0 || x->id > SNAP_MAX_ID || x->ent < 0 || x->ent > SNAP_MAX_ID) {
			r.bad = 1;
			break;
		}
		last_rule = rule;
		x->rule = &rules[rule];
		x->kind = (unsigned char)kind;
		x->state = FS_TODO;
		x->subject = text_in(&r, out);
		x->detail = table_pick(&r, &details);
		x->key = text_in(&r, out);
		x->street = table_pick(&r, &places);
		x->community = table_pick(&r, &places);
		int32_t how = bytes_get_i32(&r);
		if (r.bad)
			break;
		if (how == NATURAL_KEY_END) {
			uint64_t k = bytes_get_u64(&r);
			size_t kl = strlen(x->key);
			if (k > kl)
				r.bad = 1;
			else
				x->natural = x->key + kl - (size_t)k;
		} else if (how == NATURAL_OWN && bytes_get_str(&r, &t) && !ends_with(x->key, buf_cstr(&t))) {
			x->natural = text_put(out, buf_cstr(&t)); /* (one the key ends with is written as its end) */
		} else {
			r.bad = 1;
		}
	}
	buf_free(&t);
	/* every text of the tables some finding's */
	ok = ok && !r.bad && r.left == 0 && details.used == details.n && places.used == places.n;
	free(details.v);
	free(places.v);
	texts_done(out);
	bytes_close(&r);
	if (!ok) {
		findings_free(out);
		return -1;
	}
	findings_index(out);
	return 0;
}
