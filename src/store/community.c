/*
 * community.c — the communities area of the store (store/community.h).
 * Lists read community_name (a page by name) and community_member_list;
 * one user's relation to a community is two primary-key lookups.
 */
#include "store/community.h"

#include "store/sql.h"

#define COMMUNITY_COLUMNS                                                                          \
	"c.id, c.name, c.prefectures, c.industry, c.description, c.join_policy, c.created_at,"     \
	" c.updated_at, (SELECT count(*) FROM community_member m WHERE m.community_id = c.id"      \
	" AND m.status = 'active')"

static const struct sql SQL_INSERT =
    SQL("INSERT INTO community (name, prefectures, industry, description, join_policy,"
        " created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"
        " RETURNING id");
static const struct sql SQL_UPDATE =
    SQL("UPDATE community SET name = $2, prefectures = $3, industry = $4, description = $5,"
        " join_policy = $6, updated_at = $7 WHERE id = $1");
static const struct sql SQL_GET =
    SQL("SELECT " COMMUNITY_COLUMNS " FROM community c WHERE c.id = $1");
static const struct sql SQL_LIST =
    SQL("SELECT " COMMUNITY_COLUMNS " FROM community c ORDER BY c.name, c.id LIMIT $1 OFFSET $2");
static const struct sql SQL_OF_USER =
    SQL("SELECT " COMMUNITY_COLUMNS " FROM community c WHERE c.id IN"
        " (SELECT community_id FROM community_organiser WHERE user_id = $1"
        " UNION SELECT community_id FROM community_member WHERE user_id = $1"
        " AND status = 'active') ORDER BY c.name, c.id LIMIT $2");
static const struct sql SQL_IS_ORGANISER =
    SQL("SELECT 1 FROM community_organiser WHERE community_id = $1 AND user_id = $2");
static const struct sql SQL_MEMBER_STATUS =
    SQL("SELECT status FROM community_member WHERE community_id = $1 AND user_id = $2");
static const struct sql SQL_ORGANISES_ANY =
    SQL("SELECT 1 FROM community_organiser WHERE user_id = $1 LIMIT 1");
static const struct sql SQL_ORGANISER_ADD =
    SQL("INSERT INTO community_organiser (community_id, user_id, added_by, added_at)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
static const struct sql SQL_ORGANISERS =
    SQL("SELECT u.id, u.email, '', FALSE, FALSE, 0, '', o.added_at FROM community_organiser o"
        " JOIN \"user\" u ON u.id = o.user_id WHERE o.community_id = $1"
        " ORDER BY o.added_at, u.id LIMIT $2");
static const struct sql SQL_JOIN =
    SQL("INSERT INTO community_member (community_id, user_id, organisation_id, status,"
        " show_name, display_name, requested_at, joined_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
        " $8) ON CONFLICT DO NOTHING");
static const struct sql SQL_APPROVE =
    SQL("UPDATE community_member SET status = 'active', joined_at = $3"
        " WHERE community_id = $1 AND user_id = $2 AND status = 'pending'");
static const struct sql SQL_LEAVE =
    SQL("DELETE FROM community_member WHERE community_id = $1 AND user_id = $2");
/* A community's members as read_person reads them. */
#define MEMBER_SELECT                                                                              \
	"SELECT u.id, u.email, m.display_name, m.show_name, m.status = 'pending',"                 \
	" coalesce(m.organisation_id, 0), coalesce(o.name, ''), m.requested_at"                    \
	" FROM community_member m JOIN \"user\" u ON u.id = m.user_id"                             \
	" LEFT JOIN organisation o ON o.id = m.organisation_id WHERE m.community_id = $1"
static const struct sql SQL_MEMBERS =
    SQL(MEMBER_SELECT " ORDER BY m.status, m.requested_at, u.id LIMIT $2");
static const struct sql SQL_MEMBER = SQL(MEMBER_SELECT " AND m.user_id = $2");

static const struct sql SQL_ID_BY_NAME =
    SQL("SELECT id FROM community WHERE name = $1 ORDER BY id LIMIT 1");

static void read_community(struct arena *a, const struct sql_row *r, void *item)
{
	static const char *const joins[] = {"open", "request"};
	*(struct community *)item = (struct community){
	    .id = sql_col_int64(r, 0),
	    .name = sql_col_str(a, r, 1),
	    .prefectures = (uint64_t)sql_col_int64(r, 2),
	    .industry = sql_col_str(a, r, 3),
	    .description = sql_col_str(a, r, 4),
	    .join = (enum community_join)sql_col_name_index(r, 5, joins, 2),
	    .created_at = sql_col_int64(r, 6),
	    .updated_at = sql_col_int64(r, 7),
	    .members = sql_col_int64(r, 8),
	};
}

static void read_person(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct community_person *)item = (struct community_person){
	    .user_id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .display_name = sql_col_str(a, r, 2),
	    .show_name = sql_col_bool(r, 3),
	    .pending = sql_col_bool(r, 4),
	    .organisation_id = sql_col_int64(r, 5),
	    .organisation_name = sql_col_str(a, r, 6),
	    .since = sql_col_int64(r, 7),
	};
}

/* The people of a community ($1) that q lists, at most max ($2). */
static enum mm_err people(struct store *s, struct arena *a, const struct sql *q,
                          int64_t community_id, int64_t max, struct community_person **out,
                          size_t *n, const char *what)
{
	return sql_rows(s, a, q, ARGS(ARG_INT(community_id), ARG_INT(max)), sizeof **out,
	                SQL_ROWS_ANY, read_person, (void **)out, n, what);
}

static const char *join_name(enum community_join j)
{
	return j == COMMUNITY_JOIN_REQUEST ? "request" : "open";
}

enum mm_err store_community_insert(struct store *s, const struct community *c, int64_t created_by,
                                   int64_t now, int64_t *id)
{
	return sql_insert(s, &SQL_INSERT,
	                  ARGS(ARG_TEXT(c->name), ARG_INT((int64_t)c->prefectures),
	                       ARG_TEXT(c->industry), ARG_TEXT(c->description),
	                       ARG_CSTR(join_name(c->join)),
	                       created_by ? ARG_INT(created_by) : ARG_NULL, ARG_INT(now)),
	                  "community insert", id);
}

enum mm_err store_community_update(struct store *s, const struct community *c, int64_t now)
{
	return sql_exec_one(s, &SQL_UPDATE,
	                    ARGS(ARG_INT(c->id), ARG_TEXT(c->name),
	                         ARG_INT((int64_t)c->prefectures), ARG_TEXT(c->industry),
	                         ARG_TEXT(c->description), ARG_CSTR(join_name(c->join)),
	                         ARG_INT(now)),
	                    "community update");
}

enum mm_err store_community_get(struct store *s, struct arena *a, int64_t id, struct community *out)
{
	return sql_row(s, a, &SQL_GET, ARGS(ARG_INT(id)), read_community, out, "community");
}

enum mm_err store_community_list(struct store *s, struct arena *a, int64_t offset,
                                 struct community **out, size_t *n)
{
	return sql_rows(s, a, &SQL_LIST, ARGS(ARG_INT(COMMUNITY_PAGE + 1), ARG_INT(offset)),
	                sizeof **out, SQL_ROWS_ANY, read_community, (void **)out, n,
	                "community list");
}

enum mm_err store_community_of_user(struct store *s, struct arena *a, int64_t user_id,
                                    struct community **out, size_t *n)
{
	return sql_rows(s, a, &SQL_OF_USER, ARGS(ARG_INT(user_id), ARG_INT(100)), sizeof **out,
	                SQL_ROWS_ANY, read_community, (void **)out, n, "communities of user");
}

enum mm_err store_community_is_organiser(struct store *s, int64_t community_id, int64_t user_id,
                                         bool *out)
{
	return sql_exists(s, &SQL_IS_ORGANISER, ARGS(ARG_INT(community_id), ARG_INT(user_id)),
	                  "community organiser", out);
}

struct member_status {
	bool found, active;
};

static bool read_status(const struct sql_row *r, void *ctx)
{
	struct member_status *m = ctx;
	m->found = true;
	m->active = sql_col_cstr(r, 0)[0] == 'a';
	return false;
}

enum mm_err store_community_role(struct store *s, int64_t community_id, int64_t user_id,
                                 struct community_role *out)
{
	*out = (struct community_role){0};
	if (!user_id)
		return MM_OK;
	enum mm_err e = store_community_is_organiser(s, community_id, user_id, &out->organiser);
	if (e)
		return e;
	struct member_status m = {0};
	e = sql_each(s, &SQL_MEMBER_STATUS, ARGS(ARG_INT(community_id), ARG_INT(user_id)),
	             read_status, &m, "community member status");
	out->member = m.found && m.active;
	out->pending = m.found && !m.active;
	return e;
}

enum mm_err store_community_organises_any(struct store *s, int64_t user_id, bool *out)
{
	return sql_exists(s, &SQL_ORGANISES_ANY, ARGS(ARG_INT(user_id)), "organises any", out);
}

enum mm_err store_community_organiser_add(struct store *s, int64_t community_id, int64_t user_id,
                                          int64_t added_by, int64_t now)
{
	return sql_insert(s, &SQL_ORGANISER_ADD,
	                  ARGS(ARG_INT(community_id), ARG_INT(user_id),
	                       added_by ? ARG_INT(added_by) : ARG_NULL, ARG_INT(now)),
	                  "community organiser add", NULL);
}

enum mm_err store_community_organisers(struct store *s, struct arena *a, int64_t community_id,
                                       struct community_person **out, size_t *n)
{
	return people(s, a, &SQL_ORGANISERS, community_id, COMMUNITY_ORGANISERS_MAX, out, n,
	              "community organisers");
}

enum mm_err store_community_join(struct store *s, int64_t community_id, int64_t user_id,
                                 int64_t organisation_id, bool active, bool show_name,
                                 struct str display_name, int64_t now)
{
	return sql_insert(s, &SQL_JOIN,
	                  ARGS(ARG_INT(community_id), ARG_INT(user_id),
	                       organisation_id ? ARG_INT(organisation_id) : ARG_NULL,
	                       ARG_CSTR(active ? "active" : "pending"), ARG_BOOL(show_name),
	                       ARG_TEXT(display_name), ARG_INT(now),
	                       active ? ARG_INT(now) : ARG_NULL),
	                  "community join", NULL);
}

enum mm_err store_community_approve(struct store *s, int64_t community_id, int64_t user_id,
                                    int64_t now)
{
	return sql_exec_one(s, &SQL_APPROVE,
	                    ARGS(ARG_INT(community_id), ARG_INT(user_id), ARG_INT(now)),
	                    "community approve");
}

enum mm_err store_community_leave(struct store *s, int64_t community_id, int64_t user_id)
{
	return sql_exec_one(s, &SQL_LEAVE, ARGS(ARG_INT(community_id), ARG_INT(user_id)),
	                    "community leave");
}

enum mm_err store_community_members(struct store *s, struct arena *a, int64_t community_id,
                                    struct community_person **out, size_t *n)
{
	return people(s, a, &SQL_MEMBERS, community_id, COMMUNITY_MEMBERS_MAX, out, n,
	              "community members");
}

enum mm_err store_community_member(struct store *s, struct arena *a, int64_t community_id,
                                   int64_t user_id, struct community_person *out)
{
	return sql_row(s, a, &SQL_MEMBER, ARGS(ARG_INT(community_id), ARG_INT(user_id)),
	               read_person, out, "community member");
}

enum mm_err store_community_id_by_name(struct store *s, struct str name, int64_t *id)
{
	return sql_int64_of(s, &SQL_ID_BY_NAME, ARGS(ARG_TEXT(name)), "community by name", id);
}
