/*
 * verify_record.c — see verify_record.h.
 */
#include "pages/verify/verify_record.h"

#include <string.h>

/* The layout: the numbers, then each string with its length before it and
 * a NUL after it, then the events the same way. */
static enum mm_err pack_str(struct buf *b, struct str s)
{
	uint32_t n = (uint32_t)s.n;
	enum mm_err e = buf_append(b, (const char *)&n, sizeof n);
	if (!e && s.n)
		e = buf_append(b, s.p, s.n);
	return e ? e : buf_append_char(b, '\0');
}

static enum mm_err pack_i64(struct buf *b, int64_t v)
{
	return buf_append(b, (const char *)&v, sizeof v);
}

/* The strings of a record v and of one of its events ev, each list in the
 * order they are packed: written once, so that packing and unpacking
 * cannot disagree about it. */
#define RECORD_STRINGS(v)                                                                          \
	{                                                                                          \
		&(v)->public_id, &(v)->name, &(v)->name_kana, &(v)->industry,                      \
		    &(v)->corporate_number, &(v)->policy_url, &(v)->identity,                      \
		    &(v)->registered_name                                                          \
	}
#define EVENT_STRINGS(ev)                                                                          \
	{                                                                                          \
		&(ev)->kind, &(ev)->from, &(ev)->to, &(ev)->reason, &(ev)->old_name,               \
		    &(ev)->old_corporate_number                                                    \
	}

enum mm_err verify_record_pack(struct arena *a, const struct verification *v, struct str *out)
{
	struct buf b;
	buf_init(&b, a, VERIFY_RECORD_MAX);
	enum mm_err e = MM_OK;
	const struct str *const strs[] = RECORD_STRINGS(v);
	const int64_t nums[] = {v->prefecture,
	                        v->level,
	                        v->status,
	                        v->declared_at,
	                        v->changed_at,
	                        v->ended_at,
	                        (int64_t)v->history_n,
	                        (int64_t)v->revoked_n,
	                        v->identity_at};
	for (size_t i = 0; !e && i < sizeof nums / sizeof nums[0]; i++)
		e = pack_i64(&b, nums[i]);
	for (size_t i = 0; !e && i < sizeof strs / sizeof strs[0]; i++)
		e = pack_str(&b, *strs[i]);
	for (size_t i = 0; !e && i < v->history_n; i++) {
		const struct verification_event *ev = &v->history[i];
		const struct str *const ev_strs[] = EVENT_STRINGS(ev);
		e = pack_i64(&b, ev->at);
		for (size_t j = 0; !e && j < sizeof ev_strs / sizeof ev_strs[0]; j++)
			e = pack_str(&b, *ev_strs[j]);
	}
	for (size_t i = 0; !e && i < v->revoked_n; i++) {
		const struct verification_revoked *rv = &v->revoked[i];
		if (!(e = pack_i64(&b, rv->declared_at)) && !(e = pack_i64(&b, rv->revoked_at)))
			e = pack_str(&b, rv->public_id);
	}
	*out = buf_str(&b);
	return e;
}

struct unpacker {
	struct str in;
	size_t at;
	bool bad;
};

static int64_t unpack_i64(struct unpacker *u)
{
	int64_t v = 0;
	if (u->bad || u->in.n - u->at < sizeof v) {
		u->bad = true;
		return 0;
	}
	memcpy(&v, u->in.p + u->at, sizeof v);
	u->at += sizeof v;
	return v;
}

static struct str unpack_str(struct unpacker *u)
{
	uint32_t n = 0;
	if (u->bad || u->in.n - u->at < sizeof n) {
		u->bad = true;
		return STR("");
	}
	memcpy(&n, u->in.p + u->at, sizeof n);
	u->at += sizeof n;
	if (u->in.n - u->at < (size_t)n + 1) {
		u->bad = true;
		return STR("");
	}
	struct str s = {u->in.p + u->at, n};
	u->at += (size_t)n + 1;
	return s;
}

bool verify_record_unpack(struct arena *a, struct str in, struct verification *v)
{
	struct unpacker u = {in, 0, false};
	*v = (struct verification){0};
	v->prefecture = (int)unpack_i64(&u);
	v->level = (int)unpack_i64(&u);
	v->status = (enum verification_status)unpack_i64(&u);
	v->declared_at = unpack_i64(&u);
	v->changed_at = unpack_i64(&u);
	v->ended_at = unpack_i64(&u);
	int64_t history_n = unpack_i64(&u);
	int64_t revoked_n = unpack_i64(&u);
	v->identity_at = unpack_i64(&u);
	struct str *const strs[] = RECORD_STRINGS(v);
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		*strs[i] = unpack_str(&u);
	if (u.bad || history_n < 0 || history_n > VERIFICATION_HISTORY_MAX || revoked_n < 0 ||
	    revoked_n > VERIFICATION_REVOKED_MAX)
		return false;
	v->history = arena_alloc(a, sizeof *v->history * (size_t)(history_n ? history_n : 1));
	v->revoked = arena_alloc(a, sizeof *v->revoked * (size_t)(revoked_n ? revoked_n : 1));
	if (!v->history || !v->revoked)
		return false;
	for (int64_t i = 0; i < history_n; i++) {
		struct verification_event *ev = &v->history[i];
		struct str *const ev_strs[] = EVENT_STRINGS(ev);
		ev->at = unpack_i64(&u);
		for (size_t j = 0; j < sizeof ev_strs / sizeof ev_strs[0]; j++)
			*ev_strs[j] = unpack_str(&u);
	}
	for (int64_t i = 0; i < revoked_n; i++) {
		struct verification_revoked *rv = &v->revoked[i];
		rv->declared_at = unpack_i64(&u);
		rv->revoked_at = unpack_i64(&u);
		rv->public_id = unpack_str(&u);
	}
	v->history_n = (size_t)history_n;
	v->revoked_n = (size_t)revoked_n;
	return !u.bad && u.at == in.n;
}
