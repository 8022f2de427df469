/* The findings' states, selections and keys (report/check.h): what reads or sets a finding's
 * follow-up state once the findings are found (check.c finds them); their texts' blocks, order and
 * counts, and what check_patch's steps share (check_int.h). */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "report/check.h"
#include "report/check_int.h"

#include "util/sortkv.h"
#include "util/strmap.h"

void finding_ref(const char *key, char out[17])
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	/* "%016llx", without printf (once per finding written out). */
	for (int i = 15; i >= 0; i--, h >>= 4)
		out[i] = "0123456789abcdef"[h & 15];
	out[16] = '\0';
}

static const char *const STATE_ID[FS_COUNT] = {"todo", "doing", "done", "na"};
static const char *const STATE_LABEL[FS_COUNT] = {"待整改", "整改中", "已整改", "不适用"};

const char *finding_state_id(finding_state st)
{
	return STATE_ID[st];
}

const char *finding_state_label(finding_state st)
{
	return STATE_LABEL[st];
}

int finding_state_parse(const char *s)
{
	for (int i = 0; s && i < FS_COUNT; i++)
		if (strcmp(s, STATE_ID[i]) == 0 || strcmp(s, STATE_LABEL[i]) == 0)
			return i;
	return -1;
}

int finding_filter_parse(const char *s)
{
	if (!s || !*s)
		return FS_ANY;
	if (strcmp(s, "open") == 0)
		return FS_OPEN;
	int st = finding_state_parse(s);
	return st >= 0 ? st : -2;
}

const char *finding_state_shown(const finding *x)
{
	return x->state == FS_DONE ? "已整改（仍被检出）" : STATE_LABEL[x->state];
}

int finding_selected(const finding *x, const check_rule *only, int filter)
{
	if (only && x->rule != only)
		return 0;
	if (filter == FS_OPEN)
		return x->state == FS_TODO || x->state == FS_DOING;
	return filter == FS_ANY || (int)x->state == filter;
}

size_t findings_count(const findings *fs, const check_rule *only, int filter)
{
	size_t nrules, n = 0;
	const check_rule *rules = check_rules(&nrules);
	for (size_t r = only ? (size_t)(only - rules) : 0; r < (only ? (size_t)(only - rules) + 1 : nrules); r++)
		n += filter == FS_ANY	 ? fs->per_rule[r]
		     : filter == FS_OPEN ? fs->per_state[r][FS_TODO] + fs->per_state[r][FS_DOING]
					 : fs->per_state[r][filter];
	return n;
}

void findings_range(const findings *fs, const check_rule *only, size_t *from, size_t *to)
{
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	*from = only ? fs->rule_at[only - rules] : 0;
	*to = only ? fs->rule_at[only - rules + 1] : fs->n;
}

const finding *findings_lookup(const findings *fs, const char *key_or_ref)
{
	char ref[17];
	for (size_t i = 0; key_or_ref && i < fs->n; i++) {
		if (strcmp(fs->v[i].key, key_or_ref) == 0)
			return &fs->v[i];
		finding_ref(fs->v[i].key, ref);
		if (strcmp(ref, key_or_ref) == 0)
			return &fs->v[i];
	}
	return NULL;
}

void finding_key_shown(const finding *x, int unmasked, buf *out)
{
	if (unmasked)
		buf_puts(out, x->key);
	else
		ledger_key_mask(x->key, out);
}

int finding_state_change(store *s, const store_filter *scope, const char *who, const char *source, const finding *x,
			 finding_state st, const char *note, fg_err *e)
{
	if (note && !*note)
		note = NULL;
	if (note && strlen(note) > 500)
		return err_set(e, FG_EINPUT, "说明不能超过 500 字节");
	int rc = store_begin(s, who, source, e);
	if (rc)
		return rc;
	if (!store_finding_in_scope(s, scope, x->kind, x->id, x->ent))
		rc = err_set(e, FG_EINPUT, "这条检查发现不在您的工作范围内，不能更改其整改状态");
	rc = rc ? rc : store_finding_state_set(s, x->key, st == FS_TODO ? NULL : STATE_ID[st], note, e);
	rc = rc ? rc : store_commit(s, e);
	if (rc)
		store_rollback(s);
	return rc;
}

const check_rule *check_rule_find(const char *id)
{
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	for (size_t r = 0; id && r < nrules; r++)
		if (strcmp(rules[r].id, id) == 0)
			return &rules[r];
	return NULL;
}

/* A block of texts and the number of findings values using it. */
typedef struct text_block {
	atomic_int refs;
	char data[];
} text_block;

/* A copy of t among fs's texts (findings.blocks). */
char *text_put(findings *fs, const char *t)
{
	size_t n = strlen(t) + 1;
	return memcpy(text_room(fs, n), t, n);
}

char *text_room(findings *fs, size_t n)
{
	size_t min = fs->block_min ? fs->block_min : 64 * 1024;
	if (n > fs->texts_left) {
		size_t size = n > min ? n : min;
		text_block *b = xmalloc(sizeof *b + size);
		atomic_init(&b->refs, 1);
		fs->blocks = xrealloc(fs->blocks, (fs->nblocks + 1) * sizeof *fs->blocks);
		fs->blocks[fs->nblocks++] = b;
		fs->texts_at = b->data;
		fs->texts_left = size;
	}
	char *at = fs->texts_at;
	fs->texts_at += n;
	fs->texts_left -= n;
	return at;
}

char *text_put_detail(findings *fs, const char *t)
{
	size_t n = strlen(t);
	if (!fs->details)
		fs->details = xcalloc(1, sizeof *fs->details);
	int64_t *at = strmap_val(fs->details, t, n);
	if (!*at)
		*at = (int64_t)(intptr_t)text_put(fs, t);
	return (char *)(intptr_t)*at;
}

void texts_done(findings *fs)
{
	if (fs->details) {
		strmap_free(fs->details);
		free(fs->details);
		fs->details = NULL;
	}
}

void texts_free(findings *fs)
{
	texts_done(fs);
	for (size_t i = 0; i < fs->nblocks; i++) {
		text_block *b = fs->blocks[i];
		if (atomic_fetch_sub(&b->refs, 1) == 1)
			free(b);
	}
	free(fs->blocks);
}

/* to uses from's blocks too (new texts of to go to a block of its own). */
void texts_share(findings *to, const findings *from)
{
	to->blocks = xrealloc(to->blocks, (to->nblocks + from->nblocks + 1) * sizeof *to->blocks);
	for (size_t i = 0; i < from->nblocks; i++) {
		text_block *b = from->blocks[i];
		atomic_fetch_add(&b->refs, 1);
		to->blocks[to->nblocks++] = b;
	}
}

int finding_cmp(const void *a, const void *b)
{
	const finding *x = *(const finding *const *)a, *y = *(const finding *const *)b;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	int k = strcmp(x->subject, y->subject);
	/* One subject's findings keep the order they were found in (a calendar's, by period). */
	return k ? k : (x->seq > y->seq) - (x->seq < y->seq);
}

/* A finding's place in check_run's order within its rule (24 bytes): the subject's first 8 bytes
 * as a big-endian number (zeros after its end: compared as numbers, they order as strcmp does),
 * the subject (its rest read on a tie), the found order and where the finding is in fs->v. */
typedef struct sort_key {
	uint64_t pre;
	const char *subject;
	uint32_t seq, at;
} sort_key;

static int sort_key_before(const sort_key *x, const sort_key *y)
{
	if (x->pre != y->pre)
		return x->pre < y->pre;
	/* The same first 8 bytes: the subjects differ after them only when neither ended there. */
	if ((x->pre & 0xff) && x->subject != y->subject) {
		int k = strcmp(x->subject + 8, y->subject + 8);
		if (k)
			return k < 0;
	}
	if (x->seq != y->seq)
		return x->seq < y->seq;
	return x->at < y->at;
}

/* k (n keys) sorted by sort_key_before (a merge sort, bottom up, over u's room), into k. */
static void merge_keys(sort_key *k, sort_key *u, size_t n)
{
	sort_key *k0 = k;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi)
				u[o++] = sort_key_before(&k[j], &k[i]) ? k[j++] : k[i++];
			while (i < mid)
				u[o++] = k[i++];
			while (j < hi)
				u[o++] = k[j++];
		}
		sort_key *sw = k;
		k = u;
		u = sw;
	}
	if (k != k0) /* an odd number of passes: the keys back into k0 */
		memcpy(k0, k, n * sizeof *k);
}

/* One rule's keys k (n of them, in fs->v's order) sorted by sort_key_before, u room for as many:
 * by the first 8 bytes of the subject (sort_kv_radix: stable), then each run of keys sharing them
 * by the whole comparison (the rest of the subject, the found order). */
static void sort_rule(sort_key *k, sort_key *u, size_t n)
{
	if (n < 64) {
		merge_keys(k, u, n);
		return;
	}
	sort_kv *kv = xmalloc(n * sizeof *kv);
	for (size_t i = 0; i < n; i++)
		kv[i] = (sort_kv){k[i].pre, i};
	sort_kv_radix(kv, n);
	for (size_t i = 0; i < n; i++)
		u[i] = k[kv[i].val];
	memcpy(k, u, n * sizeof *k);
	free(kv);
	for (size_t lo = 0, hi; lo < n; lo = hi) {
		for (hi = lo + 1; hi < n && k[hi].pre == k[lo].pre; hi++)
			;
		if (hi - lo > 1)
			merge_keys(k + lo, u + lo, hi - lo);
	}
}

/* By rule, then subject, then found order (finding_cmp's order): the keys placed by rule (a
 * counting sort), each rule's sorted (sort_rule), then the findings moved into that order in
 * place, cycle by cycle (a second array of a city's findings would be tens of megabytes); the room
 * beyond the last is given back, the findings being complete. */
void findings_sort(findings *fs)
{
	if (fs->n < 2)
		return;
	const check_rule *rules = CHECK_RULES;
	_Static_assert(sizeof(sort_key) >= sizeof(size_t), "a key's room holds a position");
	sort_key *key = xmalloc(fs->n * sizeof *key), *t = xmalloc(fs->n * sizeof *t);
	size_t at[R_COUNT + 1] = {0};
	for (size_t i = 0; i < fs->n; i++)
		at[fs->v[i].rule - rules + 1]++;
	for (size_t r = 1; r <= R_COUNT; r++)
		at[r] += at[r - 1];
	size_t start[R_COUNT + 1];
	memcpy(start, at, sizeof start);
	for (size_t i = 0; i < fs->n; i++) {
		const finding *x = &fs->v[i];
		uint64_t pre = 0;
		size_t j = 0;
		for (; j < 8 && x->subject[j]; j++)
			pre = pre << 8 | (unsigned char)x->subject[j];
		if (j) /* (an empty subject — names not read when a stop interrupts the reads — keys 0: a
			* shift by 64 is undefined) */
			pre <<= 8 * (8 - j);
		key[at[x->rule - rules]++] = (sort_key){pre, x->subject, x->seq, (uint32_t)i};
	}
	for (size_t r = 0; r < R_COUNT; r++)
		sort_rule(key + start[r], t + start[r], start[r + 1] - start[r]);
	/* from[i]: where the finding that belongs at i is now; SIZE_MAX once placed (in the second
	 * array's room). */
	size_t *from = (size_t *)(void *)t;
	for (size_t i = 0; i < fs->n; i++)
		from[i] = key[i].at;
	free(key);
	for (size_t i = 0; i < fs->n; i++) {
		if (from[i] == SIZE_MAX || from[i] == i) {
			from[i] = SIZE_MAX;
			continue;
		}
		finding first = fs->v[i];
		size_t j = i;
		while (from[j] != i) {
			size_t k = from[j];
			fs->v[j] = fs->v[k];
			from[j] = SIZE_MAX;
			j = k;
		}
		fs->v[j] = first;
		from[j] = SIZE_MAX;
	}
	free(from);
	fs->v = xrealloc(fs->v, fs->n * sizeof *fs->v);
	fs->cap = fs->n;
}

/* The counts by state and where each rule's findings begin (findings_count, findings_range). */
void findings_index(findings *fs)
{
	size_t nrules;
	const check_rule *rules = check_rules(&nrules);
	memset(fs->per_state, 0, sizeof fs->per_state);
	memset(fs->per_rule, 0, sizeof fs->per_rule);
	for (size_t i = 0, r = 0; i <= fs->n; i++) {
		size_t ri = i < fs->n ? (size_t)(fs->v[i].rule - rules) : nrules;
		while (r <= ri)
			fs->rule_at[r++] = i;
		if (i < fs->n) {
			fs->per_state[ri][fs->v[i].state]++;
			fs->per_rule[ri]++;
		}
	}
}

/* Each finding's record, key, ref and place (finding_store.h), in the caller's read moment. */
/* A place's name among fs's texts, stored once (places maps a name to its copy). */
static char *place_put(findings *fs, strmap *places, const buf *name)
{
	int64_t at;
	if (strmap_get(places, buf_cstr(name), name->len, &at))
		return (char *)(intptr_t)at;
	char *t = text_put(fs, buf_cstr(name));
	strmap_put(places, buf_cstr(name), name->len, (int64_t)(intptr_t)t);
	return t;
}

void findings_identify(store_subjects *names, findings *fs)
{
	buf nat = {0}, street = {0}, community = {0}, key = {0};
	strmap places = {0};
	/* Each place's street and community among the texts, by place id (a few thousand places; a
	 * finding's place found there, not its names read and looked up again). */
	struct place_texts {
		char *street, *community;
	} *by_place = NULL;
	size_t nplaces = 0;
	for (size_t i = 0; i < fs->n; i++) {
		finding *x = &fs->v[i];
		buf_reset(&nat);
		int64_t place = 0;
		x->id = store_finding_subject(names, x->kind, x->id, x->natural, x->ent, &nat, &place);
		size_t pl = place > 0 ? (size_t)place : 0;
		if (pl >= nplaces) {
			size_t n = nplaces ? nplaces : 64;
			while (n <= pl)
				n *= 2;
			by_place = xrealloc(by_place, n * sizeof *by_place);
			memset(by_place + nplaces, 0, (n - nplaces) * sizeof *by_place);
			nplaces = n;
		}
		if (!by_place[pl].street) {
			buf_reset(&street);
			buf_reset(&community);
			store_subject_place(names, (int64_t)pl, &street, &community);
			by_place[pl].street = place_put(fs, &places, &street);
			by_place[pl].community = place_put(fs, &places, &community);
		}
		buf_reset(&key);
		buf_puts(&key, x->rule->id);
		if (nat.len) {
			buf_putc(&key, '/');
			buf_add(&key, nat.p, nat.len);
		}
		if (x->item) {
			buf_putc(&key, '/');
			buf_puts(&key, x->item);
		}
		x->key = text_put(fs, buf_cstr(&key));
		x->street = by_place[pl].street;
		x->community = by_place[pl].community;
		/* The natural key: the key's end when it ends with it, else a copy among the texts. */
		if (x->natural_own)
			free(x->natural);
		x->natural_own = 0;
		x->natural = x->item ? text_put(fs, buf_cstr(&nat)) : x->key + key.len - nat.len;
		free(x->item);
		x->item = NULL;
	}
	free(by_place);
	strmap_free(&places);
	buf_free(&nat);
	buf_free(&street);
	buf_free(&community);
	buf_free(&key);
}

/* The stored states, by key (states are few beside the findings: a map of them, each finding
 * looked up in it). */
typedef struct stored_state {
	char *state, *note, *who, *day;
} stored_state;

typedef struct states_ctx {
	stored_state *v;
	size_t n;
	strmap by_key; /* key → index in v */
} states_ctx;

static int on_state(void *p, const char *key, const char *state, const char *note, const char *who, const char *day)
{
	states_ctx *c = p;
	if (finding_state_parse(state) < 0)
		return 0;
	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	c->v[c->n] = (stored_state){xstrdup(state), note ? xstrdup(note) : NULL, xstrdup(who), xstrdup(day)};
	strmap_put(&c->by_key, key, strlen(key), (int64_t)c->n);
	c->n++;
	return 0;
}

/* The stored states of the findings (a state of a finding no longer found stays stored, unused).
 * Findings sharing a key (two of one day, say) share its state. */
char *finding_said(const char *who, const char *day, const char *note)
{
	who = who ? who : "";
	day = day ? day : "";
	size_t a = strlen(who) + 1, b = strlen(day) + 1, c = note ? strlen(note) + 1 : 0;
	char *t = xmalloc(1 + a + b + (c ? c : 1));
	t[0] = note ? 1 : 0;
	memcpy(t + 1, who, a);
	memcpy(t + 1 + a, day, b);
	if (note)
		memcpy(t + 1 + a + b, note, c);
	else
		t[1 + a + b] = 0;
	return t;
}

int findings_states(store *s, findings *fs, fg_err *e)
{
	states_ctx c = {NULL, 0, {0}};
	int rc = store_finding_states(s, on_state, &c, e);
	for (size_t i = 0; !rc && c.n && i < fs->n; i++) {
		finding *x = &fs->v[i];
		int64_t at;
		if (!strmap_get(&c.by_key, x->key, strlen(x->key), &at))
			continue;
		const stored_state *ss = &c.v[at];
		x->state = (finding_state)finding_state_parse(ss->state);
		x->said = finding_said(ss->who, ss->day, ss->note);
	}
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].state);
		free(c.v[i].note);
		free(c.v[i].who);
		free(c.v[i].day);
	}
	free(c.v);
	strmap_free(&c.by_key);
	return rc;
}

int findings_restate(store *s, const findings *from, findings *to, fg_err *e)
{
	memset(to, 0, sizeof *to);
	to->n = to->cap = from->n;
	to->v = xmalloc((from->n ? from->n : 1) * sizeof *to->v);
	texts_share(to, from);
	for (size_t i = 0; i < from->n; i++) {
		finding *x = &to->v[i];
		*x = from->v[i]; /* the texts are from's, shared */
		x->state = FS_TODO;
		x->said = NULL;
	}
	int rc = findings_states(s, to, e);
	findings_index(to);
	return rc;
}

int check_id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int id_at_cmp(const void *a, const void *b)
{
	const id_at *x = a, *y = b;
	return x->id != y->id ? (x->id > y->id) - (x->id < y->id) : (x->at > y->at) - (x->at < y->at);
}

id_at *rule_ids(const findings *prev, const check_rule *r, unsigned char *drop, size_t *n)
{
	size_t from, to;
	findings_range(prev, r, &from, &to);
	id_at *v = xmalloc((to - from ? to - from : 1) * sizeof *v);
	for (size_t i = from; i < to; i++) {
		v[i - from] = (id_at){prev->v[i].id, i};
		drop[i] = 1;
	}
	qsort(v, to - from, sizeof *v, id_at_cmp);
	*n = to - from;
	return v;
}

size_t id_first(const id_at *v, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int patch_ties(const findings *fs, size_t seq0)
{
	for (size_t i = 1; i < fs->n; i++) {
		const finding *x = &fs->v[i - 1], *y = &fs->v[i];
		if (x->rule == y->rule && (x->seq >= seq0 || y->seq >= seq0) && x->id != y->id &&
		    strcmp(x->subject, y->subject) == 0)
			return 1;
	}
	return 0;
}
