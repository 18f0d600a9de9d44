/* test_splice_gate.c - the checks before a save: the sanity gate, and
 * pages that keep the bot out. */
#include "testutil.h"

#include "skillsbot/sync.h"

#include <string.h>

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
	/* The share is configurable. */
	assert_true(sb_sync_gate_allows(100, 40, 50, 50, 0.7));
	assert_false(sb_sync_gate_allows(100, 85, 50, 50, 0.1));
}

static bool excl(const char *text, const char *user)
{
	return sb_sync_bot_excluded(text, strlen(text), user);
}

static void bots_exclusion(void **state)
{
	(void)state;
	assert_false(excl("plain page", "SkillsBot"));
	assert_true(excl("x {{nobots}} y", "SkillsBot"));
	assert_true(excl("{{ NoBots }}", "SkillsBot"));
	assert_false(excl("{{nobotsz}}", "SkillsBot"));
	assert_false(excl("{{bots}}", "SkillsBot"));
	assert_true(excl("{{bots|deny=all}}", "SkillsBot"));
	assert_true(excl("{{bots|deny=OtherBot, SkillsBot}}", "SkillsBot"));
	assert_true(excl("{{bots|deny=skillsBot}}", "SkillsBot"));
	assert_false(excl("{{bots|deny=OtherBot}}", "SkillsBot"));
	assert_false(excl("{{bots|deny=none}}", "SkillsBot"));
	assert_true(excl("{{bots|allow=none}}", "SkillsBot"));
	assert_true(excl("{{bots|allow=OtherBot}}", "SkillsBot"));
	assert_false(excl("{{bots|allow=OtherBot,Skills_Bot}}", "Skills Bot"));
	assert_false(excl("{{bots|allow=all}}", "SkillsBot"));
	/* The login name of a bot password edits as the account. */
	assert_true(excl("{{bots|deny=SkillsBot}}", "SkillsBot@skillsbot"));
	/* Other templates are not the exclusion templates. */
	assert_false(excl("{{Bots list|deny=all}}", "SkillsBot"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gate_rules),
		cmocka_unit_test(bots_exclusion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
