"""Large loads: LUBM(10) round trip, and a load killed with SIGKILL leaves none or all of it."""
import gzip
import os
import signal
import subprocess
import time
import unittest

from kgtest import KG, KgTestCase, requires_shared, shared_path

LUBM10_TRIPLES = 1272953


@requires_shared
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
        # Kill while parsing, then at moments inside the commit: when the sorted SST files are
        # being written (the staging folder exists), and a little later, up to the ingestion.
        plans = [("parse", 1.0), ("staging", 0.0), ("staging", 0.5), ("staging", 1.5), ("staging", 3.0), ("staging", 6.0)]
        for i, (moment, extra) in enumerate(plans):
            db = os.path.join(self.tmp, f"kill-{i}.db")
            proc = subprocess.Popen([KG, "load", "--db", db, src],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if moment == "parse":
                time.sleep(extra)
            else:
                staging = os.path.join(db, "kg-staging")
                deadline = time.time() + 120
                while not os.path.isdir(staging) and proc.poll() is None and time.time() < deadline:
                    time.sleep(0.005)
                time.sleep(extra)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            out, err = self.kg("stats", "--db", db, expect=None)
            if "no kg store at" in err:
                quads = 0  # killed before the store was made: nothing is left, not even a store
            else:
                quads = int(out.split("quads:")[1].split()[0].replace(",", ""))
            self.assertIn(quads, (0, LUBM10_TRIPLES), f"partial load after kill ({moment} +{extra}s)")
            # The store opens, takes writes afterwards, and a query agrees with the count.
            self.kg("load", "--db", db, self.write("x.nt", "<http://x/s> <http://x/p> \"o\" .\n"))
            out, _ = self.kg("query", "--db", db, "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            self.assertEqual(int(out.split()[1]), quads + 1)
            outcomes.append(quads)
        print("kill outcomes (quads visible after SIGKILL):", list(zip([p for p in plans], outcomes)))


if __name__ == "__main__":
    unittest.main()
