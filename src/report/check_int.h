/* What check.c and check_state.c share of the findings' making (report/check.h). */
#ifndef FGDJ_CHECK_INT_H
#define FGDJ_CHECK_INT_H
#include "report/check.h"

/* A copy of t among fs's texts, in a block of fs's (findings.blocks; a new one of fs->block_min
 * bytes, 64 KB when 0, when the newest is full). */
char *text_put(findings *fs, const char *t);
/* The same for a finding's detail: one copy of each different detail (fs->details). */
char *text_put_detail(findings *fs, const char *t);
/* The findings complete: lets fs->details go. */
void texts_done(findings *fs);
/* Lets fs's blocks go (each freed with its last user). */
void texts_free(findings *fs);
/* to uses from's blocks too (new texts of to go to a block of its own). */
void texts_share(findings *to, const findings *from);
/* check_run's order of findings (qsort of pointers): by rule, subject, then found order. */
int finding_cmp(const void *a, const void *b);
/* Sorts fs in that order, in place. */
void findings_sort(findings *fs);
/* The counts by rule and state and where each rule's findings begin. */
void findings_index(findings *fs);

/* Each finding's record, key, ref and place from names (store/finding_store.h), in the caller's
 * read moment; the item is let go. */
void findings_identify(store_subjects *names, findings *fs);
/* The stored states of fs's findings, by key. */
int findings_states(store *s, findings *fs, fg_err *e);

/* What check_patch's steps share (check.c): the order of int64_t ids (qsort, bsearch); */
int check_id_cmp(const void *a, const void *b);
/* (subject id, index in prev) pairs, by id then index; */
typedef struct id_at {
	int64_t id;
	size_t at;
} id_at;
int id_at_cmp(const void *a, const void *b);
/* prev's findings of rule r as such pairs, *n of them, each marked in drop (found again unless
 * kept); the caller frees them; */
id_at *rule_ids(const findings *prev, const check_rule *r, unsigned char *drop, size_t *n);
/* the first of v (n pairs) of that id, or n; */
size_t id_first(const id_at *v, size_t n, int64_t id);
/* 1 when neighbours in fs are of one rule and subject, different records, one found by the patch
 * (seq from seq0): check_run's order among them (found order) is not known. */
int patch_ties(const findings *fs, size_t seq0);

#endif
