"""Helpers of the TP4 test suites: start the lab's servers on free ports, read their lines,
generate the Wikimedia events the relay replays. Nothing here uses Spate."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SERVERS = os.path.join(REPO, "apps", "tp4", "servers")
GENERATOR = os.path.join(REPO, "apps", "tp4", "wikimedia", "generator")
DATA = os.path.join(REPO, "apps", "tp4", "data")
ALL_FREE = "iot=0,iot2=0,kaamelott=0,wikipedia=0,sse=0"


class Servers:
    """tp4_servers.py in a subprocess (every port free unless given), stopped by stop()."""

    def __init__(self, *args, ports=ALL_FREE):
        self.dir = tempfile.mkdtemp(prefix="tp4-servers-")
        self.port_file = os.path.join(self.dir, "ports.json")
        self.log_path = os.path.join(self.dir, "servers.log")
        self.log_file = open(self.log_path, "w")
        self.final_log = None
        self.process = subprocess.Popen(
            [
                sys.executable,
                os.path.join(SERVERS, "tp4_servers.py"),
                "--ports",
                ports,
                "--port-file",
                self.port_file,
                "--quiet",
                *args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=self.log_file,
        )
        for _ in range(200):
            if os.path.exists(self.port_file):
                break
            if self.process.poll() is not None:
                raise RuntimeError("tp4_servers.py exited: " + self.log())
            time.sleep(0.05)
        else:
            self.stop()
            raise RuntimeError("tp4_servers.py did not start: " + self.log())
        with open(self.port_file) as f:
            self.ports = json.load(f)

    def log(self):
        if self.final_log is not None:
            return self.final_log
        with open(self.log_path) as f:
            return f.read()

    def wait_for_log(self, text, seconds=20):
        for _ in range(int(seconds * 20)):
            if text in self.log():
                return True
            time.sleep(0.05)
        return False

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()
        if self.final_log is None:
            self.final_log = self.log()
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def read_lines(port, count, timeout=30.0):
    """The first `count` lines a new client of 127.0.0.1:port receives."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        data = b""
        while data.count(b"\n") < count:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data.decode("utf-8").split("\n")[:count]


def generated_events(seed, count, start, mean_gap):
    """The events the generator makes with these settings (via its command line)."""
    out = subprocess.run(
        [
            sys.executable,
            os.path.join(GENERATOR, "generate.py"),
            "--seed",
            str(seed),
            "--count",
            str(count),
            "--start",
            str(start),
            "--mean-gap",
            str(mean_gap),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


def unused_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SOLUTIONS = os.path.join(REPO, "apps", "tp4", "solutions")


def spate_binary():
    build = os.environ.get("SPATE_BUILD_DIR", os.path.join(REPO, "build"))
    return os.path.join(os.path.abspath(build), "bin", "spate")


def run_scripts(scripts, env, parallel=4, timeout=300):
    """Runs each script with `spate run` (at most `parallel` at once); returns
    {script: CompletedProcess} with stdout and stderr as text."""
    from concurrent.futures import ThreadPoolExecutor

    full_env = dict(os.environ, TZ="UTC", **env)

    def run(script):
        return subprocess.run(
            [spate_binary(), "run", script],
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    with ThreadPoolExecutor(parallel) as pool:
        return dict(zip(scripts, pool.map(run, scripts)))
