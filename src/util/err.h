/* err — a user-facing error message (Simplified Chinese), filled by the callee.
 * Functions that can fail on user input return FG_OK or FG_EINPUT/FG_EFAIL and fill *e.
 * Broken invariants are not errors: they assert. */
#ifndef FGDJ_ERR_H
#define FGDJ_ERR_H

enum {
	FG_OK = 0,
	FG_EFINDINGS = 1, /* exit 1: findings or partial failure the user must see */
	FG_EINPUT = 2,    /* exit 2: bad usage or bad input */
	FG_EFAIL = 3,     /* environment failure (I/O, database); exits 2 at the top */
};

typedef struct fg_err {
	char msg[1024];
} fg_err;

/* Formats the message into e (when e is not NULL) and returns code. */
int err_set(fg_err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
