#!/usr/bin/env python3
"""test_sync_retire.py - sections the bot wrote before and no longer
produces are retired, not left stale: they get the retired note between
their markers (in the page's language), every byte outside the markers is
kept, the sanity gate lets a retirement through while the source pages
held up (its rules are unit-tested in test_splice_gate.c) and holds one
back on every cycle while they did not, a dry run shows
it as a diff, a page whose markers a person
removed is left alone, the next cycle edits nothing, and a section produced
again is written as usual. Against the real local MediaWiki (see
test_sync_cycle.py for the helpers)."""

import json
import os
import re
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_sync_cycle import (TAXONOMY, DirectoryCase, api,  # noqa: E402
                             edit_as_editor, outside_markers, page_text)

HERE = os.path.dirname(os.path.abspath(__file__))
I18N = os.path.join(os.environ["SB_SRCDIR"], "wikitext", "i18n")
PEOPLE = int(os.environ.get("SB_RETIRE_PEOPLE", "400"))


def message(lang, key):
    with open(os.path.join(I18N, lang + ".json"), encoding="utf-8") as f:
        return json.load(f)[key]


def retired_section(lang, section):
    """What a retired section holds: the note in `lang`, wrapped as the
    generated sections of that language are (lang, direction, class)."""
    rtl = lang in ("ar", "arc", "arz", "ckb", "dv", "fa", "he", "ks", "ps",
                   "sd", "ug", "ur", "yi")  # sb_i18n_rtl
    return ('\n<div lang="%s" dir="%s" class="skillsbot skillsbot-%s">\n'
            '%s\n</div>\n' % (lang, "rtl" if rtl else "ltr", section,
                              message(lang, "skillsbot-retired")))


def inner(text, section):
    """The bytes between a section's markers."""
    m = re.search(r"<!--\s*skillsbot:begin\s+%s\s*-->(.*?)"
                  r"<!--\s*skillsbot:end\s+%s\s*-->"
                  % (re.escape(section), re.escape(section)), text, re.S)
    return m.group(1) if m else None


def sections(text):
    return re.findall(r"<!--\s*skillsbot:begin\s+(\S+)\s*-->", text)


def last_comment(title):
    p = api({"action": "query", "prop": "revisions", "rvprop": "comment|user",
             "titles": title})["query"]["pages"][0]
    return p["revisions"][0]


class SyncRetire(DirectoryCase):

    def stored_rows(self):
        db = sqlite3.connect(self.d.state)
        rows = {(t, s): n for (t, s, n) in
                db.execute("SELECT title, section, rows FROM sections")}
        db.close()
        return rows

    def test_dropped_language_parts_are_retired(self):
        d = self.d
        d.seed_alpha()               # languages en and fr
        fr = {t: x for t, x in d.outputs().items() if t.endswith("/fr")}
        self.assertIn(d.root + "/By skill/fr", fr)
        rows = self.stored_rows()
        with_rows = [t for t in fr if any(rows[(t, s)] > 0
                                          for s in sections(fr[t]))]
        # lists that lose every row: the sanity gate is exercised
        self.assertTrue(with_rows)

        # A person writes around the markers of one part, and removes the
        # markers of another.
        around = d.root + "/By skill/fr"
        edit_as_editor(around, "Intro by a person\n\n" + fr[around] +
                       "\n== Notes ==\nkept as is")
        fr[around] = page_text(around)
        unmarked = sorted(t for t in fr if t != around)[0]
        edit_as_editor(unmarked, "The markers were removed by a person.")

        # The organisers drop French: the /fr parts are no longer produced.
        # The source pages did not shrink, so the sanity gate lets every
        # list go (the default max_row_loss); a dry run shows it first.
        conf = d.config(languages=["en"])
        edit_as_editor(d.config_page, json.dumps(conf))
        rc, out, err, s = d.run("--dry-run")
        note = message("fr", "skillsbot-retired")
        self.assertIn("+" + note, out)
        self.assertIn("b/" + around, out)
        self.assertEqual(page_text(around), fr[around])

        rc, out, err, s = d.run()
        self.assertNotIn("sanity gate", err)
        self.assertIn("markers are gone", err)
        self.assertGreater(s["edits"], 0, err)
        self.assertEqual(s["skipped"], 0, err)
        retired = [t for t in fr if t != unmarked]
        for t in retired:
            text = page_text(t)
            for sec in sections(text):
                self.assertEqual(inner(text, sec),
                                 retired_section("fr", sec), t)
            self.assertEqual(outside_markers(text), outside_markers(fr[t]))
        self.assertTrue(page_text(around).startswith("Intro by a person"))
        # The summary says what the edit does, and only that.
        self.assertRegex(last_comment(around)["comment"],
                         r"^Bot: retire \d+ generated sections? no longer "
                         r"produced$")
        self.assertEqual(page_text(unmarked),
                         "The markers were removed by a person.")
        rows = self.stored_rows()
        self.assertNotIn((unmarked, "by-skill"), rows)
        self.assertEqual(rows[(around, "by-skill")], 0)
        # The English pages kept their lists.
        self.assertIn("%s Alpha" % d.uniq, page_text(d.root + "/By skill"))

        # Nothing left to do: no edit, no null edit.
        for _ in range(3):
            rc, out, err, s = d.run("--full")
            self.assertEqual(s["edits"], 0, err)
        self.assertEqual(page_text(around).count(note), 1)

        # French again: the parts are written as usual.
        conf["languages"] = ["en", "fr"]
        edit_as_editor(d.config_page, json.dumps(conf))
        rc, out, err, s = d.run()
        text = page_text(around)
        self.assertNotIn(note, text)
        self.assertIn("%s Alpha" % d.uniq, text)
        self.assertTrue(text.startswith("Intro by a person"))

    def test_shrunk_directory_retires_its_last_parts(self):
        d = self.d
        d.languages = ["en"]
        d.setup(examples=False)
        with open(TAXONOMY, encoding="utf-8") as f:
            tax = json.load(f)["skills"]
        by_cat = {}
        for sk in tax:
            by_cat.setdefault(sk["category"], []).append(sk["label"]["en"])
        cats = sorted(by_cat)
        # Four source pages of many profiles each (one page may hold many
        # templates): big enough that By skill splits into parts, one per
        # category. Each page's people share and learn skills of one
        # category of their own.
        pages = []
        for i in range(4):
            skills = by_cat[cats[i]]
            body = "".join(
                d.profile_text("%s Person %d-%04d with a long name"
                               % (d.uniq, i, k),
                               share=", ".join(skills[k % 3:k % 3 + 3]),
                               learn=", ".join(skills[-(k % 2) - 2:]))
                for k in range(PEOPLE))
            title = "Project:%s/Profiles %d" % (d.uniq, i)
            edit_as_editor(title, body)
            pages.append(title)
        rc, out, err, s = d.run()
        rows = self.stored_rows()
        # The parts (the index of a split page has no rows).
        parts = {t: x for t, x in d.outputs().items()
                 if t.startswith(d.root + "/By skill/") and
                 rows[(t, "by-skill")] > 0}
        self.assertGreater(len(parts), 1, err)
        # A person writes around the markers of every part.
        for t in parts:
            edit_as_editor(t, "Intro by a person\n" + parts[t] + "\nEnd")
            parts[t] = page_text(t)

        # The directory shrinks to its first page: three quarters of the
        # source pages are gone, which explains the rows lost.
        for t in pages[1:]:
            edit_as_editor(t, "No profiles here any more.")
        rc, out, err, s = d.run()
        self.assertEqual(s["records"], PEOPLE, err)
        note = message("en", "skillsbot-retired")
        retired = [t for t in parts
                   if inner(page_text(t), "by-skill") ==
                   retired_section("en", "by-skill")]
        self.assertTrue(retired, err)
        self.assertIn("no longer produced retired", err)
        for t in retired:
            text = page_text(t)
            self.assertEqual(outside_markers(text), outside_markers(parts[t]))
            self.assertTrue(text.startswith("Intro by a person\n"))
            self.assertNotIn("%s Person 1-" % d.uniq, text)
        live = "".join(d.outputs().values())
        self.assertIn("%s Person 0-0000" % d.uniq, live)
        self.assertNotIn("%s Person 3-0000" % d.uniq,
                         live.replace(note, ""))

        # Once retired, nothing more to do: no edit, no null edit.
        for _ in range(2):
            rc, out, err, s = d.run("--full")
            self.assertEqual(s["edits"], 0, err)

    def test_a_held_back_retirement_stays_held(self):
        """A retirement the gate holds back (the source pages fell by more
        than max_row_loss, by less than half) stays held on the next
        cycles: it is measured against the source pages when it was first
        held back, not against the cycle's own count, which moves every
        cycle (it went through on the second cycle). An organiser who
        raises max_row_loss lets it through."""
        d = self.d
        d.languages = ["en"]
        d.setup()
        d.run()
        rosters = [t for (t, sec), n in self.stored_rows().items()
                   if sec == "roster" and n > 0]
        self.assertEqual(len(rosters), 1)
        clinic = rosters[0]
        db = sqlite3.connect(d.state)
        sources = db.execute("SELECT count(*) FROM pages").fetchone()[0]
        db.close()
        # The clinic is no longer one (its template gone, the markers
        # kept), and profiles go too: 36 % of the source pages in all.
        text = re.sub(r"\{\{[^{}]*Clinic[^{}]*\}\}\n?", "",
                      page_text(clinic))
        edit_as_editor(clinic, text)
        gone = int(sources * 0.36) - 1
        for t in sorted(d.profiles)[:gone]:
            edit_as_editor(t, "No profile here any more.")
        kept = page_text(clinic)
        for args in ([], ["--full"], ["--full"]):
            rc, out, err, s = d.run(*args, check=False)
            self.assertEqual(page_text(clinic), kept, err)
            self.assertIn("section roster would drop from 5 to 0 rows "
                          "(no longer produced)", err)
        conf = d.config(sanity={"max_row_loss": 0.6})
        edit_as_editor(d.config_page, json.dumps(conf))
        rc, out, err, s = d.run("--full", check=False)
        self.assertEqual(inner(page_text(clinic), "roster"),
                         retired_section("en", "roster"), err)
        rc, out, err, s = d.run("--full")
        self.assertEqual(s["edits"], 0, err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
