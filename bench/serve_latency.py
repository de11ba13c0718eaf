#!/usr/bin/env python3
"""Measure how long an edit takes to reach an open browser tab in `dossier serve`.

Starts `dossier serve --port 0` on a dossier, connects to its live-reload
stream (/__dossier/events) the way a tab does, then edits one article N
times, each edit naming another person (so a mention moves between entity
pages). Each sample is the time from just before the file write to the
arrival of the `build` event that makes the tab reload. Also reads serve's
"rebuilt in X ms" lines, so the build's share of each sample is shown.

  python3 /work/shared/bench/gen_corpus.py --articles 10000 --out /tmp/corpus10k --formats dossier
  cargo build --release
  bench/serve_latency.py --root /tmp/corpus10k/dossier --edits 5

The dossier is copied to a temporary folder first (unless --in-place), so
the corpus itself is never edited; with --in-place the article is restored
when the script ends. Prints the machine's load average before and after,
since on a shared machine other work shows up in the numbers. Stdlib only;
talks only to the loopback address serve prints.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def parse_args():
    here = Path(__file__).resolve().parent.parent
    target = Path(os.environ.get("CARGO_TARGET_DIR", here / "target"))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", required=True, help="the dossier to serve")
    p.add_argument("--bin", default=str(target / "release" / "dossier"), help="the dossier binary")
    p.add_argument("--edits", type=int, default=5, help="number of timed edits")
    p.add_argument("--article", help="article to edit (default: the first in content/articles)")
    p.add_argument("--pause", type=float, default=1.0, help="seconds of quiet before each edit")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for any one event")
    p.add_argument("--in-place", action="store_true", help="edit the dossier itself instead of a temporary copy")
    return p.parse_args()


class EventStream:
    """A minimal server-sent-events reader over a raw socket."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=5)
        self.sock.sendall(f"GET /__dossier/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        self.buf = b""

    def next_event(self, deadline):
        """Returns (event, data) of the next event, or raises TimeoutError."""
        while True:
            # Events end with a blank line; chunked framing may sit between
            # them, so look for the event lines themselves.
            m = re.search(rb"event: (\w+)\ndata: ([^\n]*)\n", self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m.group(1).decode(), m.group(2).decode()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no event")
            self.sock.settimeout(min(left, 1.0))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise ConnectionError("event stream closed")
            self.buf += chunk


def main():
    args = parse_args()
    root = Path(args.root).resolve()
    copy = None
    if not args.in_place:
        copy = Path(tempfile.mkdtemp(prefix="serve-latency-"))
        shutil.copytree(root, copy / "dossier", ignore=shutil.ignore_patterns("public", ".public.dossier-staging"))
        if args.article:
            args.article = str(copy / "dossier" / Path(args.article).resolve().relative_to(root))
        root = copy / "dossier"
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    article = Path(args.article) if args.article else sorted((root / "content" / "articles").glob("*.md"))[0]
    original = article.read_bytes()
    # Each edit names another person and drops the one the edit before
    # named, so every sample moves a mention between entity pages.
    names = []
    for person in sorted((root / "content" / "people").glob("*.md"))[: args.edits]:
        m = re.search(r"^name:\s*(.+?)\s*$", person.read_text(encoding="utf-8"), re.M)
        if m:
            names.append(m.group(1).strip("\"'"))

    started = time.monotonic()
    proc = subprocess.Popen(
        [args.bin, "serve", "--root", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    rebuilt = []  # (monotonic time seen, build ms) from serve's stderr
    first_build_ms = []

    def read_stderr():
        for line in proc.stderr:
            m = re.match(r"rebuilt in (\d+) ms", line)
            if m:
                rebuilt.append(int(m.group(1)))
            m = re.match(r"built (\d+) pages in (\d+) ms", line)
            if m:
                first_build_ms.append(int(m.group(2)))
            if line.startswith(("error", "build failed")):
                sys.stderr.write("serve: " + line)

    threading.Thread(target=read_stderr, daemon=True).start()
    try:
        line = proc.stdout.readline()
        m = re.match(r"serving http://([^:/]+):(\d+)(/\S*)", line)
        if not m:
            sys.exit(f"serve did not start: {line!r}")
        host, port = m.group(1), int(m.group(2))
        for _ in range(100):  # the build line is on stderr, read by a thread
            if first_build_ms:
                break
            time.sleep(0.01)
        print(f"serve up after {time.monotonic() - started:.1f} s (first build {first_build_ms[0] if first_build_ms else '?'} ms); editing {article.relative_to(root)}")

        events = EventStream(host, port)
        kind, data = events.next_event(time.monotonic() + args.timeout)
        build = json.loads(data).get("build")
        samples = []
        for i in range(args.edits):
            time.sleep(args.pause)
            seen = len(rebuilt)
            who = f" {names[i % len(names)]} was named." if names else ""
            text = original + f"\n\nLatency probe {i} at {time.time_ns()}.{who}\n".encode()
            t0 = time.monotonic()
            article.write_bytes(text)
            while True:
                kind, data = events.next_event(t0 + args.timeout)
                state = json.loads(data)
                if kind == "failed":
                    sys.exit(f"the edit did not build:\n{state.get('errors')}")
                if state.get("build") != build:
                    break
            t1 = time.monotonic()
            build = state["build"]
            # The stderr line is printed just before the event is sent.
            for _ in range(50):
                if len(rebuilt) > seen:
                    break
                time.sleep(0.01)
            build_ms = rebuilt[-1] if len(rebuilt) > seen else None
            ms = (t1 - t0) * 1000
            samples.append(ms)
            print(f"edit {i + 1}: {ms:7.0f} ms from write to reload event (build {build_ms} ms)")
        print(f"median {statistics.median(samples):.0f} ms over {len(samples)} edits "
              f"(min {min(samples):.0f}, max {max(samples):.0f})")
        print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    finally:
        article.write_bytes(original)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if copy is not None:
            shutil.rmtree(copy, ignore_errors=True)


if __name__ == "__main__":
    main()
