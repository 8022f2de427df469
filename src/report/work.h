/* work — the district's work report (fgdj report work): every figure computed from the data,
 * the text from a template (ours by default, or the user's copy), written as md/html/docx/pdf. */
#ifndef FGDJ_WORK_H
#define FGDJ_WORK_H

#include "report/doc.h"
#include "report/template.h"
#include "store/store.h"

struct facts;
struct findings;
struct stats;

/* What a caller already holds for the report's region and day, read at the moment the report is
 * read (the web server keeps these between writes, the same values its dashboard, findings and plan
 * show): each one NULL is computed here, as the command computes all three. */
typedef struct work_given {
	const struct facts *f;      /* facts_load of the region on as_of */
	const struct findings *fs;  /* check_run of f, members masked (only with f) */
	const struct stats *prev;   /* stats_compute of the region a year before as_of, STATS_BY_NONE */
} work_given;

typedef struct work_opts {
	const char *region;    /* NULL = the district */
	int as_of;             /* day number */
	int year;              /* the report's year (members developed that year) */
	const char *template_text; /* NULL = the built-in template */
	size_t template_len;
	const work_given *given; /* NULL: everything computed here */
} work_opts;

/* Fills ctx with every variable and list the template may use. */
int work_vars(store *s, const work_opts *o, tpl_ctx *ctx, fg_err *e);

/* Builds the report as a document. FG_EINPUT for a template error (e names its line). */
int work_build(store *s, const work_opts *o, doc *d, fg_err *e);

/* Turns expanded template text into blocks (# title, ## H1, ### H2, > note, [[chart:…]], [[table:…]],
 * paragraphs separated by blank lines). Charts and tables come from ctx. */
void work_text_to_doc(const char *text, const tpl_ctx *ctx, doc *d);

/* The built-in template. */
const char *work_default_template(size_t *len);

#endif
