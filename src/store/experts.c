/*
 * experts.c — see experts.h. Written once for SQLite and PostgreSQL over
 * store/sql.h; masks are bound as bigint (CAST) so that PostgreSQL never
 * reads a 47-bit mask as an integer.
 */
#include "store/experts.h"

#include "store/account.h"
#include "store/sql.h"

const char *const expert_status_names[EXPERT_STATUS_COUNT] = {"pending", "approved", "rejected"};

#define EXPERT_COLUMNS                                                                             \
	"id, user_id, name, kind, qualifications, introduction, reject_reason, prefectures,"       \
	" skills, languages, takes_consultations, status, consented_at, created_at, updated_at,"   \
	" coalesce(reviewed_at, 0)"

static const struct sql SQL_EXPERT_BY_USER =
    SQL("SELECT " EXPERT_COLUMNS " FROM expert WHERE user_id = $1");
static const struct sql SQL_EXPERT_BY_ID =
    SQL("SELECT " EXPERT_COLUMNS " FROM expert WHERE id = $1");
static const struct sql SQL_EXPERT_SAVE = SQL(
    "INSERT INTO expert (user_id, name, kind, qualifications, introduction, prefectures, skills,"
    " languages, takes_consultations, status, reject_reason, consented_at, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, CAST($6 AS bigint), CAST($7 AS bigint), CAST($8 AS bigint), $9,"
    " 'pending', '', $10, $10, $10)"
    " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
    " qualifications = excluded.qualifications, introduction = excluded.introduction,"
    " prefectures = excluded.prefectures, skills = excluded.skills,"
    " languages = excluded.languages, takes_consultations = excluded.takes_consultations,"
    " status = 'pending', reject_reason = '', consented_at = excluded.consented_at,"
    " updated_at = excluded.updated_at"
    " RETURNING id");
static const struct sql SQL_EXPERT_SEED = SQL(
    "INSERT INTO expert (user_id, name, kind, qualifications, introduction, prefectures, skills,"
    " languages, takes_consultations, status, reject_reason, consented_at, created_at, updated_at,"
    " reviewed_at)"
    " VALUES ($1, $2, $3, $4, $5, CAST($6 AS bigint), CAST($7 AS bigint), CAST($8 AS bigint), $9,"
    " 'approved', '', $10, $10, $10, $10)"
    " ON CONFLICT (user_id) DO NOTHING RETURNING id");
static const struct sql SQL_EXPERT_REVIEW =
    SQL("UPDATE expert SET status = $2, reject_reason = $3, reviewed_by = $4, reviewed_at = $5"
        " WHERE id = $1");
static const struct sql SQL_EXPERT_DELETE = SQL("DELETE FROM expert WHERE user_id = $1");
/* The filters are "any" when their mask is 0. The scan is of the approved
 * profiles in id order (index expert_status), a directory's size. */
#define SEARCH_WHERE                                                                               \
	" WHERE status = 'approved'"                                                               \
	" AND (CAST($1 AS bigint) = 0 OR (prefectures & CAST($1 AS bigint)) <> 0)"                 \
	" AND (CAST($2 AS bigint) = 0 OR (skills & CAST($2 AS bigint)) <> 0)"
static const struct sql SQL_EXPERT_SEARCH =
    SQL("SELECT " EXPERT_COLUMNS " FROM expert" SEARCH_WHERE " ORDER BY id LIMIT $3 OFFSET $4");
static const struct sql SQL_EXPERT_SEARCH_COUNT = SQL("SELECT count(*) FROM expert" SEARCH_WHERE);
static const struct sql SQL_EXPERT_BY_STATUS =
    SQL("SELECT " EXPERT_COLUMNS " FROM expert WHERE status = $1 ORDER BY id LIMIT $2 OFFSET $3");
static const struct sql SQL_EXPERT_BY_STATUS_COUNT =
    SQL("SELECT count(*) FROM expert WHERE status = $1");

static void read_expert(struct arena *a, const struct sql_row *r, void *item)
{
	struct expert *e = item;
	e->id = sql_col_int64(r, 0);
	e->user_id = sql_col_int64(r, 1);
	e->name = sql_col_str(a, r, 2);
	e->kind = sql_col_str(a, r, 3);
	e->qualifications = sql_col_str(a, r, 4);
	e->introduction = sql_col_str(a, r, 5);
	e->reject_reason = sql_col_str(a, r, 6);
	e->prefectures = sql_col_int64(r, 7);
	e->skills = sql_col_int64(r, 8);
	e->languages = sql_col_int64(r, 9);
	e->takes_consultations = sql_col_bool(r, 10);
	e->status =
	    (enum expert_status)sql_col_name_index(r, 11, expert_status_names, EXPERT_STATUS_COUNT);
	e->consented_at = sql_col_int64(r, 12);
	e->created_at = sql_col_int64(r, 13);
	e->updated_at = sql_col_int64(r, 14);
	e->reviewed_at = sql_col_int64(r, 15);
}

enum mm_err store_expert_by_user(struct store *s, struct arena *a, int64_t user_id,
                                 struct expert *out)
{
	return sql_row(s, a, &SQL_EXPERT_BY_USER, ARGS(ARG_INT(user_id)), read_expert, out,
	               "expert by user");
}

enum mm_err store_expert_by_id(struct store *s, struct arena *a, int64_t id, struct expert *out)
{
	return sql_row(s, a, &SQL_EXPERT_BY_ID, ARGS(ARG_INT(id)), read_expert, out,
	               "expert by id");
}

/* The parameters $1 … $10 of SQL_EXPERT_SAVE and SQL_EXPERT_SEED: user_id's
 * profile x, written at now. */
#define PROFILE_ARGS(user_id, x, now)                                                              \
	ARG_INT(user_id), ARG_TEXT((x)->name), ARG_TEXT((x)->kind), ARG_TEXT((x)->qualifications), \
	    ARG_TEXT((x)->introduction), ARG_INT((x)->prefectures), ARG_INT((x)->skills),          \
	    ARG_INT((x)->languages), ARG_BOOL((x)->takes_consultations), ARG_INT(now)

enum mm_err store_expert_save(struct store *s, const struct expert *e, int64_t now, int64_t *id)
{
	return sql_insert(s, &SQL_EXPERT_SAVE, ARGS(PROFILE_ARGS(e->user_id, e, now)),
	                  "expert save", id);
}

enum mm_err store_expert_seed(struct store *s, struct str email, const struct expert *x,
                              int64_t now, bool *inserted)
{
	int64_t user_id, id;
	enum mm_err e;
	*inserted = false;
	if ((e = store_user_seed(s, email, STR(""), now, &user_id)))
		return e;
	e = sql_insert(s, &SQL_EXPERT_SEED, ARGS(PROFILE_ARGS(user_id, x, now)), "expert seed",
	               &id);
	*inserted = !e;
	return e == MM_ERR_CONFLICT ? MM_OK : e;
}

enum mm_err store_expert_review(struct store *s, int64_t id, enum expert_status status,
                                struct str reason, int64_t reviewer, int64_t now)
{
	if (status != EXPERT_APPROVED && status != EXPERT_REJECTED)
		return MM_ERR_INVALID;
	return sql_exec_one(s, &SQL_EXPERT_REVIEW,
	                    ARGS(ARG_INT(id), ARG_CSTR(expert_status_names[status]),
	                         ARG_TEXT(status == EXPERT_REJECTED ? reason : STR("")),
	                         ARG_INT(reviewer), ARG_INT(now)),
	                    "expert review");
}

enum mm_err store_expert_delete_by_user(struct store *s, int64_t user_id)
{
	return sql_exec_one(s, &SQL_EXPERT_DELETE, ARGS(ARG_INT(user_id)), "expert delete");
}

enum mm_err store_experts_search(struct store *s, struct arena *a, int64_t prefecture_mask,
                                 int64_t skill_mask, struct org_page page, struct expert **out,
                                 size_t *n, int64_t *total)
{
	return sql_rows_counted(s, a, &SQL_EXPERT_SEARCH_COUNT, &SQL_EXPERT_SEARCH,
	                        ARGS(ARG_INT(prefecture_mask), ARG_INT(skill_mask),
	                             ARG_INT(page.limit), ARG_INT(page.offset)),
	                        2, sizeof **out, SQL_ROWS_ANY, read_expert, (void **)out, n, total,
	                        "expert search");
}

enum mm_err store_experts_by_status(struct store *s, struct arena *a, enum expert_status status,
                                    struct org_page page, struct expert **out, size_t *n,
                                    int64_t *total)
{
	const char *name = expert_status_names[status < EXPERT_STATUS_COUNT ? status : 0];
	return sql_rows_counted(s, a, &SQL_EXPERT_BY_STATUS_COUNT, &SQL_EXPERT_BY_STATUS,
	                        ARGS(ARG_CSTR(name), ARG_INT(page.limit), ARG_INT(page.offset)), 2,
	                        sizeof **out, SQL_ROWS_ANY, read_expert, (void **)out, n, total,
	                        "experts by status");
}
