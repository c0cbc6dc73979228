/*
 * pg_verification.c — the PostgreSQL side of store/verification.h, with
 * the same answers as sqlite_verification.c. Only SELECTs: a verification
 * must never write (no counters, no "last seen"), and these statements
 * run on a read-only replica as they do on the primary.
 *
 * The declarant search: where SQLite asks its FTS5 trigram index for text
 * of three characters or more, this asks the GIN trigram index of
 * migration 0008 (pg_trgm) with ILIKE '%text%': both find the text
 * anywhere in the name or its kana, ignoring case. pg_trgm finds the
 * trigrams of Japanese text only when the database's LC_CTYPE is a UTF-8
 * one (C.UTF-8, ja_JP.UTF-8); under LC_CTYPE=C it sees none, and the index
 * then hands every row to the recheck: the same answers, slowly. Shorter
 * text is strpos() (SQLite's instr(): exact, case kept) over the rows in
 * listing order, as SQLite scans its covering index.
 */
#include "store/pg_int.h"
#include "store/verification.h"

#define DECLARATION_COLUMNS                                                                        \
	"d.id, d.public_id, d.org_name, d.org_name_kana, d.prefecture, d.industry,"                \
	" d.corporate_number, d.level, d.status, d.declared_at, d.changed_at, d.policy_url,"       \
	" CASE d.status WHEN 'active' THEN 0 ELSE coalesce((SELECT max(e.at)"                      \
	" FROM declaration_event e WHERE e.declaration_id = d.id AND e.kind = d.status),"          \
	" d.changed_at) END"

/* With the newest change-log number, read in the same statement (one
 * snapshot): the answer holds every change up to it. */
static const char SQL_BY_PUBLIC_ID[] =
    "SELECT " DECLARATION_COLUMNS ", (SELECT coalesce(max(seq), 0) FROM verification_change)"
    " FROM declaration d WHERE d.public_id = $1";
static const char SQL_BY_CORPORATE_NUMBER[] =
    "SELECT " DECLARATION_COLUMNS
    " FROM declaration d WHERE d.corporate_number = $1 AND d.corporate_number <> ''"
    " ORDER BY d.status = 'active' DESC, d.declared_at DESC, d.id DESC LIMIT $2";
/* Public events only: 'details' may carry private facts, 'flag_cleared'
 * is the administrators' business. */
static const char SQL_HISTORY[] =
    "SELECT at, kind, from_value, to_value, reason FROM declaration_event"
    " WHERE declaration_id = $1 AND kind IN ('declared', 'level', 'withdrawn', 'revoked')"
    " ORDER BY at, id LIMIT $2";

/* The search's parameters: $1…$3 the text as typed, in katakana and in
 * hiragana (NULL for a form that repeats the text, so it matches nothing
 * more), then the filters (prefecture, industry, level; 0 or '' for any),
 * the page size and the offset. The listing of all has no text: its
 * parameters start at the filters. A count takes no page. */
#define SEARCH_FILTERS(p, i, l)                                                                    \
	" AND (" p " = 0 OR d.prefecture = " p ") AND (" i " = '' OR d.industry = " i ")"          \
	" AND (" l " = 0 OR d.level = " l ")"
#define SEARCH_ORDER(limit, offset)                                                                \
	" ORDER BY d.org_name_kana, d.org_name, d.id LIMIT " limit " OFFSET " offset
#define SEARCH_TRIGRAM                                                                             \
	" FROM declaration d WHERE d.status = 'active' AND"                                        \
	" (d.org_name ILIKE $1 OR d.org_name_kana ILIKE $1 OR d.org_name ILIKE $2 OR"              \
	" d.org_name_kana ILIKE $2 OR d.org_name ILIKE $3 OR d.org_name_kana ILIKE "               \
	"$3)" SEARCH_FILTERS("$4", "$5", "$6")
#define SEARCH_SHORT                                                                               \
	" FROM declaration d WHERE d.status = 'active' AND"                                        \
	" (strpos(d.org_name, $1) > 0 OR strpos(d.org_name, $2) > 0 OR"                            \
	" strpos(d.org_name, $3) > 0 OR strpos(d.org_name_kana, $1) > 0 OR"                        \
	" strpos(d.org_name_kana, $2) > 0 OR strpos(d.org_name_kana, $3) > 0)" SEARCH_FILTERS(     \
	    "$4", "$5", "$6")
#define SEARCH_ALL " FROM declaration d WHERE d.status = 'active'" SEARCH_FILTERS("$1", "$2", "$3")
#define SEARCH_ROW "SELECT d.public_id, d.org_name, d.level, d.prefecture"

static const char SQL_SEARCH_TRIGRAM[] = SEARCH_ROW SEARCH_TRIGRAM SEARCH_ORDER("$7", "$8");
static const char SQL_COUNT_TRIGRAM[] = "SELECT count(*)" SEARCH_TRIGRAM;
static const char SQL_SEARCH_SHORT[] = SEARCH_ROW SEARCH_SHORT SEARCH_ORDER("$7", "$8");
static const char SQL_COUNT_SHORT[] = "SELECT count(*)" SEARCH_SHORT;
static const char SQL_SEARCH_ALL[] = SEARCH_ROW SEARCH_ALL SEARCH_ORDER("$4", "$5");
static const char SQL_COUNT_ALL[] = "SELECT count(*)" SEARCH_ALL;

/* Trigrams need three characters (code points). */
#define SEARCH_TRIGRAM_MIN 3

static const char SQL_CHANGE_BOUNDS[] =
    "SELECT coalesce((SELECT min(seq) FROM verification_change), 0),"
    " coalesce((SELECT max(seq) FROM verification_change), 0)";
static const char SQL_CHANGES[] =
    "SELECT seq, public_id FROM verification_change WHERE seq > $1 ORDER BY seq LIMIT $2";

static const char *const status_names[] = {
    [VERIFICATION_ACTIVE] = "active",
    [VERIFICATION_WITHDRAWN] = "withdrawn",
    [VERIFICATION_REVOKED] = "revoked",
};

static void read_declaration(struct arena *a, const struct pg_row *r, void *item)
{
	struct verification *v = item;
	*v = (struct verification){0};
	v->public_id = pg_col_str(a, r, 1);
	v->name = pg_col_str(a, r, 2);
	v->name_kana = pg_col_str(a, r, 3);
	v->prefecture = pg_col_int(r, 4);
	v->industry = pg_col_str(a, r, 5);
	v->corporate_number = pg_col_str(a, r, 6);
	v->level = pg_col_int(r, 7);
	v->status = (enum verification_status)pg_col_name_index(r, 8, status_names, 3);
	v->declared_at = pg_col_int64(r, 9);
	v->changed_at = pg_col_int64(r, 10);
	v->policy_url = pg_col_str(a, r, 11);
	v->ended_at = pg_col_int64(r, 12);
}

/* The declaration, its row id (for the history) and the change number. */
struct found {
	struct verification *v;
	int64_t id;
};

static void read_found(struct arena *a, const struct pg_row *r, void *item)
{
	struct found *f = item;
	read_declaration(a, r, f->v);
	f->id = pg_col_int64(r, 0);
	f->v->change_seq = pg_col_int64(r, 13);
}

static void read_event(struct arena *a, const struct pg_row *r, void *item)
{
	*(struct verification_event *)item = (struct verification_event){
	    .at = pg_col_int64(r, 0),
	    .kind = pg_col_str(a, r, 1),
	    .from = pg_col_str(a, r, 2),
	    .to = pg_col_str(a, r, 3),
	    .reason = pg_col_str(a, r, 4),
	};
}

static enum mm_err by_public_id(struct store *s, struct arena *a, struct str public_id,
                                bool with_history, struct verification *out)
{
	struct found f = {.v = out};
	enum mm_err e = pg_row(s, a, SQL_BY_PUBLIC_ID, ARGS(ARG_TEXT(public_id)), read_found, &f,
	                       "verification by id");
	if (e || !with_history)
		return e;
	return pg_rows(s, a, SQL_HISTORY, ARGS(ARG_INT(f.id), ARG_INT(VERIFICATION_HISTORY_MAX)),
	               sizeof *out->history, VERIFICATION_HISTORY_MAX, read_event,
	               (void **)&out->history, &out->history_n, "verification history");
}

static enum mm_err by_corporate_number(struct store *s, struct arena *a,
                                       struct str corporate_number, struct verification **out,
                                       size_t *n)
{
	return pg_rows(s, a, SQL_BY_CORPORATE_NUMBER,
	               ARGS(ARG_TEXT(corporate_number), ARG_INT(VERIFICATION_BY_NUMBER_MAX)),
	               sizeof **out, VERIFICATION_BY_NUMBER_MAX, read_declaration, (void **)out, n,
	               "verification by corporate number");
}

/* The ILIKE pattern of a substring: %text%, with the pattern's own
 * characters (%, _ and the escape \) escaped. */
static struct str like_pattern(struct arena *a, struct str text)
{
	struct buf b;
	buf_init(&b, a, text.n * 2 + 3);
	if (buf_append_char(&b, '%'))
		return STR_NULL;
	for (size_t i = 0; i < text.n; i++) {
		char c = text.p[i];
		if (((c == '%' || c == '_' || c == '\\') && buf_append_char(&b, '\\')) ||
		    buf_append_char(&b, c))
			return STR_NULL;
	}
	if (buf_append_char(&b, '%'))
		return STR_NULL;
	return buf_str(&b);
}

static size_t code_points(struct str s)
{
	size_t n = 0;
	for (size_t i = 0; i < s.n; i++)
		n += ((unsigned char)s.p[i] & 0xc0) != 0x80;
	return n;
}

static void read_declarant(struct arena *a, const struct pg_row *r, void *item)
{
	*(struct declarant *)item = (struct declarant){
	    .public_id = pg_col_str(a, r, 0),
	    .name = pg_col_str(a, r, 1),
	    .level = pg_col_int(r, 2),
	    .prefecture = pg_col_int(r, 3),
	};
}

static enum mm_err search(struct store *s, struct arena *a, const struct declarant_query *q,
                          struct declarant_page *out)
{
	const char *rows_sql = SQL_SEARCH_ALL, *count_sql = SQL_COUNT_ALL;
	struct str terms[3] = {q->text, q->katakana, q->hiragana};
	size_t skip = 3; /* the listing of all has no text parameters */
	*out = (struct declarant_page){0};
	if (q->page < 1 || q->page > DECLARANTS_MAX_PAGE)
		return MM_ERR_INVALID;
	if (q->text.n && code_points(q->text) >= SEARCH_TRIGRAM_MIN) {
		rows_sql = SQL_SEARCH_TRIGRAM, count_sql = SQL_COUNT_TRIGRAM, skip = 0;
		for (int i = 0; i < 3; i++)
			if (!(terms[i] = like_pattern(a, terms[i])).p)
				return MM_ERR_NOMEM;
	} else if (q->text.n) {
		rows_sql = SQL_SEARCH_SHORT, count_sql = SQL_COUNT_SHORT, skip = 0;
	}
	struct store_arg args[] = {
	    ARG_TEXT(terms[0]),
	    str_eq(q->katakana, q->text) ? ARG_NULL : ARG_TEXT(terms[1]),
	    str_eq(q->hiragana, q->text) ? ARG_NULL : ARG_TEXT(terms[2]),
	    ARG_INT(q->prefecture),
	    ARG_TEXT(q->industry),
	    ARG_INT(q->level),
	    ARG_INT(DECLARANTS_PER_PAGE),
	    ARG_INT((q->page - 1) * DECLARANTS_PER_PAGE),
	};
	size_t n = sizeof args / sizeof args[0] - skip;
	enum mm_err e =
	    pg_int64_of(s, count_sql, args + skip, n - 2, "declarant count", &out->total);
	if (e)
		return e == MM_ERR_NOT_FOUND ? MM_ERR_DB : e;
	return pg_rows(s, a, rows_sql, args + skip, n, sizeof *out->items, DECLARANTS_PER_PAGE,
	               read_declarant, (void **)&out->items, &out->n, "declarant search");
}

struct change_bounds {
	int64_t oldest, newest;
};

static void read_bounds(struct arena *a, const struct pg_row *r, void *item)
{
	(void)a;
	*(struct change_bounds *)item =
	    (struct change_bounds){pg_col_int64(r, 0), pg_col_int64(r, 1)};
}

struct change {
	int64_t seq;
	struct str public_id;
};

static void read_change(struct arena *a, const struct pg_row *r, void *item)
{
	*(struct change *)item = (struct change){pg_col_int64(r, 0), pg_col_str(a, r, 1)};
}

/* The bounds are min(seq) and max(seq) of the primary key: PostgreSQL
 * reads them from the two ends of its index, never the whole log. */
static enum mm_err changes(struct store *s, struct arena *a, int64_t after,
                           struct verification_changes *out)
{
	struct change_bounds b;
	struct change *rows;
	size_t n;
	*out = (struct verification_changes){.last = after};
	enum mm_err e = pg_row(s, NULL, SQL_CHANGE_BOUNDS, NO_ARGS, read_bounds, &b,
	                       "verification change bounds");
	if (e)
		return e == MM_ERR_NOT_FOUND ? MM_ERR_DB : e;
	out->oldest = b.oldest;
	out->newest = b.newest;
	if (out->newest <= after)
		return MM_OK;
	e = pg_rows(s, a, SQL_CHANGES, ARGS(ARG_INT(after), ARG_INT(VERIFICATION_CHANGES_MAX)),
	            sizeof *rows, VERIFICATION_CHANGES_MAX, read_change, (void **)&rows, &n,
	            "verification changes");
	if (e || !n)
		return e;
	out->public_ids = arena_alloc(a, sizeof *out->public_ids * n);
	if (!out->public_ids)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		out->public_ids[i] = rows[i].public_id;
	out->n = n;
	out->last = rows[n - 1].seq;
	return MM_OK;
}

const struct store_verification_ops pg_verification_ops = {
    .by_public_id = by_public_id,
    .by_corporate_number = by_corporate_number,
    .search = search,
    .changes = changes,
};
