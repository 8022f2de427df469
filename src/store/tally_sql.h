/* meeting_tally's months as one integer (schema v30, column packed): month k's count in bits
 * 5(k-1) .. 5k-1, so that the figures read one column instead of twelve; NULL when a month counts
 * 32 or more (the twelve columns m1..m12, which stay the truth, are read then). The SQL below is
 * the only place the value is computed (the v30 migration's store_kept_ints_fill and every write of
 * a tally, both in store/party_tally.c);
 * TALLY_PACK_BITS is the only place it is read (store/scan_party.c). */
#ifndef FGDJ_STORE_TALLY_SQL_H
#define FGDJ_STORE_TALLY_SQL_H

#define TALLY_PACK_BITS 5

/* M(k) is month k's count as an SQL expression. */
#define TALLY_PACKED(M)                                                                                        \
	"CASE WHEN " M(1) " < 32 AND " M(2) " < 32 AND " M(3) " < 32 AND " M(4) " < 32 AND " M(5) " < 32 AND " \
	M(6) " < 32 AND " M(7) " < 32 AND " M(8) " < 32 AND " M(9) " < 32 AND " M(10) " < 32 AND " M(11)        \
	" < 32 AND " M(12) " < 32 THEN " M(1) " + " M(2) " * 32 + " M(3) " * 1024 + " M(4) " * 32768 + " M(5)  \
	" * 1048576 + " M(6) " * 33554432 + " M(7) " * 1073741824 + " M(8) " * 34359738368 + " M(9)             \
	" * 1099511627776 + " M(10) " * 35184372088832 + " M(11) " * 1125899906842624 + " M(12)                 \
	" * 36028797018963968 END"

/* The stored columns. */
#define TALLY_COL(k) "m" #k

#endif
