#!/usr/bin/env python3
"""test_notify.py - talk-page notifications and feedback (issue 10) with
`skillsbot sync --once` against the real local MediaWiki.

Each sync run is a new process, so "across cycles" is also "across
restarts". Every test has its own directory (root, templates, state) and
its own user names, so its talk pages are its own.
"""

import os
import re
import sqlite3
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_sync_cycle import (Directory, DirectoryCase, api,  # noqa: E402
                             edit_as_editor, maint, page_revid, page_text)


def sections(text, needle="Let's Connect"):
    """The level-2 headings of a talk page that carry `needle`."""
    return [h for h in re.findall(r"^==\s*(.*?)\s*==\s*$", text or "", re.M)
            if needle in h]


def bot_edits(title):
    r = api({"action": "query", "prop": "revisions", "titles": title,
             "rvprop": "user|comment", "rvlimit": "max"})
    p = r["query"]["pages"][0]
    return [v for v in p.get("revisions", []) if v["user"] == "SkillsBot"]


def one_to_one(text):
    """The one-to-one table of a Connections page."""
    m = re.search(r"== One-to-one connections ==(.*?)\n==", text or "", re.S)
    return m.group(1) if m else ""


class NotifyTest(unittest.TestCase):
    def setUp(self):
        self.d = Directory(self.id().split(".")[-1])
        n = re.sub(r"[^0-9]", "", self.d.uniq)[-9:]
        self.u = lambda who: "%s%s" % (who, n)

    def tearDown(self):
        self.d.close()

    def person(self, who, share, learn, notify=True, languages="en-N, fr-3",
               extra="", account=True):
        """A profile, and (unless account=False) the person's account: the
        bot writes to no talk page of a name without one."""
        name = self.u(who)
        if account:
            maint("createAndPromote.php", name, "Test-password-%s" % name)
        text = self.d.profile_text(name, share=share, learn=learn,
                                   extra="|notify=%s\n%s"
                                   % ("yes" if notify else "no", extra))
        text = text.replace("languages=en-N, fr-3", "languages=" + languages)
        edit_as_editor("%s/%s" % (self.d.root, name), text)
        return name

    def talk(self, name):
        return page_text("User talk:" + name)

    def connections(self):
        return page_text(self.d.root + "/Connections") or ""

    def test_new_connection_notifies_both_once(self):
        self.d.setup(examples=False)
        learner = self.person("Learner", "Conflict management",
                              "Grant writing")
        sharer = self.person("Sharer", "Grant writing", "Event organizing",
                             languages="fr-N, en-3")
        quiet = self.person("Quiet", "Budgeting", "Grant writing",
                            notify=False)
        self.d.run("--full")
        lt, st = self.talk(learner), self.talk(sharer)
        self.assertEqual(len(sections(lt)), 1, lt)
        # The sharer's two new connections are one message (one section,
        # greeted once, a list item each, signed once), not a section each; the
        # learner with notify = no gets none.
        self.assertEqual(len(sections(st)), 1, st)
        self.assertIn("== Let's Connect : 2 nouvelles suggestions ==", st)
        self.assertEqual(st.count("Bonjour " + sharer), 1, st)
        self.assertEqual(st.count("\n* L'annuaire des comp"), 2, st)
        self.assertEqual(st.count("(UTC)"), 1, st)
        self.assertEqual(len(bot_edits("User talk:" + sharer)), 1)
        self.assertIsNone(self.talk(quiet))
        self.assertIn("User:" + quiet, st)
        # The learner's message names the sharer, the skill, the page;
        # the sharer's is in French, their first language.
        self.assertIn("User:" + sharer, lt)
        self.assertIn("Grant writing", lt)
        self.assertIn(self.d.root + "/Connections/en", lt)
        self.assertIn("User:" + learner, st)
        # Again, after a change that makes the bot recompute, and after a
        # restart (every run is a new process): nothing new.
        edit_as_editor("%s/%s" % (self.d.root, learner),
                       self.d.profile_text(learner, share="Conflict management",
                                           learn="Grant writing",
                                           extra="|notify=yes\n|affiliate=X\n"))
        self.d.run()
        self.d.run("--full")
        self.assertEqual(self.talk(learner), lt)
        self.assertEqual(self.talk(sharer), st)
        self.assertEqual(len(bot_edits("User talk:" + learner)), 1)
        db = sqlite3.connect(self.d.state)
        rows = db.execute("SELECT recipient, result FROM notices "
                          "ORDER BY recipient").fetchall()
        db.close()
        self.assertEqual(rows, sorted([(learner, "sent"), (sharer, "sent"),
                                       (sharer, "sent")]))

    def test_cluster_messages_name_language_and_host(self):
        # Three learners of Lua who want a group, and one person who can
        # host one group: the cluster is hosted, in English.
        self.d.setup(examples=False)
        group = "|formats=cluster\n"
        ann = self.person("Ann", "Budgeting", "Lua", languages="en-N, ar-3",
                          extra=group)
        bea = self.person("Bea", "Budgeting", "Lua", languages="fr-N, en-3",
                          extra=group)
        cy = self.person("Cy", "Budgeting", "Lua", languages="en-N, fr-3",
                         extra=group)
        host = self.person("Host", "Lua", "Commons", languages="en-N, ar-2",
                           extra=group + "|capacity=1\n")
        self.d.run("--full")
        self.assertIn("User:" + host, self.connections())
        at, bt, ht = self.talk(ann), self.talk(bea), self.talk(host)
        # The group's common language, as on the Connections page.
        self.assertIn("The group's language: en.", at)
        self.assertIn("Langue du groupe : en.", bt)
        # Members are told who hosts; the host is not one of the learners.
        self.assertIn("[[User:%s|%s]] could host the group" % (host, host),
                      at)
        self.assertIn("together: [[User:%s|%s]], [[User:%s|%s]]."
                      % (bea, bea, cy, cy), at)
        # The host is asked to host, not to learn, and sees the learners.
        self.assertIn("suggests that you host a small group of learners "
                      "of '''Templates and Lua modules'''", ht)
        self.assertNotIn("to learn '''", ht)
        for who in (ann, bea, cy):
            self.assertIn("[[User:%s|%s]]" % (who, who), ht)
        # Both know how to report back, with the right example each.
        for t in (at, bt, ht):
            self.assertIn("outcome=declined}}", t)
            self.assertIn("outcome=met}}", t)

    def test_host_of_two_groups_of_one_skill_is_told_of_both(self):
        # Six learners of Lua who want a group, and one person who can host
        # two: two groups, both hosted by the same person. Each group is its
        # own suggestion to the host, once (a notice a group), and the cycle
        # goes through (it stopped on "already told" before).
        self.d.setup(examples=False)
        group = "|formats=cluster\n"
        learners = [self.person("L%d" % i, "Budgeting", "Lua",
                                languages="en-N", extra=group)
                    for i in range(6)]
        host = self.person("Host", "Lua", "Commons", languages="en-N",
                           extra=group + "|capacity=2\n")
        self.d.run("--full")
        ht = self.talk(host)
        self.assertEqual(len(sections(ht)), 1, ht)
        self.assertEqual(ht.count("suggests that you host a small group of "
                                  "learners of '''Templates and Lua "
                                  "modules'''"), 2, ht)
        for who in learners:
            self.assertEqual(ht.count("[[User:%s|%s]]" % (who, who)), 1, ht)
        # Nothing new the next time, nor after a restart.
        self.d.run("--full")
        self.assertEqual(self.talk(host), ht)
        db = sqlite3.connect(self.d.state)
        told = db.execute("SELECT count(*) FROM notices WHERE recipient = ?",
                          (host,)).fetchone()[0]
        db.close()
        self.assertEqual(told, 2)

    def test_host_told_under_the_old_key_is_not_told_again(self):
        # A state from before a host's notice was keyed by the group: its
        # row (host, host, skill) stands for the host's first group.
        self.d.setup(examples=False)
        group = "|formats=cluster\n"
        for i in range(3):
            self.person("M%d" % i, "Budgeting", "Lua", languages="en-N",
                        extra=group)
        host = self.person("Host", "Lua", "Commons", languages="en-N",
                           extra=group + "|capacity=1\n")
        self.d.run("--full")
        ht = self.talk(host)
        self.assertEqual(len(sections(ht)), 1, ht)
        db = sqlite3.connect(self.d.state)
        db.execute("UPDATE notices SET learner = recipient "
                   "WHERE recipient = ?", (host,))
        db.commit()
        db.close()
        self.d.run("--full")
        self.assertEqual(self.talk(host), ht)

    def test_no_message_for_an_account_that_does_not_exist(self):
        # A profile whose username has no account (a typo): no stray
        # talk page, a row so that later cycles do not ask again, and a
        # line on the dashboard for the organisers, cycle after cycle.
        self.d.setup(examples=False)
        learner = self.person("Learner", "Conflict management",
                              "Grant writing")
        ghost = self.u("Nobody")
        text = self.d.profile_text(ghost, share="Grant writing",
                                   learn="Event organizing",
                                   extra="|notify=yes\n")
        edit_as_editor("%s/%s" % (self.d.root, self.u("Ghost")), text)
        self.assertIn("missing", api({"action": "query", "list": "users",
                                      "ususers": ghost})["query"]["users"][0])
        self.d.run("--full")
        self.assertIn("User:" + ghost, self.connections())
        self.assertIsNone(self.talk(ghost))
        self.assertEqual(len(sections(self.talk(learner))), 1)
        db = sqlite3.connect(self.d.state)
        rows = db.execute("SELECT result FROM notices WHERE recipient = ?",
                          (ghost,)).fetchall()
        db.close()
        self.assertEqual(rows, [("no account",)])
        # (the dashboard escapes the line: "User&#58;" shows "User:")
        note = "* User&#58;%s has no account" % ghost
        self.assertIn(note, page_text(self.d.root + "/Dashboard/en"))
        self.d.run("--full")
        self.assertIsNone(self.talk(ghost))
        self.assertIn(note, page_text(self.d.root + "/Dashboard/en"))

    def test_talk_page_redirects(self):
        # A renamed user's talk page redirects to the new one: the message
        # goes there (a new page is created when the target does not exist
        # yet). A talk page redirected out of User talk (to an article) is
        # no place for a message: nothing is written there, and the notice
        # is not tried again.
        self.d.setup(examples=False)
        # A renamed account is gone under its old name: its talk page's
        # redirect still leads to the person.
        learner = self.person("Renamed", "Conflict management",
                              "Grant writing", account=False)
        other = self.person("Moved", "Budgeting", "Grant writing")
        sharer = self.person("Sharer", "Grant writing", "Event organizing",
                             notify=False)
        new_talk = "User talk:" + self.u("NewName")
        article = "%s/Not a talk page" % self.d.root
        edit_as_editor(article, "An article.\n")
        edit_as_editor("User talk:" + learner,
                       "#REDIRECT [[%s]]\n" % new_talk)
        edit_as_editor("User talk:" + other, "#REDIRECT [[%s]]\n" % article)
        rc, out, err, s = self.d.run("--full")
        self.assertEqual(self.talk(learner).strip(),
                         "#REDIRECT [[%s]]" % new_talk)
        self.assertEqual(len(sections(page_text(new_talk))), 1, err)
        self.assertIn("User:" + sharer, page_text(new_talk))
        self.assertEqual(page_text(article), "An article.")
        self.assertEqual(self.talk(other).strip(),
                         "#REDIRECT [[%s]]" % article)
        self.assertIn("outside User talk", err)
        db = sqlite3.connect(self.d.state)
        rows = dict(db.execute("SELECT recipient, result FROM notices"))
        db.close()
        self.assertEqual(rows.get(learner), "sent")
        self.assertEqual(rows.get(other), "excluded")
        # and nothing is tried again
        rev = page_revid(article)
        self.d.run("--full")
        self.assertEqual(page_revid(article), rev)
        self.assertEqual(len(sections(page_text(new_talk))), 1)

    def test_nobots_talk_page_respected(self):
        self.d.setup(examples=False)
        learner = self.person("Learner", "Conflict management",
                              "Grant writing")
        sharer = self.person("Sharer", "Grant writing", "Event organizing")
        edit_as_editor("User talk:" + sharer, "Please do not.\n{{nobots}}\n")
        self.d.run("--full")
        self.assertEqual(self.talk(sharer).strip(),
                         "Please do not.\n{{nobots}}")
        self.assertEqual(len(sections(self.talk(learner))), 1)
        self.d.run("--full")
        self.assertEqual(bot_edits("User talk:" + sharer), [])
        self.assertEqual(len(sections(self.talk(learner))), 1)

    def test_cap_holds_and_rest_follow(self):
        self.d.setup(examples=False, notify={"max_per_cycle": 2})
        names = []
        for i, (skill, other) in enumerate([("Grant writing", "Wikidata"),
                                            ("Budgeting", "Commons"),
                                            ("Fundraising", "Wikisource")]):
            names.append(self.person("L%d" % i, "Conflict management",
                                     skill))
            names.append(self.person("S%d" % i, skill, other))

        def told():
            return sum(len(sections(self.talk(n))) for n in names)
        _, _, err, _ = self.d.run("--full")
        self.assertEqual(told(), 2)
        # six people, one message each, two a cycle: four wait
        self.assertIn("4 talk-page messages wait for the next cycle", err)
        self.d.run()     # nothing else changed: the deferred ones go out
        self.assertEqual(told(), 4)
        self.d.run()
        self.assertEqual(told(), 6)
        self.d.run()
        self.assertEqual(told(), 6)
        for n in names:
            self.assertEqual(len(sections(self.talk(n))), 1, n)

    def test_declined_pair_disappears_and_stays_gone(self):
        self.d.setup(examples=False)
        learner = self.person("Learner", "Conflict management",
                              "Grant writing", notify=False)
        sharer = self.person("Sharer", "Grant writing", "Event organizing",
                             notify=False)
        self.d.run("--full")
        self.assertIn("User:" + sharer, one_to_one(self.connections()))
        edit_as_editor("%s/%s" % (self.d.root, learner),
                       self.d.profile_text(learner, share="Conflict management",
                                           learn="Grant writing")
                       + "{{%sFeedback|with=%s|skill=Grant writing"
                         "|outcome=declined}}\n" % (self.d.tpl, sharer))
        self.d.run()
        self.assertNotIn("User:" + sharer, one_to_one(self.connections()))
        self.d.run("--full")
        self.d.run()
        self.assertNotIn("User:" + sharer, one_to_one(self.connections()))
        self.assertNotIn("User:" + learner, one_to_one(self.connections()))

    def test_crash_between_intent_and_result(self):
        """A pending intent whose message landed is settled as sent; one
        whose message did not land is sent once."""
        self.d.setup(examples=False)
        learner = self.person("Learner", "Conflict management",
                              "Grant writing")
        sharer = self.person("Sharer", "Grant writing", "Event organizing")
        self.d.run("--full")
        # The sharer archives the message by hand; then we pretend the
        # bot crashed twice: after the learner's edit was saved (no
        # result written), and before the sharer's edit went out (the
        # intent names the archiving revision as the one read).
        edit_as_editor("User talk:" + sharer, "Archived.\n")
        db = sqlite3.connect(self.d.state)
        db.execute("UPDATE notices SET result = NULL, new_rev = NULL "
                   "WHERE recipient = ?", (learner,))
        db.execute("UPDATE notices SET result = NULL, new_rev = NULL, "
                   "base_rev = ? WHERE recipient = ?",
                   (page_revid("User talk:" + sharer), sharer))
        db.commit()
        db.close()
        self.d.run()
        self.assertEqual(len(sections(self.talk(learner))), 1)
        self.assertEqual(len(bot_edits("User talk:" + learner)), 1)
        st = self.talk(sharer)
        self.assertTrue(st.startswith("Archived."), st)
        self.assertEqual(len(sections(st)), 1, st)
        self.assertEqual(len(bot_edits("User talk:" + sharer)), 2)
        db = sqlite3.connect(self.d.state)
        rows = db.execute("SELECT result FROM notices").fetchall()
        db.close()
        self.assertEqual(rows, [("sent",), ("sent",)])


class RecognitionTest(DirectoryCase):
    """The hand-counted fixture of tests/data/recognition (its README.md
    has the counts) on the real wiki, through a full sync."""

    def load(self):
        here = os.path.join(os.environ["SB_SRCDIR"], "tests", "data",
                            "recognition")
        with open(os.path.join(here, "pages.tsv"), encoding="utf-8") as f:
            rows = [ln.rstrip("\n").split("\t") for ln in f if ln.strip()]
        for name, title in rows:
            with open(os.path.join(here, name), encoding="utf-8") as f:
                text = self.d.localise(f.read())
            if title.startswith("ROOT/"):
                title = self.d.root + title[4:]
            else:       # the User: page: one of our own, still Bo's
                title = "%s-%s" % (title, self.d.uniq)
            edit_as_editor(title, text)

    def test_figures_match_hand_count(self):
        self.d.setup(examples=False)
        self.load()
        self.d.run("--full")
        rec = page_text(self.d.root + "/Recognition/en")
        self.assertIn(
            "|-\n| [[User:Ann|Ann]] || 2 || 1 || 2 || Clinic facilitator, "
            "Connector, Resource sharer\n"
            "|-\n| [[User:Bo|Bo]] || 0 || 1 || 1 || Connector, Resource "
            "sharer\n"
            "|-\n| [[User:Cy|Cy]] || 1 || 0 || 0 || Clinic facilitator\n"
            "|-\n| [[User:Eve|Eve]] || 1 || 0 || 0 || Clinic facilitator\n"
            "|}", rec)
        self.assertIn("| Clinic facilitator || Clinics facilitated ≥ 1 || 3",
                      rec)
        dash = page_text(self.d.root + "/Dashboard/en")
        self.assertIn("! Confirmed met\n| 2\n|-\n! Planned\n| 1\n"
                      "|-\n! Declined\n| 1\n|-\n! Unanswered\n| 1\n", dash)
        self.assertIn("|-\n| Grant writing || en || 2\n"
                      "|-\n| Grant writing || fr || 1\n"
                      "|-\n| Wikidata || ar || 1\n|}", dash)
        # Participation this month: SSA 2, ESEAP 1, MENA 1 (Fay is
        # inactive), regions in code order as the store sorts them.
        month = time.strftime("%Y-%m", time.gmtime())
        self.assertIn("! Month !! ESEAP !! MENA !! SSA !! Total\n"
                      "|-\n| %s || 1 || 1 || 2 || 4\n|}" % month, dash)
        # The declined pair (Cy, Di) is not suggested; the others'
        # status shows on the Connections page.
        self.assertNotIn("[[User:Di|Di]] || [[User:Cy|Cy]]",
                         one_to_one(page_text(self.d.root +
                                              "/Connections/en")))


if __name__ == "__main__":
    unittest.main(verbosity=2)
