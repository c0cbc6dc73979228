/*
 * identity_org.c — "/org/identity": the owner's view of how the firm's
 * identity was established (store/identity.h) — its level, the corporate
 * number and its registered name — and the proof by letter: asking for a
 * letter with a one-time code addressed to the registered head office of
 * a number (the organisation's own, or one another organisation holds
 * unverified: a claim), then typing the code within 60 days.
 *
 * A letter needs the corporate-number data (store/corp.h): the address
 * comes from it, never from what the organisation typed. A number held by
 * a verified organisation cannot be asked for. A code is checked by its
 * SHA-256 against the letter's; IDENTITY_CODE_ATTEMPTS wrong codes cancel
 * the letter. The right code gives the organisation the number and the
 * level "letter" (store_identity_verify); the organisation that held the
 * number unverified loses it and its owners are told by mail.
 */
#include <sodium.h>

#include "core/identity_code.h"
#include "core/org_fields.h"
#include "pages/identity/identity_notify.h"
#include "pages/identity/identity_view.h"
#include "pages/shared/notice.h"
#include "pages/shared/titled.h"
#include "store/corp.h"
#include "store/identity.h"
#include "view/i18n.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

static const char *const notices[] = {"requested", "verified"};
#define NOTICE_COUNT (sizeof notices / sizeof notices[0])

static enum mm_err set_letter(struct req *r, struct val *ctx, const struct identity_letter *l)
{
	struct arena *a = r->arena;
	enum identity_letter_state st = identity_letter_state(
	    l->printed_at, l->used_at, l->cancelled_at, l->expires_at, r->now);
	static const char *const states[] = {
	    [IDENTITY_LETTER_WAITING] = "identity.letter.state.waiting",
	    [IDENTITY_LETTER_POSTED] = "identity.letter.state.posted",
	    [IDENTITY_LETTER_USED] = "identity.letter.state.used",
	    [IDENTITY_LETTER_CANCELLED] = "identity.letter.state.cancelled",
	    [IDENTITY_LETTER_EXPIRED] = "identity.letter.state.expired",
	};
	struct val *v = val_set_obj(a, ctx, "letter");
	if (!v || !val_set_str(a, v, "number", l->corporate_number) ||
	    !val_set_str(a, v, "recipient", l->recipient) ||
	    !val_set_cstr(a, v, "requested", page_format_date(r, l->created_at)) ||
	    !val_set_cstr(a, v, "expires", page_format_date(r, l->expires_at)) ||
	    !val_set_str(a, v, "state", page_t(r, states[st])) ||
	    !val_set_bool(a, v, "claim", l->claim) ||
	    !val_set_bool(a, v, "can_enter", st == IDENTITY_LETTER_POSTED) ||
	    !val_set_bool(a, v, "open",
	                  st == IDENTITY_LETTER_POSTED || st == IDENTITY_LETTER_WAITING))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* The page, with f's fields and errors (both forms share it). */
static enum mm_err render(struct req *r, struct res *res, struct webform *f, int status)
{
	struct arena *a = r->arena;
	struct org_identity_state st;
	struct identity_letter letter;
	bool any;
	enum mm_err e = store_identity_get(r->store, a, r->org->id, &st);
	if (!e)
		e = store_corp_any(r->store, &any);
	if (e || (e = identity_view_level(r, f->ctx, "identity", st.level, st.at)) ||
	    (e = notice_set(r, f->ctx, "identity.notice", notices, NOTICE_COUNT)))
		return e;
	e = store_identity_letter_latest(r->store, a, r->org->id, &letter);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool has = !e;
	if (!val_set_bool(a, f->ctx, "has_letter", has) ||
	    (has && (e = set_letter(r, f->ctx, &letter))))
		return e ? e : MM_ERR_NOMEM;
	/* The code's form while a posted letter waits for it, or to show
	 * what was typed with its error. */
	bool posted =
	    has && identity_letter_state(letter.printed_at, letter.used_at, letter.cancelled_at,
	                                 letter.expires_at, r->now) == IDENTITY_LETTER_POSTED;
	if (!val_set_bool(a, f->ctx, "code_form", posted || !webform_ok(f)))
		return MM_ERR_NOMEM;
	if (!val_set_str(a, f->ctx, "corporate_number", st.corporate_number) ||
	    !val_set_bool(a, f->ctx, "has_number", st.corporate_number.n > 0) ||
	    !val_set_str(a, f->ctx, "registered_name", st.registered_name) ||
	    !val_set_bool(a, f->ctx, "has_registered_name", st.registered_name.n > 0) ||
	    !val_set_bool(a, f->ctx, "has_data", any) ||
	    !val_set_bool(a, f->ctx, "verified", st.level != ORG_IDENTITY_UNVERIFIED) ||
	    !val_set_long(a, f->ctx, "days", IDENTITY_LETTER_DAYS))
		return MM_ERR_NOMEM;
	return titled_render(r, res, status, "identity_org", f->ctx, "identity.org.title",
	                     "org.title", "/org");
}

static enum mm_err page_identity(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e = webform_init(&f, r, res, val_obj(r->arena));
	if (e || (e = webform_set(&f, "corporate_number", r->org->profile->corporate_number)) ||
	    (e = webform_blank(&f, "code", NULL)))
		return e;
	return render(r, res, &f, 200);
}

/* ---- asking for a letter ------------------------------------------------------- */

struct letter_request {
	struct webform *f;
	struct identity_letter l;
	char code[IDENTITY_CODE_DIGITS + 1];
};

/* Who holds number: records the form's error when a verified organisation
 * does; *claim when an unverified one other than ours does. */
static enum mm_err check_holder(struct req *r, struct letter_request *q, struct store *s,
                                bool *claim)
{
	int64_t holder;
	struct org_identity_state st;
	*claim = false;
	enum mm_err e = store_org_id_by_corporate_number(s, q->l.corporate_number, &holder);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (!e)
		e = store_identity_get(s, r->arena, holder, &st);
	if (e)
		return e;
	if (holder == r->org->id) {
		if (st.level != ORG_IDENTITY_UNVERIFIED)
			webform_error(q->f, "corporate_number", "identity.error.already_verified");
		return MM_OK;
	}
	if (st.level != ORG_IDENTITY_UNVERIFIED)
		webform_error(q->f, "corporate_number", "identity.error.verified_elsewhere");
	*claim = true;
	return MM_OK;
}

/* The registered head office of number from the data, or the form's
 * error (not in the data, closed, outside Japan). */
static enum mm_err address_of(struct req *r, struct letter_request *q, struct store *s)
{
	struct corp_record c;
	enum mm_err e = store_corp_get(s, r->arena, q->l.corporate_number, &c);
	if (e == MM_ERR_NOT_FOUND) {
		webform_error(q->f, "corporate_number", "identity.error.not_in_data");
		return MM_OK;
	}
	if (e)
		return e;
	if (c.close_date.n) {
		webform_error(q->f, "corporate_number", "identity.error.closed");
		return MM_OK;
	}
	if (!c.prefecture_code || c.postal_code.n != 7) {
		webform_error(q->f, "corporate_number", "identity.error.abroad");
		return MM_OK;
	}
	q->l.recipient = c.name;
	q->l.postal_code =
	    str_from(arena_printf(r->arena, "%.3s-%.4s", c.postal_code.p, c.postal_code.p + 3));
	q->l.address = str_from(arena_printf(r->arena, "%.*s%.*s%.*s", (int)c.prefecture_name.n,
	                                     c.prefecture_name.p, (int)c.city_name.n, c.city_name.p,
	                                     (int)c.street.n, c.street.p));
	return q->l.postal_code.p && q->l.address.p ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err letter_tx(struct req *r, struct store *s, void *arg)
{
	struct letter_request *q = arg;
	int64_t since = r->now - (int64_t)IDENTITY_LETTER_DAYS * 86400, count, id;
	bool claim;
	enum mm_err e = check_holder(r, q, s, &claim);
	if (!e && webform_ok(q->f))
		e = address_of(r, q, s);
	if (!e && webform_ok(q->f))
		e = store_identity_letter_count_since(s, r->org->id, since, &count);
	if (e)
		return e;
	if (webform_ok(q->f) && count >= IDENTITY_LETTERS_PER_PERIOD)
		webform_error(q->f, "corporate_number", "identity.error.too_many_letters");
	if (!webform_ok(q->f))
		return MM_ERR_CONFLICT;
	q->l.claim = claim;
	if ((e = store_identity_letter_insert(s, &q->l, r->user->id, &id)) ||
	    (e = store_identity_event_add(
	         s, q->l.corporate_number, r->org->id, "letter_requested",
	         str_from(arena_printf(r->arena, "letter %lld%s", (long long)id,
	                               claim ? " (claim)" : "")),
	         r->user->id, r->now)))
		return e;
	return audit_log(
	    r, "identity.letter", 0, r->org->id, q->l.corporate_number, AUDIT_OK,
	    arena_printf(r->arena, "letter %lld%s", (long long)id,
	                 claim ? ": claim of a number held by another organisation" : ""));
}

/* A fresh code and its hash into q. */
static void make_code(struct letter_request *q)
{
	uint8_t digits[IDENTITY_CODE_DIGITS];
	for (int i = 0; i < IDENTITY_CODE_DIGITS; i++)
		digits[i] = (uint8_t)randombytes_uniform(10);
	identity_code_make(digits, q->code);
	sodium_memzero(digits, sizeof digits);
	crypto_hash_sha256(q->l.code_hash, (const unsigned char *)q->code, IDENTITY_CODE_DIGITS);
	q->l.code = (struct str){q->code, IDENTITY_CODE_DIGITS};
}

static enum mm_err page_identity_letter_post(struct req *r, struct res *res)
{
	struct webform f;
	struct letter_request q = {.f = &f};
	enum mm_err e = webform_init(&f, r, res, val_obj(r->arena));
	if (e || (e = webform_blank(&f, "code", NULL)))
		return e;
	struct str typed = webform_take(&f, "corporate_number", ORG_NUMBER_MAX_CHARS);
	enum org_check c = org_corporate_number_normalise(r->arena, typed, &q.l.corporate_number);
	if (c != ORG_CHECK_OK)
		webform_error(&f, "corporate_number",
		              c == ORG_CHECK_MISTYPED ? "org.error.corporate_number.mistyped"
		              : c == ORG_CHECK_EMPTY  ? "identity.error.number_missing"
		                                      : "org.error.corporate_number.invalid");
	if (!webform_ok(&f))
		return render(r, res, &f, 422);
	q.l.organisation_id = r->org->id;
	q.l.created_at = r->now;
	q.l.expires_at = identity_letter_expires(r->now);
	make_code(&q);
	e = page_tx(r, letter_tx, &q);
	sodium_memzero(q.code, sizeof q.code);
	if (e == MM_ERR_CONFLICT && !webform_ok(&f))
		return render(r, res, &f, 422);
	if (e)
		return e;
	return page_redirect(r, res, "/org/identity?notice=requested");
}

/* ---- typing the code ------------------------------------------------------------ */

struct code_entry {
	struct identity_letter *l;
	struct identity_moved moved;
	int attempts;
	bool cancelled;
};

static enum mm_err verify_tx(struct req *r, struct store *s, void *arg)
{
	struct code_entry *q = arg;
	const char *source = arena_printf(r->arena, "letter:%lld", (long long)q->l->id);
	enum mm_err e = store_identity_letter_use(s, q->l->id, r->now);
	if (!e)
		e = store_identity_verify(s, r->arena, r->org->id, q->l->corporate_number,
		                          ORG_IDENTITY_LETTER, str_from(source), r->user->id,
		                          r->now, &q->moved);
	if (e)
		return e;
	if (q->moved.claim_id) {
		if ((e = audit_log(r, "identity.number_lost", 0, q->moved.holder_id,
		                   q->l->corporate_number, AUDIT_OK,
		                   arena_printf(r->arena, "claim %lld: moved to %.*s",
		                                (long long)q->moved.claim_id,
		                                (int)r->org->profile->name.n,
		                                r->org->profile->name.p))) ||
		    (e = identity_notify_number_lost(r, s, &q->moved, q->l->corporate_number)))
			return e;
	}
	return audit_log(r, "identity.verify", 0, r->org->id, q->l->corporate_number, AUDIT_OK,
	                 source);
}

static enum mm_err refuse_tx(struct req *r, struct store *s, void *arg)
{
	struct code_entry *q = arg;
	enum mm_err e = store_identity_letter_refuse(s, q->l->id, r->now, IDENTITY_CODE_ATTEMPTS,
	                                             &q->attempts, &q->cancelled);
	if (!e)
		e = store_identity_event_add(
		    s, q->l->corporate_number, r->org->id,
		    q->cancelled ? "letter_cancelled" : "code_refused",
		    str_from(arena_printf(r->arena, "letter %lld: wrong code %d of %d",
		                          (long long)q->l->id, q->attempts,
		                          IDENTITY_CODE_ATTEMPTS)),
		    r->user->id, r->now);
	if (e)
		return e;
	return audit_log(r, "identity.code", 0, r->org->id, q->l->corporate_number, AUDIT_DENIED,
	                 arena_printf(r->arena, "letter %lld: wrong code %d of %d",
	                              (long long)q->l->id, q->attempts, IDENTITY_CODE_ATTEMPTS));
}

/* Why no code can be typed now: the catalogue key, or NULL. */
static const char *closed_reason(const struct identity_letter *l, enum mm_err found, int64_t now)
{
	if (found == MM_ERR_NOT_FOUND)
		return "identity.error.no_letter";
	switch (
	    identity_letter_state(l->printed_at, l->used_at, l->cancelled_at, l->expires_at, now)) {
	case IDENTITY_LETTER_WAITING:
		return "identity.error.not_posted";
	case IDENTITY_LETTER_USED:
		return "identity.error.no_letter";
	case IDENTITY_LETTER_CANCELLED:
		return "identity.error.cancelled";
	case IDENTITY_LETTER_EXPIRED:
		return "identity.error.expired";
	case IDENTITY_LETTER_POSTED:
		break;
	}
	return NULL;
}

static enum mm_err wrong_code(struct req *r, struct res *res, struct webform *f,
                              struct code_entry *q)
{
	enum mm_err e = page_tx(r, refuse_tx, q);
	if (e == MM_ERR_NOT_FOUND) { /* closed meanwhile */
		webform_error(f, "code", "identity.error.cancelled");
		return render(r, res, f, 422);
	}
	if (e)
		return e;
	if (q->cancelled) {
		webform_error(f, "code", "identity.error.too_many_codes");
		return render(r, res, f, 422);
	}
	const char *const names[] = {"left"};
	const struct str values[] = {
	    str_from(arena_printf(r->arena, "%d", IDENTITY_CODE_ATTEMPTS - q->attempts))};
	webform_error_text(
	    f, "code",
	    str_from(i18n_fill(r->arena, r->lang, "identity.error.wrong_code", names, values, 1)));
	return render(r, res, f, 422);
}

static enum mm_err page_identity_code_post(struct req *r, struct res *res)
{
	struct webform f;
	struct identity_letter l;
	struct code_entry q = {.l = &l};
	struct str code;
	unsigned char hash[IDENTITY_CODE_HASH_BYTES];
	enum mm_err e = webform_init(&f, r, res, val_obj(r->arena));
	if (e || (e = webform_set(&f, "corporate_number", r->org->profile->corporate_number)))
		return e;
	struct str typed = webform_take(&f, "code", 40);
	enum mm_err found = store_identity_letter_latest(r->store, r->arena, r->org->id, &l);
	if (found && found != MM_ERR_NOT_FOUND)
		return found;
	const char *closed = closed_reason(&l, found, r->now);
	if (closed) {
		webform_error(&f, "code", closed);
		return render(r, res, &f, 422);
	}
	if (!identity_code_read(r->arena, typed, &code)) {
		webform_error(&f, "code", "identity.error.code_shape");
		return render(r, res, &f, 422);
	}
	crypto_hash_sha256(hash, (const unsigned char *)code.p, code.n);
	if (sodium_memcmp(hash, l.code_hash, sizeof hash) != 0)
		return wrong_code(r, res, &f, &q);
	e = page_tx(r, verify_tx, &q);
	if (e == MM_ERR_CONFLICT) { /* a verified firm holds the number now */
		webform_error(&f, "code", "identity.error.verified_elsewhere");
		return render(r, res, &f, 422);
	}
	if (e == MM_ERR_NOT_FOUND) { /* the letter closed meanwhile */
		webform_error(&f, "code", "identity.error.cancelled");
		return render(r, res, &f, 422);
	}
	if (e)
		return e;
	return page_redirect(r, res, "/org/identity?notice=verified");
}

/* This file's routes, in dispatch order (see identity_routes.c). */
const struct route_table identity_org_routes =
    ROUTE_TABLE(ROUTE_GET("/org/identity", page_identity, RIGHT_OWNER),
                ROUTE_POST("/org/identity/letter", page_identity_letter_post, RIGHT_OWNER),
                ROUTE_POST("/org/identity/code", page_identity_code_post, RIGHT_OWNER));
