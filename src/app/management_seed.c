/*
 * management_seed.c — see management_seed.h.
 */
#include "app/management_seed.h"

#include <stdio.h>
#include <string.h>

#include "core/management.h"
#include "store/assessment.h"
#include "store/management.h"
#include "view/management_content.h"

#define SEED_PAGE 500 /* organisations read and written per transaction */
#define SEED_ARENA_BYTES (16u * 1024 * 1024)
#define DAY 86400
#define YEAR (365 * DAY)

/* The content, loaded for the command line (`mamori serve` has it from
 * views_load); it stays for the life of the process. */
static const struct management_content *content(char err[256])
{
	static struct arena arena;
	static bool loaded;
	char why[TPL_ERR_MAX];
	if (management_content_latest())
		return management_content_latest();
	if (!loaded) {
		arena_init(&arena, 4u * 1024 * 1024);
		loaded = true;
	}
	if (management_content_load(&arena, why)) {
		snprintf(err, 256, "management content: %.200s", why);
		return NULL;
	}
	return management_content_latest();
}

/* splitmix64, as app/seed.c uses. */
static uint64_t next(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int below(uint64_t *state, int n)
{
	return (int)(next(state) % (uint64_t)n);
}

/* One result of organisation org at time `at`: every question around the
 * firm's usual level (care 0–5), one in twenty "don't know". */
static enum mm_err insert_one(struct store *s, const struct management_content *c, int64_t org,
                              int64_t at, int care, int n, uint64_t *g)
{
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX] = {0};
	struct management_score score;
	struct management_result r = {.taken_at = at, .version = str_from(c->version)};
	struct check_owner o = {.kind = CHECK_OWNER_ORG, .id = org};
	char token[48];
	int64_t id;
	for (int q = 0; q < c->layout.question_count; q++) {
		int level = care + below(g, 3) - 1;
		level = level < 0 ? 0 : level > MANAGEMENT_LEVEL_MAX ? MANAGEMENT_LEVEL_MAX : level;
		answers[q] = below(g, 20) == 0
		                 ? MANAGEMENT_ANSWER_DONT_KNOW
		                 : (enum management_answer)(MANAGEMENT_ANSWER_LEVEL0 + level);
	}
	enum mm_err e = core_management_score(&c->layout, answers, &score);
	if (e)
		return e;
	for (int q = 0; q < STORE_MANAGEMENT_QUESTIONS; q++) {
		const char *name =
		    q < MANAGEMENT_QUESTIONS_MAX ? core_management_answer_name(answers[q]) : NULL;
		r.answers[q] = str_from(name ? name : "");
	}
	r.scores.overall = score.overall;
	r.scores.dont_know = score.dont_know;
	memcpy(r.scores.directive, score.directive, sizeof score.directive);
	snprintf(token, sizeof token, "seed-management-%lld-%d", (long long)org, n);
	r.submit_token = str_from(token);
	return store_management_result_insert(s, &o, &r, &id);
}

struct page {
	const struct management_content *c;
	struct arena *a;
	uint64_t *g;
	int64_t after, results;
	size_t read;
};

/* One page of candidates and their results, in one transaction. */
static enum mm_err page_tx(struct store *s, void *arg)
{
	struct page *p = arg;
	struct management_seed_candidate *list;
	enum mm_err e;
	arena_reset(p->a);
	if ((e = store_management_seed_candidates(s, p->a, p->after, SEED_PAGE, &list, &p->read)))
		return e;
	for (size_t i = 0; i < p->read && !e; i++) {
		int64_t org = list[i].organisation_id;
		p->after = org;
		if (below(p->g, 3) != 0)
			continue;
		int care = below(p->g, MANAGEMENT_LEVEL_MAX + 1);
		int64_t at = list[i].assessed_at + DAY + below(p->g, 60) * DAY;
		if (below(p->g, 4) == 0 && care > 0) {
			if ((e = insert_one(s, p->c, org, at - YEAR, care - 1, 1, p->g)))
				break;
			p->results++;
		}
		if (!(e = insert_one(s, p->c, org, at, care, 2, p->g)))
			p->results++;
	}
	return e;
}

enum mm_err management_seed_run(struct store *s, uint64_t seed, int64_t *results, char err[256])
{
	struct arena a;
	uint64_t g = seed ^ 0x6d616e6167656d65ull; /* a stream of its own */
	struct page p = {.c = content(err), .a = &a, .g = &g};
	enum mm_err e = MM_OK;
	*results = 0;
	if (!p.c)
		return MM_ERR_NOT_FOUND;
	arena_init(&a, SEED_ARENA_BYTES);
	do {
		if ((e = store_tx(s, page_tx, &p))) {
			snprintf(err, 256, "management results after organisation %lld: %s",
			         (long long)p.after, mm_err_name(e));
			break;
		}
		fprintf(stderr, "\rseed: %lld management results", (long long)p.results);
	} while (p.read == SEED_PAGE);
	fputc('\n', stderr);
	arena_free(&a);
	*results = p.results;
	return e;
}

struct demo {
	const struct management_content *c;
	int inserted;
};

static enum mm_err demo_tx(struct store *s, void *arg)
{
	static const struct {
		const char *public_id;
		int64_t first, second; /* when taken */
		int care_first, care_second;
	} firms[] = {{"demo-sakura-seimitsu", 1743465600, 1774915200, 1, 2},
	             {"demo-kita-unyu", 1746057600, 1777507200, 2, 3}};
	struct demo *d = arg;
	uint64_t g = 20170401;
	for (size_t i = 0; i < sizeof firms / sizeof firms[0]; i++) {
		int64_t org;
		bool has;
		enum mm_err e =
		    store_assessment_org_id_by_public_id(s, str_from(firms[i].public_id), &org);
		if (e == MM_ERR_NOT_FOUND)
			continue;
		if (e || (e = store_management_has_results(s, org, &has)))
			return e;
		if (has)
			continue;
		if ((e = insert_one(s, d->c, org, firms[i].first, firms[i].care_first, 1, &g)) ||
		    (e = insert_one(s, d->c, org, firms[i].second, firms[i].care_second, 2, &g)))
			return e;
		d->inserted += 2;
	}
	return MM_OK;
}

enum mm_err management_seed_demo(struct store *s, int *inserted, char err[256])
{
	struct demo d = {.c = content(err)};
	enum mm_err e;
	*inserted = 0;
	if (!d.c)
		return MM_ERR_NOT_FOUND;
	if ((e = store_tx(s, demo_tx, &d)))
		snprintf(err, 256, "demo management results: %s", mm_err_name(e));
	*inserted = d.inserted;
	return e;
}
