"""Large loads: LUBM(10) round trip, and a load killed with SIGKILL leaves none or all of it."""
import gzip
import os
import signal
import subprocess
import time
import unittest

from kgtest import KG, KgTestCase, have_shared, shared_path

LUBM10_TRIPLES = 1272953


@unittest.skipUnless(have_shared(), "the shared data folder (../shared) is absent: skipping")
class DurabilityTest(KgTestCase):
    def test_lubm10_dump_gives_back_the_same_quads(self):
        src = shared_path("bench-data", "lubm", "lubm10.nt.gz")
        self.kg("load", "--db", self.db, src)
        dump_path = os.path.join(self.tmp, "dump.nt")
        with open(dump_path, "w") as out:
            subprocess.run([KG, "dump", "--db", self.db, "--format", "ntriples"], stdout=out, check=True)
        with open(dump_path, "rb") as f:
            dumped = set(f.read().splitlines())
        with gzip.open(src, "rb") as f:
            original = set(f.read().splitlines())
        self.assertEqual(len(original), LUBM10_TRIPLES)
        self.assertEqual(dumped, original)

    def test_sigkill_during_load_leaves_none_or_all(self):
        src = shared_path("bench-data", "lubm", "lubm10.nt.gz")
        outcomes = []
        for delay in (0.5, 2.0, 3.5, 5.0):
            db = os.path.join(self.tmp, f"kill-{delay}.db")
            proc = subprocess.Popen([KG, "load", "--db", db, src],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            out, _ = self.kg("stats", "--db", db)
            quads = int(out.split("quads:")[1].split()[0].replace(",", ""))
            self.assertIn(quads, (0, LUBM10_TRIPLES), f"partial load after kill at {delay}s")
            # The store still takes writes afterwards.
            self.kg("load", "--db", db, self.write("x.nt", "<http://x/s> <http://x/p> \"o\" .\n"))
            outcomes.append(quads)
        print("kill outcomes (quads visible after SIGKILL at 0.5/2/3.5/5 s):", outcomes)


if __name__ == "__main__":
    unittest.main()
