/* The findings' states, selections and keys (report/check.h): what reads or sets a finding's
 * follow-up state once the findings are found (check.c finds them); their texts' blocks, order and
 * counts (check_int.h). */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "report/check.h"
#include "report/check_int.h"

void finding_ref(const char *key, char out[17])
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	snprintf(out, 17, "%016llx", (unsigned long long)h);
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
	for (size_t i = 0; key_or_ref && i < fs->n; i++)
		if (strcmp(fs->v[i].key, key_or_ref) == 0 || strcmp(fs->v[i].ref, key_or_ref) == 0)
			return &fs->v[i];
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
	size_t n = strlen(t) + 1, min = fs->block_min ? fs->block_min : 64 * 1024;
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
	memcpy(at, t, n);
	fs->texts_at += n;
	fs->texts_left -= n;
	return at;
}

void texts_free(findings *fs)
{
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

/* By rule, then subject: sorted as pointers (a finding is large), then moved into that order in
 * place, cycle by cycle (a second array of a city's findings would be tens of megabytes); the room
 * beyond the last is given back, the findings being complete. */
void findings_sort(findings *fs)
{
	if (fs->n < 2)
		return;
	finding **p = xmalloc(fs->n * sizeof *p);
	for (size_t i = 0; i < fs->n; i++)
		p[i] = &fs->v[i];
	qsort(p, fs->n, sizeof *p, finding_cmp);
	/* from[i]: where the finding that belongs at i is now; SIZE_MAX once placed. */
	size_t *from = xmalloc(fs->n * sizeof *from);
	for (size_t i = 0; i < fs->n; i++)
		from[i] = (size_t)(p[i] - fs->v);
	free(p);
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

