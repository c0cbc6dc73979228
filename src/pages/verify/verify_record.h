/*
 * verify_record.h — a declaration's public record (struct verification,
 * with its history) as one flat value for the verification cache
 * (web/verify_cache.h), and back.
 *
 * The layout is this process's own: native byte order and sizes, never
 * written to disk, the database or the network. Unpacking checks every
 * length against the value it reads, so a short or damaged value is
 * refused (the caller then reads the store) instead of being read past.
 */
#ifndef MM_VERIFY_RECORD_H
#define MM_VERIFY_RECORD_H

#include "store/verification.h"

/* A declaration's public record as kept in memory, at most. */
#define VERIFY_RECORD_MAX (64u * 1024)

/* v as one value in the arena. */
MM_MUST_USE enum mm_err verify_record_pack(struct arena *a, const struct verification *v,
                                           struct str *out);
/* The record packed in `in`; false when in is not one. The strings of *v
 * point into in, which must live as long. */
bool verify_record_unpack(struct arena *a, struct str in, struct verification *v);

#endif
