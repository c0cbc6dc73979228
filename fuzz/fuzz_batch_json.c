/*
 * fuzz_batch_json.c — libFuzzer target for the body of POST
 * /api/v1/declarations/verify: api_batch_read() (src/pages/verify/
 * api_batch.c), then the declaration-ID and corporate-number readers on
 * every pair, as the page does.
 *
 * Checks: at most API_BATCH_MAX pairs and only with API_BATCH_OK; root is
 * NULL exactly for MALFORMED_JSON; every pair has an id; what the readers
 * give back is digits: an ID read as VALID, MISTYPED or FOREIGN is 11 of
 * them, a valid corporate number 13.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_check.h"

#include "core/corporate_number.h"
#include "core/declaration_id.h"
#include "pages/verify/api_batch.h"

static bool all_digits(struct str s)
{
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, ARENA_REQUEST_MAX);
	json_t *root = NULL;
	struct api_batch_pair *pairs;
	size_t n;
	enum api_batch_read read =
	    api_batch_read(&a, (struct str){(const char *)data, size}, &root, &pairs, &n);
	CHECK((root == NULL) == (read == API_BATCH_MALFORMED_JSON));
	CHECK(read == API_BATCH_OK || n == 0 || read != API_BATCH_TOO_MANY);
	if (read == API_BATCH_OK) {
		CHECK(n <= API_BATCH_MAX);
		for (size_t i = 0; i < n; i++) {
			struct str id, number;
			CHECK(pairs[i].id.p != NULL);
			enum declaration_id_check c =
			    core_declaration_id_read(&a, pairs[i].id, &id);
			CHECK(c == DECLARATION_ID_MALFORMED || (id.n == 11 && all_digits(id)));
			if (pairs[i].number.p &&
			    core_corporate_number_read(&a, pairs[i].number, &number))
				CHECK(number.n == CORPORATE_NUMBER_DIGITS && all_digits(number));
		}
	}
	json_decref(root);
	arena_free(&a);
	return 0;
}
