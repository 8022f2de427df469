/* collate — Chinese ordering (pinyin) for names, via ICU's "zh" collator. */
#ifndef FGDJ_COLLATE_H
#define FGDJ_COLLATE_H

/* strcmp-like comparison of two UTF-8 strings in pinyin order. Thread-safe. */
int collate_zh(const char *a, const char *b);

/* Display width of UTF-8 text in a terminal: CJK and full-width characters count 2. */
int text_width(const char *s);

#endif
