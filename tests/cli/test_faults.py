"""Faults from outside: a full disk, a read-only or vanished directory, damaged store files.

Each case must end in a clear message and exit code 3, never a crash or a wrong answer given
in silence, and the store must afterwards hold exactly what it held before. The disk-full and
read-only cases mount a small tmpfs, which needs root (as in CI); elsewhere they skip.
"""
import os
import random
import shutil
import subprocess
import unittest

from kgtest import KG, KgTestCase

CRASH_CODES = (-11, -6, -7, -4, 134, 139)  # SIGSEGV, SIGABRT, SIGBUS, SIGILL


def mount_tmpfs(path, size):
    """Mounts a tmpfs of `size` at path; returns an error text, or None when it is mounted."""
    os.makedirs(path, exist_ok=True)
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path],
                          capture_output=True, text=True)
    return None if proc.returncode == 0 else f"cannot mount a tmpfs: {proc.stderr.strip()}"


def ntriples(count, start=0, literal_bytes=0):
    """Distinct triples; long random literals make them hard to compress."""
    rng = random.Random(start)
    lines = []
    for i in range(start, start + count):
        lit = "%x" % rng.getrandbits(literal_bytes * 4) if literal_bytes else str(i)
        lines.append(f'<http://example.org/s{i}> <http://example.org/p{i % 7}> "{lit}" .\n')
    return "".join(lines)


class FaultTest(KgTestCase):
    def run_kg(self, *args, **kw):
        """Runs kg without checking its exit code; fails the test on a crash."""
        proc = subprocess.run([KG, *args], capture_output=True, text=True, cwd=self.tmp, timeout=600, **kw)
        self.assertNotIn(proc.returncode, CRASH_CODES,
                         f"kg {' '.join(args)} crashed ({proc.returncode}): {proc.stderr[-2000:]}")
        return proc

    def expect_storage_failure(self, proc, *words):
        self.assertEqual(proc.returncode, 3, f"expected exit 3, got {proc.returncode}: {proc.stderr[-2000:]}")
        self.assertTrue(proc.stderr.startswith("kg"), proc.stderr)
        for w in words:
            self.assertIn(w, proc.stderr)

    def check_ok(self, db):
        out, _ = self.kg("check", "--db", db)
        self.assertTrue(out.startswith("ok: "), out)
        return out

    # ------------------------------------------------------------------ kg check

    def test_check_passes_on_sound_stores(self):
        # Small commits stay in the delta; a large one is folded into the blocks.
        self.kg("load", "--db", self.db, self.write("big.nt", ntriples(6000)))
        self.kg("update", "--db", self.db,
                "INSERT DATA { <http://x/a> <http://x/b> 1 . GRAPH <http://x/g> { <http://x/a> <http://x/b> << <http://x/a> <http://x/b> \"q\" >> } }")
        self.kg("update", "--db", self.db, "DELETE WHERE { <http://example.org/s5> ?p ?o }")
        out = self.check_ok(self.db)
        self.assertIn("6,001 quads", out)
        empty = os.path.join(self.tmp, "empty.db")
        self.kg("load", "--db", empty, self.write("none.nt", ""))
        self.assertIn("0 quads", self.check_ok(empty))

    def test_check_of_a_missing_store_says_so(self):
        proc = self.run_kg("check", "--db", os.path.join(self.tmp, "nothing-here"))
        self.expect_storage_failure(proc, "no kg store at")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "nothing-here")))

    # ------------------------------------------------------------------ damaged files

    def build_compacted_store(self):
        """A store whose column families are all in SST files; returns its dump."""
        self.kg("load", "--db", self.db, self.write("big.nt", ntriples(20000)))
        self.kg("stats", "--db", self.db, "--compact")
        return self.dump()

    def assert_damage_is_reported(self, db, original, what):
        """Reading a damaged store: exit 3 with a message, or the right answer; never silence."""
        proc = self.run_kg("dump", "--db", db)
        if proc.returncode == 0:
            self.assertEqual(proc.stdout, original, f"{what}: dump gave a wrong answer in silence")
        else:
            self.expect_storage_failure(proc)
        check = self.run_kg("check", "--db", db)
        self.assertEqual(check.returncode, 3, f"{what}: kg check passed a damaged store: {check.stdout}")
        self.assertTrue(check.stderr.strip(), what)
        return proc.returncode

    def store_files(self, suffix):
        return sorted(f for f in os.listdir(self.db) if f.endswith(suffix))

    def test_bit_flips_and_truncation_in_sst_files_are_reported(self):
        original = self.build_compacted_store()
        rng = random.Random(7)
        cases = 0
        for name in self.store_files(".sst"):
            size = os.path.getsize(os.path.join(self.db, name))
            damages = [("truncated", size // 2), ("flipped", rng.randrange(size)), ("flipped", size // 3)]
            for kind, at in damages:
                copy = os.path.join(self.tmp, f"damaged-{cases}.db")
                shutil.copytree(self.db, copy)
                path = os.path.join(copy, name)
                with open(path, "r+b") as f:
                    if kind == "truncated":
                        f.truncate(at)
                    else:
                        f.seek(at)
                        byte = f.read(1)
                        f.seek(at)
                        f.write(bytes([byte[0] ^ (1 << rng.randrange(8))]))
                self.assert_damage_is_reported(copy, original, f"{name} {kind} at {at}")
                shutil.rmtree(copy)
                cases += 1
        self.assertGreaterEqual(cases, 15)
        # The undamaged original is untouched by all this.
        self.assertEqual(self.dump(), original)
        self.check_ok(self.db)

    def test_damaged_manifest_or_missing_files_are_reported(self):
        original = self.build_compacted_store()
        manifests = [f for f in os.listdir(self.db) if f.startswith("MANIFEST-")]
        self.assertTrue(manifests)
        cases = []
        for m in manifests:
            size = os.path.getsize(os.path.join(self.db, m))
            cases += [("truncate", m, size // 2), ("truncate", m, 0), ("flip", m, size // 3), ("flip", m, size - 5)]
        sst = max(self.store_files(".sst"), key=lambda n: os.path.getsize(os.path.join(self.db, n)))
        cases += [("remove", sst, 0), ("remove", "CURRENT", 0)]
        for i, (kind, name, at) in enumerate(cases):
            copy = os.path.join(self.tmp, f"damaged-{i}.db")
            shutil.copytree(self.db, copy)
            path = os.path.join(copy, name)
            if kind == "remove":
                os.remove(path)
            else:
                with open(path, "r+b") as f:
                    if kind == "truncate":
                        f.truncate(at)
                    else:
                        f.seek(at)
                        byte = f.read(1)
                        f.seek(at)
                        f.write(bytes([byte[0] ^ 0x10]))
            what = f"{name} {kind} {at}"
            proc = self.run_kg("dump", "--db", copy)
            if proc.returncode == 0:
                self.assertEqual(proc.stdout, original, f"{what}: wrong answer in silence")
            else:
                self.expect_storage_failure(proc)
            # A write to a damaged store must not make things worse or pretend to succeed.
            proc = self.run_kg("update", "--db", copy, "INSERT DATA { <http://x/s> <http://x/p> 1 }")
            self.assertIn(proc.returncode, (0, 3), f"{what}: {proc.stderr}")
            shutil.rmtree(copy)

    # ------------------------------------------------------------------ full disk

    def test_disk_full_during_load_and_update(self):
        mnt = os.path.join(self.tmp, "small-disk")
        error = mount_tmpfs(mnt, "24m")
        if error:
            self.skipTest(error + ": skipping the disk-full test")
        try:
            db = os.path.join(mnt, "store.db")
            self.kg("load", "--db", db, self.write("first.nt", ntriples(2000)))
            before = self.dump(db)
            # A load far larger than the disk: the bulk (SST) path.
            big = self.write("big.nt", ntriples(150000, start=10000, literal_bytes=200))
            proc = self.run_kg("load", "--db", db, big)
            self.expect_storage_failure(proc, "disk is full")
            self.assertEqual(self.dump(db), before)
            self.check_ok(db)
            # An update while the disk is full: the write-ahead log path.
            filler = os.path.join(mnt, "filler")
            with open(filler, "wb") as f:
                try:
                    while True:
                        f.write(b"\0" * (1 << 20))
                        f.flush()
                except OSError:
                    pass
            big_update = self.write("big.ru", 'INSERT DATA { <http://x/s> <http://x/p> "%s" }' % ("x" * 3_000_000))
            proc = self.run_kg("update", "--db", db, "--file", big_update)
            self.expect_storage_failure(proc, "disk is full")
            os.remove(filler)
            self.assertEqual(self.dump(db), before)
            self.check_ok(db)
            # Once there is space again, writes work.
            self.kg("update", "--db", db, 'INSERT DATA { <http://x/s> <http://x/p> "after" }')
            self.kg("load", "--db", db, self.write("more.nt", ntriples(3000, start=500000)))
            out, _ = self.kg("query", "--db", db, "--format", "csv", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
            self.assertEqual(int(out.split()[1]), 2000 + 1 + 3000)
            self.check_ok(db)
        finally:
            subprocess.run(["umount", "-l", mnt])

    # ------------------------------------------------------------------ read-only and vanished

    def test_read_only_file_system(self):
        mnt = os.path.join(self.tmp, "ro-disk")
        error = mount_tmpfs(mnt, "32m")
        if error:
            self.skipTest(error + ": skipping the read-only file system test")
        try:
            db = os.path.join(mnt, "store.db")
            self.kg("load", "--db", db, self.write("first.nt", ntriples(500)))
            before = self.dump(db)
            subprocess.run(["mount", "-o", "remount,ro", mnt], check=True)
            proc = self.run_kg("load", "--db", db, self.write("more.nt", ntriples(10, start=9000)))
            self.expect_storage_failure(proc)
            self.assertIn("Read-only file system", proc.stderr)
            proc = self.run_kg("update", "--db", db, "INSERT DATA { <http://x/s> <http://x/p> 1 }")
            self.expect_storage_failure(proc)
            # Reading still works, or fails clearly.
            proc = self.run_kg("dump", "--db", db)
            if proc.returncode == 0:
                self.assertEqual(proc.stdout, before)
            else:
                self.expect_storage_failure(proc)
            subprocess.run(["mount", "-o", "remount,rw", mnt], check=True)
            self.assertEqual(self.dump(db), before)
            self.check_ok(db)
        finally:
            subprocess.run(["umount", "-l", mnt])

    def test_vanished_directory(self):
        # The folder that should hold the store is gone: a clear error, and nothing created.
        missing = os.path.join(self.tmp, "gone", "deeper", "store.db")
        proc = self.run_kg("load", "--db", missing, self.write("x.nt", ntriples(3)))
        self.expect_storage_failure(proc, "No such file or directory")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "gone")))
        proc = self.run_kg("check", "--db", missing)
        self.expect_storage_failure(proc, "no kg store at")
        # A path that is a file, not a folder.
        proc = self.run_kg("load", "--db", self.write("plain-file", "hello"), self.write("y.nt", ntriples(3)))
        self.expect_storage_failure(proc, "not a directory")
        # The store's files vanish while it is in use: a REPL session keeps it open.
        self.kg("load", "--db", self.db, self.write("z.nt", ntriples(50)))
        script = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }\n\n.load " + self.write("w.nt", ntriples(5, start=99)) + "\n"
        shell = subprocess.Popen([KG, "shell", "--db", self.db], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=self.tmp)
        shutil.rmtree(self.db)
        out, err = shell.communicate(script, timeout=120)
        self.assertNotIn(shell.returncode, CRASH_CODES, err)


if __name__ == "__main__":
    unittest.main()
