/*
 * news.h — the rules of news articles (/news): the limits of each field,
 * what a slug may be, how tags are written and kept, when an article is
 * public and when it shows "updated on", and the weeks of the digest.
 * Pure: no I/O, no clock (times are handed in), no text people read.
 *
 * A slug is the article's address (/news/{slug}) and its Atom entry's
 * link: lower-case ASCII letters, digits and single hyphens between them,
 * NEWS_SLUG_MIN…NEWS_SLUG_MAX bytes. Once an article is published its
 * slug never changes (news_slug_may_change), so links stay good.
 */
#ifndef MM_CORE_NEWS_H
#define MM_CORE_NEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/str.h"

#define NEWS_SLUG_MIN 3
#define NEWS_SLUG_MAX 80
#define NEWS_TITLE_MAX_CHARS 120
#define NEWS_SUMMARY_MAX_CHARS 400
#define NEWS_BODY_MAX_CHARS 20000
#define NEWS_AUTHOR_MAX_CHARS 80
#define NEWS_TAGS_MAX 5         /* tags on one article */
#define NEWS_TAG_MAX_CHARS 24   /* characters of one tag */
#define NEWS_TAGS_MAX_BYTES 640 /* the kept list, commas included */
#define NEWS_PAGE_SIZE 20       /* articles on a page of /news */
#define NEWS_FEED_ENTRIES 20    /* entries of an Atom feed */
#define NEWS_DIGEST_ARTICLES 20 /* articles listed in one digest mail */
#define NEWS_WEEK_S (7 * 86400)

/* A well-formed slug (see above). */
bool news_slug_ok(struct str slug);
/* Whether an article's slug may still be changed: only while it was
 * never public (a draft, or scheduled for later than now). */
bool news_slug_may_change(bool has_publish_at, int64_t publish_at, int64_t now);

/* Text of one line (title, summary, author): no control characters. */
bool news_line_ok(struct str s);
/* Text of several lines (the body): line breaks and tabs allowed. */
bool news_text_ok(struct str s);

/* Reads tags as people type them, separated by commas (",", "、", "，"),
 * into the kept form: each trimmed, empties dropped, repeats dropped,
 * joined by ",". False (and out untouched beyond its size) when there
 * are more than NEWS_TAGS_MAX, one is longer than NEWS_TAG_MAX_CHARS or
 * has a control character, or out (cap bytes) is too small. */
bool news_tags_normalise(struct str in, char *out, size_t cap, size_t *n);

/* Public at now: published, and its time has come. */
bool news_is_public(bool has_publish_at, int64_t publish_at, int64_t now);
/* Shows "updated on changed_at": changed after it was published. */
bool news_shows_updated(bool has_publish_at, int64_t publish_at, int64_t changed_at);

/* The digest's week of now: weeks begin on Monday at 08:00 in Japan,
 * so that one digest goes in each, on Monday morning. */
int news_digest_week(int64_t now);

#endif
