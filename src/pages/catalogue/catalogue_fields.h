/*
 * catalogue_fields.h — a listing's fields as text, read and checked into a
 * struct service: the same names and rules for the provider's form
 * (catalogue_listing.c, whose check boxes are first joined into the same
 * lists) and for a line of the administrators' CSV import
 * (catalogue_import.c), whose columns are these names (README, "Service
 * catalogue CSV"). What each field may hold is written once, in
 * catalogue_fields[]: the reader checks against it and the import page
 * describes it. Every problem is reported by field name with the
 * catalogue key of its message; nothing is stored here.
 */
#ifndef MM_PAGES_CATALOGUE_FIELDS_H
#define MM_PAGES_CATALOGUE_FIELDS_H

#include "core/catalogue.h"
#include "store/services.h"

/* Who must give a field. */
enum catalogue_need {
	CATALOGUE_REQUIRED,          /* every listing */
	CATALOGUE_OPTIONAL,          /* may be empty */
	CATALOGUE_REQUIRED_FOR_KIND, /* read for listings of .kind alone, and required there */
	CATALOGUE_OPTIONAL_FOR_KIND, /* read for listings of .kind alone, may be empty */
};

/* What a field's limit counts. */
enum catalogue_limit {
	CATALOGUE_NO_LIMIT,
	CATALOGUE_CHARACTERS, /* at most max characters */
	CATALOGUE_BYTES,      /* at most max bytes */
	CATALOGUE_YEN,        /* a whole number of yen, 0 to max */
	CATALOGUE_MONTHS,     /* a whole number of months, 0 to max */
};

/* A field as catalogue_fields_read checks it: the one definition of what
 * it may hold, which the import page also describes to administrators
 * (catalogue_format.c), so that the page says what the import does. */
struct catalogue_field {
	const char *name;
	enum catalogue_need need;
	enum service_kind kind; /* of the _FOR_KIND needs */
	enum catalogue_limit limit;
	int64_t max;
	const char *const *values; /* the words it holds, NULL for none listed */
	size_t n_values;
	bool several;     /* one or more of values, separated by spaces */
	const char *note; /* catalogue key of how it is written, or NULL */
};

/* The fields a provider writes, in the CSV's column order after
 * external_key and provider_corporate_number. */
#define CATALOGUE_FIELD_COUNT 27
extern const struct catalogue_field catalogue_fields[CATALOGUE_FIELD_COUNT];
/* The two columns of the CSV import before them: the listing's key and
 * its provider's corporate number (catalogue_import.c reads them). */
#define CATALOGUE_IMPORT_KEY_COUNT 2
extern const struct catalogue_field catalogue_import_keys[CATALOGUE_IMPORT_KEY_COUNT];

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
