/*
 * owner_mail.h — one message to every owner of an organisation, each in
 * their own language (their profile's, web/mail.h's mail_lang_of), queued
 * in the caller's transaction so that the mails exist exactly when the
 * change that causes them does. For what owners must hear whoever caused
 * it: a supporter ending their own access, a corporate number won by
 * another firm. One set of fields serves every owner, so the fields must
 * read the same in every language (names, numbers, links).
 */
#ifndef MM_PAGES_SHARED_OWNER_MAIL_H
#define MM_PAGES_SHARED_OWNER_MAIL_H

#include "web/req.h"

/* Queues message KIND (web/mail.h's mail_queue_fields) to each owner of
 * organisation org_id. */
MM_MUST_USE enum mm_err owner_mail_queue(struct req *r, struct store *s, int64_t org_id,
                                         const char *kind, const char *const names[],
                                         const struct str values[], size_t n);

#endif
