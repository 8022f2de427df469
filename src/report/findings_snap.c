/* findings_snap — the findings of a region on a date as bytes and back (docs/kept_figures.md: the
 * findings kept between commands, beside the facts they come from).
 *
 * Only what check_run finds is written: each finding's rule, record, enterprise, found order, kind
 * and texts, the details (which findings share: a tenth as many as findings) once each before
 * the findings, a finding naming its own by number. The follow-up states are not: they change without the findings changing, and are read
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
#define FINDINGS_SNAP_FORMAT 2u

static const char MAGIC[8] = {'F', 'G', 'D', 'J', 'F', 'N', 'D', 'S'};
#define SNAP_MAX_ID (INT32_C(1) << 26)

/* The natural key: the key's end (its length) when the key ends with it, else a string of its own. */
enum { NATURAL_OWN = 0, NATURAL_KEY_END = 1 };

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);
	return k <= n && memcmp(s + n - k, end, k) == 0;
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
	/* The different details in the order of their first finding, each finding's by number (-1
	 * for none: refused when read, as a missing text is). */
	strmap at = {0};
	int32_t *num = xmalloc((fs->n ? fs->n : 1) * sizeof *num);
	const char **details = xmalloc((fs->n ? fs->n : 1) * sizeof *details);
	size_t nd = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const char *d = fs->v[i].detail;
		num[i] = -1;
		if (!d)
			continue;
		int64_t *k = strmap_val(&at, d, strlen(d));
		if (!*k) {
			details[nd++] = d;
			*k = (int64_t)nd;
		}
		num[i] = (int32_t)(*k - 1);
	}
	strmap_free(&at);
	bytes_put_u64(out, nd);
	for (size_t k = 0; k < nd; k++)
		bytes_put_str(out, details[k]);
	free(details);
	bytes_put_u64(out, fs->n);
	for (size_t i = 0; i < fs->n; i++) {
		const finding *x = &fs->v[i];
		bytes_put_i32(out, (int32_t)(x->rule - rules));
		bytes_put_i32(out, x->id);
		bytes_put_i32(out, x->ent);
		bytes_put_i32(out, (int32_t)x->seq);
		bytes_put_i32(out, x->kind);
		bytes_put_str(out, x->subject);
		bytes_put_i32(out, num[i]);
		bytes_put_str(out, x->key);
		bytes_put_str(out, x->street);
		bytes_put_str(out, x->community);
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
	/* the details, each different from the others (as written: once each) */
	uint64_t nd = ok ? bytes_get_u64(&r) : 0;
	ok = ok && !r.bad && nd <= r.left / sizeof(uint64_t);
	char **details = xmalloc((ok && nd ? (size_t)nd : 1) * sizeof *details);
	strmap seen = {0};
	for (size_t k = 0; ok && k < nd && !r.bad; k++) {
		size_t len = 0;
		details[k] = bytes_get_str_in(&r, room_in, out, &len);
		int64_t *v = details[k] ? strmap_val(&seen, details[k], len) : NULL;
		if (!v || *v)
			r.bad = 1; /* none, or the text of an earlier one */
		else
			*v = 1;
	}
	strmap_free(&seen);
	uint64_t n = ok && !r.bad ? bytes_get_u64(&r) : 0;
	/* a finding is 6 numbers and 5 strings' lengths at least */
	ok = ok && !r.bad && n <= r.left / (6 * sizeof(int32_t) + 5 * sizeof(uint64_t));
	if (ok && n) {
		out->v = xcalloc((size_t)n, sizeof *out->v);
		out->cap = (size_t)n;
	}
	buf t = {0};
	int32_t last_rule = 0;
	size_t used = 0; /* details named so far: the next new one is details[used] */
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
		int32_t d = bytes_get_i32(&r);
		/* one written before, or the next in the order of first use */
		if (r.bad || d < 0 || (uint64_t)d >= nd || (size_t)d > used) {
			r.bad = 1;
			break;
		}
		used += (size_t)d == used;
		x->detail = details[d];
		x->key = text_in(&r, out);
		x->street = text_in(&r, out);
		x->community = text_in(&r, out);
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
	free(details);
	texts_done(out);
	ok = ok && !r.bad && r.left == 0 && used == nd; /* every detail some finding's */
	bytes_close(&r);
	if (!ok) {
		findings_free(out);
		return -1;
	}
	findings_index(out);
	return 0;
}
