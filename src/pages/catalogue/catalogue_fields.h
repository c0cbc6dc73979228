/*
 * catalogue_fields.h — a listing's fields as text, read and checked into a
 * struct service: the same names and rules for the provider's form
 * (catalogue_listing.c, whose check boxes are first joined into the same
 * lists) and for a line of the administrators' CSV import
 * (catalogue_import.c), whose columns are these names (README, "Service
 * catalogue CSV"). Every problem is reported by field name with the
 * catalogue key of its message; nothing is stored here.
 */
#ifndef MM_PAGES_CATALOGUE_FIELDS_H
#define MM_PAGES_CATALOGUE_FIELDS_H

#include "store/services.h"

/* The fields a provider writes, in the CSV's column order after
 * external_key and provider_corporate_number. */
#define CATALOGUE_FIELD_COUNT 27
extern const char *const catalogue_fields[CATALOGUE_FIELD_COUNT];

struct catalogue_source {
	/* The text of a field ("" when absent). */
	struct str (*get)(void *ctx, const char *name);
	/* A problem with a field: the catalogue key of its message. */
	void (*error)(void *ctx, const char *name, const char *key);
	void *ctx;
};

/* Reads every field of src into *out (kind and content; ids and provider
 * untouched), reporting each problem through src->error. */
void catalogue_fields_read(const struct catalogue_source *src, struct service *out);

/* The text of field name for v, as catalogue_fields_read reads it back
 * (the export's cells and the form's values); NULL when the arena is
 * full. */
const char *catalogue_field_text(struct arena *a, const struct service *v, const char *name);

/* Names of the bits of mask in list[0..n), separated by spaces. */
const char *catalogue_names_text(struct arena *a, const char *const list[], size_t n, int64_t mask);

#endif
