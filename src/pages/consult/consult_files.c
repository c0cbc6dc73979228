/*
 * consult_files.c — see consult_files.h. The sender's file name is kept
 * for display only (control characters and path separators dropped, cut
 * to CONSULT_FILENAME_MAX_CHARS); it never names anything stored or
 * served.
 */
#include "pages/consult/consult_files.h"

#include "core/consultation.h"
#include "lib/multipart.h"
#include "lib/utf8.h"
#include "pages/org/org_ids.h"
#include "store/consult.h"

/* 32 characters: org_random_text takes five bits a character. */
static const char name_alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

static struct str clean_filename(struct arena *a, struct str in)
{
	char *out = arena_alloc(a, in.n + 1);
	size_t n = 0, chars = 0;
	if (!out || !utf8_valid(in))
		return STR("file");
	for (size_t i = 0; i < in.n && chars < CONSULT_FILENAME_MAX_CHARS; i++) {
		unsigned char c = (unsigned char)in.p[i];
		if (c == '/' || c == '\\')
			n = 0, chars = 0; /* keep the last path segment only */
		else if (c >= 0x20 && c != 0x7f) {
			out[n++] = (char)c;
			if ((c & 0xc0) != 0x80)
				chars++;
		}
	}
	while (n && ((unsigned char)out[n - 1] & 0xc0) == 0x80 && !utf8_valid((struct str){out, n}))
		n--;
	out[n] = '\0';
	return n ? (struct str){out, n} : STR("file");
}

enum mm_err consult_files_read(struct req *r, size_t room, struct consult_file **out, size_t *n,
                               const char **error_key)
{
	struct str type = req_header(r, "Content-Type");
	struct str boundary;
	struct multipart m;
	*out = NULL;
	*n = 0;
	*error_key = NULL;
	if (!type.p || !str_starts_with(type, "multipart/form-data"))
		return MM_OK; /* a form without files */
	if (multipart_boundary(type, &boundary) ||
	    multipart_parse(r->arena, boundary, r->body, &m)) {
		*error_key = "consult.error.upload";
		return MM_OK;
	}
	*out = arena_alloc(r->arena, (m.n + 1) * sizeof **out);
	if (!*out)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < m.n; i++) {
		const struct part *p = &m.parts[i];
		if (!p->filename.p || !str_eq_lit(p->name, "attachments") ||
		    (p->data.n == 0 && p->filename.n == 0))
			continue; /* an empty file input */
		if (*n >= room) {
			*error_key = "consult.error.attachments_too_many";
			return MM_OK;
		}
		if (p->data.n > CONSULT_ATTACHMENT_MAX_BYTES) {
			*error_key = "consult.error.attachment_too_large";
			return MM_OK;
		}
		enum file_type t = file_type_of(p->data);
		if (t == FILE_TYPE_NONE) {
			*error_key = "consult.error.attachment_type";
			return MM_OK;
		}
		(*out)[(*n)++] = (struct consult_file){
		    .filename = clean_filename(r->arena, p->filename), .data = p->data, .type = t};
	}
	return MM_OK;
}

enum mm_err consult_files_store(struct req *r, int64_t consultation_id, int64_t message_id,
                                const struct consult_file *f, size_t n)
{
	enum mm_err e = MM_OK;
	for (size_t i = 0; !e && i < n; i++) {
		char name[CONSULT_FILE_NAME_CHARS + 1];
		org_random_text(name, CONSULT_FILE_NAME_CHARS, name_alphabet);
		struct consult_attachment at = {.consultation_id = consultation_id,
		                                .message_id = message_id,
		                                .name = str_from(name),
		                                .filename = f[i].filename,
		                                .content_type = str_from(file_type_mime(f[i].type)),
		                                .data = f[i].data};
		e = store_consult_attachment_insert(r->store, &at, r->now);
	}
	return e;
}
