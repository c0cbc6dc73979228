/*
 * sqlite_policy.c — the basic security policy area of the SQLite driver
 * (see store/policy.h): drafts, immutable versions, the publication, and
 * the answers of an organisation's latest assessment for the builder's
 * suggestions.
 *
 * Version numbers come from the last version read inside the caller's
 * write transaction (BEGIN IMMEDIATE), so two owners publishing at the
 * same moment get 1 and 2, never 1 twice; UNIQUE (organisation_id,
 * number) would refuse it anyway.
 */
#include "store/policy.h"
#include "store/sqlite_int.h"

/* The text columns in struct policy_text order, in drafts and versions. */
#define TEXT_COLUMNS                                                                               \
	"lang, preamble, commitment_1, commitment_2, commitment_3, commitment_4, commitment_5,"    \
	" established_on, organisation_name, representative_title, representative_name"
#define TEXT_COLUMN_COUNT 11

static const char SQL_ORG_BY_PUBLIC_ID[] = "SELECT id, name FROM organisation WHERE public_id = ?1";

static const char SQL_DRAFT_GET[] =
    "SELECT " TEXT_COLUMNS ", done_steps, updated_at FROM policy_draft WHERE organisation_id = ?1";
static const char SQL_DRAFT_SAVE[] =
    "INSERT INTO policy_draft (organisation_id, " TEXT_COLUMNS ", done_steps, updated_at,"
    " updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    " ON CONFLICT (organisation_id) DO UPDATE SET lang = excluded.lang,"
    " preamble = excluded.preamble, commitment_1 = excluded.commitment_1,"
    " commitment_2 = excluded.commitment_2, commitment_3 = excluded.commitment_3,"
    " commitment_4 = excluded.commitment_4, commitment_5 = excluded.commitment_5,"
    " established_on = excluded.established_on, organisation_name = excluded.organisation_name,"
    " representative_title = excluded.representative_title,"
    " representative_name = excluded.representative_name, done_steps = excluded.done_steps,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by";

#define VERSION_SELECT                                                                             \
	"SELECT v.id, v.organisation_id, v.number, v.published_at, coalesce(u.email, ''),"         \
	" coalesce(u.name, '')"
#define VERSION_FROM " FROM policy_version v LEFT JOIN user u ON u.id = v.published_by"
static const char SQL_VERSION_GET[] = VERSION_SELECT
    ", v." TEXT_COLUMNS VERSION_FROM " WHERE v.organisation_id = ?1 AND v.number = ?2";
static const char SQL_VERSION_LATEST[] = VERSION_SELECT
    ", v." TEXT_COLUMNS VERSION_FROM " WHERE v.organisation_id = ?1 ORDER BY v.number DESC LIMIT 1";
static const char SQL_VERSION_LIST[] =
    VERSION_SELECT VERSION_FROM " WHERE v.organisation_id = ?1 ORDER BY v.number DESC LIMIT ?2";
static const char SQL_VERSION_INSERT[] =
    "INSERT INTO policy_version (organisation_id, number, published_at, published_by, " TEXT_COLUMNS
    ") VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

/* Publishing the version already shown changes nothing (not even the
 * date a verifier sees). */
static const char SQL_PUBLISH_HOSTED[] =
    "INSERT INTO policy_publication (organisation_id, kind, version_id, url, published_at)"
    " VALUES (?1, 'hosted', ?2, '', ?3)"
    " ON CONFLICT (organisation_id) DO UPDATE SET kind = 'hosted',"
    " version_id = excluded.version_id, url = '', published_at = excluded.published_at"
    " WHERE kind <> 'hosted' OR version_id IS NOT excluded.version_id";
static const char SQL_PUBLISH_EXTERNAL[] =
    "INSERT INTO policy_publication (organisation_id, kind, version_id, url, published_at)"
    " VALUES (?1, 'external', NULL, ?2, ?3)"
    " ON CONFLICT (organisation_id) DO UPDATE SET kind = 'external', version_id = NULL,"
    " url = excluded.url, published_at = excluded.published_at"
    " WHERE kind <> 'external' OR url <> excluded.url";
static const char SQL_UNPUBLISH[] = "DELETE FROM policy_publication WHERE organisation_id = ?1";
static const char SQL_PUBLICATION_GET[] =
    "SELECT p.kind, coalesce(v.number, 0), p.url, p.published_at FROM policy_publication p"
    " LEFT JOIN policy_version v ON v.id = p.version_id WHERE p.organisation_id = ?1";

static const char SQL_LATEST_RESULT[] =
    "SELECT id, taken_at FROM assessment_result WHERE organisation_id = ?1"
    " ORDER BY taken_at DESC, id DESC LIMIT 1";
static const char SQL_RESULT_ANSWERS[] =
    "SELECT item, answer FROM assessment_result_answer WHERE result_id = ?1";

static void bind_text(sqlite3_stmt *st, int first, const struct policy_text *t)
{
	sqlite_bind_str(st, first, t->lang);
	for (int i = 0; i < POLICY_SECTION_COUNT; i++)
		sqlite_bind_str(st, first + 1 + i, t->section[i]);
	sqlite_bind_str(st, first + 7, t->established_on);
	sqlite_bind_str(st, first + 8, t->organisation_name);
	sqlite_bind_str(st, first + 9, t->representative_title);
	sqlite_bind_str(st, first + 10, t->representative_name);
}

static void read_text(struct arena *a, sqlite3_stmt *st, int first, struct policy_text *t)
{
	t->lang = sqlite_column_str(a, st, first);
	for (int i = 0; i < POLICY_SECTION_COUNT; i++)
		t->section[i] = sqlite_column_str(a, st, first + 1 + i);
	t->established_on = sqlite_column_str(a, st, first + 7);
	t->organisation_name = sqlite_column_str(a, st, first + 8);
	t->representative_title = sqlite_column_str(a, st, first + 9);
	t->representative_name = sqlite_column_str(a, st, first + 10);
}

static enum mm_err organisation_by_public_id(struct store *base, struct arena *a,
                                             struct str public_id, int64_t *id, struct str *name)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ORG_BY_PUBLIC_ID);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, public_id);
	enum mm_err e = sqlite_one_row(base, st, "policy organisation");
	if (e)
		return e;
	*id = sqlite3_column_int64(st, 0);
	*name = sqlite_column_str(a, st, 1);
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err draft_get(struct store *base, struct arena *a, int64_t org_id,
                             struct policy_draft *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_DRAFT_GET);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	enum mm_err e = sqlite_one_row(base, st, "policy draft");
	if (e)
		return e;
	read_text(a, st, 0, &out->text);
	out->done_steps = (unsigned)sqlite3_column_int(st, TEXT_COLUMN_COUNT) & POLICY_ALL_STEPS;
	out->updated_at = sqlite3_column_int64(st, TEXT_COLUMN_COUNT + 1);
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err draft_save(struct store *base, int64_t org_id, const struct policy_draft *d,
                              int64_t user_id, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_DRAFT_SAVE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	bind_text(st, 2, &d->text);
	sqlite3_bind_int(st, 13, (int)(d->done_steps & POLICY_ALL_STEPS));
	sqlite3_bind_int64(st, 14, now);
	if (user_id > 0)
		sqlite3_bind_int64(st, 15, user_id);
	else
		sqlite3_bind_null(st, 15);
	return sqlite_exec(base, st, "policy draft save");
}

static void read_version_head(struct arena *a, sqlite3_stmt *st, struct policy_version *v)
{
	v->id = sqlite3_column_int64(st, 0);
	v->organisation_id = sqlite3_column_int64(st, 1);
	v->number = sqlite3_column_int64(st, 2);
	v->published_at = sqlite3_column_int64(st, 3);
	v->published_by_email = sqlite_column_str(a, st, 4);
	v->published_by_name = sqlite_column_str(a, st, 5);
}

static void read_version(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct policy_version *v = item;
	read_version_head(a, st, v);
	read_text(a, st, 6, &v->text);
}

static enum mm_err version_get(struct store *base, struct arena *a, int64_t org_id, int64_t number,
                               struct policy_version *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_VERSION_GET);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, number);
	return sqlite_row(base, a, st, read_version, out, "policy version");
}

static void read_version_item(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct policy_version *)item = (struct policy_version){0};
	read_version_head(a, st, item);
}

static enum mm_err version_list(struct store *base, struct arena *a, int64_t org_id,
                                struct policy_version **out, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_VERSION_LIST);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, POLICY_VERSIONS_MAX);
	return sqlite_rows(base, a, st, sizeof **out, POLICY_VERSIONS_MAX, read_version_item,
	                   (void **)out, n, "policy versions");
}

static enum mm_err publish(struct store *base, int64_t org_id, const struct policy_text *text,
                           int64_t user_id, int64_t now, int64_t *number, bool *created)
{
	struct arena scratch;
	struct policy_version last = {0};
	sqlite3_stmt *st = sqlite_stmt(base, SQL_VERSION_LATEST);
	enum mm_err e;
	if (!st)
		return MM_ERR_DB;
	/* The last version's text is only compared, then dropped. */
	arena_init(&scratch, 64 * 1024);
	sqlite3_bind_int64(st, 1, org_id);
	e = sqlite_row(base, &scratch, st, read_version, &last, "policy latest version");
	*created = e == MM_ERR_NOT_FOUND || (!e && !core_policy_text_equal(&last.text, text));
	arena_free(&scratch);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	*number = last.number;
	if (*created) {
		if (!(st = sqlite_stmt(base, SQL_VERSION_INSERT)))
			return MM_ERR_DB;
		*number = last.number + 1;
		sqlite3_bind_int64(st, 1, org_id);
		sqlite3_bind_int64(st, 2, *number);
		sqlite3_bind_int64(st, 3, now);
		sqlite3_bind_int64(st, 4, user_id);
		bind_text(st, 5, text);
		if ((e = sqlite_insert(base, st, "policy version insert", &last.id)))
			return e;
	}
	if (!(st = sqlite_stmt(base, SQL_PUBLISH_HOSTED)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, last.id);
	sqlite3_bind_int64(st, 3, now);
	return sqlite_exec(base, st, "policy publish");
}

static enum mm_err publish_external(struct store *base, int64_t org_id, struct str url, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_PUBLISH_EXTERNAL);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite_bind_str(st, 2, url);
	sqlite3_bind_int64(st, 3, now);
	return sqlite_exec(base, st, "policy publish external");
}

static enum mm_err unpublish(struct store *base, int64_t org_id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_UNPUBLISH);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	return sqlite_exec_one(base, st, "policy unpublish");
}

static enum mm_err publication_get(struct store *base, struct arena *a, int64_t org_id,
                                   struct policy_publication *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_PUBLICATION_GET);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	enum mm_err e = sqlite_one_row(base, st, "policy publication");
	if (e)
		return e;
	out->kind = sqlite_column_cstr(st, 0)[0] == 'e' ? POLICY_EXTERNAL : POLICY_HOSTED;
	out->version_number = sqlite3_column_int64(st, 1);
	out->url = sqlite_column_str(a, st, 2);
	out->published_at = sqlite3_column_int64(st, 3);
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err latest_answers(struct store *base, struct arena *a, int64_t org_id,
                                  struct str answers[ASSESSMENT_ITEM_COUNT], int64_t *taken_at)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_LATEST_RESULT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	enum mm_err e = sqlite_one_row(base, st, "policy latest result");
	if (e)
		return e;
	int64_t result_id = sqlite3_column_int64(st, 0);
	*taken_at = sqlite3_column_int64(st, 1);
	sqlite_done(st);
	if (!(st = sqlite_stmt(base, SQL_RESULT_ANSWERS)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, result_id);
	return sqlite_assessment_answers(base, a, st, answers, "policy result answers");
}

const struct store_policy_ops sqlite_policy_ops = {
    .organisation_by_public_id = organisation_by_public_id,
    .draft_get = draft_get,
    .draft_save = draft_save,
    .publish = publish,
    .publish_external = publish_external,
    .unpublish = unpublish,
    .publication_get = publication_get,
    .version_get = version_get,
    .version_list = version_list,
    .latest_answers = latest_answers,
};
