/* demo_ids — the identifiers of the demo ledgers: 统一社会信用代码 (GB 32100) of enterprises
 * and 公民身份号码 (GB 11643) of members, with the real GB/T 2260 area codes they embed.
 *
 * Each identifier is a keyed permutation (demo_int.h) of a counter, decoded into the
 * identifier's fields: unique by construction, random-looking, and recomputable from the
 * enterprise index or the member's running number alone. */
#include <string.h>

#include "core/demo_int.h"
#include "util/date.h"

/* ---- area codes ---- */

/* Real GB/T 2260 county codes. A generated region borrows one province's list for its credit
 * codes and local identity numbers; NATIONAL_AREAS adds members born elsewhere. */
static const int ZHEJIANG[] = {
	330102, 330105, 330106, 330108, 330109, 330110, 330111, 330112, 330113, 330114, 330122, 330127,
	330182, 330203, 330205, 330206, 330211, 330212, 330213, 330225, 330226, 330281, 330282, 330302,
	330303, 330304, 330305, 330324, 330326, 330327, 330328, 330329, 330381, 330382, 330383, 330402,
	330411, 330421, 330424, 330481, 330482, 330483, 330502, 330503, 330521, 330522, 330523, 330602,
	330603, 330604, 330624, 330681, 330683, 330702, 330703, 330723, 330726, 330727, 330781, 330782,
	330783, 330784, 330802, 330803, 330822, 330824, 330825, 330881, 330902, 330903, 330921, 330922,
	331002, 331003, 331004, 331022, 331023, 331024, 331081, 331082, 331083, 331102, 331121, 331122,
	331123, 331124, 331125, 331126, 331127, 331181,
};
static const int JIANGSU[] = {
	320102, 320104, 320105, 320106, 320111, 320113, 320114, 320115, 320116, 320117, 320118, 320205,
	320206, 320211, 320213, 320214, 320281, 320282, 320302, 320303, 320305, 320311, 320312, 320321,
	320322, 320324, 320381, 320382, 320402, 320404, 320411, 320412, 320413, 320481, 320505, 320506,
	320507, 320508, 320509, 320581, 320582, 320583, 320585, 320612, 320613, 320614, 320623, 320681,
	320682, 320685, 320703, 320706, 320707, 320722, 320723, 320724, 320803, 320804, 320812, 320813,
	320826, 320830, 320831, 320902, 320903, 320904, 320921, 320922, 320923, 320924, 320925, 320981,
	321002, 321003, 321012, 321023, 321081, 321084, 321102, 321111, 321112, 321181, 321182, 321183,
	321202, 321203, 321204, 321281, 321282, 321283, 321302, 321311, 321322, 321323, 321324,
};
static const int NATIONAL_AREAS[] = {
	110101, 110102, 110105, 110108, 120101, 130102, 140105, 210102, 220102, 230102, 310101, 310104,
	310115, 340102, 340104, 350102, 360102, 370102, 410105, 420102, 430102, 440103, 440106, 440304,
	450102, 500103, 510104, 520102, 530102, 610103, 620102,
};

const int *demo_county_codes(const gen *g, size_t *n)
{
	*n = g->reg->province == 32 ? NELEM(JIANGSU) : NELEM(ZHEJIANG);
	return g->reg->province == 32 ? JIANGSU : ZHEJIANG;
}

/* ---- setup ---- */

/* Members' birth years span 55 years ending 21 years before today (at most 2004: 1950–2004
 * for a "today" in 2025), so that every member was 18 before joining at least a year ago. */
void demo_ids_init(gen *g, uint64_t key)
{
	perm_init(&g->p_code_old, 100000000ull, key + 5);
	perm_init(&g->p_code_new, 887503681ull, key + 6); /* 31^6 */

	int y1 = g->today_y - 21 < 2004 ? g->today_y - 21 : 2004;
	int y0 = y1 - BIRTH_YEARS + 1;
	g->id_y0 = y0;

	size_t nlist;
	const int *list = demo_county_codes(g, &nlist);
	g->id_areas = xcalloc(nlist + NELEM(NATIONAL_AREAS), sizeof *g->id_areas);
	for (size_t i = 0; i < nlist; i++)
		g->id_areas[g->nid_areas++] = list[i];
	for (size_t i = 0; i < NELEM(NATIONAL_AREAS); i++)
		g->id_areas[g->nid_areas++] = NATIONAL_AREAS[i];

	g->id_cum[0] = 0;
	for (int k = 0; k < BIRTH_YEARS; k++) {
		int y = y0 + k;
		g->id_cap[k] = y < 1960 ? 80 : y < 1970 ? 200 : y < 1980 ? 450 : y < 1990 ? 900 : 999;
		uint64_t days = (uint64_t)(date_from_ymd(y + 1, 1, 1) - date_from_ymd(y, 1, 1));
		g->id_cum[k + 1] = g->id_cum[k] + days * g->nid_areas * g->id_cap[k];
	}
	perm_init(&g->p_id, g->id_cum[BIRTH_YEARS], mix64(g->seed ^ 0x1d));
}

/* ---- codes ---- */

/* Writes the low n decimal digits of v, zero-padded, without a terminator. */
static void put_digits(char *p, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static const char USCC_ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_index(char c)
{
	const char *p = strchr(USCC_ALPHABET, c);
	return p ? (int)(p - USCC_ALPHABET) : 0;
}

/* GB 32100 code: 9, type, county, a GB 11714 organisation code with its check, the check.
 * code is unique per enterprise: before 2016 an 8-digit organisation code, after it the
 * "MA" codes registries issue with the credit code. */
static void make_uscc(char out[19], char type, int area, int modern, uint64_t code)
{
	out[0] = '9';
	out[1] = type;
	put_digits(out + 2, (unsigned)area, 6);
	if (modern) {
		out[8] = 'M';
		out[9] = 'A';
		for (int i = 15; i >= 10; i--) {
			out[i] = USCC_ALPHABET[code % 31];
			code /= 31;
		}
	} else {
		for (int i = 15; i >= 8; i--) {
			out[i] = (char)('0' + code % 10);
			code /= 10;
		}
	}
	static const int ow[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		char c = out[8 + i];
		sum += (c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10) * ow[i];
	}
	int oc = 11 - sum % 11;
	out[16] = oc == 10 ? 'X' : oc == 11 ? '0' : (char)('0' + oc);
	sum = 0;
	for (int i = 0, w = 1; i < 17; i++, w = w * 3 % 31)
		sum += uscc_index(out[i]) * w;
	out[17] = USCC_ALPHABET[(31 - sum % 31) % 31];
	out[18] = '\0';
}

void demo_ent_uscc(const gen *g, uint32_t e, char out[19])
{
	const ent *x = &g->ents[e];
	int y, m, d;
	date_to_ymd(x->founded, &y, &m, &d);
	int modern = y >= 2016;
	uint64_t code = perm_apply(modern ? &g->p_code_new : &g->p_code_old, e);
	int area = g->streets[g->comms[demo_comm_of(g, e)].street].area;
	make_uscc(out, x->flags & EF_INDIV ? '2' : '1', area, modern, code);
}

/* The permutation spreads the counter over (birth year, day, area, sequence), so numbers never
 * repeat and look random. */
void demo_member_idno(const gen *g, uint64_t n, char out[19], int *birth, int *male)
{
	uint64_t x = perm_apply(&g->p_id, n);
	int k = 0;
	while (k + 1 < BIRTH_YEARS && g->id_cum[k + 1] <= x)
		k++;
	x -= g->id_cum[k];
	uint64_t per_day = (uint64_t)g->nid_areas * g->id_cap[k];
	int day = (int)(x / per_day);
	uint64_t rest = x % per_day;
	int area = g->id_areas[rest / g->id_cap[k]];
	unsigned seq = (unsigned)(rest % g->id_cap[k]) + 1;
	*birth = date_from_ymd(g->id_y0 + k, 1, 1) + day;
	int y, m, d;
	date_to_ymd(*birth, &y, &m, &d);
	put_digits(out, (unsigned)area, 6);
	put_digits(out + 6, (unsigned)y, 4);
	put_digits(out + 10, (unsigned)m, 2);
	put_digits(out + 12, (unsigned)d, 2);
	put_digits(out + 14, seq, 3);
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
	*male = (int)(seq % 2);
}
