#!/usr/bin/env python3
"""test_sync_crash_pairs.py - a cycle killed after it wrote the Connections
page and told people of their new connection, before its end (the
dashboard's edit, the cycle's last, dropped by the fault proxy and the bot
killed while it waits to retry), then the next cycle.

What the Connections page and the talk pages show must be what the state
knows: the next cycle keeps the pair shown (with its stability bonus, so a
sharer who turns up in between does not take it), with the same "since",
edits the Connections page no second time, and tells nobody anything new.
The pairs are committed with the cycle's first write, a page's or a
talk-page message's, and not before: a cycle that writes nothing leaves
the previous pairs, and counts none of its own as suggested on the
dashboard (docs/sync.md, "Which pairs are the previous ones").
"""

import os
import re
import signal
import sqlite3
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_notify import bot_edits, one_to_one, sections  # noqa: E402
from test_sync_cycle import (Directory, Proxy, edit_as_editor,  # noqa: E402
                             maint, page_revid, page_text)
from test_sync_crash import wait_fired  # noqa: E402


class CrashAfterConnections(unittest.TestCase):

    def setUp(self):
        self.d = Directory("SyncCrashPairs", languages=("en",))
        n = re.sub(r"[^0-9]", "", self.d.uniq)[-9:]
        self.u = lambda who: "%s%s" % (who, n)
        self.proxy = Proxy()

    def tearDown(self):
        self.proxy.close()
        self.d.close()

    def person(self, who, share, learn, timezone):
        """A profile asking to be told, and its account (the bot tells
        nobody without one)."""
        name = self.u(who)
        maint("createAndPromote.php", name, "Test-password-%s" % name)
        text = self.d.profile_text(name, share=share, learn=learn,
                                   extra="|notify=yes\n")
        text = text.replace("timezone=UTC+0", "timezone=" + timezone)
        edit_as_editor("%s/%s" % (self.d.root, name), text)
        return name

    def talk(self, name):
        return page_text("User talk:" + name)

    def since_of(self, learner, sharer):
        db = sqlite3.connect(self.d.state)
        rows = db.execute("SELECT since FROM connections WHERE learner = ? "
                          "AND sharer = ?", (learner, sharer)).fetchall()
        db.close()
        return [r[0] for r in rows]

    def crash_at(self, rule):
        """Run a cycle through the proxy with the fault `rule` (a dropped
        request), and SIGKILL the bot while it waits to retry."""
        self.proxy.clear()
        self.proxy.faults([dict(rule, fault="close", count=-1)])
        bot = self.d.spawn(api_url=self.proxy.api)
        hit = wait_fired(self.proxy, bot)
        alive = bot.poll() is None
        if alive:
            bot.send_signal(signal.SIGKILL)
        out, err = bot.communicate()
        self.proxy.clear()
        self.assertTrue(hit and alive, "the cycle did not reach %s:\n%s"
                        % (rule, err.decode()))

    def crash_at_dashboard(self):
        """Kill a cycle at the dashboard's save: its last edit, after
        every other page and the talk-page messages."""
        self.crash_at({"params": {"action": "edit"},
                       "match": self.d.root + "/Dashboard"})

    def test_next_cycle_keeps_what_the_pages_show(self):
        d = self.d
        conn = d.root + "/Connections"
        d.setup(examples=False)
        # A learner, and a sharer three hours away: the only match.
        learner = self.person("Learner", "Conflict management", "Wikidata",
                              "UTC+0")
        near = self.person("Sharer", "Wikidata", "", "UTC+3")
        started = int(time.time())
        self.crash_at_dashboard()
        crashed = time.time()
        # The crashed cycle put the pair on the page and told both.
        shown = page_text(conn)
        self.assertIn("User:" + near, one_to_one(shown), shown)
        rev = page_revid(conn)
        for who in (learner, near):
            self.assertEqual(len(sections(self.talk(who))), 1, who)
        # ... and its state knows that pair, since when.
        since = self.since_of(learner, near)
        self.assertEqual(len(since), 1, since)
        self.assertTrue(started <= since[0] <= crashed, since)
        # While the bot is down, a sharer in the learner's own time zone
        # turns up: without the stability bonus of the pair on the page,
        # they would take the learner over.
        time.sleep(1.1)     # a "since" given anew would differ
        late = self.person("Later", "Wikidata", "", "UTC+0")
        rc, out, err, s = d.run()
        self.assertEqual(rc, 0, err)
        # The Connections page is not edited again: same pair, same date.
        self.assertEqual(page_revid(conn), rev, page_text(conn))
        self.assertEqual(page_text(conn), shown)
        self.assertEqual(self.since_of(learner, near), since)
        self.assertEqual(self.since_of(learner, late), [])
        # Nobody told anything twice, nor anything new.
        for who in (learner, near):
            self.assertEqual(len(sections(self.talk(who))), 1, who)
            self.assertEqual(len(bot_edits("User talk:" + who)), 1, who)
        self.assertIsNone(self.talk(late))
        # The cycle finished what the crash left: the dashboard, and
        # nothing is left to do.
        self.assertGreater(page_revid(d.root + "/Dashboard"), rev)
        rc, out, err, s = d.run("--full", "--dry-run")
        self.assertEqual(s["edits"], 0, out)
        db = sqlite3.connect(d.state)
        pending = db.execute("SELECT (SELECT count(*) FROM journal WHERE "
                             "result IS NULL) + (SELECT count(*) FROM "
                             "notices WHERE result IS NULL)").fetchone()[0]
        db.close()
        self.assertEqual(pending, 0)

    def test_a_message_as_first_write_commits_the_pairs(self):
        """A cycle whose first write is a talk-page message (every output
        page that changes is skipped: {{nobots}}) commits its pairs with
        the message's intents: killed after the first message, before
        the second, its state knows the pair it told of."""
        d = self.d
        d.setup(examples=False)
        learner = self.person("Learner", "Conflict management", "Wikidata",
                              "UTC+0")
        d.run()
        for title in d.output_titles():
            if not title.startswith(d.root + "/Dashboard"):
                edit_as_editor(title, "{{nobots}}\n" + page_text(title))
        sharer = self.person("Sharer", "Wikidata", "", "UTC+3")
        since = int(time.time())
        self.crash_at({"params": {"action": "edit"}, "match": "User talk:",
                       "skip": 1})
        crashed = time.time()
        told = [len(sections(self.talk(who))) for who in (learner, sharer)]
        self.assertEqual(sorted(told), [0, 1])
        self.assertNotIn("User:" + sharer,
                         one_to_one(page_text(d.root + "/Connections")))
        got = self.since_of(learner, sharer)
        self.assertEqual(len(got), 1, got)
        self.assertTrue(since <= got[0] <= crashed, got)

    def test_a_cycle_that_writes_nothing_leaves_the_previous_pairs(self):
        """The pairs a cycle computed are not the previous ones until the
        wiki may show them: a cycle that fails before its first write
        leaves the state's pairs as they were, and a pair it found starts
        its "since" when a later cycle puts it on the page."""
        d = self.d
        d.setup(examples=False)
        learner = self.person("Learner", "Conflict management", "Wikidata",
                              "UTC+0")
        sharer = self.person("Sharer", "Wikidata", "", "UTC+3")
        d.run()
        first = self.since_of(learner, sharer)
        self.assertEqual(len(first), 1)
        other = self.person("Other", "Budgeting", "Wikidata", "UTC+0")
        self.fail_output_read()
        failed = time.time()
        self.assertEqual(self.since_of(learner, sharer), first)
        self.assertEqual(self.since_of(other, sharer), [])
        time.sleep(1.1)
        rc, out, err, s = d.run()
        self.assertEqual(self.since_of(learner, sharer), first)
        since = self.since_of(other, sharer)
        self.assertEqual(len(since), 1, err)
        self.assertGreater(since[0], failed)

    def fail_output_read(self):
        """A cycle whose read of the output pages fails, so that it
        writes nothing; its standard error."""
        self.proxy.faults([{"params": {"action": "query"},
                            "match": self.d.root + "/Connections",
                            "fault": "apierror", "code": "readapidenied",
                            "text": "You need read permission.",
                            "count": -1}])
        rc, out, err, s = self.d.run(api_url=self.proxy.api, check=False)
        fired = sum(r.get("fired", 0) for r in self.proxy.rules())
        self.proxy.clear()
        self.assertNotEqual(rc, 0, err)
        self.assertGreater(fired, 0, err)
        return err

    def suggested(self):
        """The pairs the state counts as ever suggested."""
        db = sqlite3.connect(self.d.state)
        rows = db.execute("SELECT learner, sharer FROM suggested "
                          "ORDER BY learner, sharer").fetchall()
        db.close()
        return rows

    def suggested_on_dashboard(self):
        """The dashboard's figure "Connections suggested (since the
        start)"."""
        m = re.search(r"Connections suggested \(since the start\)\s*\n"
                      r"\|\s*(\d+)", page_text(self.d.root + "/Dashboard"))
        self.assertIsNotNone(m)
        return int(m.group(1))

    def test_a_pair_never_shown_is_never_counted_as_suggested(self):
        """The dashboard's "connections suggested" counts the pairs the
        wiki was shown: a cycle that fails before its first write counts
        none of its pairs, and a pair only such a cycle found (its learner
        changed their mind before the next cycle) is never counted."""
        d = self.d
        d.setup(examples=False)
        learner = self.person("Learner", "Conflict management", "Wikidata",
                              "UTC+0")
        sharer = self.person("Sharer", "Wikidata", "", "UTC+3")
        d.run()
        self.assertEqual(self.suggested(), [(learner, sharer)])
        self.assertEqual(self.suggested_on_dashboard(), 1)
        other = self.person("Other", "Budgeting", "Wikidata", "UTC+0")
        err = self.fail_output_read()
        self.assertEqual(self.since_of(other, sharer), [])
        self.assertEqual(self.suggested(), [(learner, sharer)], err)
        # Other no longer wants to learn anything: the pair is gone.
        edit_as_editor("%s/%s" % (d.root, other), self.d.profile_text(
            other, share="Budgeting", learn="", extra="|notify=yes\n"))
        rc, out, err, s = d.run()
        self.assertEqual(self.suggested(), [(learner, sharer)], err)
        self.assertEqual(self.suggested_on_dashboard(), 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
