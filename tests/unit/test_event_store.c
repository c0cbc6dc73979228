/* Unit tests: the communities and events store (store/community.h,
 * store/event.h) on each store — a community's organisers and members
 * (open and by request, with names shown only by choice), an event read
 * back whole, registrations held under the event's lock with the waiting
 * list moving up in order, the places of a page, search filters,
 * attendance, materials, study programmes and training records, and the
 * demo loaded once. */
#include <stdio.h>
#include <string.h>

#include "app/events_demo.h"
#include "store/account.h"
#include "store/community.h"
#include "store/event.h"
#include "store_test.h"

static int64_t add_user(struct store_test *f, const char *email)
{
	struct user u = {.email = str_from(email), .password_hash = STR("x"), .created_at = 1};
	int64_t id;
	assert_int_equal(store_user_insert(f->s, &u, &id), MM_OK);
	return id;
}

static int64_t add_community(struct store_test *f, enum community_join join)
{
	struct community c = {.name = STR("北の国 連絡会"),
	                      .prefectures = 1,
	                      .industry = STR(""),
	                      .description = STR("説明"),
	                      .join = join};
	int64_t id;
	assert_int_equal(store_community_insert(f->s, &c, 0, 10, &id), MM_OK);
	return id;
}

static struct event an_event(int64_t community_id, int64_t capacity)
{
	return (struct event){.community_id = community_id,
	                      .kind = EVENT_TABLETOP,
	                      .title = STR("机上演習"),
	                      .description = STR("説明, 二行目"),
	                      .co_organisers = STR("商工会議所"),
	                      .starts_at = 2000000,
	                      .duration_minutes = 120,
	                      .place = STR("札幌"),
	                      .prefecture = 1,
	                      .online_url = STR("https://meet.example.jp/x"),
	                      .capacity = capacity,
	                      .registration_opens_at = 1000,
	                      .registration_closes_at = 1999999,
	                      .audience = EVENT_AUDIENCE_TRACK,
	                      .track = STR("診療所・薬局"),
	                      .language = STR("ja")};
}

static void test_organisers_and_members_of_a_community(void **state)
{
	struct store_test *f = *state;
	int64_t c = add_community(f, COMMUNITY_JOIN_REQUEST);
	int64_t org = add_user(f, "org@example.jp"), mem = add_user(f, "mem@example.jp"),
	        shy = add_user(f, "shy@example.jp");
	bool is;
	assert_int_equal(store_community_organiser_add(f->s, c, org, 0, 10), MM_OK);
	assert_int_equal(store_community_is_organiser(f->s, c, org, &is), MM_OK);
	assert_true(is);
	assert_int_equal(store_community_is_organiser(f->s, c, mem, &is), MM_OK);
	assert_false(is);
	assert_int_equal(store_community_join(f->s, c, mem, 0, false, true, STR("会員 一郎"), 11),
	                 MM_OK);
	assert_int_equal(store_community_join(f->s, c, mem, 0, false, true, STR("x"), 12),
	                 MM_ERR_CONFLICT);
	struct community_role role;
	assert_int_equal(store_community_role(f->s, c, mem, &role), MM_OK);
	assert_true(role.pending && !role.member && !role.organiser);
	assert_int_equal(store_community_approve(f->s, c, mem, 13), MM_OK);
	assert_int_equal(store_community_approve(f->s, c, mem, 13), MM_ERR_NOT_FOUND);
	assert_int_equal(store_community_join(f->s, c, shy, 0, true, false, STR(""), 14), MM_OK);
	assert_int_equal(store_community_role(f->s, c, mem, &role), MM_OK);
	assert_true(role.member && !role.pending);
	struct community got;
	assert_int_equal(store_community_get(f->s, &f->a, c, &got), MM_OK);
	assert_int_equal(got.members, 2);
	assert_int_equal(got.join, COMMUNITY_JOIN_REQUEST);
	struct community_person *p;
	size_t n;
	assert_int_equal(store_community_members(f->s, &f->a, c, &p, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_true(p[0].show_name && str_eq_lit(p[0].display_name, "会員 一郎"));
	assert_false(p[1].show_name);
	assert_int_equal(store_community_leave(f->s, c, shy), MM_OK);
	assert_int_equal(store_community_leave(f->s, c, shy), MM_ERR_NOT_FOUND);
	struct community *mine;
	assert_int_equal(store_community_of_user(f->s, &f->a, org, &mine, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_community_get(f->s, &f->a, c + 100, &got), MM_ERR_NOT_FOUND);
	/* a community names a region or an industry */
	struct community none = {.name = STR("x"), .industry = STR(""), .description = STR("")};
	int64_t id;
	assert_int_equal(store_community_insert(f->s, &none, 0, 1, &id), MM_ERR_CONFLICT);
}

static void test_an_event_reads_back_whole_and_is_found_by_its_filters(void **state)
{
	struct store_test *f = *state;
	int64_t c = add_community(f, COMMUNITY_JOIN_OPEN);
	struct event ev = an_event(c, 5), got;
	assert_int_equal(store_event_insert(f->s, &ev, 0, 50, &ev.id), MM_OK);
	assert_int_equal(store_event_get(f->s, &f->a, ev.id, &got), MM_OK);
	assert_int_equal(got.kind, EVENT_TABLETOP);
	assert_int_equal(got.audience, EVENT_AUDIENCE_TRACK);
	assert_true(str_eq_lit(got.track, "診療所・薬局") &&
	            str_eq_lit(got.online_url, ev.online_url.p));
	assert_true(str_eq_lit(got.community_name, "北の国 連絡会"));
	assert_int_equal(got.sequence, 0);
	ev.title = STR("机上演習（改）");
	assert_int_equal(store_event_update(f->s, &ev, 60), MM_OK);
	assert_int_equal(store_event_get(f->s, &f->a, ev.id, &got), MM_OK);
	assert_int_equal(got.sequence, 1);
	assert_int_equal(got.updated_at, 60);
	struct event_filter all = {.kind = -1, .audience = -1, .from = 0, .to = 3000000};
	struct event *list;
	size_t n;
	int64_t total;
	struct org_page page = {.offset = 0, .limit = 20};
	assert_int_equal(store_event_search(f->s, &f->a, &all, page, &list, &n, &total), MM_OK);
	assert_int_equal(total, 1);
	struct event_filter f2 = all;
	f2.kind = EVENT_SEMINAR;
	assert_int_equal(store_event_search(f->s, &f->a, &f2, page, &list, &n, &total), MM_OK);
	assert_int_equal(total, 0);
	f2 = all;
	f2.prefectures = (uint64_t)1 << 12; /* Tokyo */
	assert_int_equal(store_event_search(f->s, &f->a, &f2, page, &list, &n, &total), MM_OK);
	assert_int_equal(total, 0);
	f2 = all;
	f2.prefectures = event_regions[0].prefectures; /* Hokkaido's region */
	assert_int_equal(store_event_search(f->s, &f->a, &f2, page, &list, &n, &total), MM_OK);
	assert_int_equal(total, 1);
	f2.mode = EVENT_MODE_OFFLINE;
	f2.audience = EVENT_AUDIENCE_TRACK;
	f2.community_id = c;
	assert_int_equal(store_event_search(f->s, &f->a, &f2, page, &list, &n, &total), MM_OK);
	assert_int_equal(total, 1);
	f2.from = 2000001;
	assert_int_equal(store_event_search(f->s, &f->a, &f2, page, &list, &n, &total), MM_OK);
	assert_int_equal(total, 0);
	/* neither a place nor a link: refused */
	struct event bad = an_event(c, 5);
	bad.place = STR("");
	bad.online_url = STR("");
	assert_int_equal(store_event_insert(f->s, &bad, 0, 50, &bad.id), MM_ERR_CONFLICT);
}

/* Registers user as the pages do: hold, decide, insert. */
static enum registration_status reg(struct store_test *f, int64_t ev, int64_t user)
{
	int64_t cap, confirmed, waiting, id;
	assert_int_equal(store_event_hold(f->s, ev, &cap, &confirmed, &waiting), MM_OK);
	enum registration_status s =
	    event_confirms_new(cap, confirmed, waiting) ? REG_CONFIRMED : REG_WAITING;
	assert_int_equal(store_registration_insert(f->s, ev, user, 0, s, 100, &id), MM_OK);
	return s;
}

static void test_the_waiting_list_moves_up_in_order(void **state)
{
	struct store_test *f = *state;
	int64_t c = add_community(f, COMMUNITY_JOIN_OPEN);
	struct event ev = an_event(c, 2);
	assert_int_equal(store_event_insert(f->s, &ev, 0, 50, &ev.id), MM_OK);
	int64_t u[5];
	for (int i = 0; i < 5; i++) {
		char email[32];
		snprintf(email, sizeof email, "u%d@example.jp", i);
		u[i] = add_user(f, email);
	}
	assert_int_equal(reg(f, ev.id, u[0]), REG_CONFIRMED);
	assert_int_equal(reg(f, ev.id, u[1]), REG_CONFIRMED);
	assert_int_equal(reg(f, ev.id, u[2]), REG_WAITING);
	assert_int_equal(reg(f, ev.id, u[3]), REG_WAITING);
	int64_t id;
	assert_int_equal(store_registration_insert(f->s, ev.id, u[2], 0, REG_WAITING, 100, &id),
	                 MM_ERR_CONFLICT);
	/* u[0] cancels: u[2], the first waiting, moves up */
	struct event_registration r, *up;
	size_t n;
	assert_int_equal(store_registration_of_user(f->s, &f->a, ev.id, u[0], &r), MM_OK);
	assert_int_equal(store_registration_cancel(f->s, r.id, 200), MM_OK);
	assert_int_equal(store_registration_cancel(f->s, r.id, 200), MM_ERR_NOT_FOUND);
	int64_t cap, confirmed, waiting;
	assert_int_equal(store_event_hold(f->s, ev.id, &cap, &confirmed, &waiting), MM_OK);
	assert_int_equal(confirmed, 1);
	assert_int_equal(waiting, 2);
	assert_int_equal(store_registration_promote(f->s, &f->a, ev.id,
	                                            event_promotions(cap, confirmed, waiting), 201,
	                                            &up, &n),
	                 MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(up[0].user_id, u[2]);
	assert_true(str_eq_lit(up[0].email, "u2@example.jp"));
	assert_int_equal(store_registration_of_user(f->s, &f->a, ev.id, u[2], &r), MM_OK);
	assert_int_equal(r.status, REG_CONFIRMED);
	assert_int_equal(r.promoted_at, 201);
	/* the cancelled one may register again, at the end of the list */
	assert_int_equal(reg(f, ev.id, u[0]), REG_WAITING);
	struct event_registration *all;
	assert_int_equal(store_registration_list(f->s, &f->a, ev.id, &all, &n), MM_OK);
	assert_int_equal(n, 4);
	assert_int_equal(all[2].user_id, u[3]);
	assert_int_equal(all[3].user_id, u[0]);
	/* the places of a range of ids, in order, never the waiting */
	assert_int_equal(
	    store_registration_places_between(f->s, &f->a, ev.id, 1, INT64_MAX, &all, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(all[0].user_id, u[1]);
	assert_int_equal(all[1].user_id, u[2]);
	int64_t second = all[1].id;
	assert_int_equal(
	    store_registration_places_between(f->s, &f->a, ev.id, second, second, &all, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(all[0].user_id, u[2]);
	/* a place may be marked attended; a waiting one may not */
	assert_int_equal(store_registration_set_attended(f->s, ev.id, u[1], true), MM_OK);
	assert_int_equal(store_registration_set_attended(f->s, ev.id, u[3], true),
	                 MM_ERR_NOT_FOUND);
	/* the day-before reminders: each place once */
	assert_int_equal(store_registration_reminders_due(f->s, &f->a, 1999999, 2000001, &all, &n),
	                 MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_registration_reminded(f->s, all[0].id, 300), MM_OK);
	assert_int_equal(store_registration_reminded(f->s, all[0].id, 301), MM_ERR_CONFLICT);
	assert_int_equal(store_registration_reminders_due(f->s, &f->a, 1999999, 2000001, &all, &n),
	                 MM_OK);
	assert_int_equal(n, 1);
}

static void test_materials_programmes_and_training_records(void **state)
{
	struct store_test *f = *state;
	int64_t c = add_community(f, COMMUNITY_JOIN_OPEN), user = add_user(f, "sup@example.jp");
	struct event ev = an_event(c, 5);
	assert_int_equal(store_event_insert(f->s, &ev, 0, 50, &ev.id), MM_OK);
	struct event_material m = {.event_id = ev.id,
	                           .name = STR("abc123"),
	                           .filename = STR("資料.pdf"),
	                           .content_type = STR("application/pdf"),
	                           .data = STR("%PDF-1.4 x")},
	                      got;
	assert_int_equal(store_event_material_insert(f->s, &m, 70), MM_OK);
	assert_int_equal(store_event_material_get(f->s, &f->a, ev.id, STR("abc123"), &got), MM_OK);
	assert_int_equal(got.size, 10);
	assert_true(got.data.n == 10 && !memcmp(got.data.p, "%PDF-1.4 x", 10));
	assert_int_equal(store_event_material_get(f->s, &f->a, ev.id + 1, STR("abc123"), &got),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_event_material_delete(f->s, ev.id, STR("abc123")), MM_OK);

	int64_t prog;
	assert_int_equal(store_programme_insert(f->s, c, STR("基礎講座"), 2, 80, &prog), MM_OK);
	int64_t sessions[3];
	for (int i = 0; i < 3; i++) {
		struct event s = an_event(c, 5);
		s.kind = EVENT_STUDY_SESSION;
		s.programme_id = prog;
		assert_int_equal(store_event_insert(f->s, &s, 0, 50, &sessions[i]), MM_OK);
		int64_t id;
		assert_int_equal(
		    store_registration_insert(f->s, sessions[i], user, 0, REG_CONFIRMED, 100, &id),
		    MM_OK);
	}
	struct programme p;
	assert_int_equal(store_programme_get(f->s, &f->a, prog, &p), MM_OK);
	assert_int_equal(p.sessions, 3);
	assert_int_equal(p.required, 2);
	int64_t attended;
	assert_int_equal(store_registration_set_attended(f->s, sessions[0], user, true), MM_OK);
	assert_int_equal(store_registration_set_attended(f->s, sessions[1], user, false), MM_OK);
	assert_int_equal(store_programme_attended(f->s, prog, user, &attended), MM_OK);
	assert_int_equal(attended, 1);
	assert_int_equal(store_registration_set_attended(f->s, sessions[2], user, true), MM_OK);
	assert_int_equal(store_programme_attended(f->s, prog, user, &attended), MM_OK);
	assert_int_equal(attended, 2);

	assert_int_equal(store_training_record_add(f->s, user, 0, prog, STR("codeprog"), 90),
	                 MM_OK);
	assert_int_equal(store_training_record_add(f->s, user, 0, prog, STR("codeother"), 91),
	                 MM_OK);
	assert_int_equal(store_training_record_add(f->s, user, ev.id, 0, STR("codeevent"), 92),
	                 MM_OK);
	struct training_record *t, one;
	size_t n;
	assert_int_equal(store_training_records_of_user(f->s, &f->a, user, &t, &n), MM_OK);
	assert_int_equal(n, 2); /* the second record of the programme changed nothing */
	assert_int_equal(store_training_record_by_code(f->s, &f->a, STR("codeprog"), &one), MM_OK);
	assert_true(str_eq_lit(one.title, "基礎講座") &&
	            str_eq_lit(one.community_name, "北の国 連絡会"));
	assert_int_equal(one.held_at, 2000000);
	assert_int_equal(store_training_record_by_code(f->s, &f->a, STR("codeother"), &one),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_training_record_find(f->s, &f->a, user, ev.id, 0, &one), MM_OK);
	assert_true(str_eq_lit(one.code, "codeevent"));
	assert_int_equal(store_training_record_remove(f->s, user, ev.id, 0), MM_OK);
	assert_int_equal(store_training_record_find(f->s, &f->a, user, ev.id, 0, &one),
	                 MM_ERR_NOT_FOUND);
	bool shown;
	assert_int_equal(store_training_public_get(f->s, user, &shown), MM_OK);
	assert_false(shown);
	assert_int_equal(store_training_public_set(f->s, user, true, 93), MM_OK);
	assert_int_equal(store_training_public_set(f->s, user, true, 94), MM_OK);
	assert_int_equal(store_training_public_get(f->s, user, &shown), MM_OK);
	assert_true(shown);
	assert_int_equal(store_training_public_set(f->s, user, false, 95), MM_OK);
	assert_int_equal(store_training_public_get(f->s, user, &shown), MM_OK);
	assert_false(shown);
}

static void test_the_demo_is_loaded_once(void **state)
{
	struct store_test *f = *state;
	char err[256];
	int inserted;
	assert_int_equal(events_demo_seed(f->s, &inserted, err), MM_OK);
	assert_true(inserted >= 12);
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM community"), 2);
	assert_true(store_test_int(f, "SELECT count(DISTINCT kind) FROM event") == 5);
	assert_true(
	    store_test_int(f, "SELECT count(*) FROM event_registration WHERE status = 'waiting'") >=
	    1);
	assert_true(store_test_int(f, "SELECT count(*) FROM training_record") >= 2);
	assert_int_equal(events_demo_seed(f->s, &inserted, err), MM_OK);
	assert_int_equal(inserted, 0);
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM community"), 2);
}

#define FIXTURE(t) STORE_TEST(t)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FIXTURE(test_organisers_and_members_of_a_community),
	    FIXTURE(test_an_event_reads_back_whole_and_is_found_by_its_filters),
	    FIXTURE(test_the_waiting_list_moves_up_in_order),
	    FIXTURE(test_materials_programmes_and_training_records),
	    FIXTURE(test_the_demo_is_loaded_once),
	};
	return STORE_TEST_MAIN("events store", tests);
}
