"""Processes of an end-to-end run: the broker, the jobs and the producers, each started with its
own log file and always stopped (by its process id) at the end."""
import os
import signal
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
APP = os.path.join(ROOT, "apps", "crypto_viz")
JOBS = os.path.join(APP, "jobs")


def spate_bin():
    path = os.environ.get("SPATE_BIN", os.path.join(ROOT, "build", "bin", "spate"))
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"{path} not found: build the spate target (or set SPATE_BIN)")
    return path


class Process:
    def __init__(self, name, argv, log_dir, cwd=ROOT, env=None):
        self.name = name
        self.log_path = os.path.join(log_dir, name + ".log")
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(argv, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, **(env or {})))

    def alive(self):
        return self.proc.poll() is None

    def output(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait_for(self, text, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            out = self.output()
            if text in out:
                return out
            if not self.alive():
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}):\n{out[-4000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"{self.name}: no {text!r} after {timeout} s:\n{self.output()[-4000:]}")

    def stop(self, sig=signal.SIGINT, timeout=60):
        """Stops the process (SIGINT: the jobs finish and commit their running batch)."""
        if self.alive():
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


def producers(args, log_dir, name="producers"):
    """Runs the producers to the end (fast-forward) and returns their stderr summary."""
    r = subprocess.run([sys.executable, "-m", "producers", *args], cwd=APP,
                       capture_output=True, text=True, timeout=600)
    with open(os.path.join(log_dir, name + ".log"), "a") as f:
        f.write(r.stdout + r.stderr)
    if r.returncode != 0:
        raise RuntimeError(f"producers failed ({r.returncode}): {r.stderr[-3000:]}")
    return r.stderr


def wait_until(condition, timeout, describe):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout} s waiting for {describe()}")
