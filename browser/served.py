"""Starts `microchimera serve` on a free loopback port for a test, and always stops it.

Used by test_page.py (the real-browser test) and load_test.py (the load test);
standard library only.

    with Served(binary, library) as server:
        urlopen(server.url + "api/library")

The server is started with `--port 0 --host 127.0.0.1`; its URL is read from the
first line it prints (`Serving the teaching page on http://HOST:PORT/ ...`),
waiting at most `start_timeout` seconds. Everything it prints afterwards goes to
a log kept in memory (`server.output()`), so a failure can show it. On leaving
the block, or when the interpreter exits, the process is sent SIGTERM, then
SIGKILL after 5 s; it is killed by its own pid, never by name.
"""

import atexit
import ipaddress
import re
import signal
import subprocess
import threading
import time
import urllib.parse

URL_LINE = re.compile(r"Serving the teaching page on (http://\S+/)")


class ServeError(Exception):
    """The server did not start, or printed something other than its URL."""


class Served:
    """One `microchimera serve` process on loopback; a context manager that stops it."""

    def __init__(self, binary, library, start_timeout=20.0, extra_args=()):
        self.binary = str(binary)
        self.library = str(library)
        self.start_timeout = start_timeout
        self.extra_args = list(extra_args)
        self.process = None
        self.url = None
        self._lines = []
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        """Starts the server and waits for its first stdout line; raises ServeError."""
        command = [self.binary, "serve", "--port", "0", "--host", "127.0.0.1", "--library", self.library, *self.extra_args]
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, text=True, bufsize=1)
        except OSError as error:
            raise ServeError(f"cannot start {' '.join(command)}: {error}") from error
        atexit.register(self.stop)
        first = []
        got_first = threading.Event()

        def read_stdout():
            for i, line in enumerate(self.process.stdout):
                if i == 0:
                    first.append(line)
                    got_first.set()
                self._keep("stdout", line)
            got_first.set()

        def read_stderr():
            for line in self.process.stderr:
                self._keep("stderr", line)

        readers = [threading.Thread(target=read_stdout, daemon=True), threading.Thread(target=read_stderr, daemon=True)]
        for reader in readers:
            reader.start()

        def drained():  # after a stop, what the process printed is all read (bounded wait)
            for reader in readers:
                reader.join(timeout=2)

        if not got_first.wait(self.start_timeout):
            self.stop()
            drained()
            raise ServeError(f"`{' '.join(command)}` printed no line within {self.start_timeout:.0f} s;"
                             f" it printed:\n{self.output()}")
        if not first:
            self.process.wait(timeout=5)
            drained()
            raise ServeError(f"`{' '.join(command)}` exited with status {self.process.returncode} before printing"
                             f" its URL; it printed:\n{self.output()}")
        match = URL_LINE.search(first[0])
        if not match:
            self.stop()
            raise ServeError(f"the first stdout line of `{' '.join(command)}` is {first[0]!r}, not"
                             f" 'Serving the teaching page on http://HOST:PORT/ (Ctrl-C stops)'")
        self.url = match.group(1)
        host = urllib.parse.urlsplit(self.url).hostname or ""
        if not _is_loopback(host):
            self.stop()
            raise ServeError(f"the server says it listens on {host!r}, not a loopback address; the tests only talk to loopback")

    def stop(self):
        """Stops the server (SIGTERM, then SIGKILL after 5 s); idempotent."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    # ------------------------------------------------------------------ what it printed and its memory
    @property
    def pid(self):
        return self.process.pid if self.process else None

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def output(self, last=40):
        """The last `last` lines the server printed, each tagged with its stream."""
        with self._lock:
            lines = self._lines[-last:]
        return "".join(f"    [{stream}] {line}" for stream, line in lines) or "    (nothing)\n"

    def rss_kib(self):
        """The server's resident set size in KiB from /proc/PID/status, or None once it has exited."""
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except (OSError, ValueError, TypeError):
            return None
        return None

    def _keep(self, stream, line):
        with self._lock:
            self._lines.append((stream, line))
            del self._lines[:-2000]


def stop_on_signals():
    """Makes SIGTERM and SIGHUP end the test like Ctrl-C (SIGINT), so its `finally` blocks stop the server and browser."""
    def interrupted(number, frame):
        raise KeyboardInterrupt(f"signal {signal.Signals(number).name}")
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, interrupted)


def kill_tree(pid):
    """SIGKILLs process `pid` and its descendants (found by parent pid in /proc), by pid; for a watchdog."""
    import os
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    doomed, todo = [], [pid]
    while todo:
        p = todo.pop()
        doomed.append(p)
        todo.extend(children.get(p, []))
    for p in doomed:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass


def _is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def wait_until(predicate, timeout, interval=0.05):
    """Polls `predicate` until it returns a true value (returned) or `timeout` seconds pass (None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)
