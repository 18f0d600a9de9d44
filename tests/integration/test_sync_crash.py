#!/usr/bin/env python3
"""test_sync_crash.py - a cycle killed with SIGKILL at many points, then
restarted, leaves the wiki exactly as an uninterrupted cycle would, and no
page is edited twice for one change.

The fault proxy drops the bot's N-th request (N = 0, 1, 2, ...) without
passing it on, and the bot is killed while it waits to retry, so the kill
lands at a known point: before any request, between the journal intent and
its edit (the edit never reached the wiki), or, with the "close" fault that
lets the wiki save first, after the edit but before the bot heard of it.
(The proxy's "stall" would pass a held edit on long after the bot died; the
wiki takes an edit that conflicts only with the same account's edits, so a
request delivered that late can land: a network no bot can guard against.)
"""

import os
import random
import signal
import sqlite3
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_sync_cycle import (Directory, Proxy, bot_contribs,  # noqa: E402
                             edit_as_editor, fired, last_revid, page_text)

MIN_POINTS = 20


def wait_fired(proxy, bot, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if fired(proxy) > 0:
            return True
        if bot.poll() is not None:
            return False
        time.sleep(0.05)
    return False


class SyncCrash(unittest.TestCase):

    def setUp(self):
        self.d = Directory("SyncCrash", languages=("en",))
        self.d.setup(examples=False)
        for i in range(6):
            edit_as_editor(self.title(i),
                           self.d.profile_text("%s Person%d" % (self.d.uniq,
                                                                i)))
        self.d.run()
        self.proxy = Proxy()

    def tearDown(self):
        self.proxy.close()
        self.d.close()

    def title(self, i):
        return "User:%s P%d/Skills profile" % (self.d.uniq, i)

    def change(self, trial):
        i = trial % 6
        edit_as_editor(self.title(i), self.d.profile_text(
            "%s Person%d v%d" % (self.d.uniq, i, trial)))

    def crash_at(self, rule):
        """Run the bot through the proxy with `rule`; SIGKILL it once the
        rule fires. Returns (fired, killed): not fired when the cycle ended
        before reaching that point."""
        self.proxy.clear()
        self.proxy.faults([rule])
        bot = self.d.spawn(api_url=self.proxy.api)
        hit = wait_fired(self.proxy, bot)
        if hit and rule.get("forward"):
            time.sleep(0.05)   # the wiki saved; the answer is lost
        killed = bot.poll() is None
        if killed:
            bot.send_signal(signal.SIGKILL)
        bot.communicate()
        self.proxy.clear()
        return hit, hit and killed

    def check_trial(self, trial, since):
        # Restart: the cycle completes.
        rc, out, err, s = self.d.run()
        self.assertEqual(rc, 0, err)
        # No page edited twice for this one change.
        titles = [t for t, _ in bot_contribs(since, self.d.uniq)]
        dup = {t for t in titles if titles.count(t) > 1}
        self.assertEqual(dup, set(), "trial %d edited twice: %s"
                         % (trial, dup))
        # Exactly what an uninterrupted cycle gives: reading everything
        # again and recomputing would change nothing.
        rc, out, err, s = self.d.run("--full", "--dry-run")
        self.assertEqual(s["edits"], 0, "trial %d:\n%s" % (trial, out))
        self.assertIn("%s Person%d v%d" % (self.d.uniq, trial % 6, trial),
                      page_text(self.d.root + "/By skill"))
        db = sqlite3.connect(self.d.state)
        pending = db.execute("SELECT count(*) FROM journal WHERE result "
                             "IS NULL").fetchone()[0]
        db.close()
        self.assertEqual(pending, 0)

    def trial_with(self, rule):
        self.change(self.trial)
        since = last_revid()
        hit, killed = self.crash_at(rule)
        self.check_trial(self.trial, since)
        self.trial += 1
        self.killed += killed
        return hit

    def trial_at_time(self, delay):
        """Kill a cycle `delay` seconds after it started (no fault)."""
        self.change(self.trial)
        since = last_revid()
        bot = self.d.spawn()
        time.sleep(delay)
        alive = bot.poll() is None
        if alive:
            bot.send_signal(signal.SIGKILL)
        bot.communicate()
        self.check_trial(self.trial, since)
        self.trial += 1
        return alive

    def requests_of_a_cycle(self):
        """How many requests an uninterrupted cycle with one change makes
        (login included)."""
        self.change(self.trial)
        self.trial += 1
        self.proxy.clear()
        rc, out, err, s = self.d.run(api_url=self.proxy.api)
        n = len(self.proxy.log())
        self.proxy.clear()
        return n

    def test_sigkill_at_many_points(self):
        self.killed = 0
        self.trial = 0
        # Drop the n-th request of the cycle, for about 12 values of n
        # spread over the whole cycle.
        total = self.requests_of_a_cycle()
        for n in range(0, total, max(1, -(-total // 12))):
            self.trial_with({"fault": "close", "skip": n, "count": 1})
        # Between the journal intent and the k-th edit (not sent); then
        # after the wiki saved the k-th edit but before the bot heard.
        for forward in (False, True):
            for k in range(3):
                if not self.trial_with({"params": {"action": "edit"},
                                        "fault": "close", "forward": forward,
                                        "skip": k, "count": 1}):
                    break
        # And at random moments of an ordinary cycle.
        self.change(self.trial)
        self.trial += 1
        start = time.time()
        self.d.run()
        length = time.time() - start
        rnd = random.Random(20261128)
        # At least 4 random moments, and more (bounded) until the cycle was
        # killed at MIN_POINTS points: on a loaded machine a moment may fall
        # after the cycle already ended, which kills nothing.
        for i in range(16):
            if i >= 4 and self.killed >= MIN_POINTS:
                break
            self.killed += self.trial_at_time(rnd.uniform(0.05, length))
        print("%d cycles killed, %d requests in a cycle" % (self.killed, total))
        self.assertGreaterEqual(self.killed, MIN_POINTS)


if __name__ == "__main__":
    unittest.main(verbosity=2)
