"""The PEP 517 build backend of the kg Python package (bindings/python/pyproject.toml).

`pip install ./bindings/python` calls build_wheel here. It builds only the CMake target of the
extension (kg_python, with the engine libraries it links) in a CMake build directory, then packs
the wheel: the package's Python files, type stubs and py.typed from bindings/python/kg/, and the
extension from the build directory. It uses the standard library alone, so pip needs nothing
from the network (build-system.requires is empty).

The build directory: $KG_BUILD_DIR (relative paths are taken from the project root, as
scripts/setup.sh takes them), else <project root>/build. A directory that is configured already
is reused as it is (with its ccache hits, only what changed is compiled); an empty one is
configured like scripts/setup.sh configures it, for the Python that runs pip. KG_JOBS sets the
build's parallel jobs.
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

PROJECT_ROOT = Path(__file__).resolve().parents[3]
PACKAGE_SOURCE = PROJECT_ROOT / "bindings" / "python" / "kg"
PYPROJECT = PROJECT_ROOT / "bindings" / "python" / "pyproject.toml"
# The package's files besides the extension (the CMake build copies the same list).
PACKAGE_FILES = ("__init__.py", "__init__.pyi", "py.typed", "dask.py", "rdflib_view.py")
TARGET = "kg_python"


class BuildError(Exception):
    pass


def _version():
    text = (PROJECT_ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"project\(\s*kg\s+VERSION\s+([0-9][0-9.]*)", text)
    if not match:
        raise BuildError("cannot find kg's version in %s (project(kg VERSION x.y.z))" % (PROJECT_ROOT / "CMakeLists.txt"))
    return match.group(1)


def _project_table():
    if tomllib is None:
        return {}
    with open(PYPROJECT, "rb") as f:
        return tomllib.load(f).get("project", {})


def _metadata():
    project = _project_table()
    lines = [
        "Metadata-Version: 2.1",
        "Name: kg",
        "Version: " + _version(),
        "Summary: " + project.get("description", "kg knowledge-graph engine"),
    ]
    if "requires-python" in project:
        lines.append("Requires-Python: " + project["requires-python"])
    for extra, requirements in sorted(project.get("optional-dependencies", {}).items()):
        lines.append("Provides-Extra: " + extra)
        for requirement in requirements:
            lines.append('Requires-Dist: %s; extra == "%s"' % (requirement, extra))
    return "\n".join(lines) + "\n"


def _tag():
    interpreter = "cp%d%d" % sys.version_info[:2]
    if sys.implementation.name != "cpython":
        raise BuildError("kg's extension is built for CPython; this is %s" % sys.implementation.name)
    platform = re.sub(r"[^A-Za-z0-9]", "_", sysconfig.get_platform())
    return "%s-%s-%s" % (interpreter, interpreter, platform)


def _wheel_file():
    return "Wheel-Version: 1.0\nGenerator: kg_build\nRoot-Is-Purelib: false\nTag: %s\n" % _tag()


def _dist_info():
    return "kg-%s.dist-info" % _version()


def _build_dir():
    configured = os.environ.get("KG_BUILD_DIR")
    path = Path(configured) if configured else Path("build")
    return path if path.is_absolute() else PROJECT_ROOT / path


def _run(command):
    print("kg build: " + " ".join(str(c) for c in command), file=sys.stderr, flush=True)
    try:
        subprocess.run([str(c) for c in command], check=True, stdout=sys.stderr)
    except FileNotFoundError as e:
        raise BuildError("%s is not installed (Debian: apt-get install cmake ninja-build)" % command[0]) from e
    except subprocess.CalledProcessError as e:
        raise BuildError("'%s' failed with exit code %d (its output is above)" % (" ".join(map(str, command)), e.returncode)) from e


def _cache_entry(cache, name):
    match = re.search(r"^%s:[A-Z]+=(.*)$" % re.escape(name), cache, re.MULTILINE)
    return match.group(1) if match else None


def _configure(build):
    cache_file = build / "CMakeCache.txt"
    if cache_file.exists():
        cache = cache_file.read_text(encoding="utf-8", errors="replace")
        source = _cache_entry(cache, "CMAKE_HOME_DIRECTORY")
        if source and Path(source).resolve() != PROJECT_ROOT:
            raise BuildError("the build directory %s was configured for the sources in %s, not %s: "
                             "set KG_BUILD_DIR to a build directory of this checkout (or an empty one)"
                             % (build, source, PROJECT_ROOT))
        return
    python = os.path.realpath(getattr(sys, "_base_executable", sys.executable))
    command = ["cmake", "-S", PROJECT_ROOT, "-B", build, "-G", "Ninja",
               "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DPython3_EXECUTABLE=" + python]
    if shutil.which("ccache"):
        command += ["-DCMAKE_C_COMPILER_LAUNCHER=ccache", "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"]
    _run(command)


def _build_extension():
    """Builds the extension target and returns the path of the module for this Python."""
    build = _build_dir()
    _configure(build)
    command = ["cmake", "--build", build, "--target", TARGET]
    if os.environ.get("KG_JOBS"):
        command += ["--parallel", os.environ["KG_JOBS"]]
    _run(command)
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    package = build / "bindings" / "python" / "kg"
    module = package / ("_kg" + suffix)
    if not module.exists():
        found = sorted(p.name for p in package.glob("_kg*"))
        raise BuildError("the build directory %s has no %s for this Python (%s)%s: set KG_BUILD_DIR to "
                         "another directory, or configure this one with -DPython3_EXECUTABLE=%s"
                         % (build, module.name, sys.version.split()[0],
                            "; it has " + ", ".join(found) if found else "", sys.executable))
    return module


def _without_debug_info(module):
    """The extension's bytes without debug sections (a tenth of the size of a RelWithDebInfo
    build), when binutils' strip is there; else as built."""
    strip = shutil.which("strip")
    if not strip:
        return module.read_bytes()
    with tempfile.TemporaryDirectory() as scratch:
        stripped = Path(scratch) / module.name
        done = subprocess.run([strip, "--strip-debug", "-o", str(stripped), str(module)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        if done.returncode != 0:
            print("kg build: strip failed, packing the extension as built: " + done.stdout, file=sys.stderr)
            return module.read_bytes()
        return stripped.read_bytes()


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, digest, len(data))


# ---- the PEP 517 hooks ----

def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    target = Path(metadata_directory) / _dist_info()
    target.mkdir(parents=True, exist_ok=True)
    (target / "METADATA").write_text(_metadata(), encoding="utf-8")
    (target / "WHEEL").write_text(_wheel_file(), encoding="utf-8")
    return target.name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    try:
        module = _build_extension()
    except BuildError as e:
        print("kg build: error: %s" % e, file=sys.stderr)
        raise SystemExit(1)
    files = [("kg/" + name, (PACKAGE_SOURCE / name).read_bytes()) for name in PACKAGE_FILES]
    files.append(("kg/" + module.name, _without_debug_info(module)))
    dist_info = _dist_info()
    files.append((dist_info + "/METADATA", _metadata().encode()))
    files.append((dist_info + "/WHEEL", _wheel_file().encode()))
    record = [_record_line(name, data) for name, data in files] + [dist_info + "/RECORD,,"]
    files.append((dist_info + "/RECORD", ("\n".join(record) + "\n").encode()))

    name = "kg-%s-%s.whl" % (_version(), _tag())
    Path(wheel_directory).mkdir(parents=True, exist_ok=True)
    # Written beside, then renamed: pip never sees half a wheel.
    fd, partial = tempfile.mkstemp(dir=wheel_directory, suffix=".partial")
    os.close(fd)
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as wheel:
        for member, data in files:
            info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if member.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    os.replace(partial, Path(wheel_directory) / name)
    return name


def build_sdist(sdist_directory, config_settings=None):
    raise BuildError("kg's Python package is built from a checkout of the kg repository (it compiles "
                     "the engine); there is no source distribution: use pip install ./bindings/python")
