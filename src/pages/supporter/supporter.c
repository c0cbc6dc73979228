/*
 * supporter.c — "/supporter": a supporter's dashboard (their code to give
 * to firms and the firms that granted them access, sortable by name or
 * prefecture, 20 to a page); anyone else sees the registration form there.
 * POST /supporter registers; /supporter/code says first that the old code
 * stops working at once, and its POST issues the new one. Each client
 * links to the page where the supporter ends their access
 * (supporter_end.c).
 *
 * Each client shows its latest assessment score and declaration level
 * ("—" when it has none), its latest management self-check score, each
 * score with the average of the group the benchmark rules let it be
 * compared with (pages/shared/benchmark_view.h), and, when its consent
 * includes editing, a link to its draft basic policy. Only organisations
 * whose consent is in force are listed (store_org_client_list).
 */
#include "core/org_fields.h"
#include "pages/shared/benchmark_view.h"
#include "pages/shared/confirm.h"
#include "pages/org/org_ids.h"
#include "pages/org/org_labels.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
#include "store/org.h"
#include "store/org_support.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

#define SUPPORTER_CODE_ATTEMPTS 3
#define SUPPORTER_CLIENTS_PAGE_SIZE 20

static const char *const kinds[] = {"tax_accountant", "labour_attorney", "sme_consultant",
                                    "chamber",        "it_coordinator",  "security_specialist",
                                    "other"};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])
static const char *const notices[] = {"registered", "code_renewed", "access_ended"};
#define NOTICE_COUNT (sizeof notices / sizeof notices[0])

static bool kind_valid(struct str kind)
{
	for (size_t i = 0; i < KIND_COUNT; i++)
		if (str_eq_lit(kind, kinds[i]))
			return true;
	return false;
}

/* "ABCDE-FGHJK" for reading aloud and typing. */
static char *code_display(struct arena *a, struct str code)
{
	if (code.n != SUPPORTER_CODE_CHARS)
		return arena_strndup(a, code.p, code.n);
	return arena_printf(a, "%.5s-%.5s", code.p, code.p + 5);
}

/* ---- registration ------------------------------------------------------- */

static enum mm_err render_register(struct webform *f, struct res *res)
{
	struct req *r = f->r;
	enum mm_err e;
	if ((e = labels_options_fixed(r->arena, r->lang, f->ctx, "kinds", kinds, KIND_COUNT,
	                              "supporter.kind", webform_value(f, "kind"))) ||
	    (e = labels_options_prefecture(r->arena, r->lang, f->ctx, "prefectures",
	                                   webform_value(f, "prefecture"))))
		return e;
	return titled_render(r, res, webform_ok(f) ? 200 : 422, "supporter_register", f->ctx,
	                     "supporter.title", NULL, NULL);
}

static enum mm_err show_register(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "kind", "prefecture", "organisation_name", NULL)))
		return e;
	return render_register(&f, res);
}

/* Stores the supporter with a fresh code (another on the rare clash). */
static enum mm_err insert_with_code(struct req *r, struct store *s, struct org_supporter *sup)
{
	char code[SUPPORTER_CODE_CHARS + 1];
	enum mm_err e = MM_ERR_CONFLICT;
	for (int i = 0; i < SUPPORTER_CODE_ATTEMPTS && e == MM_ERR_CONFLICT; i++) {
		org_random_text(code, SUPPORTER_CODE_CHARS, org_supporter_code_alphabet);
		sup->code = str_from(code);
		e = store_org_supporter_insert(s, sup, r->now);
	}
	sup->code = STR("");
	return e;
}

/* Registering, in one transaction. A user who is a supporter already
 * rolls it back (MM_ERR_CONFLICT, registered set) and goes to the
 * dashboard. */
struct supporter_registration {
	struct org_supporter sup;
	bool registered;
};

static enum mm_err register_tx(struct req *r, struct store *s, void *arg)
{
	struct supporter_registration *reg = arg;
	struct org_supporter existing;
	enum mm_err e = store_org_supporter_by_user(s, r->arena, r->user->id, &existing);
	if (e != MM_ERR_NOT_FOUND) {
		reg->registered = !e;
		return e ? e : MM_ERR_CONFLICT;
	}
	if ((e = insert_with_code(r, s, &reg->sup)))
		return e;
	return audit_log(r, "supporter.register", 0, 0, r->user->email, AUDIT_OK,
	                 str_dup(r->arena, reg->sup.kind));
}

static enum mm_err page_supporter_post(struct req *r, struct res *res)
{
	struct webform f;
	struct supporter_registration reg = {.sup = {.user_id = r->user->id}};
	struct org_supporter *sup = &reg.sup;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	sup->kind = webform_take(&f, "kind", 20);
	if (!kind_valid(sup->kind))
		webform_error(&f, "kind", "supporter.error.kind.missing");
	if (!org_prefecture_parse(webform_take(&f, "prefecture", 2), &sup->prefecture))
		webform_error(&f, "prefecture", "supporter.error.prefecture.missing");
	sup->organisation_name =
	    webform_take_checked(&f, "organisation_name", ORG_NAME_MAX_CHARS, org_single_line);
	if (sup->organisation_name.n == 0)
		webform_error(&f, "organisation_name", "supporter.error.organisation_name.missing");
	if (!webform_ok(&f))
		return render_register(&f, res);
	e = page_tx(r, register_tx, &reg);
	if (reg.registered)
		return page_redirect(r, res, "/supporter");
	if (e)
		return e;
	return page_redirect(r, res, "/supporter?notice=registered");
}

/* A new code, in one transaction; MM_ERR_NOT_FOUND for a user who is not
 * a supporter. */
static enum mm_err renew_code_tx(struct req *r, struct store *s, void *arg)
{
	(void)arg;
	struct org_supporter sup;
	char code[SUPPORTER_CODE_CHARS + 1];
	enum mm_err e = store_org_supporter_by_user(s, r->arena, r->user->id, &sup);
	for (int i = 0; !e && i < SUPPORTER_CODE_ATTEMPTS; i++) {
		org_random_text(code, SUPPORTER_CODE_CHARS, org_supporter_code_alphabet);
		if ((e = store_org_supporter_set_code(s, r->user->id, str_from(code))) !=
		    MM_ERR_CONFLICT)
			break;
	}
	return e ? e : audit_log(r, "supporter.code", 0, 0, r->user->email, AUDIT_OK, "");
}

/* GET /supporter/code: the question before a new code, showing the code
 * that will stop working. 404 for a user who is not a supporter. */
static enum mm_err page_supporter_code(struct req *r, struct res *res)
{
	struct org_supporter sup;
	bool found;
	enum mm_err e = page_found_or_404(
	    r, res, store_org_supporter_by_user(r->store, r->arena, r->user->id, &sup), &found);
	if (e || !found)
		return e;
	char *code = code_display(r->arena, sup.code);
	if (!code)
		return MM_ERR_NOMEM;
	return confirm_render(r, res,
	                      &(struct confirm_page){
	                          .title_key = "supporter.code_renew.title",
	                          .lead = str_from(code),
	                          .text_key = "supporter.code_renew.text",
	                          .action = "/supporter/code",
	                          .submit_key = "supporter.code_renew.submit",
	                          .back_url = "/supporter",
	                          .back_key = "supporter.back",
	                          .parent_key = "supporter.title",
	                          .parent_url = "/supporter",
	                      });
}

static enum mm_err page_supporter_code_post(struct req *r, struct res *res)
{
	bool found;
	enum mm_err e = page_found_or_404(r, res, page_tx(r, renew_code_tx, NULL), &found);
	return e || !found ? e : page_redirect(r, res, "/supporter?notice=code_renewed");
}

/* ---- dashboard ----------------------------------------------------------- */

/* A client's latest result of check k that counts in the benchmarks,
 * with its group's average beside it ("—" for none): only the
 * aggregates are read (pages/shared/benchmark_view.h). */
static enum mm_err set_benchmark(struct req *r, struct val *v, enum benchmark_kind k,
                                 int64_t org_id, const char *score_name, const char *mean_name)
{
	struct arena *a = r->arena;
	struct benchmark_member m;
	struct benchmark_brief b = {0};
	enum mm_err e = store_benchmark_member(r->store, a, k, org_id, &m);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool has = e == MM_OK;
	if (has && (e = benchmark_brief(r, r->store, k, m.version, &m.cell, m.total, &b)))
		return e;
	static const char *const names[] = {"mean", "group"};
	const struct str values[] = {b.mean, b.group};
	struct str mean =
	    !has      ? STR("—")
	    : b.shown ? labels_fill(a, r->lang, "benchmark.supporter.mean", names, values, 2)
	              : b.group;
	if ((score_name && !val_set_str(a, v, score_name,
	                                has ? benchmark_score_text(r, k, m.total) : STR("—"))) ||
	    !val_set_str(a, v, mean_name, mean))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err set_clients(struct req *r, struct val *ctx, const struct org_grant *g, size_t n)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, ctx, "clients");
	enum mm_err e;
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (v && ((e = set_benchmark(r, v, BENCHMARK_ASSESSMENT, g[i].organisation_id, NULL,
		                             "score_mean")) ||
		          (e = set_benchmark(r, v, BENCHMARK_MANAGEMENT, g[i].organisation_id,
		                             "management", "management_mean"))))
			return e;
		if (!v || !val_set_str(a, v, "name", g[i].organisation_name) ||
		    !val_set_str(a, v, "prefecture",
		                 labels_prefecture(r->lang, g[i].organisation_prefecture)) ||
		    !val_set_str(a, v, "access", org_access_label(r, g[i].access)) ||
		    !val_set_cstr(a, v, "granted", page_format_date(r, g[i].granted_at)) ||
		    !val_set_cstr(a, v, "history_url",
		                  arena_printf(a, "/assessment/history/%.*s",
		                               (int)g[i].organisation_public_id.n,
		                               g[i].organisation_public_id.p)) ||
		    !val_set_cstr(a, v, "policy_url",
		                  g[i].access == ORG_ACCESS_EDIT
		                      ? arena_printf(a, "/policy/edit/%.*s",
		                                     (int)g[i].organisation_public_id.n,
		                                     g[i].organisation_public_id.p)
		                      : "") ||
		    !val_set_cstr(a, v, "score",
		                  g[i].has_score ? arena_printf(a, "%d", g[i].latest_score)
		                                 : "—") ||
		    !val_set_cstr(
		        a, v, "end_url",
		        arena_printf(a, "/supporter/clients/%lld/end", (long long)g[i].id)) ||
		    !val_set_cstr(a, v, "level",
		                  g[i].declaration_level == 2   ? "★★"
		                  : g[i].declaration_level == 1 ? "★"
		                                                : "—"))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_clients", n > 0) ? MM_OK : MM_ERR_NOMEM;
}

/* One page of clients; a page past the end shows the last one. */
static enum mm_err load_clients(struct req *r, enum org_client_sort sort, struct paging *p,
                                struct org_grant **g, size_t *n)
{
	*p = paging_requested(r, SUPPORTER_CLIENTS_PAGE_SIZE);
	enum mm_err e = store_org_client_list(r->store, r->arena, r->user->id, sort,
	                                      paging_window(p), g, n, &p->total);
	if (e || !paging_clamp(p))
		return e;
	return store_org_client_list(r->store, r->arena, r->user->id, sort, paging_window(p), g, n,
	                             &p->total);
}

static enum mm_err show_dashboard(struct req *r, struct res *res, const struct org_supporter *sup)
{
	struct arena *a = r->arena;
	struct str sort_in;
	bool by_prefecture = kvlist_get_one(&r->query_fields, "sort", &sort_in) == MM_OK &&
	                     str_eq_lit(sort_in, "prefecture");
	struct paging p;
	struct org_grant *g;
	size_t n;
	struct webform f;
	enum mm_err e;
	if ((e = load_clients(r, by_prefecture ? ORG_CLIENT_SORT_PREFECTURE : ORG_CLIENT_SORT_NAME,
	                      &p, &g, &n)) ||
	    (e = webform_init(&f, r, res, val_obj(a))) || (e = set_clients(r, f.ctx, g, n)) ||
	    (e = notice_set(r, f.ctx, "supporter.notice", notices, NOTICE_COUNT)) ||
	    (e = paging_set(r, f.ctx, &p,
	                    by_prefecture ? "/supporter?sort=prefecture&"
	                                  : "/supporter?sort=name&")))
		return e;
	if (!val_set_cstr(a, f.ctx, "code", code_display(a, sup->code)) ||
	    !val_set_str(a, f.ctx, "kind", org_kind_label(r, sup->kind)) ||
	    !val_set_str(a, f.ctx, "region", labels_prefecture(r->lang, sup->prefecture)) ||
	    !val_set_str(a, f.ctx, "organisation_name", sup->organisation_name) ||
	    !val_set_bool(a, f.ctx, "sorted_by_prefecture", by_prefecture) ||
	    !val_set_cstr(a, f.ctx, "client_count", labels_format_count(a, p.total)))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "supporter_dashboard", f.ctx, "supporter.title", NULL,
	                     NULL);
}

static enum mm_err page_supporter(struct req *r, struct res *res)
{
	struct org_supporter sup;
	enum mm_err e = store_org_supporter_by_user(r->store, r->arena, r->user->id, &sup);
	if (e == MM_ERR_NOT_FOUND)
		return show_register(r, res);
	return e ? e : show_dashboard(r, res, &sup);
}

/* This file's routes, in dispatch order (see supporter_routes.c). */
const struct route_table supporter_routes = ROUTE_TABLE(
    ROUTE_FORM("/supporter", page_supporter, page_supporter_post, RIGHT_USER),
    ROUTE_FORM("/supporter/code", page_supporter_code, page_supporter_code_post, RIGHT_USER));
