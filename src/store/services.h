/*
 * services.h — the service catalogue's store (migration 0027): providers
 * and their review, listings and every version of each, the review queue
 * of versions, the one function that makes a version live, the public
 * reads of live listings (filtered by date on every read, so an expired
 * registration is hidden on the day after its end whether or not any job
 * has run), the expiry notices, and the import's lookup by external key.
 *
 * A listing (struct service) read for the public is its live version;
 * for its provider and the administrators, any version. Lists are bits
 * (see core/catalogue.h and the migration); the live version's
 * prefectures and tags are also rows of service_region and service_tag
 * for searches that must use an index.
 */
#ifndef MM_STORE_SERVICES_H
#define MM_STORE_SERVICES_H

#include "core/catalogue.h"
#include "store/org.h"

enum provider_status {
	PROVIDER_PENDING,
	PROVIDER_APPROVED,
	PROVIDER_REJECTED,
	PROVIDER_STATUS_COUNT
};
extern const char *const provider_status_names[PROVIDER_STATUS_COUNT]; /* as stored */

struct service_provider {
	int64_t id, organisation_id;
	struct str company_name, corporate_number, address, contact_name, contact_email,
	    contact_phone, reject_reason;
	enum provider_status status;
	int64_t applied_by, created_at, updated_at, reviewed_at; /* reviewed_at 0: never */
	struct str contact_lang; /* (reads only) the language of the account at contact_email,
	                            else of the applicant's; "" when neither is known */
};

enum version_status {
	VERSION_PENDING,
	VERSION_APPROVED,
	VERSION_REJECTED,
	VERSION_WITHDRAWN,
	VERSION_STATUS_COUNT
};
extern const char *const version_status_names[VERSION_STATUS_COUNT]; /* as stored */

/* One version of a listing: what a provider writes and a reviewer
 * approves. The same struct carries the live version to the public. */
struct service {
	int64_t id;               /* the listing's (service.id) */
	int64_t version_id;       /* this version's (service_version.id) */
	int64_t number;           /* 1, 2, … within the listing */
	int64_t provider_id;      /* its provider */
	struct str provider_name; /* the provider's company name (reads only) */
	enum service_kind kind;
	struct str external_key; /* "" unless imported */
	enum version_status status;
	struct str reject_reason;
	struct str name, description; /* description: CommonMark */
	int64_t prefectures;          /* bit (code - 1) */
	bool nationwide, on_site;
	int64_t price_min, price_max; /* yen before tax; price_max 0: no range */
	struct str price_unit;        /* one of core/catalogue.h's service_units */
	int bundle_class;             /* 1 or 2 for a support bundle, else 0 */
	int64_t bundle_monthly_price, bundle_device_price, bundle_min_term_months;
	int64_t bundle_contents;                          /* bit i: service_contents[i] */
	struct str bundle_details[SERVICE_CONTENT_COUNT]; /* a line each */
	int64_t categories;                               /* bit i: service_categories[i] */
	struct str product_function;                      /* what an IT product does */
	struct service_tags tags;
	struct str url, contact, registration_number;
	struct str valid_from, valid_until; /* ISO dates, "" when none */
	int64_t languages;                  /* bit i: core/experts.h's expert_languages[i] */
	int64_t submitted_by, submitted_at, reviewed_by, reviewed_at; /* 0: none */
	bool live;     /* this version is the listing's live one */
	bool has_live; /* the listing has a live version (this one or another) */
};

/* ---- providers ---------------------------------------------------------- */

MM_MUST_USE enum mm_err store_provider_by_org(struct store *s, struct arena *a, int64_t org_id,
                                              struct service_provider *out);
MM_MUST_USE enum mm_err store_provider_by_id(struct store *s, struct arena *a, int64_t id,
                                             struct service_provider *out);
/* An approved provider by corporate number (the import's key). */
MM_MUST_USE enum mm_err store_provider_by_corporate_number(struct store *s, struct arena *a,
                                                           struct str number,
                                                           struct service_provider *out);
/* An organisation's application (new, or written over a rejected one):
 * pending; MM_ERR_CONFLICT when it has a pending or approved one. */
MM_MUST_USE enum mm_err store_provider_apply(struct store *s, const struct service_provider *p,
                                             int64_t now, int64_t *id);
/* An administrator's decision on a pending application (approved, or
 * rejected with reason); MM_ERR_NOT_FOUND when none is pending. */
MM_MUST_USE enum mm_err store_provider_review(struct store *s, int64_t id,
                                              enum provider_status status, struct str reason,
                                              int64_t reviewer, int64_t now);
MM_MUST_USE enum mm_err store_providers_by_status(struct store *s, struct arena *a,
                                                  enum provider_status status, struct org_page page,
                                                  struct service_provider **out, size_t *n,
                                                  int64_t *total);

/* For `mamori seed-demo`: p approved at once as the provider of the
 * organisation with public_id (p->organisation_id unused), unless it is
 * one already; *id receives the provider's id either way. */
MM_MUST_USE enum mm_err store_provider_seed(struct store *s, struct str public_id,
                                            const struct service_provider *p, int64_t now,
                                            int64_t *id);
/* For `mamori seed`: the first n organisations with a corporate number
 * (by id) made approved providers, unless they are; their ids, by id. */
MM_MUST_USE enum mm_err store_provider_seed_orgs(struct store *s, struct arena *a, size_t n,
                                                 int64_t now, int64_t **ids, size_t *count);

/* ---- public reads of live listings ---------------------------------------- */

/* What the public list filters on; zero values are "any". Extend here
 * (and in services.c's LIVE_WHERE) for further filters. */
struct service_filter {
	struct str today;    /* ISO date in Japan: required, hides expired listings */
	int kind;            /* enum service_kind + 1; 0 any */
	int prefecture;      /* 1…47: serves it or nationwide; 0 any */
	struct str tag;      /* "item-12"…; "" any */
	int64_t provider_id; /* 0 any */
};

/* The live version of listing id, when it is shown today (approved,
 * within its dates); MM_ERR_NOT_FOUND otherwise. */
MM_MUST_USE enum mm_err store_service_live(struct store *s, struct arena *a, int64_t id,
                                           struct str today, struct service *out);
/* The live version of listing id whatever its dates (the import compares
 * with it); MM_ERR_NOT_FOUND when none was ever approved. */
MM_MUST_USE enum mm_err store_service_live_version(struct store *s, struct arena *a, int64_t id,
                                                   struct service *out);
/* Live listings shown today that meet f, by name then id, one page, and
 * how many. */
MM_MUST_USE enum mm_err store_services_live(struct store *s, struct arena *a,
                                            const struct service_filter *f, struct org_page page,
                                            struct service **out, size_t *n, int64_t *total);
/* The tags of listing id's live version ("item-12", …, in order). */
MM_MUST_USE enum mm_err store_service_tags(struct store *s, struct arena *a, int64_t id,
                                           struct str **out, size_t *n);
/* Every live listing shown today, by id, from after_id, at most limit:
 * the export reads the catalogue in such pages. */
MM_MUST_USE enum mm_err store_services_live_after(struct store *s, struct arena *a,
                                                  struct str today, int64_t after_id, size_t limit,
                                                  struct service **out, size_t *n);

/* The catalogue's generation (migration 0034): a number that changes, in
 * the writing transaction, whenever what the public sees of the catalogue
 * may change (a live version, a listing's search row, a provider's name
 * or review, a deletion). Read with one indexed statement; the pages
 * cache their bodies under it. */
MM_MUST_USE enum mm_err store_catalogue_generation(struct store *s, int64_t *out);
/* The generation as this process last read it, for keys of cached pages:
 * read again after a write this process committed (store_commits()) or
 * after CATALOGUE_GENERATION_FRESH_MS, so that another process's change
 * shows within that bound (a process serves one database). */
#define CATALOGUE_GENERATION_FRESH_MS 200
MM_MUST_USE enum mm_err store_catalogue_generation_recent(struct store *s, int64_t *out);

/* ---- a provider's listings and their versions ----------------------------- */

/* A listing's newest version (pending or otherwise) and whether it has a
 * live one, for its provider's pages. */
MM_MUST_USE enum mm_err store_service_latest(struct store *s, struct arena *a, int64_t id,
                                             struct service *out);
/* A provider's listings, each as its newest version, by id. */
MM_MUST_USE enum mm_err store_services_of_provider(struct store *s, struct arena *a,
                                                   int64_t provider_id, struct org_page page,
                                                   struct service **out, size_t *n, int64_t *total);
/* Every version of a listing, newest first (its history). */
MM_MUST_USE enum mm_err store_service_versions(struct store *s, struct arena *a, int64_t id,
                                               struct service **out, size_t *n);
/* One version by its id. */
MM_MUST_USE enum mm_err store_service_version(struct store *s, struct arena *a, int64_t version_id,
                                              struct service *out);

/* A new listing of v->provider_id and its first version, pending;
 * *id and *version_id receive their ids. */
MM_MUST_USE enum mm_err store_service_create(struct store *s, const struct service *v,
                                             int64_t author, int64_t now, int64_t *id,
                                             int64_t *version_id);
/* A change of listing id: a new pending version (a pending one before it
 * becomes withdrawn). The live version stays until this one is approved. */
MM_MUST_USE enum mm_err store_service_change(struct store *s, int64_t id, const struct service *v,
                                             int64_t author, int64_t now, int64_t *version_id);

/* ---- review -------------------------------------------------------------- */

/* Pending versions, oldest first (the review queue), one page, and how
 * many. */
MM_MUST_USE enum mm_err store_service_queue(struct store *s, struct arena *a, struct org_page page,
                                            struct service **out, size_t *n, int64_t *total);
/* Makes version_id its listing's live version: approved, reviewed by
 * reviewer at now, the listing's name and dates and its region and tag
 * rows rewritten. The one place where a version becomes live (review and
 * import both come here); call inside a transaction. */
MM_MUST_USE enum mm_err store_service_make_live(struct store *s, int64_t version_id,
                                                int64_t reviewer, int64_t now);
/* Rejects a pending version with a reason; the live version stays. */
MM_MUST_USE enum mm_err store_service_reject(struct store *s, int64_t version_id, struct str reason,
                                             int64_t reviewer, int64_t now);

/* ---- import --------------------------------------------------------------- */

/* The listing with an external key, as its newest version;
 * MM_ERR_NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_service_by_external_key(struct store *s, struct arena *a,
                                                      struct str key, struct service *out);
/* A new listing with v->external_key, its first version approved and
 * live at once (an administrator's import is its review). */
MM_MUST_USE enum mm_err store_service_import_new(struct store *s, const struct service *v,
                                                 int64_t admin, int64_t now, int64_t *id);
/* A new approved version of listing id made live (an import's change). */
MM_MUST_USE enum mm_err store_service_import_change(struct store *s, int64_t id,
                                                    const struct service *v, int64_t admin,
                                                    int64_t now);
/* Whether two versions say the same (every field a provider writes). */
bool service_content_equal(const struct service *a, const struct service *b);

/* ---- expiry --------------------------------------------------------------- */

struct service_expiry {
	int64_t id;
	struct str name, valid_until, contact_email;
	struct str contact_lang; /* as struct service_provider's */
};
/* Live listings whose valid_until falls in today…until (ISO dates) whose
 * provider has not been told about that date, at most limit. */
MM_MUST_USE enum mm_err store_services_expiring(struct store *s, struct arena *a, struct str today,
                                                struct str until, size_t limit,
                                                struct service_expiry **out, size_t *n);
/* Records that listing id's provider was told about valid_until. */
MM_MUST_USE enum mm_err store_service_expiry_noticed(struct store *s, int64_t id,
                                                     struct str valid_until);

#endif
