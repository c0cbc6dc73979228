/*
 * fuzz_template.c — libFuzzer target for the template engine: any source
 * must either fail to compile with a message or compile and render without
 * memory errors, and rendering a value never lets it open a tag.
 * The first input line is the value; the rest is the template source.
 */
#include <stdint.h>
#include <string.h>

#include "view/template.h"

static bool has_key(void *data, struct str key)
{
	(void)data;
	return str_eq_lit(key, "k");
}

static struct str get(void *data, struct str key)
{
	(void)data;
	(void)key;
	return STR("<t>");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tpl_i18n i18n = {has_key, get, NULL, -1, 0, NULL};
	struct arena a;
	struct str in = {(const char *)data, size};
	long nl = str_index(in, '\n');
	struct str value = nl < 0 ? STR("") : (struct str){in.p, (size_t)nl};
	struct str src = nl < 0 ? in : (struct str){in.p + nl + 1, in.n - (size_t)nl - 1};
	char err[TPL_ERR_MAX];
	struct template *t;

	arena_init(&a, ARENA_REQUEST_MAX);
	if (tpl_compile(&a, "fuzz", src, &i18n, &t, err) == MM_OK) {
		struct val *ctx = val_obj(&a);
		struct val *list = val_set_list(&a, ctx, "items");
		for (int i = 0; i < 3; i++)
			val_set_str(&a, val_list_push_obj(&a, list), "v", value);
		val_set_str(&a, ctx, "v", value);
		val_set_bool(&a, ctx, "b", true);
		val_set_html(&a, ctx, "h", STR("<i>program</i>"));
		struct buf out;
		buf_init(&out, &a, 4u << 20);
		if (tpl_render(t, ctx, &i18n, &out, err) == MM_OK && !memchr(src.p, '<', src.n) &&
		    !memchr(src.p, '>', src.n) && !memmem(src.p, src.n, "raw", 3)) {
			/* No '<' in the template and no raw output: none may appear. */
			if (memchr(out.p ? out.p : "", '<', out.n))
				__builtin_trap();
		}
	} else if (!err[0]) {
		__builtin_trap(); /* every refusal says why (or ran out of memory) */
	}
	arena_free(&a);
	return 0;
}
