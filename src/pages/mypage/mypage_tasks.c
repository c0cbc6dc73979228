/*
 * mypage_tasks.c — see mypage_tasks.h.
 */
#include "pages/mypage/mypage_tasks.h"

#include <stdio.h>

#include "web/page.h"

enum mm_err mypage_facts_load(struct req *r, const struct org_profile *org, enum scope_role role,
                              struct mypage_facts *f)
{
	struct store *s = r->store;
	struct assessment_summary *items;
	struct check_draft draft;
	struct policy_draft pdraft;
	size_t n;
	*f = (struct mypage_facts){.org = org, .role = role};
	if (!org)
		return MM_OK;
	struct check_owner owner = {.kind = CHECK_OWNER_ORG, .id = org->id};
	enum mm_err e = store_assessment_history(s, r->arena, org->id, &items, &n);
	if (e)
		return e;
	if (n) {
		f->has_result = true;
		f->latest = items[n - 1]; /* oldest first */
	}
	e = store_check_draft_get(&STORE_ASSESSMENT_TABLES, s, r->arena, &owner, r->now, &draft);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	f->assessment_draft = !e;
	e = store_policy_publication_get(s, r->arena, org->id, &f->pub);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	f->published = !e;
	e = store_policy_draft_get(s, r->arena, org->id, &pdraft);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	f->policy_draft = !e && pdraft.done_steps != 0;
	e = store_declaration_active_of(s, r->arena, org->id, &f->declaration);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	f->declared = !e;
	return MM_OK;
}

/* One task as the template shows it. Keys are catalogue keys under
 * mypage.; urls are local paths or NULL. */
struct task {
	const char *name; /* mypage.task.NAME */
	enum mypage_task_state state;
	const char *detail;                  /* text, or NULL */
	const char *why_key;                 /* why it cannot start, or who does it */
	const char *action_url, *action_key; /* what moves it forward, if the viewer may */
	const char *view_url, *view_key;     /* what to look at once done */
	bool oom;                            /* an allocation for it failed */
};

/* p, noting in t when the allocation that made it failed. */
static const char *need(struct task *t, const char *p)
{
	if (!p)
		t->oom = true;
	return p;
}

static const char *const state_names[] = {"done", "in-progress", "not-started", "blocked"};

static bool is_owner(const struct mypage_facts *f)
{
	return f->role == SCOPE_OWNER;
}

static bool is_supporter(const struct mypage_facts *f)
{
	return f->role == SCOPE_SUPPORTER_READ || f->role == SCOPE_SUPPORTER_EDIT;
}

static bool may_edit_policy(const struct mypage_facts *f)
{
	return f->role != SCOPE_SUPPORTER_READ;
}

static char *org_path(struct req *r, const char *prefix, const struct mypage_facts *f)
{
	return arena_printf(r->arena, "%s%.*s", prefix, (int)f->org->public_id.n,
	                    f->org->public_id.p);
}

static void task_org(struct req *r, const struct mypage_facts *f, struct task *t)
{
	*t = (struct task){.name = "org"};
	if (f->org) {
		t->state = TASK_DONE;
		t->detail = need(t, arena_strndup(r->arena, f->org->name.p, f->org->name.n));
		if (!is_supporter(f)) {
			t->view_url = "/org";
			t->view_key = "mypage.view.org";
		}
		return;
	}
	t->state = TASK_NOT_STARTED;
	t->action_url = "/org/new";
	t->action_key = "mypage.action.org";
}

/* Starts t as the task name; true when it must wait for an organisation
 * (every task after the first), t then saying so. */
static bool task_start_with_org(struct task *t, const char *name, const struct mypage_facts *f)
{
	*t = (struct task){.name = name};
	if (f->org)
		return false;
	t->state = TASK_BLOCKED;
	t->why_key = "mypage.why.org_first";
	return true;
}

/* The date at, for a detail text. */
static struct str task_date(struct req *r, struct task *t, int64_t at)
{
	const char *date = need(t, page_format_date(r, at));
	return str_from(date ? date : "");
}

/* t done, its detail the catalogue text key filled with names and values. */
static void task_done(struct req *r, struct task *t, const char *key, const char *const names[],
                      const struct str values[], size_t n)
{
	t->state = TASK_DONE;
	t->detail = need(t, i18n_fill(r->arena, r->lang, key, names, values, n));
}

/* The declaration page, which the organisation's own people can open. */
static void view_declaration(const struct mypage_facts *f, struct task *t)
{
	if (is_supporter(f))
		return;
	t->view_url = "/declaration";
	t->view_key = "mypage.view.declaration";
}

static void task_assessment(struct req *r, const struct mypage_facts *f, struct task *t)
{
	if (task_start_with_org(t, "assessment", f))
		return;
	if (f->has_result) {
		const char *const names[] = {"score", "date"};
		char *score = arena_printf(r->arena, "%d", f->latest.total);
		const struct str values[] = {str_from(need(t, score) ? score : ""),
		                             task_date(r, t, f->latest.taken_at)};
		task_done(r, t, "mypage.detail.assessment", names, values, 2);
		t->view_url = need(
		    t, arena_printf(r->arena, "/assessment/results/%lld", (long long)f->latest.id));
		t->view_key = "mypage.view.assessment";
		return;
	}
	t->state = f->assessment_draft ? TASK_IN_PROGRESS : TASK_NOT_STARTED;
	if (is_supporter(f)) {
		t->why_key = "mypage.why.client_does";
		return;
	}
	t->action_url = "/assessment";
	t->action_key =
	    f->assessment_draft ? "mypage.action.assessment_resume" : "mypage.action.assessment";
}

static void task_policy(struct req *r, const struct mypage_facts *f, struct task *t)
{
	if (task_start_with_org(t, "policy", f))
		return;
	if (f->published) {
		const char *const names[] = {"date"};
		const struct str values[] = {task_date(r, t, f->pub.published_at)};
		task_done(r, t, "mypage.detail.policy", names, values, 1);
		t->view_url = need(t, f->pub.kind == POLICY_EXTERNAL
		                          ? arena_strndup(r->arena, f->pub.url.p, f->pub.url.n)
		                          : org_path(r, "/policy/", f));
		t->view_key = "mypage.view.policy";
		return;
	}
	t->state = f->policy_draft ? TASK_IN_PROGRESS : TASK_NOT_STARTED;
	if (!may_edit_policy(f)) {
		t->why_key = "mypage.why.client_does";
		return;
	}
	t->action_url = need(t, org_path(r, "/policy/edit/", f));
	t->action_key = f->policy_draft ? "mypage.action.policy_resume" : "mypage.action.policy";
}

/* Who declares: the owner; anyone else is told so. */
static bool declarer(const struct mypage_facts *f, struct task *t)
{
	if (is_owner(f))
		return true;
	t->why_key = is_supporter(f) ? "mypage.why.client_does" : "mypage.why.owner_declares";
	return false;
}

static void task_star1(struct req *r, const struct mypage_facts *f, struct task *t)
{
	if (task_start_with_org(t, "star1", f))
		return;
	if (f->declared) {
		const char *const names[] = {"id", "date"};
		const struct str values[] = {f->declaration.public_id,
		                             task_date(r, t, f->declaration.declared_at)};
		task_done(r, t, "mypage.detail.declaration", names, values, 2);
		view_declaration(f, t);
		return;
	}
	t->state = TASK_NOT_STARTED;
	if (declarer(f, t)) {
		t->action_url = "/declaration/new";
		t->action_key = f->has_result && f->published ? "mypage.action.declare_choose"
		                                              : "mypage.action.declare_one";
	}
}

static void task_star2(const struct mypage_facts *f, struct task *t)
{
	if (task_start_with_org(t, "star2", f))
		return;
	if (f->declared && f->declaration.level >= 2) {
		t->state = TASK_DONE;
		view_declaration(f, t);
		return;
	}
	if (!f->has_result || !f->published) {
		t->state = TASK_BLOCKED;
		t->why_key = !f->has_result && !f->published ? "mypage.why.star2_both"
		             : !f->has_result                ? "mypage.why.star2_assessment"
		                                             : "mypage.why.star2_policy";
		return;
	}
	t->state = TASK_NOT_STARTED;
	/* With both prerequisites there, ★★ is one form: the pledge page
	 * shows what will be declared and declares (as /declaration offers). */
	if (declarer(f, t)) {
		t->action_url =
		    f->declared ? "/declaration/upgrade" : "/declaration/new/pledge?level=2";
		t->action_key = f->declared ? "mypage.action.upgrade" : "mypage.action.declare_two";
	}
}

static enum mm_err push_task(struct req *r, struct val *list, const struct task *t, bool next)
{
	struct arena *a = r->arena;
	char title[48], state[48];
	snprintf(title, sizeof title, "mypage.task.%s", t->name);
	snprintf(state, sizeof state, "mypage.state.%s", state_names[t->state]);
	struct val *v = val_list_push_obj(a, list);
	if (!v || !val_set_str(a, v, "title", page_t(r, title)) ||
	    !val_set_cstr(a, v, "state", state_names[t->state]) ||
	    !val_set_str(a, v, "state_label", page_t(r, state)) ||
	    !val_set_cstr(a, v, "detail", t->detail ? t->detail : "") ||
	    !val_set_str(a, v, "why", t->why_key ? page_t(r, t->why_key) : STR("")) ||
	    !val_set_cstr(a, v, "action_url", t->action_url ? t->action_url : "") ||
	    !val_set_str(a, v, "action_label",
	                 t->action_key ? page_t(r, t->action_key) : STR("")) ||
	    !val_set_cstr(a, v, "view_url", t->view_url ? t->view_url : "") ||
	    !val_set_str(a, v, "view_label", t->view_key ? page_t(r, t->view_key) : STR("")) ||
	    !val_set_bool(a, v, "is_next", next))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err mypage_tasks_set(struct req *r, struct val *ctx, const struct mypage_facts *f)
{
	struct task t[5];
	task_org(r, f, &t[0]);
	task_assessment(r, f, &t[1]);
	task_policy(r, f, &t[2]);
	task_star1(r, f, &t[3]);
	task_star2(f, &t[4]);
	struct val *list = val_set_list(r->arena, ctx, "tasks");
	if (!list)
		return MM_ERR_NOMEM;
	size_t next = 5;
	for (size_t i = 0; i < 5; i++)
		if (t[i].oom)
			return MM_ERR_NOMEM;
	for (size_t i = 0; i < 5; i++) {
		if (t[i].action_url && t[i].state != TASK_DONE && next == 5)
			next = i;
		enum mm_err e = push_task(r, list, &t[i], i == next);
		if (e)
			return e;
	}
	return val_set_bool(r->arena, ctx, "has_next", next < 5) ? MM_OK : MM_ERR_NOMEM;
}
