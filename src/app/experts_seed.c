/*
 * experts_seed.c — see experts_seed.h.
 */
#include "app/experts_seed.h"

#include <jansson.h>
#include <stdio.h>
#include <time.h>

#include "core/experts.h"
#include "core/help.h"
#include "core/org_fields.h"
#include "app/demo_json.h"
#include "store/experts.h"

#define SEED_EXPERTS_TIME 1764547200 /* 2025-12-01: a fixed time, so runs are the same */

/* The bits of a JSON list of names (or of prefecture codes when list is
 * NULL); 0 when one of them is unknown. */
static int64_t json_mask(json_t *o, const char *key, const char *const list[], size_t n)
{
	json_t *items = json_object_get(o, key), *v;
	int64_t mask = 0;
	size_t i;
	json_array_foreach(items, i, v)
	{
		int bit = list ? expert_name_index(
		                     list, n,
		                     (struct str){json_string_value(v) ? json_string_value(v) : "",
		                                  json_string_length(v)})
		               : (int)json_integer_value(v) - 1;
		if (bit < 0 || (!list && bit >= PREFECTURE_COUNT))
			return 0;
		mask |= (int64_t)1 << bit;
	}
	return mask;
}

static enum mm_err demo_one(struct store *s, json_t *item, void *ctx, bool *added, char err[256])
{
	(void)ctx;
	struct str email = demo_json_str(item, "email");
	struct expert x = {
	    .name = demo_json_str(item, "name"),
	    .kind = demo_json_str(item, "kind"),
	    .qualifications = demo_json_str(item, "qualifications"),
	    .introduction = demo_json_str(item, "introduction"),
	    .prefectures = json_mask(item, "prefectures", NULL, 0),
	    .skills = json_mask(item, "skills", help_categories, HELP_CATEGORY_COUNT),
	    .languages = json_mask(item, "languages", expert_languages, EXPERT_LANGUAGE_COUNT),
	    .takes_consultations = json_is_true(json_object_get(item, "takes_consultations")),
	};
	if (!email.n || !x.name.n || !x.qualifications.n || !x.prefectures || !x.skills ||
	    !x.languages || expert_name_index(expert_kinds, EXPERT_KIND_COUNT, x.kind) < 0) {
		snprintf(err, 256, "demo expert %.*s is incomplete or invalid", (int)email.n,
		         email.p);
		return MM_ERR_INVALID;
	}
	enum mm_err e = store_expert_seed(s, email, &x, (int64_t)time(NULL), added);
	if (e)
		snprintf(err, 256, "cannot store demo expert %.*s", (int)email.n, email.p);
	return e;
}

enum mm_err experts_seed_demo(struct store *s, int *inserted, char err[256])
{
	return demo_json_load_each(s, "content/demo/experts.json", "experts", "no experts list",
	                           demo_one, NULL, inserted, err);
}

/* ---- `mamori seed` ---------------------------------------------------------- */

/* splitmix64, as seed.c; its own stream (seed with a constant mixed in),
 * so adding experts changes none of the organisations. */
static uint64_t next(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static const char *const family[] = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺",
                                     "山本", "中村", "小林", "加藤", "吉田", "山田"};
static const char *const given[] = {"健", "彩", "誠", "陽子", "大輔", "美咲", "翔", "恵"};
static const char *const offices[] = {"セキュリティ事務所", "情報技術研究所", "ITサポート",
                                      "システム相談室"};

/* Up to three neighbouring prefectures around a random one. */
static int64_t some_prefectures(uint64_t *g)
{
	int first = (int)(next(g) % PREFECTURE_COUNT), count = 1 + (int)(next(g) % 3);
	int64_t mask = 0;
	for (int i = 0; i < count && first + i < PREFECTURE_COUNT; i++)
		mask |= (int64_t)1 << (first + i);
	return mask;
}

struct seed_run {
	int64_t n;
	uint64_t seed;
};

static enum mm_err seed_tx(struct store *s, void *arg)
{
	struct seed_run *sr = arg;
	uint64_t g = sr->seed ^ 0x6578706572747321ull; /* "experts!" */
	enum mm_err e = MM_OK;
	for (int64_t i = 0; i < sr->n && !e; i++) {
		char email[96], name[160], quals[160];
		const char *fam = family[next(&g) % (sizeof family / sizeof family[0])];
		const char *giv = given[next(&g) % (sizeof given / sizeof given[0])];
		bool office = next(&g) % 3 == 0;
		int kind = (int)(next(&g) % EXPERT_KIND_COUNT);
		snprintf(email, sizeof email, "expert-%llu-%lld@seed.example.invalid",
		         (unsigned long long)sr->seed, (long long)i + 1);
		if (office)
			snprintf(name, sizeof name, "%s%s", fam,
			         offices[next(&g) % (sizeof offices / sizeof offices[0])]);
		else
			snprintf(name, sizeof name, "%s %s", fam, giv);
		snprintf(quals, sizeof quals,
		         kind == 0 ? "情報処理安全確保支援士 第%06lld号（架空）"
		                   : "登録番号 %06lld（架空）",
		         (long long)(100000 + i));
		struct expert x = {
		    .name = str_from(name),
		    .kind = str_from(expert_kinds[kind]),
		    .qualifications = str_from(quals),
		    .introduction = STR(""),
		    .prefectures = some_prefectures(&g),
		    .skills = (int64_t)(1 + next(&g) % ((1u << HELP_CATEGORY_COUNT) - 1)),
		    .languages =
		        next(&g) % 4 == 0 ? 3 : 1, /* Japanese, and English for a quarter */
		    .takes_consultations = next(&g) % 5 != 0,
		};
		bool added;
		e = store_expert_seed(s, str_from(email), &x, SEED_EXPERTS_TIME, &added);
	}
	return e;
}

enum mm_err experts_seed_run(struct store *s, int64_t n, uint64_t seed, char err[256])
{
	struct seed_run sr = {.n = n, .seed = seed};
	enum mm_err e = store_tx(s, seed_tx, &sr);
	if (e)
		snprintf(err, 256, "experts: %s", mm_err_name(e));
	return e;
}
