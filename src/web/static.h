/*
 * static.h — the files under static/, embedded, each served at
 * /static/NAME.HASH.EXT where HASH is taken from its content, so a URL
 * never changes meaning and browsers may keep it for a year.
 */
#ifndef MM_STATIC_H
#define MM_STATIC_H

#include "web/req.h"

MM_MUST_USE enum mm_err static_init(char err[256]);
void static_free(void);
/* "style.css" → "/static/style.0123456789abcdef.css"; "/static/missing"
 * when there is no such file (the template tests catch it). */
const char *static_url(const char *name);
MM_MUST_USE enum mm_err page_static(struct req *r, struct res *res);

#endif
