/* test_splice_gate.c - the sanity gate before a save. */
#include "testutil.h"

#include "skillsbot/sync.h"

static void gate_rules(void **state)
{
	(void)state;
	/* Growing, or losing up to the share, is fine. */
	assert_true(sb_sync_gate_allows(100, 120, 50, 60, 0.3));
	assert_true(sb_sync_gate_allows(100, 70, 50, 50, 0.3));
	assert_true(sb_sync_gate_allows(0, 0, 0, 0, 0.3));
	/* A partial read: 60% of the rows gone, the records did not move. */
	assert_false(sb_sync_gate_allows(100, 40, 50, 50, 0.3));
	assert_false(sb_sync_gate_allows(100, 0, 50, 48, 0.3));
	/* The records really shrank as well: people left. */
	assert_true(sb_sync_gate_allows(100, 40, 50, 20, 0.3));
	assert_true(sb_sync_gate_allows(100, 0, 50, 0, 0.3));
	/* A list of a few rows may lose two of them whatever the share: a
	 * proposed clinic that is no longer needed, a small directory's
	 * last connection to a sharer who left. Three are held back. */
	assert_true(sb_sync_gate_allows(1, 0, 12, 13, 0.3));
	assert_true(sb_sync_gate_allows(3, 1, 12, 12, 0.3));
	assert_false(sb_sync_gate_allows(3, 0, 12, 12, 0.3));
	assert_false(sb_sync_gate_allows(10, 6, 12, 12, 0.3));
	/* The share is configurable. */
	assert_true(sb_sync_gate_allows(100, 40, 50, 50, 0.7));
	assert_false(sb_sync_gate_allows(100, 85, 50, 50, 0.1));
}

/* A section no longer produced: allowed while the source pages held up
 * (a language dropped, a clinic over), held back when they fell as a
 * cut-short read would, unless they fell as much as the rows. */
static void gate_rules_for_retired_sections(void **state)
{
	(void)state;
	assert_true(sb_sync_gate_allows_retire(100, 50, 50, 0.3));
	assert_true(sb_sync_gate_allows_retire(100, 50, 36, 0.3));
	assert_true(sb_sync_gate_allows_retire(0, 0, 0, 0.3));
	assert_false(sb_sync_gate_allows_retire(100, 50, 30, 0.3));
	assert_true(sb_sync_gate_allows_retire(100, 50, 20, 0.3));
	assert_true(sb_sync_gate_allows_retire(100, 50, 30, 0.5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gate_rules),
		cmocka_unit_test(gate_rules_for_retired_sections),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
