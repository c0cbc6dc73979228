/*
 * verification.c — the read side of declarations (store/verification.h),
 * written once for every database (store/sql.h). Only SELECTs: a
 * verification must never write (no counters, no "last seen"), and these
 * statements run on a PostgreSQL read-only replica as they do on the
 * primary.
 *
 * The declarant search reads the index of the migration declarant_search
 * (store/declarant_index.h): see "the declarant search" below.
 */
#include "store/verification.h"

#include <assert.h>
#include <string.h>

#include "core/search_text.h"
#include "store/sql.h"

/* The organisation's identity level, its date and the registered name,
 * while it holds the number the declaration names (migration 0031). */
#define IDENTITY_OF(column, none)                                                                  \
	" coalesce((SELECT o." column " FROM organisation o WHERE o.id = d.organisation_id"        \
	" AND o.corporate_number = d.corporate_number), " none ")"
#define IDENTITY_COLUMNS                                                                           \
	IDENTITY_OF("identity", "'unverified'")                                                    \
	"," IDENTITY_OF("identity_at", "0") "," IDENTITY_OF("registered_name", "''")
#define DECLARATION_COLUMNS                                                                        \
	"d.id, d.public_id, d.org_name, d.org_name_kana, d.prefecture, d.industry,"                \
	" d.corporate_number, d.level, d.status, d.declared_at, d.changed_at, d.policy_url,"       \
	" CASE d.status WHEN 'active' THEN 0 ELSE coalesce((SELECT max(e.at)"                      \
	" FROM declaration_event e WHERE e.declaration_id = d.id AND e.kind = d.status),"          \
	" d.changed_at) END," IDENTITY_COLUMNS

/* With the newest change-log number, read in the same statement (one
 * snapshot): the answer holds every change up to it. */
static const struct sql SQL_BY_PUBLIC_ID =
    SQL("SELECT " DECLARATION_COLUMNS ", (SELECT coalesce(max(seq), 0) FROM verification_change),"
        " coalesce(d.organisation_id, 0) FROM declaration d WHERE d.public_id = $1");
static const struct sql SQL_BY_CORPORATE_NUMBER =
    SQL("SELECT " DECLARATION_COLUMNS
        " FROM declaration d WHERE d.corporate_number = $1 AND d.corporate_number <> ''"
        " ORDER BY d.status = 'active' DESC, d.declared_at DESC, d.id DESC LIMIT $2");
/* Public events only: of 'details', the changes of identity (old_name
 * set, migration 0013), and of those only the old name and number (their
 * from/to may name private facts); 'flag_cleared' is the administrators'
 * business. */
static const struct sql SQL_HISTORY =
    SQL("SELECT at, kind, CASE kind WHEN 'details' THEN '' ELSE from_value END,"
        " CASE kind WHEN 'details' THEN '' ELSE to_value END,"
        " CASE kind WHEN 'details' THEN '' ELSE reason END, old_name, old_corporate_number"
        " FROM declaration_event WHERE declaration_id = $1"
        " AND (kind IN ('declared', 'level', 'withdrawn', 'revoked')"
        " OR (kind = 'details' AND old_name <> '')) ORDER BY at, id LIMIT $2");
/* Revoked declarations of the organisation ($1) or of the corporate number
 * ($2) made before this one ($3, declared at $4): each half through its
 * index (declaration_organisation, declaration_corporate_number). A
 * revoked declaration is final, so what this finds for a declaration only
 * grows when a new revocation comes, and that one cannot be older than an
 * active declaration of the same organisation or number. */
#define REVOKED_ROW                                                                                \
	"SELECT d.public_id, d.declared_at, coalesce((SELECT max(e.at) FROM declaration_event e"   \
	" WHERE e.declaration_id = d.id AND e.kind = 'revoked'), d.changed_at) FROM declaration d"
#define REVOKED_BEFORE " AND d.status = 'revoked' AND d.id <> $3 AND d.declared_at <= $4"
static const struct sql SQL_EARLIER_REVOKED =
    SQL(REVOKED_ROW " WHERE d.organisation_id = $1" REVOKED_BEFORE " UNION " REVOKED_ROW
                    " WHERE d.corporate_number = $2 AND d.corporate_number <> ''" REVOKED_BEFORE
                    " ORDER BY 2 DESC, 1 LIMIT $5");

/* ---- the declarant search (migration declarant_search) ----------------------------------
 *
 * The listing order is "sort_rank, id" (store/declarant_index.h). A search
 * with text walks one token's rows of declarant_token in that order: the
 * text itself when it has one or two characters (its rows are the
 * answers), else the rarest of a few of its bigrams, each row confirmed
 * on the search text the token's row carries (instr / strpos of the
 * folded text; migration 0035), so that only the matching rows read their
 * declaration. Prefecture and industry are on the token's rows too; the
 * level is a condition on the declaration joined to each row. When a
 * filter is given and the token is common (SEARCH_PROBE_MAX rows or more)
 * while the filtered listing is not, the filtered listing drives instead:
 * declarant_list_* holds each combination of filters in listing order, the
 * text then checked on each row. The listing without text walks those
 * indexes alone. Every walk starts at a cursor (sort_rank, id), stops at
 * its LIMIT and counts at most DECLARANTS_COUNT_MAX + 1 rows; each
 * combination of filters has its own statement (the eight of COMBOS), so
 * that no filter is an "any" test an index cannot serve.
 *
 * Ended declarations (with_ended) have no tokens: their own index,
 * declarant_ended, is walked in order with the text and filters checked on
 * each row, and merged with the active ones by sort_rank and id. That walk
 * is bounded by the number of ended declarations, a small share of all.
 */
#define SEARCH_ROW                                                                                 \
	"SELECT d.public_id, d.org_name, d.level, d.prefecture, d.status, d.sort_rank, d.id"
#define ACTIVE_LIST " FROM declaration d INDEXED BY declarant_list"
/* Filters as conditions, their parameters from number a on; prefecture
 * and industry on table x (a token's row carries them), level on the
 * declaration. */
#define F_(p, x, a, b, c) ""
#define F_P(p, x, a, b, c) " AND " x ".prefecture = " p a
#define F_I(p, x, a, b, c) " AND " x ".industry = " p a
#define F_PI(p, x, a, b, c) F_P(p, x, a, b, c) " AND " x ".industry = " p b
#define F_L(p, x, a, b, c) " AND d.level = " p a
#define F_PL(p, x, a, b, c) F_P(p, x, a, b, c) " AND d.level = " p b
#define F_IL(p, x, a, b, c) F_I(p, x, a, b, c) " AND d.level = " p b
#define F_PIL(p, x, a, b, c) F_PI(p, x, a, b, c) " AND d.level = " p c
/* A statement for each combination of filters, and the table of them by
 * combination (1: prefecture, 2: industry, 4: level): made by EACH, or
 * by ALONE without a level and LEVEL with one (COMBOS_BY_LEVEL). */
#define COMBOS_BY_LEVEL(NAME, ALONE, LEVEL)                                                        \
	static const struct sql NAME = ALONE(F_, "");                                              \
	static const struct sql NAME##_P = ALONE(F_P, "_p");                                       \
	static const struct sql NAME##_I = ALONE(F_I, "_i");                                       \
	static const struct sql NAME##_PI = ALONE(F_PI, "_pi");                                    \
	static const struct sql NAME##_L = LEVEL(F_L, "_l");                                       \
	static const struct sql NAME##_PL = LEVEL(F_PL, "_pl");                                    \
	static const struct sql NAME##_IL = LEVEL(F_IL, "_il");                                    \
	static const struct sql NAME##_PIL = LEVEL(F_PIL, "_pil");                                 \
	static const struct sql *const NAME##_BY[8] = {&NAME,      &NAME##_P,  &NAME##_I,          \
	                                               &NAME##_PI, &NAME##_L,  &NAME##_PL,         \
	                                               &NAME##_IL, &NAME##_PIL}
#define COMBOS(NAME, EACH) COMBOS_BY_LEVEL(NAME, EACH, EACH)
/* SQLite: the token's rows first (CROSS JOIN keeps the order of the
 * tables), each listing through its own index (INDEXED BY). */
#define EACH_DIALECT(TEXT, F, index)                                                               \
	SQL_EACH(TEXT("?", "CROSS JOIN", "instr", F, " INDEXED BY declarant_list" index),          \
	         TEXT("$", "JOIN", "strpos", F, ""))

/* A token's rows after the cursor $2, $3 whose search text contains $4
 * ('' for any); $5 rows from $6 on. Without a level the page is cut from
 * the token's rows alone and only its rows read their declaration (a page
 * by number skips its offset's rows without reading theirs); a level is
 * the declaration's, read for each row whose text matches. */
#define TOKEN_ROWS_ALONE(p, join, has, F, index)                                                   \
	SEARCH_ROW                                                                                 \
	" FROM (SELECT t.sort_rank, t.declaration_id FROM declarant_token t"                       \
	" WHERE t.token = " p "1 AND (t.sort_rank, t.declaration_id) > (" p "2, " p "3) AND " has  \
	"(t.search_text, " p                                                                       \
	"4) > 0" F(p, "t", "7", "8",                                                               \
	           "9") " ORDER BY t.sort_rank, t.declaration_id LIMIT " p "5 OFFSET " p           \
	                "6) AS page " join                                                         \
	                " declaration d ON d.id = page.declaration_id WHERE d.status = 'active'"   \
	                " ORDER BY page.sort_rank, page.declaration_id"
#define TOKEN_ROWS_LEVEL(p, join, has, F, index)                                                   \
	SEARCH_ROW                                                                                 \
	" FROM declarant_token t " join " declaration d ON d.id = t.declaration_id"                \
	" WHERE t.token = " p "1 AND (t.sort_rank, t.declaration_id) > (" p "2, " p "3) AND " has  \
	"(t.search_text, " p "4) > 0 AND d.status = 'active'" F(                                   \
	    p, "t", "7", "8", "9") " ORDER BY t.sort_rank, t.declaration_id LIMIT " p              \
	                           "5 OFFSET " p "6"
#define TOKEN_ROWS_ALONE_EACH(F, index) EACH_DIALECT(TOKEN_ROWS_ALONE, F, index)
#define TOKEN_ROWS_LEVEL_EACH(F, index) EACH_DIALECT(TOKEN_ROWS_LEVEL, F, index)
COMBOS_BY_LEVEL(SQL_TOKEN_ROWS, TOKEN_ROWS_ALONE_EACH, TOKEN_ROWS_LEVEL_EACH);
/* At most $3 of a token's rows whose search text contains $2. Counts walk
 * in listing order as the pages do: the order keeps PostgreSQL's generic
 * plan on the index, where an unknown share of matching rows would make it
 * read the table whole. Without a level they read the token's rows alone
 * (a token's row is an active declaration's and carries its prefecture,
 * industry and search text: on PostgreSQL an index-only scan); a level is
 * the declaration's, read for each row whose text matches. */
#define TOKEN_COUNT_ALONE(p, join, has, F, index)                                                  \
	"SELECT count(*) FROM (SELECT 1 FROM declarant_token t WHERE t.token = " p "1"             \
	" AND " has "(t.search_text, " p                                                           \
	"2) > 0" F(p, "t", "4", "5", "6") " ORDER BY t.sort_rank, t.declaration_id LIMIT " p       \
	                                  "3) AS m"
#define TOKEN_COUNT_LEVEL(p, join, has, F, index)                                                  \
	"SELECT count(*) FROM (SELECT 1 FROM declarant_token t " join " declaration d"             \
	" ON d.id = t.declaration_id WHERE t.token = " p "1 AND " has "(t.search_text, " p         \
	"2) > 0 AND d.status = 'active'" F(p, "t", "4", "5", "6") " ORDER BY t.sort_rank,"         \
	                                                          " t.declaration_id LIMIT " p     \
	                                                          "3) AS m"
#define TOKEN_COUNT_ALONE_EACH(F, index) EACH_DIALECT(TOKEN_COUNT_ALONE, F, index)
#define TOKEN_COUNT_LEVEL_EACH(F, index) EACH_DIALECT(TOKEN_COUNT_LEVEL, F, index)
COMBOS_BY_LEVEL(SQL_TOKEN_COUNT, TOKEN_COUNT_ALONE_EACH, TOKEN_COUNT_LEVEL_EACH);
/* How many rows a token has, up to $2, of a prefecture and an industry:
 * read from the token's rows alone. */
#define TOKEN_TALLY(filters)                                                                       \
	SQL("SELECT count(*) FROM (SELECT 1 FROM declarant_token t WHERE t.token = $1" filters     \
	    " ORDER BY t.sort_rank, t.declaration_id LIMIT $2) AS m")
static const struct sql SQL_TOKEN_PROBE = TOKEN_TALLY("");
static const struct sql SQL_TOKEN_TALLY_P = TOKEN_TALLY(" AND t.prefecture = $3");
static const struct sql SQL_TOKEN_TALLY_I = TOKEN_TALLY(" AND t.industry = $3");
static const struct sql SQL_TOKEN_TALLY_PI =
    TOKEN_TALLY(" AND t.prefecture = $3 AND t.industry = $4");
static const struct sql *const SQL_TOKEN_TALLY_BY[4] = {&SQL_TOKEN_PROBE, &SQL_TOKEN_TALLY_P,
                                                        &SQL_TOKEN_TALLY_I, &SQL_TOKEN_TALLY_PI};

/* The filtered listing after the cursor $1, $2, rows containing $3; $4
 * rows from $5 on. */
#define LIST_ROWS(p, join, has, F, index)                                                          \
	SEARCH_ROW " FROM declaration d" index " WHERE d.status = 'active'" F(                     \
	    p, "d", "6", "7", "8") " AND (d.sort_rank, d.id) > (" p "1, " p "2) AND " has          \
	                           "(d.search_text, " p                                            \
	                           "3) > 0 ORDER BY d.sort_rank, d.id LIMIT " p "4 OFFSET " p "5"
#define LIST_ROWS_EACH(F, index) EACH_DIALECT(LIST_ROWS, F, index)
COMBOS(SQL_LIST_ROWS, LIST_ROWS_EACH);
/* At most $4 rows of the filtered listing after $1, $2 that contain $3. */
#define LIST_COUNT(p, join, has, F, index)                                                         \
	"SELECT count(*) FROM (SELECT 1 FROM declaration d" index " WHERE d.status = 'active'" F(  \
	    p, "d", "5", "6", "7") " AND (d.sort_rank, d.id) > (" p "1, " p "2)"                   \
	                           " AND " has "(d.search_text, " p "3) > 0"                       \
	                           " ORDER BY d.sort_rank, d.id LIMIT " p "4) AS m"
#define LIST_COUNT_EACH(F, index) EACH_DIALECT(LIST_COUNT, F, index)
COMBOS(SQL_LIST_COUNT, LIST_COUNT_EACH);
/* At most $3 rows of the filtered listing after $1, $2: read from the
 * index alone. */
#define LIST_PROBE(p, join, has, F, index)                                                         \
	"SELECT count(*) FROM (SELECT 1 FROM declaration d" index " WHERE d.status = 'active'" F(  \
	    p, "d", "4", "5", "6") " AND (d.sort_rank, d.id) > (" p "1, " p "2)"                   \
	                           " ORDER BY d.sort_rank, d.id LIMIT " p "3) AS m"
#define LIST_PROBE_EACH(F, index) EACH_DIALECT(LIST_PROBE, F, index)
COMBOS(SQL_LIST_PROBE, LIST_PROBE_EACH);

/* The ended declarations after $1, $2 that contain $3, at most $4. */
#define ENDED_WHERE(p, has, F)                                                                     \
	" WHERE d.status <> 'active'" F(p, "d", "5", "6", "7") " AND (d.sort_rank, d.id) > (" p    \
	                                                       "1, " p "2) AND " has               \
	                                                       "(d.search_text, " p "3) > 0"
#define ENDED_ROWS(p, join, has, F, index)                                                         \
	SEARCH_ROW " FROM declaration d" index ENDED_WHERE(                                        \
	    p, has, F) " ORDER BY d.sort_rank, d.id LIMIT " p "4"
#define ENDED_COUNT(p, join, has, F, index)                                                        \
	"SELECT count(*) FROM (SELECT 1 FROM declaration d" index ENDED_WHERE(                     \
	    p, has, F) " ORDER BY d.sort_rank, d.id LIMIT " p "4) AS m"
#define ENDED_EACH(TEXT, F)                                                                        \
	SQL_EACH(TEXT("?", "", "instr", F, " INDEXED BY declarant_ended"),                         \
	         TEXT("$", "", "strpos", F, ""))
#define ENDED_ROWS_EACH(F, index) ENDED_EACH(ENDED_ROWS, F)
COMBOS(SQL_ENDED_ROWS, ENDED_ROWS_EACH);
#define ENDED_COUNT_EACH(F, index) ENDED_EACH(ENDED_COUNT, F)
COMBOS(SQL_ENDED_COUNT, ENDED_COUNT_EACH);

/* The place of a cursor's declaration (withdrawn since: still there). */
static const struct sql SQL_CURSOR =
    SQL("SELECT sort_rank, id FROM declaration WHERE public_id = $1");

/* Bigrams probed for the rarest (spread over the text); the count a probe
 * stops at, and below which a bigram is rare enough to stop probing. */
#define SEARCH_PROBES 6
#define SEARCH_PROBE_MAX 2000
#define SEARCH_RARE 200
/* How many times the probe's cap bigrams that all reach it are counted
 * to, to tell them apart (index entries only: well under a millisecond
 * each; a bigram with more rows than that costs more to walk whichever
 * is taken). */
#define SEARCH_PROBE_DEEP 4

/* The bounds are min(seq) and max(seq) of the primary key: both databases
 * read them from the two ends of its index, never the whole log. */
static const struct sql SQL_CHANGE_BOUNDS =
    SQL("SELECT coalesce((SELECT min(seq) FROM verification_change), 0),"
        " coalesce((SELECT max(seq) FROM verification_change), 0)");
static const struct sql SQL_CHANGES =
    SQL("SELECT seq, public_id FROM verification_change WHERE seq > $1 ORDER BY seq LIMIT $2");

static const char *const status_names[] = {
    [VERIFICATION_ACTIVE] = "active",
    [VERIFICATION_WITHDRAWN] = "withdrawn",
    [VERIFICATION_REVOKED] = "revoked",
};

static void read_verification(struct arena *a, const struct sql_row *r, void *item)
{
	struct verification *v = item;
	*v = (struct verification){0};
	v->public_id = sql_col_str(a, r, 1);
	v->name = sql_col_str(a, r, 2);
	v->name_kana = sql_col_str(a, r, 3);
	v->prefecture = sql_col_int(r, 4);
	v->industry = sql_col_str(a, r, 5);
	v->corporate_number = sql_col_str(a, r, 6);
	v->level = sql_col_int(r, 7);
	v->status = (enum verification_status)sql_col_name_index(r, 8, status_names, 3);
	v->declared_at = sql_col_int64(r, 9);
	v->changed_at = sql_col_int64(r, 10);
	v->policy_url = sql_col_str(a, r, 11);
	v->ended_at = sql_col_int64(r, 12);
	v->identity = sql_col_str(a, r, 13);
	v->identity_at = sql_col_int64(r, 14);
	v->registered_name = sql_col_str(a, r, 15);
}

/* The declaration, its row id and organisation (for the history) and the
 * change number. */
struct found {
	struct verification *v;
	int64_t id, organisation_id;
};

static void read_found(struct arena *a, const struct sql_row *r, void *item)
{
	struct found *f = item;
	read_verification(a, r, f->v);
	f->id = sql_col_int64(r, 0);
	f->v->change_seq = sql_col_int64(r, 16);
	f->organisation_id = sql_col_int64(r, 17);
}

static void read_revoked(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct verification_revoked *)item = (struct verification_revoked){
	    .public_id = sql_col_str(a, r, 0),
	    .declared_at = sql_col_int64(r, 1),
	    .revoked_at = sql_col_int64(r, 2),
	};
}

static void read_event(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct verification_event *)item = (struct verification_event){
	    .at = sql_col_int64(r, 0),
	    .kind = sql_col_str(a, r, 1),
	    .from = sql_col_str(a, r, 2),
	    .to = sql_col_str(a, r, 3),
	    .reason = sql_col_str(a, r, 4),
	    .old_name = sql_col_str(a, r, 5),
	    .old_corporate_number = sql_col_str(a, r, 6),
	};
}

enum mm_err store_verification_by_public_id(struct store *s, struct arena *a, struct str public_id,
                                            bool with_history, struct verification *out)
{
	struct found f = {.v = out};
	enum mm_err e = sql_row(s, a, &SQL_BY_PUBLIC_ID, ARGS(ARG_TEXT(public_id)), read_found, &f,
	                        "verification by id");
	if (e || !with_history)
		return e;
	e = sql_rows(s, a, &SQL_HISTORY, ARGS(ARG_INT(f.id), ARG_INT(VERIFICATION_HISTORY_MAX)),
	             sizeof *out->history, VERIFICATION_HISTORY_MAX, read_event,
	             (void **)&out->history, &out->history_n, "verification history");
	if (e)
		return e;
	return sql_rows(s, a, &SQL_EARLIER_REVOKED,
	                ARGS(ARG_INT(f.organisation_id), ARG_TEXT(out->corporate_number),
	                     ARG_INT(f.id), ARG_INT(out->declared_at),
	                     ARG_INT(VERIFICATION_REVOKED_MAX)),
	                sizeof *out->revoked, VERIFICATION_REVOKED_MAX, read_revoked,
	                (void **)&out->revoked, &out->revoked_n, "earlier revoked declarations");
}

enum mm_err store_verification_by_corporate_number(struct store *s, struct arena *a,
                                                   struct str corporate_number,
                                                   struct verification **out, size_t *n)
{
	return sql_rows(s, a, &SQL_BY_CORPORATE_NUMBER,
	                ARGS(ARG_TEXT(corporate_number), ARG_INT(VERIFICATION_BY_NUMBER_MAX)),
	                sizeof **out, VERIFICATION_BY_NUMBER_MAX, read_verification, (void **)out,
	                n, "verification by corporate number");
}

static void read_declarant(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct declarant *)item = (struct declarant){
	    .public_id = sql_col_str(a, r, 0),
	    .name = sql_col_str(a, r, 1),
	    .level = sql_col_int(r, 2),
	    .prefecture = sql_col_int(r, 3),
	    .status = (enum verification_status)sql_col_name_index(r, 4, status_names, 3),
	    .sort_rank = sql_col_int64(r, 5),
	    .id = sql_col_int64(r, 6),
	};
}

/* A place in the listing order; the top is before every row. */
struct place {
	int64_t rank, id;
};
#define PLACE_TOP ((struct place){INT64_MIN, 0})

static void read_place(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct place *)item = (struct place){sql_col_int64(r, 0), sql_col_int64(r, 1)};
}

/* What a search runs on: the statements' arguments but the first few. */
struct search {
	struct store *s;
	struct arena *a;
	int combo;                   /* the filters given (see COMBOS) */
	struct store_arg filters[3]; /* their values, in that order */
	size_t nfilters;
	struct str token, confirm; /* token "": the listing drives */
	struct place from;
	int64_t limit, offset;
};

/* The most arguments a search statement takes: six leading ones (a
 * token's page), then the three filters. */
#define SEARCH_ARGS_MAX 9

/* The leading arguments given (n of them), then the filters, into args;
 * how many that is. */
static size_t search_args(const struct search *x, const struct store_arg *lead, size_t n,
                          struct store_arg args[SEARCH_ARGS_MAX])
{
	assert(n + x->nfilters <= SEARCH_ARGS_MAX);
	memcpy(args, lead, n * sizeof *args);
	memcpy(args + n, x->filters, x->nfilters * sizeof *args);
	return n + x->nfilters;
}

/* Runs q with the leading arguments given, then the filters. */
static enum mm_err run_count(const struct search *x, const struct sql *q,
                             const struct store_arg *lead, size_t n, int64_t *out)
{
	struct store_arg args[SEARCH_ARGS_MAX];
	return sql_one_int64(x->s, q, args, search_args(x, lead, n, args), "declarant count", out);
}

static enum mm_err run_rows(const struct search *x, const struct sql *q,
                            const struct store_arg *lead, size_t n, struct declarant **out,
                            size_t *count)
{
	struct store_arg args[SEARCH_ARGS_MAX];
	return sql_rows(x->s, x->a, q, args, search_args(x, lead, n, args), sizeof **out,
	                (size_t)x->limit, read_declarant, (void **)out, count, "declarant search");
}

static enum mm_err token_rows(struct store *s, struct str token, int64_t max, int64_t *n)
{
	return sql_one_int64(s, &SQL_TOKEN_PROBE, ARGS(ARG_TEXT(token), ARG_INT(max)),
	                     "declarant token rows", n);
}

/* The bigrams a token was picked from (pick_token), for deepen_token. */
struct probed {
	struct search_tokens t;
	size_t at[SEARCH_PROBES], n;
	int64_t max; /* the cap each was counted to */
};

/* The token to walk for folded text, and how many rows it has (up to
 * SEARCH_PROBE_MAX): the text itself up to two characters, else the rarest
 * of SEARCH_PROBES of its bigrams spread over it, the last first. Without
 * a filter no choice waits on SEARCH_PROBE_MAX, so a probe stops at the
 * count's cap: a common token's rows are read once up to it, not twice. */
static enum mm_err pick_token(struct search *x, struct str folded, int64_t *rows, struct probed *p)
{
	bool whole;
	enum mm_err e = core_search_query_tokens(x->a, folded, &p->t, &whole);
	if (e)
		return e;
	p->max = x->combo ? SEARCH_PROBE_MAX : DECLARANTS_COUNT_MAX + 1;
	x->confirm = whole ? STR("") : folded;
	*rows = INT64_MAX;
	size_t probes = p->t.n < SEARCH_PROBES ? p->t.n : SEARCH_PROBES;
	p->n = 0;
	for (size_t k = 0; k < probes && *rows >= SEARCH_RARE; k++) {
		size_t i = p->t.n - 1 - k * (p->t.n - 1) / (probes > 1 ? probes - 1 : 1);
		int64_t n;
		p->at[p->n++] = i;
		if ((e = token_rows(x->s, p->t.items[i], p->max, &n)))
			return e;
		if (n < *rows)
			*rows = n, x->token = p->t.items[i];
	}
	return MM_OK;
}

/* When every bigram probed reached the cap, they are counted again up to
 * SEARCH_PROBE_DEEP times it (each only as far as the rarest so far), so
 * that the walk takes the one with 1,200 rows rather than one with
 * 16,000: the text is confirmed on every row walked, and that is what a
 * search costs. */
static enum mm_err deepen_token(struct search *x, const struct probed *p, int64_t rows)
{
	if (p->n < 2 || rows < p->max)
		return MM_OK;
	int64_t deep = SEARCH_PROBE_DEEP * p->max;
	for (size_t k = 0; k < p->n; k++) {
		int64_t n;
		enum mm_err e = token_rows(x->s, p->t.items[p->at[k]], deep, &n);
		if (e)
			return e;
		if (n < deep)
			deep = n, x->token = p->t.items[p->at[k]];
	}
	return MM_OK;
}

/* The active declarations: the total (up to DECLARANTS_COUNT_MAX + 1)
 * and a page of them. */
static enum mm_err search_active(struct search *x, struct str folded, struct declarant_page *out)
{
	const int64_t cap = DECLARANTS_COUNT_MAX + 1;
	int64_t token_n = 0, list_n;
	enum mm_err e;
	x->token = STR("");
	x->confirm = STR("");
	if (folded.n) {
		struct probed p;
		if ((e = pick_token(x, folded, &token_n, &p)))
			return e;
		if (token_n == 0)
			return MM_OK;
		/* A common token and a rare filtered listing: the listing drives
		 * (and which common bigram is the rarest no longer matters). */
		if (x->combo && token_n >= SEARCH_PROBE_MAX &&
		    !(e = run_count(x, SQL_LIST_PROBE_BY[x->combo],
		                    ARGS(ARG_INT(INT64_MIN), ARG_INT(0), ARG_INT(SEARCH_PROBE_MAX)),
		                    &list_n)) &&
		    list_n < SEARCH_PROBE_MAX)
			x->token = STR("");
		else if (!e)
			e = deepen_token(x, &p, token_n);
		if (e)
			return e;
	}
	const struct store_arg top[] = {ARG_INT(INT64_MIN), ARG_INT(0)};
	const struct store_arg from[] = {ARG_INT(x->from.rank), ARG_INT(x->from.id)};
	if (!x->token.n && !folded.n)
		e = run_count(x, SQL_LIST_PROBE_BY[x->combo], ARGS(top[0], top[1], ARG_INT(cap)),
		              &out->total);
	else if (!x->token.n)
		e = run_count(x, SQL_LIST_COUNT_BY[x->combo],
		              ARGS(top[0], top[1], ARG_TEXT(x->confirm), ARG_INT(cap)),
		              &out->total);
	else if (!x->combo && !x->confirm.n) /* the probe counted them */
		out->total = token_n < cap ? token_n : cap;
	else if (x->combo < 4 && !x->confirm.n) /* prefecture, industry: the tokens alone */
		e = run_count(x, SQL_TOKEN_TALLY_BY[x->combo],
		              ARGS(ARG_TEXT(x->token), ARG_INT(cap)), &out->total);
	else
		e = run_count(x, SQL_TOKEN_COUNT_BY[x->combo],
		              ARGS(ARG_TEXT(x->token), ARG_TEXT(x->confirm), ARG_INT(cap)),
		              &out->total);
	if (e)
		return e;
	if (x->token.n)
		return run_rows(x, SQL_TOKEN_ROWS_BY[x->combo],
		                ARGS(ARG_TEXT(x->token), from[0], from[1], ARG_TEXT(x->confirm),
		                     ARG_INT(x->limit), ARG_INT(x->offset)),
		                &out->items, &out->n);
	return run_rows(
	    x, SQL_LIST_ROWS_BY[x->combo],
	    ARGS(from[0], from[1], ARG_TEXT(x->confirm), ARG_INT(x->limit), ARG_INT(x->offset)),
	    &out->items, &out->n);
}

static bool before(const struct declarant *d, const struct declarant *e)
{
	return d->sort_rank < e->sort_rank || (d->sort_rank == e->sort_rank && d->id < e->id);
}

/* The ended declarations beside the active ones: both read from the top
 * of the page's offset, merged in order. */
static enum mm_err add_ended(struct search *x, struct str folded, struct declarant_page *out)
{
	struct declarant *ended, *merged;
	size_t n, i = 0, k = 0, m = 0;
	int64_t total;
	const int64_t cap = DECLARANTS_COUNT_MAX + 1;
	enum mm_err e;
	if ((e = run_count(x, SQL_ENDED_COUNT_BY[x->combo],
	                   ARGS(ARG_INT(INT64_MIN), ARG_INT(0), ARG_TEXT(folded), ARG_INT(cap)),
	                   &total)) ||
	    (e = run_rows(x, SQL_ENDED_ROWS_BY[x->combo],
	                  ARGS(ARG_INT(x->from.rank), ARG_INT(x->from.id), ARG_TEXT(folded),
	                       ARG_INT(x->limit)),
	                  &ended, &n)))
		return e;
	out->total = out->total + total < cap ? out->total + total : cap;
	merged = arena_alloc(x->a, sizeof *merged * (out->n + n + 1));
	if (!merged)
		return MM_ERR_NOMEM;
	while (m < (size_t)x->limit && (i < out->n || k < n))
		merged[m++] = k == n || (i < out->n && before(&out->items[i], &ended[k]))
		                  ? out->items[i++]
		                  : ended[k++];
	out->items = merged;
	out->n = m;
	return MM_OK;
}

enum mm_err store_verification_search(struct store *s, struct arena *a,
                                      const struct declarant_query *q, struct declarant_page *out)
{
	struct search x = {.s = s, .a = a, .from = PLACE_TOP};
	struct str folded = STR("");
	int64_t skip = q->after.n ? 0 : (q->page - 1) * DECLARANTS_PER_PAGE;
	enum mm_err e;
	*out = (struct declarant_page){.next = STR("")};
	if (q->page < 1 || (!q->after.n && q->page > DECLARANTS_MAX_PAGE) ||
	    q->page > DECLARANTS_MAX_PAGE_SHOWN)
		return MM_ERR_INVALID;
	if (q->after.n && (e = sql_row(s, a, &SQL_CURSOR, ARGS(ARG_TEXT(q->after)), read_place,
	                               &x.from, "declarant cursor")))
		return e == MM_ERR_NOT_FOUND ? MM_ERR_INVALID : e;
	if (q->text.n && (e = core_search_fold(a, q->text, &folded)))
		return e;
	if (q->prefecture)
		x.combo |= 1, x.filters[x.nfilters++] = ARG_INT(q->prefecture);
	if (q->industry.n)
		x.combo |= 2, x.filters[x.nfilters++] = ARG_TEXT(q->industry);
	if (q->level)
		x.combo |= 4, x.filters[x.nfilters++] = ARG_INT(q->level);
	/* One row more than a page tells whether there is a next one. With
	 * the ended ones, both lists are read from the offset's top. */
	x.limit = DECLARANTS_PER_PAGE + 1 + (q->with_ended ? skip : 0);
	x.offset = q->with_ended ? 0 : skip;
	if ((e = search_active(&x, folded, out)) ||
	    (q->with_ended && (e = add_ended(&x, folded, out))))
		return e;
	if (q->with_ended) { /* the merged rows from the offset on */
		size_t from = (size_t)skip < out->n ? (size_t)skip : out->n;
		out->items += from;
		out->n -= from;
	}
	out->total_capped = out->total > DECLARANTS_COUNT_MAX;
	if (out->n > DECLARANTS_PER_PAGE) {
		out->n = DECLARANTS_PER_PAGE;
		out->next = out->items[DECLARANTS_PER_PAGE - 1].public_id;
	}
	return MM_OK;
}

struct change_bounds {
	int64_t oldest, newest;
};

static void read_bounds(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct change_bounds *)item =
	    (struct change_bounds){sql_col_int64(r, 0), sql_col_int64(r, 1)};
}

struct changes_read {
	struct arena *a;
	struct verification_changes *out;
};

static bool read_change(const struct sql_row *r, void *ctx)
{
	struct changes_read *c = ctx;
	c->out->last = sql_col_int64(r, 0);
	c->out->public_ids[c->out->n++] = sql_col_str(c->a, r, 1);
	return c->out->n < VERIFICATION_CHANGES_MAX;
}

enum mm_err store_verification_changes(struct store *s, struct arena *a, int64_t after,
                                       struct verification_changes *out)
{
	struct change_bounds b;
	*out = (struct verification_changes){.last = after};
	enum mm_err e = sql_one_row(s, NULL, &SQL_CHANGE_BOUNDS, NO_ARGS, read_bounds, &b,
	                            "verification change bounds");
	if (e)
		return e;
	out->oldest = b.oldest;
	out->newest = b.newest;
	if (out->newest <= after)
		return MM_OK;
	out->public_ids = arena_alloc(a, sizeof *out->public_ids * VERIFICATION_CHANGES_MAX);
	if (!out->public_ids)
		return MM_ERR_NOMEM;
	struct changes_read c = {a, out};
	return sql_each(s, &SQL_CHANGES, ARGS(ARG_INT(after), ARG_INT(VERIFICATION_CHANGES_MAX)),
	                read_change, &c, "verification changes");
}
