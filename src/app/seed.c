/*
 * seed.c — see seed.h. The spread follows public statistics roughly:
 * prefectures by population (2020 census, thousands), industries by the
 * share of small firms in each JSIC division, sizes skewed to the very
 * small (most SMEs have fewer than five people), one in seven a sole
 * proprietor without a corporate number. Names are built from common
 * words and carry a katakana reading.
 *
 * About --declared percent of the organisations declare, the same share
 * in every block of SEED_SHARE_BLOCK organisations (chosen at random
 * within the block from a stream of their own, so that the share is near
 * exact at any N and --declared 100 reads the main stream as it always
 * did); among them ★★ and self-assessments as ever. Of the others, one in
 * three has taken the self-assessment without declaring
 * (SEED_UNDECLARED_ASSESSED: many firms try the check first and declare
 * later or never); they have no declaration, no policy and no events,
 * and like every seeded organisation no owner. Every seeded result is
 * placed in the benchmark cell of its organisation's profile, as a
 * submission is (store/seed.c), declared or not.
 *
 * Corporate numbers are unique by construction: body(i) = (base + i ×
 * stride) mod 10^12 with a stride coprime to 10^12, a bijection on i.
 * The insert goes through the declarations store like a real declaration
 * (public ids from the same counter), in transactions of SEED_BATCH. The
 * declarant search index is deferred meanwhile and rebuilt in bulk at the
 * end (store/declarant_index.h), the counters behind /statistics are
 * counted again once (store/statistics.h); then the database is tidied
 * (VACUUM, ANALYZE), so that a benchmark right after plans with
 * statistics.
 */
#include "app/seed.h"

#include "store/consult.h"
#include "store/news.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assessment.h"
#include "core/corporate_number.h"
#include "core/declaration.h"
#include "core/statistics.h"
#include "pages/org/org_size.h"
#include "store/declarant_index.h"
#include "store/declaration.h"
#include "store/identity.h"
#include "store/statistics.h"

#define SEED_EPOCH_START 1491004800 /* 2017-04-01, the scheme's first month */
#define SEED_EPOCH_SPAN (7 * 365 * 86400)
#define SEED_BODY_SPACE 1000000000000ull /* 10^12 corporate number bodies */
#define SEED_STRIDE 999999937ull         /* prime: coprime to 10^12 */
#define SEED_ARENA_BYTES (64u * 1024 * 1024)
#define SEED_SHARE_BLOCK 100                    /* organisations over which the share is exact */
#define SEED_UNDECLARED_ASSESSED 333            /* per mille of the others with a self-assessment */
#define SEED_SHARE_STREAM 0x6465636c61726564ull /* "declared": the share's own stream */
/* consultations are dated over the year before the end of the seeded span */
#define SEED_CONSULT_BASE (SEED_EPOCH_START + SEED_EPOCH_SPAN)

struct rng {
	uint64_t state;
};

/* splitmix64 (Steele, Lea, Flood 2014): tiny, fast, well mixed. */
static uint64_t rng_next(struct rng *g)
{
	uint64_t z = (g->state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); the modulo bias is far below what a benchmark sees. */
static uint64_t rng_below(struct rng *g, uint64_t n)
{
	return n ? rng_next(g) % n : 0;
}

/* A probability in thousandths. */
static bool rng_chance(struct rng *g, unsigned per_mille)
{
	return rng_below(g, 1000) < per_mille;
}

static size_t pick_weighted(struct rng *g, const unsigned *weights, size_t n)
{
	uint64_t total = 0, r;
	for (size_t i = 0; i < n; i++)
		total += weights[i];
	r = rng_below(g, total);
	for (size_t i = 0; i < n; i++) {
		if (r < weights[i])
			return i;
		r -= weights[i];
	}
	return n - 1;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Population in thousands, JIS X 0401 order (index 0 = prefecture 1). */
static const unsigned population[47] = {
    5225, 1238, 1211, 2302, 960,  1068, 1833, 2867, 1933, 1939, 7345, 6284, 14048, 9237, 2201, 1035,
    1133, 767,  810,  2048, 1979, 3633, 7542, 1770, 1414, 2578, 8838, 5465, 1324,  923,  553,  671,
    1888, 2800, 1342, 720,  950,  1335, 692,  5135, 811,  1312, 1738, 1124, 1070,  1588, 1467};
static const char *const capital[47] = {
    "札幌市",   "青森市", "盛岡市",     "仙台市", "秋田市", "山形市",   "福島市",   "水戸市",
    "宇都宮市", "前橋市", "さいたま市", "千葉市", "新宿区", "横浜市",   "新潟市",   "富山市",
    "金沢市",   "福井市", "甲府市",     "長野市", "岐阜市", "静岡市",   "名古屋市", "津市",
    "大津市",   "京都市", "大阪市",     "神戸市", "奈良市", "和歌山市", "鳥取市",   "松江市",
    "岡山市",   "広島市", "山口市",     "徳島市", "高松市", "松山市",   "高知市",   "福岡市",
    "佐賀市",   "長崎市", "熊本市",     "大分市", "宮崎市", "鹿児島市", "那覇市"};

/* JSIC divisions A…T and their weight among small firms. */
static const unsigned industry_weight[20] = {
    /* A  B  C  D   E   F  G  H  I   J  K  L  M   N  O  P  Q  R  S  T */
    1, 1, 1, 12, 12, 1, 3, 3, 22, 1, 6, 5, 10, 7, 2, 8, 1, 6, 0, 0};

struct word {
	const char *kanji, *kana;
};
static const struct word stems[] = {
    {"さくら", "サクラ"},   {"みどり", "ミドリ"},   {"富士", "フジ"},         {"青葉", "アオバ"},
    {"東洋", "トウヨウ"},   {"大和", "ヤマト"},     {"日の出", "ヒノデ"},     {"旭", "アサヒ"},
    {"北斗", "ホクト"},     {"光", "ヒカリ"},       {"中央", "チュウオウ"},   {"丸山", "マルヤマ"},
    {"山田", "ヤマダ"},     {"佐藤", "サトウ"},     {"鈴木", "スズキ"},       {"高橋", "タカハシ"},
    {"田中", "タナカ"},     {"渡辺", "ワタナベ"},   {"伊藤", "イトウ"},       {"小林", "コバヤシ"},
    {"中村", "ナカムラ"},   {"若葉", "ワカバ"},     {"朝日", "アサヒ"},       {"平和", "ヘイワ"},
    {"共栄", "キョウエイ"}, {"三協", "サンキョウ"}, {"明星", "ミョウジョウ"}, {"千代田", "チヨダ"}};
static const struct word trades[] = {
    {"精密", "セイミツ"},     {"電機", "デンキ"},      {"商事", "ショウジ"},
    {"建設", "ケンセツ"},     {"工業", "コウギョウ"},  {"食品", "ショクヒン"},
    {"印刷", "インサツ"},     {"運輸", "ウンユ"},      {"設計", "セッケイ"},
    {"システム", "システム"}, {"物産", "ブッサン"},    {"製作所", "セイサクショ"},
    {"商店", "ショウテン"},   {"技研", "ギケン"},      {"薬局", "ヤッキョク"},
    {"不動産", "フドウサン"}, {"歯科", "シカ"},        {"会計事務所", "カイケイジムショ"},
    {"工務店", "コウムテン"}, {"デザイン", "デザイン"}};
static const struct word given[] = {{"太郎", "タロウ"}, {"花子", "ハナコ"},   {"健一", "ケンイチ"},
                                    {"美咲", "ミサキ"}, {"大輔", "ダイスケ"}, {"由美", "ユミ"},
                                    {"誠", "マコト"},   {"陽子", "ヨウコ"}};
static const char *const towns[] = {"本町", "栄町", "緑町", "中央", "旭町", "寿町", "港町", "東町"};

static const char *const answer_names[] = {"done", "partly", "not_done", "dont_know"};

/* Every (kana, name) the words make, in listing order: a declaration's
 * rank is its place here (store/declarant_index.h), given at the insert
 * so that the index's rebuild keeps them all. */
#define NAME_FORMS 5
#define SEED_NAMES (COUNT(stems) * COUNT(trades) * NAME_FORMS)
struct seed_name {
	char kana[64], name[96];
};

struct seeder {
	struct store *s;
	struct arena *a;
	struct rng g;
	struct rng share;             /* which organisations declare */
	int declared;                 /* percent */
	bool block[SEED_SHARE_BLOCK]; /* those that declare in the current block */
	uint64_t number_base;
	struct seed_report *report;
	struct seed_name *names; /* SEED_NAMES of them, sorted */
};

static int compare_names(const void *x, const void *y)
{
	const struct seed_name *m = x, *n = y;
	int c = strcmp(m->kana, n->kana);
	return c ? c : strcmp(m->name, n->name);
}

static void names_make(struct seeder *sd)
{
	static const char *const forms[NAME_FORMS][2] = {
	    {"株式会社", ""}, {"", ""}, {"", "株式会社"}, {"", "有限会社"}, {"", "合同会社"}};
	size_t n = 0;
	for (size_t i = 0; i < COUNT(stems); i++)
		for (size_t k = 0; k < COUNT(trades); k++)
			for (size_t f = 0; f < NAME_FORMS; f++, n++) {
				struct seed_name *x = &sd->names[n];
				snprintf(x->kana, sizeof x->kana, "%s%s", stems[i].kana,
				         trades[k].kana);
				snprintf(x->name, sizeof x->name, "%s%s%s%s", forms[f][0],
				         stems[i].kanji, trades[k].kanji, forms[f][1]);
			}
	qsort(sd->names, n, sizeof *sd->names, compare_names);
}

/* The rank of a name made of the words: its place among them all. */
static int64_t name_rank(const struct seeder *sd, struct str name, struct str kana)
{
	struct seed_name key;
	snprintf(key.kana, sizeof key.kana, "%.*s", (int)kana.n, kana.p);
	snprintf(key.name, sizeof key.name, "%.*s", (int)name.n, name.p);
	const struct seed_name *found =
	    bsearch(&key, sd->names, SEED_NAMES, sizeof *sd->names, compare_names);
	return found ? (int64_t)(found - sd->names) * DECLARANT_RANK_GAP : 0;
}

static struct str printed(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static struct str printed(struct arena *a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf)
		return STR("");
	char *p = arena_strndup(a, buf, (size_t)n);
	return p ? (struct str){p, (size_t)n} : STR("");
}

static void corporate_number(struct seeder *sd, int64_t i, char out[CORPORATE_NUMBER_DIGITS + 1])
{
	uint64_t body = (sd->number_base + (uint64_t)i * SEED_STRIDE) % SEED_BODY_SPACE;
	for (int k = 12; k >= 1; k--) {
		out[k] = (char)('0' + body % 10);
		body /= 10;
	}
	out[0] = (char)('0' + core_corporate_number_check_digit(out + 1));
	out[13] = '\0';
}

static void public_id(struct seeder *sd, char out[13])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	uint64_t r = rng_next(&sd->g);
	for (int k = 0; k < 12; k++, r >>= 5)
		out[k] = alphabet[r & 31];
	out[12] = '\0';
}

static int64_t employees(struct seeder *sd)
{
	static const unsigned weights[] = {600, 250, 100, 50};
	static const int64_t low[] = {1, 6, 21, 101}, span[] = {5, 15, 80, 200};
	size_t k = pick_weighted(&sd->g, weights, COUNT(weights));
	return low[k] + (int64_t)rng_below(&sd->g, (uint64_t)span[k]);
}

static void make_profile(struct seeder *sd, int64_t i, struct declaration_seed *out)
{
	struct arena *a = sd->a;
	struct rng *g = &sd->g;
	struct org_profile *o = &out->org;
	char number[CORPORATE_NUMBER_DIGITS + 1], id[13];
	const struct word *stem = &stems[rng_below(g, COUNT(stems))];
	const struct word *trade = &trades[rng_below(g, COUNT(trades))];
	const struct word *family = &stems[12 + rng_below(g, 9)] /* the family names */;
	const struct word *first = &given[rng_below(g, COUNT(given))];
	bool sole = rng_chance(g, 140);
	unsigned form = (unsigned)rng_below(g, 10);
	const char *prefix = sole ? "" : form < 5 ? "株式会社" : "";
	const char *suffix = sole       ? ""
	                     : form < 5 ? ""
	                     : form < 8 ? "株式会社"
	                     : form < 9 ? "有限会社"
	                                : "合同会社";
	char industry = (char)('A' + pick_weighted(g, industry_weight, COUNT(industry_weight)));
	int prefecture = (int)pick_weighted(g, population, COUNT(population)) + 1;
	public_id(sd, id);
	corporate_number(sd, i, number);
	*o = (struct org_profile){
	    .public_id = printed(a, "%s", id),
	    .name = printed(a, "%s%s%s%s", prefix, stem->kanji, trade->kanji, suffix),
	    .name_kana = printed(a, "%s%s", stem->kana, trade->kana),
	    .corporate_number = sole ? STR("") : printed(a, "%s", number),
	    .sole_proprietor = sole,
	    .postal_code = printed(a, "%03u-%04u", (unsigned)rng_below(g, 1000),
	                           (unsigned)rng_below(g, 10000)),
	    .prefecture = prefecture,
	    .address = printed(a, "%s%s%u丁目%u-%u", capital[prefecture - 1],
	                       towns[rng_below(g, COUNT(towns))], 1 + (unsigned)rng_below(g, 9),
	                       1 + (unsigned)rng_below(g, 30), 1 + (unsigned)rng_below(g, 20)),
	    .industry = printed(a, "%c", industry),
	    .trade =
	        industry == 'I' ? (rng_chance(g, 500) ? STR("retail") : STR("wholesale")) : STR(""),
	    .employees = employees(sd),
	    .capital_yen = sole ? -1 : (int64_t)(1 + rng_below(g, 100)) * 1000000,
	    .representative_title = sole ? STR("代表") : STR("代表取締役"),
	    .representative_name = printed(a, "%s %s", family->kanji, first->kanji),
	    .contact_name =
	        printed(a, "%s %s", family->kanji, given[rng_below(g, COUNT(given))].kanji),
	    .contact_email = printed(a, "info@s%lld.example.jp", (long long)i + 1),
	    .website = printed(a, "https://s%lld.example.jp/", (long long)i + 1),
	};
}

/* Answers of a firm with a given care (per mille chance of "done"). */
static enum mm_err make_assessment(struct seeder *sd, int64_t i, struct declaration_seed *out)
{
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	struct assessment_score score;
	unsigned care = 300 + (unsigned)rng_below(&sd->g, 650);
	for (int k = 0; k < ASSESSMENT_ITEM_COUNT; k++) {
		const unsigned weights[] = {care, (1000 - care) / 2, (1000 - care) * 7 / 20,
		                            (1000 - care) - (1000 - care) / 2 -
		                                (1000 - care) * 7 / 20};
		size_t pick = pick_weighted(&sd->g, weights, 4);
		answers[k] = (enum assessment_answer)(ANSWER_DONE + (int)pick);
		out->answers[k] = answer_names[pick];
	}
	enum mm_err e = core_assessment_score(answers, &score);
	if (e)
		return e;
	out->total = score.total;
	for (int p = 0; p < 3; p++)
		out->part[p] = score.part[p];
	out->assessment_version = STR("v1");
	out->submit_token = printed(sd->a, "seed-%lld", (long long)i + 1);
	return MM_OK;
}

static void make_policy(struct seeder *sd, struct declaration_seed *out)
{
	struct arena *a = sd->a;
	struct str name = out->org.name;
	out->policy_preamble =
	    printed(a,
	            "%.*sは、お客さまと取引先からお預かりした情報を守ることを経営の責任と考え、"
	            "次のとおり情報セキュリティに取り組みます。",
	            (int)name.n, name.p);
	out->policy_commitments[0] =
	    STR("経営者が情報セキュリティの責任を持ち、必要な予算と人を確保します。");
	out->policy_commitments[1] = STR("担当者を決め、社内の取り組みをまとめて進めます。");
	out->policy_commitments[2] =
	    STR("従業員は研修を受け、定めたルールに従って業務を行います。");
	out->policy_commitments[3] = STR("情報の取り扱いに関する法令、規則、契約を守ります。");
	out->policy_commitments[4] =
	    STR("違反や事故が起きたときは速やかに対応し、再発を防ぎます。");
	out->policy_established_on = STR("2024-04-01");
}

/* What the statistics count the organisation as (as declaring does). */
static int seed_size_class(const struct org_profile *o)
{
	enum size_group group;
	enum size_class size;
	return org_size_class(o, &group, &size) ? (int)core_statistics_size(size)
	                                        : STATISTICS_SIZE_UNKNOWN;
}

/* Whether organisation i declares: at the start of each block, `declared`
 * of its SEED_SHARE_BLOCK places are drawn (selection sampling, Knuth's
 * algorithm S) from the share's stream. */
static bool declares(struct seeder *sd, int64_t i)
{
	size_t at = (size_t)(i % SEED_SHARE_BLOCK);
	if (sd->declared >= 100)
		return true;
	if (at == 0) {
		uint64_t wanted = (uint64_t)sd->declared;
		for (uint64_t k = 0; k < SEED_SHARE_BLOCK; k++) {
			sd->block[k] = rng_below(&sd->share, SEED_SHARE_BLOCK - k) < wanted;
			wanted -= sd->block[k];
		}
	}
	return sd->block[at];
}

/* An organisation that does not declare: its profile, since some time in
 * the seeded span, and for one in three a self-assessment. */
static enum mm_err make_undeclared(struct seeder *sd, int64_t i, struct declaration_seed *seed)
{
	struct rng *g = &sd->g;
	enum mm_err e;
	seed->created_at = SEED_EPOCH_START + (int64_t)rng_below(g, SEED_EPOCH_SPAN);
	seed->has_assessment = rng_chance(g, SEED_UNDECLARED_ASSESSED);
	if (seed->has_assessment) {
		seed->taken_at = seed->created_at + (int64_t)rng_below(g, 90 * 86400);
		if ((e = make_assessment(sd, i, seed)))
			return e;
	}
	sd->report->organisations++;
	sd->report->assessments += seed->has_assessment;
	return MM_OK;
}

/* One organisation and, when it declares, its declaration, into seed
 * (for a declarant the random stream is read in the same order as ever,
 * so that --declared 100 gives the data a seed number always gave). */
static enum mm_err make_one(struct seeder *sd, int64_t i, struct declaration_seed *seed)
{
	struct rng *g = &sd->g;
	char key[DECLARATION_KEY_BYTES];
	enum mm_err e;
	*seed = (struct declaration_seed){0};
	make_profile(sd, i, seed);
	seed->bench_size = seed_size_class(&seed->org);
	seed->declares = declares(sd, i);
	if (!seed->declares)
		return make_undeclared(sd, i, seed);
	int64_t declared = SEED_EPOCH_START + (int64_t)rng_below(g, SEED_EPOCH_SPAN);
	seed->created_at = declared - (int64_t)rng_below(g, 90 * 86400) - 3600;
	seed->taken_at =
	    seed->created_at + (int64_t)rng_below(g, (uint64_t)(declared - seed->created_at));
	seed->published_at = seed->taken_at + 60;
	int level = rng_chance(g, 100) ? DECLARATION_LEVEL_TWO : DECLARATION_LEVEL_ONE;
	bool assessed = level == DECLARATION_LEVEL_TWO || rng_chance(g, 400);
	seed->publish_policy = level == DECLARATION_LEVEL_TWO;
	if (assessed && (e = make_assessment(sd, i, seed)))
		return e;
	if (seed->publish_policy)
		make_policy(sd, seed);
	seed->has_assessment = assessed;
	struct declaration *d = &seed->declaration;
	*d = (struct declaration){
	    .org_name = seed->org.name,
	    .org_name_kana = seed->org.name_kana,
	    .prefecture = seed->org.prefecture,
	    .industry = seed->org.industry,
	    .corporate_number = seed->org.corporate_number,
	    .level = level,
	    .declared_at = declared,
	    .size_class = seed->bench_size,
	    .address = seed->org.address,
	    .contact_email = seed->org.contact_email,
	    .flag_reasons = STR(""),
	    .declared_ip = STR(""),
	    .policy_url = level == DECLARATION_LEVEL_TWO
	                      ? printed(sd->a, "/policy/%.*s", (int)seed->org.public_id.n,
	                                seed->org.public_id.p)
	                      : STR(""),
	    .sort_rank = name_rank(sd, seed->org.name, seed->org.name_kana),
	};
	size_t n = core_declaration_name_key(d->org_name, key);
	d->name_key = printed(sd->a, "%.*s", (int)n, key);
	n = core_declaration_address_key(d->prefecture, d->address, key);
	d->address_key = printed(sd->a, "%.*s", (int)n, key);
	sd->report->organisations++;
	sd->report->declarations++;
	sd->report->assessments += assessed;
	if (level == DECLARATION_LEVEL_TWO)
		sd->report->level_two++;
	else
		sd->report->level_one++;
	/* a few firms have since withdrawn: verification must show that too */
	if (rng_chance(g, 30)) {
		seed->withdrawn_at = declared + (int64_t)rng_below(g, 365 * 86400);
		sd->report->withdrawn++;
	}
	return MM_OK;
}

/* One batch: organisations done up to end, in one transaction, handed to
 * the store SEED_STATEMENT at a time. */
struct seed_batch {
	struct seeder *sd;
	int64_t done, end;
	struct declaration_seed *seeds;
};

static enum mm_err seed_batch_tx(struct store *s, void *arg)
{
	struct seed_batch *b = arg;
	enum mm_err e = MM_OK;
	while (b->done < b->end && !e) {
		size_t n = 0;
		/* each statement's rows and text start afresh */
		arena_reset(b->sd->a);
		b->seeds = arena_alloc(b->sd->a, sizeof *b->seeds * SEED_STATEMENT);
		if (!b->seeds)
			return MM_ERR_NOMEM;
		for (; n < SEED_STATEMENT && b->done + (int64_t)n < b->end && !e; n++)
			e = make_one(b->sd, b->done + (int64_t)n, &b->seeds[n]);
		if (!e)
			e = store_declaration_seed_batch(s, b->sd->a, b->seeds, n);
		if (!e)
			b->done += (int64_t)n;
	}
	return e;
}

static void rebuild_progress(void *ctx, int64_t done)
{
	(void)ctx;
	fprintf(stderr, "\rseed: search index, %lld declarations", (long long)done);
}

static enum mm_err statistics_tx(struct store *s, void *arg)
{
	(void)arg;
	return store_statistics_rebuild(s);
}

/* The search index in bulk, the counters behind /statistics once (the
 * triggers of migration 0022 count as seeding goes; counting again keeps
 * them right whatever way the rows went in), then the planner's
 * statistics. */
static enum mm_err seed_finish(struct store *s, char err[256])
{
	int64_t n;
	enum mm_err e = store_declarant_index_rebuild(s, rebuild_progress, NULL, &n);
	fputc('\n', stderr);
	if (e) {
		snprintf(err, 256, "search index: %s", mm_err_name(e));
		return e;
	}
	fprintf(stderr, "seed: statistics\n");
	if ((e = store_tx(s, statistics_tx, NULL))) {
		snprintf(err, 256, "statistics rebuild: %s", mm_err_name(e));
		return e;
	}
	fprintf(stderr, "seed: vacuum and analyze\n");
	if ((e = store_tidy_after_load(s)))
		snprintf(err, 256, "vacuum: %s", mm_err_name(e));
	return e;
}

/* The corporate-number data and letters (store_identity_seed), at once. */
static enum mm_err identity_tx(struct store *s, void *arg)
{
	return store_identity_seed(s, SEED_CONSULT_BASE, arg);
}

enum mm_err seed_run(struct store *s, int64_t n, uint64_t seed, int declared,
                     struct seed_report *out, char err[256])
{
	struct arena a;
	struct seeder sd = {.s = s,
	                    .a = &a,
	                    .g = {seed},
	                    .share = {seed ^ SEED_SHARE_STREAM},
	                    .declared = declared,
	                    .report = out};
	struct seed_batch b = {.sd = &sd};
	enum mm_err e = MM_OK;
	*out = (struct seed_report){0};
	err[0] = '\0';
	sd.number_base = rng_below(&sd.g, SEED_BODY_SPACE);
	if ((e = store_prepare_bulk_load(s)) || (e = store_declarant_index_defer(s))) {
		snprintf(err, 256, "search index: %s", mm_err_name(e));
		return e;
	}
	arena_init(&a, SEED_ARENA_BYTES);
	sd.names = malloc(sizeof *sd.names * SEED_NAMES);
	if (!sd.names) {
		arena_free(&a);
		snprintf(err, 256, "out of memory");
		return MM_ERR_NOMEM;
	}
	names_make(&sd);
	while (b.done < n) {
		b.end = b.done + SEED_BATCH < n ? b.done + SEED_BATCH : n;
		if ((e = store_tx(s, seed_batch_tx, &b))) {
			snprintf(err, 256, "organisation %lld: %s%s", (long long)b.done,
			         mm_err_name(e),
			         e == MM_ERR_CONFLICT ? " (run seed on an empty database)" : "");
			break;
		}
		fprintf(stderr, "\rseed: %lld / %lld organisations, %lld declarations",
		        (long long)b.done, (long long)n, (long long)out->declarations);
	}
	fputc('\n', stderr);
	free(sd.names);
	arena_free(&a);
	/* the consultations of some of them, dated back from the latest
	 * declaration time the seed uses */
	if (!e && (e = store_consult_seed(s, SEED_CONSULT_BASE, &out->consultations)))
		snprintf(err, 256, "consultations: %s", mm_err_name(e));
	if (!e && (e = store_tx(s, identity_tx, &out->corporate_records)))
		snprintf(err, 256, "corporate-number data: %s", mm_err_name(e));
	return e ? e : seed_finish(s, err);
}

enum mm_err seed_news(struct store *s, struct seed_report *out, char err[256])
{
	enum mm_err e = store_news_seed(s, SEED_CONSULT_BASE, &out->articles, &out->subscribers);
	if (e)
		snprintf(err, 256, "news: %s", mm_err_name(e));
	return e;
}

enum mm_err seed_events(struct store *s, struct event_seed_report *out, char err[256])
{
	/* a year either side of the same time as the consultations */
	enum mm_err e = store_event_seed(s, SEED_CONSULT_BASE, out);
	if (e)
		snprintf(err, 256, "events: %s", mm_err_name(e));
	return e;
}
