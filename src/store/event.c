/*
 * event.c — the events area of the store (store/event.h). Lists read
 * event_starts (a bounded range of start times) or event_community; the
 * registrations of one event event_registration_event; one user's
 * event_registration_user. Filters that are off compare a parameter with
 * its "any" value, so one statement serves every combination.
 */
#include "store/event.h"

#include "store/sql.h"

#define EVENT_COLUMNS                                                                              \
	"e.id, e.community_id, c.name, e.kind, e.title, e.description, e.co_organisers,"           \
	" e.starts_at, e.duration_minutes, e.place, e.prefecture, e.online_url, e.capacity,"       \
	" e.registration_opens_at, e.registration_closes_at, e.audience, e.track, e.language,"     \
	" coalesce(e.programme_id, 0), e.sequence, e.created_at, e.updated_at,"                    \
	" (SELECT count(*) FROM event_registration r WHERE r.event_id = e.id"                      \
	" AND r.status = 'confirmed'),"                                                            \
	" (SELECT count(*) FROM event_registration r WHERE r.event_id = e.id"                      \
	" AND r.status = 'waiting')"
#define EVENT_FROM " FROM event e JOIN community c ON c.id = e.community_id"
#define EVENT_FILTER                                                                               \
	" WHERE e.starts_at >= $1 AND e.starts_at < $2 AND (CAST($3 AS bigint) = 0"                \
	" OR (e.prefecture > 0 AND ((CAST(1 AS bigint) << CAST(e.prefecture - 1 AS integer))"      \
	" & CAST($3 AS bigint)) <> 0))"                                                            \
	" AND ($4 = '' OR e.kind = $4) AND ($5 = '' OR e.audience = $5)"                           \
	" AND ($6 = 0 OR ($6 = 1 AND e.online_url <> '') OR ($6 = 2 AND e.place <> ''))"           \
	" AND ($7 = 0 OR e.community_id = $7)"

static const struct sql SQL_INSERT = SQL(
    "INSERT INTO event (community_id, kind, title, description, co_organisers, starts_at,"
    " duration_minutes, place, prefecture, online_url, capacity, registration_opens_at,"
    " registration_closes_at, audience, track, language, programme_id, created_by, created_at,"
    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
    " $17, $18, $19, $19) RETURNING id");
static const struct sql SQL_UPDATE = SQL(
    "UPDATE event SET kind = $2, title = $3, description = $4, co_organisers = $5,"
    " starts_at = $6, duration_minutes = $7, place = $8, prefecture = $9, online_url = $10,"
    " capacity = $11, registration_opens_at = $12, registration_closes_at = $13, audience = $14,"
    " track = $15, language = $16, programme_id = $17, updated_at = $18,"
    " sequence = sequence + 1 WHERE id = $1");
static const struct sql SQL_GET = SQL("SELECT " EVENT_COLUMNS EVENT_FROM " WHERE e.id = $1");
static const struct sql SQL_SEARCH = SQL("SELECT " EVENT_COLUMNS EVENT_FROM EVENT_FILTER
                                         " ORDER BY e.starts_at, e.id LIMIT $8 OFFSET $9");
static const struct sql SQL_COUNT = SQL("SELECT count(*)" EVENT_FROM EVENT_FILTER);
static const struct sql SQL_UPCOMING =
    SQL("SELECT " EVENT_COLUMNS EVENT_FROM " WHERE e.starts_at >= $2"
        " AND ($1 = 0 OR e.community_id = $1) ORDER BY e.starts_at, e.id LIMIT $3");
static const struct sql SQL_PAST =
    SQL("SELECT " EVENT_COLUMNS EVENT_FROM " WHERE e.community_id = $1 AND e.starts_at < $2"
        " ORDER BY e.starts_at DESC, e.id DESC LIMIT $3");

static const struct sql SQL_HOLD = SQL_EACH("SELECT capacity FROM event WHERE id = ?1",
                                            "SELECT capacity FROM event WHERE id = $1 FOR UPDATE");
static const struct sql SQL_COUNTS =
    SQL("SELECT coalesce(sum(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END), 0)"
        " FROM event_registration WHERE event_id = $1 AND status <> 'cancelled'");
static const struct sql SQL_REG_INSERT =
    SQL("INSERT INTO event_registration (event_id, user_id, organisation_id, status,"
        " registered_at, promoted_at) VALUES ($1, $2, $3, $4, $5, NULL)"
        " ON CONFLICT DO NOTHING RETURNING id");
#define REG_COLUMNS                                                                                \
	"r.id, r.event_id, r.user_id, coalesce(r.organisation_id, 0), r.status, r.registered_at,"  \
	" coalesce(r.promoted_at, 0), coalesce(r.cancelled_at, 0),"                                \
	" CASE WHEN r.attended IS NULL THEN -1 WHEN r.attended THEN 1 ELSE 0 END, u.email,"        \
	" u.lang, coalesce(o.name, ''), e.title, e.starts_at, u.name"
#define REG_FROM                                                                                   \
	" FROM event_registration r JOIN \"user\" u ON u.id = r.user_id"                           \
	" JOIN event e ON e.id = r.event_id LEFT JOIN organisation o ON o.id = r.organisation_id"
static const struct sql SQL_REG_OF_USER =
    SQL("SELECT " REG_COLUMNS REG_FROM " WHERE r.event_id = $1 AND r.user_id = $2"
        " AND r.status <> 'cancelled'");
static const struct sql SQL_REG_CANCEL =
    SQL("UPDATE event_registration SET status = 'cancelled', cancelled_at = $2"
        " WHERE id = $1 AND status <> 'cancelled'");
static const struct sql SQL_REG_FIRST_WAITING =
    SQL("SELECT " REG_COLUMNS REG_FROM " WHERE r.event_id = $1 AND r.status = 'waiting'"
        " ORDER BY r.id LIMIT $2");
static const struct sql SQL_REG_PROMOTE =
    SQL("UPDATE event_registration SET status = 'confirmed', promoted_at = $2"
        " WHERE id = $1 AND status = 'waiting'");
/* An event's registrations that are not cancelled, places first
 * ('confirmed' sorts before 'waiting'), each in the order they came. */
#define REG_OF_EVENT " WHERE r.event_id = $1 AND r.status <> 'cancelled'"
#define REG_OF_EVENT_ORDER " ORDER BY r.status, r.id"
static const struct sql SQL_REG_LIST =
    SQL("SELECT " REG_COLUMNS REG_FROM REG_OF_EVENT REG_OF_EVENT_ORDER " LIMIT $2");
static const struct sql SQL_REG_PAGE =
    SQL("SELECT " REG_COLUMNS REG_FROM REG_OF_EVENT REG_OF_EVENT_ORDER " LIMIT $2 OFFSET $3");
static const struct sql SQL_REG_PLACES_BETWEEN =
    SQL("SELECT " REG_COLUMNS REG_FROM " WHERE r.event_id = $1 AND r.status = 'confirmed'"
        " AND r.id BETWEEN $2 AND $3 ORDER BY r.id LIMIT $4");
static const struct sql SQL_REG_COUNT =
    SQL("SELECT count(*) FROM event_registration r" REG_OF_EVENT);
static const struct sql SQL_REG_ATTENDED =
    SQL("UPDATE event_registration SET attended = $3 WHERE event_id = $1 AND user_id = $2"
        " AND status = 'confirmed'");
static const struct sql SQL_REG_UPCOMING =
    SQL("SELECT " REG_COLUMNS REG_FROM " WHERE r.user_id = $1 AND r.status <> 'cancelled'"
        " AND e.starts_at >= $2 ORDER BY e.starts_at, e.id LIMIT $3");
/* The events of the range first (CROSS JOIN keeps SQLite from walking
 * every registration), then their places not reminded yet. */
static const struct sql SQL_REG_REMINDERS =
    SQL("SELECT " REG_COLUMNS " FROM event e CROSS JOIN event_registration r"
        " JOIN \"user\" u ON u.id = r.user_id LEFT JOIN organisation o ON o.id = r.organisation_id"
        " WHERE r.event_id = e.id AND e.starts_at >= $1 AND e.starts_at < $2"
        " AND r.status = 'confirmed' AND r.reminded_at IS NULL ORDER BY r.id LIMIT $3");
static const struct sql SQL_REG_REMINDED =
    SQL("UPDATE event_registration SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL");

static const struct sql SQL_MAT_INSERT =
    SQL("INSERT INTO event_material (event_id, name, filename, content_type, size, data,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)");
static const struct sql SQL_MAT_LIST =
    SQL("SELECT id, event_id, size, created_at, name, filename, content_type FROM event_material"
        " WHERE event_id = $1 ORDER BY id LIMIT $2");
static const struct sql SQL_MAT_GET =
    SQL("SELECT id, event_id, size, created_at, name, filename, content_type, data"
        " FROM event_material WHERE event_id = $1 AND name = $2");
static const struct sql SQL_MAT_DELETE =
    SQL("DELETE FROM event_material WHERE event_id = $1 AND name = $2");

#define PROGRAMME_COLUMNS                                                                          \
	"p.id, p.community_id, p.required, p.created_at, p.title, c.name,"                         \
	" (SELECT count(*) FROM event e WHERE e.programme_id = p.id)"
static const struct sql SQL_PROG_INSERT =
    SQL("INSERT INTO training_programme (community_id, title, required, created_at)"
        " VALUES ($1, $2, $3, $4) RETURNING id");
static const struct sql SQL_PROG_GET =
    SQL("SELECT " PROGRAMME_COLUMNS " FROM training_programme p JOIN community c"
        " ON c.id = p.community_id WHERE p.id = $1");
static const struct sql SQL_PROG_LIST =
    SQL("SELECT " PROGRAMME_COLUMNS " FROM training_programme p JOIN community c"
        " ON c.id = p.community_id WHERE p.community_id = $1 ORDER BY p.id LIMIT 100");
static const struct sql SQL_PROG_ATTENDED =
    SQL("SELECT count(*) FROM event e JOIN event_registration r ON r.event_id = e.id"
        " WHERE e.programme_id = $1 AND r.user_id = $2 AND r.status = 'confirmed'"
        " AND r.attended = TRUE");

static const struct sql SQL_REC_ADD =
    SQL("INSERT INTO training_record (user_id, event_id, programme_id, code, completed_at)"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING");
static const struct sql SQL_REC_REMOVE =
    SQL("DELETE FROM training_record WHERE user_id = $1"
        " AND (($2 <> 0 AND event_id = $2) OR ($3 <> 0 AND programme_id = $3))");
#define RECORD_COLUMNS                                                                             \
	"t.id, t.user_id, coalesce(t.event_id, 0), coalesce(t.programme_id, 0), t.completed_at,"   \
	" t.code, coalesce(e.title, p.title), c.name, u.email, u.name, c.id,"                      \
	" coalesce(e.starts_at, (SELECT max(x.starts_at) FROM event x"                             \
	" JOIN event_registration g ON g.event_id = x.id WHERE x.programme_id = p.id"              \
	" AND g.user_id = t.user_id AND g.attended = TRUE), t.completed_at)"
#define RECORD_FROM                                                                                \
	" FROM training_record t JOIN \"user\" u ON u.id = t.user_id"                              \
	" LEFT JOIN event e ON e.id = t.event_id"                                                  \
	" LEFT JOIN training_programme p ON p.id = t.programme_id"                                 \
	" JOIN community c ON c.id = coalesce(e.community_id, p.community_id)"
static const struct sql SQL_REC_OF_USER =
    SQL("SELECT " RECORD_COLUMNS RECORD_FROM " WHERE t.user_id = $1 ORDER BY t.completed_at"
        " DESC, t.id DESC LIMIT 200");
static const struct sql SQL_REC_BY_CODE =
    SQL("SELECT " RECORD_COLUMNS RECORD_FROM " WHERE t.code = $1");
static const struct sql SQL_REC_FIND =
    SQL("SELECT " RECORD_COLUMNS RECORD_FROM " WHERE t.user_id = $1"
        " AND (($2 <> 0 AND t.event_id = $2) OR ($3 <> 0 AND t.programme_id = $3))"
        " ORDER BY t.id LIMIT 1");
static const struct sql SQL_PUBLIC_SET =
    SQL("INSERT INTO training_public (user_id, chosen_at) VALUES ($1, $2)"
        " ON CONFLICT DO NOTHING");
static const struct sql SQL_PUBLIC_UNSET = SQL("DELETE FROM training_public WHERE user_id = $1");
static const struct sql SQL_PUBLIC_GET = SQL("SELECT 1 FROM training_public WHERE user_id = $1");

static void read_event(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct event *)item = (struct event){
	    .id = sql_col_int64(r, 0),
	    .community_id = sql_col_int64(r, 1),
	    .community_name = sql_col_str(a, r, 2),
	    .kind = (enum event_kind)sql_col_name_index(r, 3, event_kinds, EVENT_KIND_COUNT),
	    .title = sql_col_str(a, r, 4),
	    .description = sql_col_str(a, r, 5),
	    .co_organisers = sql_col_str(a, r, 6),
	    .starts_at = sql_col_int64(r, 7),
	    .duration_minutes = sql_col_int64(r, 8),
	    .place = sql_col_str(a, r, 9),
	    .prefecture = sql_col_int(r, 10),
	    .online_url = sql_col_str(a, r, 11),
	    .capacity = sql_col_int64(r, 12),
	    .registration_opens_at = sql_col_int64(r, 13),
	    .registration_closes_at = sql_col_int64(r, 14),
	    .audience = (enum event_audience)sql_col_name_index(r, 15, event_audiences,
	                                                        EVENT_AUDIENCE_COUNT),
	    .track = sql_col_str(a, r, 16),
	    .language = sql_col_str(a, r, 17),
	    .programme_id = sql_col_int64(r, 18),
	    .sequence = sql_col_int64(r, 19),
	    .created_at = sql_col_int64(r, 20),
	    .updated_at = sql_col_int64(r, 21),
	    .confirmed = sql_col_int64(r, 22),
	    .waiting = sql_col_int64(r, 23),
	};
}

static const char *const reg_statuses[] = {"confirmed", "waiting", "cancelled"};

static void read_registration(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct event_registration *)item = (struct event_registration){
	    .id = sql_col_int64(r, 0),
	    .event_id = sql_col_int64(r, 1),
	    .user_id = sql_col_int64(r, 2),
	    .organisation_id = sql_col_int64(r, 3),
	    .status = (enum registration_status)sql_col_name_index(r, 4, reg_statuses, 3),
	    .registered_at = sql_col_int64(r, 5),
	    .promoted_at = sql_col_int64(r, 6),
	    .cancelled_at = sql_col_int64(r, 7),
	    .attended = sql_col_int(r, 8),
	    .email = sql_col_str(a, r, 9),
	    .lang = sql_col_str(a, r, 10),
	    .organisation_name = sql_col_str(a, r, 11),
	    .event_title = sql_col_str(a, r, 12),
	    .event_starts_at = sql_col_int64(r, 13),
	    .name = sql_col_str(a, r, 14),
	};
}

static void read_material(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct event_material *)item = (struct event_material){
	    .id = sql_col_int64(r, 0),
	    .event_id = sql_col_int64(r, 1),
	    .size = sql_col_int64(r, 2),
	    .created_at = sql_col_int64(r, 3),
	    .name = sql_col_str(a, r, 4),
	    .filename = sql_col_str(a, r, 5),
	    .content_type = sql_col_str(a, r, 6),
	};
}

static void read_material_data(struct arena *a, const struct sql_row *r, void *item)
{
	read_material(a, r, item);
	struct event_material *m = item;
	struct str data = {NULL, 0};
	if (m->size > 0 && m->size <= EVENT_MATERIAL_MAX_BYTES)
		data = sql_col_blob(a, r, 7, (size_t)m->size);
	m->data = data.p ? data : STR("");
}

static void read_programme(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct programme *)item = (struct programme){
	    .id = sql_col_int64(r, 0),
	    .community_id = sql_col_int64(r, 1),
	    .required = sql_col_int64(r, 2),
	    .created_at = sql_col_int64(r, 3),
	    .title = sql_col_str(a, r, 4),
	    .community_name = sql_col_str(a, r, 5),
	    .sessions = sql_col_int64(r, 6),
	};
}

static void read_record(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct training_record *)item = (struct training_record){
	    .id = sql_col_int64(r, 0),
	    .user_id = sql_col_int64(r, 1),
	    .event_id = sql_col_int64(r, 2),
	    .programme_id = sql_col_int64(r, 3),
	    .completed_at = sql_col_int64(r, 4),
	    .code = sql_col_str(a, r, 5),
	    .title = sql_col_str(a, r, 6),
	    .community_name = sql_col_str(a, r, 7),
	    .email = sql_col_str(a, r, 8),
	    .user_name = sql_col_str(a, r, 9),
	    .community_id = sql_col_int64(r, 10),
	    .held_at = sql_col_int64(r, 11),
	};
}

/* ---- events -------------------------------------------------------------- */

#define EVENT_ARGS(ev)                                                                             \
	ARG_CSTR(event_kinds[(ev)->kind]), ARG_TEXT((ev)->title), ARG_TEXT((ev)->description),     \
	    ARG_TEXT((ev)->co_organisers), ARG_INT((ev)->starts_at),                               \
	    ARG_INT((ev)->duration_minutes), ARG_TEXT((ev)->place), ARG_INT((ev)->prefecture),     \
	    ARG_TEXT((ev)->online_url), ARG_INT((ev)->capacity),                                   \
	    ARG_INT((ev)->registration_opens_at), ARG_INT((ev)->registration_closes_at),           \
	    ARG_CSTR(event_audiences[(ev)->audience]), ARG_TEXT((ev)->track),                      \
	    ARG_TEXT((ev)->language), (ev)->programme_id ? ARG_INT((ev)->programme_id) : ARG_NULL

enum mm_err store_event_insert(struct store *s, const struct event *ev, int64_t created_by,
                               int64_t now, int64_t *id)
{
	return sql_insert(s, &SQL_INSERT,
	                  ARGS(ARG_INT(ev->community_id), EVENT_ARGS(ev),
	                       created_by ? ARG_INT(created_by) : ARG_NULL, ARG_INT(now)),
	                  "event insert", id);
}

enum mm_err store_event_update(struct store *s, const struct event *ev, int64_t now)
{
	return sql_exec_one(s, &SQL_UPDATE, ARGS(ARG_INT(ev->id), EVENT_ARGS(ev), ARG_INT(now)),
	                    "event update");
}

enum mm_err store_event_get(struct store *s, struct arena *a, int64_t id, struct event *out)
{
	return sql_row(s, a, &SQL_GET, ARGS(ARG_INT(id)), read_event, out, "event");
}

enum mm_err store_event_search(struct store *s, struct arena *a, const struct event_filter *f,
                               struct org_page page, struct event **out, size_t *n, int64_t *total)
{
	return sql_rows_counted(
	    s, a, &SQL_COUNT, &SQL_SEARCH,
	    ARGS(ARG_INT(f->from), ARG_INT(f->to), ARG_INT((int64_t)f->prefectures),
	         ARG_CSTR(f->kind >= 0 ? event_kinds[f->kind] : ""),
	         ARG_CSTR(f->audience >= 0 ? event_audiences[f->audience] : ""),
	         ARG_INT((int64_t)f->mode), ARG_INT(f->community_id), ARG_INT(page.limit),
	         ARG_INT(page.offset)),
	    2, sizeof **out, SQL_ROWS_ANY, read_event, (void **)out, n, total, "event search");
}

/* At most max events of a community ($1) on one side of a time ($2), as
 * q orders them ($3 its LIMIT). */
static enum mm_err events_of_community(struct store *s, struct arena *a, const struct sql *q,
                                       int64_t community_id, int64_t at, size_t max,
                                       struct event **out, size_t *n, const char *what)
{
	return sql_rows(s, a, q, ARGS(ARG_INT(community_id), ARG_INT(at), ARG_INT((int64_t)max)),
	                sizeof **out, SQL_ROWS_ANY, read_event, (void **)out, n, what);
}

enum mm_err store_event_upcoming(struct store *s, struct arena *a, int64_t community_id,
                                 int64_t from, size_t max, struct event **out, size_t *n)
{
	return events_of_community(s, a, &SQL_UPCOMING, community_id, from, max, out, n,
	                           "events upcoming");
}

enum mm_err store_event_past(struct store *s, struct arena *a, int64_t community_id, int64_t before,
                             size_t max, struct event **out, size_t *n)
{
	return events_of_community(s, a, &SQL_PAST, community_id, before, max, out, n,
	                           "events past");
}

/* ---- registrations ----------------------------------------------------------- */

struct counts {
	int64_t confirmed, waiting;
};

static bool read_counts(const struct sql_row *r, void *ctx)
{
	struct counts *c = ctx;
	c->confirmed = sql_col_int64(r, 0);
	c->waiting = sql_col_int64(r, 1);
	return false;
}

enum mm_err store_event_hold(struct store *s, int64_t event_id, int64_t *capacity,
                             int64_t *confirmed, int64_t *waiting)
{
	enum mm_err e = sql_int64_of(s, &SQL_HOLD, ARGS(ARG_INT(event_id)), "event hold", capacity);
	if (e)
		return e;
	struct counts c = {0, 0};
	e = sql_each(s, &SQL_COUNTS, ARGS(ARG_INT(event_id)), read_counts, &c, "event counts");
	*confirmed = c.confirmed;
	*waiting = c.waiting;
	return e;
}

enum mm_err store_registration_insert(struct store *s, int64_t event_id, int64_t user_id,
                                      int64_t organisation_id, enum registration_status status,
                                      int64_t now, int64_t *id)
{
	return sql_insert(s, &SQL_REG_INSERT,
	                  ARGS(ARG_INT(event_id), ARG_INT(user_id),
	                       organisation_id ? ARG_INT(organisation_id) : ARG_NULL,
	                       ARG_CSTR(reg_statuses[status]), ARG_INT(now)),
	                  "registration insert", id);
}

enum mm_err store_registration_of_user(struct store *s, struct arena *a, int64_t event_id,
                                       int64_t user_id, struct event_registration *out)
{
	return sql_row(s, a, &SQL_REG_OF_USER, ARGS(ARG_INT(event_id), ARG_INT(user_id)),
	               read_registration, out, "registration of user");
}

enum mm_err store_registration_cancel(struct store *s, int64_t id, int64_t now)
{
	return sql_exec_one(s, &SQL_REG_CANCEL, ARGS(ARG_INT(id), ARG_INT(now)),
	                    "registration cancel");
}

/* The registrations of a query (its LIMIT among args). */
static enum mm_err registrations(struct store *s, struct arena *a, const struct sql *q,
                                 const struct store_arg *args, size_t n_args,
                                 struct event_registration **out, size_t *n, const char *what)
{
	return sql_rows(s, a, q, args, n_args, sizeof **out, SQL_ROWS_ANY, read_registration,
	                (void **)out, n, what);
}

enum mm_err store_registration_promote(struct store *s, struct arena *a, int64_t event_id,
                                       int64_t n, int64_t now, struct event_registration **out,
                                       size_t *count)
{
	*out = NULL;
	*count = 0;
	if (n <= 0)
		return MM_OK;
	enum mm_err e =
	    registrations(s, a, &SQL_REG_FIRST_WAITING, ARGS(ARG_INT(event_id), ARG_INT(n)), out,
	                  count, "registration waiting");
	for (size_t i = 0; !e && i < *count; i++) {
		e = sql_exec_one(s, &SQL_REG_PROMOTE, ARGS(ARG_INT((*out)[i].id), ARG_INT(now)),
		                 "registration promote");
		(*out)[i].status = REG_CONFIRMED;
		(*out)[i].promoted_at = now;
	}
	return e;
}

enum mm_err store_registration_list(struct store *s, struct arena *a, int64_t event_id,
                                    struct event_registration **out, size_t *n)
{
	return registrations(s, a, &SQL_REG_LIST,
	                     ARGS(ARG_INT(event_id), ARG_INT(EVENT_ATTENDEES_MAX)), out, n,
	                     "registration list");
}

enum mm_err store_registration_page(struct store *s, struct arena *a, int64_t event_id,
                                    struct org_page page, struct event_registration **out,
                                    size_t *n, int64_t *total)
{
	return sql_rows_counted(s, a, &SQL_REG_COUNT, &SQL_REG_PAGE,
	                        ARGS(ARG_INT(event_id), ARG_INT(page.limit), ARG_INT(page.offset)),
	                        2, sizeof **out, SQL_ROWS_ANY, read_registration, (void **)out, n,
	                        total, "registration page");
}

enum mm_err store_registration_places_between(struct store *s, struct arena *a, int64_t event_id,
                                              int64_t first_id, int64_t last_id,
                                              struct event_registration **out, size_t *n)
{
	return registrations(s, a, &SQL_REG_PLACES_BETWEEN,
	                     ARGS(ARG_INT(event_id), ARG_INT(first_id), ARG_INT(last_id),
	                          ARG_INT(EVENT_ATTENDEES_MAX)),
	                     out, n, "registration places between");
}

enum mm_err store_registration_set_attended(struct store *s, int64_t event_id, int64_t user_id,
                                            bool attended)
{
	return sql_exec_one(s, &SQL_REG_ATTENDED,
	                    ARGS(ARG_INT(event_id), ARG_INT(user_id), ARG_BOOL(attended)),
	                    "registration attended");
}

enum mm_err store_registration_of_user_upcoming(struct store *s, struct arena *a, int64_t user_id,
                                                int64_t from, struct event_registration **out,
                                                size_t *n)
{
	return registrations(s, a, &SQL_REG_UPCOMING,
	                     ARGS(ARG_INT(user_id), ARG_INT(from), ARG_INT(50)), out, n,
	                     "registrations of user");
}

enum mm_err store_registration_reminders_due(struct store *s, struct arena *a, int64_t from,
                                             int64_t to, struct event_registration **out, size_t *n)
{
	return registrations(s, a, &SQL_REG_REMINDERS,
	                     ARGS(ARG_INT(from), ARG_INT(to), ARG_INT(EVENT_REMINDERS_PAGE)), out,
	                     n, "registration reminders");
}

enum mm_err store_registration_reminded(struct store *s, int64_t id, int64_t now)
{
	enum mm_err e = sql_exec_one(s, &SQL_REG_REMINDED, ARGS(ARG_INT(id), ARG_INT(now)),
	                             "registration reminded");
	return e == MM_ERR_NOT_FOUND ? MM_ERR_CONFLICT : e;
}

/* ---- materials ------------------------------------------------------------------ */

enum mm_err store_event_material_insert(struct store *s, const struct event_material *m,
                                        int64_t now)
{
	return sql_exec(s, &SQL_MAT_INSERT,
	                ARGS(ARG_INT(m->event_id), ARG_TEXT(m->name), ARG_TEXT(m->filename),
	                     ARG_TEXT(m->content_type), ARG_INT((int64_t)m->data.n),
	                     ARG_BYTES((const unsigned char *)m->data.p, m->data.n), ARG_INT(now)),
	                "event material insert");
}

enum mm_err store_event_material_list(struct store *s, struct arena *a, int64_t event_id,
                                      struct event_material **out, size_t *n)
{
	return sql_rows(s, a, &SQL_MAT_LIST, ARGS(ARG_INT(event_id), ARG_INT(EVENT_MATERIALS_MAX)),
	                sizeof **out, SQL_ROWS_ANY, read_material, (void **)out, n,
	                "event materials");
}

enum mm_err store_event_material_get(struct store *s, struct arena *a, int64_t event_id,
                                     struct str name, struct event_material *out)
{
	return sql_row(s, a, &SQL_MAT_GET, ARGS(ARG_INT(event_id), ARG_TEXT(name)),
	               read_material_data, out, "event material");
}

enum mm_err store_event_material_delete(struct store *s, int64_t event_id, struct str name)
{
	return sql_exec_one(s, &SQL_MAT_DELETE, ARGS(ARG_INT(event_id), ARG_TEXT(name)),
	                    "event material delete");
}

/* ---- programmes and training records -------------------------------------------- */

enum mm_err store_programme_insert(struct store *s, int64_t community_id, struct str title,
                                   int64_t required, int64_t now, int64_t *id)
{
	return sql_insert(
	    s, &SQL_PROG_INSERT,
	    ARGS(ARG_INT(community_id), ARG_TEXT(title), ARG_INT(required), ARG_INT(now)),
	    "programme insert", id);
}

enum mm_err store_programme_get(struct store *s, struct arena *a, int64_t id, struct programme *out)
{
	return sql_row(s, a, &SQL_PROG_GET, ARGS(ARG_INT(id)), read_programme, out, "programme");
}

enum mm_err store_programme_list(struct store *s, struct arena *a, int64_t community_id,
                                 struct programme **out, size_t *n)
{
	return sql_rows(s, a, &SQL_PROG_LIST, ARGS(ARG_INT(community_id)), sizeof **out,
	                SQL_ROWS_ANY, read_programme, (void **)out, n, "programmes");
}

enum mm_err store_programme_attended(struct store *s, int64_t programme_id, int64_t user_id,
                                     int64_t *out)
{
	return sql_int64_of(s, &SQL_PROG_ATTENDED, ARGS(ARG_INT(programme_id), ARG_INT(user_id)),
	                    "programme attended", out);
}

enum mm_err store_training_record_add(struct store *s, int64_t user_id, int64_t event_id,
                                      int64_t programme_id, struct str code, int64_t now)
{
	return sql_exec(s, &SQL_REC_ADD,
	                ARGS(ARG_INT(user_id), event_id ? ARG_INT(event_id) : ARG_NULL,
	                     programme_id ? ARG_INT(programme_id) : ARG_NULL, ARG_TEXT(code),
	                     ARG_INT(now)),
	                "training record add");
}

enum mm_err store_training_record_remove(struct store *s, int64_t user_id, int64_t event_id,
                                         int64_t programme_id)
{
	return sql_exec(s, &SQL_REC_REMOVE,
	                ARGS(ARG_INT(user_id), ARG_INT(event_id), ARG_INT(programme_id)),
	                "training record remove");
}

enum mm_err store_training_records_of_user(struct store *s, struct arena *a, int64_t user_id,
                                           struct training_record **out, size_t *n)
{
	return sql_rows(s, a, &SQL_REC_OF_USER, ARGS(ARG_INT(user_id)), sizeof **out, SQL_ROWS_ANY,
	                read_record, (void **)out, n, "training records");
}

enum mm_err store_training_record_find(struct store *s, struct arena *a, int64_t user_id,
                                       int64_t event_id, int64_t programme_id,
                                       struct training_record *out)
{
	return sql_row(s, a, &SQL_REC_FIND,
	               ARGS(ARG_INT(user_id), ARG_INT(event_id), ARG_INT(programme_id)),
	               read_record, out, "training record find");
}

enum mm_err store_training_record_by_code(struct store *s, struct arena *a, struct str code,
                                          struct training_record *out)
{
	return sql_row(s, a, &SQL_REC_BY_CODE, ARGS(ARG_TEXT(code)), read_record, out,
	               "training record");
}

enum mm_err store_training_public_set(struct store *s, int64_t user_id, bool shown, int64_t now)
{
	if (shown)
		return sql_exec(s, &SQL_PUBLIC_SET, ARGS(ARG_INT(user_id), ARG_INT(now)),
		                "training public set");
	return sql_exec(s, &SQL_PUBLIC_UNSET, ARGS(ARG_INT(user_id)), "training public unset");
}

enum mm_err store_training_public_get(struct store *s, int64_t user_id, bool *shown)
{
	return sql_exists(s, &SQL_PUBLIC_GET, ARGS(ARG_INT(user_id)), "training public", shown);
}

/* ---- mamori seed ---------------------------------------------------------------- */

#define NUMS12 "(1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12)"
#define NUMS24                                                                                     \
	"(1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16), "  \
	"(17), (18), (19), (20), (21), (22), (23), (24)"
#define SEED_PREFIX "シード地域セキュリティ会 "
static const struct sql SQL_SEED_COMMUNITIES =
    SQL("INSERT INTO community (name, prefectures, industry, description, join_policy, created_at,"
        " updated_at) SELECT '" SEED_PREFIX
        "' || public_id, CAST(1 AS bigint) << CAST(id % 47 AS integer), '', '',"
        " CASE WHEN id % 3000 = 0 THEN 'request' ELSE 'open' END, $1, $1"
        " FROM organisation WHERE id % 1000 = 0");
static const struct sql SQL_SEED_EVENTS = SQL(
    "INSERT INTO event (community_id, kind, title, description, starts_at, duration_minutes, place,"
    " prefecture, online_url, capacity, registration_opens_at, registration_closes_at, audience,"
    " track, language, created_at, updated_at)"
    " SELECT c.id, CASE n.column1 % 5 WHEN 0 THEN 'seminar' WHEN 1 THEN 'workshop'"
    " WHEN 2 THEN 'tabletop' WHEN 3 THEN 'study_session' ELSE 'supporter_training' END,"
    " 'シード イベント ' || c.id || '-' || n.column1, '',"
    " $1 + (n.column1 - 12) * 2592000 + (c.id % 20) * 3600, 90,"
    " CASE WHEN n.column1 % 3 = 0 THEN '' ELSE '会議室 ' || c.id END,"
    " CASE WHEN n.column1 % 3 = 0 THEN 0 ELSE 1 + c.id % 47 END,"
    " CASE WHEN n.column1 % 3 = 0 THEN 'https://meet.example.invalid/' || c.id ELSE '' END,"
    " 20 + (n.column1 * 7) % 60,"
    " $1 + (n.column1 - 13) * 2592000, $1 + (n.column1 - 12) * 2592000 - 3600,"
    " CASE n.column1 % 4 WHEN 0 THEN 'anyone' WHEN 1 THEN 'members' WHEN 2 THEN 'anyone'"
    " ELSE 'supporters' END, '', 'ja', $1, $1"
    " FROM community c, (VALUES " NUMS24 ") AS n WHERE c.name LIKE '" SEED_PREFIX "%'");
static const struct sql SQL_SEED_USER_FIRST =
    SQL("SELECT min(id) FROM \"user\" WHERE email LIKE '%@seed.example.invalid'");
static const struct sql SQL_SEED_USER_LAST =
    SQL("SELECT max(id) FROM \"user\" WHERE email LIKE '%@seed.example.invalid'");
static const struct sql SQL_SEED_MEMBERS =
    SQL("INSERT INTO community_member (community_id, user_id, status, show_name, display_name,"
        " requested_at, joined_at) SELECT c.id, u.id, 'active', u.id % 2 = 0, '', $1, $1"
        " FROM \"user\" u JOIN community c ON c.id = CAST($2 AS bigint) + u.id % CAST($3 AS bigint)"
        " WHERE u.email LIKE '%@seed.example.invalid' ON CONFLICT DO NOTHING");
static const struct sql SQL_SEED_COMMUNITY_RANGE =
    SQL("SELECT min(id) FROM community WHERE name LIKE '" SEED_PREFIX "%'");
static const struct sql SQL_SEED_RECORDS =
    SQL("INSERT INTO training_record (user_id, event_id, code, completed_at)"
        " SELECT r.user_id, r.event_id, 'seed' || r.id, e.starts_at FROM event_registration r"
        " JOIN event e ON e.id = r.event_id WHERE e.kind = 'supporter_training'"
        " AND r.attended = TRUE ON CONFLICT DO NOTHING");
static const struct sql SQL_SEED_REGISTRATIONS = SQL(
    "INSERT INTO event_registration (event_id, user_id, status, registered_at, attended)"
    " SELECT e.id, u.id, 'confirmed', e.registration_opens_at + 3600 * n.column1,"
    " CASE WHEN e.starts_at < $1 THEN n.column1 % 4 <> 0 END"
    " FROM event e CROSS JOIN (VALUES " NUMS12 ") AS n"
    " JOIN \"user\" u ON u.id = CAST($2 AS bigint)"
    " + (e.id * 31 + n.column1 * 7) % (CAST($3 AS bigint) - CAST($2 AS bigint) + 1)"
    " WHERE e.title LIKE 'シード イベント %' AND n.column1 <= e.capacity ON CONFLICT DO NOTHING");

enum mm_err store_event_seed(struct store *s, int64_t base, struct event_seed_report *out)
{
	int64_t first_user = 0, last_user = 0, first = 0;
	*out = (struct event_seed_report){0};
	enum mm_err e = sql_exec_count(s, &SQL_SEED_COMMUNITIES, ARGS(ARG_INT(base)),
	                               "community seed", &out->communities);
	if (!e)
		e = sql_exec_count(s, &SQL_SEED_EVENTS, ARGS(ARG_INT(base)), "event seed",
		                   &out->events);
	if (!e)
		e = sql_int64_of(s, &SQL_SEED_USER_FIRST, NULL, 0, "event seed users", &first_user);
	if (!e)
		e = sql_int64_of(s, &SQL_SEED_USER_LAST, NULL, 0, "event seed users", &last_user);
	if (!e && first_user > 0)
		e = sql_exec_count(s, &SQL_SEED_REGISTRATIONS,
		                   ARGS(ARG_INT(base), ARG_INT(first_user), ARG_INT(last_user)),
		                   "registration seed", &out->registrations);
	if (!e && out->communities > 0)
		e = sql_int64_of(s, &SQL_SEED_COMMUNITY_RANGE, NULL, 0, "community seed range",
		                 &first);
	if (!e && out->communities > 0)
		e = sql_exec(s, &SQL_SEED_MEMBERS,
		             ARGS(ARG_INT(base), ARG_INT(first), ARG_INT(out->communities)),
		             "community member seed");
	if (!e)
		e = sql_exec(s, &SQL_SEED_RECORDS, NULL, 0, "training record seed");
	return e;
}
