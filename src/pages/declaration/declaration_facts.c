/*
 * declaration_facts.c — see declaration_facts.h.
 */
#include "pages/declaration/declaration_facts.h"

#include "core/corporate_number.h"
#include "core/declaration.h"
#include "core/org_fields.h"
#include "core/statistics.h"
#include "pages/org/org_size.h"
#include "lib/embedded.h"
#include "lib/utf8.h"

static struct str nfkc(struct req *r, struct str s)
{
	struct str out;
	return utf8_nfkc(r->arena, s, &out) ? s : out;
}

static struct str arena_key(struct req *r, const char *key, size_t n)
{
	char *copy = arena_strndup(r->arena, key, n);
	return copy ? (struct str){copy, n} : STR("");
}

enum mm_err declaration_copy_facts(struct req *r, const struct org_profile *o,
                                   struct declaration *d, unsigned *problems)
{
	char key[DECLARATION_KEY_BYTES];
	size_t n;
	*problems = 0;
	d->org_name = str_trim(o->name);
	d->org_name_kana = str_trim(o->name_kana);
	d->prefecture = o->prefecture;
	d->industry = o->industry;
	d->corporate_number = o->corporate_number;
	d->address = o->address;
	d->contact_email = o->contact_email;
	enum size_group group;
	enum size_class size;
	d->size_class = org_size_class(o, &group, &size) ? (int)core_statistics_size(size)
	                                                 : STATISTICS_SIZE_UNKNOWN;
	n = core_declaration_name_key(nfkc(r, d->org_name), key);
	d->name_key = arena_key(r, key, n);
	n = core_declaration_address_key(o->prefecture, nfkc(r, o->address), key);
	d->address_key = arena_key(r, key, n);
	if (d->org_name.n == 0)
		*problems |= FACT_MISSING_NAME;
	if (d->org_name_kana.n == 0)
		*problems |= FACT_MISSING_KANA;
	if (o->prefecture < 1 || o->prefecture > PREFECTURE_COUNT)
		*problems |= FACT_MISSING_PREFECTURE;
	if (o->industry.n != 1 || o->industry.p[0] < 'A' || o->industry.p[0] > 'T')
		*problems |= FACT_MISSING_INDUSTRY;
	if (o->corporate_number.n && !core_corporate_number_valid(o->corporate_number))
		*problems |= FACT_CORPORATE_NUMBER_INVALID;
	if (!o->corporate_number.n && !o->sole_proprietor)
		*problems |= FACT_CORPORATE_NUMBER_MISSING;
	return d->name_key.p && d->address_key.p ? MM_OK : MM_ERR_NOMEM;
}

bool declaration_details_differ(const struct declaration *copy, const struct declaration *now)
{
	return !str_eq(copy->org_name, now->org_name) ||
	       !str_eq(copy->org_name_kana, now->org_name_kana) ||
	       copy->prefecture != now->prefecture || !str_eq(copy->industry, now->industry) ||
	       !str_eq(copy->corporate_number, now->corporate_number) ||
	       !str_eq(copy->address, now->address) ||
	       !str_eq(copy->contact_email, now->contact_email);
}

static bool disposable(struct str email)
{
	const struct embedded_file *f = embedded_find(DECLARATION_DISPOSABLE_LIST);
	return f && email.n && core_declaration_domain_listed(email, embedded_str(f));
}

static enum mm_err similar_at_address(struct req *r, struct store *s, const struct declaration *d,
                                      int64_t org_id, bool *found)
{
	struct str *keys;
	size_t n;
	*found = false;
	if (d->address_key.n == 0 || d->name_key.n == 0)
		return MM_OK;
	enum mm_err e =
	    store_declaration_names_at_address(s, r->arena, d->address_key, org_id, &keys, &n);
	for (size_t i = 0; !e && i < n && !*found; i++)
		*found = core_declaration_names_similar(d->name_key, keys[i]);
	return e;
}

enum mm_err declaration_signals(struct req *r, struct store *s, const struct declaration *d,
                                int64_t org_id, bool number_change, unsigned *signals)
{
	struct declaration_signal_facts f = {.corporate_number_change = number_change};
	enum mm_err e;
	if (d->corporate_number.n &&
	    (e = store_declaration_count_corporate_number(s, d->corporate_number, org_id,
	                                                  &f.other_declarations_with_number)))
		return e;
	if ((e = similar_at_address(r, s, d, org_id, &f.similar_name_at_address)) ||
	    (e = store_declaration_count_ended_of(s, org_id, &f.earlier_revoked,
	                                          &f.earlier_withdrawn)))
		return e;
	f.disposable_email =
	    disposable(d->contact_email) || (r->user && disposable(r->user->email));
	if (r->ip.n && (e = store_declaration_count_from_ip(
	                    s, r->ip, r->now - DECLARATION_IP_WINDOW, &f.earlier_from_ip)))
		return e;
	*signals = core_declaration_signals(&f);
	return MM_OK;
}
