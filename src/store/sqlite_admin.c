/*
 * sqlite_admin.c — the administration and personal-data area of the SQLite
 * driver (see store/admin.h): searches, counts, memberships, audit queries,
 * disabling and promoting accounts, erasing an account's traces.
 *
 * Every search binds a LIKE pattern built here with '\' escaping '%', '_'
 * and '\' itself, and every statement names that escape character, so what
 * a visitor types is only ever matched literally. Lists stop at the
 * caller's limit, never more than ADMIN_LIST_MAX rows.
 */
#include <assert.h>
#include <string.h>

#include "store/admin.h"
#include "store/sqlite_int.h"

#define LIKE_ESCAPE " ESCAPE '\\'"

static const char SQL_COUNTS[] =
    "SELECT (SELECT count(*) FROM user), (SELECT count(*) FROM user WHERE is_admin = 1),"
    " (SELECT count(*) FROM user WHERE confirmed_at IS NULL),"
    " (SELECT count(*) FROM user WHERE disabled_at IS NOT NULL), (SELECT count(*) FROM "
    "organisation),"
    " (SELECT count(*) FROM audit WHERE at >= ?1),"
    " (SELECT count(*) FROM audit WHERE at >= ?1 AND action = 'login' AND outcome = 'failed')";

/* Like the accounts area's user columns, without the password hash. */
#define USER_COLUMNS                                                                               \
	"id, email, name, lang, coalesce(confirmed_at, 0), is_admin, coalesce(disabled_at, 0),"    \
	" coalesce(disabled_reason, ''), created_at"
static const char SQL_USER_SEARCH[] =
    "SELECT " USER_COLUMNS " FROM user WHERE email LIKE ?1" LIKE_ESCAPE
    " ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3";
static const char SQL_USER_SEARCH_COUNT[] =
    "SELECT count(*) FROM user WHERE email LIKE ?1" LIKE_ESCAPE;

static const char SQL_USER_MEMBERSHIPS[] =
    "SELECT o.id, o.public_id, o.name, m.role, m.created_at,"
    " (SELECT count(*) FROM membership x WHERE x.organisation_id = o.id AND x.role = 'owner'),"
    " (SELECT count(*) FROM membership x WHERE x.organisation_id = o.id)"
    " FROM membership m JOIN organisation o ON o.id = m.organisation_id WHERE m.user_id = ?1"
    " ORDER BY o.name_kana, o.id LIMIT ?2";

static const char SQL_USER_DISABLE[] =
    "UPDATE user SET disabled_at = ?2, disabled_reason = ?3 WHERE id = ?1";
static const char SQL_USER_ENABLE[] =
    "UPDATE user SET disabled_at = NULL, disabled_reason = NULL WHERE id = ?1";
static const char SQL_USER_PROMOTE[] =
    "UPDATE user SET is_admin = 1, disabled_at = NULL, disabled_reason = NULL WHERE id = ?1";
static const char SQL_USER_SUPPORTER[] = "SELECT kind, prefecture, organisation_name, code, "
                                         "created_at FROM supporter WHERE user_id = ?1";

static const char SQL_ERASE_AUDIT_TARGETS[] =
    "UPDATE audit SET target = '' WHERE (actor_user_id = ?1 AND instr(target, '@') > 0)"
    " OR (target = ?2 COLLATE NOCASE AND target <> '')";
static const char SQL_ERASE_LOGIN_FAILURES[] = "DELETE FROM login_failure WHERE email = ?1";
static const char SQL_ERASE_OUTBOX[] = "DELETE FROM outbox WHERE to_addr = ?1 COLLATE NOCASE";

#define ORG_COLUMNS                                                                                \
	"o.id, o.public_id, o.name, o.name_kana, o.name_en, coalesce(o.corporate_number, ''), "    \
	"o.prefecture,"                                                                            \
	" o.industry, o.employees, coalesce(o.capital_yen, -1), o.sole_proprietor, "               \
	"o.postal_code, o.address,"                                                                \
	" o.representative_title, o.representative_name, o.contact_name, o.contact_email, "        \
	"o.contact_phone,"                                                                         \
	" o.website, o.updated_at, o.created_at,"                                                  \
	" (SELECT count(*) FROM membership m WHERE m.organisation_id = o.id)"
#define ORG_MATCHES(n)                                                                             \
	" OR o.name LIKE ?" n LIKE_ESCAPE " OR o.name_kana LIKE ?" n LIKE_ESCAPE                   \
	" OR o.name_en LIKE ?" n LIKE_ESCAPE " OR o.corporate_number LIKE ?" n LIKE_ESCAPE
#define ORG_WHERE " WHERE ?5" ORG_MATCHES("1") ORG_MATCHES("2") ORG_MATCHES("3") ORG_MATCHES("4")
static const char SQL_ORG_SEARCH[] = "SELECT " ORG_COLUMNS " FROM organisation o" ORG_WHERE
                                     " ORDER BY o.name_kana, o.id LIMIT ?6 OFFSET ?7";
static const char SQL_ORG_SEARCH_COUNT[] = "SELECT count(*) FROM organisation o" ORG_WHERE;
static const char SQL_ORG_BY_ID[] = "SELECT " ORG_COLUMNS " FROM organisation o WHERE o.id = ?1";
static const char SQL_ORG_MEMBERS[] =
    "SELECT u.id, u.email, u.name, m.role, m.created_at FROM membership m JOIN user u ON u.id = "
    "m.user_id"
    " WHERE m.organisation_id = ?1 ORDER BY m.role = 'owner' DESC, u.email LIMIT ?2";

#define AUDIT_COLUMNS                                                                              \
	"a.id, a.at, coalesce(a.actor_user_id, 0), coalesce(a.organisation_id, 0), a.ip, "         \
	"a.action, a.target,"                                                                      \
	" a.outcome, a.detail, coalesce(u.email, ''), coalesce(o.name, '')"
#define AUDIT_JOINS                                                                                \
	" FROM audit a LEFT JOIN user u ON u.id = a.actor_user_id"                                 \
	" LEFT JOIN organisation o ON o.id = a.organisation_id"
#define AUDIT_ACTION "(?1 = '' OR a.action LIKE ?1" LIKE_ESCAPE ")"
#define AUDIT_PAGE " ORDER BY a.at DESC, a.id DESC LIMIT ?4 OFFSET ?5"
/* Three filters, each its own statement so that each can use its index. */
#define AUDIT_WHERE_ANY " WHERE " AUDIT_ACTION
#define AUDIT_WHERE_ACTOR " WHERE a.actor_user_id = ?2 AND " AUDIT_ACTION
#define AUDIT_WHERE_SUBJECT " WHERE (a.actor_user_id = ?2 OR a.target = ?3) AND " AUDIT_ACTION
static const char SQL_AUDIT_ANY[] = "SELECT " AUDIT_COLUMNS AUDIT_JOINS AUDIT_WHERE_ANY AUDIT_PAGE;
static const char SQL_AUDIT_ACTOR[] =
    "SELECT " AUDIT_COLUMNS AUDIT_JOINS AUDIT_WHERE_ACTOR AUDIT_PAGE;
static const char SQL_AUDIT_SUBJECT[] =
    "SELECT " AUDIT_COLUMNS AUDIT_JOINS AUDIT_WHERE_SUBJECT AUDIT_PAGE;
static const char SQL_AUDIT_ANY_COUNT[] = "SELECT count(*) FROM audit a" AUDIT_WHERE_ANY;
static const char SQL_AUDIT_ACTOR_COUNT[] = "SELECT count(*) FROM audit a" AUDIT_WHERE_ACTOR;
static const char SQL_AUDIT_SUBJECT_COUNT[] = "SELECT count(*) FROM audit a" AUDIT_WHERE_SUBJECT;

/* "%text%" with the LIKE wildcards of text escaped; NULL when the arena is
 * full. */
static char *like_contains(struct arena *a, struct str text)
{
	char *p = arena_alloc(a, text.n * 2 + 3);
	size_t n = 0;
	if (!p)
		return NULL;
	p[n++] = '%';
	for (size_t i = 0; i < text.n; i++) {
		if (text.p[i] == '%' || text.p[i] == '_' || text.p[i] == '\\')
			p[n++] = '\\';
		p[n++] = text.p[i];
	}
	p[n++] = '%';
	p[n] = '\0';
	return p;
}

/* "text%" with the wildcards escaped (a prefix match). */
static char *like_prefix(struct arena *a, struct str text)
{
	char *p = like_contains(a, text);
	return p ? p + 1 : NULL;
}

static size_t bounded(size_t limit)
{
	assert(limit <= ADMIN_LIST_MAX);
	return limit > ADMIN_LIST_MAX ? ADMIN_LIST_MAX : limit;
}

static enum mm_err counts(struct store *base, int64_t since, struct admin_counts *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_COUNTS);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, since);
	enum mm_err e = sqlite_one_row(base, st, "admin counts");
	if (e)
		return e == MM_ERR_NOT_FOUND ? MM_ERR_DB : e;
	*out = (struct admin_counts){
	    .users = sqlite3_column_int64(st, 0),
	    .admins = sqlite3_column_int64(st, 1),
	    .unconfirmed = sqlite3_column_int64(st, 2),
	    .disabled = sqlite3_column_int64(st, 3),
	    .organisations = sqlite3_column_int64(st, 4),
	    .audit_recent = sqlite3_column_int64(st, 5),
	    .failed_logins_recent = sqlite3_column_int64(st, 6),
	};
	sqlite_done(st);
	return MM_OK;
}

static void read_user(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct user *)item = (struct user){
	    .id = sqlite3_column_int64(st, 0),
	    .email = sqlite_column_str(a, st, 1),
	    .password_hash = STR(""),
	    .name = sqlite_column_str(a, st, 2),
	    .lang = sqlite_column_str(a, st, 3),
	    .confirmed_at = sqlite3_column_int64(st, 4),
	    .is_admin = sqlite3_column_int(st, 5) != 0,
	    .disabled_at = sqlite3_column_int64(st, 6),
	    .disabled_reason = sqlite_column_str(a, st, 7),
	    .created_at = sqlite3_column_int64(st, 8),
	};
}

static enum mm_err user_search(struct store *base, struct arena *a, struct str query,
                               int64_t offset, size_t limit, struct user **out, size_t *n,
                               int64_t *total)
{
	char *pattern = like_contains(a, query);
	sqlite3_stmt *count = sqlite_stmt(base, SQL_USER_SEARCH_COUNT);
	sqlite3_stmt *st = sqlite_stmt(base, SQL_USER_SEARCH);
	enum mm_err e;
	*out = NULL;
	*n = 0;
	if (!pattern)
		return MM_ERR_NOMEM;
	if (!count || !st)
		return MM_ERR_DB;
	sqlite_bind_cstr(count, 1, pattern);
	if ((e = sqlite_int64_of(base, count, "user search count", total)))
		return e;
	sqlite_bind_cstr(st, 1, pattern);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)bounded(limit));
	sqlite3_bind_int64(st, 3, offset);
	return sqlite_rows(base, a, st, sizeof **out, bounded(limit), read_user, (void **)out, n,
	                   "user search");
}

static void read_membership(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct admin_membership *)item = (struct admin_membership){
	    .organisation_id = sqlite3_column_int64(st, 0),
	    .organisation_public_id = sqlite_column_str(a, st, 1),
	    .organisation_name = sqlite_column_str(a, st, 2),
	    .role = sqlite_column_str(a, st, 3),
	    .created_at = sqlite3_column_int64(st, 4),
	    .owners = sqlite3_column_int64(st, 5),
	    .members = sqlite3_column_int64(st, 6),
	};
}

static enum mm_err user_memberships(struct store *base, struct arena *a, int64_t user_id,
                                    struct admin_membership **out, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_USER_MEMBERSHIPS);
	*out = NULL;
	*n = 0;
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, ADMIN_LIST_MAX);
	return sqlite_rows(base, a, st, sizeof **out, ADMIN_LIST_MAX, read_membership, (void **)out,
	                   n, "user memberships");
}

static enum mm_err user_set_disabled(struct store *base, int64_t user_id, int64_t disabled_at,
                                     struct str reason)
{
	sqlite3_stmt *st = sqlite_stmt(base, disabled_at ? SQL_USER_DISABLE : SQL_USER_ENABLE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	if (disabled_at) {
		sqlite3_bind_int64(st, 2, disabled_at);
		sqlite_bind_str(st, 3, reason);
	}
	return sqlite_exec(base, st, "user disable");
}

static enum mm_err user_promote(struct store *base, int64_t user_id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_USER_PROMOTE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	return sqlite_exec(base, st, "user promote");
}

static enum mm_err user_supporter(struct store *base, struct arena *a, int64_t user_id,
                                  struct admin_supporter *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_USER_SUPPORTER);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	enum mm_err e = sqlite_one_row(base, st, "user supporter");
	if (e)
		return e;
	*out = (struct admin_supporter){
	    .kind = sqlite_column_str(a, st, 0),
	    .prefecture = sqlite3_column_int(st, 1),
	    .organisation_name = sqlite_column_str(a, st, 2),
	    .code = sqlite_column_str(a, st, 3),
	    .created_at = sqlite3_column_int64(st, 4),
	};
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err user_erase_traces(struct store *base, int64_t user_id, struct str email)
{
	sqlite3_stmt *audit = sqlite_stmt(base, SQL_ERASE_AUDIT_TARGETS);
	sqlite3_stmt *failures = sqlite_stmt(base, SQL_ERASE_LOGIN_FAILURES);
	sqlite3_stmt *outbox = sqlite_stmt(base, SQL_ERASE_OUTBOX);
	enum mm_err e;
	if (!audit || !failures || !outbox)
		return MM_ERR_DB;
	sqlite3_bind_int64(audit, 1, user_id);
	sqlite_bind_str(audit, 2, email);
	if ((e = sqlite_exec(base, audit, "erase audit targets")))
		return e;
	sqlite_bind_str(failures, 1, email);
	if ((e = sqlite_exec(base, failures, "erase login failures")))
		return e;
	sqlite_bind_str(outbox, 1, email);
	return sqlite_exec(base, outbox, "erase outbox");
}

static void read_organisation(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct admin_organisation *)item = (struct admin_organisation){
	    .o =
	        {
	            .id = sqlite3_column_int64(st, 0),
	            .public_id = sqlite_column_str(a, st, 1),
	            .name = sqlite_column_str(a, st, 2),
	            .name_kana = sqlite_column_str(a, st, 3),
	            .name_en = sqlite_column_str(a, st, 4),
	            .corporate_number = sqlite_column_str(a, st, 5),
	            .prefecture = sqlite3_column_int(st, 6),
	            .industry = sqlite_column_str(a, st, 7),
	            .employees = sqlite3_column_int(st, 8),
	            .capital_yen = sqlite3_column_int64(st, 9),
	        },
	    .sole_proprietor = sqlite3_column_int(st, 10) != 0,
	    .postal_code = sqlite_column_str(a, st, 11),
	    .address = sqlite_column_str(a, st, 12),
	    .representative_title = sqlite_column_str(a, st, 13),
	    .representative_name = sqlite_column_str(a, st, 14),
	    .contact_name = sqlite_column_str(a, st, 15),
	    .contact_email = sqlite_column_str(a, st, 16),
	    .contact_phone = sqlite_column_str(a, st, 17),
	    .website = sqlite_column_str(a, st, 18),
	    .updated_at = sqlite3_column_int64(st, 19),
	    .created_at = sqlite_column_str(a, st, 20),
	    .members = sqlite3_column_int64(st, 21),
	};
}

/* Binds ?1..?5 of an organisation search: one pattern per non-empty term,
 * NULL (which matches nothing) for empty ones, and ?5 true when every term
 * is empty. */
static enum mm_err bind_org_terms(struct arena *a, sqlite3_stmt *st,
                                  const struct str terms[ADMIN_SEARCH_TERMS])
{
	bool all_empty = true;
	for (int i = 0; i < ADMIN_SEARCH_TERMS; i++) {
		if (terms[i].n == 0) {
			sqlite3_bind_null(st, i + 1);
			continue;
		}
		char *pattern = like_contains(a, terms[i]);
		if (!pattern)
			return MM_ERR_NOMEM;
		sqlite3_bind_text(st, i + 1, pattern, -1, SQLITE_STATIC);
		all_empty = false;
	}
	sqlite3_bind_int(st, ADMIN_SEARCH_TERMS + 1, all_empty);
	return MM_OK;
}

static enum mm_err organisation_search(struct store *base, struct arena *a,
                                       const struct str terms[ADMIN_SEARCH_TERMS], int64_t offset,
                                       size_t limit, struct admin_organisation **out, size_t *n,
                                       int64_t *total)
{
	sqlite3_stmt *count = sqlite_stmt(base, SQL_ORG_SEARCH_COUNT);
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ORG_SEARCH);
	enum mm_err e;
	*out = NULL;
	*n = 0;
	if (!count || !st)
		return MM_ERR_DB;
	if ((e = bind_org_terms(a, count, terms))) {
		sqlite_done(count);
		return e;
	}
	if ((e = sqlite_int64_of(base, count, "organisation search count", total)))
		return e;
	if ((e = bind_org_terms(a, st, terms))) {
		sqlite_done(st);
		return e;
	}
	sqlite3_bind_int64(st, 6, (sqlite3_int64)bounded(limit));
	sqlite3_bind_int64(st, 7, offset);
	return sqlite_rows(base, a, st, sizeof **out, bounded(limit), read_organisation,
	                   (void **)out, n, "organisation search");
}

static enum mm_err organisation_by_id(struct store *base, struct arena *a, int64_t id,
                                      struct admin_organisation *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ORG_BY_ID);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return sqlite_row(base, a, st, read_organisation, out, "organisation by id");
}

static void read_member(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct admin_member *)item = (struct admin_member){
	    .user_id = sqlite3_column_int64(st, 0),
	    .email = sqlite_column_str(a, st, 1),
	    .name = sqlite_column_str(a, st, 2),
	    .role = sqlite_column_str(a, st, 3),
	    .created_at = sqlite3_column_int64(st, 4),
	};
}

static enum mm_err organisation_members(struct store *base, struct arena *a,
                                        int64_t organisation_id, struct admin_member **out,
                                        size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ORG_MEMBERS);
	*out = NULL;
	*n = 0;
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, organisation_id);
	sqlite3_bind_int64(st, 2, ADMIN_LIST_MAX);
	return sqlite_rows(base, a, st, sizeof **out, ADMIN_LIST_MAX, read_member, (void **)out, n,
	                   "organisation members");
}

static const char *const outcome_names[] = {"ok", "denied", "failed"};

static void read_audit(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct admin_audit_row *)item = (struct admin_audit_row){
	    .id = sqlite3_column_int64(st, 0),
	    .e =
	        {
	            .at = sqlite3_column_int64(st, 1),
	            .actor_user_id = sqlite3_column_int64(st, 2),
	            .organisation_id = sqlite3_column_int64(st, 3),
	            .ip = sqlite_column_str(a, st, 4),
	            .action = sqlite_column_str(a, st, 5),
	            .target = sqlite_column_str(a, st, 6),
	            .outcome =
	                (enum audit_outcome)sqlite_column_name_index(st, 7, outcome_names, 3),
	            .detail = sqlite_column_str(a, st, 8),
	        },
	    .actor_email = sqlite_column_str(a, st, 9),
	    .organisation_name = sqlite_column_str(a, st, 10),
	};
}

/* Binds the filter parameters (?1 action pattern, ?2 user, ?3 subject
 * target) that the statement has. */
static void bind_audit_filter(sqlite3_stmt *st, const char *action, int64_t user_id,
                              const char *subject)
{
	int params = sqlite3_bind_parameter_count(st);
	sqlite_bind_cstr(st, 1, action);
	if (params >= 2)
		sqlite3_bind_int64(st, 2, user_id);
	if (params >= 3)
		sqlite_bind_cstr(st, 3, subject);
}

static enum mm_err audit_search(struct store *base, struct arena *a,
                                const struct admin_audit_filter *f, int64_t offset, size_t limit,
                                struct admin_audit_row **out, size_t *n, int64_t *total)
{
	const char *list_sql = SQL_AUDIT_ANY, *count_sql = SQL_AUDIT_ANY_COUNT;
	if (f->user_id && f->by_subject) {
		list_sql = SQL_AUDIT_SUBJECT;
		count_sql = SQL_AUDIT_SUBJECT_COUNT;
	} else if (f->user_id) {
		list_sql = SQL_AUDIT_ACTOR;
		count_sql = SQL_AUDIT_ACTOR_COUNT;
	}
	char *action = f->action_prefix.n ? like_prefix(a, f->action_prefix) : "";
	char *subject = arena_printf(a, "user:%lld", (long long)f->user_id);
	sqlite3_stmt *count = sqlite_stmt(base, count_sql), *st = sqlite_stmt(base, list_sql);
	enum mm_err e;
	*out = NULL;
	*n = 0;
	if (!action || !subject)
		return MM_ERR_NOMEM;
	if (!count || !st)
		return MM_ERR_DB;
	bind_audit_filter(count, action, f->user_id, subject);
	if ((e = sqlite_int64_of(base, count, "audit search count", total)))
		return e;
	bind_audit_filter(st, action, f->user_id, subject);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)bounded(limit));
	sqlite3_bind_int64(st, 5, offset);
	return sqlite_rows(base, a, st, sizeof **out, bounded(limit), read_audit, (void **)out, n,
	                   "audit search");
}

const struct store_admin_ops sqlite_admin_ops = {
    .counts = counts,
    .user_search = user_search,
    .user_memberships = user_memberships,
    .user_set_disabled = user_set_disabled,
    .user_promote = user_promote,
    .user_supporter = user_supporter,
    .user_erase_traces = user_erase_traces,
    .organisation_search = organisation_search,
    .organisation_by_id = organisation_by_id,
    .organisation_members = organisation_members,
    .audit_search = audit_search,
};
