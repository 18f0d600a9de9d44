/* fuzz_records.c - what `skillsbot match` reads from files: the JSON
 * lines of `skillsbot extract` (FILE) and the previous cycle's `--json`
 * output (--previous). Any bytes must read, or fail with a message that
 * names the input, without crashing, leaking or reading out of bounds;
 * records that read go through the whole matcher (which keeps apart the
 * pairs their feedback declined), and its result prints as JSON. */
#include "skillsbot/error.h"
#include "skillsbot/match.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sb_siteconf conf;
static int ready;

static void named(const char *origin)
{
	if (!strstr(sb_error_message(), origin))
		abort();
}

static void match(const sb_records *r)
{
	sb_match_input in;
	sb_match_result res;
	cJSON *j;

	memset(&in, 0, sizeof(in));
	in.recs = r;
	in.conf = &conf;
	in.now = 1795000000;
	if (sb_match_run(&res, &in) != SB_OK)
		abort();   /* the default weights are valid */
	j = sb_match_to_json(&res, r);
	if (!j)
		abort();
	cJSON_Delete(j);
	sb_match_result_dispose(&res);
}

static void previous(const char *text, size_t len)
{
	cJSON *root = cJSON_ParseWithLength(text, len);
	sb_prev_pair *pairs;
	size_t n;

	if (!root)
		return;
	if (sb_match_prev_from_json(&pairs, &n, root, "previous.json") ==
	    SB_OK)
		free(pairs);
	else
		named("previous.json");
	cJSON_Delete(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	sb_records r;

	if (!ready) {
		sb_siteconf_defaults(&conf);
		ready = 1;
	}
	sb_records_init(&r);
	if (sb_records_read_jsonl(&r, text, size, "records.jsonl") == SB_OK)
		match(&r);
	else
		named("records.jsonl");
	sb_records_dispose(&r);
	previous(text, size);
	return 0;
}
