/* ident — identifiers of people and organisations (pure functions, no I/O).
 *   公民身份号码  GB 11643-1999 (18 characters, ISO 7064 MOD 11-2 check)
 *   统一社会信用代码  GB 32100-2015 (18 characters, embedded GB 11714 organisation code)
 *   行政区划代码  GB/T 2260 (6 digits)
 * and the normalisation of spreadsheet input (full-width forms, stray spaces, lower-case x). */
#ifndef FGDJ_IDENT_H
#define FGDJ_IDENT_H
#include <stddef.h>

typedef enum id_status {
	ID_OK = 0,
	ID_EMPTY,         /* nothing given */
	ID_LENGTH,        /* not 18 characters */
	ID_CHARSET,       /* a character outside the allowed set */
	ID_AREA,          /* area code not a GB/T 2260 code */
	ID_BIRTH,         /* birth date not a real date, or in the future / before 1900 */
	ID_CHECK,         /* final check character wrong */
	ID_ORGCODE,       /* USCC: embedded organisation code's check character wrong */
	ID_TYPE,          /* USCC: unknown registering authority / organisation type */
	ID_FLOAT,         /* the text is a number in scientific notation: a spreadsheet mangled it */
	ID_PRECISION,     /* 18 digits ending in 000 that fail the check: Excel kept 15 significant digits */
} id_status;

/* A Chinese sentence explaining the status for a user, e.g. "校验码错误（应为 X）". Static string. */
const char *id_status_text(id_status st);

typedef struct idcard_info {
	char norm[19];   /* normalised: 17 digits + digit or 'X' */
	int area;        /* 6-digit area code */
	int birth_days;  /* date.h day number */
	int male;        /* 1 male (odd sequence), 0 female */
	char expected_check; /* when ID_CHECK: the check character the first 17 give */
} idcard_info;

/* Checks a 公民身份号码. s may be raw spreadsheet text: it is normalised first (ident_normalize_key).
 * today (date.h day number) bounds the birth date. out may be NULL. */
id_status idcard_check(const char *s, int today, idcard_info *out);
/* idcard_check of a key ident_normalize_key wrote already (n: the length it returned). */
id_status idcard_check_key(const char *key, size_t n, int today, idcard_info *out);

/* Birth date and sex from an ID number already in canonical form (as idcard_check's norm), without
 * checking it again. Returns -1 when it is not 18 characters of the canonical shape. */
int idcard_birth_sex(const char *canonical, int *birth_days, int *male);

typedef struct uscc_info {
	char norm[19];
	int area;            /* characters 3–8 as a number */
	char expected_check; /* when ID_CHECK */
} uscc_info;

/* Checks a 统一社会信用代码 (normalised first). A code that fails only the final check returns
 * ID_CHECK; the caller decides whether it is a known pilot code (a warning) or an error. */
id_status uscc_check(const char *s, uscc_info *out);
/* uscc_check of a key ident_normalize_key wrote already (n: the length it returned). */
id_status uscc_check_key(const char *key, size_t n, uscc_info *out);

/* 1 when code is a GB/T 2260 area code this build knows (province and prefecture level are checked;
 * county level must be a plausible number within its prefecture). */
int area_code_valid(int code);
/* Province name for the first two digits of code, or NULL. Static string. */
const char *area_province_name(int code);

/* Normalises a key typed into a spreadsheet: NFKC (full-width → ASCII), every whitespace
 * (including U+3000 and NBSP) removed, ASCII letters upper-cased. Writes at most outsz-1 bytes
 * plus NUL; returns the full length needed (like snprintf). */
size_t ident_normalize_key(const char *in, char *out, size_t outsz);

/* Normalises free text: NFKC, leading/trailing whitespace trimmed, inner runs of whitespace
 * collapsed to one ASCII space. Same return convention as ident_normalize_key. */
size_t ident_normalize_text(const char *in, char *out, size_t outsz);

#endif
