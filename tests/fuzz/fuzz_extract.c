/* fuzz_extract.c - extraction never crashes or leaks on any page, and
 * every record it gives can be printed as JSON, the direct writer giving
 * the same bytes as cJSON. The first byte picks the
 * page title, so titles (User: pages) are fuzzed too. */
#include "skillsbot/bots.h"
#include "skillsbot/extract.h"
#include "skillsbot/json.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sb_siteconf conf;
static sb_taxonomy *tax;
static sb_extract_ctx *ctx;

static void init(void)
{
	static const char json[] =
		"{\"categories\":[{\"id\":\"c\",\"label\":{\"en\":\"C\"}}],"
		"\"skills\":[{\"id\":\"grant-writing\",\"category\":\"c\","
		"\"label\":{\"en\":\"Grant writing\"},\"aliases\":[\"gw\"]}]}";

	sb_siteconf_defaults(&conf);
	if (sb_taxonomy_parse(&tax, json, strlen(json), "fuzz") != 0 ||
	    sb_extract_ctx_new(&ctx, &conf, tax) != 0)
		abort();
}

/* `j` printed by cJSON must be what the direct writer put in `direct`. */
static void print(cJSON *j, sb_buf *direct)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	if (sb_json_print(&b, j) != 0 || b.len != direct->len ||
	    memcmp(sb_buf_str(&b), sb_buf_str(direct), b.len) != 0)
		abort();
	sb_buf_dispose(&b);
	sb_buf_reset(direct);
	cJSON_Delete(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const titles[] = {
		"Grants:Skills Directory/A", "User:Fuzz/Profile", "",
		"User:", "Utilisateur:\xC3\xA9/x"
	};
	sb_records r;
	sb_buf d;

	if (!ctx)
		init();
	if (size == 0)
		return 0;
	sb_records_init(&r);
	if (sb_extract_page(&r, ctx, titles[data[0] % 5], 1,
			    (const char *)data + 1, size - 1) != 0)
		abort();
	sb_buf_init(&d, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < r.n_profiles; i++) {
		sb_profile_write_json(&d, &r.profiles[i]);
		print(sb_profile_to_json(&r.profiles[i]), &d);
	}
	for (size_t i = 0; i < r.n_clinics; i++) {
		sb_clinic_write_json(&d, &r.clinics[i]);
		print(sb_clinic_to_json(&r.clinics[i]), &d);
	}
	for (size_t i = 0; i < r.n_resources; i++) {
		sb_resource_write_json(&d, &r.resources[i]);
		print(sb_resource_to_json(&r.resources[i]), &d);
	}
	sb_buf_dispose(&d);
	sb_records_dispose(&r);
	(void)sb_bots_allowed((const char *)data + 1, size - 1, "Fuzz");
	return 0;
}
