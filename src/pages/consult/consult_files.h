/*
 * consult_files.h — the files posted with a consultation or a message:
 * read from the multipart body (field "attachments"), each checked for
 * its size and, by its content, its type (core/file_type.h), and stored
 * under a random name of CONSULT_FILE_NAME_CHARS characters.
 */
#ifndef MM_PAGES_CONSULT_FILES_H
#define MM_PAGES_CONSULT_FILES_H

#include "core/file_type.h"
#include "web/req.h"

#define CONSULT_FILE_NAME_CHARS 32
#define CONSULT_FILENAME_MAX_CHARS 200 /* of the name shown */
/* A request carrying files: the largest file and the form around it. */
#define CONSULT_UPLOAD_MAX_BODY (REQ_MAX_UPLOAD + 1024u * 1024)

struct consult_file {
	struct str filename; /* as sent, cleaned for display */
	struct str data;
	enum file_type type;
};

/* The files of the request, at most `room` of them; *error_key a
 * catalogue key when one is refused (too many, too large, a type not
 * accepted), NULL otherwise. */
MM_MUST_USE enum mm_err consult_files_read(struct req *r, size_t room, struct consult_file **out,
                                           size_t *n, const char **error_key);
/* Stores the files of a consultation (and message, 0 for none). */
MM_MUST_USE enum mm_err consult_files_store(struct req *r, int64_t consultation_id,
                                            int64_t message_id, const struct consult_file *f,
                                            size_t n);

#endif
