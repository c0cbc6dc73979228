/*
 * verify_lookup.c — see verify_lookup.h.
 */
#include "pages/verify/verify_lookup.h"

#include "core/declaration_id.h"
#include "pages/verify/verify_record.h"

const char *verify_status_code(enum verification_status s)
{
	switch (s) {
	case VERIFICATION_WITHDRAWN:
		return "withdrawn";
	case VERIFICATION_REVOKED:
		return "revoked";
	case VERIFICATION_ACTIVE:
		break;
	}
	return "active";
}

const char *verify_outcome_code(enum verify_outcome o, const struct verification *v)
{
	switch (o) {
	case VERIFY_FOUND:
		return verify_status_code(v->status);
	case VERIFY_NOT_FOUND:
		return "not_found";
	case VERIFY_MISTYPED:
		return "mistyped";
	case VERIFY_MALFORMED:
		break;
	}
	return "malformed";
}

/* The declaration with this (normalised) ID, with its history: from the
 * verification cache when it holds it, else from the store (and then
 * kept). */
static enum mm_err find(struct req *r, struct str id, struct verification *out, uint64_t *serial)
{
	struct str packed;
	verify_cache_sync(r->store, r->arena);
	if (verify_cache_get_serial(r->arena, VERIFY_CACHE_RECORD, id, &packed, serial) &&
	    verify_record_unpack(r->arena, packed, out))
		return MM_OK;
	*serial = 0;
	enum mm_err e = store_verification_by_public_id(r->store, r->arena, id, true, out);
	if (!e && !verify_record_pack(r->arena, out, &packed))
		verify_cache_put(VERIFY_CACHE_RECORD, id, out->change_seq, packed);
	return e;
}

enum verify_outcome verify_id_outcome(struct arena *a, struct str raw, struct str *id)
{
	switch (core_declaration_id_read(a, raw, id)) {
	case DECLARATION_ID_MALFORMED:
		return VERIFY_MALFORMED;
	case DECLARATION_ID_MISTYPED:
		return VERIFY_MISTYPED;
	case DECLARATION_ID_VALID:
	case DECLARATION_ID_FOREIGN:
		break;
	}
	return VERIFY_FOUND;
}

enum mm_err verify_find(struct req *r, struct str id, bool with_history,
                        enum verify_outcome *outcome, struct verification *out)
{
	uint64_t serial;
	return verify_find_serial(r, id, with_history, outcome, out, &serial);
}

enum mm_err verify_find_serial(struct req *r, struct str id, bool with_history,
                               enum verify_outcome *outcome, struct verification *out,
                               uint64_t *serial)
{
	enum mm_err e = find(r, id, out, serial);
	if (e == MM_ERR_NOT_FOUND) {
		*outcome = VERIFY_NOT_FOUND;
		return MM_OK;
	}
	*outcome = VERIFY_FOUND;
	if (!with_history)
		out->history_n = out->revoked_n = 0;
	return e;
}

enum mm_err verify_lookup(struct req *r, struct str raw, bool with_history, struct str *id,
                          enum verify_outcome *outcome, struct verification *out)
{
	*outcome = verify_id_outcome(r->arena, raw, id);
	return *outcome == VERIFY_FOUND ? verify_find(r, *id, with_history, outcome, out) : MM_OK;
}

bool verify_cached(struct req *r, enum verify_cache_kind kind, struct str id, struct str *value)
{
	verify_cache_sync(r->store, r->arena);
	return verify_cache_get(r->arena, kind, id, value);
}
