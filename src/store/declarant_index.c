/*
 * declarant_index.c — see declarant_index.h. Written once for every
 * database (store/sql.h). Tokens travel as one JSON document per
 * statement (SQLite's json_each, PostgreSQL's json_array_elements), so
 * that a declaration's tokens, or a rebuild's chunk of them, are one
 * statement and one round trip.
 *
 * The rebuild reads the declarations in listing order, DECLARANT_REBUILD_
 * CHUNK at a time, ranks them (keeping every rank already above the one
 * before: after a bulk load that gave them, none changes), writes the
 * ranks back (only where they changed) and the tokens into declarant_token_stage; then fills
 * declarant_token from the stage sorted, so that its b-tree is written
 * in order once instead of being split at random by every row.
 */
#include "store/declarant_index.h"

#include <string.h>

#include "core/search_text.h"
#include "lib/json.h"
#include "store/sql.h"

/* PostgreSQL compares names as bytes (COLLATE "C"), as SQLite does. */
#define NAME_ORDER_PG "org_name_kana COLLATE \"C\", org_name COLLATE \"C\""

static const struct sql SQL_BUILT = SQL("SELECT built FROM declarant_index WHERE id = 1");
/* Writers share the row, the rebuild takes it: a declaration written
 * while the index is deferred is committed before the rebuild reads. */
static const struct sql SQL_BUILT_SHARE =
    SQL_EACH("SELECT built FROM declarant_index WHERE id = 1",
             "SELECT built FROM declarant_index WHERE id = 1 FOR SHARE");
static const struct sql SQL_BUILT_LOCK =
    SQL_EACH("SELECT built FROM declarant_index WHERE id = 1",
             "SELECT built FROM declarant_index WHERE id = 1 FOR UPDATE");
static const struct sql SQL_SET_BUILT = SQL("UPDATE declarant_index SET built = $1 WHERE id = 1");
static const struct sql SQL_ROW =
    SQL("SELECT org_name, org_name_kana, status, search_text, sort_rank, prefecture, industry"
        " FROM declaration WHERE id = $1");
/* A new name's neighbours: the nearest (kana, name) at or before it, and
 * after it, of any other declaration. */
static const struct sql SQL_RANK_BEFORE =
    SQL_EACH("SELECT sort_rank, org_name_kana = ?1 AND org_name = ?2 FROM declaration"
             " WHERE (org_name_kana, org_name) <= (?1, ?2) AND id <> ?3"
             " ORDER BY org_name_kana DESC, org_name DESC LIMIT 1",
             "SELECT sort_rank, org_name_kana = $1 AND org_name = $2 FROM declaration"
             " WHERE (" NAME_ORDER_PG ") <= ($1, $2) AND id <> $3"
             " ORDER BY org_name_kana COLLATE \"C\" DESC, org_name COLLATE \"C\" DESC LIMIT 1");
static const struct sql SQL_RANK_AFTER =
    SQL_EACH("SELECT sort_rank FROM declaration WHERE (org_name_kana, org_name) > (?1, ?2)"
             " ORDER BY org_name_kana, org_name LIMIT 1",
             "SELECT sort_rank FROM declaration WHERE (" NAME_ORDER_PG ") > ($1, $2)"
             " ORDER BY " NAME_ORDER_PG " LIMIT 1");
static const struct sql SQL_SET_RANK = SQL("UPDATE declaration SET sort_rank = $2 WHERE id = $1");
/* $1: [[sort_rank, declaration_id, prefecture, industry, [token, …],
 * search_text], …] */
#define TOKENS_INSERT(table)                                                                       \
	SQL_EACH("INSERT INTO " table                                                              \
	         " (token, sort_rank, declaration_id, prefecture, industry, search_text)"          \
	         " SELECT t.value, d.value ->> 0, d.value ->> 1, d.value ->> 2, d.value ->> 3,"    \
	         " d.value ->> 5 FROM json_each(?1) AS d, json_each(d.value, '$[4]') AS t"         \
	         " WHERE TRUE ON CONFLICT DO NOTHING",                                             \
	         "INSERT INTO " table                                                              \
	         " (token, sort_rank, declaration_id, prefecture, industry, search_text)"          \
	         " SELECT t, CAST(d ->> 0 AS bigint), CAST(d ->> 1 AS bigint),"                    \
	         " CAST(d ->> 2 AS smallint), d ->> 3, d ->> 5"                                    \
	         " FROM json_array_elements(CAST($1 AS json)) AS d,"                               \
	         " json_array_elements_text(d -> 4) AS t ON CONFLICT DO NOTHING")
static const struct sql SQL_TOKENS_ADD = TOKENS_INSERT("declarant_token");
/* $1: [token, …] of one declaration. */
static const struct sql SQL_TOKENS_DELETE =
    SQL_EACH("DELETE FROM declarant_token WHERE token IN (SELECT value FROM json_each(?1))"
             " AND sort_rank = ?2 AND declaration_id = ?3",
             "DELETE FROM declarant_token"
             " WHERE token IN (SELECT json_array_elements_text(CAST($1 AS json)))"
             " AND sort_rank = $2 AND declaration_id = $3");

/* The rebuild. */
static const struct sql SQL_TOKENS_CLEAR =
    SQL_EACH("DELETE FROM declarant_token", "TRUNCATE declarant_token");
static const struct sql SQL_STAGE_CLEAR =
    SQL_EACH("DELETE FROM declarant_token_stage", "TRUNCATE declarant_token_stage");
static const struct sql SQL_STAGE_ADD = TOKENS_INSERT("declarant_token_stage");
static const struct sql SQL_TOKENS_FROM_STAGE =
    SQL("INSERT INTO declarant_token"
        " (token, sort_rank, declaration_id, prefecture, industry, search_text)"
        " SELECT token, sort_rank, declaration_id, prefecture, industry, search_text"
        " FROM declarant_token_stage ORDER BY token, sort_rank, declaration_id");
static const struct sql SQL_CHUNK = SQL_EACH(
    "SELECT id, org_name, org_name_kana, status, search_text, sort_rank, prefecture, industry"
    " FROM declaration WHERE (org_name_kana, org_name, id) > (?1, ?2, ?3)"
    " ORDER BY org_name_kana, org_name, id LIMIT ?4",
    "SELECT id, org_name, org_name_kana, status, search_text, sort_rank, prefecture, industry"
    " FROM declaration WHERE (" NAME_ORDER_PG ", id) > ($1, $2, $3) ORDER BY " NAME_ORDER_PG
    ", id LIMIT $4");
/* $1: [[id, sort_rank, search_text], …] */
static const struct sql SQL_RANKS_SET =
    SQL_EACH("UPDATE declaration SET sort_rank = j.value ->> 1, search_text = j.value ->> 2"
             " FROM json_each(?1) AS j WHERE declaration.id = j.value ->> 0",
             "UPDATE declaration AS d SET sort_rank = CAST(j ->> 1 AS bigint),"
             " search_text = j ->> 2 FROM json_array_elements(CAST($1 AS json)) AS j"
             " WHERE d.id = CAST(j ->> 0 AS bigint)");

static const struct sql SQL_ANALYZE = SQL("ANALYZE");
/* SQLite compacts the whole file; PostgreSQL rewrites the declarations,
 * whose every row the rebuild's ranks left a dead copy of (a new rank
 * changes indexed columns: no in-place update), and marks the rest's
 * dead rows free. */
static const struct sql SQL_VACUUM = SQL_EACH("VACUUM", "VACUUM (FULL) declaration");
static const struct sql SQL_VACUUM_ALL = SQL_EACH("ANALYZE", "VACUUM ANALYZE");
/* Memory for a bulk load on this connection: SQLite's page cache (the
 * default 2 MiB makes the rank updates of a rebuild thrash), PostgreSQL's
 * sorts (the stage read in token order). */
static const struct sql SQL_BULK_MEMORY =
    SQL_EACH("PRAGMA cache_size = -131072", "SELECT set_config('work_mem', '128MB', false)");

#define TOKENS_JSON_MAX (64u * 1024) /* one declaration's tokens */
#define CHUNK_JSON_MAX (16u * 1024 * 1024)
#define REBUILD_ARENA_BYTES (64u * 1024 * 1024)
#define SCRATCH_ARENA_BYTES (1u * 1024 * 1024) /* store_declarant_index_remove_with_scratch */

struct row {
	int64_t id, rank;
	struct str name, kana, status, text, industry;
	int prefecture;
};

/* A declaration's columns as SQL_ROW and SQL_CHUNK name them, from
 * column first on, into x (all but its id). */
static void read_row_columns(struct arena *a, const struct sql_row *r, int first, struct row *x)
{
	x->name = sql_col_str(a, r, first);
	x->kana = sql_col_str(a, r, first + 1);
	x->status = sql_col_str(a, r, first + 2);
	x->text = sql_col_str(a, r, first + 3);
	x->rank = sql_col_int64(r, first + 4);
	x->prefecture = sql_col_int(r, first + 5);
	x->industry = sql_col_str(a, r, first + 6);
}

static void read_row(struct arena *a, const struct sql_row *r, void *item)
{
	read_row_columns(a, r, 0, item);
}

static void read_bool(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(bool *)item = sql_col_bool(r, 0);
}

static enum mm_err built(struct store *s, const struct sql *q, bool *out)
{
	return sql_one_row(s, NULL, q, NO_ARGS, read_bool, out, "declarant index state");
}

/* The row of declaration id into x, when the index is kept (*kept); while
 * it is deferred, nothing is read and writers leave it alone. */
static enum mm_err row_when_kept(struct store *s, struct arena *a, int64_t id, struct row *x,
                                 bool *kept)
{
	enum mm_err e;
	*x = (struct row){.id = id};
	if ((e = built(s, &SQL_BUILT_SHARE, kept)) || !*kept)
		return e;
	return sql_row(s, a, &SQL_ROW, ARGS(ARG_INT(id)), read_row, x, "declarant row");
}

/* [token, …] */
static void write_tokens(struct json *j, const struct search_tokens *t)
{
	json_array_begin(j);
	for (size_t i = 0; i < t->n; i++)
		json_write_string(j, t->items[i]);
	json_array_end(j);
}

/* [sort_rank, id, prefecture, industry, [token, …], search_text] of one
 * declaration. */
static void write_tokens_entry(struct json *j, int64_t rank, const struct row *x, struct str text,
                               const struct search_tokens *t)
{
	json_array_begin(j);
	json_write_int(j, rank);
	json_write_int(j, x->id);
	json_write_int(j, x->prefecture);
	json_write_string(j, x->industry);
	write_tokens(j, t);
	json_write_string(j, text);
	json_array_end(j);
}

struct rank_before {
	int64_t rank;
	bool same;
};

static void read_rank_before(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct rank_before *)item = (struct rank_before){sql_col_int64(r, 0), sql_col_bool(r, 1)};
}

/* The rank of (kana, name) among the other declarations' (see the top of
 * declarant_index.h). */
static enum mm_err rank_for(struct store *s, const struct row *x, int64_t *rank)
{
	struct rank_before before;
	int64_t after;
	enum mm_err eb = sql_row(s, NULL, &SQL_RANK_BEFORE,
	                         ARGS(ARG_TEXT(x->kana), ARG_TEXT(x->name), ARG_INT(x->id)),
	                         read_rank_before, &before, "declarant rank before");
	if (eb && eb != MM_ERR_NOT_FOUND)
		return eb;
	if (!eb && before.same) {
		*rank = before.rank;
		return MM_OK;
	}
	enum mm_err ea =
	    sql_int64_of(s, &SQL_RANK_AFTER, ARGS(ARG_TEXT(x->kana), ARG_TEXT(x->name)),
	                 "declarant rank after", &after);
	if (ea && ea != MM_ERR_NOT_FOUND)
		return ea;
	if (eb && ea) /* the first name */
		*rank = 0;
	else if (eb) /* before every other */
		*rank = after > INT64_MIN + DECLARANT_RANK_GAP ? after - DECLARANT_RANK_GAP : after;
	else if (ea) /* after every other */
		*rank = before.rank < INT64_MAX - DECLARANT_RANK_GAP
		            ? before.rank + DECLARANT_RANK_GAP
		            : before.rank;
	else /* between: the middle, or a tie with the one before */
		*rank = before.rank + (after - before.rank) / 2;
	return MM_OK;
}

enum mm_err store_declarant_index_add(struct store *s, struct arena *a, int64_t id)
{
	struct row x;
	struct search_tokens t;
	struct buf b;
	struct json j;
	bool kept;
	int64_t rank;
	enum mm_err e;
	if ((e = row_when_kept(s, a, id, &x, &kept)) || !kept)
		return e;
	if ((e = rank_for(s, &x, &rank)) ||
	    (e = sql_exec(s, &SQL_SET_RANK, ARGS(ARG_INT(id), ARG_INT(rank)), "declarant rank")))
		return e;
	if (!str_eq(x.status, STR("active")))
		return MM_OK;
	if ((e = core_search_tokens(a, x.text, &t)))
		return e;
	buf_init(&b, a, TOKENS_JSON_MAX);
	json_init(&j, &b);
	json_array_begin(&j);
	write_tokens_entry(&j, rank, &x, x.text, &t);
	json_array_end(&j);
	if ((e = json_finish(&j)))
		return e;
	return sql_exec(s, &SQL_TOKENS_ADD, ARGS(ARG_TEXT(buf_str(&b))), "declarant tokens");
}

enum mm_err store_declarant_index_remove(struct store *s, struct arena *a, int64_t id)
{
	struct row x;
	struct search_tokens t;
	struct buf b;
	struct json j;
	bool kept;
	enum mm_err e;
	if ((e = row_when_kept(s, a, id, &x, &kept)) || !kept ||
	    (e = core_search_tokens(a, x.text, &t)))
		return e;
	buf_init(&b, a, TOKENS_JSON_MAX);
	json_init(&j, &b);
	write_tokens(&j, &t);
	if ((e = json_finish(&j)))
		return e;
	return sql_exec(s, &SQL_TOKENS_DELETE,
	                ARGS(ARG_TEXT(buf_str(&b)), ARG_INT(x.rank), ARG_INT(id)),
	                "declarant tokens delete");
}

enum mm_err store_declarant_index_remove_with_scratch(struct store *s, int64_t id)
{
	struct arena a;
	arena_init(&a, SCRATCH_ARENA_BYTES);
	enum mm_err e = store_declarant_index_remove(s, &a, id);
	arena_free(&a);
	return e;
}

enum mm_err store_declarant_index_defer(struct store *s)
{
	return sql_exec(s, &SQL_SET_BUILT, ARGS(ARG_BOOL(false)), "declarant index defer");
}

/* ---- the rebuild ------------------------------------------------------------ */

struct rebuild {
	declarant_index_progress progress;
	void *ctx;
	int64_t done;
};

struct chunk_read {
	struct arena *a;
	struct row *rows;
	size_t n;
};

static bool read_chunk_row(const struct sql_row *r, void *ctx)
{
	struct chunk_read *c = ctx;
	struct row *x = &c->rows[c->n++];
	x->id = sql_col_int64(r, 0);
	read_row_columns(c->a, r, 1, x);
	return c->n < DECLARANT_REBUILD_CHUNK;
}

/* Ranks and indexes one chunk; *last is the row before it (NULL at the
 * start), *rank the rank it had. */
static enum mm_err rebuild_chunk(struct store *s, struct arena *a, const struct chunk_read *c,
                                 const struct row *last, int64_t *rank)
{
	struct buf ranks, tokens;
	struct json jr, jt;
	size_t changed = 0, indexed = 0;
	enum mm_err e;
	buf_init(&ranks, a, CHUNK_JSON_MAX);
	buf_init(&tokens, a, CHUNK_JSON_MAX);
	json_init(&jr, &ranks);
	json_init(&jt, &tokens);
	json_array_begin(&jr);
	json_array_begin(&jt);
	for (size_t i = 0; i < c->n; i++) {
		const struct row *x = &c->rows[i];
		struct str text;
		struct search_tokens t;
		/* A rank already in order is kept (a bulk load may have given
		 * them all); the others follow the one before. */
		if (!last)
			*rank = x->rank;
		else if (!(str_eq(x->kana, last->kana) && str_eq(x->name, last->name)))
			*rank = x->rank > *rank ? x->rank : *rank + DECLARANT_RANK_GAP;
		last = x;
		if ((e = core_search_text(a, x->name, x->kana, &text)))
			return e;
		if (x->rank != *rank || !str_eq(x->text, text)) {
			json_array_begin(&jr);
			json_write_int(&jr, x->id);
			json_write_int(&jr, *rank);
			json_write_string(&jr, text);
			json_array_end(&jr);
			changed++;
		}
		if (!str_eq(x->status, STR("active")))
			continue;
		if ((e = core_search_tokens(a, text, &t)))
			return e;
		write_tokens_entry(&jt, *rank, x, text, &t);
		indexed++;
	}
	json_array_end(&jr);
	json_array_end(&jt);
	if ((e = json_finish(&jr)) || (e = json_finish(&jt)))
		return e;
	if (changed &&
	    (e = sql_exec(s, &SQL_RANKS_SET, ARGS(ARG_TEXT(buf_str(&ranks))), "declarant ranks")))
		return e;
	if (indexed && (e = sql_exec(s, &SQL_STAGE_ADD, ARGS(ARG_TEXT(buf_str(&tokens))),
	                             "declarant tokens stage")))
		return e;
	return MM_OK;
}

static enum mm_err rebuild_tx(struct store *s, void *arg)
{
	struct rebuild *r = arg;
	struct arena arenas[2];
	struct row last = {.name = STR(""), .kana = STR("")};
	bool ready, first = true;
	int64_t rank = 0;
	enum mm_err e;
	if ((e = built(s, &SQL_BUILT_LOCK, &ready)) ||
	    (e = sql_exec(s, &SQL_BULK_MEMORY, NO_ARGS, "bulk memory")) ||
	    (e = sql_exec(s, &SQL_TOKENS_CLEAR, NO_ARGS, "declarant tokens clear")) ||
	    (e = sql_exec(s, &SQL_STAGE_CLEAR, NO_ARGS, "declarant stage clear")))
		return e;
	/* Two arenas in turn: a chunk is read into one while the row before
	 * it (the cursor, the last name ranked) lives in the other. */
	arena_init(&arenas[0], REBUILD_ARENA_BYTES);
	arena_init(&arenas[1], REBUILD_ARENA_BYTES);
	for (int k = 0;; k ^= 1) {
		struct chunk_read c = {.a = &arenas[k]};
		arena_reset(&arenas[k]);
		c.rows = arena_alloc(c.a, sizeof *c.rows * DECLARANT_REBUILD_CHUNK);
		if (!c.rows) {
			e = MM_ERR_NOMEM;
			break;
		}
		if ((e = sql_each(s, &SQL_CHUNK,
		                  ARGS(ARG_TEXT(last.kana), ARG_TEXT(last.name), ARG_INT(last.id),
		                       ARG_INT(DECLARANT_REBUILD_CHUNK)),
		                  read_chunk_row, &c, "declarant rebuild read")) ||
		    c.n == 0)
			break;
		if ((e = rebuild_chunk(s, c.a, &c, first ? NULL : &last, &rank)))
			break;
		first = false;
		last = c.rows[c.n - 1];
		r->done += (int64_t)c.n;
		if (r->progress)
			r->progress(r->ctx, r->done);
	}
	arena_free(&arenas[0]);
	arena_free(&arenas[1]);
	if (e || (e = sql_exec(s, &SQL_TOKENS_FROM_STAGE, NO_ARGS, "declarant tokens fill")) ||
	    (e = sql_exec(s, &SQL_STAGE_CLEAR, NO_ARGS, "declarant stage clear")))
		return e;
	return sql_exec(s, &SQL_SET_BUILT, ARGS(ARG_BOOL(true)), "declarant index built");
}

enum mm_err store_declarant_index_rebuild(struct store *s, declarant_index_progress progress,
                                          void *ctx, int64_t *declarations)
{
	struct rebuild r = {progress, ctx, 0};
	enum mm_err e = store_tx(s, rebuild_tx, &r);
	*declarations = r.done;
	return e;
}

enum mm_err store_declarant_index_ensure(struct store *s, bool *rebuilt)
{
	bool ready;
	int64_t n;
	enum mm_err e = built(s, &SQL_BUILT, &ready);
	*rebuilt = false;
	if (e || ready)
		return e;
	if ((e = store_declarant_index_rebuild(s, NULL, NULL, &n)))
		return e;
	*rebuilt = true;
	return sql_exec(s, &SQL_ANALYZE, NO_ARGS, "analyze");
}

enum mm_err store_tidy_after_load(struct store *s)
{
	enum mm_err e = sql_exec(s, &SQL_VACUUM, NO_ARGS, "vacuum");
	return e ? e : sql_exec(s, &SQL_VACUUM_ALL, NO_ARGS, "vacuum and analyze");
}

enum mm_err store_prepare_bulk_load(struct store *s)
{
	return sql_exec(s, &SQL_BULK_MEMORY, NO_ARGS, "bulk memory");
}
