#!/usr/bin/env python3
"""test_sync_cycle.py - `skillsbot sync --once` against the real local
MediaWiki that mw-harness started (SB_WIKI_ENV names its wiki.env).

Every test works in a directory of its own (a unique root, unique template
names, its own configuration page and state file), so tests sharing the wiki
never see each other's pages. The helpers here are also used by
test_sync_crash.py.
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import urllib.request

SUMMARY = re.compile(
    r"(?P<kind>full|incremental) sync: (?P<read>\d+) pages read, "
    r"(?P<removed>\d+) removed, (?P<records>\d+) records \((?P<problems>\d+) "
    r"problems\); (?P<edits>\d+) (?:edited|would be edited), "
    r"(?P<unchanged>\d+) unchanged, (?P<skipped>\d+) skipped, "
    r"(?P<human>\d+) human edits; (?P<requests>\d+) requests")


def wiki_env():
    env = {}
    with open(os.environ["SB_WIKI_ENV"], encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                env[k] = v
    return env


W = wiki_env()
SKILLSBOT = os.environ["SKILLSBOT"]
SRCDIR = os.environ["SB_SRCDIR"]
EXAMPLES = os.path.join(SRCDIR, "wikitext", "examples")
TAXONOMY = os.path.join(SRCDIR, "wikitext", "taxonomy.json")
DEFAULT_ROOT = "Grants:Knowledge Sharing/Connect/Skills Directory"


def api(params, url=None):
    q = dict(params, format="json", formatversion="2")
    data = urllib.parse.urlencode(q).encode()
    with urllib.request.urlopen(url or W["SB_WIKI_API"], data) as r:
        return json.load(r)


def page_text(title):
    """The current text of a page, or None when it does not exist."""
    p = api({"action": "query", "prop": "revisions", "rvprop": "content",
             "rvslots": "main", "titles": title})["query"]["pages"][0]
    if p.get("missing") or "revisions" not in p:
        return None
    return p["revisions"][0]["slots"]["main"]["content"]


def page_revid(title):
    """The id of a page's latest revision."""
    r = api({"action": "query", "prop": "revisions", "titles": title,
             "rvprop": "ids"})
    return r["query"]["pages"][0]["revisions"][0]["revid"]


def maint(script, *args, text=None):
    r = subprocess.run([W["SB_MW_RUN"], script, *args], capture_output=True,
                       input=text.encode() if text is not None else None)
    if r.returncode != 0:
        raise AssertionError("%s failed: %s" % (script, r.stderr.decode()))
    return r.stdout.decode()


def edit_as_editor(title, text):
    """A person's edit (recent changes show the user Editor)."""
    maint("edit.php", "--user", "Editor", "--summary", "test edit", title,
          text=text)


def delete_page(title):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(title + "\n")
    try:
        maint("deleteBatch.php", "-u", "Admin", "-r", "test", f.name)
    finally:
        os.unlink(f.name)


def move_page(old, new):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("%s|%s\n" % (old, new))
    try:
        maint("moveBatch.php", "-u", "Admin", "--noredirects", "-r", "test",
              f.name)
    finally:
        os.unlink(f.name)


def bot_contribs(after_revid, mark):
    """(title, revid) of the bot's edits newer than a revision, on titles
    holding `mark` (a Directory's uniq): tests share the wiki and run side
    by side, so another test's edits must not count."""
    r = api({"action": "query", "list": "usercontribs", "ucuser": "SkillsBot",
             "uclimit": "max", "ucprop": "title|ids"})
    return [(c["title"], c["revid"]) for c in r["query"]["usercontribs"]
            if c["revid"] > after_revid and mark in c["title"]]


def last_revid():
    r = api({"action": "query", "list": "recentchanges", "rclimit": "1",
             "rcprop": "ids", "rctype": "edit|new"})
    return r["query"]["recentchanges"][0]["revid"]


class Directory:
    """One isolated skills directory on the shared test wiki."""

    def __init__(self, name, languages=("en", "fr")):
        # Titles MediaWiki keeps as written: capitalised, no underscores.
        self.uniq = "%s-%d-%d" % (re.sub(r"[^A-Za-z0-9]", "", name.title()),
                                  os.getpid(), int(time.time() * 1000))
        self.root = "Sandbox/%s" % self.uniq
        self.tpl = "%s/" % self.uniq          # template name prefix
        self.config_page = self.root + "/Bot configuration"
        self.dir = tempfile.mkdtemp(prefix="sb-sync-")
        self.state = os.path.join(self.dir, "state.db")
        self.languages = list(languages)
        self.profiles = {}                    # title -> username

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def config(self, **extra):
        conf = {
            "enabled": True,
            "root": self.root,
            "templates": {k: [self.tpl + k.capitalize()] for k in
                          ("profile", "clinic", "signup", "resource",
                           "feedback")},
            "taxonomy_page": self.root + "/Taxonomy",
            "languages": self.languages,
        }
        conf.update(extra)
        return conf

    def setup(self, examples=True, **extra):
        with open(TAXONOMY, encoding="utf-8") as f:
            edit_as_editor(self.root + "/Taxonomy", f.read())
        edit_as_editor(self.config_page, json.dumps(self.config(**extra)))
        if examples:
            self.import_examples()

    def localise(self, text):
        """An example page's text with our template names and root."""
        text = re.sub(r"Let's[ _]Connect/", self.tpl, text)
        return text.replace(DEFAULT_ROOT, self.root)

    def import_examples(self):
        for name in sorted(os.listdir(EXAMPLES)):
            if not name.endswith(".wiki"):
                continue
            title = urllib.parse.unquote(name[:-5])
            if title.startswith(DEFAULT_ROOT):
                title = self.root + title[len(DEFAULT_ROOT):]
            elif title.startswith("User:"):
                # Tests run side by side: another test's import must not
                # rewrite this one's User: pages (their user name, the base
                # of the title, stays the same).
                base, _, sub = title.partition("/")
                title = "%s/%s/%s" % (base, self.uniq, sub)
            with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
                text = self.localise(f.read())
            edit_as_editor(title, text)
            m = re.search(r"\|\s*username\s*=\s*(?:\{\{u\|)?([^}|\n]+)", text)
            if m and self.tpl + "Profile" in text:
                self.profiles[title] = m.group(1).strip()

    def seed_alpha(self):
        """Set up without the examples, add one profile (Alpha) and sync."""
        self.setup(examples=False)
        edit_as_editor("User:%s A/Skills profile" % self.uniq,
                       self.profile_text("%s Alpha" % self.uniq))
        self.run()

    def profile_text(self, username, extra="", share="Grant writing",
                     learn="Wikidata"):
        return ("{{%sProfile\n|username=%s\n|region=SSA\n|country=GH\n"
                "|languages=en-N, fr-3\n|timezone=UTC+0\n|share=%s\n"
                "|learn=%s\n|status=active\n%s}}\n"
                % (self.tpl, username, share, learn, extra))

    def sync_cmd(self, args, api_url=None):
        """The command line of one `skillsbot sync --once` on this
        directory, with `args` added."""
        return [SKILLSBOT, "sync", "--once", "--config", "/dev/null",
                "--set", "wiki.api=" + (api_url or W["SB_WIKI_API"]),
                "--set", "wiki.user=" + W["SB_BOT_USER"],
                "--set", "wiki.password_file=" + W["SB_BOT_PASSWORD_FILE"],
                "--set", "wiki.contact=https://example.org/skillsbot-tests",
                "--set", "wiki.edit_delay=0",
                "--set", "bot.state=" + self.state,
                "--set", "bot.config_page=" + self.config_page, *args]

    def run(self, *args, api_url=None, check=True):
        cmd = self.sync_cmd(args, api_url)
        r = subprocess.run(cmd, capture_output=True)
        out, err = r.stdout.decode(), r.stderr.decode()
        if check and r.returncode != 0:
            raise AssertionError("skillsbot sync failed (%d):\n%s"
                                 % (r.returncode, err))
        m = SUMMARY.search(err)
        s = {k: (v if k == "kind" else int(v))
             for k, v in (m.groupdict().items() if m else [])}
        return r.returncode, out, err, s

    def spawn(self, *args, api_url=None):
        cmd = self.sync_cmd(args, api_url)
        return subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)

    def output_titles(self):
        """Every page under the root that carries a bot marker."""
        r = api({"action": "query", "list": "allpages", "apnamespace": "0",
                 "apprefix": self.root + "/", "aplimit": "max"})
        titles = [p["title"] for p in r["query"]["allpages"]]
        return [t for t in titles
                if "skillsbot:begin" in (page_text(t) or "")]

    def outputs(self):
        return {t: page_text(t) for t in self.output_titles()}


class Proxy:
    """faultproxy.py (from the harness) in front of the test wiki."""

    def __init__(self):
        here = os.path.dirname(os.path.abspath(__file__))
        self.p = subprocess.Popen(
            [sys.executable, os.path.join(here, "faultproxy.py"),
             "--upstream", "http://127.0.0.1:%s" % W["SB_WIKI_PORT"],
             "--exit-with-parent"], stdout=subprocess.PIPE)
        self.port = int(self.p.stdout.readline())
        self.base = "http://127.0.0.1:%d" % self.port
        api_path = urllib.parse.urlparse(W["SB_WIKI_API"]).path
        self.api = self.base + api_path

    def _req(self, method, path, body=None):
        req = urllib.request.Request(self.base + path, method=method,
                                     data=body)
        with urllib.request.urlopen(req) as r:
            data = r.read()
        return json.loads(data) if data else None

    def faults(self, rules):
        self._req("POST", "/__faults__", json.dumps(rules).encode())

    def rules(self):
        return self._req("GET", "/__faults__")

    def clear(self):
        self._req("DELETE", "/__faults__")
        self._req("DELETE", "/__log__")

    def log(self):
        return self._req("GET", "/__log__")

    def close(self):
        self.p.terminate()
        self.p.wait()
        self.p.stdout.close()


def outside_markers(text):
    """The page's bytes with every section's inner bytes cut out."""
    return re.sub(r"(<!--\s*skillsbot:begin\s+(\S+)\s*-->).*?"
                  r"(<!--\s*skillsbot:end\s+\2\s*-->)", r"\1\3", text,
                  flags=re.S)


def fired(proxy):
    r = proxy.rules()
    rules = r.get("rules", r) if isinstance(r, dict) else r
    return sum(x.get("fired", 0) for x in rules)


class DirectoryCase(unittest.TestCase):
    """A test case with its own Directory in self.d, removed after it."""

    def setUp(self):
        self.d = Directory(self.id().split(".")[-1])

    def tearDown(self):
        self.d.close()


class SyncCycle(DirectoryCase):

    def test_full_cycle_then_quiet(self):
        d = self.d
        d.setup()
        self.assertGreater(len(d.profiles), 5)
        rc, out, err, s = d.run()
        self.assertEqual(s["kind"], "full", err)
        self.assertGreaterEqual(s["records"], len(d.profiles))
        self.assertGreater(s["edits"], 0)
        self.assertEqual(s["skipped"], 0, err)
        outputs = d.outputs()
        self.assertIn(d.root + "/Dashboard", outputs)
        self.assertIn(d.root + "/By skill/fr", outputs)
        names = "".join(outputs.values())
        for user in list(d.profiles.values())[:5]:
            self.assertIn(user, names)
        # Nothing changed: no edit, at most 2 requests; then 1. Tests run
        # side by side on this wiki, so a cycle that saw another test's
        # edits (it read pages) does not count: wait for a quiet one.
        for _ in range(10):
            rc, out, err, s = d.run()
            self.assertEqual(s["edits"], 0, err)
            if s["read"] == 0:
                break
        self.assertEqual(s["read"], 0, err)
        self.assertLessEqual(s["requests"], 2, err)
        for _ in range(10):
            rc, out, err, s = d.run()
            self.assertEqual(s["edits"], 0, err)
            if s["requests"] == 1:
                break
        self.assertEqual(s["requests"], 1, err)
        self.assertEqual(d.outputs(), outputs)

    def test_edited_deleted_moved_profiles(self):
        d = self.d
        d.setup(examples=False)
        for i in range(4):
            edit_as_editor("User:%s P%d/Skills profile" % (d.uniq, i),
                           d.profile_text("%s Person%d" % (d.uniq, i)))
        d.run()
        names = "".join(d.outputs().values())
        for i in range(4):
            self.assertIn("%s Person%d" % (d.uniq, i), names)

        # Edited: the new name shows, the old one is gone.
        edit_as_editor("User:%s P0/Skills profile" % d.uniq,
                       d.profile_text("%s Renamed" % d.uniq))
        # Deleted: gone. Moved: still there, under its new title.
        delete_page("User:%s P1/Skills profile" % d.uniq)
        move_page("User:%s P2/Skills profile" % d.uniq,
                  "User:%s P2 moved/Skills profile" % d.uniq)
        # Stops using the template: gone.
        edit_as_editor("User:%s P3/Skills profile" % d.uniq, "No profile.")
        rc, out, err, s = d.run()
        self.assertEqual(s["kind"], "incremental", err)
        self.assertEqual(s["records"], 2, err)
        names = "".join(d.outputs().values())
        self.assertIn("%s Renamed" % d.uniq, names)
        self.assertNotIn("%s Person0" % d.uniq, names)
        self.assertNotIn("%s Person1" % d.uniq, names)
        self.assertIn("%s Person2" % d.uniq, names)
        self.assertNotIn("%s Person3" % d.uniq, names)
        db = sqlite3.connect(d.state)
        titles = {t for (t,) in db.execute("SELECT title FROM pages")}
        db.close()
        self.assertIn("User:%s P2 moved/Skills profile" % d.uniq, titles)
        self.assertNotIn("User:%s P2/Skills profile" % d.uniq, titles)

    def test_human_text_outside_survives(self):
        d = self.d
        d.seed_alpha()
        title = d.root + "/By skill"
        text = page_text(title)
        human = ("Intro  by a  human\t<!-- a comment -->\n\n" + text +
                 "\n== Notes ==\n* kept [[Link|as is]] ''here'' &amp;\n"
                 "<!-- skillsbot:beginning is not a marker -->\nEnd")
        edit_as_editor(title, human)
        before = page_text(title)
        edit_as_editor("User:%s B/Skills profile" % d.uniq,
                       d.profile_text("%s Beta" % d.uniq))
        rc, out, err, s = d.run()
        after = page_text(title)
        self.assertNotEqual(after, before)
        self.assertIn("%s Beta" % d.uniq, after)
        self.assertEqual(outside_markers(after), outside_markers(before))


if __name__ == "__main__":
    unittest.main(verbosity=2)
