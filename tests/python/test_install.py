"""pip install of the kg package (bindings/python/pyproject.toml) into a fresh virtual
environment made by Debian's python3-venv, offline, reusing the test build's directory.

Environment: KG_SOURCE_DIR (the project root) and KG_BUILD_DIR (a configured build directory,
reused so that the install compiles nothing new). Run from the build tree through CTest.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

SOURCE = os.environ.get("KG_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("KG_BUILD_DIR", os.path.join(SOURCE, "build"))
BASE_PYTHON = os.environ.get("KG_BASE_PYTHON", "/usr/bin/python3")


def clean_environment(**extra):
    """The environment of a user's shell: no PYTHONPATH pointing into the build tree, pip kept
    off the network (the build must need nothing from it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "KG_BUILD_DIR"}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1")
    env.update(extra)
    return env


def run(command, cwd, env, check=True):
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s\n%s" % (" ".join(command), done.returncode, done.stdout, done.stderr))
    return done


class PipInstall(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="kg-pip-test-")
        cls.venv = os.path.join(cls.dir, "venv")
        # --system-site-packages: Debian's pandas and rdflib serve the examples below.
        run([BASE_PYTHON, "-m", "venv", "--system-site-packages", cls.venv], cls.dir, clean_environment())
        cls.python = os.path.join(cls.venv, "bin", "python")
        start = time.monotonic()
        # The README's command, from the project root (with the test build's directory).
        cls.install = run([cls.python, "-m", "pip", "install", "./bindings/python"], SOURCE,
                          clean_environment(KG_BUILD_DIR=os.path.abspath(BUILD)))
        cls.seconds = time.monotonic() - start

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def in_venv(self, code, cwd=None):
        return run([self.python, "-c", code], cwd or self.dir, clean_environment()).stdout

    def test_installed_package_imports_outside_the_tree(self):
        self.assertIn("Successfully installed kg", self.install.stdout)
        out = self.in_venv("import kg, os; print(kg.__file__); print(kg.__version__); "
                           "print(sorted(os.listdir(os.path.dirname(kg.__file__))))")
        location, version, listing = out.splitlines()
        self.assertTrue(location.startswith(os.path.realpath(self.venv)) or location.startswith(self.venv), location)
        self.assertRegex(version, r"^\d+\.\d+\.\d+$")
        for name in ("__init__.py", "__init__.pyi", "py.typed", "rdflib_view.py", "dask.py"):
            self.assertIn(name, listing)
        self.assertIn("_kg.cpython-", listing)
        # pip knows it (metadata, version) and can remove it again.
        shown = run([self.python, "-m", "pip", "show", "kg"], self.dir, clean_environment()).stdout
        self.assertIn("Version: " + version, shown)

    def test_the_sample_runs_from_the_installed_package(self):
        store = os.path.join(self.dir, "sample.db")
        out = run([self.python, os.path.join(SOURCE, "samples", "embedding", "embed.py"), store], self.dir,
                  clean_environment()).stdout
        with open(os.path.join(SOURCE, "samples", "embedding", "expected_output.txt")) as f:
            self.assertEqual(out, f.read())

    def test_the_readme_python_example(self):
        # The README's Python example, as written, run where its relative paths hold (a folder
        # that sees the project's samples/, so the store it makes lands there and not in the tree).
        with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        install = readme.index("pip install ./bindings/python")
        start = readme.index("```python\n", install) + len("```python\n")
        example = textwrap.dedent(readme[start:readme.index("```", start)])
        self.assertIn("to_pandas()", example)
        here = os.path.join(self.dir, "readme")
        os.makedirs(here)
        os.symlink(os.path.join(os.path.abspath(SOURCE), "samples"), os.path.join(here, "samples"))
        out = self.in_venv(example + "\nprint(type(frame).__name__, list(frame.columns))\n", cwd=here)
        self.assertIn("David Okafor", out)
        self.assertIn("Chair of the Arctic Fisheries Council", out)
        self.assertTrue(out.rstrip().endswith("DataFrame ['name', 'role']"), out)

    def test_extraction_works_from_the_installed_package(self):
        # The extractor's grammar and dictionaries come from the system, not the build tree.
        code = ("import kg\n"
                "with kg.open('news.db') as db:\n"
                "    print(db.extract(text='Canada signed the declaration in Geneva.', document='urn:t:1')['facts'] > 0)\n")
        self.assertEqual(self.in_venv(code).strip(), "True")

    def test_reinstall_compiles_nothing(self):
        # The build directory is up to date: a second install only packs the wheel.
        start = time.monotonic()
        again = run([self.python, "-m", "pip", "install", "-v", "--force-reinstall", "--no-deps", "./bindings/python"],
                    SOURCE, clean_environment(KG_BUILD_DIR=os.path.abspath(BUILD)))
        self.assertIn("Successfully installed kg", again.stdout)
        output = again.stdout + again.stderr
        self.assertIn("--target kg_python", output)  # the backend's build step ran (-v shows it) ...
        self.assertIn("ninja: no work to do", output)  # ... and found nothing to compile
        self.assertNotIn("Building CXX object", output)
        print("pip install: first %.1f s, again %.1f s" % (self.seconds, time.monotonic() - start), file=sys.stderr)

    def test_a_build_directory_of_other_sources_is_refused(self):
        other = os.path.join(self.dir, "other-build")
        os.makedirs(other)
        with open(os.path.join(other, "CMakeCache.txt"), "w") as f:
            f.write("CMAKE_HOME_DIRECTORY:INTERNAL=/nowhere/kg\n")
        failed = run([self.python, "-m", "pip", "install", "./bindings/python"], SOURCE,
                     clean_environment(KG_BUILD_DIR=other), check=False)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("was configured for the sources in /nowhere/kg", failed.stdout + failed.stderr)


if __name__ == "__main__":
    unittest.main()
