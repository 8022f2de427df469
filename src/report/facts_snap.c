/* facts_snap — facts as bytes and back (docs/kept_figures.md: the facts kept between commands).
 *
 * The arrays are written as they lie in memory, each behind its element count; the strings a few
 * of them hold (a development record's name, a campaign's name …) after their array, each behind
 * its length. The bytes are read back by the same build only: a header names the format and every
 * element's size, and anything else is refused. Reading checks every count against the bytes left
 * and every index against the array it names, so that no byte string makes facts that would read
 * outside an array. */
#include "report/facts.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Raised whenever the layout of the bytes changes. (What one build kept, another never reads: the
 * store checks the build's identity first, store_facts_kept_start; so a change of meaning alone
 * needs nothing here.) */
#define FACTS_SNAP_FORMAT 1u

static const char MAGIC[8] = {'F', 'G', 'D', 'J', 'F', 'C', 'T', 'S'};

/* Every element size the bytes depend on, in one list: the header holds them. */
static const uint32_t SIZES[] = {
	sizeof(ent_fact),      sizeof(fact_member),     sizeof(fact_link),     sizeof(party_org),
	sizeof(party_member),  sizeof(party_sec),       sizeof(party_visit),   sizeof(party_asg),
	sizeof(party_dev),     sizeof(party_late),      sizeof(party_dues_diff), sizeof(party_xm),
	sizeof(party_part),    sizeof(party_campaign),  sizeof(party_task),    sizeof(party_funding_out),
	sizeof(party_desig),   sizeof(rules_cfg),       sizeof(life_settings), sizeof(rating_settings),
	sizeof(store_filter),
};
#define NSIZES (sizeof SIZES / sizeof *SIZES)
#define SNAP_MAX_ID (INT64_C(1) << 26)

static void put_array(buf *b, const void *v, size_t n, size_t size)
{
	bytes_put_u64(b, n);
	if (n)
		buf_add(b, v, n * size);
}

/* An array whose elements hold pointers (strings written after it): each element as it lies, its
 * pointers written as zeros (an address means nothing to the reader, and it is no one's business). */
static void put_array_nulled(buf *b, const void *v, size_t n, size_t size, const size_t *ptrs, size_t nptrs)
{
	bytes_put_u64(b, n);
	unsigned char e[256];
	for (size_t i = 0; i < n; i++) {
		memcpy(e, (const char *)v + i * size, size);
		for (size_t k = 0; k < nptrs; k++)
			memset(e + ptrs[k], 0, sizeof(char *));
		buf_add(b, e, size);
	}
}

static const size_t DEV_PTRS[] = {offsetof(party_dev, name), offsetof(party_dev, idno), offsetof(party_dev, detail)};
static const size_t LATE_PTRS[] = {offsetof(party_late, name), offsetof(party_late, idno), offsetof(party_late, other)};
static const size_t CAMP_PTRS[] = {offsetof(party_campaign, name), offsetof(party_campaign, lead),
				   offsetof(party_campaign, partners), offsetof(party_campaign, range)};
static const size_t FUNDING_PTRS[] = {offsetof(party_funding_out, detail)};
#define PTRS(a) a, sizeof a / sizeof *a
_Static_assert(sizeof(party_dev) <= 256 && sizeof(party_late) <= 256 && sizeof(party_campaign) <= 256 &&
		       sizeof(party_funding_out) <= 256,
	       "put_array_nulled's room");

void facts_snap_write(const facts *f, buf *out)
{
	const party *p = &f->party;
	buf_add(out, MAGIC, sizeof MAGIC);
	bytes_put_i32(out, (int32_t)FACTS_SNAP_FORMAT);
	bytes_put_i32(out, (int32_t)NSIZES);
	buf_add(out, SIZES, sizeof SIZES);
	bytes_put_i32(out, f->as_of);
	bytes_put_i32(out, f->figures_only != 0);
	bytes_put_i32(out, f->plan_only != 0);
	bytes_put_u64(out, (uint64_t)f->max_ent);
	buf_add(out, &f->filter, sizeof f->filter);
	buf_add(out, &f->cfg, sizeof f->cfg);
	put_array(out, f->ents, f->nents, sizeof *f->ents);
	put_array(out, f->members, f->nmembers, sizeof *f->members);
	put_array(out, f->links, f->nlinks, sizeof *f->links);
	put_array(out, f->asgs, f->nasgs, sizeof *f->asgs);
	buf_add(out, &p->cfg, sizeof p->cfg);
	buf_add(out, &p->rcfg, sizeof p->rcfg);
	int32_t flags[6] = {p->any_meeting != 0, p->any_study != 0, p->any_secretary != 0, p->any_visit != 0,
			    p->any_development != 0, p->any_venue != 0};
	buf_add(out, flags, sizeof flags);
	bytes_put_u64(out, (uint64_t)p->max_org);
	put_array(out, p->orgs, p->norgs, sizeof *p->orgs);
	put_array(out, p->members, p->nmembers, sizeof *p->members);
	put_array(out, p->secs, p->nsecs, sizeof *p->secs);
	put_array(out, p->visits, p->nvisits, sizeof *p->visits);
	put_array(out, p->asgs, p->nasgs, sizeof *p->asgs);
	put_array(out, p->dues_diffs, p->ndues_diffs, sizeof *p->dues_diffs);
	put_array(out, p->xms, p->nxms, sizeof *p->xms);
	put_array(out, p->parts, p->nparts, sizeof *p->parts);
	put_array(out, p->tasks, p->ntasks, sizeof *p->tasks);
	put_array(out, p->desigs, p->ndesigs, sizeof *p->desigs);
	put_array_nulled(out, p->devs, p->ndevs, sizeof *p->devs, PTRS(DEV_PTRS));
	for (size_t i = 0; i < p->ndevs; i++) {
		bytes_put_str(out, p->devs[i].name);
		bytes_put_str(out, p->devs[i].idno);
		bytes_put_str(out, p->devs[i].detail);
	}
	put_array_nulled(out, p->lates, p->nlates, sizeof *p->lates, PTRS(LATE_PTRS));
	for (size_t i = 0; i < p->nlates; i++) {
		bytes_put_str(out, p->lates[i].name);
		bytes_put_str(out, p->lates[i].idno);
		bytes_put_str(out, p->lates[i].other);
	}
	put_array_nulled(out, p->camps, p->ncamps, sizeof *p->camps, PTRS(CAMP_PTRS));
	for (size_t i = 0; i < p->ncamps; i++) {
		bytes_put_str(out, p->camps[i].name);
		bytes_put_str(out, p->camps[i].lead);
		bytes_put_str(out, p->camps[i].partners);
		bytes_put_str(out, p->camps[i].range);
	}
	put_array_nulled(out, p->funding_outs, p->nfunding_outs, sizeof *p->funding_outs, PTRS(FUNDING_PTRS));
	for (size_t i = 0; i < p->nfunding_outs; i++)
		bytes_put_str(out, p->funding_outs[i].detail);
	bytes_put_u64(out, p->npersons);
	for (size_t i = 0; i < p->npersons; i++)
		bytes_put_str(out, p->person_keys[i]);
}

typedef byte_reader reader;

/* An array of n elements of size bytes (NULL when none): n is refused unless its bytes are there. */
static void *get_array(reader *r, size_t *n, size_t size)
{
	uint64_t k = bytes_get_u64(r);
	*n = 0;
	if (r->bad || k > r->left / size) {
		r->bad = 1;
		return NULL;
	}
	*n = (size_t)k;
	if (!k)
		return NULL;
	void *v = xmalloc((size_t)k * size);
	bytes_get(r, v, (size_t)k * size);
	return v;
}

/* A flag written as 0 or 1: anything else is not such bytes. */
static int get_flag(reader *r)
{
	int32_t v = bytes_get_i32(r);
	if (v != 0 && v != 1)
		r->bad = 1;
	return v == 1;
}

/* The pointers of the n elements of v (each size bytes) are written as zeros: else not such bytes.
 * They are then the strings read after the array (put_array_nulled). */
static void ptrs_zero(reader *r, void *v, size_t n, size_t size, const size_t *ptrs, size_t nptrs)
{
	static const unsigned char zero[sizeof(char *)];
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nptrs; k++) {
			char *at = (char *)v + i * size + ptrs[k];
			if (memcmp(at, zero, sizeof zero) != 0)
				r->bad = 1;
			memset(at, 0, sizeof zero); /* NULL: freeable whatever follows */
		}
}

/* 1 when every index the facts hold names an element of the array it indexes. */
static int indexes_fit(const facts *f)
{
	const party *p = &f->party;
	/* The id ceilings size the indexes by id made on reading: far above any real ledger's. */
	if (f->max_ent < 0 || f->max_ent > SNAP_MAX_ID || p->max_org < 0 || p->max_org > SNAP_MAX_ID)
		return 0;
	for (size_t i = 0; i < f->nents; i++)
		if (f->ents[i].id < 0 || f->ents[i].id > f->max_ent)
			return 0;
#define ENT_OK(x) ((x) >= 0 && (size_t)(x) < f->nents)
	for (size_t i = 0; i < f->nmembers; i++)
		if (!ENT_OK(f->members[i].ent) || f->members[i].id < 0)
			return 0;
	for (size_t i = 0; i < f->nlinks; i++)
		if (!ENT_OK(f->links[i].ent) || f->links[i].owner < 0)
			return 0;
	for (size_t i = 0; i < f->nasgs; i++)
		if (!ENT_OK(f->asgs[i].ent))
			return 0;
	if (f->plan_only && (p->norgs || p->nmembers))
		return 0; /* a plan's load reads no party-work records */
	if (p->nmembers != f->nmembers)
		return 0;
	for (size_t i = 0; i < p->norgs; i++)
		if (p->orgs[i].id < 0 || p->orgs[i].id > p->max_org || p->orgs[i].sec < -1 ||
		    (p->orgs[i].sec >= 0 && (size_t)p->orgs[i].sec >= p->nsecs))
			return 0;
	for (size_t i = 0; i < p->nvisits; i++)
		if (!ENT_OK(p->visits[i].ent))
			return 0;
	for (size_t i = 0; i < p->nasgs; i++)
		if (!ENT_OK(p->asgs[i].ent))
			return 0;
	for (size_t i = 0; i < p->ndues_diffs; i++)
		if (p->dues_diffs[i].member < 0 || (size_t)p->dues_diffs[i].member >= p->nmembers)
			return 0;
	for (size_t i = 0; i < p->nxms; i++)
		if (!ENT_OK(p->xms[i].ent))
			return 0;
	for (size_t i = 0; i < p->nparts; i++)
		if (!ENT_OK(p->parts[i].ent) || p->parts[i].person < 0 || (size_t)p->parts[i].person >= p->npersons)
			return 0;
	for (size_t i = 0; i < p->ntasks; i++)
		if (!ENT_OK(p->tasks[i].ent) || p->tasks[i].campaign < 0 || (size_t)p->tasks[i].campaign >= p->ncamps)
			return 0;
	for (size_t i = 0; i < p->ndesigs; i++)
		if (!ENT_OK(p->desigs[i].ent))
			return 0;
	for (size_t i = 0; i < p->ndevs; i++)
		if (!ENT_OK(p->devs[i].ent))
			return 0;
#undef ENT_OK
	return 1;
}

static int snap_read(reader *r, facts *f)
{
	char magic[sizeof MAGIC];
	bytes_get(r, magic, sizeof magic);
	uint32_t sizes[NSIZES];
	if (r->bad || memcmp(magic, MAGIC, sizeof MAGIC) != 0 || bytes_get_i32(r) != (int32_t)FACTS_SNAP_FORMAT ||
	    bytes_get_i32(r) != (int32_t)NSIZES)
		return -1;
	bytes_get(r, sizes, sizeof sizes);
	if (r->bad || memcmp(sizes, SIZES, sizeof SIZES) != 0)
		return -1;
	party *p = &f->party;
	f->as_of = bytes_get_i32(r);
	f->figures_only = get_flag(r);
	f->plan_only = get_flag(r);
	f->max_ent = (int64_t)bytes_get_u64(r);
	bytes_get(r, &f->filter, sizeof f->filter);
	bytes_get(r, &f->cfg, sizeof f->cfg);
	f->ents = get_array(r, &f->nents, sizeof *f->ents);
	f->members = get_array(r, &f->nmembers, sizeof *f->members);
	f->links = get_array(r, &f->nlinks, sizeof *f->links);
	f->asgs = get_array(r, &f->nasgs, sizeof *f->asgs);
	bytes_get(r, &p->cfg, sizeof p->cfg);
	bytes_get(r, &p->rcfg, sizeof p->rcfg);
	p->any_meeting = get_flag(r);
	p->any_study = get_flag(r);
	p->any_secretary = get_flag(r);
	p->any_visit = get_flag(r);
	p->any_development = get_flag(r);
	p->any_venue = get_flag(r);
	p->max_org = (int64_t)bytes_get_u64(r);
	p->orgs = get_array(r, &p->norgs, sizeof *p->orgs);
	p->members = get_array(r, &p->nmembers, sizeof *p->members);
	p->secs = get_array(r, &p->nsecs, sizeof *p->secs);
	p->visits = get_array(r, &p->nvisits, sizeof *p->visits);
	p->asgs = get_array(r, &p->nasgs, sizeof *p->asgs);
	p->dues_diffs = get_array(r, &p->ndues_diffs, sizeof *p->dues_diffs);
	p->xms = get_array(r, &p->nxms, sizeof *p->xms);
	p->parts = get_array(r, &p->nparts, sizeof *p->parts);
	p->tasks = get_array(r, &p->ntasks, sizeof *p->tasks);
	p->desigs = get_array(r, &p->ndesigs, sizeof *p->desigs);
	/* The arrays holding strings: their pointers are the strings read here, never the bytes'. */
	p->devs = get_array(r, &p->ndevs, sizeof *p->devs);
	ptrs_zero(r, p->devs, p->ndevs, sizeof *p->devs, PTRS(DEV_PTRS));
	for (size_t i = 0; i < p->ndevs && !r->bad; i++) {
		p->devs[i].name = bytes_get_strdup(r);
		p->devs[i].idno = bytes_get_strdup(r);
		p->devs[i].detail = bytes_get_strdup(r);
	}
	p->lates = get_array(r, &p->nlates, sizeof *p->lates);
	ptrs_zero(r, p->lates, p->nlates, sizeof *p->lates, PTRS(LATE_PTRS));
	for (size_t i = 0; i < p->nlates && !r->bad; i++) {
		p->lates[i].name = bytes_get_strdup(r);
		p->lates[i].idno = bytes_get_strdup(r);
		p->lates[i].other = bytes_get_strdup(r);
	}
	p->camps = get_array(r, &p->ncamps, sizeof *p->camps);
	ptrs_zero(r, p->camps, p->ncamps, sizeof *p->camps, PTRS(CAMP_PTRS));
	for (size_t i = 0; i < p->ncamps && !r->bad; i++) {
		p->camps[i].name = bytes_get_strdup(r);
		p->camps[i].lead = bytes_get_strdup(r);
		p->camps[i].partners = bytes_get_strdup(r);
		p->camps[i].range = bytes_get_strdup(r);
		if (!p->camps[i].name || !p->camps[i].lead)
			r->bad = 1; /* never NULL in a load */
	}
	p->funding_outs = get_array(r, &p->nfunding_outs, sizeof *p->funding_outs);
	ptrs_zero(r, p->funding_outs, p->nfunding_outs, sizeof *p->funding_outs, PTRS(FUNDING_PTRS));
	for (size_t i = 0; i < p->nfunding_outs && !r->bad; i++)
		p->funding_outs[i].detail = bytes_get_strdup(r);
	uint64_t np = bytes_get_u64(r);
	if (!r->bad && np <= r->left / sizeof(uint64_t)) {
		p->person_keys = xcalloc(np ? (size_t)np : 1, sizeof *p->person_keys);
		p->npersons = (size_t)np;
		for (size_t i = 0; i < p->npersons && !r->bad; i++)
			if (!(p->person_keys[i] = bytes_get_strdup(r)))
				r->bad = 1;
	} else {
		r->bad = 1;
	}
	if (r->bad || r->left || !indexes_fit(f)) {
		facts_free(f);
		return -1;
	}
	/* What a load derives from the rest: the enterprises' and the organisations' index by id. */
	f->idx = xmalloc(((size_t)f->max_ent + 1) * sizeof *f->idx);
	memset(f->idx, 0xff, ((size_t)f->max_ent + 1) * sizeof *f->idx);
	for (size_t i = 0; i < f->nents; i++)
		f->idx[f->ents[i].id] = (int32_t)i;
	if (!f->plan_only) {
		p->org_at = xmalloc(((size_t)p->max_org + 1) * sizeof *p->org_at);
		memset(p->org_at, 0xff, ((size_t)p->max_org + 1) * sizeof *p->org_at);
		for (size_t i = 0; i < p->norgs; i++)
			p->org_at[p->orgs[i].id] = (int32_t)i;
	}
	return 0;
}

int facts_snap_read(const void *data, size_t n, facts *f)
{
	byte_source src = bytes_in_memory(data, n);
	return facts_snap_read_from(&src, f);
}

int facts_snap_read_from(const byte_source *src, facts *f)
{
	memset(f, 0, sizeof *f);
	reader r;
	bytes_open(&r, src);
	int rc = snap_read(&r, f);
	bytes_close(&r);
	return rc;
}
