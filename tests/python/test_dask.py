"""kg.dask on a real LocalCluster (2 worker processes, loopback only): the store it builds
equals a local extraction of the same corpus (kg extract's code path, Database.extract_corpus)."""
import os
import shutil
import tempfile
import unittest

import kg

try:
    import distributed  # noqa: F401
    HAVE_DASK = True
except ImportError:  # Debian package python3-distributed
    HAVE_DASK = False

WIRES = [
    ("w1", "2026-11-30", "Laura Chen, the U.S. trade envoy, arrived in Nairobi on Monday. "
                         "Secretary Laura Chen met officials from Kenya."),
    ("w2", "2026-12-01", "The United States imposed new tariffs on steel, officials said."),
    ("w3", "2026-12-01", "The U.S. imposed new tariffs on steel. Brazil criticized Washington "
                         "for moving too slowly."),
    ("w4", "", "Kenya, Uganda and Tanzania signed the agreement in Arusha."),
    ("w5", "2026-12-02", "Paulo Mendes said Brazil would file a complaint at the World Trade "
                         "Organization."),
    ("w6", "", "Ingrid Solberg, the Foreign Minister of Norway, opened the summit in Tromso."),
]


@unittest.skipUnless(HAVE_DASK, "python3-distributed is not installed")
class DaskExtraction(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kg-dask-test-")
        self.corpus = os.path.join(self.dir, "wires.jsonl")
        import json
        with open(self.corpus, "w", encoding="utf-8") as f:
            for doc_id, date, text in WIRES:
                record = {"id": doc_id, "text": text}
                if date:
                    record["date"] = date
                f.write(json.dumps(record) + "\n")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_local_cluster_store_equals_local_extraction(self):
        from distributed import Client, LocalCluster

        import kg.dask

        with kg.open(os.path.join(self.dir, "local.db")) as db:
            local = db.extract_corpus(self.corpus, jobs=1)
            expected = sorted(db.dump().splitlines())
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        try:
            with Client(cluster) as client, kg.open(os.path.join(self.dir, "dask.db")) as db:
                self.assertEqual(len(client.scheduler_info()["workers"]), 2)
                s = kg.dask.extract_corpus(db, [self.corpus], client, partitions=3)
                self.assertEqual(s["documents"], len(WIRES))
                self.assertEqual(s["facts"], local["facts"])
                # the same quads (a dump lists them in the store's own term order)
                self.assertEqual(sorted(db.dump().splitlines()), expected)
                # run again: every document is unchanged, nothing is sent to the workers
                again = kg.dask.extract_corpus(db, [self.corpus], client)
                self.assertEqual((again["documents"], again["skipped"]), (0, len(WIRES)))
                self.assertEqual(sorted(db.dump().splitlines()), expected)
        finally:
            cluster.close()


if __name__ == "__main__":
    unittest.main()
