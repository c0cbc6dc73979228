/*
 * experts.c — see experts.h.
 */
#include "core/experts.h"

#include <stdio.h>

#include "core/plain_text.h"
#include "core/help.h"
#include "core/org_fields.h"

const char *const expert_kinds[EXPERT_KIND_COUNT] = {"security_specialist", "security_presenter",
                                                     "other"};
/* The languages a firm in Japan most often needs after Japanese. */
const char *const expert_languages[EXPERT_LANGUAGE_COUNT] = {"ja", "en", "zh", "ko", "vi", "pt"};

bool expert_text_ok(struct str s)
{
	return plain_text_lines_ok(s);
}

int expert_name_index(const char *const list[], size_t n, struct str name)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq_lit(name, list[i]))
			return (int)i;
	return -1;
}

int64_t expert_prefecture_bit(int prefecture)
{
	if (prefecture < 1 || prefecture > PREFECTURE_COUNT)
		return 0;
	return (int64_t)1 << (prefecture - 1);
}

bool expert_mask_has(int64_t mask, int i)
{
	return i >= 0 && i < 63 && (mask & ((int64_t)1 << i)) != 0;
}

int expert_mask_count(int64_t mask)
{
	int n = 0;
	for (int i = 0; i < 63; i++)
		n += expert_mask_has(mask, i);
	return n;
}

bool expert_search_read(struct str prefecture, struct str skill, struct expert_search *out)
{
	bool understood = true;
	*out = (struct expert_search){.prefecture = 0, .skill = -1};
	if (prefecture.n && !org_prefecture_parse(prefecture, &out->prefecture)) {
		out->prefecture = 0;
		understood = false;
	}
	if (skill.n && (out->skill = help_category_index(skill)) < 0)
		understood = false;
	return understood;
}

int64_t expert_search_prefecture_mask(const struct expert_search *s)
{
	return expert_prefecture_bit(s->prefecture);
}

int64_t expert_search_skill_mask(const struct expert_search *s)
{
	return s->skill >= 0 && s->skill < HELP_CATEGORY_COUNT ? (int64_t)1 << s->skill : 0;
}

bool expert_search_url(const struct expert_search *s, char *buf, size_t n)
{
	char pref[24] = "", skill[48] = "";
	if (expert_search_prefecture_mask(s))
		snprintf(pref, sizeof pref, "prefecture=%d&", s->prefecture);
	if (expert_search_skill_mask(s))
		snprintf(skill, sizeof skill, "skill=%s&", help_categories[s->skill]);
	int w = snprintf(buf, n, "/experts?%s%s", pref, skill);
	return w >= 0 && (size_t)w < n;
}
