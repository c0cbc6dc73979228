/*
 * sqlite_verification.c — the SQLite side of store/verification.h. Only
 * SELECTs: a verification must never write (no counters, no "last seen").
 */
#include <string.h>

#include "store/sqlite_int.h"
#include "store/verification.h"

#define DECLARATION_COLUMNS                                                                        \
	"d.id, d.public_id, d.org_name, d.org_name_kana, d.prefecture, d.industry, "               \
	"d.corporate_number,"                                                                      \
	" d.level, d.status, d.declared_at, d.changed_at, d.policy_url,"                           \
	" CASE d.status WHEN 'active' THEN 0 ELSE coalesce((SELECT max(e.at) FROM "                \
	"declaration_event e"                                                                      \
	" WHERE e.declaration_id = d.id AND e.kind = d.status), d.changed_at) END"

/* With the newest change-log number, read in the same statement (one
 * snapshot): the answer holds every change up to it. */
static const char SQL_BY_PUBLIC_ID[] =
    "SELECT " DECLARATION_COLUMNS ", (SELECT coalesce(max(seq), 0) FROM verification_change)"
    " FROM declaration d WHERE d.public_id = ?1";
static const char SQL_BY_CORPORATE_NUMBER[] =
    "SELECT " DECLARATION_COLUMNS
    " FROM declaration d WHERE d.corporate_number = ?1 AND d.corporate_number <> ''"
    " ORDER BY d.status = 'active' DESC, d.declared_at DESC, d.id DESC LIMIT ?2";
/* Public events only: 'details' may carry private facts, 'flag_cleared'
 * is the administrators' business. */
static const char SQL_HISTORY[] =
    "SELECT at, kind, from_value, to_value, reason FROM declaration_event"
    " WHERE declaration_id = ?1 AND kind IN ('declared', 'level', 'withdrawn', 'revoked')"
    " ORDER BY at, id LIMIT ?2";

/* The filters every search shares: ?4 prefecture, ?5 industry, ?6 level. */
#define SEARCH_FILTERS                                                                             \
	" AND (?4 = 0 OR d.prefecture = ?4) AND (?5 = '' OR d.industry = ?5) AND (?6 = 0 OR "      \
	"d.level = ?6)"
#define SEARCH_ORDER " ORDER BY d.org_name_kana, d.org_name, d.id LIMIT ?7 OFFSET ?8"
#define SEARCH_FTS                                                                                 \
	" FROM declaration d WHERE d.status = 'active' AND d.id IN"                                \
	" (SELECT rowid FROM declaration_fts WHERE declaration_fts MATCH ?1 || ?2 || "             \
	"?3)" SEARCH_FILTERS
#define SEARCH_SHORT                                                                               \
	" FROM declaration d INDEXED BY declaration_public_list WHERE d.status = 'active' AND"     \
	" (instr(d.org_name, ?1) OR instr(d.org_name, ?2) OR instr(d.org_name, ?3) OR"             \
	" instr(d.org_name_kana, ?1) OR instr(d.org_name_kana, ?2) OR instr(d.org_name_kana, "     \
	"?3))" SEARCH_FILTERS
#define SEARCH_ALL                                                                                 \
	" FROM declaration d INDEXED BY declaration_public_list WHERE d.status = 'active'"         \
	" AND ?1 = ?1 AND ?2 = ?2 AND ?3 = ?3" SEARCH_FILTERS
#define SEARCH_ROW "SELECT d.public_id, d.org_name, d.level, d.prefecture"

static const char SQL_SEARCH_FTS[] = SEARCH_ROW SEARCH_FTS SEARCH_ORDER;
static const char SQL_COUNT_FTS[] = "SELECT count(*)" SEARCH_FTS " AND ?7 = ?7 AND ?8 = ?8";
static const char SQL_SEARCH_SHORT[] = SEARCH_ROW SEARCH_SHORT SEARCH_ORDER;
static const char SQL_COUNT_SHORT[] = "SELECT count(*)" SEARCH_SHORT " AND ?7 = ?7 AND ?8 = ?8";
static const char SQL_SEARCH_ALL[] = SEARCH_ROW SEARCH_ALL SEARCH_ORDER;
static const char SQL_COUNT_ALL[] = "SELECT count(*)" SEARCH_ALL " AND ?7 = ?7 AND ?8 = ?8";

/* Trigrams need three characters (code points). */
#define SEARCH_TRIGRAM_MIN 3

static const char *const status_names[] = {
    [VERIFICATION_ACTIVE] = "active",
    [VERIFICATION_WITHDRAWN] = "withdrawn",
    [VERIFICATION_REVOKED] = "revoked",
};

static void read_declaration(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct verification *v = item;
	*v = (struct verification){0};
	v->public_id = sqlite_column_str(a, st, 1);
	v->name = sqlite_column_str(a, st, 2);
	v->name_kana = sqlite_column_str(a, st, 3);
	v->prefecture = sqlite3_column_int(st, 4);
	v->industry = sqlite_column_str(a, st, 5);
	v->corporate_number = sqlite_column_str(a, st, 6);
	v->level = sqlite3_column_int(st, 7);
	v->status = (enum verification_status)sqlite_column_name_index(st, 8, status_names, 3);
	v->declared_at = sqlite3_column_int64(st, 9);
	v->changed_at = sqlite3_column_int64(st, 10);
	v->policy_url = sqlite_column_str(a, st, 11);
	v->ended_at = sqlite3_column_int64(st, 12);
}

static void read_event(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct verification_event *)item = (struct verification_event){
	    .at = sqlite3_column_int64(st, 0),
	    .kind = sqlite_column_str(a, st, 1),
	    .from = sqlite_column_str(a, st, 2),
	    .to = sqlite_column_str(a, st, 3),
	    .reason = sqlite_column_str(a, st, 4),
	};
}

static enum mm_err read_history(struct store *base, struct arena *a, int64_t id,
                                struct verification *v)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_HISTORY);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, VERIFICATION_HISTORY_MAX);
	return sqlite_rows(base, a, st, sizeof *v->history, VERIFICATION_HISTORY_MAX, read_event,
	                   (void **)&v->history, &v->history_n, "verification history");
}

static enum mm_err by_public_id(struct store *base, struct arena *a, struct str public_id,
                                bool with_history, struct verification *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_BY_PUBLIC_ID);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, public_id);
	enum mm_err e = sqlite_one_row(base, st, "verification by id");
	if (e)
		return e;
	int64_t id = sqlite3_column_int64(st, 0);
	read_declaration(a, st, out);
	out->change_seq = sqlite3_column_int64(st, 13);
	sqlite_done(st);
	return with_history ? read_history(base, a, id, out) : MM_OK;
}

static enum mm_err by_corporate_number(struct store *base, struct arena *a,
                                       struct str corporate_number, struct verification **out,
                                       size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_BY_CORPORATE_NUMBER);
	*n = 0;
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, corporate_number);
	sqlite3_bind_int(st, 2, VERIFICATION_BY_NUMBER_MAX);
	return sqlite_rows(base, a, st, sizeof **out, VERIFICATION_BY_NUMBER_MAX, read_declaration,
	                   (void **)out, n, "verification by corporate number");
}

/* The FTS5 query for one text: a phrase, its quotes doubled. The three
 * forms (as typed, katakana, hiragana) are joined with OR in SQL. */
static struct str fts_phrase(struct arena *a, struct str text, bool first)
{
	struct buf b;
	buf_init(&b, a, text.n * 2 + 8);
	if ((!first && buf_append_cstr(&b, " OR ")) || buf_append_char(&b, '"'))
		return STR_NULL;
	for (size_t i = 0; i < text.n; i++)
		if ((text.p[i] == '"' && buf_append_char(&b, '"')) ||
		    buf_append_char(&b, text.p[i]))
			return STR_NULL;
	if (buf_append_char(&b, '"'))
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

static void bind_search(sqlite3_stmt *st, const struct declarant_query *q,
                        const struct str terms[3])
{
	for (int i = 0; i < 3; i++)
		sqlite_bind_str(st, i + 1, terms[i]);
	sqlite3_bind_int(st, 4, q->prefecture);
	sqlite_bind_str(st, 5, q->industry);
	sqlite3_bind_int(st, 6, q->level);
	sqlite3_bind_int(st, 7, DECLARANTS_PER_PAGE);
	sqlite3_bind_int64(st, 8, (q->page - 1) * DECLARANTS_PER_PAGE);
}

static enum mm_err search(struct store *base, struct arena *a, const struct declarant_query *q,
                          struct declarant_page *out)
{
	const char *rows_sql = SQL_SEARCH_ALL, *count_sql = SQL_COUNT_ALL;
	struct str terms[3] = {q->text, q->katakana, q->hiragana};
	*out = (struct declarant_page){0};
	if (q->page < 1 || q->page > DECLARANTS_MAX_PAGE)
		return MM_ERR_INVALID;
	if (q->text.n && code_points(q->text) >= SEARCH_TRIGRAM_MIN) {
		rows_sql = SQL_SEARCH_FTS, count_sql = SQL_COUNT_FTS;
		terms[0] = fts_phrase(a, q->text, true);
		terms[1] =
		    str_eq(q->katakana, q->text) ? STR("") : fts_phrase(a, q->katakana, false);
		terms[2] =
		    str_eq(q->hiragana, q->text) ? STR("") : fts_phrase(a, q->hiragana, false);
		if (!terms[0].p || !terms[1].p || !terms[2].p)
			return MM_ERR_NOMEM;
	} else if (q->text.n) {
		rows_sql = SQL_SEARCH_SHORT, count_sql = SQL_COUNT_SHORT;
	}
	sqlite3_stmt *count = sqlite_stmt(base, count_sql), *rows = sqlite_stmt(base, rows_sql);
	if (!count || !rows)
		return MM_ERR_DB;
	bind_search(count, q, terms);
	int rc = sqlite3_step(count);
	out->total = rc == SQLITE_ROW ? sqlite3_column_int64(count, 0) : 0;
	sqlite_done(count);
	if (rc != SQLITE_ROW)
		return sqlite_error(base, "declarant count");
	out->items = arena_alloc(a, sizeof *out->items * DECLARANTS_PER_PAGE);
	if (!out->items)
		return MM_ERR_NOMEM;
	bind_search(rows, q, terms);
	while (out->n < DECLARANTS_PER_PAGE && (rc = sqlite3_step(rows)) == SQLITE_ROW) {
		struct declarant *d = &out->items[out->n++];
		d->public_id = sqlite_column_str(a, rows, 0);
		d->name = sqlite_column_str(a, rows, 1);
		d->level = sqlite3_column_int(rows, 2);
		d->prefecture = sqlite3_column_int(rows, 3);
	}
	enum mm_err e =
	    rc == SQLITE_ROW || rc == SQLITE_DONE ? MM_OK : sqlite_error(base, "declarant search");
	sqlite_done(rows);
	return e;
}

static const char SQL_CHANGE_BOUNDS[] =
    "SELECT coalesce((SELECT min(seq) FROM verification_change), 0),"
    " coalesce((SELECT max(seq) FROM verification_change), 0)";
static const char SQL_CHANGES[] =
    "SELECT seq, public_id FROM verification_change WHERE seq > ?1 ORDER BY seq LIMIT ?2";

static enum mm_err changes(struct store *base, struct arena *a, int64_t after,
                           struct verification_changes *out)
{
	sqlite3_stmt *bounds = sqlite_stmt(base, SQL_CHANGE_BOUNDS),
	             *rows = sqlite_stmt(base, SQL_CHANGES);
	*out = (struct verification_changes){.last = after};
	if (!bounds || !rows)
		return MM_ERR_DB;
	if (sqlite3_step(bounds) != SQLITE_ROW) {
		sqlite_done(bounds);
		return sqlite_error(base, "verification change bounds");
	}
	out->oldest = sqlite3_column_int64(bounds, 0);
	out->newest = sqlite3_column_int64(bounds, 1);
	sqlite_done(bounds);
	if (out->newest <= after)
		return MM_OK;
	out->public_ids = arena_alloc(a, sizeof *out->public_ids * VERIFICATION_CHANGES_MAX);
	if (!out->public_ids)
		return MM_ERR_NOMEM;
	sqlite3_bind_int64(rows, 1, after);
	sqlite3_bind_int(rows, 2, VERIFICATION_CHANGES_MAX);
	int rc;
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		out->last = sqlite3_column_int64(rows, 0);
		out->public_ids[out->n++] = sqlite_column_str(a, rows, 1);
	}
	enum mm_err e = rc == SQLITE_DONE ? MM_OK : sqlite_error(base, "verification changes");
	sqlite_done(rows);
	return e;
}

const struct store_verification_ops sqlite_verification_ops = {
    .by_public_id = by_public_id,
    .by_corporate_number = by_corporate_number,
    .search = search,
    .changes = changes,
};
