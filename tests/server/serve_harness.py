"""Runs a real `kg serve` on a free loopback port for the HTTP tests (standard library only)."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

KG = os.environ.get("KG_BIN", "kg")
SOURCE = os.environ.get("KG_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLES = os.path.join(SOURCE, "samples")
TOKEN = "test-token"


def run_kg(*args, cwd=None, input=None, check=True):
    env = dict(os.environ)
    env.pop("KG_DB", None)
    env.pop("KG_UPDATE_TOKEN", None)
    proc = subprocess.run([KG, *args], capture_output=True, text=True, cwd=cwd, input=input, env=env,
                          timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc


class Server:
    """A kg serve process; its access log lines are collected in .log."""

    def __init__(self, db, *args, token=TOKEN):
        cmd = [KG, "serve", "--db", db, "--port", "0"]
        if token:
            cmd += ["--update-token", token]
        cmd += list(args)
        env = dict(os.environ)
        env.pop("KG_UPDATE_TOKEN", None)
        self.proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                                     env=env)
        self.log = []
        self.port = None
        started = time.time()
        while self.port is None:
            line = self.proc.stderr.readline()
            if not line:
                raise AssertionError(f"kg serve did not start: {' '.join(self.log)}")
            self.log.append(line)
            m = re.search(r"http://[\d.]+:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
            if time.time() - started > 60:
                raise AssertionError("kg serve did not start within 60 s")
        self.base = f"http://127.0.0.1:{self.port}"
        self.reader = threading.Thread(target=self._read_log, daemon=True)
        self.reader.start()

    def _read_log(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        code = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=5)
        self.proc.stderr.close()
        return code

    def request(self, method, path, body=None, headers=None, timeout=60):
        """Returns (status, headers, body bytes); HTTP errors are returned, not raised."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def query(self, text, accept="application/sparql-results+json", **params):
        query = urllib.parse.urlencode([("query", text)] + list(params.items()), doseq=True)
        return self.request("GET", "/sparql?" + query, headers={"Accept": accept})

    def update(self, text, token=TOKEN):
        headers = {"Content-Type": "application/sparql-update"}
        if token:
            headers["Authorization"] = "Bearer " + token
        return self.request("POST", "/sparql", text, headers)


class ServerTestCase(unittest.TestCase):
    """A fresh store per test class, loaded with `DATA` (Turtle), served with `SERVE_ARGS`."""
    DATA = ""
    SERVE_ARGS = ()
    TOKEN = TOKEN

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kg-serve-")
        cls.db = os.path.join(cls.tmp, "store.db")
        if cls.DATA:
            path = os.path.join(cls.tmp, "data.trig")
            with open(path, "w", encoding="utf-8") as f:
                f.write(cls.DATA)
            run_kg("load", "--db", cls.db, path)
        else:
            run_kg("update", "--db", cls.db, "INSERT DATA { <urn:x> <urn:y> <urn:z> }")
            run_kg("update", "--db", cls.db, "DELETE DATA { <urn:x> <urn:y> <urn:z> }")
        cls.server = Server(cls.db, *cls.SERVE_ARGS, token=cls.TOKEN)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
