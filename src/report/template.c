#include "report/template.h"

#include "core/collate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

static void set_kv(char ***keys, char ***vals, size_t *n, const char *key, const char *val)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*keys)[i], key) == 0) {
			free((*vals)[i]);
			(*vals)[i] = xstrdup(val);
			return;
		}
	*keys = xrealloc(*keys, (*n + 1) * sizeof **keys);
	*vals = xrealloc(*vals, (*n + 1) * sizeof **vals);
	(*keys)[*n] = xstrdup(key);
	(*vals)[*n] = xstrdup(val);
	(*n)++;
}

void tpl_set(tpl_ctx *c, const char *key, const char *val)
{
	set_kv(&c->keys, &c->vals, &c->n, key, val);
}

void tpl_setf(tpl_ctx *c, const char *key, const char *fmt, ...)
{
	buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	tpl_set(c, key, buf_cstr(&b));
	buf_free(&b);
}

tpl_item *tpl_list_add(tpl_ctx *c, const char *name)
{
	tpl_list *l = NULL;
	for (size_t i = 0; i < c->nlists; i++)
		if (strcmp(c->lists[i].name, name) == 0)
			l = &c->lists[i];
	if (!l) {
		c->lists = xrealloc(c->lists, (c->nlists + 1) * sizeof *c->lists);
		l = &c->lists[c->nlists++];
		memset(l, 0, sizeof *l);
		l->name = xstrdup(name);
	}
	l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
	tpl_item *it = &l->items[l->n++];
	memset(it, 0, sizeof *it);
	return it;
}

void tpl_item_set(tpl_item *it, const char *key, const char *val)
{
	set_kv(&it->keys, &it->vals, &it->nfields, key, val);
}

void tpl_item_setf(tpl_item *it, const char *key, const char *fmt, ...)
{
	buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	tpl_item_set(it, key, buf_cstr(&b));
	buf_free(&b);
}

static void free_kv(char **keys, char **vals, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(keys[i]);
		free(vals[i]);
	}
	free(keys);
	free(vals);
}

void tpl_free(tpl_ctx *c)
{
	free_kv(c->keys, c->vals, c->n);
	for (size_t i = 0; i < c->nlists; i++) {
		for (size_t j = 0; j < c->lists[i].n; j++)
			free_kv(c->lists[i].items[j].keys, c->lists[i].items[j].vals, c->lists[i].items[j].nfields);
		free(c->lists[i].items);
		free(c->lists[i].name);
	}
	free(c->lists);
	memset(c, 0, sizeof *c);
}

void tpl_cn_number(int n, char out[16])
{
	if (n <= 0 || n > 99)
		snprintf(out, 16, "%d", n);
	else
		collate_cn_numeral(n, out, 16);
}

/* Expansion state. */
typedef struct ex {
	const tpl_ctx *c;
	const char *src, *end;
	buf *out;
	fg_err *e;
	int next;           /* @next counter */
	const tpl_item *item; /* innermost #each item */
	size_t index, count;
	int depth;
} ex;

static int line_of(const ex *x, const char *p)
{
	int line = 1;
	for (const char *q = x->src; q < p && q < x->end; q++)
		line += *q == '\n';
	return line;
}

static int fail(ex *x, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(ex *x, const char *at, const char *fmt, ...)
{
	buf what = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&what, fmt, ap);
	va_end(ap);
	int rc = err_set(x->e, FG_EINPUT, "模板第 %d 行：%s", line_of(x, at), buf_cstr(&what));
	buf_free(&what);
	return rc;
}

static const char *lookup(const ex *x, const char *name, size_t n, int *found)
{
	*found = 1;
	static char tmp[32];
	if (name[0] == '.' && x->item) {
		for (size_t i = 0; i < x->item->nfields; i++)
			if (strlen(x->item->keys[i]) == n - 1 && memcmp(x->item->keys[i], name + 1, n - 1) == 0)
				return x->item->vals[i];
	} else if (name[0] == '@' && x->item) {
		if (n == 6 && memcmp(name, "@index", 6) == 0) {
			snprintf(tmp, sizeof tmp, "%zu", x->index + 1);
			return tmp;
		}
		if (n == 3 && memcmp(name, "@cn", 3) == 0) {
			tpl_cn_number((int)x->index + 1, tmp);
			return tmp;
		}
		if (n == 5 && memcmp(name, "@last", 5) == 0)
			return x->index + 1 == x->count ? "1" : "";
		if (n == 6 && memcmp(name, "@first", 6) == 0)
			return x->index == 0 ? "1" : "";
	} else {
		for (size_t i = 0; i < x->c->n; i++)
			if (strlen(x->c->keys[i]) == n && memcmp(x->c->keys[i], name, n) == 0)
				return x->c->vals[i];
		for (size_t i = 0; i < x->c->nlists; i++)
			if (strlen(x->c->lists[i].name) == n && memcmp(x->c->lists[i].name, name, n) == 0) {
				snprintf(tmp, sizeof tmp, "%zu", x->c->lists[i].n);
				return tmp; /* a list used as a value is its length */
			}
	}
	*found = 0;
	return NULL;
}

/* The next "{{" in [p, end), or NULL. The template need not be NUL-terminated. */
static const char *open_tag(const char *p, const char *end)
{
	for (; p + 1 < end; p++)
		if (p[0] == '{' && p[1] == '{')
			return p;
	return NULL;
}

/* Finds the end of the tag starting at p ("{{"), returning the pointer after "}}" or NULL. */
static const char *tag_end(const char *p, const char *end)
{
	for (const char *q = p + 2; q + 1 < end; q++)
		if (q[0] == '}' && q[1] == '}')
			return q + 2;
	return NULL;
}

static void trim(const char **a, const char **b)
{
	while (*a < *b && (**a == ' ' || **a == '\t'))
		(*a)++;
	while (*b > *a && ((*b)[-1] == ' ' || (*b)[-1] == '\t'))
		(*b)--;
}

/* Evaluates a condition: "name", "name > 3", "name == 0" … Returns 0/1, or -1 on error. */
static int cond(ex *x, const char *a, const char *b, const char *at)
{
	trim(&a, &b);
	const char *op = a;
	while (op < b && *op != '>' && *op != '<' && *op != '=' && *op != '!')
		op++;
	const char *ne = op;
	trim(&a, &ne);
	int found;
	const char *v = lookup(x, a, (size_t)(ne - a), &found);
	if (!found)
		return fail(x, at, "条件中有未知的名称“%.*s”", (int)(ne - a), a), -1;
	if (op == b) /* truthy: non-empty and not a zero figure */
		return *v && strcmp(v, "0") != 0 && strcmp(v, "0.0%") != 0 && strcmp(v, "—") != 0;
	char opbuf[3] = {0};
	size_t ol = (op + 1 < b && op[1] == '=') ? 2 : 1;
	memcpy(opbuf, op, ol);
	const char *num = op + ol;
	const char *nb = b;
	trim(&num, &nb);
	char tmp[64];
	size_t nl = (size_t)(nb - num) < sizeof tmp - 1 ? (size_t)(nb - num) : sizeof tmp - 1;
	memcpy(tmp, num, nl);
	tmp[nl] = '\0';
	char *endp;
	double rhs = strtod(tmp, &endp);
	if (endp == tmp || *endp)
		return fail(x, at, "条件右边应为数字：“%.*s”", (int)(nb - num), num), -1;
	double lhs = strtod(v, NULL); /* "71.4%" reads as 71.4 */
	if (strcmp(opbuf, ">") == 0)
		return lhs > rhs;
	if (strcmp(opbuf, "<") == 0)
		return lhs < rhs;
	if (strcmp(opbuf, ">=") == 0)
		return lhs >= rhs;
	if (strcmp(opbuf, "<=") == 0)
		return lhs <= rhs;
	if (strcmp(opbuf, "==") == 0)
		return lhs == rhs;
	if (strcmp(opbuf, "!=") == 0)
		return lhs != rhs;
	return fail(x, at, "不认识的比较符“%.*s”", (int)ol, op), -1;
}

/* Finds the {{/kw}} matching a block opened before p, and a same-depth {{else}} if any. */
static const char *find_close(ex *x, const char *p, const char *kw, const char **else_at, const char **after)
{
	int depth = 0;
	size_t kl = strlen(kw);
	*else_at = NULL;
	while (p < x->end) {
		const char *t = open_tag(p, x->end);
		if (!t)
			return NULL;
		const char *te = tag_end(t, x->end);
		if (!te)
			return NULL;
		const char *in = t + 2;
		if (*in == '#')
			depth++;
		else if (*in == '/' && depth > 0)
			depth--;
		else if (*in == '/' && (size_t)(te - 2 - in - 1) == kl && memcmp(in + 1, kw, kl) == 0) {
			*after = te;
			return t;
		} else if (depth == 0 && te - 2 - in == 4 && memcmp(in, "else", 4) == 0 && !*else_at)
			*else_at = t;
		p = te;
	}
	return NULL;
}

static int expand(ex *x, const char *p, const char *end);

static int expand_range(ex *x, const char *p, const char *end)
{
	const char *save_end = x->end;
	x->end = end;
	int rc = expand(x, p, end);
	x->end = save_end;
	return rc;
}

static int expand(ex *x, const char *p, const char *end)
{
	if (++x->depth > MAX_DEPTH) {
		x->depth--;
		return fail(x, p, "嵌套层数超过 %d 层", MAX_DEPTH);
	}
	int rc = FG_OK;
	while (p < end && !rc) {
		const char *t = open_tag(p, end);
		if (!t) {
			buf_add(x->out, p, (size_t)(end - p));
			break;
		}
		buf_add(x->out, p, (size_t)(t - p));
		/* "## " at a line start restarts @next. */
		for (const char *q = p; q < t; q++)
			if ((q == x->src || q[-1] == '\n') && end - q > 3 && memcmp(q, "## ", 3) == 0)
				x->next = 0;
		const char *te = tag_end(t, end);
		if (!te) {
			rc = fail(x, t, "“{{”没有对应的“}}”");
			break;
		}
		const char *a = t + 2, *b = te - 2;
		trim(&a, &b);
		if (*a == '#') {
			const char *kw = a + 1, *kwe = kw;
			while (kwe < b && *kwe != ' ')
				kwe++;
			size_t kl = (size_t)(kwe - kw);
			const char *close_kw = kl == 2 && memcmp(kw, "if", 2) == 0		 ? "if"
					       : kl == 6 && memcmp(kw, "unless", 6) == 0 ? "unless"
					       : kl == 4 && memcmp(kw, "each", 4) == 0	 ? "each"
											 : NULL;
			if (!close_kw) {
				rc = fail(x, t, "不认识的块“#%.*s”（应为 #if、#unless 或 #each）", (int)kl, kw);
				break;
			}
			const char *else_at, *after;
			const char *close = find_close(x, te, close_kw, &else_at, &after);
			if (!close) {
				rc = fail(x, t, "“{{#%.*s}}”没有对应的结束标记", (int)strlen(close_kw), close_kw);
				break;
			}
			if (strcmp(close_kw, "each") == 0) {
				const char *ln = kwe, *lne = b;
				trim(&ln, &lne);
				const tpl_list *l = NULL;
				for (size_t i = 0; i < x->c->nlists; i++)
					if (strlen(x->c->lists[i].name) == (size_t)(lne - ln) &&
					    memcmp(x->c->lists[i].name, ln, (size_t)(lne - ln)) == 0)
						l = &x->c->lists[i];
				if (!l) {
					/* An unknown list is an error; a known empty list is simply empty. */
					int known = 0;
					for (size_t i = 0; i < x->c->n; i++)
						if (strlen(x->c->keys[i]) == (size_t)(lne - ln) && memcmp(x->c->keys[i], ln, (size_t)(lne - ln)) == 0)
							known = 1;
					if (!known) {
						rc = fail(x, t, "未知的列表“%.*s”", (int)(lne - ln), ln);
						break;
					}
				}
				const tpl_item *save_item = x->item;
				size_t save_index = x->index, save_count = x->count;
				for (size_t i = 0; l && i < l->n && !rc; i++) {
					x->item = &l->items[i];
					x->index = i;
					x->count = l->n;
					rc = expand_range(x, te, else_at ? else_at : close);
				}
				x->item = save_item;
				x->index = save_index;
				x->count = save_count;
			} else {
				int v = cond(x, kwe, b, t);
				if (v < 0) {
					rc = FG_EINPUT;
					break;
				}
				if (close_kw[0] == 'u')
					v = !v;
				if (v)
					rc = expand_range(x, te, else_at ? else_at : close);
				else if (else_at)
					rc = expand_range(x, tag_end(else_at, end), close);
			}
			p = after;
			continue;
		}
		if (*a == '/' || (b - a == 4 && memcmp(a, "else", 4) == 0)) {
			rc = fail(x, t, "多余的“{{%.*s}}”", (int)(b - a), a);
			break;
		}
		if (b - a == 5 && memcmp(a, "@next", 5) == 0) {
			char cn[16];
			tpl_cn_number(++x->next, cn);
			buf_puts(x->out, cn);
			p = te;
			continue;
		}
		int found;
		const char *v = lookup(x, a, (size_t)(b - a), &found);
		if (!found) {
			rc = fail(x, t, "未知的占位符 {{%.*s}}", (int)(b - a), a);
			break;
		}
		buf_puts(x->out, v);
		p = te;
	}
	x->depth--;
	return rc;
}

int tpl_expand(const tpl_ctx *c, const char *src, size_t len, buf *out, fg_err *e)
{
	ex x = {c, src, src + len, out, e, 0, NULL, 0, 0, 0};
	return expand(&x, src, src + len);
}
