/* fuzz_mwapi_decode.c - any bytes as an API answer: the decoder, and
 * then what the readers take from a successful answer (siteinfo, the
 * continuation), must neither crash nor leak. The first byte picks the
 * HTTP status so retry paths are reached too. */
#include "skillsbot/buf.h"
#include "skillsbot/mem.h"
#include "skillsbot/sys/mwapi.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = {200, 200, 200, 200, 429, 503, 404, 302};
	sb_mw_reply r;
	long status = 200;

	if (size > 0) {
		status = statuses[data[0] & 7];
		data++;
		size--;
	}
	sb_mw_decode(&r, status, "application/json", (const char *)data, size,
		     -1, "fuzz");
	if (r.verdict == SB_MW_DONE) {
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(r.root, "query");
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(r.root, "continue");
		sb_mw_site site;
		sb_buf b;

		sb_mw_site_defaults(&site);
		if (sb_mw_site_parse(&site, q, "fuzz") == 0) {
			const cJSON *it;

			cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(q, "titles"))
				if (cJSON_IsString(it))
					free(sb_mw_site_normalize(&site, it->valuestring, NULL));
		}
		sb_mw_site_dispose(&site);
		sb_buf_init(&b, 1u << 20);
		(void)sb_mw_continue_params(&b, "action=query", c);
		sb_buf_dispose(&b);
	}
	sb_mw_reply_dispose(&r);
	return 0;
}
