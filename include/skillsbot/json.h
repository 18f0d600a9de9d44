/*
 * json.h - the seam to cJSON, and small helpers around it.
 *
 * Modules that read or write JSON include this header, not cJSON's own,
 * so the dependency stays in one place.
 */
#ifndef SKILLSBOT_JSON_H
#define SKILLSBOT_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include <stdint.h>

#include "skillsbot/buf.h"

/* Parse `len` bytes (need not be NUL-terminated). On failure sets a
 * message naming `origin` and the byte offset, and returns SB_EINVALID. */
int sb_json_parse(cJSON **out, const char *text, size_t len,
		  const char *origin);

/* Typed reads of an object member; NULL / `dflt` when absent or of another
 * type. The returned strings are borrowed from the tree. */
const char *sb_json_str(const cJSON *obj, const char *key);
double sb_json_num(const cJSON *obj, const char *key, double dflt);
bool sb_json_bool(const cJSON *obj, const char *key, bool dflt);
/* A whole number that fits the type; `dflt` as well when the member is
 * not one (2.5, 1e300): outside input must not reach an undefined cast. */
int64_t sb_json_i64(const cJSON *obj, const char *key, int64_t dflt);
int sb_json_int(const cJSON *obj, const char *key, int dflt);

/* Add a string member, or null when s is NULL. */
void sb_json_add_str(cJSON *obj, const char *key, const char *s);

/* Print compactly (one line) and append to `b`. Deterministic key order:
 * the order members were added. */
int sb_json_print(sb_buf *b, const cJSON *item);

#endif
