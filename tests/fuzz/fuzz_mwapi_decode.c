/* fuzz_mwapi_decode.c - any bytes as an API answer: the decoder, and
 * then what the readers take from a successful answer (siteinfo, the
 * continuation, pages with their redirects, embedded-in lists, recent
 * changes), must neither crash nor leak. The first byte picks the
 * HTTP status so retry paths are reached too; when its bit 3 is set, the
 * next byte says how many of the bytes after it are a Retry-After header
 * value (sb_http_retry_after). */
#include "skillsbot/buf.h"
#include "skillsbot/http.h"
#include "skillsbot/mem.h"
#include "skillsbot/sys/mwapi.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = {200, 200, 200, 200, 429, 503, 404, 302};
	static const char *const titles[] = {"Main Page", "A", ""};
	sb_mw_reply r;
	long status = 200;
	double retry_after = -1;
	bool header = false;

	if (size > 0) {
		status = statuses[data[0] & 7];
		header = data[0] & 8;
		data++;
		size--;
	}
	if (header && size > 0) {
		size_t k = data[0] & 63;

		data++;
		size--;
		if (k > size)
			k = size;
		retry_after = sb_http_retry_after((const char *)data, k);
		data += k;
		size -= k;
	}
	sb_mw_decode(&r, status, "application/json", (const char *)data, size,
		     retry_after, "fuzz");
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
		(void)sb_mw_read_answer(r.root, titles, 3);
	}
	sb_mw_reply_dispose(&r);
	return 0;
}
