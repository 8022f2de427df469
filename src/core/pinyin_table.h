/* pinyin_table — the pinyin of every Han character that has one, generated at build time by
 * scripts/pinyin_gen.c from ICU's Han-Latin transliteration (build/gen/pinyin.c). pinyin_cp is
 * sorted; pinyin_names[pinyin_syl[i]] is the reading of pinyin_cp[i], lower-case ASCII letters. */
#ifndef FGDJ_PINYIN_TABLE_H
#define FGDJ_PINYIN_TABLE_H
#include <stddef.h>
#include <stdint.h>

extern const uint32_t pinyin_cp[];
extern const uint16_t pinyin_syl[];
extern const char pinyin_names[][8];
extern const size_t pinyin_n;

#endif
