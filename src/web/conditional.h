/*
 * conditional.h — conditional GETs for answers that are the same for
 * everyone until their data change (verification pages and API, badges,
 * marks, the API description): an entity tag that is a hash of the body,
 * the Cache-Control that goes with it, and 304 Not Modified when the
 * client's If-None-Match already holds the tag.
 *
 * It never looks at the database or at who asks: an answer that depends
 * on the user or the session must not be made conditional here.
 */
#ifndef MM_WEB_CONDITIONAL_H
#define MM_WEB_CONDITIONAL_H

#include "web/req.h"

/* An entity tag: a hash of the body in hex, quoted. */
#define CONDITIONAL_ETAG_LEN 26

/* The entity tag of body, NUL-terminated. */
void conditional_etag(struct str body, char out[CONDITIONAL_ETAG_LEN + 1]);

/* Sets ETag (the tag of res->body) and Cache-Control; turns res into a
 * 304 with no body when If-None-Match holds that tag. */
MM_MUST_USE enum mm_err conditional_get(struct req *r, struct res *res, const char *cache_control);
/* The same with a tag computed before (kept beside a cached body). */
MM_MUST_USE enum mm_err conditional_get_tag(struct req *r, struct res *res, struct str tag,
                                            const char *cache_control);

/* An If-None-Match header value lists tag (or is "*"); weak tags compare
 * by their opaque part. */
bool conditional_tag_listed(struct str header, struct str tag);

#endif
