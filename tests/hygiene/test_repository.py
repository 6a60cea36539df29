"""The repository speaks of the project alone: no paths of a particular machine, no working
notes or logs. Reads every file the repository tracks (git ls-files), else the source tree."""
import os
import re
import subprocess
import unittest

SOURCE = os.environ.get("KG_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
# Absolute paths into a home, a scratch or a work directory of some machine (split so that this
# file does not match itself).
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:" + "work|home|Users" + r")/[A-Za-z0-9_.-]+/")
TEXT_SUFFIXES = (".md", ".txt", ".cpp", ".h", ".c", ".py", ".sh", ".cmake", ".g4", ".rq", ".ru",
                 ".test", ".toml", ".cfg", ".in", ".yml", ".yaml", "CMakeLists.txt", ".pyi")
# Work logs and instructions for the people working on the project do not belong in it.
NOT_HERE = ("docs/CONTRIBUTING-HELPERS.md", "docs/ingest-status.txt")


def tracked_files():
    try:
        out = subprocess.run(["git", "-C", SOURCE, "ls-files"], capture_output=True, text=True,
                             check=True, timeout=60).stdout
        return [line for line in out.splitlines() if line]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for root, dirs, names in os.walk(SOURCE):
            dirs[:] = [d for d in dirs if not d.startswith((".", "build"))]
            files += [os.path.relpath(os.path.join(root, n), SOURCE) for n in names]
        return files


class RepositoryTest(unittest.TestCase):
    def test_no_machine_paths(self):
        offenders = []
        for name in tracked_files():
            if not name.endswith(TEXT_SUFFIXES):
                continue
            path = os.path.join(SOURCE, name)
            if not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    if MACHINE_PATH.search(line):
                        offenders.append(f"{name}:{number}: {line.strip()[:120]}")
        self.assertEqual(offenders, [], "machine paths in the repository:\n" + "\n".join(offenders))

    def test_no_working_notes(self):
        files = set(tracked_files())
        self.assertEqual([n for n in NOT_HERE if n in files], [])


if __name__ == "__main__":
    unittest.main()
