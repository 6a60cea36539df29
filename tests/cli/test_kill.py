"""SIGKILL at random moments during writes: `kg load` (the WriteBatch path for small loads, the
sorted-SST path for large ones), `kg update` and `kg extract`. After every kill the store
opens, `kg check` passes, and it holds all or none of the interrupted work. Also: an update
that kg reported as done survives a kill right after.

KG_KILL_ROUNDS (default 3) kills per kind of write; scripts/kill-test.sh runs 100 each.
"""
import os
import random
import shutil
import signal
import subprocess
import threading
import time
import unittest

from kgtest import KG, SAMPLES, KgTestCase

ROUNDS = int(os.environ.get("KG_KILL_ROUNDS", "3"))
SEED = int(os.environ.get("KG_KILL_SEED", "20261202"))


def ntriples(count, start):
    return "".join(f'<http://example.org/s{i}> <http://example.org/p{i % 5}> "v{i}" .\n'
                   for i in range(start, start + count))


class KillTest(KgTestCase):
    def setUp(self):
        super().setUp()
        self.rng = random.Random(SEED)
        self.base = os.path.join(self.tmp, "base.db")
        self.kg("load", "--db", self.base, self.write("base.nt", ntriples(3000, 0)))
        self.base_count = 3000

    def count(self, db):
        out, _ = self.kg("query", "--db", db, "--format", "csv", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        return int(out.split()[1])

    def kill_rounds(self, name, command, added):
        """Runs `command` (a list, {db} replaced) on copies of the base store, killing it at a
        random moment within its usual run time; `added` is the quad count it adds when done."""
        # The usual run time, measured once on a copy.
        probe = os.path.join(self.tmp, f"{name}-probe.db")
        shutil.copytree(self.base, probe)
        start = time.monotonic()
        subprocess.run([a.replace("{db}", probe) for a in command], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.tmp)
        duration = time.monotonic() - start
        self.assertEqual(self.count(probe), self.base_count + added)
        shutil.rmtree(probe)
        outcomes = {"none": 0, "all": 0, "finished": 0}
        for i in range(ROUNDS):
            db = os.path.join(self.tmp, f"{name}-{i}.db")
            shutil.copytree(self.base, db)
            proc = subprocess.Popen([a.replace("{db}", db) for a in command], cwd=self.tmp,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(self.rng.uniform(0, duration * 1.1))
            finished = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            out, err = self.kg("check", "--db", db)
            self.assertTrue(out.startswith("ok: "), f"{name} round {i}: {out} {err}")
            n = self.count(db)
            self.assertIn(n, (self.base_count, self.base_count + added),
                          f"{name} round {i}: partial work visible after SIGKILL ({n} quads)")
            outcomes["finished" if finished else "all" if n > self.base_count else "none"] += 1
            # The store takes writes afterwards.
            self.kg("update", "--db", db, "INSERT DATA { <http://x/after> <http://x/p> 1 }")
            self.assertEqual(self.count(db), n + 1)
            shutil.rmtree(db)
        print(f"\nkill {name}: {ROUNDS} rounds, run time {duration:.2f} s, outcomes {outcomes}")

    def test_kill_during_small_load(self):
        # 500 quads: one WriteBatch into the delta.
        f = self.write("small.nt", ntriples(500, 100000))
        self.kill_rounds("load-batch", [KG, "load", "--db", "{db}", f], 500)

    def test_kill_during_large_load(self):
        # 60,000 quads: sorted SST files, ingested at once.
        f = self.write("large.nt", ntriples(60000, 200000))
        self.kill_rounds("load-sst", [KG, "load", "--db", "{db}", f], 60000)

    def test_kill_during_update(self):
        data = " ".join(f'<http://example.org/u{i}> <http://example.org/q> {i} .' for i in range(1500))
        f = self.write("update.ru", f"DELETE WHERE {{ ?s <http://example.org/p1> ?o }} ; INSERT DATA {{ {data} }}")
        self.kill_rounds("update", [KG, "update", "--db", "{db}", "--file", f], 1500 - 600)

    def test_kill_during_extract(self):
        article = os.path.join(SAMPLES, "news", "article.txt")
        probe = os.path.join(self.tmp, "extract-count.db")
        shutil.copytree(self.base, probe)
        self.kg("extract", "--db", probe, article)
        added = self.count(probe) - self.base_count
        shutil.rmtree(probe)
        self.kill_rounds("extract", [KG, "extract", "--db", "{db}", article], added)

    def test_reported_update_survives_a_kill_right_after(self):
        # The REPL keeps the store open: kill it as soon as it reports the update done.
        db = os.path.join(self.tmp, "durable.db")
        shutil.copytree(self.base, db)
        for i in range(3):
            shell = subprocess.Popen([KG, "shell", "--db", db], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     cwd=self.tmp)
            # A blank line ends the statement (a ';' would let the request go on).
            shell.stdin.write(f'INSERT DATA {{ <http://x/durable> <http://x/n> {i} }}\n\n')
            shell.stdin.flush()
            # A shell that never answers is a failure, not a hang.
            watchdog = threading.Timer(120, shell.kill)
            watchdog.start()
            line = shell.stdout.readline()
            while line and "inserted" not in line:
                line = shell.stdout.readline()
            watchdog.cancel()
            self.assertIn("inserted", line)
            shell.send_signal(signal.SIGKILL)
            shell.wait()
            out, _ = self.kg("query", "--db", db, "--format", "csv",
                             "SELECT (COUNT(*) AS ?n) { <http://x/durable> <http://x/n> ?v }")
            self.assertEqual(int(out.split()[1]), i + 1)
            out, _ = self.kg("check", "--db", db)
            self.assertTrue(out.startswith("ok: "), out)


if __name__ == "__main__":
    unittest.main()
