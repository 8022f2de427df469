/* collate — Chinese ordering (pinyin) for names, via ICU's "zh" collator. */
#ifndef FGDJ_COLLATE_H
#define FGDJ_COLLATE_H
#include <stddef.h>

/* strcmp-like comparison of two UTF-8 strings in pinyin order, numbers by their value: digit runs
 * (2号楼 before 10号楼) and Chinese numerals after 第 (第二 before 第十 before 第十二). Thread-safe. */
int collate_zh(const char *a, const char *b);

/* The pinyin sort key of a UTF-8 string: bytes that compare with memcmp as collate_zh compares the
 * strings (stored beside names so that lists sort without calling ICU per comparison). Writes at
 * most outsz bytes (a longer key is cut, which only loses order among very long equal prefixes);
 * returns the length written. */
size_t collate_key(const char *s, unsigned char *out, size_t outsz);

/* The value of the Chinese numeral at s (一 … 九千九百九十九, 两, 零, 〇), its length in bytes in *len;
 * -1 when s does not start with one. What collate_zh reads after 第. */
long collate_cn_value(const char *s, size_t *len);

/* The Chinese numeral of n, the inverse of collate_cn_value: 1 … 9999 as 一, 十, 十二, 二十, 一百零五,
 * 一千零一十; other values in digits. Writes at most size bytes (NUL-terminated when size > 0);
 * returns the length of the whole numeral (at most 21 bytes, or a long's digits: 32 always suffice). */
size_t collate_cn_numeral(long n, char *out, size_t size);

/* Display width of UTF-8 text in a terminal: CJK and full-width characters count 2. */
int text_width(const char *s);

#endif
