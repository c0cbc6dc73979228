/*
 * nudge.c — the reminders area of the store (store/nudge.h). The
 * candidates are read along assessment_result_taken (migration 0022), a
 * bounded range of days, each checked to be its organisation's latest
 * along assessment_result_organisation.
 */
#include "store/nudge.h"

#include "store/sql.h"

static const struct sql SQL_CANDIDATES = SQL(
    "SELECT r.organisation_id, r.id, r.taken_at, o.name FROM assessment_result r"
    " JOIN organisation o ON o.id = r.organisation_id"
    " WHERE r.organisation_id IS NOT NULL AND r.taken_at >= $1 AND r.taken_at <= $2"
    " AND (r.taken_at > $3 OR (r.taken_at = $3 AND r.id > $4))"
    " AND NOT EXISTS (SELECT 1 FROM assessment_result n WHERE n.organisation_id ="
    " r.organisation_id AND (n.taken_at > r.taken_at OR (n.taken_at = r.taken_at AND n.id > r.id)))"
    " ORDER BY r.taken_at, r.id LIMIT $5");
/* Along declaration_one_star, whose condition the statement repeats. */
static const struct sql SQL_STAR_CANDIDATES =
    SQL("SELECT d.organisation_id, d.id, d.declared_at, d.org_name FROM declaration d"
        " WHERE d.status = 'active' AND d.level = 1 AND d.organisation_id IS NOT NULL"
        " AND d.declared_at >= $1 AND d.declared_at <= $2"
        " AND (d.declared_at > $3 OR (d.declared_at = $3 AND d.id > $4))"
        " ORDER BY d.declared_at, d.id LIMIT $5");
static const struct sql SQL_WAS_SENT = SQL("SELECT 1 FROM nudge_sent WHERE organisation_id = $1"
                                           " AND subject_id = $2 AND kind = $3");
static const struct sql SQL_MARK_SENT =
    SQL("INSERT INTO nudge_sent (organisation_id, subject_id, kind, sent_at)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
static const struct sql SQL_RECIPIENTS =
    SQL("SELECT u.id, u.email, u.lang FROM membership m JOIN \"user\" u ON u.id = m.user_id"
        " WHERE m.organisation_id = $1 AND m.role = 'owner' AND u.disabled_at IS NULL"
        " AND u.confirmed_at IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM nudge_optout x WHERE x.user_id = u.id)"
        " ORDER BY u.id LIMIT $2");
static const struct sql SQL_LINK_INSERT =
    SQL("INSERT INTO unsubscribe_link (token_hash, user_id, created_at, purpose)"
        " VALUES ($1, $2, $3, $4)");
static const struct sql SQL_LINK_USER =
    SQL("SELECT u.id, u.email, l.purpose FROM unsubscribe_link l"
        " JOIN \"user\" u ON u.id = l.user_id"
        " WHERE l.token_hash = $1");
static const struct sql SQL_OPT_OUT = SQL("INSERT INTO nudge_optout (user_id, opted_out_at)"
                                          " VALUES ($1, $2) ON CONFLICT DO NOTHING");
static const struct sql SQL_OPTED_OUT = SQL("SELECT 1 FROM nudge_optout WHERE user_id = $1");

static void read_candidate(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct nudge_candidate *)item = (struct nudge_candidate){
	    .organisation_id = sql_col_int64(r, 0),
	    .result_id = sql_col_int64(r, 1),
	    .taken_at = sql_col_int64(r, 2),
	    .organisation_name = sql_col_str(a, r, 3),
	};
}

static void read_recipient(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct nudge_recipient *)item = (struct nudge_recipient){
	    .user_id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .lang = sql_col_str(a, r, 2),
	};
}

const char *const unsubscribe_purpose_names[UNSUBSCRIBE_PURPOSE_COUNT] = {"nudges", "news_digest"};

static void read_link_user(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct unsubscribe_link *)item = (struct unsubscribe_link){
	    .user_id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .purpose = (enum unsubscribe_purpose)sql_col_name_index(r, 2, unsubscribe_purpose_names,
	                                                            UNSUBSCRIBE_PURPOSE_COUNT),
	};
}

/* One page of the candidates of q: its subject's time in [from, to] ($1,
 * $2), after the last of the previous page ($3, $4), at most
 * NUDGE_CANDIDATES_PAGE ($5). */
static enum mm_err candidates(struct store *s, struct arena *a, const struct sql *q, int64_t from,
                              int64_t to, int64_t after_at, int64_t after_id,
                              struct nudge_candidate **out, size_t *n, const char *what)
{
	return sql_rows(s, a, q,
	                ARGS(ARG_INT(from), ARG_INT(to), ARG_INT(after_at), ARG_INT(after_id),
	                     ARG_INT(NUDGE_CANDIDATES_PAGE)),
	                sizeof **out, NUDGE_CANDIDATES_PAGE, read_candidate, (void **)out, n, what);
}

enum mm_err store_nudge_candidates(struct store *s, struct arena *a, int64_t from, int64_t to,
                                   int64_t after_at, int64_t after_id, struct nudge_candidate **out,
                                   size_t *n)
{
	return candidates(s, a, &SQL_CANDIDATES, from, to, after_at, after_id, out, n,
	                  "nudge candidates");
}

enum mm_err store_nudge_star_candidates(struct store *s, struct arena *a, int64_t from, int64_t to,
                                        int64_t after_at, int64_t after_id,
                                        struct nudge_candidate **out, size_t *n)
{
	return candidates(s, a, &SQL_STAR_CANDIDATES, from, to, after_at, after_id, out, n,
	                  "nudge star candidates");
}

enum mm_err store_nudge_was_sent(struct store *s, int64_t org_id, int64_t result_id,
                                 const char *kind, bool *sent)
{
	return sql_exists(s, &SQL_WAS_SENT,
	                  ARGS(ARG_INT(org_id), ARG_INT(result_id), ARG_CSTR(kind)), "nudge sent",
	                  sent);
}

enum mm_err store_nudge_mark_sent(struct store *s, int64_t org_id, int64_t result_id,
                                  const char *kind, int64_t now)
{
	int64_t changed;
	enum mm_err e =
	    sql_exec_count(s, &SQL_MARK_SENT,
	                   ARGS(ARG_INT(org_id), ARG_INT(result_id), ARG_CSTR(kind), ARG_INT(now)),
	                   "nudge mark sent", &changed);
	return e ? e : changed ? MM_OK : MM_ERR_CONFLICT;
}

enum mm_err store_nudge_recipients(struct store *s, struct arena *a, int64_t org_id,
                                   struct nudge_recipient **out, size_t *n)
{
	return sql_rows(s, a, &SQL_RECIPIENTS, ARGS(ARG_INT(org_id), ARG_INT(NUDGE_RECIPIENTS_MAX)),
	                sizeof **out, NUDGE_RECIPIENTS_MAX, read_recipient, (void **)out, n,
	                "nudge recipients");
}

enum mm_err store_unsubscribe_link_insert(struct store *s, const unsigned char *token_hash,
                                          int64_t user_id, enum unsubscribe_purpose purpose,
                                          int64_t now)
{
	return sql_exec(s, &SQL_LINK_INSERT,
	                ARGS(ARG_BYTES(token_hash, TOKEN_HASH_BYTES), ARG_INT(user_id),
	                     ARG_INT(now), ARG_CSTR(unsubscribe_purpose_names[purpose])),
	                "unsubscribe link");
}

enum mm_err store_unsubscribe_link_user(struct store *s, struct arena *a,
                                        const unsigned char *token_hash,
                                        struct unsubscribe_link *out)
{
	return sql_row(s, a, &SQL_LINK_USER, ARGS(ARG_BYTES(token_hash, TOKEN_HASH_BYTES)),
	               read_link_user, out, "unsubscribe link user");
}

enum mm_err store_nudge_opt_out(struct store *s, int64_t user_id, int64_t now)
{
	return sql_exec(s, &SQL_OPT_OUT, ARGS(ARG_INT(user_id), ARG_INT(now)), "nudge opt out");
}

enum mm_err store_nudge_opted_out(struct store *s, int64_t user_id, bool *out)
{
	return sql_exists(s, &SQL_OPTED_OUT, ARGS(ARG_INT(user_id)), "nudge opted out", out);
}
