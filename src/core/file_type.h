/*
 * file_type.h — what kind of file some bytes are, decided by their
 * content and never by the name they came with: the kinds a consultation
 * accepts (PDF, PNG, JPEG, plain text, a saved e-mail). Anything else —
 * a program named invoice.pdf, an HTML page named notes.txt — is none of
 * them. Pure: no I/O.
 */
#ifndef MM_CORE_FILE_TYPE_H
#define MM_CORE_FILE_TYPE_H

#include "lib/str.h"

enum file_type { FILE_TYPE_NONE, FILE_PDF, FILE_PNG, FILE_JPEG, FILE_TEXT, FILE_EML };

enum file_type file_type_of(struct str data);
/* "application/pdf", "image/png", … ; "" for FILE_TYPE_NONE. */
const char *file_type_mime(enum file_type t);
/* "pdf", "png", "jpg", "txt", "eml"; "" for FILE_TYPE_NONE. */
const char *file_type_extension(enum file_type t);
/* The type a stored MIME type names (FILE_TYPE_NONE for others). */
enum file_type file_type_from_mime(struct str mime);

#endif
