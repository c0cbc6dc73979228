/*
 * declaration.c — see declaration.h. The transition function is the only
 * place that decides what a declaration may become; the web handlers and
 * the store follow its answer.
 */
#include "core/declaration.h"

#include <assert.h>
#include <string.h>

/* ---- the state machine ----------------------------------------------------- */

static bool level_valid(int level)
{
	return level == DECLARATION_LEVEL_ONE || level == DECLARATION_LEVEL_TWO;
}

/* ★★ prerequisites, in the order a firm usually meets them. */
static enum declaration_refusal two_stars_ready(const struct declaration_request *req)
{
	if (!req->has_assessment)
		return DECLARATION_REFUSED_NO_ASSESSMENT;
	if (!req->has_policy)
		return DECLARATION_REFUSED_NO_POLICY;
	return DECLARATION_ALLOWED;
}

static enum declaration_refusal declare(struct declaration_state from,
                                        const struct declaration_request *req,
                                        struct declaration_state *to)
{
	if (from.status != DECLARATION_NONE)
		return DECLARATION_REFUSED_EXISTS;
	if (!level_valid(req->level))
		return DECLARATION_REFUSED_LEVEL;
	if (!req->pledged)
		return DECLARATION_REFUSED_NO_PLEDGE;
	if (req->level == DECLARATION_LEVEL_TWO) {
		enum declaration_refusal r = two_stars_ready(req);
		if (r)
			return r;
	}
	*to = (struct declaration_state){DECLARATION_ACTIVE, req->level, req->flagged};
	return DECLARATION_ALLOWED;
}

static enum declaration_refusal revoke(struct declaration_state from,
                                       const struct declaration_request *req,
                                       struct declaration_state *to)
{
	if (!core_declaration_revoke_reason_valid(req->reason))
		return DECLARATION_REFUSED_REASON;
	if (str_trim(req->note).n == 0)
		return DECLARATION_REFUSED_NOTE;
	*to = (struct declaration_state){DECLARATION_REVOKED, from.level, false};
	return DECLARATION_ALLOWED;
}

enum declaration_refusal core_declaration_transition(struct declaration_state from,
                                                     enum declaration_action action,
                                                     const struct declaration_request *req,
                                                     struct declaration_state *to)
{
	struct declaration_state next = from;
	enum declaration_refusal r = DECLARATION_ALLOWED;
	assert(req && to);
	/* The state comes from the store, which keeps it well formed: a level
	 * exactly when a declaration was made. */
	assert(from.status >= DECLARATION_NONE && from.status <= DECLARATION_REVOKED);
	assert(from.status == DECLARATION_NONE ? from.level == 0 : level_valid(from.level));
	*to = from;
	if (action == DECLARATION_DECLARE)
		return declare(from, req, to);
	if (action == DECLARATION_CLEAR_FLAG) {
		if (from.status == DECLARATION_NONE)
			return DECLARATION_REFUSED_NOT_ACTIVE;
		if (!from.flagged)
			return DECLARATION_REFUSED_NOT_FLAGGED;
		to->flagged = false;
		return DECLARATION_ALLOWED;
	}
	/* Everything else changes a live declaration only. */
	if (from.status != DECLARATION_ACTIVE)
		return DECLARATION_REFUSED_NOT_ACTIVE;
	switch (action) {
	case DECLARATION_UPGRADE:
		if (from.level != DECLARATION_LEVEL_ONE)
			return DECLARATION_REFUSED_LEVEL;
		if ((r = two_stars_ready(req)))
			return r;
		next.level = DECLARATION_LEVEL_TWO;
		break;
	case DECLARATION_DOWNGRADE:
		if (from.level != DECLARATION_LEVEL_TWO)
			return DECLARATION_REFUSED_LEVEL;
		next.level = DECLARATION_LEVEL_ONE;
		break;
	case DECLARATION_DETAILS:
		if (!req->details_changed)
			return DECLARATION_REFUSED_NO_CHANGE;
		break;
	case DECLARATION_WITHDRAW:
		next.status = DECLARATION_WITHDRAWN;
		break;
	case DECLARATION_REVOKE:
		return revoke(from, req, to);
	default:
		return DECLARATION_REFUSED_NOT_ACTIVE;
	}
	*to = next;
	return DECLARATION_ALLOWED;
}

static const char *const status_names[] = {NULL, "active", "withdrawn", "revoked"};

const char *core_declaration_status_name(enum declaration_status status)
{
	return (unsigned)status < sizeof status_names / sizeof status_names[0]
	           ? status_names[status]
	           : NULL;
}

bool core_declaration_status_parse(struct str name, enum declaration_status *out)
{
	for (size_t i = 1; i < sizeof status_names / sizeof status_names[0]; i++)
		if (str_eq_lit(name, status_names[i])) {
			*out = (enum declaration_status)i;
			return true;
		}
	return false;
}

const char *const core_declaration_revoke_reasons[] = {
    "false_information", /* the facts declared are not true */
    "misuse",            /* the mark is used against the terms */
    "not_eligible",      /* the declarant may not declare (e.g. not an SME in Japan) */
    "duplicate",         /* the same firm declared twice */
    "other",
};
const size_t core_declaration_revoke_reason_count =
    sizeof core_declaration_revoke_reasons / sizeof core_declaration_revoke_reasons[0];

bool core_declaration_revoke_reason_valid(struct str reason)
{
	for (size_t i = 0; i < core_declaration_revoke_reason_count; i++)
		if (str_eq_lit(reason, core_declaration_revoke_reasons[i]))
			return true;
	return false;
}

/* ---- signals ----------------------------------------------------------------- */

static const char *const signal_names[DECLARATION_SIGNAL_COUNT] = {
    "corporate_number_reused", "similar_name_address", "disposable_email",       "ip_burst",
    "earlier_revoked",         "earlier_withdrawn",    "corporate_number_change"};

const char *core_declaration_signal_name(enum declaration_signal signal)
{
	for (unsigned i = 0; i < DECLARATION_SIGNAL_COUNT; i++)
		if ((unsigned)signal == 1u << i)
			return signal_names[i];
	return NULL;
}

unsigned core_declaration_signal_parse(struct str codes)
{
	unsigned set = 0;
	size_t start = 0;
	for (size_t i = 0; i <= codes.n; i++) {
		if (i < codes.n && codes.p[i] != ',')
			continue;
		struct str code = {codes.p + start, i - start};
		start = i + 1;
		for (unsigned k = 0; k < DECLARATION_SIGNAL_COUNT; k++)
			if (code.n && str_eq_lit(code, signal_names[k]))
				set |= 1u << k;
	}
	return set;
}

unsigned core_declaration_signals(const struct declaration_signal_facts *f)
{
	unsigned s = 0;
	if (f->other_declarations_with_number > 0)
		s |= SIGNAL_CORPORATE_NUMBER_REUSED;
	if (f->similar_name_at_address)
		s |= SIGNAL_SIMILAR_NAME_ADDRESS;
	if (f->disposable_email)
		s |= SIGNAL_DISPOSABLE_EMAIL;
	/* this declaration is one more than the earlier ones */
	if (f->earlier_from_ip + 1 > DECLARATION_IP_BURST)
		s |= SIGNAL_IP_BURST;
	if (f->earlier_revoked > 0)
		s |= SIGNAL_EARLIER_REVOKED;
	if (f->earlier_withdrawn > 0)
		s |= SIGNAL_EARLIER_WITHDRAWN;
	if (f->corporate_number_change)
		s |= SIGNAL_CORPORATE_NUMBER_CHANGE;
	return s;
}

enum mm_err core_declaration_signal_codes(unsigned signals, char *out, size_t cap)
{
	size_t n = 0;
	if (cap == 0)
		return MM_ERR_TOO_LONG;
	out[0] = '\0';
	for (unsigned i = 0; i < DECLARATION_SIGNAL_COUNT; i++) {
		if (!(signals & (1u << i)))
			continue;
		size_t len = strlen(signal_names[i]), sep = n ? 1 : 0;
		if (n + sep + len + 1 > cap)
			return MM_ERR_TOO_LONG;
		if (sep)
			out[n++] = ',';
		memcpy(out + n, signal_names[i], len);
		n += len;
		out[n] = '\0';
	}
	return MM_OK;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* domain equals listed, or ends in "." + listed; ASCII case ignored. */
static bool domain_matches(struct str domain, struct str listed)
{
	if (listed.n == 0 || listed.n > domain.n)
		return false;
	size_t off = domain.n - listed.n;
	if (off > 0 && domain.p[off - 1] != '.')
		return false;
	for (size_t i = 0; i < listed.n; i++)
		if (ascii_lower(domain.p[off + i]) != ascii_lower(listed.p[i]))
			return false;
	return true;
}

static struct str email_domain(struct str email)
{
	size_t at = email.n;
	for (size_t i = 0; i < email.n; i++)
		if (email.p[i] == '@')
			at = i;
	if (at == email.n)
		return STR("");
	return (struct str){email.p + at + 1, email.n - at - 1};
}

bool core_declaration_email_disposable(struct str email, const struct str domains[], size_t n)
{
	struct str domain = email_domain(email);
	if (domain.n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (domain_matches(domain, domains[i]))
			return true;
	return false;
}

bool core_declaration_domain_listed(struct str email, struct str list)
{
	struct str domain = email_domain(email);
	size_t start = 0;
	if (domain.n == 0)
		return false;
	for (size_t i = 0; i <= list.n; i++) {
		if (i < list.n && list.p[i] != '\n')
			continue;
		struct str line = str_trim((struct str){list.p + start, i - start});
		start = i + 1;
		if (line.n && line.p[0] != '#' && domain_matches(domain, line))
			return true;
	}
	return false;
}

/* ---- keys ------------------------------------------------------------------------ */

/* Bytes of the UTF-8 sequence that starts with b (1 for a stray byte, so
 * that malformed input still moves forward). */
static size_t utf8_seq_len(unsigned char b)
{
	return b < 0x80             ? 1
	       : (b & 0xE0) == 0xC0 ? 2
	       : (b & 0xF0) == 0xE0 ? 3
	       : (b & 0xF8) == 0xF0 ? 4
	                            : 1;
}

static bool starts_at(struct str s, size_t i, const char *lit, size_t *len)
{
	size_t n = strlen(lit);
	if (i + n > s.n || memcmp(s.p + i, lit, n) != 0)
		return false;
	*len = n;
	return true;
}

/* Legal-form words, as NFKC leaves them (㈱ becomes "(株)"). */
static const char *const legal_forms[] = {
    "株式会社",     "有限会社",     "合同会社",     "合資会社",     "合名会社",
    "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "特定非営利活動法人",
    "NPO法人",      "(株)",         "(有)",         "(合)",         "(同)"};

/* Characters that do not make one name differ from another. */
static bool name_ignorable(struct str s, size_t i, size_t *len)
{
	static const char *const marks[] = {"・", "、", "。", "「", "」", "　"};
	unsigned char c = (unsigned char)s.p[i];
	if (c < 0x80 &&
	    !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
		*len = 1;
		return true;
	}
	for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
		if (starts_at(s, i, marks[k], len))
			return true;
	return false;
}

/* Appends the sequence at s.p[i..i+len) unless the key is full. */
static bool key_append(char *out, size_t *n, size_t *chars, const char *p, size_t len)
{
	if (*chars >= DECLARATION_KEY_MAX_CHARS || *n + len + 1 > DECLARATION_KEY_BYTES)
		return false;
	for (size_t k = 0; k < len; k++)
		out[(*n)++] = len == 1 ? ascii_lower(p[k]) : p[k];
	(*chars)++;
	return true;
}

size_t core_declaration_name_key(struct str name, char out[DECLARATION_KEY_BYTES])
{
	size_t n = 0, chars = 0, len = 0;
	for (size_t i = 0; i < name.n;) {
		bool skipped = false;
		for (size_t k = 0; k < sizeof legal_forms / sizeof legal_forms[0] && !skipped; k++)
			skipped = starts_at(name, i, legal_forms[k], &len);
		if (skipped || name_ignorable(name, i, &len)) {
			i += len;
			continue;
		}
		len = utf8_seq_len((unsigned char)name.p[i]);
		if (i + len > name.n || !key_append(out, &n, &chars, name.p + i, len))
			break;
		i += len;
	}
	out[n] = '\0';
	return n;
}

/* Dashes people type between block numbers, as NFKC leaves them. */
static bool address_dash(struct str s, size_t i, size_t *len)
{
	static const char *const dashes[] = {"-", "‐",  "‑",    "‒",    "–",  "—",  "―",
	                                     "−", "ー", "丁目", "番地", "番", "号", "の"};
	for (size_t k = 0; k < sizeof dashes / sizeof dashes[0]; k++)
		if (starts_at(s, i, dashes[k], len))
			return true;
	return false;
}

size_t core_declaration_address_key(int prefecture, struct str address,
                                    char out[DECLARATION_KEY_BYTES])
{
	size_t n = 0, chars = 0, len = 0;
	out[0] = '\0';
	if (str_trim(address).n == 0 || prefecture < 1 || prefecture > 99)
		return 0;
	out[n++] = (char)('0' + prefecture / 10);
	out[n++] = (char)('0' + prefecture % 10);
	out[n++] = '|';
	for (size_t i = 0; i < address.n;) {
		unsigned char c = (unsigned char)address.p[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    starts_at(address, i, "　", &len)) {
			i += c < 0x80 ? 1 : len;
			continue;
		}
		if (address_dash(address, i, &len)) {
			/* one '-' for a run of them, none at the start */
			if (n > 3 && out[n - 1] != '-' && !key_append(out, &n, &chars, "-", 1))
				break;
			i += len;
			continue;
		}
		len = utf8_seq_len(c);
		if (i + len > address.n || !key_append(out, &n, &chars, address.p + i, len))
			break;
		i += len;
	}
	while (n > 3 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	return n;
}

/* A key as code points (keys are short: DECLARATION_KEY_MAX_CHARS). */
static size_t code_points(struct str s, uint32_t cp[DECLARATION_KEY_MAX_CHARS])
{
	size_t n = 0;
	for (size_t i = 0; i < s.n && n < DECLARATION_KEY_MAX_CHARS;) {
		unsigned char b = (unsigned char)s.p[i];
		size_t len = utf8_seq_len(b);
		uint32_t v = len == 1 ? b : (uint32_t)(b & (0x7F >> len));
		for (size_t k = 1; k < len && i + k < s.n; k++)
			v = (v << 6) | ((unsigned char)s.p[i + k] & 0x3F);
		cp[n++] = v;
		i += len;
	}
	return n;
}

static bool contains(const uint32_t *hay, size_t hn, const uint32_t *needle, size_t nn)
{
	for (size_t i = 0; i + nn <= hn; i++)
		if (memcmp(hay + i, needle, nn * sizeof *needle) == 0)
			return true;
	return false;
}

/* Levenshtein distance of a and b (two rows on the stack). */
static size_t edit_distance(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
	size_t prev[DECLARATION_KEY_MAX_CHARS + 1], cur[DECLARATION_KEY_MAX_CHARS + 1];
	for (size_t j = 0; j <= bn; j++)
		prev[j] = j;
	for (size_t i = 1; i <= an; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= bn; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (bn + 1) * sizeof *prev);
	}
	return prev[bn];
}

bool core_declaration_names_similar(struct str key_a, struct str key_b)
{
	uint32_t a[DECLARATION_KEY_MAX_CHARS], b[DECLARATION_KEY_MAX_CHARS];
	size_t an = code_points(key_a, a), bn = code_points(key_b, b);
	size_t shorter = an < bn ? an : bn;
	if (an == 0 || bn == 0)
		return false;
	if (an == bn && memcmp(a, b, an * sizeof *a) == 0)
		return true;
	if (shorter >= 4 && (an < bn ? contains(b, bn, a, an) : contains(a, an, b, bn)))
		return true;
	if (shorter < 3)
		return false;
	size_t limit = shorter >= 8 ? 2 : 1;
	size_t diff = an > bn ? an - bn : bn - an;
	return diff <= limit && edit_distance(a, an, b, bn) <= limit;
}
