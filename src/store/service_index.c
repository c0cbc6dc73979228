/*
 * service_index.c — see service_index.h. Written once for every database
 * (store/sql.h). A listing's tokens travel as one JSON array (SQLite's
 * json_each, PostgreSQL's json_array_elements_text): one statement.
 *
 * The filters are the parameters $1…$8 of every search statement, in the
 * same order (FILTERS); a filter left open is 0 (-1 for the kind), which
 * its condition lets through. The catalogue is small (thousands of
 * listings, not millions), so one statement with every filter serves
 * all of their combinations.
 */
#include "store/service_index.h"

#include <stdlib.h>

#include "core/search_text.h"
#include "lib/json.h"
#include "store/sql.h"

#define TOKENS_JSON_MAX (512u * 1024)

/* $1 now, $2 kind (-1: any), $3 categories, $4 the prefecture's bit, $5
 * on-site (0/1), $6 price ceiling (0: none), $7 contents, $8 tags. */
#define FILTERS(P)                                                                                                                                                                                                    \
	" (l.valid_until = 0 OR l.valid_until > " P("1") ") AND (" P("2") " < 0 OR l.kind = " P("2") ") AND (l.categories & " P("3") ") = " P("3") " AND (" P("4") " = 0 OR l.nationwide = 1 OR (l.prefectures & " P( \
	    "4") ") <> 0) AND (" P("5") " = 0 OR l.onsite = 1) AND (" P("6") " = 0 OR "                                                                                                                               \
	                                                                     "(l.price_min >= 0 "                                                                                                                     \
	                                                                     "AND l.price_min "                                                                                                                       \
	                                                                     "<= " P("6") ")) "                                                                                                                       \
	                                                                                  "AND "                                                                                                                      \
	                                                                                  "(l."                                                                                                                       \
	                                                                                  "conten"                                                                                                                    \
	                                                                                  "ts "                                                                                                                       \
	                                                                                  "& " P("7") ") = " P("7") " AND (l.tags & " P("8") ") = " P("8")
#define PL(n) "?" n
#define PG(n) "CAST($" n " AS bigint)"
#define EACH_DIALECT(TEXT) SQL_EACH(TEXT(PL, "instr", "CROSS JOIN"), TEXT(PG, "strpos", "JOIN"))

#define HIT_ROW "SELECT l.listing_id, l.name, l.search_name, l.search_provider"
/* A token's listings ($9) that contain the text ($10), at most $11. */
#define TEXT_ROWS(P, has, join)                                                                    \
	HIT_ROW " FROM service_token t " join " service_index l ON l.listing_id = t.listing_id"    \
	        " WHERE t.token = " P("9") " AND " has "(l.search_text, " P(                       \
	            "10") ") > 0 AND" FILTERS(P) " LIMIT " P("11")
static const struct sql SQL_FIND_TEXT = EACH_DIALECT(TEXT_ROWS);
/* The listings without text in name order: $9 rows from $10 on. */
#define LIST_ROWS(P, has, join)                                                                    \
	HIT_ROW " FROM service_index l WHERE" FILTERS(                                             \
	    P) " ORDER BY l.name, l.listing_id LIMIT " P("9") " OFFSET " P("10")
static const struct sql SQL_FIND_LIST = EACH_DIALECT(LIST_ROWS);
#define LIST_COUNT(P, has, join) "SELECT count(*) FROM service_index l WHERE" FILTERS(P)
static const struct sql SQL_FIND_COUNT = EACH_DIALECT(LIST_COUNT);

static const struct sql SQL_DROP_TOKENS = SQL("DELETE FROM service_token WHERE listing_id = $1");
static const struct sql SQL_DROP_ROW = SQL("DELETE FROM service_index WHERE listing_id = $1");
static const struct sql SQL_PUT_ROW =
    SQL("INSERT INTO service_index (listing_id, name, search_name, search_provider, search_text,"
        " kind, categories, prefectures, nationwide, onsite, price_min, contents, tags,"
        " valid_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)");
/* $1: [token, …] of listing $2. */
static const struct sql SQL_PUT_TOKENS =
    SQL_EACH("INSERT INTO service_token (token, listing_id) SELECT value, ?2 FROM json_each(?1)"
             " WHERE TRUE ON CONFLICT DO NOTHING",
             "INSERT INTO service_token (token, listing_id)"
             " SELECT t, $2 FROM json_array_elements_text(CAST($1 AS json)) AS t"
             " ON CONFLICT DO NOTHING");

enum mm_err store_service_index_drop(struct store *s, int64_t listing_id)
{
	enum mm_err e =
	    sql_exec(s, &SQL_DROP_TOKENS, ARGS(ARG_INT(listing_id)), "service tokens drop");
	return e ? e : sql_exec(s, &SQL_DROP_ROW, ARGS(ARG_INT(listing_id)), "service index drop");
}

/* The tokens of each folded part, written into one JSON array (a token in
 * two parts written twice: the insert keeps one). */
static enum mm_err write_tokens(struct arena *a, struct json *j, struct str folded)
{
	struct search_tokens t;
	enum mm_err e = core_search_tokens(a, folded, &t);
	for (size_t i = 0; !e && i < t.n; i++)
		json_write_string(j, t.items[i]);
	return e;
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

enum mm_err store_service_index_put(struct store *s, struct arena *a, const struct service_facts *f)
{
	struct str name, provider, text;
	struct buf b, all;
	struct json j;
	enum mm_err e;
	if ((e = core_search_fold_variants(a, cut(f->name), &name)) ||
	    (e = core_search_fold_variants(a, cut(f->provider), &provider)) ||
	    (e = core_search_fold_variants(a, cut(f->text), &text)))
		return e;
	/* The whole text searched: the parts with the separator between, so
	 * that no match spans two of them. */
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
	if ((e = json_finish(&j)) || (e = store_service_index_drop(s, f->listing_id)))
		return e;
	e = sql_exec(s, &SQL_PUT_ROW,
	             ARGS(ARG_INT(f->listing_id), ARG_TEXT(f->name), ARG_TEXT(name),
	                  ARG_TEXT(provider), ARG_TEXT(buf_str(&all)), ARG_INT(f->kind),
	                  ARG_INT(f->categories), ARG_INT(f->prefectures),
	                  ARG_INT(f->nationwide ? 1 : 0), ARG_INT(f->onsite ? 1 : 0),
	                  ARG_INT(f->price_min), ARG_INT(f->contents), ARG_INT(f->tags),
	                  ARG_INT(f->valid_until)),
	             "service index row");
	if (e)
		return e;
	return sql_exec(s, &SQL_PUT_TOKENS, ARGS(ARG_TEXT(buf_str(&b)), ARG_INT(f->listing_id)),
	                "service tokens");
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

/* The filter's eight parameters, then the statement's own. */
#define FILTER_ARG_LIST(f, now)                                                                    \
	ARG_INT(now), ARG_INT((f)->kind), ARG_INT(category_mask(f)), ARG_INT(prefecture_bit(f)),   \
	    ARG_INT((f)->onsite ? 1 : 0), ARG_INT((f)->price_max),                                 \
	    ARG_INT((int64_t)(f)->contents), ARG_INT((int64_t)(f)->tags)
#define FILTER_ARGS(f, now, ...) ARGS(FILTER_ARG_LIST(f, now), __VA_ARGS__)

static int64_t category_mask(const struct service_filter *f)
{
	return f->category >= 0 ? (int64_t)1 << f->category : 0;
}

static int64_t prefecture_bit(const struct service_filter *f)
{
	return f->prefecture >= 1 && f->prefecture <= 47 ? (int64_t)1 << (f->prefecture - 1) : 0;
}

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
	if (!h.items)
		return MM_ERR_NOMEM;
	/* Any one token the text needs finds every listing that has it; the
	 * whole text is confirmed on each (a bigram's rows are a superset). */
	e = sql_each(s, &SQL_FIND_TEXT,
	             FILTER_ARGS(q->filter, q->now, ARG_TEXT(t.items[0]), ARG_TEXT(q->folded),
	                         ARG_INT(SERVICE_FIND_MAX)),
	             read_hit, &h, "services find text");
	if (e)
		return e;
	service_rank_sort(h.items, h.n);
	out->total = (int64_t)h.n;
	out->n = 0;
	out->ids = arena_alloc(a, sizeof *out->ids * (size_t)(q->limit > 0 ? q->limit : 1));
	if (!out->ids)
		return MM_ERR_NOMEM;
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

enum mm_err store_services_find(struct store *s, struct arena *a, const struct service_find *q,
                                struct service_found *out)
{
	*out = (struct service_found){0};
	if (q->limit < 0 || q->offset < 0)
		return MM_ERR_INVALID;
	if (q->folded.n)
		return find_text(s, a, q, out);
	enum mm_err e = sql_int64_of(s, &SQL_FIND_COUNT, ARGS(FILTER_ARG_LIST(q->filter, q->now)),
	                             "services count", &out->total);
	if (e || q->limit == 0)
		return e;
	out->ids = arena_alloc(a, sizeof *out->ids * (size_t)q->limit);
	if (!out->ids)
		return MM_ERR_NOMEM;
	return sql_each(s, &SQL_FIND_LIST,
	                FILTER_ARGS(q->filter, q->now, ARG_INT(q->limit), ARG_INT(q->offset)),
	                read_id, out, "services list");
}
