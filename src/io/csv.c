/* csv — the CSV half of tab: RFC 4180 as Excel and WPS write it, in UTF-8 (with or without
 * BOM), GB18030/GBK (Excel "CSV (逗号分隔)" on Chinese Windows) or UTF-16 with a BOM (Excel
 * "Unicode 文本", tab-separated). A cell that csv_cell neutralised ('=…) is read back as it was.
 *
 * The whole input is decoded to UTF-8 first, then parsed in one pass. Each row's cell bytes
 * go into one reused buffer, so parsing allocates only when a row is larger than any before. */
#include "io/tab.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/csvout.h"
#include "util/buf.h"
#include "util/utf8.h"

/* Progress is reported at most once per this many bytes, so a callback that redraws a
 * terminal line costs nothing measurable. */
#define PROGRESS_STEP ((size_t)1 << 20)

/* Non-ASCII UTF-8 characters before the first invalid byte that make a file UTF-8 with a
 * damaged byte rather than GBK (see tab_read_csv_mem). */
#define UTF8_EVIDENCE 8

typedef struct csv_row {
	buf text;        /* the row's cells, each followed by its NUL */
	size_t *off;     /* off[i]: where cell i starts in text */
	tab_cell *cells; /* handed to the callback; pointers fixed once the row is complete */
	size_t n, cap;
} csv_row;

static const char *display_name(const tab_opts *opts)
{
	return opts && opts->display ? opts->display : "（内存数据）";
}

/* The 1-based physical line holding byte off: CRLF, LF and a lone CR each end a line. */
static size_t line_of(const char *p, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++) {
		if (p[i] == '\n')
			line++;
		else if (p[i] == '\r' && (i + 1 >= off || p[i + 1] != '\n'))
			line++;
	}
	return line;
}

/* Converts src from encoding `from` to UTF-8 into a new allocation (*out, *outlen; the caller
 * frees). Returns 0, or -1 with *bad set to the offset of the first byte that does not decode,
 * or -2 when iconv does not know the encoding. */
static int to_utf8(const char *from, const char *src, size_t len, char **out, size_t *outlen,
		   size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -2;
	/* Two GBK bytes become three UTF-8 bytes, two UTF-16 bytes at most three. */
	size_t cap = len + len / 2 + 16;
	char *dst = xmalloc(cap);
	char *in = (char *)src; /* iconv's prototype is not const-correct */
	size_t inleft = len, used = 0;
	while (inleft > 0) {
		char *o = dst + used;
		size_t oleft = cap - used;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		used = (size_t)(o - dst);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			cap *= 2;
			dst = xrealloc(dst, cap);
			continue;
		}
		/* EILSEQ (a byte sequence the encoding does not have) or EINVAL (cut off at the end) */
		*bad = (size_t)(in - src);
		iconv_close(cd);
		free(dst);
		return -1;
	}
	iconv_close(cd);
	*out = dst;
	*outlen = used;
	return 0;
}

/* Chooses the delimiter from the first non-empty line: a comma, unless that line has tabs
 * and no commas (Excel's "Unicode 文本" and "文本文件（制表符分隔）"). Quoted text is ignored. */
static char sniff_delim(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len && (p[i] == '\n' || p[i] == '\r'))
		i++;
	int inq = 0;
	size_t commas = 0, tabs = 0;
	for (; i < len; i++) {
		char c = p[i];
		if (c == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			commas++;
		else if (c == '\t')
			tabs++;
	}
	return commas == 0 && tabs > 0 ? '\t' : ',';
}

static void cell_begin(csv_row *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->off = xrealloc(r->off, r->cap * sizeof *r->off);
		r->cells = xrealloc(r->cells, r->cap * sizeof *r->cells);
	}
	r->off[r->n++] = r->text.len;
}

/* Appends the inside of a quoted field, turning CRLF and lone CR into LF so that a cell's
 * line breaks do not depend on the platform that saved the file. */
static void add_quoted(csv_row *r, const char *s, size_t n, size_t *line)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\r' && s[i] != '\n')
			continue;
		buf_add(&r->text, s + start, i - start);
		buf_putc(&r->text, '\n');
		(*line)++;
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		start = i + 1;
	}
	buf_add(&r->text, s + start, n - start);
}

/* The bytes of w that are c: the high bit of each set — exact up to the first such byte (the
 * word test for a zero byte in w ^ c), a later byte's may be set by a borrow. */
static uint64_t word_match(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (0x0101010101010101ull * c);
	return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

/* Where the unquoted field from i ends: the first delim, '\n' or '\r' (len when none), passing over
 * 8 bytes at a time those words that hold none of them (ID lists, Chinese text); in the word that
 * holds one, its place is the lowest bit of the matches (the first byte in memory, little-endian). */
static size_t field_end(const char *p, size_t i, size_t len, char delim)
{
	while (i + 8 <= len) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		uint64_t m = word_match(w, (unsigned char)delim) | word_match(w, '\n') | word_match(w, '\r');
		if (m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (size_t)__builtin_ctzll(m) / 8;
#else
			break;
#endif
		}
		i += 8;
	}
	while (i < len && p[i] != delim && p[i] != '\n' && p[i] != '\r')
		i++;
	return i;
}

/* Parses UTF-8 text p[0..len) and calls fn for each non-empty record. */
static int parse(const char *p, size_t len, const tab_opts *opts, tab_row_fn fn, void *ctx,
		 fg_err *e)
{
	const char delim = sniff_delim(p, len);
	void (*progress)(void *, size_t, size_t) = opts ? opts->progress : NULL;
	csv_row r = {0};
	size_t i = 0, line = 1, reported = 0;
	int rc = FG_OK;

	while (i < len) {
		const size_t row_line = line;
		r.n = 0;
		buf_reset(&r.text);
		for (;;) {
			cell_begin(&r);
			if (i < len && p[i] == '"') {
				const size_t qline = line;
				i++;
				for (;;) {
					const char *q = memchr(p + i, '"', len - i);
					if (!q) {
						rc = err_set(e, FG_EINPUT,
							     "文件 %s 第 %zu 行：引号没有闭合（从这里起的双引号直到文件末尾都没有配对的结束引号）",
							     display_name(opts), qline);
						goto out;
					}
					size_t j = (size_t)(q - p);
					add_quoted(&r, p + i, j - i, &line);
					i = j + 1;
					if (i < len && p[i] == '"') {
						buf_putc(&r.text, '"');
						i++;
						continue;
					}
					break;
				}
			}
			/* An unquoted field, or stray text after a closing quote, which Excel keeps
			 * as it is ("ab"c → abc). */
			size_t j = field_end(p, i, len, delim);
			buf_add(&r.text, p + i, j - i);
			buf_putc(&r.text, '\0');
			i = j;
			if (i < len && p[i] == delim) {
				i++;
				continue;
			}
			break;
		}
		if (i < len) {
			i += p[i] == '\r' && i + 1 < len && p[i + 1] == '\n' ? 2 : 1;
			line++;
		}
		/* Each cell contributed its NUL; anything more means some cell has content. */
		if (r.text.len > r.n) {
			for (size_t k = 0; k < r.n; k++) {
				/* Drops the quote our own export put before a formula start. */
				const char *t = r.text.p + r.off[k];
				t += csv_unneutralise(t);
				r.cells[k].text = t;
				r.cells[k].kind = *t ? TAB_TEXT : TAB_EMPTY;
				r.cells[k].num = 0;
			}
			tab_row row = {.row = row_line, .ncells = r.n, .cells = r.cells};
			rc = fn(ctx, &row);
			if (rc)
				goto out;
		}
		if (progress && i - reported >= PROGRESS_STEP) {
			progress(ctx, i, len);
			reported = i;
		}
	}
	if (progress)
		progress(ctx, len, len);
out:
	buf_free(&r.text);
	free(r.off);
	free(r.cells);
	return rc;
}

int tab_read_csv_mem(const char *data, size_t len, const tab_opts *opts, tab_row_fn fn, void *ctx,
		     fg_err *e)
{
	static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	const unsigned char *u = (const unsigned char *)data;
	const char *name = display_name(opts);
	char *conv = NULL;
	size_t clen = 0, bad = 0, multi = 0;
	int rc;

	if (len >= 8 && memcmp(data, ole2, 8) == 0)
		return err_set(e, FG_EINPUT,
			       "文件 %s 是旧版 Excel（.xls）或加密的工作簿，无法读取：请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入",
			       name);
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		rc = to_utf8(u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", data + 2, len - 2, &conv, &clen,
			     &bad);
		if (rc == -2)
			return err_set(e, FG_EFAIL, "系统的 iconv 不支持 UTF-16，无法读取文件 %s", name);
		if (rc < 0)
			return err_set(e, FG_EINPUT,
				       "文件 %s 以 UTF-16 标记开头，但字节偏移 %zu 处不是有效的 UTF-16 文本",
				       name, bad + 2);
		data = conv;
		len = clen;
	} else if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		data += 3;
		len -= 3;
		size_t ok = utf8_valid_prefix((const unsigned char *)data, len, &multi);
		if (ok < len)
			return err_set(e, FG_EINPUT,
				       "文件 %s 带有 UTF-8 标记（BOM），但第 %zu 行（字节偏移 %zu）处不是有效的 UTF-8 文本",
				       name, line_of(data, ok), ok + 3);
	} else if ((bad = utf8_valid_prefix(u, len, &multi)) < len) {
		/* GBK text almost never forms even a few valid UTF-8 characters in a row (roughly one
		 * common GBK character in seven does, by chance). Many before the first bad byte
		 * mean a UTF-8 file with a damaged byte or a pasted foreign line: decoding it all as
		 * GB18030 would turn every Chinese header into mojibake, so name the byte instead. */
		if (multi >= UTF8_EVIDENCE)
			return err_set(e, FG_EINPUT,
				       "文件 %s 是 UTF-8 编码，但第 %zu 行（字节偏移 %zu）处有不是 UTF-8 的字节：请检查该行，或整个文件另存为 UTF-8",
				       name, line_of(data, bad), bad);
		rc = to_utf8("GB18030", data, len, &conv, &clen, &bad);
		if (rc == -2)
			return err_set(e, FG_EFAIL, "系统的 iconv 不支持 GB18030，无法读取文件 %s", name);
		if (rc < 0)
			return err_set(e, FG_EINPUT,
				       "文件 %s 的编码无法识别：既不是 UTF-8 也不是 GBK/GB18030（第 %zu 行，字节偏移 %zu 处）",
				       name, line_of(data, bad), bad);
		data = conv;
		len = clen;
	}
	/* A NUL never occurs in a text table; it means a binary file (or UTF-16 without a BOM)
	 * whose cells would be silently cut short. */
	const char *nul = len ? memchr(data, '\0', len) : NULL;
	if (nul) {
		size_t off = (size_t)(nul - data);
		rc = err_set(e, FG_EINPUT,
			     "文件 %s 第 %zu 行含有 NUL 字节，不是 CSV 文本文件（若是 Excel 文件，请另存为 .xlsx 或 CSV）",
			     name, line_of(data, off));
		free(conv);
		return rc;
	}
	rc = parse(data, len, opts, fn, ctx, e);
	free(conv);
	return rc;
}
