/*
 * multipart.h — multipart/form-data (RFC 7578) over a body already held in
 * memory (the request layer caps bodies before they reach here). Parts
 * without a filename are form fields and must be valid UTF-8; file parts
 * keep their bytes as sent.
 */
#ifndef MM_MULTIPART_H
#define MM_MULTIPART_H

#include "lib/form.h"

#define MULTIPART_MAX_PARTS 100
#define MULTIPART_MAX_HEADER 1024 /* one part's header block */

struct part {
	struct str name;
	struct str filename; /* p == NULL for an ordinary field */
	struct str content_type;
	struct str data;
};

struct multipart {
	struct part *parts;
	size_t n;
};

/* Extracts boundary= from a Content-Type value. */
MM_MUST_USE enum mm_err multipart_boundary(struct str content_type, struct str *boundary);
MM_MUST_USE enum mm_err multipart_parse(struct arena *a, struct str boundary, struct str body,
                                        struct multipart *out);
/* Copies the ordinary fields (not files) into a kvlist for uniform access. */
MM_MUST_USE enum mm_err multipart_fields(struct arena *a, const struct multipart *m,
                                         struct kvlist *out);

/* The data of the first non-empty file part named field of a body whose
 * Content-Type is content_type (multipart/form-data), or STR_NULL when
 * there is none or the body is not such a form. */
struct str multipart_form_file(struct arena *a, struct str content_type, struct str body,
                               const char *field);

#endif
