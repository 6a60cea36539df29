"""Helpers for end-to-end tests of the kg program."""
import os
import shutil
import subprocess
import tempfile
import unittest

KG = os.environ.get("KG_BIN", "kg")
SHARED = os.environ.get("KG_SHARED_DIR", "")
SOURCE = os.environ.get("KG_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLES = os.path.join(SOURCE, "samples")


def shared_path(*parts):
    return os.path.join(SHARED, *parts)


def have_shared():
    return bool(SHARED) and os.path.isdir(shared_path("bench-data"))


SHARED_MISSING = "the shared data folder (../shared) is absent: skipping"


def requires_shared(cls):
    """For test classes that need ../shared: skipped when it is absent, unless
    KG_REQUIRE_SHARED=1 (set by .ci/run) makes its absence a failure."""
    if have_shared():
        return cls
    if os.environ.get("KG_REQUIRE_SHARED") == "1":
        def fail(_cls):
            raise AssertionError(SHARED_MISSING.replace(": skipping", "") +
                                 " (KG_REQUIRE_SHARED=1: the shared data folder is required)")
        cls.setUpClass = classmethod(fail)
        return cls
    return unittest.skip(SHARED_MISSING)(cls)


class KgTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kg-e2e-")
        self.db = os.path.join(self.tmp, "store.db")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def kg(self, *args, input=None, expect=0, env=None):
        """Runs kg; checks the exit code; returns (stdout, stderr)."""
        full_env = dict(os.environ)
        full_env.pop("KG_DB", None)
        if env:
            full_env.update(env)
        proc = subprocess.run([KG, *args], input=input, capture_output=True, text=True,
                              env=full_env, cwd=self.tmp, timeout=600)
        if expect is not None:
            self.assertEqual(proc.returncode, expect,
                             f"kg {' '.join(args)} exited {proc.returncode}\n"
                             f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-2000:]}")
        return proc.stdout, proc.stderr

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def dump(self, db=None):
        out, _ = self.kg("dump", "--db", db or self.db)
        return out
