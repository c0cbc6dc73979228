/* Unit tests: the consultations area of the store, on SQLite and on
 * PostgreSQL (store_test.h) — a consultation is offered to the responders
 * whose skills and prefectures match it and to no one else; of two
 * responders accepting, the first gets it; and the scheduled job, on a
 * clock the test moves, reminds the firm of an unanswered answer, closes
 * the consultation three days later, sends a responder's digest at most
 * daily, and runs in one instance at a time. Experts of the directory
 * are responders while their profile is approved and takes consultations;
 * a consultation addressed to one is theirs alone for two days, then the
 * job offers it to the matching responders. */
#include <string.h>

#include "app/consult_jobs.h"
#include "pages/consult/consult_access.h"
#include "store/account.h"
#include "store/consult.h"
#include "store/experts.h"
#include "store/org.h"
#include "store/org_support.h"
#include "store_test.h"
#include "view/i18n.h"

#define DAY CONSULT_DAY_S
#define T0 1800000000

static int64_t add_user(struct store_test *t, const char *email)
{
	struct user u = {.email = str_from(email),
	                 .password_hash = STR("x"),
	                 .created_at = 1,
	                 .confirmed_at = 1};
	int64_t id;
	assert_int_equal(store_user_insert(t->s, &u, &id), MM_OK);
	return id;
}

/* A supporter who responds on the given skills (bits) in the prefectures. */
static int64_t add_responder(struct store_test *t, const char *email, uint32_t skills,
                             uint64_t prefectures, bool active)
{
	int64_t id = add_user(t, email);
	struct org_supporter sup = {.user_id = id,
	                            .kind = STR("it_coordinator"),
	                            .prefecture = 13,
	                            .organisation_name = str_from(email),
	                            .code = str_from(email)};
	assert_int_equal(store_org_supporter_insert(t->s, &sup, 1), MM_OK);
	struct consult_responder r = {
	    .user_id = id, .active = active, .skills = skills, .prefectures = prefectures};
	assert_int_equal(store_consult_responder_save(t->s, &r, 1), MM_OK);
	return id;
}

#define SKILL(i) (1u << (i)) /* consult_categories[i] */
#define PREF(p) ((uint64_t)1 << (p))

static int64_t open_consultation(struct store_test *t, int64_t org, int64_t by, const char *cat,
                                 int pref, int64_t now)
{
	struct consultation c = {.organisation_id = org,
	                         .opened_by = by,
	                         .prefecture = pref,
	                         .category = str_from(cat),
	                         .urgency = STR("now"),
	                         .question = STR("ファイルが暗号化されました"),
	                         .created_at = now};
	int64_t id;
	assert_int_equal(store_consult_insert(t->s, &c, &id), MM_OK);
	return id;
}

static void test_a_consultation_is_offered_by_region_and_skill(void **state)
{
	struct store_test *t = *state;
	/* 0 = malware, 3 = data_leak; 13 Tokyo, 27 Osaka */
	int64_t both = add_responder(t, "both@example.jp", SKILL(0) | SKILL(3), PREF(13), true);
	int64_t region_only = add_responder(t, "region@example.jp", SKILL(3), PREF(13), true);
	int64_t skill_only = add_responder(t, "skill@example.jp", SKILL(0), PREF(27), true);
	int64_t paused = add_responder(t, "paused@example.jp", SKILL(0), PREF(13), false);
	int64_t wide =
	    add_responder(t, "wide@example.jp", SKILL(0) | SKILL(1), PREF(13) | PREF(27), true);
	int64_t owner = add_user(t, "owner@example.jp"), org = store_test_add_org(t, "firm-1");
	int64_t id = open_consultation(t, org, owner, "malware", 13, T0);
	struct consultation c;
	assert_int_equal(store_consult_get(t->s, &t->a, id, &c), MM_OK);
	assert_int_equal(c.status, CONSULT_NEW);
	size_t offered;
	assert_int_equal(consult_offer(t->s, &t->a, &c, T0, &offered), MM_OK);
	assert_int_equal(offered, 2);
	bool yes;
	int64_t expect_yes[] = {both, wide}, expect_no[] = {region_only, skill_only, paused, owner};
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(store_consult_offer_exists(t->s, id, expect_yes[i], &yes), MM_OK);
		assert_true(yes);
	}
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(store_consult_offer_exists(t->s, id, expect_no[i], &yes), MM_OK);
		assert_false(yes);
	}
	/* each was told by mail, and the mail holds no question */
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM outbox"), 2);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM outbox WHERE body LIKE '%暗号化%'"), 0);
	struct consultation *list;
	size_t n;
	assert_int_equal(store_consult_list_offered(t->s, &t->a, wide, &list, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_consult_list_offered(t->s, &t->a, skill_only, &list, &n), MM_OK);
	assert_int_equal(n, 0);
}

static void test_the_first_responder_to_accept_gets_it(void **state)
{
	struct store_test *t = *state;
	int64_t a = add_responder(t, "a@example.jp", SKILL(0), PREF(13), true);
	int64_t b = add_responder(t, "b@example.jp", SKILL(0), PREF(13), true);
	int64_t owner = add_user(t, "owner@example.jp");
	int64_t id = open_consultation(t, 0, owner, "malware", 13, T0);
	struct consultation read;
	assert_int_equal(store_consult_get(t->s, &t->a, id, &read), MM_OK);
	struct consultation first = read, second = read;
	first.status = second.status = CONSULT_ASSIGNED;
	first.responder_user_id = a;
	second.responder_user_id = b;
	assert_int_equal(store_consult_update(t->s, &first, CONSULT_NEW, 0), MM_OK);
	assert_int_equal(store_consult_update(t->s, &second, CONSULT_NEW, 0), MM_ERR_NOT_FOUND);
	assert_int_equal(store_consult_get(t->s, &t->a, id, &read), MM_OK);
	assert_int_equal(read.responder_user_id, a);
	assert_int_equal(read.status, CONSULT_ASSIGNED);
}

/* An answered consultation of a firm with one member, answered at `at`. */
static int64_t answered_at(struct store_test *t, int64_t at)
{
	int64_t r = add_responder(t, "r@example.jp", SKILL(0), PREF(13), true);
	int64_t owner = add_user(t, "owner@example.jp"), org = store_test_add_org(t, "firm-2");
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO membership (organisation_id, user_id, role, created_at)"
	         " VALUES (%lld, %lld, 'owner', 1)",
	         (long long)org, (long long)owner);
	store_test_exec(t, sql);
	int64_t id = open_consultation(t, org, owner, "malware", 13, at - DAY);
	struct consultation c;
	assert_int_equal(store_consult_get(t->s, &t->a, id, &c), MM_OK);
	c.status = CONSULT_ANSWERED;
	c.responder_user_id = r;
	c.assigned_at = c.first_answer_at = c.answered_at = at;
	assert_int_equal(store_consult_update(t->s, &c, CONSULT_NEW, 0), MM_OK);
	return id;
}

static struct consultation run_at(struct store_test *t, int64_t id, int64_t now,
                                  struct consult_jobs_done *done)
{
	bool ran;
	assert_int_equal(consult_jobs_run(t->s, "test:1", now, done, &ran), MM_OK);
	assert_true(ran);
	struct consultation c;
	assert_int_equal(store_consult_get(t->s, &t->a, id, &c), MM_OK);
	return c;
}

static void test_an_unreplied_answer_is_reminded_then_closed(void **state)
{
	struct store_test *t = *state;
	int64_t id = answered_at(t, T0);
	struct consult_jobs_done done;
	struct consultation c = run_at(t, id, T0 + 11 * DAY - 1, &done);
	assert_int_equal(c.status, CONSULT_ANSWERED);
	assert_int_equal(done.reminded, 0);
	c = run_at(t, id, T0 + 11 * DAY, &done);
	assert_int_equal(done.reminded, 1);
	assert_int_equal(c.reminder_sent_at, T0 + 11 * DAY);
	assert_int_equal(c.status, CONSULT_ANSWERED);
	c = run_at(t, id, T0 + 12 * DAY, &done); /* no second reminder */
	assert_int_equal(done.reminded + done.closed, 0);
	c = run_at(t, id, T0 + 14 * DAY - 1, &done);
	assert_int_equal(c.status, CONSULT_ANSWERED);
	c = run_at(t, id, T0 + 14 * DAY, &done);
	assert_int_equal(done.closed, 1);
	assert_int_equal(c.status, CONSULT_CLOSED);
	assert_int_equal(c.closed_at, T0 + 14 * DAY);
	/* the firm's owner got the reminder and the closing, neither with content */
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM outbox WHERE to_addr = 'owner@example.jp'"), 2);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM outbox WHERE body LIKE '%暗号化%'"), 0);
	assert_int_equal(
	    store_test_int(t,
	                   "SELECT count(*) FROM audit"
	                   " WHERE action IN ('consultation.remind', 'consultation.auto_close')"),
	    2);
}

static void test_a_reply_after_the_reminder_keeps_it_open(void **state)
{
	struct store_test *t = *state;
	int64_t id = answered_at(t, T0);
	struct consult_jobs_done done;
	struct consultation c = run_at(t, id, T0 + 11 * DAY, &done);
	struct consultation replied = c;
	replied.status = CONSULT_ASSIGNED; /* the firm wrote back */
	assert_int_equal(
	    store_consult_update(t->s, &replied, CONSULT_ANSWERED, c.responder_user_id), MM_OK);
	c = run_at(t, id, T0 + 20 * DAY, &done);
	assert_int_equal(c.status, CONSULT_ASSIGNED);
	assert_int_equal(done.closed, 0);
}

static void test_the_digest_goes_at_most_daily_to_responders_with_work(void **state)
{
	struct store_test *t = *state;
	add_responder(t, "tokyo@example.jp", SKILL(0), PREF(13), true);
	add_responder(t, "osaka@example.jp", SKILL(0), PREF(27), true);
	int64_t owner = add_user(t, "owner@example.jp");
	open_consultation(t, 0, owner, "malware", 13, T0);
	struct consult_jobs_done done;
	bool ran;
	assert_int_equal(consult_jobs_run(t->s, "test:1", T0 + DAY, &done, &ran), MM_OK);
	assert_int_equal(done.digests, 1);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM outbox WHERE to_addr = 'tokyo@example.jp'"), 1);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM outbox WHERE to_addr = 'osaka@example.jp'"), 0);
	assert_int_equal(consult_jobs_run(t->s, "test:1", T0 + DAY + 3600, &done, &ran), MM_OK);
	assert_int_equal(done.digests, 0);
	assert_int_equal(consult_jobs_run(t->s, "test:1", T0 + 2 * DAY, &done, &ran), MM_OK);
	assert_int_equal(done.digests, 1);
}

static void test_one_instance_at_a_time_runs_the_jobs(void **state)
{
	struct store_test *t = *state;
	struct consult_jobs_done done;
	bool ran;
	assert_int_equal(consult_jobs_run(t->s, "host-a:1", T0, &done, &ran), MM_OK);
	assert_true(ran);
	assert_int_equal(consult_jobs_run(t->s, "host-b:2", T0 + 10, &done, &ran), MM_OK);
	assert_false(ran);
	assert_int_equal(consult_jobs_run(t->s, "host-a:1", T0 + 60, &done, &ran), MM_OK);
	assert_true(ran);
	/* a lease that ran out (its holder died) is taken over */
	assert_int_equal(
	    consult_jobs_run(t->s, "host-b:2", T0 + 60 + CONSULT_JOBS_LEASE_S, &done, &ran), MM_OK);
	assert_true(ran);
}

/* An expert of the directory: skills are help_categories bits, a
 * prefecture's bit is its code - 1; approved when `approved`. */
static int64_t add_expert(struct store_test *t, const char *email, int64_t skills,
                          int64_t prefectures, bool takes, bool approved)
{
	int64_t uid = add_user(t, email), id;
	struct expert x = {.user_id = uid,
	                   .name = str_from(email),
	                   .kind = STR("security_specialist"),
	                   .qualifications = STR("登録番号 000001"),
	                   .prefectures = prefectures,
	                   .skills = skills,
	                   .languages = 1,
	                   .takes_consultations = takes};
	assert_int_equal(store_expert_save(t->s, &x, 1, &id), MM_OK);
	if (approved)
		assert_int_equal(store_expert_review(t->s, id, EXPERT_APPROVED, STR(""), uid, 2),
		                 MM_OK);
	return uid;
}

#define EXPERT_PREF(p) ((int64_t)1 << ((p)-1))

static bool offered_to(struct store_test *t, int64_t id, int64_t user)
{
	bool yes;
	assert_int_equal(store_consult_offer_exists(t->s, id, user, &yes), MM_OK);
	return yes;
}

static void test_an_expert_who_takes_consultations_is_a_responder(void **state)
{
	struct store_test *t = *state;
	int64_t takes = add_expert(t, "takes@example.jp", SKILL(0), EXPERT_PREF(13), true, true);
	int64_t other_pref =
	    add_expert(t, "osaka@example.jp", SKILL(0), EXPERT_PREF(27), true, true);
	int64_t not_taking = add_expert(t, "no@example.jp", SKILL(0), EXPERT_PREF(13), false, true);
	int64_t pending =
	    add_expert(t, "pending@example.jp", SKILL(0), EXPERT_PREF(13), true, false);
	int64_t sup = add_responder(t, "sup@example.jp", SKILL(0), PREF(13), true);
	int64_t owner = add_user(t, "owner@example.jp");
	int64_t id = open_consultation(t, 0, owner, "malware", 13, T0);
	struct consultation c;
	size_t offered;
	assert_int_equal(store_consult_get(t->s, &t->a, id, &c), MM_OK);
	assert_int_equal(consult_offer(t->s, &t->a, &c, T0, &offered), MM_OK);
	assert_int_equal(offered, 2);
	assert_true(offered_to(t, id, takes));
	assert_true(offered_to(t, id, sup));
	assert_false(offered_to(t, id, other_pref));
	assert_false(offered_to(t, id, not_taking));
	assert_false(offered_to(t, id, pending));
	/* the list desk staff assign from holds the expert, marked as one */
	struct consult_responder *rs, one;
	size_t n;
	assert_int_equal(store_consult_responders_active(t->s, &t->a, &rs, &n), MM_OK);
	assert_int_equal(n, 3);
	bool seen = false;
	for (size_t i = 0; i < n; i++)
		if (rs[i].user_id == takes)
			seen =
			    rs[i].expert && str_eq_lit(rs[i].organisation_name, "takes@example.jp");
	assert_true(seen);
	assert_int_equal(store_consult_responder_active(t->s, &t->a, takes, &one), MM_OK);
	assert_true(one.expert);
	assert_int_equal(store_consult_responder_active(t->s, &t->a, not_taking, &one),
	                 MM_ERR_NOT_FOUND);
	/* a change sends the profile back to review: no longer a responder */
	struct expert x;
	int64_t xid;
	assert_int_equal(store_expert_by_user(t->s, &t->a, takes, &x), MM_OK);
	assert_int_equal(store_expert_save(t->s, &x, 3, &xid), MM_OK);
	assert_int_equal(store_consult_responder_active(t->s, &t->a, takes, &one),
	                 MM_ERR_NOT_FOUND);
	int64_t id2 = open_consultation(t, 0, owner, "malware", 13, T0 + 10);
	assert_int_equal(store_consult_get(t->s, &t->a, id2, &c), MM_OK);
	assert_int_equal(consult_offer(t->s, &t->a, &c, T0 + 10, &offered), MM_OK);
	assert_int_equal(offered, 1);
	assert_false(offered_to(t, id2, takes));
	/* the assigned consultation shows the expert's name as its responder */
	struct consultation got;
	assert_int_equal(store_consult_get(t->s, &t->a, id, &got), MM_OK);
	got.status = CONSULT_ASSIGNED;
	got.responder_user_id = takes;
	assert_int_equal(store_consult_update(t->s, &got, CONSULT_NEW, 0), MM_OK);
	assert_int_equal(store_consult_get(t->s, &t->a, id, &got), MM_OK);
	assert_true(str_eq_lit(got.responder_name, "takes@example.jp"));
}

/* A consultation addressed to expert, opened at T0 as the page does. */
static int64_t open_for_expert(struct store_test *t, int64_t owner, int64_t expert)
{
	struct consultation c = {.opened_by = owner,
	                         .prefecture = 13,
	                         .category = STR("malware"),
	                         .urgency = STR("week"),
	                         .question = STR("ファイルが暗号化されました"),
	                         .created_at = T0,
	                         .expert_user_id = expert,
	                         .expert_until = T0 + CONSULT_EXPERT_ALONE_S};
	int64_t id;
	assert_int_equal(store_consult_insert(t->s, &c, &id), MM_OK);
	c.id = id;
	assert_int_equal(consult_offer_expert(t->s, &t->a, &c, T0), MM_OK);
	return id;
}

static void test_a_consultation_for_an_expert_is_theirs_alone_for_two_days(void **state)
{
	struct store_test *t = *state;
	int64_t expert = add_expert(t, "x@example.jp", SKILL(4), EXPERT_PREF(27), true, true);
	int64_t sup = add_responder(t, "sup@example.jp", SKILL(0), PREF(13), true);
	int64_t owner = add_user(t, "owner@example.jp");
	int64_t id = open_for_expert(t, owner, expert);
	assert_true(offered_to(t, id, expert));
	assert_false(offered_to(t, id, sup));
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM outbox WHERE to_addr = 'x@example.jp'"), 1);
	struct consult_jobs_done done;
	struct consultation c = run_at(t, id, T0 + CONSULT_EXPERT_ALONE_S - 1, &done);
	assert_int_equal(done.widened, 0);
	assert_false(offered_to(t, id, sup));
	assert_int_equal(c.expert_until, T0 + CONSULT_EXPERT_ALONE_S);
	c = run_at(t, id, T0 + CONSULT_EXPERT_ALONE_S, &done);
	assert_int_equal(done.widened, 1);
	assert_true(offered_to(t, id, sup));
	assert_int_equal(c.expert_until, 0);
	assert_int_equal(c.expert_user_id, expert);
	assert_int_equal(c.status, CONSULT_NEW);
	/* the expert was not offered it (nor told) twice */
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM outbox WHERE to_addr = 'x@example.jp'"), 1);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM outbox WHERE to_addr = 'sup@example.jp'"), 1);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM audit WHERE action = 'consultation.widen'"), 1);
	run_at(t, id, T0 + 3 * DAY, &done);
	assert_int_equal(done.widened, 0);
}

static void test_a_consultation_the_expert_took_is_not_offered_further(void **state)
{
	struct store_test *t = *state;
	int64_t expert = add_expert(t, "x@example.jp", SKILL(0), EXPERT_PREF(13), true, true);
	int64_t sup = add_responder(t, "sup@example.jp", SKILL(0), PREF(13), true);
	int64_t owner = add_user(t, "owner@example.jp");
	int64_t id = open_for_expert(t, owner, expert);
	struct consultation c;
	assert_int_equal(store_consult_get(t->s, &t->a, id, &c), MM_OK);
	c.status = CONSULT_ASSIGNED;
	c.responder_user_id = expert;
	c.assigned_at = T0 + DAY;
	assert_int_equal(store_consult_update(t->s, &c, CONSULT_NEW, 0), MM_OK);
	struct consult_jobs_done done;
	c = run_at(t, id, T0 + 3 * DAY, &done);
	assert_int_equal(done.widened, 0);
	assert_int_equal(c.expert_until, 0);
	assert_int_equal(c.responder_user_id, expert);
	assert_false(offered_to(t, id, sup));
}

static void test_the_digest_reaches_experts_and_skips_reserved_consultations(void **state)
{
	struct store_test *t = *state;
	add_expert(t, "x@example.jp", SKILL(0), EXPERT_PREF(13), true, true);
	add_expert(t, "off@example.jp", SKILL(0), EXPERT_PREF(13), false, true);
	int64_t chosen = add_expert(t, "chosen@example.jp", SKILL(6), EXPERT_PREF(1), true, true);
	int64_t owner = add_user(t, "owner@example.jp");
	open_for_expert(t, owner, chosen); /* malware in 13, but reserved */
	struct consult_jobs_done done;
	bool ran;
	assert_int_equal(consult_jobs_run(t->s, "test:1", T0 + DAY, &done, &ran), MM_OK);
	assert_int_equal(done.digests, 0);
	/* a day later the reserved one is offered wider (x is told) and the
	 * digest counts it */
	assert_int_equal(consult_jobs_run(t->s, "test:1", T0 + 2 * DAY, &done, &ran), MM_OK);
	assert_int_equal(done.widened, 1);
	assert_int_equal(done.digests, 1);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM outbox WHERE to_addr = 'x@example.jp'"), 2);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM outbox WHERE to_addr = 'off@example.jp'"), 0);
}

static void test_a_new_responder_is_offered_what_waits_in_their_area(void **state)
{
	struct store_test *t = *state;
	int64_t owner = add_user(t, "owner@example.jp");
	int64_t expert = add_expert(t, "x@example.jp", SKILL(0), EXPERT_PREF(13), true, true);
	int64_t waiting = open_consultation(t, 0, owner, "malware", 13, T0);
	int64_t elsewhere = open_consultation(t, 0, owner, "malware", 27, T0);
	int64_t other_skill = open_consultation(t, 0, owner, "fraud", 13, T0);
	int64_t reserved = open_for_expert(t, owner, expert);
	int64_t r = add_responder(t, "new@example.jp", SKILL(0), PREF(13), true);
	int64_t own = open_consultation(t, 0, r, "malware", 13, T0);
	int64_t count;
	assert_int_equal(store_consult_offer_waiting(t->s, r, T0 + 10, 100, &count), MM_OK);
	assert_int_equal(count, 1);
	assert_true(offered_to(t, waiting, r));
	assert_false(offered_to(t, elsewhere, r));
	assert_false(offered_to(t, other_skill, r));
	assert_false(offered_to(t, reserved, r));
	assert_false(offered_to(t, own, r));
	/* saved again: nothing twice */
	assert_int_equal(store_consult_offer_waiting(t->s, r, T0 + 20, 100, &count), MM_OK);
	assert_int_equal(count, 0);
}

/* What a user is, for the site's navigation (store_user_roles): each of
 * member, supporter, expert of the directory and desk staff in turn, and
 * nothing for a plain account. */
static void test_a_user_is_member_supporter_expert_or_desk_staff(void **state)
{
	struct store_test *t = *state;
	struct user_roles roles;
	int64_t plain = add_user(t, "plain@example.jp");
	int64_t member = add_user(t, "member@example.jp");
	int64_t sup = add_responder(t, "sup@example.jp", SKILL(0), PREF(13), true);
	int64_t expert = add_expert(t, "expert@example.jp", SKILL(0), EXPERT_PREF(13), true, true);
	int64_t desk = add_user(t, "desk@example.jp");
	assert_int_equal(store_org_member_insert(t->s, store_test_add_org(t, "ORG-ROLES"), member,
	                                         ORG_ROLE_OWNER, 1),
	                 MM_OK);
	assert_int_equal(store_consult_desk_set(t->s, desk, true, 0, 1), MM_OK);
	const struct {
		int64_t user;
		struct user_roles want;
	} cases[] = {
	    {plain, {false, false, false, false}}, {member, {true, false, false, false}},
	    {sup, {false, true, false, false}},    {expert, {false, false, true, false}},
	    {desk, {false, false, false, true}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(store_user_roles(t->s, cases[i].user, &roles), MM_OK);
		assert_int_equal(roles.member, cases[i].want.member);
		assert_int_equal(roles.supporter, cases[i].want.supporter);
		assert_int_equal(roles.expert, cases[i].want.expert);
		assert_int_equal(roles.desk, cases[i].want.desk);
	}
}

int main(void)
{
	struct arena a;
	char err[TPL_ERR_MAX];
	arena_init(&a, 64u * 1024 * 1024);
	if (i18n_load(&a, err) != MM_OK)
		return 1;
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_a_consultation_is_offered_by_region_and_skill),
	    STORE_TEST(test_the_first_responder_to_accept_gets_it),
	    STORE_TEST(test_an_unreplied_answer_is_reminded_then_closed),
	    STORE_TEST(test_a_reply_after_the_reminder_keeps_it_open),
	    STORE_TEST(test_the_digest_goes_at_most_daily_to_responders_with_work),
	    STORE_TEST(test_one_instance_at_a_time_runs_the_jobs),
	    STORE_TEST(test_an_expert_who_takes_consultations_is_a_responder),
	    STORE_TEST(test_a_consultation_for_an_expert_is_theirs_alone_for_two_days),
	    STORE_TEST(test_a_consultation_the_expert_took_is_not_offered_further),
	    STORE_TEST(test_the_digest_reaches_experts_and_skips_reserved_consultations),
	    STORE_TEST(test_a_new_responder_is_offered_what_waits_in_their_area),
	    STORE_TEST(test_a_user_is_member_supporter_expert_or_desk_staff),
	};
	int rc = STORE_TEST_MAIN("consultation store", tests);
	arena_free(&a);
	return rc;
}
