/*
 * verification.c — the read side of declarations (store/verification.h),
 * written once for every database (store/sql.h). Only SELECTs: a
 * verification must never write (no counters, no "last seen"), and these
 * statements run on a PostgreSQL read-only replica as they do on the
 * primary.
 *
 * The declarant search: text of three characters or more goes through a
 * trigram index, SQLite's FTS5 table declaration_fts (a MATCH of the
 * forms as phrases) or PostgreSQL's GIN index of migration 0008 (pg_trgm,
 * ILIKE '%text%'): both find the text anywhere in the name or its kana,
 * ignoring case. pg_trgm finds the trigrams of Japanese text only when the
 * database's LC_CTYPE is a UTF-8 one (C.UTF-8, ja_JP.UTF-8); under
 * LC_CTYPE=C it sees none, and the index then hands every row to the
 * recheck: the same answers, slowly. Shorter text is instr() / strpos()
 * (exact, case kept) over the rows in listing order, through the covering
 * index declaration_public_list. Each database's statements build their
 * own query text from the search text (a phrase with its quotes doubled,
 * a pattern with %, _ and \ escaped), so that both take the same
 * parameters.
 */
#include "store/verification.h"

#include "store/sql.h"

#define DECLARATION_COLUMNS                                                                        \
	"d.id, d.public_id, d.org_name, d.org_name_kana, d.prefecture, d.industry,"                \
	" d.corporate_number, d.level, d.status, d.declared_at, d.changed_at, d.policy_url,"       \
	" CASE d.status WHEN 'active' THEN 0 ELSE coalesce((SELECT max(e.at)"                      \
	" FROM declaration_event e WHERE e.declaration_id = d.id AND e.kind = d.status),"          \
	" d.changed_at) END"

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

/* The search's parameters: 1…3 the text as typed, in katakana and in
 * hiragana (NULL for a form that repeats the text, so it matches nothing
 * more), then the filters (prefecture, industry, level; 0 or '' for any),
 * the page size and the offset. The listing of all has no text: its
 * parameters start at the filters. A count takes no page. */
#define SEARCH_FILTERS(p, i, l)                                                                    \
	" AND (" p " = 0 OR d.prefecture = " p ") AND (" i " = '' OR d.industry = " i ")"          \
	" AND (" l " = 0 OR d.level = " l ")"
#define SEARCH_ORDER(limit, offset)                                                                \
	" ORDER BY d.org_name_kana, d.org_name, d.id LIMIT " limit " OFFSET " offset
#define SEARCH_ROW "SELECT d.public_id, d.org_name, d.level, d.prefecture, d.status"
#define SEARCH_ACTIVE " FROM declaration d WHERE d.status = 'active'"
#define SEARCH_LISTED                                                                              \
	" FROM declaration d INDEXED BY declaration_public_list WHERE d.status = 'active'"
/* The search that includes withdrawn and revoked declarations (asked for
 * by name, declarant_query.include_ended): the same statements over every
 * status. */
#define SEARCH_EVERY " FROM declaration d WHERE d.status IN ('active', 'withdrawn', 'revoked')"
#define SEARCH_EVERY_LISTED                                                                        \
	" FROM declaration d INDEXED BY declaration_public_list"                                   \
	" WHERE d.status IN ('active', 'withdrawn', 'revoked')"

/* SQLite: an FTS5 query of the forms as phrases joined by OR. */
#define FTS_PHRASE(t) "'\"' || replace(" t ", '\"', '\"\"') || '\"'"
#define FTS_OR_PHRASE(t) "coalesce(' OR ' || " FTS_PHRASE(t) ", '')"
#define FTS_QUERY FTS_PHRASE("?1") " || " FTS_OR_PHRASE("?2") " || " FTS_OR_PHRASE("?3")
#define FTS_FILTERS SEARCH_FILTERS("?4", "?5", "?6")
#define SEARCH_FTS(from)                                                                           \
	from " AND d.id IN (SELECT rowid FROM declaration_fts"                                     \
	     " WHERE declaration_fts MATCH " FTS_QUERY ")" FTS_FILTERS
/* PostgreSQL: ILIKE patterns of the forms, for the trigram index. */
#define LIKE_PATTERN(t)                                                                            \
	"('%' || replace(replace(replace(" t ", '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')"
#define NAME_ILIKE(t)                                                                              \
	"d.org_name ILIKE " LIKE_PATTERN(t) " OR d.org_name_kana ILIKE " LIKE_PATTERN(t)
#define SEARCH_TRIGRAM(from)                                                                       \
	from " AND (" NAME_ILIKE("$1") " OR " NAME_ILIKE("$2") " OR " NAME_ILIKE(                  \
	    "$3") ")" SEARCH_FILTERS("$4", "$5", "$6")
/* Short text: a substring anywhere, SQLite's instr(), PostgreSQL's strpos(). */
#define NAME_HAS(f, t) f "(d.org_name, " t ") > 0 OR " f "(d.org_name_kana, " t ") > 0"
#define SEARCH_SHORT(from, f, t1, t2, t3, p, i, l)                                                 \
	from " AND (" NAME_HAS(f, t1) " OR " NAME_HAS(f, t2) " OR " NAME_HAS(                      \
	    f, t3) ")" SEARCH_FILTERS(p, i, l)
#define SEARCH_SHORT_SQLITE(from) SEARCH_SHORT(from, "instr", "?1", "?2", "?3", "?4", "?5", "?6")
#define SEARCH_SHORT_PG(from) SEARCH_SHORT(from, "strpos", "$1", "$2", "$3", "$4", "$5", "$6")

static const struct sql SQL_SEARCH_TRIGRAM =
    SQL_EACH(SEARCH_ROW SEARCH_FTS(SEARCH_ACTIVE) SEARCH_ORDER("?7", "?8"),
             SEARCH_ROW SEARCH_TRIGRAM(SEARCH_ACTIVE) SEARCH_ORDER("$7", "$8"));
static const struct sql SQL_COUNT_TRIGRAM = SQL_EACH(
    "SELECT count(*)" SEARCH_FTS(SEARCH_ACTIVE), "SELECT count(*)" SEARCH_TRIGRAM(SEARCH_ACTIVE));
static const struct sql SQL_SEARCH_SHORT =
    SQL_EACH(SEARCH_ROW SEARCH_SHORT_SQLITE(SEARCH_LISTED) SEARCH_ORDER("?7", "?8"),
             SEARCH_ROW SEARCH_SHORT_PG(SEARCH_ACTIVE) SEARCH_ORDER("$7", "$8"));
static const struct sql SQL_COUNT_SHORT =
    SQL_EACH("SELECT count(*)" SEARCH_SHORT_SQLITE(SEARCH_LISTED),
             "SELECT count(*)" SEARCH_SHORT_PG(SEARCH_ACTIVE));
static const struct sql SQL_SEARCH_ALL =
    SQL_EACH(SEARCH_ROW SEARCH_LISTED SEARCH_FILTERS("?1", "?2", "?3") SEARCH_ORDER("?4", "?5"),
             SEARCH_ROW SEARCH_ACTIVE SEARCH_FILTERS("$1", "$2", "$3") SEARCH_ORDER("$4", "$5"));
static const struct sql SQL_COUNT_ALL =
    SQL_EACH("SELECT count(*)" SEARCH_LISTED SEARCH_FILTERS("?1", "?2", "?3"),
             "SELECT count(*)" SEARCH_ACTIVE SEARCH_FILTERS("$1", "$2", "$3"));

/* The same six over every status. */
static const struct sql SQL_EVERY_SEARCH_TRIGRAM =
    SQL_EACH(SEARCH_ROW SEARCH_FTS(SEARCH_EVERY) SEARCH_ORDER("?7", "?8"),
             SEARCH_ROW SEARCH_TRIGRAM(SEARCH_EVERY) SEARCH_ORDER("$7", "$8"));
static const struct sql SQL_EVERY_COUNT_TRIGRAM = SQL_EACH(
    "SELECT count(*)" SEARCH_FTS(SEARCH_EVERY), "SELECT count(*)" SEARCH_TRIGRAM(SEARCH_EVERY));
static const struct sql SQL_EVERY_SEARCH_SHORT =
    SQL_EACH(SEARCH_ROW SEARCH_SHORT_SQLITE(SEARCH_EVERY_LISTED) SEARCH_ORDER("?7", "?8"),
             SEARCH_ROW SEARCH_SHORT_PG(SEARCH_EVERY) SEARCH_ORDER("$7", "$8"));
static const struct sql SQL_EVERY_COUNT_SHORT =
    SQL_EACH("SELECT count(*)" SEARCH_SHORT_SQLITE(SEARCH_EVERY_LISTED),
             "SELECT count(*)" SEARCH_SHORT_PG(SEARCH_EVERY));
static const struct sql SQL_EVERY_SEARCH_ALL = SQL_EACH(
    SEARCH_ROW SEARCH_EVERY_LISTED SEARCH_FILTERS("?1", "?2", "?3") SEARCH_ORDER("?4", "?5"),
    SEARCH_ROW SEARCH_EVERY SEARCH_FILTERS("$1", "$2", "$3") SEARCH_ORDER("$4", "$5"));
static const struct sql SQL_EVERY_COUNT_ALL =
    SQL_EACH("SELECT count(*)" SEARCH_EVERY_LISTED SEARCH_FILTERS("?1", "?2", "?3"),
             "SELECT count(*)" SEARCH_EVERY SEARCH_FILTERS("$1", "$2", "$3"));

/* Trigrams need three characters (code points). */
#define SEARCH_TRIGRAM_MIN 3

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
	f->v->change_seq = sql_col_int64(r, 13);
	f->organisation_id = sql_col_int64(r, 14);
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

static size_t code_points(struct str s)
{
	size_t n = 0;
	for (size_t i = 0; i < s.n; i++)
		n += ((unsigned char)s.p[i] & 0xc0) != 0x80;
	return n;
}

static void read_declarant(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct declarant *)item = (struct declarant){
	    .public_id = sql_col_str(a, r, 0),
	    .name = sql_col_str(a, r, 1),
	    .level = sql_col_int(r, 2),
	    .prefecture = sql_col_int(r, 3),
	    .status = (enum verification_status)sql_col_name_index(r, 4, status_names, 3),
	};
}

enum mm_err store_verification_search(struct store *s, struct arena *a,
                                      const struct declarant_query *q, struct declarant_page *out)
{
	bool every = q->include_ended;
	const struct sql *rows = every ? &SQL_EVERY_SEARCH_ALL : &SQL_SEARCH_ALL,
	                 *count = every ? &SQL_EVERY_COUNT_ALL : &SQL_COUNT_ALL;
	size_t skip = 3; /* the listing of all has no text parameters */
	*out = (struct declarant_page){0};
	if (q->page < 1 || q->page > DECLARANTS_MAX_PAGE)
		return MM_ERR_INVALID;
	if (q->text.n && code_points(q->text) >= SEARCH_TRIGRAM_MIN) {
		rows = every ? &SQL_EVERY_SEARCH_TRIGRAM : &SQL_SEARCH_TRIGRAM;
		count = every ? &SQL_EVERY_COUNT_TRIGRAM : &SQL_COUNT_TRIGRAM;
		skip = 0;
	} else if (q->text.n) {
		rows = every ? &SQL_EVERY_SEARCH_SHORT : &SQL_SEARCH_SHORT;
		count = every ? &SQL_EVERY_COUNT_SHORT : &SQL_COUNT_SHORT;
		skip = 0;
	}
	const struct store_arg args[] = {
	    ARG_TEXT(q->text),
	    str_eq(q->katakana, q->text) ? ARG_NULL : ARG_TEXT(q->katakana),
	    str_eq(q->hiragana, q->text) ? ARG_NULL : ARG_TEXT(q->hiragana),
	    ARG_INT(q->prefecture),
	    ARG_TEXT(q->industry),
	    ARG_INT(q->level),
	    ARG_INT(DECLARANTS_PER_PAGE),
	    ARG_INT((q->page - 1) * DECLARANTS_PER_PAGE),
	};
	size_t n = sizeof args / sizeof args[0] - skip;
	enum mm_err e = sql_int64_of(s, count, args + skip, n - 2, "declarant count", &out->total);
	if (e)
		return e == MM_ERR_NOT_FOUND ? MM_ERR_DB : e;
	return sql_rows(s, a, rows, args + skip, n, sizeof *out->items, DECLARANTS_PER_PAGE,
	                read_declarant, (void **)&out->items, &out->n, "declarant search");
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
	enum mm_err e = sql_row(s, NULL, &SQL_CHANGE_BOUNDS, NO_ARGS, read_bounds, &b,
	                        "verification change bounds");
	if (e)
		return e == MM_ERR_NOT_FOUND ? MM_ERR_DB : e;
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
