/*
 * services.c — see services.h. Written once for SQLite and PostgreSQL over
 * store/sql.h; masks are bound as bigint (CAST) so that PostgreSQL never
 * reads a 47-bit mask as an integer.
 */
#include "store/services.h"
#include "lib/clock.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "store/service_index.h"
#include "store/sql.h"

const char *const provider_status_names[PROVIDER_STATUS_COUNT] = {"pending", "approved",
                                                                  "rejected"};
const char *const version_status_names[VERSION_STATUS_COUNT] = {"pending", "approved", "rejected",
                                                                "withdrawn"};

/* ---- providers ------------------------------------------------------------ */

/* The language to write to provider t's contact in: that of the account
 * at its contact address, else that of the account that applied, else
 * "" (unknown). */
#define PROVIDER_CONTACT_LANG(t)                                                                   \
	" coalesce((SELECT u.lang FROM \"user\" u WHERE u.email = " t ".contact_email),"           \
	" (SELECT u.lang FROM \"user\" u WHERE u.id = " t ".applied_by), '')"
#define PROVIDER_COLUMNS                                                                           \
	"id, organisation_id, company_name, corporate_number, address, contact_name,"              \
	" contact_email, contact_phone, reject_reason, status, coalesce(applied_by, 0),"           \
	" created_at, updated_at, coalesce(reviewed_at, 0)," PROVIDER_CONTACT_LANG(                \
	    "service_provider")

static const struct sql SQL_PROVIDER_BY_ORG =
    SQL("SELECT " PROVIDER_COLUMNS " FROM service_provider WHERE organisation_id = $1");
static const struct sql SQL_PROVIDER_BY_ID =
    SQL("SELECT " PROVIDER_COLUMNS " FROM service_provider WHERE id = $1");
static const struct sql SQL_PROVIDER_BY_NUMBER =
    SQL("SELECT " PROVIDER_COLUMNS " FROM service_provider"
        " WHERE corporate_number = $1 AND status = 'approved' ORDER BY id LIMIT 1");
/* Written over a rejected application only: a pending or approved one
 * makes the statement return no row (MM_ERR_CONFLICT). */
static const struct sql SQL_PROVIDER_APPLY = SQL(
    "INSERT INTO service_provider (organisation_id, company_name, corporate_number, address,"
    " contact_name, contact_email, contact_phone, status, reject_reason, applied_by, created_at,"
    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', '', nullif($8, 0), $9, $9)"
    " ON CONFLICT (organisation_id) DO UPDATE SET company_name = excluded.company_name,"
    " corporate_number = excluded.corporate_number, address = excluded.address,"
    " contact_name = excluded.contact_name, contact_email = excluded.contact_email,"
    " contact_phone = excluded.contact_phone, status = 'pending', reject_reason = '',"
    " applied_by = excluded.applied_by, updated_at = excluded.updated_at, reviewed_at = NULL,"
    " reviewed_by = NULL WHERE service_provider.status = 'rejected' RETURNING id");
static const struct sql SQL_PROVIDER_REVIEW =
    SQL("UPDATE service_provider SET status = $2, reject_reason = $3, reviewed_by = nullif($4, 0),"
        " reviewed_at = $5, updated_at = $5 WHERE id = $1 AND status = 'pending'");
static const struct sql SQL_PROVIDERS_BY_STATUS =
    SQL("SELECT " PROVIDER_COLUMNS " FROM service_provider WHERE status = $1 ORDER BY id"
        " LIMIT $2 OFFSET $3");
static const struct sql SQL_PROVIDERS_BY_STATUS_COUNT =
    SQL("SELECT count(*) FROM service_provider WHERE status = $1");

static const struct sql SQL_PROVIDER_SEED =
    SQL("INSERT INTO service_provider (organisation_id, company_name, corporate_number, address,"
        " contact_name, contact_email, contact_phone, status, created_at, updated_at, reviewed_at)"
        " SELECT id, $2, $3, $4, $5, $6, '', 'approved', $7, $7, $7 FROM organisation"
        " WHERE public_id = $1 ON CONFLICT (organisation_id) DO NOTHING");
static const struct sql SQL_PROVIDER_SEED_ID =
    SQL("SELECT p.id FROM service_provider p JOIN organisation o ON o.id = p.organisation_id"
        " WHERE o.public_id = $1");
/* A seeded provider's contact is an address nobody reads (.invalid). */
static const struct sql SQL_PROVIDER_SEED_ORGS =
    SQL("INSERT INTO service_provider (organisation_id, company_name, corporate_number, address,"
        " contact_name, contact_email, contact_phone, status, created_at, updated_at, reviewed_at)"
        " SELECT id, name, corporate_number, address, name,"
        " 'provider-' || public_id || '@example.invalid', '', 'approved', $2, $2, $2"
        " FROM organisation WHERE corporate_number IS NOT NULL AND corporate_number <> ''"
        " ORDER BY id LIMIT $1 ON CONFLICT (organisation_id) DO NOTHING");
static const struct sql SQL_PROVIDER_SEEDED =
    SQL("SELECT id FROM service_provider WHERE status = 'approved' ORDER BY id LIMIT $1");

static void read_provider(struct arena *a, const struct sql_row *r, void *item)
{
	struct service_provider *p = item;
	p->id = sql_col_int64(r, 0);
	p->organisation_id = sql_col_int64(r, 1);
	p->company_name = sql_col_str(a, r, 2);
	p->corporate_number = sql_col_str(a, r, 3);
	p->address = sql_col_str(a, r, 4);
	p->contact_name = sql_col_str(a, r, 5);
	p->contact_email = sql_col_str(a, r, 6);
	p->contact_phone = sql_col_str(a, r, 7);
	p->reject_reason = sql_col_str(a, r, 8);
	p->status = (enum provider_status)sql_col_name_index(r, 9, provider_status_names,
	                                                     PROVIDER_STATUS_COUNT);
	p->applied_by = sql_col_int64(r, 10);
	p->created_at = sql_col_int64(r, 11);
	p->updated_at = sql_col_int64(r, 12);
	p->reviewed_at = sql_col_int64(r, 13);
	p->contact_lang = sql_col_str(a, r, 14);
}

enum mm_err store_provider_by_org(struct store *s, struct arena *a, int64_t org_id,
                                  struct service_provider *out)
{
	return sql_row(s, a, &SQL_PROVIDER_BY_ORG, ARGS(ARG_INT(org_id)), read_provider, out,
	               "provider by org");
}

enum mm_err store_provider_by_id(struct store *s, struct arena *a, int64_t id,
                                 struct service_provider *out)
{
	return sql_row(s, a, &SQL_PROVIDER_BY_ID, ARGS(ARG_INT(id)), read_provider, out,
	               "provider by id");
}

enum mm_err store_provider_by_corporate_number(struct store *s, struct arena *a, struct str number,
                                               struct service_provider *out)
{
	return sql_row(s, a, &SQL_PROVIDER_BY_NUMBER, ARGS(ARG_TEXT(number)), read_provider, out,
	               "provider by corporate number");
}

enum mm_err store_provider_apply(struct store *s, const struct service_provider *p, int64_t now,
                                 int64_t *id)
{
	return sql_insert(s, &SQL_PROVIDER_APPLY,
	                  ARGS(ARG_INT(p->organisation_id), ARG_TEXT(p->company_name),
	                       ARG_TEXT(p->corporate_number), ARG_TEXT(p->address),
	                       ARG_TEXT(p->contact_name), ARG_TEXT(p->contact_email),
	                       ARG_TEXT(p->contact_phone), ARG_INT(p->applied_by), ARG_INT(now)),
	                  "provider apply", id);
}

enum mm_err store_provider_seed(struct store *s, struct str public_id,
                                const struct service_provider *p, int64_t now, int64_t *id)
{
	enum mm_err e =
	    sql_exec(s, &SQL_PROVIDER_SEED,
	             ARGS(ARG_TEXT(public_id), ARG_TEXT(p->company_name),
	                  ARG_TEXT(p->corporate_number), ARG_TEXT(p->address),
	                  ARG_TEXT(p->contact_name), ARG_TEXT(p->contact_email), ARG_INT(now)),
	             "provider seed");
	return e ? e
	         : sql_int64_of(s, &SQL_PROVIDER_SEED_ID, ARGS(ARG_TEXT(public_id)),
	                        "provider seed id", id);
}

enum mm_err store_provider_seed_orgs(struct store *s, struct arena *a, size_t n, int64_t now,
                                     int64_t **ids, size_t *count)
{
	enum mm_err e = sql_exec(s, &SQL_PROVIDER_SEED_ORGS,
	                         ARGS(ARG_INT((int64_t)n), ARG_INT(now)), "provider seed orgs");
	if (e)
		return e;
	return sql_rows(s, a, &SQL_PROVIDER_SEEDED, ARGS(ARG_INT((int64_t)n)), sizeof **ids,
	                SQL_ROWS_ANY, sql_read_int64, (void **)ids, count, "providers seeded");
}

enum mm_err store_provider_review(struct store *s, int64_t id, enum provider_status status,
                                  struct str reason, int64_t reviewer, int64_t now)
{
	if (status != PROVIDER_APPROVED && status != PROVIDER_REJECTED)
		return MM_ERR_INVALID;
	return sql_exec_one(s, &SQL_PROVIDER_REVIEW,
	                    ARGS(ARG_INT(id), ARG_CSTR(provider_status_names[status]),
	                         ARG_TEXT(status == PROVIDER_REJECTED ? reason : STR("")),
	                         ARG_INT(reviewer), ARG_INT(now)),
	                    "provider review");
}

enum mm_err store_providers_by_status(struct store *s, struct arena *a, enum provider_status status,
                                      struct org_page page, struct service_provider **out,
                                      size_t *n, int64_t *total)
{
	const char *name = provider_status_names[status < PROVIDER_STATUS_COUNT ? status : 0];
	return sql_rows_counted(s, a, &SQL_PROVIDERS_BY_STATUS_COUNT, &SQL_PROVIDERS_BY_STATUS,
	                        ARGS(ARG_CSTR(name), ARG_INT(page.limit), ARG_INT(page.offset)), 2,
	                        sizeof **out, SQL_ROWS_ANY, read_provider, (void **)out, n, total,
	                        "providers by status");
}

/* ---- versions ---------------------------------------------------------------- */

#define VERSION_COLUMNS                                                                            \
	"s.id, v.id, v.number, s.provider_id, p.company_name, s.kind,"                             \
	" coalesce(s.external_key, ''), v.status, v.reject_reason, v.name, v.description,"         \
	" v.prefectures, v.nationwide, v.on_site, v.price_min, v.price_max, v.price_unit,"         \
	" v.bundle_class, v.bundle_monthly_price, v.bundle_device_price,"                          \
	" v.bundle_min_term_months, v.bundle_contents, v.detail_help_desk,"                        \
	" v.detail_network_monitoring, v.detail_endpoint_monitoring, v.detail_on_site_response,"   \
	" v.detail_cyber_insurance, v.categories, v.product_function, v.tag_items, v.tag_rules,"   \
	" v.tag_directives, v.url, v.contact, v.registration_number, v.valid_from, v.valid_until," \
	" v.languages, coalesce(v.submitted_by, 0), v.submitted_at, coalesce(v.reviewed_by, 0),"   \
	" coalesce(v.reviewed_at, 0),"                                                             \
	" CASE WHEN s.live_version_id = v.id THEN 1 ELSE 0 END,"                                   \
	" CASE WHEN s.live_version_id IS NOT NULL THEN 1 ELSE 0 END"
#define VERSION_FROM                                                                               \
	" FROM service_version v JOIN service s ON s.id = v.service_id"                            \
	" JOIN service_provider p ON p.id = s.provider_id"
#define LIVE_FROM                                                                                  \
	" FROM service s JOIN service_version v ON v.id = s.live_version_id"                       \
	" JOIN service_provider p ON p.id = s.provider_id"
/* Shown on $1 (today): approved and within its dates. The dates are
 * copied onto service when the version becomes live. */
#define LIVE_ON_TODAY                                                                              \
	" s.live_version_id IS NOT NULL AND (s.valid_from = '' OR s.valid_from <= $1)"             \
	" AND (s.valid_until = '' OR s.valid_until >= $1)"

static void read_version(struct arena *a, const struct sql_row *r, void *item)
{
	struct service *v = item;
	int c = 0;
	v->id = sql_col_int64(r, c++);
	v->version_id = sql_col_int64(r, c++);
	v->number = sql_col_int64(r, c++);
	v->provider_id = sql_col_int64(r, c++);
	v->provider_name = sql_col_str(a, r, c++);
	v->kind = (enum service_kind)sql_col_name_index(r, c++, service_kinds, SERVICE_KIND_COUNT);
	v->external_key = sql_col_str(a, r, c++);
	v->status = (enum version_status)sql_col_name_index(r, c++, version_status_names,
	                                                    VERSION_STATUS_COUNT);
	v->reject_reason = sql_col_str(a, r, c++);
	v->name = sql_col_str(a, r, c++);
	v->description = sql_col_str(a, r, c++);
	v->prefectures = sql_col_int64(r, c++);
	v->nationwide = sql_col_bool(r, c++);
	v->on_site = sql_col_bool(r, c++);
	v->price_min = sql_col_int64(r, c++);
	v->price_max = sql_col_int64(r, c++);
	v->price_unit = sql_col_str(a, r, c++);
	v->bundle_class = sql_col_int(r, c++);
	v->bundle_monthly_price = sql_col_int64(r, c++);
	v->bundle_device_price = sql_col_int64(r, c++);
	v->bundle_min_term_months = sql_col_int64(r, c++);
	v->bundle_contents = sql_col_int64(r, c++);
	for (int i = 0; i < SERVICE_CONTENT_COUNT; i++)
		v->bundle_details[i] = sql_col_str(a, r, c++);
	v->categories = sql_col_int64(r, c++);
	v->product_function = sql_col_str(a, r, c++);
	v->tags.items = sql_col_int64(r, c++);
	v->tags.rules = sql_col_int64(r, c++);
	v->tags.directives = sql_col_int64(r, c++);
	v->url = sql_col_str(a, r, c++);
	v->contact = sql_col_str(a, r, c++);
	v->registration_number = sql_col_str(a, r, c++);
	v->valid_from = sql_col_str(a, r, c++);
	v->valid_until = sql_col_str(a, r, c++);
	v->languages = sql_col_int64(r, c++);
	v->submitted_by = sql_col_int64(r, c++);
	v->submitted_at = sql_col_int64(r, c++);
	v->reviewed_by = sql_col_int64(r, c++);
	v->reviewed_at = sql_col_int64(r, c++);
	v->live = sql_col_int64(r, c++) != 0;
	v->has_live = sql_col_int64(r, c++) != 0;
}

/* One page of the versions of list and how many count finds: args are
 * the listing's filters, then the page's LIMIT and OFFSET (the last two,
 * which count is run without). */
static enum mm_err versions_page(struct store *s, struct arena *a, const struct sql *count,
                                 const struct sql *list, const struct store_arg *args,
                                 size_t n_args, struct service **out, size_t *n, int64_t *total,
                                 const char *what)
{
	return sql_rows_counted(s, a, count, list, args, n_args, 2, sizeof **out, SQL_ROWS_ANY,
	                        read_version, (void **)out, n, total, what);
}

/* ---- public reads ------------------------------------------------------------- */

/* The filters are "any" when empty or 0. Prefecture and tag are lookups in
 * service_region and service_tag (their primary keys lead with the value
 * searched). */
#define FILTER_WHERE                                                                               \
	" AND (CAST($2 AS text) = '' OR s.kind = $2)"                                              \
	" AND (CAST($3 AS bigint) = 0 OR s.id IN (SELECT service_id FROM service_region"           \
	" WHERE prefecture IN (0, CAST($3 AS bigint))))"                                           \
	" AND (CAST($4 AS text) = '' OR s.id IN (SELECT service_id FROM service_tag"               \
	" WHERE tag = $4))"                                                                        \
	" AND (CAST($5 AS bigint) = 0 OR s.provider_id = $5)"

static const struct sql SQL_SERVICE_LIVE =
    SQL("SELECT " VERSION_COLUMNS LIVE_FROM " WHERE" LIVE_ON_TODAY " AND s.id = $2");
static const struct sql SQL_SERVICE_LIVE_VERSION =
    SQL("SELECT " VERSION_COLUMNS LIVE_FROM " WHERE s.id = $1");
static const struct sql SQL_SERVICES_LIVE =
    SQL("SELECT " VERSION_COLUMNS LIVE_FROM " WHERE" LIVE_ON_TODAY FILTER_WHERE
        " ORDER BY s.name, s.id LIMIT $6 OFFSET $7");
static const struct sql SQL_SERVICES_LIVE_COUNT =
    SQL("SELECT count(*) FROM service s WHERE" LIVE_ON_TODAY FILTER_WHERE);
static const struct sql SQL_SERVICES_LIVE_AFTER =
    SQL("SELECT " VERSION_COLUMNS LIVE_FROM " WHERE" LIVE_ON_TODAY
        " AND s.id > $2 ORDER BY s.id LIMIT $3");
static const struct sql SQL_SERVICE_TAGS = SQL("SELECT tag FROM service_tag WHERE service_id = $1");

enum mm_err store_service_live(struct store *s, struct arena *a, int64_t id, struct str today,
                               struct service *out)
{
	return sql_row(s, a, &SQL_SERVICE_LIVE, ARGS(ARG_TEXT(today), ARG_INT(id)), read_version,
	               out, "service live");
}

enum mm_err store_service_live_version(struct store *s, struct arena *a, int64_t id,
                                       struct service *out)
{
	return sql_row(s, a, &SQL_SERVICE_LIVE_VERSION, ARGS(ARG_INT(id)), read_version, out,
	               "service live version");
}

enum mm_err store_services_live(struct store *s, struct arena *a, const struct service_filter *f,
                                struct org_page page, struct service **out, size_t *n,
                                int64_t *total)
{
	const char *kind =
	    f->kind >= 1 && f->kind <= SERVICE_KIND_COUNT ? service_kinds[f->kind - 1] : "";
	return versions_page(s, a, &SQL_SERVICES_LIVE_COUNT, &SQL_SERVICES_LIVE,
	                     ARGS(ARG_TEXT(f->today), ARG_CSTR(kind), ARG_INT(f->prefecture),
	                          ARG_TEXT(f->tag), ARG_INT(f->provider_id), ARG_INT(page.limit),
	                          ARG_INT(page.offset)),
	                     out, n, total, "services live");
}

static const struct sql SQL_CATALOGUE_GENERATION =
    SQL("SELECT generation FROM catalogue_generation WHERE id = 1");

enum mm_err store_catalogue_generation(struct store *s, int64_t *out)
{
	return sql_int64_of(s, &SQL_CATALOGUE_GENERATION, NO_ARGS, "catalogue generation", out);
}

/* The last reading, shared by the serving threads. */
static struct {
	pthread_mutex_t lock;
	bool read;
	uint64_t commits;
	int64_t read_ms, generation;
} recent = {.lock = PTHREAD_MUTEX_INITIALIZER};

enum mm_err store_catalogue_generation_recent(struct store *s, int64_t *out)
{
	uint64_t commits = store_commits(); /* before reading: a later commit reads again */
	int64_t now = clock_monotonic_ms();
	bool fresh;
	pthread_mutex_lock(&recent.lock);
	fresh = recent.read && recent.commits == commits &&
	        now - recent.read_ms < CATALOGUE_GENERATION_FRESH_MS;
	if (fresh)
		*out = recent.generation;
	pthread_mutex_unlock(&recent.lock);
	if (fresh)
		return MM_OK;
	enum mm_err e = store_catalogue_generation(s, out);
	if (e)
		return e;
	pthread_mutex_lock(&recent.lock);
	recent.read = true;
	recent.commits = commits;
	recent.read_ms = now;
	recent.generation = *out;
	pthread_mutex_unlock(&recent.lock);
	return MM_OK;
}

enum mm_err store_services_live_after(struct store *s, struct arena *a, struct str today,
                                      int64_t after_id, size_t limit, struct service **out,
                                      size_t *n)
{
	return sql_rows(s, a, &SQL_SERVICES_LIVE_AFTER,
	                ARGS(ARG_TEXT(today), ARG_INT(after_id), ARG_INT((int64_t)limit)),
	                sizeof **out, SQL_ROWS_ANY, read_version, (void **)out, n,
	                "services live after");
}

enum mm_err store_service_tags(struct store *s, struct arena *a, int64_t id, struct str **out,
                               size_t *n)
{
	struct service_tags t = {0};
	struct str *tags;
	size_t count, k = 0;
	enum mm_err e =
	    sql_rows(s, a, &SQL_SERVICE_TAGS, ARGS(ARG_INT(id)), sizeof *tags, SERVICE_TAG_COUNT,
	             sql_read_str, (void **)&tags, &count, "service tags");
	if (e)
		return e;
	/* In the order of the 40 tags, not of the text. */
	for (size_t i = 0; i < count; i++)
		(void)service_tag_add(&t, tags[i]);
	for (int i = 0; i < SERVICE_TAG_COUNT && k < count; i++) {
		char one[16];
		if (service_tag_name(&t, i, one)) {
			size_t len = strlen(one);
			char *p = arena_alloc(a, len + 1);
			if (!p)
				return MM_ERR_NOMEM;
			memcpy(p, one, len + 1);
			tags[k++] = (struct str){p, len};
		}
	}
	*out = k ? tags : NULL;
	*n = k;
	return MM_OK;
}

/* ---- a provider's listings ------------------------------------------------------- */

static const struct sql SQL_SERVICE_LATEST =
    SQL("SELECT " VERSION_COLUMNS VERSION_FROM " WHERE v.service_id = $1"
        " ORDER BY v.number DESC LIMIT 1");
static const struct sql SQL_SERVICES_OF_PROVIDER =
    SQL("SELECT " VERSION_COLUMNS VERSION_FROM " WHERE s.provider_id = $1"
        " AND v.number = (SELECT max(number) FROM service_version WHERE service_id = s.id)"
        " ORDER BY s.id LIMIT $2 OFFSET $3");
static const struct sql SQL_SERVICES_OF_PROVIDER_COUNT =
    SQL("SELECT count(*) FROM service WHERE provider_id = $1");
static const struct sql SQL_SERVICE_VERSIONS =
    SQL("SELECT " VERSION_COLUMNS VERSION_FROM " WHERE v.service_id = $1 ORDER BY v.number DESC");
static const struct sql SQL_SERVICE_VERSION =
    SQL("SELECT " VERSION_COLUMNS VERSION_FROM " WHERE v.id = $1");
/* A listing has at most a few hundred versions; its history is one page. */
#define SERVICE_VERSIONS_MAX 500

enum mm_err store_service_latest(struct store *s, struct arena *a, int64_t id, struct service *out)
{
	return sql_row(s, a, &SQL_SERVICE_LATEST, ARGS(ARG_INT(id)), read_version, out,
	               "service latest");
}

enum mm_err store_services_of_provider(struct store *s, struct arena *a, int64_t provider_id,
                                       struct org_page page, struct service **out, size_t *n,
                                       int64_t *total)
{
	return versions_page(s, a, &SQL_SERVICES_OF_PROVIDER_COUNT, &SQL_SERVICES_OF_PROVIDER,
	                     ARGS(ARG_INT(provider_id), ARG_INT(page.limit), ARG_INT(page.offset)),
	                     out, n, total, "services of provider");
}

enum mm_err store_service_versions(struct store *s, struct arena *a, int64_t id,
                                   struct service **out, size_t *n)
{
	return sql_rows(s, a, &SQL_SERVICE_VERSIONS, ARGS(ARG_INT(id)), sizeof **out,
	                SERVICE_VERSIONS_MAX, read_version, (void **)out, n, "service versions");
}

enum mm_err store_service_version(struct store *s, struct arena *a, int64_t version_id,
                                  struct service *out)
{
	return sql_row(s, a, &SQL_SERVICE_VERSION, ARGS(ARG_INT(version_id)), read_version, out,
	               "service version");
}

/* ---- writing versions --------------------------------------------------------------- */

static const struct sql SQL_SERVICE_INSERT =
    SQL("INSERT INTO service (provider_id, kind, external_key, created_at, updated_at)"
        " VALUES ($1, $2, nullif($3, ''), $4, $4) RETURNING id");
static const struct sql SQL_VERSION_WITHDRAW_PENDING =
    SQL("UPDATE service_version SET status = 'withdrawn' WHERE service_id = $1"
        " AND status = 'pending'");
static const struct sql SQL_VERSION_NEXT_NUMBER =
    SQL("SELECT coalesce(max(number), 0) + 1 FROM service_version WHERE service_id = $1");
static const struct sql SQL_VERSION_INSERT = SQL(
    "INSERT INTO service_version (service_id, number, status, name, description, prefectures,"
    " nationwide, on_site, price_min, price_max, price_unit, bundle_class, bundle_monthly_price,"
    " bundle_device_price, bundle_min_term_months, bundle_contents, detail_help_desk,"
    " detail_network_monitoring, detail_endpoint_monitoring, detail_on_site_response,"
    " detail_cyber_insurance, categories, product_function, tag_items, tag_rules,"
    " tag_directives, url, contact, registration_number, valid_from, valid_until, languages,"
    " submitted_by, submitted_at)"
    " VALUES ($1, $2, 'pending', $3, $4, CAST($5 AS bigint), $6, $7, $8, $9, $10, $11, $12, $13,"
    " $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31,"
    " nullif($32, 0), $33) RETURNING id");
static const struct sql SQL_SERVICE_TOUCH = SQL("UPDATE service SET updated_at = $2 WHERE id = $1");

static enum mm_err insert_version(struct store *s, int64_t id, const struct service *v,
                                  int64_t author, int64_t now, int64_t *version_id)
{
	int64_t number;
	enum mm_err e;
	if ((e = sql_exec(s, &SQL_VERSION_WITHDRAW_PENDING, ARGS(ARG_INT(id)),
	                  "version withdraw")) ||
	    (e = sql_int64_of(s, &SQL_VERSION_NEXT_NUMBER, ARGS(ARG_INT(id)), "version number",
	                      &number)) ||
	    (e = sql_exec_one(s, &SQL_SERVICE_TOUCH, ARGS(ARG_INT(id), ARG_INT(now)),
	                      "service touch")))
		return e;
	return sql_insert(
	    s, &SQL_VERSION_INSERT,
	    ARGS(ARG_INT(id), ARG_INT(number), ARG_TEXT(v->name), ARG_TEXT(v->description),
	         ARG_INT(v->prefectures), ARG_BOOL(v->nationwide), ARG_BOOL(v->on_site),
	         ARG_INT(v->price_min), ARG_INT(v->price_max), ARG_TEXT(v->price_unit),
	         ARG_INT(v->bundle_class), ARG_INT(v->bundle_monthly_price),
	         ARG_INT(v->bundle_device_price), ARG_INT(v->bundle_min_term_months),
	         ARG_INT(v->bundle_contents), ARG_TEXT(v->bundle_details[0]),
	         ARG_TEXT(v->bundle_details[1]), ARG_TEXT(v->bundle_details[2]),
	         ARG_TEXT(v->bundle_details[3]), ARG_TEXT(v->bundle_details[4]),
	         ARG_INT(v->categories), ARG_TEXT(v->product_function), ARG_INT(v->tags.items),
	         ARG_INT(v->tags.rules), ARG_INT(v->tags.directives), ARG_TEXT(v->url),
	         ARG_TEXT(v->contact), ARG_TEXT(v->registration_number), ARG_TEXT(v->valid_from),
	         ARG_TEXT(v->valid_until), ARG_INT(v->languages), ARG_INT(author), ARG_INT(now)),
	    "version insert", version_id);
}

static enum mm_err insert_service(struct store *s, const struct service *v, int64_t now,
                                  int64_t *id)
{
	if (v->kind >= SERVICE_KIND_COUNT)
		return MM_ERR_INVALID;
	return sql_insert(s, &SQL_SERVICE_INSERT,
	                  ARGS(ARG_INT(v->provider_id), ARG_CSTR(service_kinds[v->kind]),
	                       ARG_TEXT(v->external_key), ARG_INT(now)),
	                  "service insert", id);
}

enum mm_err store_service_create(struct store *s, const struct service *v, int64_t author,
                                 int64_t now, int64_t *id, int64_t *version_id)
{
	enum mm_err e = insert_service(s, v, now, id);
	return e ? e : insert_version(s, *id, v, author, now, version_id);
}

enum mm_err store_service_change(struct store *s, int64_t id, const struct service *v,
                                 int64_t author, int64_t now, int64_t *version_id)
{
	return insert_version(s, id, v, author, now, version_id);
}

/* ---- review ---------------------------------------------------------------------- */

static const struct sql SQL_SERVICE_QUEUE =
    SQL("SELECT " VERSION_COLUMNS VERSION_FROM " WHERE v.status = 'pending' ORDER BY v.id"
        " LIMIT $1 OFFSET $2");
static const struct sql SQL_SERVICE_QUEUE_COUNT =
    SQL("SELECT count(*) FROM service_version WHERE status = 'pending'");
static const struct sql SQL_VERSION_DECIDE =
    SQL("UPDATE service_version SET status = $2, reject_reason = $3, reviewed_by = nullif($4, 0),"
        " reviewed_at = $5 WHERE id = $1 AND status = 'pending'");
static const struct sql SQL_SERVICE_SET_LIVE =
    SQL("UPDATE service SET live_version_id = $2, name = $3, valid_from = $4, valid_until = $5,"
        " updated_at = $6 WHERE id = $1");
static const struct sql SQL_REGION_CLEAR = SQL("DELETE FROM service_region WHERE service_id = $1");
static const struct sql SQL_REGION_ADD =
    SQL("INSERT INTO service_region (prefecture, service_id) VALUES ($1, $2)");
static const struct sql SQL_TAG_CLEAR = SQL("DELETE FROM service_tag WHERE service_id = $1");
static const struct sql SQL_TAG_ADD =
    SQL("INSERT INTO service_tag (tag, service_id) VALUES ($1, $2)");

enum mm_err store_service_queue(struct store *s, struct arena *a, struct org_page page,
                                struct service **out, size_t *n, int64_t *total)
{
	return versions_page(s, a, &SQL_SERVICE_QUEUE_COUNT, &SQL_SERVICE_QUEUE,
	                     ARGS(ARG_INT(page.limit), ARG_INT(page.offset)), out, n, total,
	                     "service queue");
}

static enum mm_err write_lookups(struct store *s, const struct service *v)
{
	enum mm_err e;
	if ((e = sql_exec(s, &SQL_REGION_CLEAR, ARGS(ARG_INT(v->id)), "region clear")) ||
	    (e = sql_exec(s, &SQL_TAG_CLEAR, ARGS(ARG_INT(v->id)), "tag clear")))
		return e;
	if (v->nationwide &&
	    (e = sql_exec(s, &SQL_REGION_ADD, ARGS(ARG_INT(0), ARG_INT(v->id)), "region add")))
		return e;
	for (int p = 1; p <= 47 && !v->nationwide; p++)
		if ((v->prefectures & ((int64_t)1 << (p - 1))) &&
		    (e = sql_exec(s, &SQL_REGION_ADD, ARGS(ARG_INT(p), ARG_INT(v->id)),
		                  "region add")))
			return e;
	for (int i = 0; i < SERVICE_TAG_COUNT; i++) {
		char tag[16];
		if (service_tag_name(&v->tags, i, tag) &&
		    (e = sql_exec(s, &SQL_TAG_ADD, ARGS(ARG_CSTR(tag), ARG_INT(v->id)), "tag add")))
			return e;
	}
	return MM_OK;
}

enum mm_err store_service_make_live(struct store *s, int64_t version_id, int64_t reviewer,
                                    int64_t now)
{
	struct arena a;
	struct service v;
	enum mm_err e;
	arena_init(&a, 64 * 1024);
	if ((e = store_service_version(s, &a, version_id, &v)) ||
	    (e = sql_exec_one(s, &SQL_VERSION_DECIDE,
	                      ARGS(ARG_INT(version_id), ARG_CSTR("approved"), ARG_CSTR(""),
	                           ARG_INT(reviewer), ARG_INT(now)),
	                      "version approve")) ||
	    (e = sql_exec_one(s, &SQL_SERVICE_SET_LIVE,
	                      ARGS(ARG_INT(v.id), ARG_INT(version_id), ARG_TEXT(v.name),
	                           ARG_TEXT(v.valid_from), ARG_TEXT(v.valid_until), ARG_INT(now)),
	                      "service set live")))
		goto out;
	if (!(e = write_lookups(s, &v)))
		e = store_service_index_live(s, &v); /* the search's index (service_index.h) */
out:
	arena_free(&a);
	return e;
}

enum mm_err store_service_reject(struct store *s, int64_t version_id, struct str reason,
                                 int64_t reviewer, int64_t now)
{
	return sql_exec_one(s, &SQL_VERSION_DECIDE,
	                    ARGS(ARG_INT(version_id), ARG_CSTR("rejected"), ARG_TEXT(reason),
	                         ARG_INT(reviewer), ARG_INT(now)),
	                    "version reject");
}

/* ---- import ------------------------------------------------------------------------ */

static const struct sql SQL_SERVICE_BY_KEY =
    SQL("SELECT " VERSION_COLUMNS VERSION_FROM " WHERE s.external_key = $1"
        " ORDER BY v.number DESC LIMIT 1");

enum mm_err store_service_by_external_key(struct store *s, struct arena *a, struct str key,
                                          struct service *out)
{
	return sql_row(s, a, &SQL_SERVICE_BY_KEY, ARGS(ARG_TEXT(key)), read_version, out,
	               "service by key");
}

enum mm_err store_service_import_new(struct store *s, const struct service *v, int64_t admin,
                                     int64_t now, int64_t *id)
{
	int64_t version_id;
	enum mm_err e = store_service_create(s, v, admin, now, id, &version_id);
	return e ? e : store_service_make_live(s, version_id, admin, now);
}

enum mm_err store_service_import_change(struct store *s, int64_t id, const struct service *v,
                                        int64_t admin, int64_t now)
{
	int64_t version_id;
	enum mm_err e = store_service_change(s, id, v, admin, now, &version_id);
	return e ? e : store_service_make_live(s, version_id, admin, now);
}

bool service_content_equal(const struct service *a, const struct service *b)
{
	for (int i = 0; i < SERVICE_CONTENT_COUNT; i++)
		if (!str_eq(a->bundle_details[i], b->bundle_details[i]))
			return false;
	return a->kind == b->kind && a->provider_id == b->provider_id && str_eq(a->name, b->name) &&
	       str_eq(a->description, b->description) && a->prefectures == b->prefectures &&
	       a->nationwide == b->nationwide && a->on_site == b->on_site &&
	       a->price_min == b->price_min && a->price_max == b->price_max &&
	       str_eq(a->price_unit, b->price_unit) && a->bundle_class == b->bundle_class &&
	       a->bundle_monthly_price == b->bundle_monthly_price &&
	       a->bundle_device_price == b->bundle_device_price &&
	       a->bundle_min_term_months == b->bundle_min_term_months &&
	       a->bundle_contents == b->bundle_contents && a->categories == b->categories &&
	       str_eq(a->product_function, b->product_function) && a->tags.items == b->tags.items &&
	       a->tags.rules == b->tags.rules && a->tags.directives == b->tags.directives &&
	       str_eq(a->url, b->url) && str_eq(a->contact, b->contact) &&
	       str_eq(a->registration_number, b->registration_number) &&
	       str_eq(a->valid_from, b->valid_from) && str_eq(a->valid_until, b->valid_until) &&
	       a->languages == b->languages;
}

/* ---- expiry -------------------------------------------------------------------------- */

static const struct sql SQL_SERVICES_EXPIRING =
    SQL("SELECT s.id, s.name, s.valid_until, p.contact_email," PROVIDER_CONTACT_LANG(
        "p") " FROM service s"
             " JOIN service_provider p ON p.id = s.provider_id"
             " WHERE s.valid_until <> '' AND s.valid_until >= $1 AND s.valid_until <= $2"
             " AND s.live_version_id IS NOT NULL AND s.expiry_notice_for <> s.valid_until"
             " ORDER BY s.valid_until, s.id LIMIT $3");
static const struct sql SQL_SERVICE_EXPIRY_NOTICED =
    SQL("UPDATE service SET expiry_notice_for = $2 WHERE id = $1");

static void read_expiry(struct arena *a, const struct sql_row *r, void *item)
{
	struct service_expiry *x = item;
	x->id = sql_col_int64(r, 0);
	x->name = sql_col_str(a, r, 1);
	x->valid_until = sql_col_str(a, r, 2);
	x->contact_email = sql_col_str(a, r, 3);
	x->contact_lang = sql_col_str(a, r, 4);
}

enum mm_err store_services_expiring(struct store *s, struct arena *a, struct str today,
                                    struct str until, size_t limit, struct service_expiry **out,
                                    size_t *n)
{
	return sql_rows(s, a, &SQL_SERVICES_EXPIRING,
	                ARGS(ARG_TEXT(today), ARG_TEXT(until), ARG_INT((int64_t)limit)),
	                sizeof **out, SQL_ROWS_ANY, read_expiry, (void **)out, n,
	                "services expiring");
}

enum mm_err store_service_expiry_noticed(struct store *s, int64_t id, struct str valid_until)
{
	return sql_exec_one(s, &SQL_SERVICE_EXPIRY_NOTICED,
	                    ARGS(ARG_INT(id), ARG_TEXT(valid_until)), "service expiry noticed");
}
