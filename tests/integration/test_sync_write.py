#!/usr/bin/env python3
"""test_sync_write.py - writing back: broken markers and {{nobots}} are
reported, a person's edit inside a section is recorded before it is
replaced, a person's edit made between the bot's read and its save is never
overwritten, a page left in edit conflict is written the next cycle, the
sanity gate stops a save after a partial read (and says so on the
dashboard in the same words the next cycle, which makes no edit for it),
and a dry run changes nothing. Against the real local MediaWiki (see
test_sync_cycle.py for the helpers)."""

import json
import os
import re
import sqlite3
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_sync_cycle import (TAXONOMY, DirectoryCase, Proxy,  # noqa: E402
                             api,
                             bot_contribs, edit_as_editor, fired, last_revid,
                             delete_page, maint, page_revid, page_text)


def move_leaving_redirect(old, new):
    """A person (Admin) moves a page and leaves a redirect behind."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("%s|%s\n" % (old, new))
    try:
        maint("moveBatch.php", "-u", "Admin", "-r", "test", f.name)
    finally:
        os.unlink(f.name)


def comments(title):
    """The bot's edit summaries on a page, newest first."""
    r = api({"action": "query", "prop": "revisions", "titles": title,
             "rvprop": "comment|user", "rvlimit": "max"})
    return [x["comment"] for x in r["query"]["pages"][0]["revisions"]
            if x["user"] == "SkillsBot"]


def edit_inside(title, line):
    """A person (Editor) writes `line` just inside the bot's first section."""
    text = page_text(title)
    i = text.index("-->", text.index("skillsbot:begin")) + 3
    edit_as_editor(title, text[:i] + "\n" + line + text[i:])


def dashboard_diff_lines(d, page):
    """The dashboard's lines about a person's edit of `page` (with a diff)."""
    return [x for x in page_text(d.root + "/Dashboard").splitlines()
            if page in x and "Diff" in x]


def human_edits(state):
    db = sqlite3.connect(state)
    n = db.execute("SELECT count(*) FROM human_edits").fetchone()[0]
    db.close()
    return n


class SyncWrite(DirectoryCase):

    def test_markers_missing_or_broken_are_reported(self):
        d = self.d
        d.seed_alpha()
        broken = {
            d.root + "/By skill": "Someone removed the markers.",
            d.root + "/By region":
                "<!-- skillsbot:begin by-region -->x",
        }
        for t, text in broken.items():
            edit_as_editor(t, text)
        edit_as_editor(d.root + "/By language", "{{nobots}}\n" +
                       page_text(d.root + "/By language"))
        edit_as_editor("User:%s B/Skills profile" % d.uniq,
                       d.profile_text("%s Beta" % d.uniq))
        rc, out, err, s = d.run()
        self.assertGreaterEqual(s["skipped"], 3, err)
        for t, text in broken.items():
            self.assertEqual(page_text(t), text)
        self.assertNotIn("%s Beta" % d.uniq, page_text(d.root +
                                                       "/By language"))
        self.assertIn("By skill", page_text(d.root + "/Dashboard"))

    def test_human_edit_inside_section_recorded(self):
        d = self.d
        d.seed_alpha()
        title = d.root + "/By skill"
        edit_inside(title, "HAND-WRITTEN ROW")
        rc, out, err, s = d.run()
        self.assertEqual(s["human"], 1, err)
        self.assertNotIn("HAND-WRITTEN ROW", page_text(title))
        dash = page_text(d.root + "/Dashboard")
        self.assertIn("Editor", dash)
        self.assertRegex(dash, r"Special(:|&#58;)Diff/\d+/\d+")

    def test_human_edit_between_read_and_write(self):
        d = self.d
        d.seed_alpha()
        title = d.root + "/By skill"
        proxy = Proxy()
        try:
            edit_as_editor("User:%s B/Skills profile" % d.uniq,
                           d.profile_text("%s Beta" % d.uniq))
            # Hold the bot's first edit; meanwhile a person saves.
            proxy.faults([{"params": {"action": "edit"}, "fault": "stall",
                           "seconds": 4, "count": 1}])
            bot = d.spawn(api_url=proxy.api)
            deadline = time.time() + 60
            while fired(proxy) == 0 and time.time() < deadline:
                time.sleep(0.1)
            self.assertEqual(fired(proxy), 1)
            stalled = [r for r in proxy.log()
                       if r.get("form", {}).get("action") == "edit"]
            target = stalled[-1]["form"].get("title") if stalled else title
            human = "A person's line, written while the bot worked.\n"
            edit_as_editor(target, human + page_text(target))
            out, err = bot.communicate(timeout=120)
            self.assertEqual(bot.returncode, 0, err.decode())
        finally:
            proxy.close()
        after = page_text(target)
        self.assertTrue(after.startswith(human), after)
        self.assertIn("%s Beta" % d.uniq, "".join(d.outputs().values()))

    def test_page_left_in_conflict_is_written_next_cycle(self):
        # Both tries of one save end in an edit conflict (from the proxy:
        # nothing shows in recent changes). The next cycle, with nothing
        # else changed, must still write that page.
        d = self.d
        d.seed_alpha()
        edit_as_editor("User:%s B/Skills profile" % d.uniq,
                       d.profile_text("%s Beta" % d.uniq))
        proxy = Proxy()
        try:
            proxy.faults([{"params": {"action": "edit"}, "fault": "apierror",
                           "code": "editconflict", "text": "Edit conflict.",
                           "count": 2}])
            rc, out, err, s = d.run(api_url=proxy.api)
            self.assertEqual(fired(proxy), 2, err)
            target = [r["form"]["title"] for r in proxy.log()
                      if r.get("fault") == "apierror"]
        finally:
            proxy.close()
        self.assertEqual(len(set(target)), 1, target)
        target = target[0]
        self.assertGreaterEqual(s["skipped"], 1, err)
        self.assertIn("tried again next cycle", err)
        self.assertNotIn("%s Beta" % d.uniq, page_text(target))
        self.assertIn(target, page_text(d.root + "/Dashboard"))
        rc, out, err, s = d.run()
        self.assertGreaterEqual(s["edits"], 1, err)
        self.assertIn("%s Beta" % d.uniq, page_text(target))
        # and once written, the next cycle leaves it alone (other tests
        # edit the shared wiki meanwhile: requests are not counted here)
        rev = page_revid(target)
        rc, out, err, s = d.run()
        self.assertEqual(s["edits"], 0, err)
        self.assertEqual(page_revid(target), rev)

    def test_sanity_gate_after_partial_read(self):
        d = self.d
        d.setup(examples=False)
        with open(TAXONOMY, encoding="utf-8") as f:
            skills = [x["label"]["en"] for x in json.load(f)["skills"]]
        # A ring: each shares one skill and learns the next one's, so the
        # connections table has a row per person.
        for i in range(10):
            edit_as_editor("User:%s P%d/Skills profile" % (d.uniq, i),
                           d.profile_text("%s Person%d" % (d.uniq, i),
                                          share=skills[i],
                                          learn=skills[(i + 1) % 10]))
        d.run()
        connections = d.root + "/Connections"
        dashboard = d.root + "/Dashboard"
        before = page_text(connections)
        self.assertGreaterEqual(before.count("%s Person" % d.uniq), 10)
        # One profile page is deleted (the source pages go from 10 to 9),
        # and a partial read: the store lost the records of 7 of the
        # other pages (the pages themselves still known).
        delete_page("User:%s P9/Skills profile" % d.uniq)
        db = sqlite3.connect(d.state)
        ids = [i for (i,) in db.execute(
            "SELECT page_id FROM pages ORDER BY page_id")]
        db.executemany("DELETE FROM records WHERE page_id = ?",
                       [(i,) for i in ids[:7]])
        db.commit()
        db.close()
        rc, out, err, s = d.run()
        self.assertGreater(s["skipped"], 0, err)
        self.assertIn("sanity gate", err)
        self.assertEqual(page_text(connections), before)
        gated = [x for x in page_text(dashboard).splitlines()
                 if "sanity gate" in x]
        self.assertTrue(any(connections in x for x in gated), gated)
        # The outputs are due again (as after a stop) and nothing else
        # changed: the gate holds the same pages back, and the dashboard
        # is not edited for the bot's own bookkeeping (the source pages
        # counted at the last write, saved by the cycle before).
        rev = page_revid(dashboard)
        db = sqlite3.connect(d.state)
        db.execute("INSERT OR REPLACE INTO kv VALUES ('write.pending', '1')")
        db.commit()
        db.close()
        rc, out, err, s = d.run()
        self.assertIn("sanity gate", err)
        self.assertEqual(page_text(connections), before)
        self.assertEqual([x for x in page_text(dashboard).splitlines()
                          if "sanity gate" in x], gated)
        self.assertEqual(page_revid(dashboard), rev, err)
        self.assertEqual(s["edits"], 0, err)

    def test_dry_run_prints_diff_and_changes_nothing(self):
        d = self.d
        d.seed_alpha()
        edit_as_editor("User:%s B/Skills profile" % d.uniq,
                       d.profile_text("%s Beta" % d.uniq))
        since = last_revid()
        rc, out, err, s = d.run("--dry-run")
        self.assertIn("--- a/%s/By skill" % d.root, out)
        self.assertRegex(out, r"\n\+.*%s Beta" % re.escape(d.uniq))
        self.assertEqual(bot_contribs(since, d.uniq), [])
        # The state did not move either: the real run still sees it.
        rc, out, err, s = d.run()
        self.assertIn("%s Beta" % d.uniq, page_text(d.root + "/By skill"))

    def test_moved_pages_are_not_written_through_redirects(self):
        # An organiser moves an output page and a clinic page, leaving
        # redirects. The bot must not write through a redirect: no edit
        # conflict every cycle, no invented human edit, no dashboard
        # edit per cycle; the redirect is reported on the dashboard.
        d = self.d
        d.setup()
        d.run()
        old_res, new_res = d.root + "/Resources", d.root + "/Resource index"
        clinic = d.root + "/Clinics/Writing your first grant proposal"
        moved_clinic = d.root + "/Clinics/Grant proposals 101"
        move_leaving_redirect(old_res, new_res)
        move_leaving_redirect(clinic, moved_clinic)
        lib = d.root + "/Resource library"
        edit_as_editor(lib, page_text(lib).replace(
            "Grant writing slides", "Grant writing slides v2"))
        since = last_revid()
        rc, out, err, s = d.run()
        self.assertNotIn("edit conflict", err)
        self.assertEqual(s["human"], 0, err)
        self.assertEqual(human_edits(d.state), 0, err)
        # left alone: the redirect and the page it leads to
        self.assertTrue(page_text(old_res).startswith("#REDIRECT"))
        self.assertNotIn("v2", page_text(new_res))
        self.assertNotIn(old_res, [t for t, _ in bot_contribs(since,
                                                              d.uniq)])
        self.assertNotIn(clinic, [t for t, _ in bot_contribs(since,
                                                             d.uniq)])
        self.assertIn("v2", page_text(moved_clinic))
        dash = page_text(d.root + "/Dashboard")
        line = ("%s is now a redirect to %s; the bot does not write "
                "through redirects" % (old_res, new_res))
        self.assertEqual(dash.count(line), 1, dash)
        self.assertNotIn("%s is now a redirect" % clinic, dash)
        # Nothing changed: nothing edited, the dashboard byte for byte.
        for _ in range(2):
            since = last_revid()
            rc, out, err, s = d.run()
            self.assertEqual(bot_contribs(since, d.uniq), [], err)
            self.assertEqual(page_text(d.root + "/Dashboard"), dash)
            self.assertEqual(human_edits(d.state), 0, err)
        # Something else changed: the redirect is still reported.
        edit_as_editor("User:%s Z/Skills profile" % d.uniq,
                       d.profile_text("%s Zeta" % d.uniq))
        rc, out, err, s = d.run()
        self.assertNotIn("edit conflict", err)
        self.assertEqual(s["human"], 0, err)
        dash = page_text(d.root + "/Dashboard")
        self.assertEqual(dash.count(line), 1, dash)

    def test_page_deleted_while_saving_is_not_recreated(self):
        # An admin deletes a clinic page and an output page while the
        # bot's edit of each is in flight. The bot must not bring them
        # back holding only its sections: a clinic page is the
        # organisers', never created by the bot; a page deleted after
        # the bot read it is not re-created in that cycle. The next
        # (incremental) cycle forgets the deleted clinic.
        d = self.d
        d.setup()
        d.run()
        clinic = d.root + "/Clinics/Writing your first grant proposal"
        by_skill = d.root + "/By skill"
        edit_as_editor(clinic, page_text(clinic).replace(
            "== Sign-ups ==\n", "== Sign-ups ==\n# [[User:New Person]]\n",
            1))
        edit_as_editor("User:%s Z/Skills profile" % d.uniq,
                       d.profile_text("%s Zeta" % d.uniq))
        proxy = Proxy()
        try:
            proxy.faults([{"params": {"action": "edit", "title": t},
                           "fault": "stall", "seconds": 4, "count": 1}
                          for t in (clinic, by_skill)])
            bot = d.spawn(api_url=proxy.api)
            deleted = set()
            deadline = time.time() + 120
            while len(deleted) < 2 and time.time() < deadline:
                for rule in proxy.rules():
                    t = rule["params"]["title"]
                    if rule.get("fired") and t not in deleted:
                        delete_page(t)
                        deleted.add(t)
                time.sleep(0.1)
            out, err = bot.communicate(timeout=120)
            err = err.decode()
            self.assertEqual(bot.returncode, 0, err)
        finally:
            proxy.close()
        self.assertEqual(deleted, {clinic, by_skill})
        self.assertIsNone(page_text(clinic), err)
        self.assertIsNone(page_text(by_skill), err)
        dash = page_text(d.root + "/Dashboard")
        self.assertIn(clinic, dash)
        self.assertIn(by_skill, dash)
        rc, out, err, s = d.run()
        self.assertEqual(s["kind"], "incremental", err)
        self.assertIsNone(page_text(clinic), err)
        db = sqlite3.connect(d.state)
        titles = {t for (t,) in db.execute("SELECT title FROM pages")}
        db.close()
        self.assertNotIn(clinic, titles)
        # the bot's own output page, missing when read: created again
        self.assertIn("%s Zeta" % d.uniq, page_text(by_skill) or "")

    def test_human_edit_names_everyone_since_the_bots_revision(self):
        # Editor edits inside a section, then Admin outside it: the
        # dashboard names both and links the diff from the bot's last
        # revision to the revision read, not the page's latest change.
        d = self.d
        d.seed_alpha()
        title = d.root + "/By skill"
        bot_rev = page_revid(title)
        edit_inside(title, "HAND-WRITTEN ROW")
        maint("edit.php", "--user", "Admin", "--summary", "outside", title,
              text="Admin's intro.\n" + page_text(title))
        read_rev = page_revid(title)
        rc, out, err, s = d.run()
        self.assertEqual(s["human"], 1, err)
        lines = [x for x in dashboard_diff_lines(d, "By skill")
                 if "HAND" not in x]
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("Editor", lines[0])
        self.assertIn("Admin", lines[0])
        self.assertRegex(lines[0], r"Special(:|&#58;)Diff/%d/%d\b"
                         % (bot_rev, read_rev))
        self.assertIn("replaced", lines[0])

    def test_human_edit_diff_from_the_bots_revision_however_far(self):
        # More than 50 revisions by people since the bot's: the diff still
        # starts at the bot's revision (the journal knows it).
        d = self.d
        d.seed_alpha()
        title = d.root + "/By skill"
        bot_rev = page_revid(title)
        edit_inside(title, "HAND-WRITTEN ROW")
        for n in range(51):
            edit_as_editor(title, page_text(title) + "\nline %d" % n)
        read_rev = page_revid(title)
        rc, out, err, s = d.run()
        self.assertEqual(s["human"], 1, err)
        lines = dashboard_diff_lines(d, "By skill")
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("Editor", lines[0])
        self.assertRegex(lines[0], r"Special(:|&#58;)Diff/%d/%d\b"
                         % (bot_rev, read_rev))

    def test_refused_save_is_not_said_to_replace(self):
        # A person's edit inside a section of a page that an admin then
        # protects: the save is refused, so the dashboard must not say
        # the generated text replaced it, nor link a diff from 0.
        d = self.d
        d.seed_alpha()
        title = d.root + "/By region"
        edit_inside(title, "HUMAN")
        maint("protect.php", "--user", "Admin", "--reason", "test", title)
        edit_as_editor("User:%s B/Skills profile" % d.uniq,
                       d.profile_text("%s Beta" % d.uniq))
        rc, out, err, s = d.run()
        self.assertIn("HUMAN", page_text(title))
        dash = page_text(d.root + "/Dashboard")
        lines = [x for x in dash.splitlines()
                 if "By region" in x and "Diff" in x]
        self.assertEqual(len(lines), 1, dash)
        self.assertNotIn("replaced", lines[0])
        self.assertIn("refused", lines[0])
        self.assertNotRegex(dash, r"Diff/0\b")
        # The next cycle rewrites the page and is refused again: the same
        # person's edit is neither recorded nor listed a second time.
        edit_as_editor("User:%s C/Skills profile" % d.uniq,
                       d.profile_text("%s Gamma" % d.uniq))
        d.run()
        dash = page_text(d.root + "/Dashboard")
        lines = [x for x in dash.splitlines()
                 if "By region" in x and "Diff" in x]
        self.assertEqual(len(lines), 1, dash)
        self.assertEqual(human_edits(d.state), 1)

    def test_edit_summaries_say_what_changed(self):
        # Creating the pages, a routine update and the replacement of a
        # person's text inside the markers each say so in the summary.
        d = self.d
        d.seed_alpha()
        title = d.root + "/By skill"
        self.assertEqual(comments(title), ["Bot: create generated sections"])
        edit_as_editor("User:%s B/Skills profile" % d.uniq,
                       d.profile_text("%s Beta" % d.uniq))
        d.run()
        routine = comments(title)[0]
        self.assertRegex(routine, r"^Bot: update section by-skill "
                         r"\(\d+ rows?\)$")
        edit_inside(title, "HAND-WRITTEN ROW")
        edit_as_editor("User:%s C/Skills profile" % d.uniq,
                       d.profile_text("%s Gamma" % d.uniq))
        d.run()
        self.assertRegex(comments(title)[0], r"^Bot: update section "
                         r"by-skill \(\d+ rows?\); replaces an edit inside "
                         r"the bot's markers \(see the dashboard\)$")


if __name__ == "__main__":
    unittest.main(verbosity=2)
