/*
 * help.c — see help.h.
 */
#include "core/help.h"

/* In the order /help lists them: the most common and most urgent first. */
const struct help_situation help_situations[HELP_SITUATION_COUNT] = {
    {"ransomware", "malware", true},
    {"suspicious-email", "malware", true},
    {"account-takeover", "unauthorised_access", true},
    {"lost-device", "data_leak", true},
    {"data-leak", "data_leak", true},
    {"fraud-payment", "fraud", false},
    {"defaced-website", "unauthorised_access", true},
};

const char *const help_categories[HELP_CATEGORY_COUNT] = {
    "malware", "unauthorised_access", "fraud", "data_leak", "how_to", "scheme", "other",
};

const struct help_situation *help_situation_find(struct str slug)
{
	for (size_t i = 0; i < HELP_SITUATION_COUNT; i++)
		if (str_eq_lit(slug, help_situations[i].slug))
			return &help_situations[i];
	return NULL;
}

int help_category_index(struct str category)
{
	for (int i = 0; i < HELP_CATEGORY_COUNT; i++)
		if (str_eq_lit(category, help_categories[i]))
			return i;
	return -1;
}
