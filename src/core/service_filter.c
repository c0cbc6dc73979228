/*
 * service_filter.c — see service_filter.h.
 */
#include "core/service_filter.h"

#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"

/* One field that may be given once: *out "" when absent; false when
 * repeated. */
static bool one(const struct kvlist *q, const char *key, struct str *out, bool *given)
{
	enum mm_err e = kvlist_get_one(q, key, out);
	*given = e == MM_OK;
	if (e == MM_ERR_NOT_FOUND)
		*out = STR("");
	else if (e == MM_OK)
		*out = str_trim(*out);
	return e == MM_OK || e == MM_ERR_NOT_FOUND;
}

/* A whole number of ASCII digits without a leading zero in 1…max. */
static bool positive(struct str s, int64_t max, int64_t *out)
{
	int64_t v = 0;
	if (s.n == 0 || s.n > 18 || s.p[0] == '0')
		return false;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		v = v * 10 + (s.p[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

static enum mm_err read_text(struct arena *a, struct str text, struct str *out)
{
	*out = STR("");
	if (!text.n)
		return MM_OK;
	if (text.n > SERVICE_QUERY_MAX_CHARS * 4 || utf8_length(text) > SERVICE_QUERY_MAX_CHARS)
		return MM_ERR_INVALID;
	enum mm_err e = utf8_nfkc(a, text, out);
	if (e)
		return e;
	*out = str_trim(*out);
	for (size_t i = 0; i < out->n; i++)
		if ((unsigned char)out->p[i] < 0x20 || out->p[i] == 0x7f)
			return MM_ERR_INVALID;
	return MM_OK;
}

/* The repeatable fields: each value once at most, each a known name. */
static enum mm_err read_sets(const struct kvlist *q, struct service_search *f)
{
	for (size_t i = 0; i < q->n; i++) {
		const struct kv *kv = &q->items[i];
		if (str_eq_lit(kv->key, "contents")) {
			int c =
			    service_name_index(service_contents, SERVICE_CONTENT_COUNT, kv->value);
			if (c < 0 || (f->contents & ((int64_t)1 << c)))
				return MM_ERR_INVALID;
			f->contents |= (int64_t)1 << c;
		} else if (str_eq_lit(kv->key, "tag")) {
			int before = service_search_tag_count(f);
			if (before >= SERVICE_FILTER_TAGS_MAX ||
			    !service_tag_add(&f->tags, kv->value) ||
			    service_search_tag_count(f) != before + 1)
				return MM_ERR_INVALID;
		}
	}
	return MM_OK;
}

enum mm_err service_search_read(struct arena *a, const struct kvlist *q, struct service_search *f)
{
	struct str text, kind, category, prefecture, onsite, price, page;
	bool given, unused;
	int64_t v;
	enum mm_err e;
	*f = (struct service_search){.text = STR(""), .kind = -1, .category = -1, .page = 1};
	if (!one(q, "q", &text, &unused) || !one(q, "kind", &kind, &unused) ||
	    !one(q, "category", &category, &unused) || !one(q, "prefecture", &prefecture, &given) ||
	    !one(q, "onsite", &onsite, &unused) || !one(q, "price", &price, &unused) ||
	    !one(q, "page", &page, &unused))
		return MM_ERR_INVALID;
	if ((e = read_text(a, text, &f->text)) || (e = read_sets(q, f)))
		return e;
	if (kind.n && (f->kind = service_name_index(service_kinds, SERVICE_KIND_COUNT, kind)) < 0)
		return MM_ERR_INVALID;
	if (category.n && (f->category = service_name_index(service_categories,
	                                                    SERVICE_CATEGORY_COUNT, category)) < 0)
		return MM_ERR_INVALID;
	f->prefecture_given = given;
	if (prefecture.n) {
		if (!positive(prefecture, 47, &v) || prefecture.n > 2)
			return MM_ERR_INVALID;
		f->prefecture = (int)v;
	}
	if (onsite.n && !str_eq_lit(onsite, "1") && !str_eq_lit(onsite, "0"))
		return MM_ERR_INVALID;
	f->onsite = str_eq_lit(onsite, "1");
	if (price.n && !positive(price, SERVICE_PRICE_MAX_YEN, &f->price_max))
		return MM_ERR_INVALID;
	if (page.n && !positive(page, SERVICE_PAGE_MAX, &f->page))
		return MM_ERR_INVALID;
	return MM_OK;
}

enum mm_err service_search_url(struct arena *a, const struct service_search *f, const char *path,
                               struct str *out)
{
	struct buf b;
	enum mm_err e;
	buf_init(&b, a, strlen(path) + SERVICE_QUERY_MAX_CHARS * 12 + 1024);
	if ((e = buf_append_cstr(&b, path)) || (e = buf_append_char(&b, '?')))
		return e;
	if (f->text.n && ((e = buf_append_cstr(&b, "q=")) || (e = buf_append_urlenc(&b, f->text)) ||
	                  (e = buf_append_char(&b, '&'))))
		return e;
	if (f->kind >= 0 && (e = buf_printf(&b, "kind=%s&", service_kinds[f->kind])))
		return e;
	if (f->category >= 0 &&
	    (e = buf_printf(&b, "category=%s&", service_categories[f->category])))
		return e;
	if (f->prefecture && (e = buf_printf(&b, "prefecture=%d&", f->prefecture)))
		return e;
	if (!f->prefecture && f->prefecture_given && (e = buf_append_cstr(&b, "prefecture=&")))
		return e;
	if (f->onsite && (e = buf_append_cstr(&b, "onsite=1&")))
		return e;
	if (f->price_max && (e = buf_printf(&b, "price=%lld&", (long long)f->price_max)))
		return e;
	for (int i = 0; i < SERVICE_CONTENT_COUNT; i++)
		if ((f->contents & ((int64_t)1 << i)) &&
		    (e = buf_printf(&b, "contents=%s&", service_contents[i])))
			return e;
	for (int i = 0; i < SERVICE_TAG_COUNT; i++) {
		char name[16];
		if (service_tag_name(&f->tags, i, name) && (e = buf_printf(&b, "tag=%s&", name)))
			return e;
	}
	if (!buf_cstr(&b))
		return MM_ERR_NOMEM;
	*out = buf_str(&b);
	return MM_OK;
}

bool service_search_narrows(const struct service_search *f)
{
	return f->text.n || f->kind >= 0 || f->category >= 0 || f->prefecture || f->onsite ||
	       f->price_max || f->contents || service_search_tag_count(f);
}

static int bits(int64_t m)
{
	int n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

int service_search_tag_count(const struct service_search *f)
{
	return bits(f->tags.items) + bits(f->tags.rules) + bits(f->tags.directives);
}

static bool contains(struct str hay, struct str needle)
{
	if (needle.n == 0 || needle.n > hay.n)
		return needle.n == 0;
	for (size_t i = 0; i + needle.n <= hay.n; i++)
		if (memcmp(hay.p + i, needle.p, needle.n) == 0)
			return true;
	return false;
}

int service_relevance(struct str q, struct str name, struct str provider)
{
	if (q.n == 0 || str_eq(q, name))
		return 0;
	if (name.n >= q.n && memcmp(name.p, q.p, q.n) == 0)
		return 1;
	if (contains(name, q))
		return 2;
	if (contains(provider, q))
		return 3;
	return 4;
}

static int compare_rank(const void *x, const void *y)
{
	const struct service_rank *s = x, *t = y;
	if (s->relevance != t->relevance)
		return s->relevance < t->relevance ? -1 : 1;
	size_t n = s->name.n < t->name.n ? s->name.n : t->name.n;
	int c = n ? memcmp(s->name.p, t->name.p, n) : 0;
	if (c)
		return c;
	if (s->name.n != t->name.n)
		return s->name.n < t->name.n ? -1 : 1;
	return (s->id > t->id) - (s->id < t->id);
}

void service_rank_sort(struct service_rank *ranks, size_t n)
{
	if (n > 1)
		qsort(ranks, n, sizeof *ranks, compare_rank);
}

/* Appends the ids of one value "1,2,3" to ids; false when one is bad,
 * repeated, or one too many. */
static bool add_ids(struct str list, int64_t ids[SERVICE_COMPARE_MAX], size_t *n)
{
	struct str item;
	if (list.n == 0)
		return false;
	while (str_next_item(&list, ',', &item)) {
		int64_t id;
		if (!positive(item, INT64_C(1000000000000000000), &id) || *n >= SERVICE_COMPARE_MAX)
			return false;
		for (size_t k = 0; k < *n; k++)
			if (ids[k] == id)
				return false;
		ids[(*n)++] = id;
	}
	return true;
}

enum mm_err service_compare_ids(const struct kvlist *q, int64_t ids[SERVICE_COMPARE_MAX], size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < q->n; i++)
		if (str_eq_lit(q->items[i].key, "ids") && !add_ids(q->items[i].value, ids, n))
			return MM_ERR_INVALID;
	return *n ? MM_OK : MM_ERR_INVALID;
}
