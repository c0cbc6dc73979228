/*
 * service_index.c — see service_index.h. Written once for every database
 * (store/sql.h). A listing's tokens travel as one JSON array (SQLite's
 * json_each, PostgreSQL's json_array_elements_text): one statement.
 *
 * The filters are the parameters $1…$8 of every search statement, in the
 * same order (FILTERS); a filter left open is 0 (-1 for the kind), which
 * its condition lets through. The catalogue is small (thousands of
 * listings, not millions), so one statement with every filter serves
 * all of their combinations; the text is what must go through an index.
 */
#include "store/service_index.h"

#include "core/search_text.h"
#include "lib/json.h"
#include "store/sql.h"

#define TOKENS_JSON_MAX (512u * 1024)
/* One listing's folded texts, tokens (16 bytes each, two per byte of
 * text at most) and their JSON. */
#define INDEX_ARENA_BYTES (4u * 1024 * 1024)
#define REBUILD_ARENA_BYTES INDEX_ARENA_BYTES

/* The filters, parameters $1…$8 in each dialect: $1 today, $2 kind (-1:
 * any), $3 categories, $4 the prefecture's bit, $5 on-site (0/1), $6
 * price ceiling (0: none), $7 contents, $8 tags. PostgreSQL's are cast,
 * so that a mask of 47 bits is never read as an integer. */
#define FILTERS_SQLITE                                                                             \
	" (l.valid_from = '' OR l.valid_from <= ?1)"                                               \
	" AND (l.valid_until = '' OR l.valid_until >= ?1)"                                         \
	" AND (?2 < 0 OR l.kind = ?2) AND (l.categories & ?3) = ?3"                                \
	" AND (?4 = 0 OR l.nationwide = 1 OR (l.prefectures & ?4) <> 0)"                           \
	" AND (?5 = 0 OR l.onsite = 1) AND (?6 = 0 OR (l.price_min >= 0 AND l.price_min <= ?6))"   \
	" AND (l.contents & ?7) = ?7 AND (l.tags & ?8) = ?8"
#define FILTERS_PG                                                                                 \
	" (l.valid_from = '' OR l.valid_from <= CAST($1 AS text))"                                 \
	" AND (l.valid_until = '' OR l.valid_until >= CAST($1 AS text))"                           \
	" AND (CAST($2 AS bigint) < 0 OR l.kind = CAST($2 AS bigint))"                             \
	" AND (l.categories & CAST($3 AS bigint)) = CAST($3 AS bigint)"                            \
	" AND (CAST($4 AS bigint) = 0 OR l.nationwide = 1"                                         \
	" OR (l.prefectures & CAST($4 AS bigint)) <> 0)"                                           \
	" AND (CAST($5 AS bigint) = 0 OR l.onsite = 1)"                                            \
	" AND (CAST($6 AS bigint) = 0"                                                             \
	" OR (l.price_min >= 0 AND l.price_min <= CAST($6 AS bigint)))"                            \
	" AND (l.contents & CAST($7 AS bigint)) = CAST($7 AS bigint)"                              \
	" AND (l.tags & CAST($8 AS bigint)) = CAST($8 AS bigint)"

#define HIT_ROW "SELECT l.listing_id, l.name, l.search_name, l.search_provider"
/* A token's listings ($9) that contain the text ($10), at most $11.
 * SQLite: the token's rows first (CROSS JOIN keeps the order). */
static const struct sql SQL_FIND_TEXT = SQL_EACH(
    HIT_ROW " FROM service_token t CROSS JOIN service_index l ON l.listing_id = t.listing_id"
            " WHERE t.token = ?9 AND instr(l.search_text, ?10) > 0 AND" FILTERS_SQLITE " LIMIT ?11",
    HIT_ROW " FROM service_token t JOIN service_index l ON l.listing_id = t.listing_id"
            " WHERE t.token = CAST($9 AS text) AND strpos(l.search_text, CAST($10 AS text)) > 0"
            " AND" FILTERS_PG " LIMIT $11");
/* The listings without text in name order: $9 rows from $10 on. */
static const struct sql SQL_FIND_LIST =
    SQL_EACH(HIT_ROW " FROM service_index l WHERE" FILTERS_SQLITE
                     " ORDER BY l.name, l.listing_id LIMIT ?9 OFFSET ?10",
             HIT_ROW " FROM service_index l WHERE" FILTERS_PG
                     " ORDER BY l.name, l.listing_id LIMIT $9 OFFSET $10");
static const struct sql SQL_FIND_COUNT =
    SQL_EACH("SELECT count(*) FROM service_index l WHERE" FILTERS_SQLITE,
             "SELECT count(*) FROM service_index l WHERE" FILTERS_PG);
/* The same driven by one tag's listings ($11, the catalogue's service_tag:
 * its primary key leads with the tag), or by a prefecture's ($11, with
 * the nationwide ones, prefecture 0, of service_region), so that a
 * filtered list reads the rows of its filter, not every listing. */
#define BY_TAG_SQLITE                                                                              \
	" FROM service_tag g CROSS JOIN service_index l ON l.listing_id = g.service_id"
#define BY_TAG_PG " FROM service_tag g JOIN service_index l ON l.listing_id = g.service_id"
#define BY_REGION_SQLITE                                                                           \
	" FROM service_region g CROSS JOIN service_index l ON l.listing_id = g.service_id"
#define BY_REGION_PG " FROM service_region g JOIN service_index l ON l.listing_id = g.service_id"
static const struct sql SQL_FIND_LIST_TAG =
    SQL_EACH(HIT_ROW BY_TAG_SQLITE " WHERE g.tag = ?11 AND" FILTERS_SQLITE
                                   " ORDER BY l.name, l.listing_id LIMIT ?9 OFFSET ?10",
             HIT_ROW BY_TAG_PG " WHERE g.tag = CAST($11 AS text) AND" FILTERS_PG
                               " ORDER BY l.name, l.listing_id LIMIT $9 OFFSET $10");
static const struct sql SQL_FIND_COUNT_TAG =
    SQL_EACH("SELECT count(*)" BY_TAG_SQLITE " WHERE g.tag = ?9 AND" FILTERS_SQLITE,
             "SELECT count(*)" BY_TAG_PG " WHERE g.tag = CAST($9 AS text) AND" FILTERS_PG);
static const struct sql SQL_FIND_LIST_REGION =
    SQL_EACH(HIT_ROW BY_REGION_SQLITE " WHERE g.prefecture IN (0, ?11) AND" FILTERS_SQLITE
                                      " ORDER BY l.name, l.listing_id LIMIT ?9 OFFSET ?10",
             HIT_ROW BY_REGION_PG " WHERE g.prefecture IN (0, CAST($11 AS bigint)) AND" FILTERS_PG
                                  " ORDER BY l.name, l.listing_id LIMIT $9 OFFSET $10");
static const struct sql SQL_FIND_COUNT_REGION = SQL_EACH(
    "SELECT count(*)" BY_REGION_SQLITE " WHERE g.prefecture IN (0, ?9) AND" FILTERS_SQLITE,
    "SELECT count(*)" BY_REGION_PG " WHERE g.prefecture IN (0, CAST($9 AS bigint)) AND" FILTERS_PG);

static const struct sql SQL_DROP_TOKENS = SQL("DELETE FROM service_token WHERE listing_id = $1");
static const struct sql SQL_DROP_ROW = SQL("DELETE FROM service_index WHERE listing_id = $1");
static const struct sql SQL_PUT_ROW =
    SQL("INSERT INTO service_index (listing_id, name, search_name, search_provider, search_text,"
        " kind, categories, prefectures, nationwide, onsite, price_min, contents, tags,"
        " valid_from, valid_until, provider, price_unit, price_from, price_to, product_function)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
        " $19, $20)");
/* The rows of a page's listings ($1: [id, …]), in any order. */
#define SHOWN_COLUMNS                                                                              \
	"l.listing_id, l.name, l.provider, l.kind, l.categories, l.prefectures, l.nationwide,"     \
	" l.onsite, l.contents, l.tags, l.valid_from, l.valid_until, l.price_unit, l.price_from,"  \
	" l.price_to, l.product_function"
static const struct sql SQL_SHOWN =
    SQL_EACH("SELECT " SHOWN_COLUMNS " FROM json_each(?1) AS j CROSS JOIN service_index l"
             " ON l.listing_id = j.value",
             "SELECT " SHOWN_COLUMNS " FROM json_array_elements_text(CAST($1 AS json)) AS j(v)"
             " JOIN service_index l ON l.listing_id = CAST(j.v AS bigint)");
/* $1: [token, …] of listing $2. */
static const struct sql SQL_PUT_TOKENS =
    SQL_EACH("INSERT INTO service_token (token, listing_id) SELECT value, ?2 FROM json_each(?1)"
             " WHERE TRUE ON CONFLICT DO NOTHING",
             "INSERT INTO service_token (token, listing_id)"
             " SELECT t, $2 FROM json_array_elements_text(CAST($1 AS json)) AS t"
             " ON CONFLICT DO NOTHING");

/* The rebuild. */
static const struct sql SQL_CLEAR_TOKENS =
    SQL_EACH("DELETE FROM service_token", "TRUNCATE service_token");
static const struct sql SQL_CLEAR_ROWS = SQL("DELETE FROM service_index");
static const struct sql SQL_LIVE_AFTER =
    SQL("SELECT id, live_version_id FROM service WHERE live_version_id IS NOT NULL AND id > $1"
        " ORDER BY id LIMIT $2");
#define REBUILD_CHUNK 200

int64_t service_index_tag_mask(const struct service_tags *t)
{
	return (t->items & ((INT64_C(1) << SERVICE_ITEM_COUNT) - 1)) |
	       ((t->rules & ((INT64_C(1) << SERVICE_RULE_COUNT) - 1)) << SERVICE_ITEM_COUNT) |
	       ((t->directives & ((INT64_C(1) << SERVICE_DIRECTIVE_COUNT) - 1))
	        << (SERVICE_ITEM_COUNT + SERVICE_RULE_COUNT));
}

enum mm_err store_service_index_drop(struct store *s, int64_t listing_id)
{
	enum mm_err e =
	    sql_exec(s, &SQL_DROP_TOKENS, ARGS(ARG_INT(listing_id)), "service tokens drop");
	return e ? e : sql_exec(s, &SQL_DROP_ROW, ARGS(ARG_INT(listing_id)), "service index drop");
}

/* A text longer than the fold takes is cut at a character's start. */
static struct str cut(struct str s)
{
	if (s.n <= SEARCH_TEXT_MAX_BYTES)
		return s;
	size_t n = SEARCH_TEXT_MAX_BYTES;
	while (n > 0 && ((unsigned char)s.p[n] & 0xc0) == 0x80)
		n--;
	return (struct str){s.p, n};
}

/* The words searched beyond the name and the provider: the description,
 * what a product does, and a bundle's lines of detail, a line each. */
static enum mm_err other_words(struct arena *a, const struct service *v, struct str *out)
{
	struct buf b;
	enum mm_err e;
	buf_init(&b, a, SEARCH_TEXT_MAX_BYTES * 2);
	if ((e = buf_append_str(&b, v->description)) || (e = buf_append_char(&b, '\n')) ||
	    (e = buf_append_str(&b, v->product_function)))
		return e;
	for (int i = 0; i < SERVICE_CONTENT_COUNT; i++)
		if ((e = buf_append_char(&b, '\n')) ||
		    (e = buf_append_str(&b, v->bundle_details[i])))
			return e;
	*out = cut(buf_str(&b));
	return MM_OK;
}

/* The tokens of one folded part, into the open JSON array (a token of two
 * parts is written twice: the insert keeps one). */
static enum mm_err write_tokens(struct arena *a, struct json *j, struct str folded)
{
	struct search_tokens t;
	enum mm_err e = core_search_tokens(a, folded, &t);
	for (size_t i = 0; !e && i < t.n; i++)
		json_write_string(j, t.items[i]);
	return e;
}

/* The lowest price asked, with tax; -1 when it is given on quote. */
static int64_t lowest_price(const struct service *v)
{
	if (str_eq_lit(v->price_unit, "quote"))
		return -1;
	return service_price_with_tax(v->price_min);
}

static enum mm_err index_live(struct store *s, struct arena *a, const struct service *v)
{
	struct str name, provider, words, text;
	struct buf all, b;
	struct json j;
	enum mm_err e;
	if ((e = other_words(a, v, &words)) ||
	    (e = core_search_fold_variants(a, cut(v->name), &name)) ||
	    (e = core_search_fold_variants(a, cut(v->provider_name), &provider)) ||
	    (e = core_search_fold_variants(a, words, &text)))
		return e;
	/* The whole text searched: the parts with the separator between, so
	 * that no match spans two of them (folding leaves none in a part). */
	buf_init(&all, a, name.n + provider.n + text.n + 3);
	if ((e = buf_append_str(&all, name)) ||
	    (e = buf_append_char(&all, SEARCH_TEXT_SEPARATOR)) ||
	    (e = buf_append_str(&all, provider)) ||
	    (e = buf_append_char(&all, SEARCH_TEXT_SEPARATOR)) || (e = buf_append_str(&all, text)))
		return e;
	buf_init(&b, a, TOKENS_JSON_MAX);
	json_init(&j, &b);
	json_array_begin(&j);
	if ((e = write_tokens(a, &j, name)) || (e = write_tokens(a, &j, provider)) ||
	    (e = write_tokens(a, &j, text)))
		return e;
	json_array_end(&j);
	if ((e = json_finish(&j)) || (e = store_service_index_drop(s, v->id)))
		return e;
	e = sql_exec(
	    s, &SQL_PUT_ROW,
	    ARGS(ARG_INT(v->id), ARG_TEXT(v->name), ARG_TEXT(name), ARG_TEXT(provider),
	         ARG_TEXT(buf_str(&all)), ARG_INT(v->kind), ARG_INT(v->categories),
	         ARG_INT(v->prefectures), ARG_INT(v->nationwide ? 1 : 0),
	         ARG_INT(v->on_site ? 1 : 0), ARG_INT(lowest_price(v)), ARG_INT(v->bundle_contents),
	         ARG_INT(service_index_tag_mask(&v->tags)), ARG_TEXT(v->valid_from),
	         ARG_TEXT(v->valid_until), ARG_TEXT(v->provider_name), ARG_TEXT(v->price_unit),
	         ARG_INT(v->price_min), ARG_INT(v->price_max), ARG_TEXT(v->product_function)),
	    "service index row");
	if (e)
		return e;
	return sql_exec(s, &SQL_PUT_TOKENS, ARGS(ARG_TEXT(buf_str(&b)), ARG_INT(v->id)),
	                "service tokens");
}

enum mm_err store_service_index_live(struct store *s, const struct service *v)
{
	struct arena a;
	arena_init(&a, INDEX_ARENA_BYTES);
	enum mm_err e = index_live(s, &a, v);
	arena_free(&a);
	return e;
}

/* ---- the rebuild ------------------------------------------------------------ */

struct live_ids {
	int64_t id[REBUILD_CHUNK], version[REBUILD_CHUNK];
	size_t n;
};

static bool read_live_id(const struct sql_row *r, void *ctx)
{
	struct live_ids *l = ctx;
	l->id[l->n] = sql_col_int64(r, 0);
	l->version[l->n++] = sql_col_int64(r, 1);
	return l->n < REBUILD_CHUNK;
}

static enum mm_err rebuild_tx(struct store *s, void *arg)
{
	int64_t *count = arg, after = 0;
	struct arena a;
	struct live_ids l;
	enum mm_err e;
	if ((e = sql_exec(s, &SQL_CLEAR_TOKENS, NO_ARGS, "service tokens clear")) ||
	    (e = sql_exec(s, &SQL_CLEAR_ROWS, NO_ARGS, "service index clear")))
		return e;
	arena_init(&a, REBUILD_ARENA_BYTES);
	do {
		l.n = 0;
		if ((e = sql_each(s, &SQL_LIVE_AFTER, ARGS(ARG_INT(after), ARG_INT(REBUILD_CHUNK)),
		                  read_live_id, &l, "service live ids")))
			break;
		for (size_t i = 0; !e && i < l.n; i++) {
			struct service v;
			arena_reset(&a);
			if (!(e = store_service_version(s, &a, l.version[i], &v)))
				e = index_live(s, &a, &v);
			after = l.id[i];
			++*count;
		}
	} while (!e && l.n == REBUILD_CHUNK);
	arena_free(&a);
	return e;
}

enum mm_err store_service_index_rebuild(struct store *s, int64_t *listings)
{
	*listings = 0;
	return store_tx(s, rebuild_tx, listings);
}

/* ---- the search ------------------------------------------------------------- */

struct hits {
	struct arena *a;
	struct str folded;
	struct service_rank *items;
	size_t n;
};

static bool read_hit(const struct sql_row *r, void *ctx)
{
	struct hits *h = ctx;
	struct str search_name = sql_col_str(h->a, r, 2), provider = sql_col_str(h->a, r, 3);
	h->items[h->n++] = (struct service_rank){
	    .relevance = service_relevance(h->folded, search_name, provider),
	    .name = sql_col_str(h->a, r, 1),
	    .id = sql_col_int64(r, 0),
	};
	return h->n < SERVICE_FIND_MAX;
}

static int64_t category_mask(const struct service_search *f)
{
	return f->category >= 0 && f->category < SERVICE_CATEGORY_COUNT ? (int64_t)1 << f->category
	                                                                : 0;
}

static int64_t prefecture_bit(const struct service_search *f)
{
	return f->prefecture >= 1 && f->prefecture <= 47 ? (int64_t)1 << (f->prefecture - 1) : 0;
}

/* The filter's eight parameters, then the statement's own. */
#define FILTER_ARG_LIST(q)                                                                         \
	ARG_TEXT((q)->today), ARG_INT((q)->filter->kind), ARG_INT(category_mask((q)->filter)),     \
	    ARG_INT(prefecture_bit((q)->filter)), ARG_INT((q)->filter->onsite ? 1 : 0),            \
	    ARG_INT((q)->filter->price_max), ARG_INT((q)->filter->contents),                       \
	    ARG_INT(service_index_tag_mask(&(q)->filter->tags))

static enum mm_err find_text(struct store *s, struct arena *a, const struct service_find *q,
                             struct service_found *out)
{
	struct search_tokens t;
	bool whole;
	struct hits h = {.a = a, .folded = q->folded};
	enum mm_err e = core_search_query_tokens(a, q->folded, &t, &whole);
	if (e || t.n == 0)
		return e;
	h.items = arena_alloc(a, sizeof *h.items * SERVICE_FIND_MAX);
	out->ids = arena_alloc(a, sizeof *out->ids * (size_t)(q->limit > 0 ? q->limit : 1));
	if (!h.items || !out->ids)
		return MM_ERR_NOMEM;
	/* Any one token the text needs finds every listing that holds the
	 * text (a bigram's rows are more); the whole text is confirmed on
	 * each row. */
	e = sql_each(s, &SQL_FIND_TEXT,
	             ARGS(FILTER_ARG_LIST(q), ARG_TEXT(t.items[0]), ARG_TEXT(q->folded),
	                  ARG_INT(SERVICE_FIND_MAX)),
	             read_hit, &h, "services find text");
	if (e)
		return e;
	service_rank_sort(h.items, h.n);
	out->total = (int64_t)h.n;
	for (int64_t i = q->offset; i < (int64_t)h.n && (int64_t)out->n < q->limit; i++)
		out->ids[out->n++] = h.items[i].id;
	return MM_OK;
}

static bool read_id(const struct sql_row *r, void *ctx)
{
	struct service_found *out = ctx;
	out->ids[out->n++] = sql_col_int64(r, 0);
	return true;
}

/* The first tag f requires, as the catalogue writes it ("item-12"), into
 * out; false when it requires none. */
static bool first_tag(const struct service_search *f, char out[16])
{
	for (int i = 0; i < SERVICE_TAG_COUNT; i++)
		if (service_tag_name(&f->tags, i, out))
			return true;
	return false;
}

/* A search without text: along the first tag's listings, else the
 * prefecture's, else every listing in name order. */
static enum mm_err find_list(struct store *s, struct arena *a, const struct service_find *q,
                             struct service_found *out)
{
	char tag[16];
	bool by_tag = first_tag(q->filter, tag);
	bool by_region = !by_tag && q->filter->prefecture >= 1 && q->filter->prefecture <= 47;
	enum mm_err e = MM_OK;
	if (!q->no_count) {
		if (by_tag)
			e = sql_int64_of(s, &SQL_FIND_COUNT_TAG,
			                 ARGS(FILTER_ARG_LIST(q), ARG_CSTR(tag)),
			                 "services count by tag", &out->total);
		else if (by_region)
			e = sql_int64_of(s, &SQL_FIND_COUNT_REGION,
			                 ARGS(FILTER_ARG_LIST(q), ARG_INT(q->filter->prefecture)),
			                 "services count by prefecture", &out->total);
		else
			e = sql_int64_of(s, &SQL_FIND_COUNT, ARGS(FILTER_ARG_LIST(q)),
			                 "services count", &out->total);
	}
	if (e || q->limit == 0)
		return e;
	out->ids = arena_alloc(a, sizeof *out->ids * (size_t)q->limit);
	if (!out->ids)
		return MM_ERR_NOMEM;
	if (by_tag)
		return sql_each(
		    s, &SQL_FIND_LIST_TAG,
		    ARGS(FILTER_ARG_LIST(q), ARG_INT(q->limit), ARG_INT(q->offset), ARG_CSTR(tag)),
		    read_id, out, "services list by tag");
	if (by_region)
		return sql_each(s, &SQL_FIND_LIST_REGION,
		                ARGS(FILTER_ARG_LIST(q), ARG_INT(q->limit), ARG_INT(q->offset),
		                     ARG_INT(q->filter->prefecture)),
		                read_id, out, "services list by prefecture");
	return sql_each(s, &SQL_FIND_LIST,
	                ARGS(FILTER_ARG_LIST(q), ARG_INT(q->limit), ARG_INT(q->offset)), read_id,
	                out, "services list");
}

enum mm_err store_services_find(struct store *s, struct arena *a, const struct service_find *q,
                                struct service_found *out)
{
	*out = (struct service_found){0};
	if (q->limit < 0 || q->offset < 0)
		return MM_ERR_INVALID;
	if (q->folded.n)
		return find_text(s, a, q, out);
	return find_list(s, a, q, out);
}

/* ---- the rows shown ------------------------------------------------------- */

struct shown {
	struct arena *a;
	const int64_t *ids;
	struct service *out;
	bool *filled;
	size_t n;
};

static void tags_from_mask(int64_t m, struct service_tags *t)
{
	t->items = m & ((INT64_C(1) << SERVICE_ITEM_COUNT) - 1);
	t->rules = (m >> SERVICE_ITEM_COUNT) & ((INT64_C(1) << SERVICE_RULE_COUNT) - 1);
	t->directives = (m >> (SERVICE_ITEM_COUNT + SERVICE_RULE_COUNT)) &
	                ((INT64_C(1) << SERVICE_DIRECTIVE_COUNT) - 1);
}

static bool read_shown(const struct sql_row *r, void *ctx)
{
	struct shown *s = ctx;
	int64_t id = sql_col_int64(r, 0);
	size_t k = 0;
	while (k < s->n && (s->ids[k] != id || s->filled[k]))
		k++;
	if (k == s->n)
		return true;
	struct service *v = &s->out[k];
	int kind = sql_col_int(r, 3);
	*v = (struct service){
	    .id = id,
	    .name = sql_col_str(s->a, r, 1),
	    .provider_name = sql_col_str(s->a, r, 2),
	    .kind = kind >= 0 && kind < SERVICE_KIND_COUNT ? (enum service_kind)kind
	                                                   : SERVICE_IT_PRODUCT,
	    .categories = sql_col_int64(r, 4),
	    .prefectures = sql_col_int64(r, 5),
	    .nationwide = sql_col_int64(r, 6) != 0,
	    .on_site = sql_col_int64(r, 7) != 0,
	    .bundle_contents = sql_col_int64(r, 8),
	    .valid_from = sql_col_str(s->a, r, 10),
	    .valid_until = sql_col_str(s->a, r, 11),
	    .price_unit = sql_col_str(s->a, r, 12),
	    .price_min = sql_col_int64(r, 13),
	    .price_max = sql_col_int64(r, 14),
	    .product_function = sql_col_str(s->a, r, 15),
	    .live = true,
	};
	tags_from_mask(sql_col_int64(r, 9), &v->tags);
	s->filled[k] = true;
	return true;
}

enum mm_err store_services_shown(struct store *s, struct arena *a, const int64_t *ids, size_t n,
                                 struct service *out, size_t *found)
{
	struct shown sh = {.a = a, .ids = ids, .out = out, .n = n};
	struct buf b;
	struct json j;
	enum mm_err e;
	*found = 0;
	if (n == 0)
		return MM_OK;
	sh.filled = arena_zalloc(a, sizeof *sh.filled * n);
	if (!sh.filled)
		return MM_ERR_NOMEM;
	buf_init(&b, a, 32 * n + 16);
	json_init(&j, &b);
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++)
		json_write_int(&j, ids[i]);
	json_array_end(&j);
	if ((e = json_finish(&j)) || (e = sql_each(s, &SQL_SHOWN, ARGS(ARG_TEXT(buf_str(&b))),
	                                           read_shown, &sh, "services shown")))
		return e;
	/* keep the order of ids; drop those no longer in the index */
	for (size_t i = 0; i < n; i++)
		if (sh.filled[i])
			out[(*found)++] = out[i];
	return MM_OK;
}
