/*
 * setting.c — see setting.h.
 */
#include "lib/setting.h"

#include <stdio.h>
#include <string.h>

#include "lib/log.h"

bool setting_flag(const char *name, const char *value, bool otherwise, bool *on, char err[256])
{
	if (!value || !*value) {
		*on = otherwise;
		return true;
	}
	if (strcmp(value, "1") == 0 || strcmp(value, "0") == 0) {
		*on = value[0] == '1';
		return true;
	}
	char shown[LOG_SETTING_SHOWN_BYTES];
	snprintf(err, 256, "%s=%s: expected 1 or 0", name, log_setting_shown(shown, value));
	return false;
}
