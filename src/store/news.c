/*
 * news.c — see news.h. Written once for SQLite and PostgreSQL over
 * store/sql.h. The public reads go along news_article_published (or
 * news_article_community for one community) from the newest publication
 * time at or before now; drafts (publish_at NULL) are outside both
 * indexes' public ranges.
 */
#include "store/news.h"

#include "store/sql.h"

#define NEWS_COLUMNS                                                                               \
	"n.id, coalesce(n.community_id, 0), coalesce(n.author_id, 0), n.publish_at IS NOT NULL,"   \
	" coalesce(n.publish_at, 0), n.created_at, n.changed_at, n.slug, n.title, n.summary,"      \
	" n.body, n.tags, n.author_name, coalesce(c.name, '')"
#define NEWS_FROM " FROM news_article n LEFT JOIN community c ON c.id = n.community_id"

static const struct sql SQL_NEWS_INSERT =
    SQL("INSERT INTO news_article (slug, community_id, title, summary, body, tags, author_name,"
        " author_id, publish_at, created_at, changed_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)"
        " ON CONFLICT (slug) DO NOTHING RETURNING id");
/* changed_at moves only when what readers read changes: saving the same
 * text again, or only publishing it, is no "update". */
static const struct sql SQL_NEWS_UPDATE =
    SQL("UPDATE news_article SET changed_at = CASE WHEN title <> $3 OR summary <> $4"
        " OR body <> $5 OR tags <> $6 THEN $9 ELSE changed_at END,"
        " slug = $2, title = $3, summary = $4, body = $5, tags = $6, author_name = $7,"
        " publish_at = $8 WHERE id = $1");
static const struct sql SQL_NEWS_BY_ID = SQL("SELECT " NEWS_COLUMNS NEWS_FROM " WHERE n.id = $1");
static const struct sql SQL_NEWS_BY_SLUG =
    SQL("SELECT " NEWS_COLUMNS NEWS_FROM " WHERE n.slug = $1");
static const struct sql SQL_NEWS_PUBLIC =
    SQL("SELECT " NEWS_COLUMNS NEWS_FROM " WHERE n.publish_at IS NOT NULL"
        " AND n.publish_at <= $1 ORDER BY n.publish_at DESC, n.id DESC LIMIT $2 OFFSET $3");
static const struct sql SQL_NEWS_PUBLIC_COUNT =
    SQL("SELECT count(*) FROM news_article WHERE publish_at IS NOT NULL AND publish_at <= $1");
static const struct sql SQL_NEWS_COMMUNITY_PUBLIC =
    SQL("SELECT " NEWS_COLUMNS NEWS_FROM " WHERE n.community_id = $2"
        " AND n.publish_at IS NOT NULL AND n.publish_at <= $1"
        " ORDER BY n.publish_at DESC, n.id DESC LIMIT $3 OFFSET $4");
static const struct sql SQL_NEWS_COMMUNITY_PUBLIC_COUNT =
    SQL("SELECT count(*) FROM news_article WHERE community_id = $2"
        " AND publish_at IS NOT NULL AND publish_at <= $1");
static const struct sql SQL_NEWS_ALL =
    SQL("SELECT " NEWS_COLUMNS NEWS_FROM " ORDER BY n.id DESC LIMIT $1 OFFSET $2");
static const struct sql SQL_NEWS_ALL_COUNT = SQL("SELECT count(*) FROM news_article");
static const struct sql SQL_NEWS_COMMUNITY_ALL =
    SQL("SELECT " NEWS_COLUMNS NEWS_FROM " WHERE n.community_id = $1"
        " ORDER BY n.id DESC LIMIT $2 OFFSET $3");
static const struct sql SQL_NEWS_COMMUNITY_ALL_COUNT =
    SQL("SELECT count(*) FROM news_article WHERE community_id = $1");

static const struct sql SQL_DIGEST_SUBSCRIBED = SQL("SELECT 1 FROM news_digest WHERE user_id = $1");
static const struct sql SQL_DIGEST_SUBSCRIBE =
    SQL("INSERT INTO news_digest (user_id, subscribed_at, covered_until) VALUES ($1, $2, $2)"
        " ON CONFLICT (user_id) DO NOTHING");
static const struct sql SQL_DIGEST_UNSUBSCRIBE = SQL("DELETE FROM news_digest WHERE user_id = $1");
static const struct sql SQL_DIGEST_RECIPIENTS =
    SQL("SELECT d.user_id, d.covered_until, u.email, u.lang FROM news_digest d"
        " JOIN \"user\" u ON u.id = d.user_id"
        " WHERE d.user_id > $2 AND d.covered_until < $1"
        " AND u.confirmed_at IS NOT NULL AND u.disabled_at IS NULL"
        " ORDER BY d.user_id LIMIT $3");
static const struct sql SQL_LATEST_PUBLISHED =
    SQL("SELECT coalesce(max(publish_at), 0) FROM news_article"
        " WHERE publish_at IS NOT NULL AND publish_at <= $1");
static const struct sql SQL_PUBLISHED_BETWEEN =
    SQL("SELECT " NEWS_COLUMNS NEWS_FROM " WHERE n.publish_at IS NOT NULL"
        " AND n.publish_at > $1 AND n.publish_at <= $2"
        " ORDER BY n.publish_at DESC, n.id DESC LIMIT $3");
static const struct sql SQL_DIGEST_COVERED =
    SQL("UPDATE news_digest SET covered_until = $2 WHERE user_id = $1");

/* `mamori seed`: an article for every third organisation (site news by
 * the operator, over two years back from base, a tenth of them drafts)
 * and a digest subscription for every fourth account, for the query
 * plans at the seeded size. */
static const struct sql SQL_SEED_ARTICLES =
    SQL("INSERT INTO news_article (slug, title, summary, body, tags, author_name, publish_at,"
        " created_at, changed_at)"
        " SELECT 'seed-' || id, 'お知らせ ' || id, '要約', '本文', 'seed', '運営者',"
        " CASE WHEN id % 10 = 0 THEN NULL ELSE $1 - (id % 730) * 86400 END,"
        " $1 - (id % 730) * 86400 - 3600, $1 - (id % 730) * 86400 - 3600"
        " FROM organisation WHERE id % 3 = 0 ON CONFLICT (slug) DO NOTHING");
static const struct sql SQL_SEED_DIGEST =
    SQL("INSERT INTO news_digest (user_id, subscribed_at, covered_until)"
        " SELECT id, $1 - 86400 * 30, $1 - 86400 * 30 FROM \"user\" WHERE id % 4 = 0"
        " ON CONFLICT (user_id) DO NOTHING");

static const struct sql SQL_FIRST_COMMUNITY = SQL("SELECT id FROM community ORDER BY id LIMIT 1");

static void read_article(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct news_article *)item = (struct news_article){
	    .id = sql_col_int64(r, 0),
	    .community_id = sql_col_int64(r, 1),
	    .author_id = sql_col_int64(r, 2),
	    .has_publish_at = sql_col_bool(r, 3),
	    .publish_at = sql_col_int64(r, 4),
	    .created_at = sql_col_int64(r, 5),
	    .changed_at = sql_col_int64(r, 6),
	    .slug = sql_col_str(a, r, 7),
	    .title = sql_col_str(a, r, 8),
	    .summary = sql_col_str(a, r, 9),
	    .body = sql_col_str(a, r, 10),
	    .tags = sql_col_str(a, r, 11),
	    .author_name = sql_col_str(a, r, 12),
	    .community_name = sql_col_str(a, r, 13),
	};
}

static struct store_arg optional_id(int64_t id)
{
	return id ? ARG_INT(id) : ARG_NULL;
}

static struct store_arg publish_arg(const struct news_article *x)
{
	return x->has_publish_at ? ARG_INT(x->publish_at) : ARG_NULL;
}

enum mm_err store_news_insert(struct store *s, const struct news_article *x, int64_t now,
                              int64_t *id)
{
	return sql_insert(s, &SQL_NEWS_INSERT,
	                  ARGS(ARG_TEXT(x->slug), optional_id(x->community_id), ARG_TEXT(x->title),
	                       ARG_TEXT(x->summary), ARG_TEXT(x->body), ARG_TEXT(x->tags),
	                       ARG_TEXT(x->author_name), optional_id(x->author_id), publish_arg(x),
	                       ARG_INT(now)),
	                  "news insert", id);
}

enum mm_err store_news_update(struct store *s, const struct news_article *x, int64_t now)
{
	/* A taken slug fails the statement: on PostgreSQL, inside a
	 * transaction, only its savepoint. */
	sql_savepoint_next(s);
	return sql_exec_one(s, &SQL_NEWS_UPDATE,
	                    ARGS(ARG_INT(x->id), ARG_TEXT(x->slug), ARG_TEXT(x->title),
	                         ARG_TEXT(x->summary), ARG_TEXT(x->body), ARG_TEXT(x->tags),
	                         ARG_TEXT(x->author_name), publish_arg(x), ARG_INT(now)),
	                    "news update");
}

enum mm_err store_news_by_id(struct store *s, struct arena *a, int64_t id, struct news_article *out)
{
	return sql_row(s, a, &SQL_NEWS_BY_ID, ARGS(ARG_INT(id)), read_article, out, "news by id");
}

enum mm_err store_news_by_slug(struct store *s, struct arena *a, struct str slug,
                               struct news_article *out)
{
	return sql_row(s, a, &SQL_NEWS_BY_SLUG, ARGS(ARG_TEXT(slug)), read_article, out,
	               "news by slug");
}

/* One page of the articles of list and how many count finds: args are
 * the listing's filters, then the page's LIMIT and OFFSET (the last two,
 * which count is run without). */
static enum mm_err articles_page(struct store *s, struct arena *a, const struct sql *count,
                                 const struct sql *list, const struct store_arg *args,
                                 size_t n_args, struct news_article **out, size_t *n,
                                 int64_t *total, const char *what)
{
	return sql_rows_counted(s, a, count, list, args, n_args, 2, sizeof **out, SQL_ROWS_ANY,
	                        read_article, (void **)out, n, total, what);
}

enum mm_err store_news_public(struct store *s, struct arena *a, int64_t now, int64_t community_id,
                              struct org_page page, struct news_article **out, size_t *n,
                              int64_t *total)
{
	if (community_id)
		return articles_page(s, a, &SQL_NEWS_COMMUNITY_PUBLIC_COUNT,
		                     &SQL_NEWS_COMMUNITY_PUBLIC,
		                     ARGS(ARG_INT(now), ARG_INT(community_id), ARG_INT(page.limit),
		                          ARG_INT(page.offset)),
		                     out, n, total, "news community public");
	return articles_page(s, a, &SQL_NEWS_PUBLIC_COUNT, &SQL_NEWS_PUBLIC,
	                     ARGS(ARG_INT(now), ARG_INT(page.limit), ARG_INT(page.offset)), out, n,
	                     total, "news public");
}

enum mm_err store_news_all(struct store *s, struct arena *a, int64_t community_id,
                           struct org_page page, struct news_article **out, size_t *n,
                           int64_t *total)
{
	if (community_id)
		return articles_page(
		    s, a, &SQL_NEWS_COMMUNITY_ALL_COUNT, &SQL_NEWS_COMMUNITY_ALL,
		    ARGS(ARG_INT(community_id), ARG_INT(page.limit), ARG_INT(page.offset)), out, n,
		    total, "news community all");
	return articles_page(s, a, &SQL_NEWS_ALL_COUNT, &SQL_NEWS_ALL,
	                     ARGS(ARG_INT(page.limit), ARG_INT(page.offset)), out, n, total,
	                     "news all");
}

enum mm_err store_news_digest_subscribed(struct store *s, int64_t user_id, bool *on)
{
	return sql_exists(s, &SQL_DIGEST_SUBSCRIBED, ARGS(ARG_INT(user_id)),
	                  "news digest subscribed", on);
}

enum mm_err store_news_digest_subscribe(struct store *s, int64_t user_id, int64_t now)
{
	return sql_exec(s, &SQL_DIGEST_SUBSCRIBE, ARGS(ARG_INT(user_id), ARG_INT(now)),
	                "news digest subscribe");
}

enum mm_err store_news_digest_unsubscribe(struct store *s, int64_t user_id)
{
	return sql_exec(s, &SQL_DIGEST_UNSUBSCRIBE, ARGS(ARG_INT(user_id)),
	                "news digest unsubscribe");
}

static void read_recipient(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct news_digest_recipient *)item = (struct news_digest_recipient){
	    .user_id = sql_col_int64(r, 0),
	    .covered_until = sql_col_int64(r, 1),
	    .email = sql_col_str(a, r, 2),
	    .lang = sql_col_str(a, r, 3),
	};
}

enum mm_err store_news_digest_recipients(struct store *s, struct arena *a, int64_t published,
                                         int64_t after, struct news_digest_recipient **out,
                                         size_t *n)
{
	return sql_rows(
	    s, a, &SQL_DIGEST_RECIPIENTS,
	    ARGS(ARG_INT(published), ARG_INT(after), ARG_INT(NEWS_DIGEST_RECIPIENTS_PAGE)),
	    sizeof **out, NEWS_DIGEST_RECIPIENTS_PAGE, read_recipient, (void **)out, n,
	    "news digest recipients");
}

enum mm_err store_news_latest_published(struct store *s, int64_t now, int64_t *at)
{
	return sql_int64_of(s, &SQL_LATEST_PUBLISHED, ARGS(ARG_INT(now)), "news latest published",
	                    at);
}

enum mm_err store_news_published_between(struct store *s, struct arena *a, int64_t from, int64_t to,
                                         size_t max, struct news_article **out, size_t *n)
{
	return sql_rows(s, a, &SQL_PUBLISHED_BETWEEN,
	                ARGS(ARG_INT(from), ARG_INT(to), ARG_INT((int64_t)max)), sizeof **out, max,
	                read_article, (void **)out, n, "news published between");
}

enum mm_err store_news_digest_covered(struct store *s, int64_t user_id, int64_t until)
{
	return sql_exec(s, &SQL_DIGEST_COVERED, ARGS(ARG_INT(user_id), ARG_INT(until)),
	                "news digest covered");
}

enum mm_err store_news_seed(struct store *s, int64_t base, int64_t *articles, int64_t *subscribers)
{
	enum mm_err e =
	    sql_exec_count(s, &SQL_SEED_ARTICLES, ARGS(ARG_INT(base)), "news seed", articles);
	return e ? e
	         : sql_exec_count(s, &SQL_SEED_DIGEST, ARGS(ARG_INT(base)), "news digest seed",
	                          subscribers);
}

enum mm_err store_news_first_community(struct store *s, int64_t *id)
{
	return sql_int64_of(s, &SQL_FIRST_COMMUNITY, NO_ARGS, "news first community", id);
}
