/* The list columns of the ledgers (参加党员, 缺席党员及原因): their parsers, called by
 * ledger_parse_value (ledger.c) with the raw cell. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ledger.h"
#include "core/ledger_int.h"

/* Items of a list column, collected to be checked for repeats and sorted. */
typedef struct items {
	char **v;
	size_t n, cap;
} items;

static void items_add(items *it, const char *s)
{
	if (it->n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 16;
		it->v = xrealloc(it->v, it->cap * sizeof *it->v);
	}
	it->v[it->n++] = xstrdup(s);
}

static void items_free(items *it)
{
	for (size_t i = 0; i < it->n; i++)
		free(it->v[i]);
	free(it->v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the items (an ID number leads each one) and joins them with "；"; a repeated ID number is
 * refused, since a person is counted once per meeting. */
static val_status items_finish(items *it, buf *out, buf *msg)
{
	if (it->n)
		qsort(it->v, it->n, sizeof *it->v, cmp_str);
	for (size_t i = 0; i < it->n; i++) {
		if (i && strncmp(it->v[i - 1], it->v[i], 18) == 0) {
			buf_printf(msg, "“%.18s”重复出现", it->v[i]);
			return VAL_ERROR;
		}
		if (i)
			buf_puts(out, "；");
		buf_puts(out, it->v[i]);
	}
	return it->n ? VAL_OK : VAL_EMPTY;
}

/* 参加党员: each canonical ID number (17 digits and a digit or X) as an integer whose order is the
 * text's byte order — the 17 digits times 11 plus the last (X = 10) — so that a meeting's dozen
 * are kept on the stack and sorted as integers, then written back as text joined by "；". */
#define IDLIST_LOCAL 64
struct idlist_ctx {
	const ledger_ctx *ctx;
	uint64_t *v;
	size_t n, cap;
	uint64_t local[IDLIST_LOCAL];
	buf *err;
};

/* The 8 ASCII digits at s as a number, a word at a time (each step joins neighbouring groups). */
static uint64_t digits8(const char *s)
{
	uint64_t v;
	memcpy(&v, s, 8);
	v -= 0x3030303030303030ull;                                           /* little-endian: s[0] lowest */
	v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFull;                      /* pairs */
	v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFull;                    /* fours */
	return (v * 10000 + (v >> 32)) & 0xFFFFFFFFull;                       /* eight */
}

static uint64_t idno_key(const char *norm)
{
	uint64_t k = digits8(norm) * 100000000u + digits8(norm + 8);
	k = k * 10 + (uint64_t)(norm[16] - '0');
	return k * 11 + (uint64_t)(norm[17] == 'X' ? 10 : norm[17] - '0');
}

static void idno_of_key(uint64_t k, char out[18])
{
	int last = (int)(k % 11);
	out[17] = last == 10 ? 'X' : (char)('0' + last);
	k /= 11;
	for (int i = 16; i >= 0; i--, k /= 10)
		out[i] = (char)('0' + k % 10);
}

/* ID numbers of list items found valid, remembered between ledger_idno_memo(1) and (0) in the
 * calling thread (an import) for the day they were checked against: a member attends a meeting a
 * fortnight, so an import meets each number twenty times, and its check (area, birth date, check
 * digit) is a pure function of the 18 characters and the day. Only an item already in canonical
 * form (17 ASCII digits and a digit or X, which the check copies unchanged) is looked up, so a
 * remembered number stands for exactly the text that was checked. Open addressing over the integer
 * keys (0: empty slot — no valid number has key 0, its area code 000000 does not exist); emptied
 * when full rather than grown past SEEN_MAX. */
#define SEEN_MAX (1u << 21)
static _Thread_local struct {
	int on;
	uint64_t *v;
	size_t cap, n;
	int today;
} seen;

void ledger_idno_memo(int on)
{
	free(seen.v);
	memset(&seen, 0, sizeof seen);
	seen.on = on;
}

static size_t seen_slot(uint64_t k, size_t cap)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
}

static int seen_has(uint64_t k, int today)
{
	if (!seen.cap || seen.today != today)
		return 0; /* (never filled unless on) */
	for (size_t i = seen_slot(k, seen.cap);; i = (i + 1) & (seen.cap - 1)) {
		if (seen.v[i] == k)
			return 1;
		if (!seen.v[i])
			return 0;
	}
}

static void seen_add(uint64_t k, int today)
{
	if (!seen.on)
		return;
	if (seen.today != today || 2 * (seen.n + 1) > seen.cap) {
		size_t cap = seen.today != today || !seen.cap ? 1u << 16 : seen.cap * 2;
		uint64_t *old = seen.v;
		size_t ocap = seen.today != today ? 0 : seen.cap;
		if (cap > SEEN_MAX) { /* full: start again */
			cap = 1u << 16;
			ocap = 0;
		}
		seen.v = xcalloc(cap, sizeof *seen.v);
		seen.cap = cap;
		seen.n = 0;
		seen.today = today;
		for (size_t i = 0; i < ocap; i++)
			if (old[i])
				seen_add(old[i], today);
		free(old);
	}
	size_t i = seen_slot(k, seen.cap);
	while (seen.v[i] && seen.v[i] != k)
		i = (i + 1) & (seen.cap - 1);
	if (!seen.v[i]) {
		seen.v[i] = k;
		seen.n++;
	}
}

/* 17 ASCII digits and a digit or X: the canonical form, which the check leaves as it is. */
static int idno_shaped(const char *s, size_t len)
{
	if (len != 18)
		return 0;
	/* 16 digits a word at a time: a byte outside '0'..'9' sets its high bit in one of the sums. */
	uint64_t a, b, hi = 0x8080808080808080ull;
	memcpy(&a, s, 8);
	memcpy(&b, s + 8, 8);
	if (((a + 0x4646464646464646ull) | (a - 0x3030303030303030ull) | (b + 0x4646464646464646ull) |
	     (b - 0x3030303030303030ull) | a | b) & hi)
		return 0;
	return s[16] >= '0' && s[16] <= '9' && ((s[17] >= '0' && s[17] <= '9') || s[17] == 'X');
}

uint64_t ledger_idno_key(const char *s, size_t len)
{
	return idno_shaped(s, len) ? idno_key(s) : 0;
}

/* idno_check of a list's item (len bytes, not terminated), remembered as above: on VAL_OK *key
 * is the number's key (idno_key), else why says what is wrong. */
static val_status idno_item(const char *item, size_t len, const ledger_ctx *ctx, uint64_t *key, buf *why)
{
	int shaped = idno_shaped(item, len);
	if (shaped && seen_has(*key = idno_key(item), ctx->today))
		return VAL_OK;
	char one[64], norm[19];
	buf big = {0};
	const char *raw = one;
	if (len < sizeof one) {
		memcpy(one, item, len);
		one[len] = '\0';
	} else {
		buf_add(&big, item, len);
		raw = buf_cstr(&big);
	}
	val_status st = idno_check(raw, NULL, 0, 0, ctx, norm, why);
	buf_free(&big);
	if (st == VAL_ERROR)
		return st;
	*key = idno_key(norm);
	if (shaped)
		seen_add(*key, ctx->today);
	return st;
}

static void idlist_item(void *p, const char *item, size_t len)
{
	struct idlist_ctx *lc = p;
	if (lc->err->len)
		return;
	buf why = {0};
	uint64_t key;
	if (idno_item(item, len, lc->ctx, &key, &why) == VAL_ERROR) {
		buf_printf(lc->err, "“%.*s”：%s", (int)len, item, buf_cstr(&why));
	} else {
		if (lc->n == lc->cap) {
			lc->cap *= 2;
			if (lc->v == lc->local) {
				lc->v = xmalloc(lc->cap * sizeof *lc->v);
				memcpy(lc->v, lc->local, sizeof lc->local);
			} else {
				lc->v = xrealloc(lc->v, lc->cap * sizeof *lc->v);
			}
		}
		lc->v[lc->n++] = key;
	}
	buf_free(&why);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The separator of the canonical lists. */
static const char SEP[] = "；";
#define SEP_LEN 3

/* A 参加党员 cell already in its canonical form — canonical numbers joined by "；" in increasing
 * order, nothing else — is its own canonical text: each number is checked (remembered as above)
 * and the cell copied, without splitting, sorting and joining it again. 0 when the cell is not in
 * that form or a number is wrong: the general parser below then decides (and names the error). */
static int idno_list_canonical(const char *raw, const ledger_ctx *ctx, buf *out)
{
	uint64_t prev = 0;
	const char *p = raw;
	buf why = {0};
	int ok = 1;
	for (;;) {
		uint64_t key;
		if (!idno_shaped(p, strnlen(p, 18)) || idno_item(p, 18, ctx, &key, &why) == VAL_ERROR || key <= prev) {
			ok = 0;
			break;
		}
		prev = key;
		p += 18;
		if (!*p)
			break;
		if (strncmp(p, SEP, SEP_LEN) != 0) {
			ok = 0;
			break;
		}
		p += SEP_LEN;
	}
	buf_free(&why);
	if (ok)
		buf_add(out, raw, (size_t)(p - raw));
	return ok;
}

val_status parse_idno_list(const char *raw, const ledger_ctx *ctx, buf *out, buf *msg)
{
	if (idno_list_canonical(raw, ctx, out))
		return VAL_OK;
	struct idlist_ctx lc;
	lc.ctx = ctx;
	lc.v = lc.local;
	lc.n = 0;
	lc.cap = IDLIST_LOCAL;
	lc.err = msg;
	ledger_list_each(raw, idlist_item, &lc);
	val_status st = msg->len ? VAL_ERROR : lc.n ? VAL_OK : VAL_EMPTY;
	if (st == VAL_OK)
		qsort(lc.v, lc.n, sizeof *lc.v, cmp_u64);
	for (size_t i = 0; st == VAL_OK && i < lc.n; i++) {
		char id[18];
		idno_of_key(lc.v[i], id);
		if (i && lc.v[i - 1] == lc.v[i]) {
			buf_printf(msg, "“%.18s”重复出现", id);
			st = VAL_ERROR;
			break;
		}
		if (i)
			buf_puts(out, "；");
		buf_add(out, id, 18);
	}
	if (lc.v != lc.local)
		free(lc.v);
	return st;
}

/* An absentee item's separator between number and reason: ':' or '：'; NULL when there is none. */
static const char *colon(const char *s, size_t *len)
{
	const char *a = strchr(s, ':'), *b = strstr(s, "：");
	if (a && (!b || a < b)) {
		*len = 1;
		return a;
	}
	*len = 3;
	return b;
}

/* A reason that text_clean leaves as it is and that holds no separator or colon: no ASCII
 * whitespace, ';', ':', "；", "：", U+3000 or U+00A0; len bytes, at least one. */
static int reason_plain(const char *r, size_t len)
{
	if (!len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)r[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == ':')
			return 0;
		if (c == 0xC2 && i + 1 < len && (unsigned char)r[i + 1] == 0xA0)
			return 0;
		if (c == 0xE3 && i + 2 < len && (unsigned char)r[i + 1] == 0x80 && (unsigned char)r[i + 2] == 0x80)
			return 0;
		if (c == 0xEF && i + 2 < len && (unsigned char)r[i + 1] == 0xBC &&
		    ((unsigned char)r[i + 2] == 0x9A || (unsigned char)r[i + 2] == 0x9B)) /* ： ； */
			return 0;
	}
	return 1;
}

/* An absentee cell already in its canonical form — items "number：reason" joined by "；", each
 * number canonical and valid, in increasing order, each reason plain (reason_plain) — is its own
 * canonical text (as idno_list_canonical). 0 otherwise: the general parser then decides. */
static int absent_list_canonical(const char *raw, const ledger_ctx *ctx, buf *out)
{
	static const char COLON[] = "：";
	uint64_t prev = 0;
	const char *p = raw;
	buf why = {0};
	int ok = 1;
	for (;;) {
		uint64_t key;
		if (!idno_shaped(p, strnlen(p, 18)) || strncmp(p + 18, COLON, 3) != 0 ||
		    idno_item(p, 18, ctx, &key, &why) == VAL_ERROR || key <= prev) {
			ok = 0;
			break;
		}
		prev = key;
		const char *r = p + 21, *end = strstr(r, SEP);
		size_t rl = end ? (size_t)(end - r) : strlen(r);
		if (!reason_plain(r, rl)) {
			ok = 0;
			break;
		}
		p = r + rl;
		if (!*p)
			break;
		p += SEP_LEN;
	}
	buf_free(&why);
	if (ok)
		buf_add(out, raw, (size_t)(p - raw));
	return ok;
}

/* Absentees: items "号码：原因" separated by ； ; or line breaks — not by 、 or ，, which reasons use. */
val_status parse_absent_list(const char *raw, const ledger_ctx *ctx, buf *out, buf *msg)
{
	if (absent_list_canonical(raw, ctx, out))
		return VAL_OK;
	items it = {0};
	buf one = {0}, id = {0}, reason = {0}, norm = {0}, why = {0};
	const char *p = raw;
	while (*p && !msg->len) {
		size_t n = strcspn(p, ";\r\n");
		const char *fw = strstr(p, "；");
		if (fw && (size_t)(fw - p) < n)
			n = (size_t)(fw - p);
		buf_reset(&one);
		buf_add(&one, p, n);
		p += n;
		p += *p == '\0' ? 0 : strncmp(p, "；", 3) == 0 ? 3 : 1;
		buf_reset(&reason);
		text_clean(buf_cstr(&one), &reason);
		if (!reason.len)
			continue;
		size_t cl;
		const char *c = colon(buf_cstr(&reason), &cl);
		if (!c) {
			buf_printf(msg, "“%s”缺少缺席原因（写作 公民身份号码：原因，多人用“；”分隔）", buf_cstr(&reason));
			break;
		}
		buf_reset(&id);
		buf_add(&id, reason.p, (size_t)(c - reason.p));
		const char *r = c + cl;
		size_t dummy;
		if (colon(r, &dummy)) {
			buf_printf(msg, "“%s”含有多个冒号：多名缺席党员请用“；”分隔", buf_cstr(&reason));
			break;
		}
		char normid[19];
		uint64_t key;
		if (idno_item(buf_cstr(&id), id.len, ctx, &key, &why) == VAL_ERROR) {
			buf_printf(msg, "“%s”：%s", buf_cstr(&id), buf_cstr(&why));
			break;
		}
		idno_of_key(key, normid);
		normid[18] = '\0';
		buf_reset(&norm);
		buf_puts(&norm, normid);
		buf tr = {0};
		text_clean(r, &tr);
		if (!tr.len) {
			buf_printf(msg, "“%s”缺少缺席原因", buf_cstr(&reason));
			buf_free(&tr);
			break;
		}
		buf_puts(&norm, "：");
		buf_puts(&norm, buf_cstr(&tr));
		buf_free(&tr);
		items_add(&it, buf_cstr(&norm));
	}
	val_status st = msg->len ? VAL_ERROR : items_finish(&it, out, msg);
	items_free(&it);
	buf_free(&one);
	buf_free(&id);
	buf_free(&reason);
	buf_free(&norm);
	buf_free(&why);
	return st;
}

