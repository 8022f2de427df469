/* What changes_store.c and changes_dated.c share: the history rows read at most, and the
 * classification of a member record's update. */
#ifndef FGDJ_STORE_CHANGES_INT_H
#define FGDJ_STORE_CHANGES_INT_H

/* The history rows store_changes_since and the dated_from functions read at most (and one more:
 * beyond it store_changes_since says "anything else"). */
#define CHANGES_LIMIT 6001

/* The STORE_MEMBER bits of an update of a member record (old and new JSON) whose fields are all
 * patched ones (bit 1 when 是否亮明身份 is among them; bit 4 for a closing, STORE_MEMBER_GONE); 0
 * otherwise. */
unsigned store_member_update(const char *old, const char *new);

#endif
