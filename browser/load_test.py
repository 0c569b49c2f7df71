#!/usr/bin/env python3
"""A bounded load test of the teaching page's server, on loopback only; standard library only.

Starts `BINARY serve --port 0 --host 127.0.0.1` (browser/served.py) and runs
--clients (default 20) clients for --seconds (default 30), each one page that
moves a slider: it asks POST /api/edit to set a kinetic control of the served
scenario (--scenario, default single-pregnancy) to a new value, then POST
/api/answer with the text it got, under its own session and with sequence
numbers that only increase. One change in four is a drag: the next change is
sent 20 ms after the previous one, before its answer came, so the server
cancels the older computation (409 superseded, counted, not an error).

Every request has a 30 s timeout; each client stops at the deadline (it waits
for the request it has in flight); a watchdog kills everything at
seconds + 90 s. The server's resident memory is read from /proc/PID/status
every 0.5 s.

Passes when:
 - every reply is 200 (an answer or needsStochastic) or 409 superseded (answer only):
   no 4xx/5xx otherwise, no timeout, no dropped connection;
 - at least one answer per client came back;
 - memory stays flat: after a warm-up (the first third of the run), the largest
   RSS of the last third is at most 1.25 times the largest RSS of the middle third;
 - the server still answers GET /api/library afterwards, and is still running.

Prints the request counts by kind and status, and the p50/p95/max latency of the
answers (200 only; superseded ones are counted, not timed), of a whole change
(edit + answer, for changes that got an answer) and of the edits, in milliseconds.
Exit status: 0 passed, 1 failed, 2 usage.
"""

import argparse
import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from served import Served, ServeError, stop_on_signals

ROOT = Path(__file__).resolve().parent.parent
REQUEST_TIMEOUT = 30.0
FLAT_FACTOR = 1.25


class Client(threading.Thread):
    """One page: edits and answers in a loop until the deadline."""

    def __init__(self, index, base, scenario, control, deadline, record):
        super().__init__(daemon=True)
        self.index = index
        self.base = base
        self.scenario = scenario
        self.control = control
        self.deadline = deadline
        self.record = record
        self.session = f"load-{index:02d}"
        self.sequence = 0
        self.random = random.Random(1000 + index)
        self.answers = 0

    def post(self, path, body):
        """(status, parsed JSON or None, seconds); status 0 for a network failure or timeout."""
        data = json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base + path, data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        start = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as reply:
                payload = reply.read()
                status = reply.status
        except urllib.error.HTTPError as error:
            payload = error.read()
            status = error.code
        except (OSError, urllib.error.URLError) as error:
            return 0, {"error": f"{type(error).__name__}: {error}"}, time.monotonic() - start
        elapsed = time.monotonic() - start
        try:
            return status, json.loads(payload.decode("utf-8")), elapsed
        except (UnicodeDecodeError, json.JSONDecodeError):
            return status, {"error": f"not JSON: {payload[:200]!r}"}, elapsed

    def value(self):
        c = self.control
        return self.random.uniform(c["minimum"], c["maximum"])

    def edit(self):
        edits = [{"op": "setKinetic", "id": self.control["id"], "value": self.value()}]
        status, body, seconds = self.post("api/edit", {"yaml": self.scenario["yaml"], "file": self.scenario["file"],
                                                       "edits": edits})
        self.record("edit", status, seconds, body)
        return body.get("yaml") if status == 200 and isinstance(body, dict) else None

    def answer(self, yaml, results):
        self.sequence += 1
        body = {"session": self.session, "sequence": self.sequence,
                "request": {"yaml": yaml, "file": self.scenario["file"], "assay": "y_chromosome", "stochastic": False}}
        status, reply, seconds = self.post("api/answer", body)
        ok = status == 200 and isinstance(reply, dict) and reply.get("sequence") == body["sequence"] \
            and ("answer" in reply or "needsStochastic" in reply)
        if status == 200 and not ok:
            status = -1  # a 200 that is not an answer for this sequence
        self.record("answer", status, seconds, reply)
        results.append((status, seconds))

    def run(self):
        while time.monotonic() < self.deadline:
            started = time.monotonic()
            yaml = self.edit()
            if yaml is None:
                continue
            results = []
            if self.random.random() < 0.25:  # a drag: a newer change before the older one is answered
                older = threading.Thread(target=self.answer, args=(yaml, results), daemon=True)
                older.start()
                time.sleep(0.02)
                newer_yaml = self.edit()
                if newer_yaml is not None:
                    self.answer(newer_yaml, results)
                older.join(REQUEST_TIMEOUT + 5)
            else:
                self.answer(yaml, results)
            self.answers += sum(1 for s, _ in results if s == 200)
            if any(s == 200 for s, _ in results):
                self.record("change", 200, time.monotonic() - started, None)


def percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q * (len(ordered) - 1)))))
    return ordered[k]


def main():
    parser = argparse.ArgumentParser(description="20 pages moving sliders for 30 s against `microchimera serve`.")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--library", default=str(ROOT / "scenarios"))
    parser.add_argument("--scenario", default="single-pregnancy")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 3 <= args.seconds <= 600:
        parser.error("--clients must be 1...64 and --seconds 3...600 (the test is bounded)")
    stop_on_signals()

    lock = threading.Lock()
    counts = Counter()
    latencies = {"edit": [], "answer": [], "change": []}
    problems = []

    def record(kind, status, seconds, body):
        with lock:
            counts[(kind, status)] += 1
            if status == 200:  # latencies of what a page shows: superseded answers are counted, not timed
                latencies[kind].append(seconds)
            if not (status == 200 or (kind == "answer" and status == 409)) and len(problems) < 10:
                problems.append(f"{kind}: status {status}: {json.dumps(body)[:300]}")

    server = Served(args.binary, args.library)
    finished = threading.Event()

    def watchdog():
        if not finished.wait(args.seconds + 90):
            print(f"load: FAILED: still running {args.seconds + 90:.0f} s after the start; stopping", file=sys.stderr, flush=True)
            server.stop()
            os._exit(1)

    threading.Thread(target=watchdog, daemon=True).start()
    try:
        server.start()
        with urllib.request.urlopen(server.url + f"api/scenario/{args.scenario}", timeout=REQUEST_TIMEOUT) as reply:
            scenario = json.loads(reply.read().decode("utf-8"))
        scenario["file"] = f"{args.scenario}.yaml"
        kinetics = scenario["controls"]["kinetics"]
        if not kinetics:
            print(f"load: FAILED: {args.scenario} has no kinetic control to move", file=sys.stderr)
            return 1
        control = next((k for k in kinetics if "half" in k["id"]), kinetics[0])
        rss = [(0.0, server.rss_kib())]
        print(f"load: {args.clients} clients moving '{control['label']}' of {args.scenario} for {args.seconds:.0f} s"
              f" against {server.url} (pid {server.pid}, {rss[0][1]} KiB resident)", flush=True)
        start = time.monotonic()
        deadline = start + args.seconds
        clients = [Client(i, server.url, scenario, control, deadline, record) for i in range(args.clients)]
        for c in clients:
            c.start()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            rss.append((time.monotonic() - start, server.rss_kib()))
        for c in clients:
            c.join(REQUEST_TIMEOUT * 2 + 10)
        stuck = [c.session for c in clients if c.is_alive()]
        with urllib.request.urlopen(server.url + "api/library", timeout=REQUEST_TIMEOUT) as reply:
            after_status = reply.status
        alive = server.alive()
    except ServeError as error:
        print(f"load: FAILED: {error}", file=sys.stderr)
        print("load: 0 passed, 1 failed")
        return 1
    except (OSError, KeyError, ValueError, KeyboardInterrupt) as error:
        print(f"load: FAILED: {type(error).__name__}: {error}; the server printed:", file=sys.stderr)
        print(server.output(), file=sys.stderr, end="")
        print("load: 0 passed, 1 failed")
        return 1
    finally:
        finished.set()
        server.stop()

    failures = []
    if problems:
        failures.append("errors: " + "; ".join(problems))
    if stuck:
        failures.append(f"clients still waiting at the end: {stuck}")
    quiet = [c.session for c in clients if c.answers == 0]
    if quiet:
        failures.append(f"clients that got no answer at all: {quiet}")
    samples = [(t, k) for t, k in rss if k is not None]
    third = args.seconds / 3
    middle = [k for t, k in samples if third <= t < 2 * third]
    last = [k for t, k in samples if t >= 2 * third]
    if not middle or not last:
        failures.append(f"too few memory samples ({len(samples)}) to judge")
    elif max(last) > FLAT_FACTOR * max(middle):
        failures.append(f"memory grows: largest RSS {max(last)} KiB in the last third, {max(middle)} KiB in the middle"
                        f" third (> {FLAT_FACTOR}x)")
    if after_status != 200 or not alive:
        failures.append(f"after the load: GET /api/library {after_status}, server running: {alive}")

    elapsed = time.monotonic() - start
    total = sum(counts.values()) - sum(n for (kind, _), n in counts.items() if kind == "change")
    print(f"load: {total} requests in {elapsed:.1f} s ({total / elapsed:.1f}/s): "
          + ", ".join(f"{kind} {status}: {n}" for (kind, status), n in sorted(counts.items()) if kind != "change"))
    for kind in ("answer", "change", "edit"):
        ms = [1000 * s for s in latencies[kind]]
        label = {"answer": "POST /api/answer (200)", "change": "change (edit + answer)", "edit": "POST /api/edit"}[kind]
        print(f"load: {label:24} n={len(ms):5}  p50 {percentile(ms, 0.5):8.1f} ms  p95 {percentile(ms, 0.95):8.1f} ms"
              f"  max {max(ms) if ms else float('nan'):8.1f} ms")
    if middle and last:
        print(f"load: RSS at start {rss[0][1]} KiB; largest {max(middle)} KiB in the middle third, {max(last)} KiB in"
              f" the last (flat: last <= {FLAT_FACTOR} x middle)")
    superseded = counts[("answer", 409)]
    print(f"load: {superseded} answers superseded by a newer change of the same page (409, expected)")
    for f in failures:
        print(f"load: FAILED: {f}", file=sys.stderr)
    print(f"load: {1 if not failures else 0} passed, {len(failures) and 1} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
