/* Unit tests: the experts directory's store (store/experts.h) on each
 * store — a profile saved and saved again (back to review each time), the
 * review, the public search by prefecture and skill bits (only approved
 * profiles, paged), the administrators' lists by status, deletion, and
 * the seeded profiles (`mamori seed-demo` once, `mamori seed` the same on
 * either store). */
#include <stdio.h>

#include "app/experts_seed.h"
#include "store/account.h"
#include "store/experts.h"
#include "store_test.h"

static int64_t add_user(struct store_test *f, const char *email)
{
	struct user u = {.email = str_from(email), .password_hash = STR("x"), .created_at = 1};
	int64_t id;
	assert_int_equal(store_user_insert(f->s, &u, &id), MM_OK);
	return id;
}

static struct expert profile(int64_t user_id, const char *name, int64_t prefectures, int64_t skills)
{
	return (struct expert){.user_id = user_id,
	                       .name = str_from(name),
	                       .kind = STR("security_specialist"),
	                       .qualifications = STR("情報処理安全確保支援士 第000001号"),
	                       .introduction = STR("紹介"),
	                       .prefectures = prefectures,
	                       .skills = skills,
	                       .languages = 3,
	                       .takes_consultations = true};
}

/* A saved and approved profile; its id. */
static int64_t add_approved(struct store_test *f, const char *email, int64_t prefectures,
                            int64_t skills)
{
	struct expert x = profile(add_user(f, email), email, prefectures, skills);
	int64_t id;
	assert_int_equal(store_expert_save(f->s, &x, 10, &id), MM_OK);
	assert_int_equal(store_expert_review(f->s, id, EXPERT_APPROVED, STR(""), x.user_id, 20),
	                 MM_OK);
	return id;
}

static size_t search(struct store_test *f, int64_t pm, int64_t sm, int64_t offset, int64_t limit,
                     struct expert **out, int64_t *total)
{
	size_t n;
	assert_int_equal(store_experts_search(f->s, &f->a, pm, sm,
	                                      (struct org_page){.offset = offset, .limit = limit},
	                                      out, &n, total),
	                 MM_OK);
	return n;
}

static void test_save_reads_back_every_field_and_waits_for_review(void **state)
{
	struct store_test *f = *state;
	int64_t user = add_user(f, "x@example.jp"), id, again;
	struct expert x = profile(user, "安全ラボ", (int64_t)1 << 46 | 1, 0x7f), got;
	assert_int_equal(store_expert_save(f->s, &x, 100, &id), MM_OK);
	assert_int_equal(store_expert_by_user(f->s, &f->a, user, &got), MM_OK);
	assert_int_equal(got.id, id);
	assert_str_equal(got.name, "安全ラボ");
	assert_str_equal(got.kind, "security_specialist");
	assert_str_equal(got.qualifications, "情報処理安全確保支援士 第000001号");
	assert_str_equal(got.introduction, "紹介");
	assert_int_equal(got.prefectures, (int64_t)1 << 46 | 1); /* the 47th bit survives */
	assert_int_equal(got.skills, 0x7f);
	assert_int_equal(got.languages, 3);
	assert_true(got.takes_consultations);
	assert_int_equal(got.status, EXPERT_PENDING);
	assert_int_equal(got.created_at, 100);
	assert_int_equal(got.reviewed_at, 0);
	/* rejected, then saved again: the same profile, waiting, the reason gone */
	assert_int_equal(
	    store_expert_review(f->s, id, EXPERT_REJECTED, STR("番号が違います"), user, 150),
	    MM_OK);
	assert_int_equal(store_expert_by_id(f->s, &f->a, id, &got), MM_OK);
	assert_int_equal(got.status, EXPERT_REJECTED);
	assert_str_equal(got.reject_reason, "番号が違います");
	assert_int_equal(got.reviewed_at, 150);
	x.name = STR("安全ラボ2");
	x.takes_consultations = false;
	assert_int_equal(store_expert_save(f->s, &x, 200, &again), MM_OK);
	assert_int_equal(again, id);
	assert_int_equal(store_expert_by_id(f->s, &f->a, id, &got), MM_OK);
	assert_int_equal(got.status, EXPERT_PENDING);
	assert_str_equal(got.reject_reason, "");
	assert_str_equal(got.name, "安全ラボ2");
	assert_false(got.takes_consultations);
	assert_int_equal(got.created_at, 100);
	assert_int_equal(got.updated_at, 200);
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM expert"), 1);
}

static void test_review_refuses_unknown_profiles_and_statuses(void **state)
{
	struct store_test *f = *state;
	assert_int_equal(store_expert_review(f->s, 999, EXPERT_APPROVED, STR(""), 1, 1),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_expert_review(f->s, 1, EXPERT_PENDING, STR(""), 1, 1),
	                 MM_ERR_INVALID);
	struct expert x;
	assert_int_equal(store_expert_by_id(f->s, &f->a, 999, &x), MM_ERR_NOT_FOUND);
	assert_int_equal(store_expert_by_user(f->s, &f->a, 999, &x), MM_ERR_NOT_FOUND);
	assert_int_equal(store_expert_delete_by_user(f->s, 999), MM_ERR_NOT_FOUND);
}

static void test_a_list_outside_its_bits_is_refused_by_the_database(void **state)
{
	struct store_test *f = *state;
	int64_t user = add_user(f, "bits@example.jp"), id;
	struct expert x = profile(user, "n", (int64_t)1 << 47, 1);
	assert_int_equal(store_expert_save(f->s, &x, 1, &id), MM_ERR_CONFLICT);
	x = profile(user, "n", 1, 128);
	assert_int_equal(store_expert_save(f->s, &x, 1, &id), MM_ERR_CONFLICT);
	x = profile(user, "n", 0, 1);
	assert_int_equal(store_expert_save(f->s, &x, 1, &id), MM_ERR_CONFLICT);
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM expert"), 0);
}

static void test_search_matches_prefecture_and_skill_bits_of_approved_profiles(void **state)
{
	struct store_test *f = *state;
	struct expert *list;
	int64_t total, tokyo = (int64_t)1 << 12, okinawa = (int64_t)1 << 46;
	int64_t a =
	    add_approved(f, "a@example.jp", tokyo | okinawa, 1 | 8); /* malware, data leak */
	int64_t b = add_approved(f, "b@example.jp", tokyo, 4);       /* fraud */
	int64_t c = add_approved(f, "c@example.jp", okinawa, 8);
	struct expert waiting = profile(add_user(f, "w@example.jp"), "w", tokyo, 1), rejected;
	int64_t w, r;
	assert_int_equal(store_expert_save(f->s, &waiting, 1, &w), MM_OK);
	rejected = profile(add_user(f, "r@example.jp"), "r", tokyo, 1);
	assert_int_equal(store_expert_save(f->s, &rejected, 1, &r), MM_OK);
	assert_int_equal(store_expert_review(f->s, r, EXPERT_REJECTED, STR("no"), 1, 2), MM_OK);

	assert_int_equal(search(f, 0, 0, 0, 20, &list, &total), 3);
	assert_int_equal(total, 3);
	assert_int_equal(list[0].id, a);
	assert_int_equal(list[1].id, b);
	assert_int_equal(list[2].id, c);
	assert_int_equal(search(f, tokyo, 0, 0, 20, &list, &total), 2);
	assert_int_equal(search(f, okinawa, 0, 0, 20, &list, &total), 2);
	assert_int_equal(list[1].id, c);
	assert_int_equal(search(f, 0, 8, 0, 20, &list, &total), 2);
	assert_int_equal(search(f, tokyo, 8, 0, 20, &list, &total), 1);
	assert_int_equal(list[0].id, a);
	assert_int_equal(search(f, 1, 0, 0, 20, &list, &total), 0); /* Hokkaido: nobody */
	assert_int_equal(total, 0);
	/* paged */
	assert_int_equal(search(f, 0, 0, 1, 1, &list, &total), 1);
	assert_int_equal(list[0].id, b);
	assert_int_equal(total, 3);
	assert_int_equal(search(f, 0, 0, 3, 20, &list, &total), 0);
}

static void test_lists_by_status_and_deletion(void **state)
{
	struct store_test *f = *state;
	struct expert *list;
	size_t n;
	int64_t total, id = add_approved(f, "a@example.jp", 1, 1), user;
	struct expert approved;
	assert_int_equal(store_expert_by_id(f->s, &f->a, id, &approved), MM_OK);
	struct expert x = profile(user = add_user(f, "p@example.jp"), "p", 1, 1);
	int64_t pending;
	assert_int_equal(store_expert_save(f->s, &x, 5, &pending), MM_OK);
	assert_int_equal(store_experts_by_status(f->s, &f->a, EXPERT_PENDING,
	                                         (struct org_page){.limit = 20}, &list, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, pending);
	assert_int_equal(store_experts_by_status(f->s, &f->a, EXPERT_APPROVED,
	                                         (struct org_page){.limit = 20}, &list, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, id);
	assert_int_equal(store_expert_delete_by_user(f->s, user), MM_OK);
	assert_int_equal(store_expert_by_id(f->s, &f->a, pending, &x), MM_ERR_NOT_FOUND);
	/* the id is never given again */
	struct expert y = profile(user, "again", 1, 1);
	int64_t next;
	assert_int_equal(store_expert_save(f->s, &y, 6, &next), MM_OK);
	assert_true(next > pending);
	/* a deleted account takes its profile with it */
	assert_int_equal(store_user_delete(f->s, approved.user_id), MM_OK);
	assert_int_equal(store_expert_by_id(f->s, &f->a, id, &x), MM_ERR_NOT_FOUND);
}

static void test_demo_experts_are_loaded_once_and_approved(void **state)
{
	struct store_test *f = *state;
	char err[256];
	int inserted;
	assert_int_equal(experts_seed_demo(f->s, &inserted, err), MM_OK);
	assert_true(inserted >= 5);
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM expert WHERE status = 'approved'"),
	                 inserted);
	assert_int_equal(experts_seed_demo(f->s, &inserted, err), MM_OK);
	assert_int_equal(inserted, 0);
}

static void test_seeded_experts_are_the_same_on_either_store(void **state)
{
	struct store_test *f = *state;
	char err[256];
	assert_int_equal(experts_seed_run(f->s, 300, 7, err), MM_OK);
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM expert WHERE status = 'approved'"),
	                 300);
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM expert WHERE prefectures > 0"
	                                   " AND prefectures < 140737488355328 AND skills > 0"),
	                 300);
	/* these sums depend on every row and on nothing but the seed */
	int64_t skills = store_test_int(f, "SELECT sum(skills) FROM expert");
	int64_t takes = store_test_int(f, "SELECT count(*) FROM expert WHERE takes_consultations");
	assert_true(takes > 150 && takes < 300);
	assert_int_equal(skills, 18107);
}

#define FIXTURE(t) STORE_TEST(t)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FIXTURE(test_save_reads_back_every_field_and_waits_for_review),
	    FIXTURE(test_review_refuses_unknown_profiles_and_statuses),
	    FIXTURE(test_a_list_outside_its_bits_is_refused_by_the_database),
	    FIXTURE(test_search_matches_prefecture_and_skill_bits_of_approved_profiles),
	    FIXTURE(test_lists_by_status_and_deletion),
	    FIXTURE(test_demo_experts_are_loaded_once_and_approved),
	    FIXTURE(test_seeded_experts_are_the_same_on_either_store),
	};
	return STORE_TEST_MAIN("experts store", tests);
}
