/*
 * policy.c — the basic security policy area of the store (store/policy.h),
 * written once for every database (store/sql.h): drafts, immutable
 * versions, the publication, and the answers of an organisation's latest
 * assessment for the builder's suggestions.
 *
 * Version numbers come from the last version read inside the write
 * transaction. SQLite runs one writer at a time (BEGIN IMMEDIATE);
 * PostgreSQL's BEGIN does not serialise writers, and two owners publishing
 * at the same moment would both read the same last number. So publishing
 * first locks the organisation's row, in a statement of its own (READ
 * COMMITTED takes a new snapshot per statement): the second one waits,
 * then reads the first one's version and numbers after it. SQLite's text
 * of that statement only reads the row. UNIQUE (organisation_id, number)
 * would refuse a duplicate anyway.
 *
 * Versions are immutable (a trigger of migration 0006 refuses UPDATE, as
 * a violated constraint); deleting the publication row drops an active ★★
 * declaration to ★ (a trigger of migration 0007).
 */
#include "store/policy.h"

#include "store/assessment.h"
#include "store/rows.h"
#include "store/sql.h"

_Static_assert(ASSESSMENT_ITEM_COUNT == STORE_ASSESSMENT_ITEMS, "one answer per item");

/* The text columns in struct policy_text order, in drafts and versions. */
#define TEXT_COLUMNS                                                                               \
	"lang, preamble, commitment_1, commitment_2, commitment_3, commitment_4, commitment_5,"    \
	" established_on, organisation_name, representative_title, representative_name"
#define TEXT_COLUMN_COUNT 11

static const struct sql SQL_ORG_BY_PUBLIC_ID =
    SQL("SELECT id, name FROM organisation WHERE public_id = $1");

static const struct sql SQL_DRAFT_GET = SQL("SELECT " TEXT_COLUMNS ", done_steps, updated_at"
                                            " FROM policy_draft WHERE organisation_id = $1");
static const struct sql SQL_DRAFT_SAVE =
    SQL("INSERT INTO policy_draft (organisation_id, " TEXT_COLUMNS ", done_steps, updated_at,"
        " updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        " ON CONFLICT (organisation_id) DO UPDATE SET lang = excluded.lang,"
        " preamble = excluded.preamble, commitment_1 = excluded.commitment_1,"
        " commitment_2 = excluded.commitment_2, commitment_3 = excluded.commitment_3,"
        " commitment_4 = excluded.commitment_4, commitment_5 = excluded.commitment_5,"
        " established_on = excluded.established_on,"
        " organisation_name = excluded.organisation_name,"
        " representative_title = excluded.representative_title,"
        " representative_name = excluded.representative_name, done_steps = excluded.done_steps,"
        " updated_at = excluded.updated_at, updated_by = excluded.updated_by");

#define VERSION_SELECT                                                                             \
	"SELECT v.id, v.organisation_id, v.number, v.published_at, coalesce(u.email, ''),"         \
	" coalesce(u.name, '')"
#define VERSION_FROM " FROM policy_version v LEFT JOIN \"user\" u ON u.id = v.published_by"
static const struct sql SQL_VERSION_GET =
    SQL(VERSION_SELECT ", v." TEXT_COLUMNS VERSION_FROM
                       " WHERE v.organisation_id = $1 AND v.number = $2");
static const struct sql SQL_VERSION_LATEST =
    SQL(VERSION_SELECT ", v." TEXT_COLUMNS VERSION_FROM
                       " WHERE v.organisation_id = $1 ORDER BY v.number DESC LIMIT 1");
static const struct sql SQL_VERSION_LIST = SQL(
    VERSION_SELECT VERSION_FROM " WHERE v.organisation_id = $1 ORDER BY v.number DESC LIMIT $2");
static const struct sql SQL_VERSION_INSERT = SQL(
    "INSERT INTO policy_version (organisation_id, number, published_at, published_by, " TEXT_COLUMNS
    ") VALUES ($1, $2, $3, nullif(CAST($4 AS bigint), 0), $5, $6, $7, $8, $9,"
    " $10, $11, $12, $13, $14, $15) RETURNING id");

/* Publishing the version already shown changes nothing (not even the
 * date a verifier sees). */
static const struct sql SQL_PUBLISH_HOSTED =
    SQL("INSERT INTO policy_publication AS p (organisation_id, kind, version_id, url,"
        " published_at) VALUES ($1, 'hosted', $2, '', $3)"
        " ON CONFLICT (organisation_id) DO UPDATE SET kind = 'hosted',"
        " version_id = excluded.version_id, url = '', published_at = excluded.published_at"
        " WHERE p.kind <> 'hosted' OR p.version_id IS DISTINCT FROM excluded.version_id");
static const struct sql SQL_PUBLISH_EXTERNAL =
    SQL("INSERT INTO policy_publication AS p (organisation_id, kind, version_id, url,"
        " published_at) VALUES ($1, 'external', NULL, $2, $3)"
        " ON CONFLICT (organisation_id) DO UPDATE SET kind = 'external', version_id = NULL,"
        " url = excluded.url, published_at = excluded.published_at"
        " WHERE p.kind <> 'external' OR p.url <> excluded.url");
static const struct sql SQL_FETCH_INSERT =
    SQL("INSERT INTO policy_fetch (organisation_id, url, fetched_at, outcome, status,"
        " content_type, kind, size, sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
static const struct sql SQL_FETCH_TRIM =
    SQL("DELETE FROM policy_fetch WHERE organisation_id = $1 AND id <= (SELECT id FROM"
        " policy_fetch WHERE organisation_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)");
static const struct sql SQL_UNPUBLISH =
    SQL("DELETE FROM policy_publication WHERE organisation_id = $1");
static const struct sql SQL_EXTERNAL_DUE =
    SQL("SELECT p.organisation_id, p.url, o.name FROM policy_publication p"
        " JOIN organisation o ON o.id = p.organisation_id"
        " WHERE p.kind = 'external' AND p.organisation_id > $1 AND NOT EXISTS (SELECT 1 FROM"
        " policy_fetch f WHERE f.organisation_id = p.organisation_id AND f.fetched_at >= $2)"
        " ORDER BY p.organisation_id LIMIT $3");
static const struct sql SQL_OUTAGE_FORGET =
    SQL("DELETE FROM policy_outage WHERE organisation_id = $1");
/* A failure: the first of an outage, one more, or the first at a new
 * address. */
static const struct sql SQL_OUTAGE_FAIL =
    SQL("INSERT INTO policy_outage AS o (organisation_id, url, since, failures, last_checked_at)"
        " VALUES ($1, $2, $3, 1, $3) ON CONFLICT (organisation_id) DO UPDATE SET"
        " url = excluded.url,"
        " since = CASE WHEN o.url = excluded.url THEN o.since ELSE excluded.since END,"
        " failures = CASE WHEN o.url = excluded.url THEN o.failures + 1 ELSE 1 END,"
        " noticed_at = CASE WHEN o.url = excluded.url THEN o.noticed_at END,"
        " last_checked_at = excluded.last_checked_at"
        " RETURNING since, failures, coalesce(noticed_at, 0)");
static const struct sql SQL_OUTAGE_GET =
    SQL("SELECT since, failures, coalesce(noticed_at, 0) FROM policy_outage"
        " WHERE organisation_id = $1");
static const struct sql SQL_OUTAGE_NOTICED =
    SQL("UPDATE policy_outage SET noticed_at = $2 WHERE organisation_id = $1");
static const struct sql SQL_PUBLICATION_GET =
    SQL("SELECT p.kind, coalesce(v.number, 0), p.url, p.published_at FROM policy_publication p"
        " LEFT JOIN policy_version v ON v.id = p.version_id WHERE p.organisation_id = $1");

static const struct sql SQL_LATEST_RESULT =
    SQL("SELECT id FROM assessment_result WHERE organisation_id = $1"
        " ORDER BY taken_at DESC, id DESC LIMIT 1");

/* text as the eleven parameters of TEXT_COLUMNS, into out. */
static void text_args(struct store_arg out[TEXT_COLUMN_COUNT], const struct policy_text *t)
{
	out[0] = ARG_TEXT(t->lang);
	for (int i = 0; i < POLICY_SECTION_COUNT; i++)
		out[1 + i] = ARG_TEXT(t->section[i]);
	out[7] = ARG_TEXT(t->established_on);
	out[8] = ARG_TEXT(t->organisation_name);
	out[9] = ARG_TEXT(t->representative_title);
	out[10] = ARG_TEXT(t->representative_name);
}

static void read_text(struct arena *a, const struct sql_row *r, int first, struct policy_text *t)
{
	t->lang = sql_col_str(a, r, first);
	for (int i = 0; i < POLICY_SECTION_COUNT; i++)
		t->section[i] = sql_col_str(a, r, first + 1 + i);
	t->established_on = sql_col_str(a, r, first + 7);
	t->organisation_name = sql_col_str(a, r, first + 8);
	t->representative_title = sql_col_str(a, r, first + 9);
	t->representative_name = sql_col_str(a, r, first + 10);
}

/* Ends the transaction publish() opened or joined: on failure, its own is
 * rolled back; otherwise (committed, or a nested level left, which commits
 * nothing: the caller's transaction goes on, or is rolled back by it). */
static enum mm_err end_tx(struct store *s, bool own, enum mm_err e)
{
	if (e && own) {
		store_rollback(s);
		return e;
	}
	enum mm_err ended = store_commit(s);
	return e ? e : ended;
}

/* ---- organisation and draft ------------------------------------------------ */

struct org_name {
	int64_t *id;
	struct str *name;
};

static void read_org_name(struct arena *a, const struct sql_row *r, void *item)
{
	struct org_name *out = item;
	*out->id = sql_col_int64(r, 0);
	*out->name = sql_col_str(a, r, 1);
}

enum mm_err store_policy_organisation_by_public_id(struct store *s, struct arena *a,
                                                   struct str public_id, int64_t *id,
                                                   struct str *name)
{
	struct org_name out = {id, name};
	return sql_row(s, a, &SQL_ORG_BY_PUBLIC_ID, ARGS(ARG_TEXT(public_id)), read_org_name, &out,
	               "policy organisation");
}

static void read_draft(struct arena *a, const struct sql_row *r, void *item)
{
	struct policy_draft *d = item;
	read_text(a, r, 0, &d->text);
	d->done_steps = (unsigned)sql_col_int(r, TEXT_COLUMN_COUNT) & POLICY_ALL_STEPS;
	d->updated_at = sql_col_int64(r, TEXT_COLUMN_COUNT + 1);
}

enum mm_err store_policy_draft_get(struct store *s, struct arena *a, int64_t org_id,
                                   struct policy_draft *out)
{
	return sql_row(s, a, &SQL_DRAFT_GET, ARGS(ARG_INT(org_id)), read_draft, out,
	               "policy draft");
}

enum mm_err store_policy_draft_save(struct store *s, int64_t org_id, const struct policy_draft *d,
                                    int64_t user_id, int64_t now)
{
	struct store_arg t[TEXT_COLUMN_COUNT];
	text_args(t, &d->text);
	return sql_exec(s, &SQL_DRAFT_SAVE,
	                ARGS(ARG_INT(org_id), t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8],
	                     t[9], t[10], ARG_INT(d->done_steps & POLICY_ALL_STEPS), ARG_INT(now),
	                     user_id > 0 ? ARG_INT(user_id) : ARG_NULL),
	                "policy draft save");
}

/* ---- versions -------------------------------------------------------------- */

static void read_version_head(struct arena *a, const struct sql_row *r, struct policy_version *v)
{
	v->id = sql_col_int64(r, 0);
	v->organisation_id = sql_col_int64(r, 1);
	v->number = sql_col_int64(r, 2);
	v->published_at = sql_col_int64(r, 3);
	v->published_by_email = sql_col_str(a, r, 4);
	v->published_by_name = sql_col_str(a, r, 5);
}

static void read_version(struct arena *a, const struct sql_row *r, void *item)
{
	struct policy_version *v = item;
	read_version_head(a, r, v);
	read_text(a, r, 6, &v->text);
}

enum mm_err store_policy_version_get(struct store *s, struct arena *a, int64_t org_id,
                                     int64_t number, struct policy_version *out)
{
	return sql_row(s, a, &SQL_VERSION_GET, ARGS(ARG_INT(org_id), ARG_INT(number)), read_version,
	               out, "policy version");
}

static void read_version_item(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct policy_version *)item = (struct policy_version){0};
	read_version_head(a, r, item);
}

enum mm_err store_policy_version_list(struct store *s, struct arena *a, int64_t org_id,
                                      struct policy_version **out, size_t *n)
{
	return sql_rows(s, a, &SQL_VERSION_LIST,
	                ARGS(ARG_INT(org_id), ARG_INT(POLICY_VERSIONS_MAX)), sizeof **out,
	                POLICY_VERSIONS_MAX, read_version_item, (void **)out, n, "policy versions");
}

/* ---- publication ----------------------------------------------------------- */

/* Under the organisation's lock (see the top), in the caller's transaction
 * or, without one, in a transaction of its own. */
enum mm_err store_policy_publish(struct store *s, int64_t org_id, const struct policy_text *text,
                                 int64_t user_id, int64_t now, int64_t *number, bool *created)
{
	struct arena scratch;
	struct policy_version last = {0};
	bool own = !sql_in_transaction(s);
	enum mm_err e = store_begin(s);
	if (e)
		return e;
	if ((e = store_org_lock(s, org_id)))
		return end_tx(s, own, e);
	/* The last version's text is only compared, then dropped. */
	arena_init(&scratch, 64 * 1024);
	e = sql_row(s, &scratch, &SQL_VERSION_LATEST, ARGS(ARG_INT(org_id)), read_version, &last,
	            "policy latest version");
	*created = e == MM_ERR_NOT_FOUND || (!e && !core_policy_text_equal(&last.text, text));
	arena_free(&scratch);
	if (e && e != MM_ERR_NOT_FOUND)
		return end_tx(s, own, e);
	*number = last.number;
	if (*created) {
		struct store_arg t[TEXT_COLUMN_COUNT];
		text_args(t, text);
		*number = last.number + 1;
		e = sql_insert(s, &SQL_VERSION_INSERT,
		               ARGS(ARG_INT(org_id), ARG_INT(*number), ARG_INT(now),
		                    ARG_INT(user_id), t[0], t[1], t[2], t[3], t[4], t[5], t[6],
		                    t[7], t[8], t[9], t[10]),
		               "policy version insert", &last.id);
		if (e)
			return end_tx(s, own, e);
	}
	e = sql_exec(s, &SQL_PUBLISH_HOSTED, ARGS(ARG_INT(org_id), ARG_INT(last.id), ARG_INT(now)),
	             "policy publish");
	return end_tx(s, own, e);
}

enum mm_err store_policy_publish_external(struct store *s, int64_t org_id, struct str url,
                                          int64_t now)
{
	enum mm_err e =
	    sql_exec(s, &SQL_PUBLISH_EXTERNAL, ARGS(ARG_INT(org_id), ARG_TEXT(url), ARG_INT(now)),
	             "policy publish external");
	return e ? e
	         : sql_exec(s, &SQL_OUTAGE_FORGET, ARGS(ARG_INT(org_id)), "policy outage forget");
}

enum mm_err store_policy_fetch_record(struct store *s, int64_t org_id, const struct policy_fetch *f)
{
	enum mm_err e =
	    sql_exec(s, &SQL_FETCH_INSERT,
	             ARGS(ARG_INT(org_id), ARG_TEXT(f->url), ARG_INT(f->fetched_at),
	                  ARG_TEXT(f->outcome), ARG_INT(f->status), ARG_TEXT(f->content_type),
	                  ARG_TEXT(f->kind), ARG_INT(f->size), ARG_TEXT(f->sha256)),
	             "policy fetch record");
	return e ? e
	         : sql_exec(s, &SQL_FETCH_TRIM, ARGS(ARG_INT(org_id), ARG_INT(POLICY_FETCH_KEEP)),
	                    "policy fetch trim");
}

enum mm_err store_policy_unpublish(struct store *s, int64_t org_id)
{
	enum mm_err e = sql_exec_one(s, &SQL_UNPUBLISH, ARGS(ARG_INT(org_id)), "policy unpublish");
	return e ? e
	         : sql_exec(s, &SQL_OUTAGE_FORGET, ARGS(ARG_INT(org_id)), "policy outage forget");
}

static void read_external(struct arena *a, const struct sql_row *r, void *item)
{
	struct policy_external *out = item;
	out->organisation_id = sql_col_int64(r, 0);
	out->url = sql_col_str(a, r, 1);
	out->organisation_name = sql_col_str(a, r, 2);
}

enum mm_err store_policy_external_due(struct store *s, struct arena *a, int64_t checked_before,
                                      int64_t after_org, struct policy_external **out, size_t *n)
{
	return sql_rows(
	    s, a, &SQL_EXTERNAL_DUE,
	    ARGS(ARG_INT(after_org), ARG_INT(checked_before), ARG_INT(POLICY_EXTERNAL_PAGE)),
	    sizeof **out, POLICY_EXTERNAL_PAGE, read_external, (void **)out, n,
	    "policy external due");
}

static void read_outage(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	struct policy_outage *out = item;
	out->since = sql_col_int64(r, 0);
	out->failures = sql_col_int64(r, 1);
	out->noticed_at = sql_col_int64(r, 2);
}

enum mm_err store_policy_outage_note(struct store *s, int64_t org_id, struct str url, bool readable,
                                     int64_t now, struct policy_outage *out)
{
	*out = (struct policy_outage){0};
	if (readable)
		return sql_exec(s, &SQL_OUTAGE_FORGET, ARGS(ARG_INT(org_id)),
		                "policy outage forget");
	return sql_row(s, NULL, &SQL_OUTAGE_FAIL,
	               ARGS(ARG_INT(org_id), ARG_TEXT(url), ARG_INT(now)), read_outage, out,
	               "policy outage fail");
}

enum mm_err store_policy_outage_get(struct store *s, int64_t org_id, struct policy_outage *out)
{
	*out = (struct policy_outage){0};
	return sql_row(s, NULL, &SQL_OUTAGE_GET, ARGS(ARG_INT(org_id)), read_outage, out,
	               "policy outage");
}

enum mm_err store_policy_outage_noticed(struct store *s, int64_t org_id, int64_t now)
{
	return sql_exec(s, &SQL_OUTAGE_NOTICED, ARGS(ARG_INT(org_id), ARG_INT(now)),
	                "policy outage noticed");
}

static void read_publication(struct arena *a, const struct sql_row *r, void *item)
{
	struct policy_publication *out = item;
	out->kind = sql_col_cstr(r, 0)[0] == 'e' ? POLICY_EXTERNAL : POLICY_HOSTED;
	out->version_number = sql_col_int64(r, 1);
	out->url = sql_col_str(a, r, 2);
	out->published_at = sql_col_int64(r, 3);
}

enum mm_err store_policy_publication_get(struct store *s, struct arena *a, int64_t org_id,
                                         struct policy_publication *out)
{
	return sql_row(s, a, &SQL_PUBLICATION_GET, ARGS(ARG_INT(org_id)), read_publication, out,
	               "policy publication");
}

/* ---- the latest assessment's answers --------------------------------------- */

/* The latest result, read as the assessment area reads any result. */
enum mm_err store_policy_latest_answers(struct store *s, struct arena *a, int64_t org_id,
                                        struct str answers[ASSESSMENT_ITEM_COUNT],
                                        int64_t *taken_at)
{
	struct assessment_result result;
	int64_t id;
	enum mm_err e =
	    sql_int64_of(s, &SQL_LATEST_RESULT, ARGS(ARG_INT(org_id)), "policy latest result", &id);
	if (!e)
		e = store_assessment_result_get(s, a, id, &result);
	if (e)
		return e;
	*taken_at = result.taken_at;
	for (size_t i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		answers[i] = result.answers[i];
	return MM_OK;
}
