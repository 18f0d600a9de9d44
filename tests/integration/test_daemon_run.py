#!/usr/bin/env python3
"""test_daemon_run.py - `skillsbot run` (the daemon) against the real local
MediaWiki that mw-harness started, with a short poll interval.

Each test has a directory of its own on the shared wiki (test_sync_cycle's
Directory) and listens on its own NOTIFY_SOCKET to read what the daemon
tells systemd: READY=1, STATUS=, RELOADING=1, STOPPING=1.
"""

import os
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_sync_cycle import (W, SKILLSBOT, Directory, bot_contribs,  # noqa
                             edit_as_editor, last_revid, page_text)


class Daemon:
    """A `skillsbot run` child with a notify socket the test reads."""

    def __init__(self, d, *args, poll=2, conf=None, env=None):
        self.sock_path = os.path.join(d.dir, "notify")
        if os.path.exists(self.sock_path):
            os.unlink(self.sock_path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.sock_path)
        self.sock.settimeout(0.2)
        self.messages = []
        self.lock = threading.Lock()
        self.done = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        cmd = [SKILLSBOT, "run", "--config", conf or "/dev/null"]
        if conf is None:
            cmd += d_settings(d, poll)
        cmd += list(args)
        e = dict(os.environ, NOTIFY_SOCKET=self.sock_path)
        e.pop("JOURNAL_STREAM", None)
        e.update(env or {})
        self.err_path = os.path.join(d.dir, "stderr")
        self.err = open(self.err_path, "w")
        self.p = subprocess.Popen(cmd, env=e, stdout=subprocess.DEVNULL,
                                  stderr=self.err)

    def _read(self):
        while not self.done:
            try:
                data = self.sock.recv(4096).decode()
            except socket.timeout:
                continue
            except OSError:
                return
            with self.lock:
                self.messages.extend(data.split("\n"))

    def seen(self):
        with self.lock:
            return list(self.messages)

    def wait_for(self, pred, timeout=60, start=0):
        """Wait until a message from index `start` on satisfies pred;
        return its index."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            msgs = self.seen()
            for i in range(start, len(msgs)):
                if pred(msgs[i]):
                    return i
            if self.p.poll() is not None:
                raise AssertionError("daemon exited %d:\n%s"
                                     % (self.p.returncode, self.log()))
            time.sleep(0.05)
        raise AssertionError("timed out; messages: %s\n%s"
                             % (self.seen()[start:], self.log()))

    def wait_idle(self, start=0, timeout=90):
        return self.wait_for(lambda m: m.startswith("STATUS=Idle"),
                             timeout, start)

    def log(self):
        with open(self.err_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.p.poll() is None:
            self.p.send_signal(sig)
        try:
            rc = self.p.wait(timeout)
        finally:
            self.done = True
            self.reader.join()
            self.sock.close()
            self.err.close()
        return rc


def d_settings(d, poll, password_file=True):
    pw = ["--set", "wiki.password_file=" + W["SB_BOT_PASSWORD_FILE"]]
    return ["--set", "wiki.api=" + W["SB_WIKI_API"],
            "--set", "wiki.user=" + W["SB_BOT_USER"],
            *(pw if password_file else []),
            "--set", "wiki.contact=https://example.org/skillsbot-tests",
            "--set", "wiki.edit_delay=0",
            "--set", "bot.state=" + d.state,
            "--set", "bot.config_page=" + d.config_page,
            "--set", "bot.poll_interval=%d" % poll,
            "--set", "bot.log_level=debug"]


def ini(d, poll):
    return ("[wiki]\napi = %s\nuser = %s\npassword_file = %s\n"
            "contact = https://example.org/skillsbot-tests\nedit_delay = 0\n"
            "[bot]\nstate = %s\nconfig_page = %s\npoll_interval = %d\n"
            % (W["SB_WIKI_API"], W["SB_BOT_USER"], W["SB_BOT_PASSWORD_FILE"],
               d.state, d.config_page, poll))


class DaemonRun(unittest.TestCase):

    def setUp(self):
        self.d = Directory(self.id().split(".")[-1])
        self.daemon = None

    def tearDown(self):
        if self.daemon is not None and self.daemon.p.poll() is None:
            self.daemon.stop(signal.SIGKILL)
        self.d.close()

    def profile(self, who, name):
        edit_as_editor("User:%s %s/Skills profile" % (self.d.uniq, who),
                       self.d.profile_text("%s %s" % (self.d.uniq, name)))

    def by_skill(self):
        return page_text(self.d.root + "/By skill") or ""

    def test_profile_edit_shows_within_one_interval(self):
        d = self.d
        d.setup(examples=False)
        self.profile("A", "Alpha")
        self.daemon = dm = Daemon(d, poll=2)
        ready = dm.wait_for(lambda m: m == "READY=1")
        i = dm.wait_idle(ready)
        self.assertIn("%s Alpha" % d.uniq, self.by_skill())
        self.assertRegex(dm.seen()[i], r"^STATUS=Idle; profiles: 1; last cycle "
                         r"ended 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC; next in")
        self.assertTrue(any(m.startswith("STATUS=Full sync running")
                            for m in dm.seen()[ready:i]))

        self.profile("B", "Beta")
        edited = time.time()
        # The first cycle that starts after the edit shows it.
        k = dm.wait_for(lambda m: m.startswith("STATUS=Incremental sync running"),
                        start=len(dm.seen()))
        j = dm.wait_idle(k)
        shown = time.time()
        self.assertIn("%s Beta" % d.uniq, self.by_skill())
        # Within one interval (2 s) plus the cycle's own time.
        print("profile edit shown %.1f s after it was saved" % (shown - edited),
              file=sys.stderr)
        self.assertLess(shown - edited, 2 + 15)
        self.assertIn("profiles: 2;", dm.seen()[j])

        self.assertEqual(dm.stop(), 0, dm.log())
        self.assertIn("STOPPING=1", dm.seen())
        log = dm.log()
        self.assertIn("logged in to", log)
        with open(W["SB_BOT_PASSWORD_FILE"]) as f:
            self.assertNotIn(f.read().strip(), log)

    def test_sighup_picks_up_a_changed_configuration(self):
        d = self.d
        d.setup(examples=False)
        self.profile("A", "Alpha")
        conf = os.path.join(d.dir, "skillsbot.conf")
        with open(conf, "w") as f:
            f.write(ini(d, 3600))
        self.daemon = dm = Daemon(d, conf=conf)
        i = dm.wait_idle()
        self.profile("B", "Beta")
        time.sleep(3)
        # An hour-long interval: nothing happened.
        self.assertNotIn("%s Beta" % d.uniq, self.by_skill())
        with open(conf, "w") as f:
            f.write(ini(d, 1))
        dm.p.send_signal(signal.SIGHUP)
        r = dm.wait_for(lambda m: m == "RELOADING=1", start=i)
        dm.wait_for(lambda m: m == "READY=1", start=r)
        dm.wait_idle(r, timeout=30)
        self.assertIn("%s Beta" % d.uniq, self.by_skill())
        self.assertIn("poll every 1 s", dm.log())

        # A broken file on SIGHUP: the running configuration stays.
        with open(conf, "a") as f:
            f.write("pol_interval = 5\n")
        n = len(dm.seen())
        dm.p.send_signal(signal.SIGHUP)
        dm.wait_for(lambda m: m == "READY=1", start=n)
        self.assertIn("reload failed, keeping the running configuration", dm.log())
        line = ini(d, 1).count("\n") + 1
        self.assertIn("skillsbot.conf:%d: unknown key [bot] pol_interval"
                      % line, dm.log())
        self.assertIsNone(dm.p.poll())
        self.assertEqual(dm.stop(), 0)

    def test_sigterm_during_a_cycle_leaves_no_half_done_edit(self):
        d = self.d
        d.setup(examples=True)
        since = last_revid()
        # Edits 30 s apart: a stop must not wait for the next one.
        self.daemon = dm = Daemon(d, "--set", "wiki.edit_delay=30", poll=2)
        deadline = time.time() + 120
        while not bot_contribs(since, d.uniq) and time.time() < deadline:
            time.sleep(0.1)
        self.assertTrue(bot_contribs(since, d.uniq), dm.log())
        t0 = time.time()
        self.assertEqual(dm.stop(), 0, dm.log())
        # It finished the edit in flight, not the whole cycle, and did
        # not wait out the 30 s before the next edit.
        self.assertLess(time.time() - t0, 10)
        self.assertIn("STOPPING=1", dm.seen())
        db = sqlite3.connect(d.state)
        pending = db.execute("SELECT count(*) FROM journal WHERE result "
                             "IS NULL").fetchone()[0]
        db.close()
        self.assertEqual(pending, 0)
        for title, text in d.outputs().items():
            self.assertEqual(text.count("skillsbot:begin"),
                             text.count("skillsbot:end"), title)
        first = len(bot_contribs(since, d.uniq))
        # The next run finishes what was left.
        self.daemon = dm = Daemon(d, poll=2)
        i = dm.wait_idle()
        self.assertEqual(dm.stop(), 0)
        self.assertLess(first, len(bot_contribs(since, d.uniq)))
        # The status counts profiles, not the clinics and resources
        # the examples also hold.
        db = sqlite3.connect(d.state)
        kinds = dict(db.execute("SELECT kind, count(*) FROM records "
                                "GROUP BY kind").fetchall())
        db.close()
        self.assertGreater(len(kinds), 1, kinds)
        self.assertIn("STATUS=Idle; profiles: %d;" % kinds["profile"],
                      dm.seen()[i])

    def test_stop_switch_stops_edits_until_set_back(self):
        d = self.d
        d.setup(examples=False)
        self.profile("A", "Alpha")
        self.daemon = dm = Daemon(d, poll=1)
        i = dm.wait_idle()
        edit_as_editor(d.config_page, __import__("json").dumps(
            d.config(enabled=False)))
        self.profile("B", "Beta")
        since = last_revid()
        # Two idle polls after the switch: the status says why.
        k = dm.wait_for(lambda m: m.startswith("STATUS=Idle") and
                        "enabled" in m, start=i + 1, timeout=60)
        dm.wait_idle(k + 1)
        self.assertEqual(bot_contribs(since, d.uniq), [])
        self.assertNotIn("%s Beta" % d.uniq, self.by_skill())
        edit_as_editor(d.config_page, __import__("json").dumps(d.config()))
        deadline = time.time() + 60
        while "%s Beta" % d.uniq not in self.by_skill() and \
                time.time() < deadline:
            time.sleep(0.2)
        self.assertIn("%s Beta" % d.uniq, self.by_skill())
        self.assertEqual(dm.stop(), 0)

    def test_password_file_readable_by_others_is_refused(self):
        d = self.d
        pw = os.path.join(d.dir, "password")
        shutil.copy(W["SB_BOT_PASSWORD_FILE"], pw)
        os.chmod(pw, 0o644)
        args = d_settings(d, 2) + ["--set", "wiki.password_file=" + pw]
        r = subprocess.run([SKILLSBOT, "run", "--config", "/dev/null", *args],
                           capture_output=True, timeout=60)
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 77, err)     # EX_NOPERM
        self.assertIn(pw, err)
        self.assertIn("mode 0644", err)
        # check-config says the same, and exits with the same code.
        r = subprocess.run([SKILLSBOT, "check-config", "--config", "/dev/null",
                            *args], capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 77)
        self.assertIn("mode 0644", r.stdout.decode())
        # Readable by the owner only: accepted.
        os.chmod(pw, 0o600)
        r = subprocess.run([SKILLSBOT, "check-config", "--config", "/dev/null",
                            *args], capture_output=True, timeout=120)
        out = r.stdout.decode()
        self.assertIn("ok    credentials: bot password", out)
        self.assertIn("logged in as SkillsBot", out)
        self.assertIn("next cycle: full sync", out)

    def check_config(self, *extra):
        r = subprocess.run([SKILLSBOT, "check-config", "--config", "/dev/null",
                            *d_settings(self.d, 2), *extra],
                           capture_output=True, timeout=120)
        return r.returncode, r.stdout.decode(), r.stderr.decode()

    def test_check_config_reports_pages_and_next_cycle(self):
        d = self.d
        d.setup(examples=False)
        self.profile("A", "Alpha")
        since = last_revid()
        rc, out, err = self.check_config()
        self.assertEqual(rc, 0, out + err)
        self.assertRegex(out, r"ok    configuration page \"%s\": revision "
                         r"\d+ is valid; edits enabled" % d.config_page)
        self.assertIn("ok    taxonomy page \"%s/Taxonomy\"" % d.root, out)
        self.assertIn("next cycle: full sync (no recent-changes cursor", out)
        self.assertRegex(out, r"ok    dry run: 1 pages read, 1 records "
                         r"\(0 problems\); [1-9]\d* pages would be edited")
        # A dry run edits nothing and stores nothing.
        self.assertEqual(bot_contribs(since, d.uniq), [])
        self.assertFalse(os.path.exists(d.state))
        r = subprocess.run([SKILLSBOT, "run", "--once", "--config",
                            "/dev/null", *d_settings(d, 2)],
                           capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        rc, out, err = self.check_config("--diff")
        self.assertEqual(rc, 0, out + err)
        self.assertIn("next cycle: incremental sync (last full sync", out)
        self.assertIn("0 pages would be edited", out)
        # A language with no message file: said, by name, not a failure
        # (its pages are the English ones, marked English).
        edit_as_editor(d.config_page, __import__("json").dumps(
            d.config(languages=["en", "sw", "fa", "pt-br"])))
        rc, out, err = self.check_config()
        self.assertEqual(rc, 0, out + err)
        for code in ("sw", "fa"):
            self.assertIn('note  languages: "%s" has no message file '
                          '(%s.json): its pages are shown in English'
                          % (code, code), out)
        self.assertNotIn('"en" has no message file', out)
        # A variant reads its parent language, as MediaWiki's do.
        self.assertIn('note  languages: "pt-br" has no message file '
                      '(pt-br.json): its pages are shown in "pt" (pt.json), '
                      'marked lang="pt"', out)
        # A broken page: reported, exit 65 (the daemon would keep the last
        # good one).
        edit_as_editor(d.config_page, '{"enabled": true, "languages": ')
        rc, out, err = self.check_config()
        self.assertEqual(rc, 65, out + err)
        self.assertRegex(out, r"FAIL  configuration page: revision \d+ is "
                         r"invalid \(the last good one stays in force\)")

    def test_credentials_directory(self):
        d = self.d
        d.setup(examples=False)
        self.profile("A", "Alpha")
        creds = os.path.join(d.dir, "creds")
        os.mkdir(creds, 0o700)
        shutil.copy(W["SB_BOT_PASSWORD_FILE"], os.path.join(creds, "password"))
        args = d_settings(d, 2, password_file=False)
        r = subprocess.run([SKILLSBOT, "run", "--once", "--config",
                            "/dev/null", *args], capture_output=True,
                           timeout=120,
                           env=dict(os.environ, CREDENTIALS_DIRECTORY=creds))
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("%s Alpha" % d.uniq, self.by_skill())


if __name__ == "__main__":
    unittest.main(verbosity=2)
