/* json.c - cJSON seam; see include/skillsbot/json.h. */
#include "skillsbot/json.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int sb_json_parse(cJSON **out, const char *text, size_t len,
		  const char *origin)
{
	const char *end = NULL;
	cJSON *root;

	*out = NULL;
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		size_t off = end && end >= text ? (size_t)(end - text) : 0;
		return sb_error_set(SB_EINVALID, "%s: invalid JSON at byte %zu",
				    origin, off);
	}
	*out = root;
	return SB_OK;
}

const char *sb_json_str(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

double sb_json_num(const cJSON *obj, const char *key, double dflt)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsNumber(it) ? it->valuedouble : dflt;
}

/* 2^63 is exact in a double; anything at or past it does not fit. */
int64_t sb_json_i64(const cJSON *obj, const char *key, int64_t dflt)
{
	double d = sb_json_num(obj, key, NAN);

	if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) ||
	    d != floor(d))
		return dflt;
	return (int64_t)d;
}

int sb_json_int(const cJSON *obj, const char *key, int dflt)
{
	int64_t v = sb_json_i64(obj, key, (int64_t)INT_MAX + 1);

	return v >= INT_MIN && v <= INT_MAX ? (int)v : dflt;
}

bool sb_json_bool(const cJSON *obj, const char *key, bool dflt)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsBool(it) ? cJSON_IsTrue(it) : dflt;
}

void sb_json_add_str(cJSON *obj, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(obj, key, s);
	else
		cJSON_AddNullToObject(obj, key);
}

int sb_json_print(sb_buf *b, const cJSON *item)
{
	char *s = cJSON_PrintUnformatted(item);
	int err;

	if (!s)
		return sb_error_set(SB_ERROR, "cannot print JSON");
	err = sb_buf_adds(b, s);
	cJSON_free(s);
	return err;
}
