#!/usr/bin/env python3
"""Benchmark dossier against Hugo (and Zola when present) on a synthetic corpus.

For each size the corpus is generated once with ../shared/bench/gen_corpus.py
(cached in the work folder), then these are run round-robin, one round after
another, each measured with /usr/bin/time -v:

  dossier      dossier build --root C/dossier          --output O/dossier  --timings -q
  dossier-ns   the same corpus with `[build] search = false` in site.toml
  dossier-cold      search off, output and staging buffer deleted before each run
  dossier-cold-s    search on, the same: nothing to keep, every page indexed
  hugo         hugo --source C/hugo --destination O/hugo --quiet
  zola         zola --root C/zola build --output-dir O/zola
  floor-read   tar cf - -C C/dossier site.toml content | cat > /dev/null
  floor-copy   cp -r O/dossier O/floor-copy

The floor (floor-read + floor-copy) is the time to read the input and to
write dossier's output with nothing in between, which no generator can beat.

Prints median wall time, min/max, CPU time, peak RSS, page counts (index.html
files in each output), the dossier/peer ratios, dossier's --timings phases,
and checks the performance targets.  Stdlib only.

  bench/run.py                                   # 1,000 and 10,000 articles, 5 runs
  bench/run.py --sizes 100000 --runs 3           # the large one, opt-in
  bench/run.py --markdown /tmp/bench.md          # also write the tables as markdown
  bench/run.py --corpus /tmp/real                # a corpus made by bench/realworld.py
"""
import argparse
import datetime
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"
CORPUS_STAMP = ".bench-corpus.json"
HZ = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count() or 1

# label, short description (for the tables)
TOOLS = {
    "dossier": "dossier (search on)",
    "dossier-ns": "dossier (search off)",
    "dossier-cold": "dossier (search off, cold)",
    "dossier-cold-s": "dossier (search on, cold)",
    "hugo": "hugo",
    "zola": "zola",
    "floor-read": "floor: read input",
    "floor-copy": "floor: cp -r output",
}
BUILDERS = ("dossier", "dossier-ns", "dossier-cold", "dossier-cold-s", "hugo", "zola")
# dossier's rows: the normal rebuild over the last output, search on and
# off, and a cold build (output and staging buffer deleted first, untimed).
DOSSIERS = ("dossier", "dossier-ns", "dossier-cold", "dossier-cold-s")


def log(msg=""):
    print(msg, flush=True)


def die(msg):
    print(f"run.py: {msg}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- setup

_apt_updated = False


def apt_install(package):
    """apt-get install -y PACKAGE as root; returns True on success."""
    global _apt_updated
    if os.geteuid() != 0:
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if not _apt_updated:
        log("  apt-get update")
        subprocess.run(["apt-get", "update"], env=env, stdout=subprocess.DEVNULL)
        _apt_updated = True
    log(f"  apt-get install -y {package}")
    r = subprocess.run(["apt-get", "install", "-y", package], env=env, stdout=subprocess.DEVNULL)
    return r.returncode == 0


def ensure_time():
    if os.access(TIME, os.X_OK):
        return
    log(f"{TIME} is missing (Debian package `time`)")
    if not apt_install("time") or not os.access(TIME, os.X_OK):
        die(f"{TIME} is required: run as root or `apt-get install time`")


def find_dossier(args, work):
    """The dossier binary, copied into the work folder so a rebuild during
    the benchmark cannot mix two versions."""
    if args.dossier:
        src = Path(args.dossier).resolve()
        if not src.is_file():
            die(f"--dossier {src}: no such file")
    else:
        target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
        if not target.is_absolute():
            target = REPO / target
        src = target / "release" / "dossier"
        if not src.is_file():
            log(f"{src} is missing: cargo build --release")
            r = subprocess.run(["cargo", "build", "--release", "--manifest-path", str(REPO / "Cargo.toml")])
            if r.returncode != 0 or not src.is_file():
                die("cargo build --release failed")
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    snap = work / "bin" / f"dossier-{digest[:12]}"
    if not snap.exists():
        snap.parent.mkdir(parents=True, exist_ok=True)
        tmp = snap.with_suffix(".tmp")
        shutil.copy2(src, tmp)
        tmp.rename(snap)
    return src, snap, digest


def find_peer(name, given, install):
    if given:
        p = shutil.which(given) or (given if os.access(given, os.X_OK) else None)
        if not p:
            die(f"--{name} {given}: not an executable")
        return p, None
    p = shutil.which(name)
    if p:
        return p, None
    if install:
        if os.geteuid() != 0:
            return None, f"{name} is not installed and this is not root: {name} skipped"
        log(f"{name} is missing: installing Debian's package")
        if apt_install(name) and shutil.which(name):
            return shutil.which(name), None
        return None, f"apt-get install {name} failed: {name} skipped"
    return None, f"no `{name}` on PATH (pass --{name} PATH): {name} skipped"


def version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def machine_info():
    info = {}
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        m = re.search(r"^model name\s*:\s*(.*)$", cpu, re.M)
        info["cpu"] = m.group(1).strip() if m else "?"
    except OSError:
        info["cpu"] = "?"
    info["cores"] = NCPU
    try:
        m = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        info["memory"] = f"{int(m.group(1)) / 1048576:.1f} GiB"
    except (OSError, AttributeError):
        info["memory"] = "?"
    info["kernel"] = os.uname().release
    try:
        m = re.search(r'^PRETTY_NAME="?([^"\n]*)', Path("/etc/os-release").read_text(), re.M)
        info["os"] = m.group(1) if m else "?"
    except OSError:
        info["os"] = "?"
    return info


def filesystem(path):
    r = subprocess.run(["df", "-T", str(path)], capture_output=True, text=True)
    lines = r.stdout.strip().splitlines()
    return lines[-1].split()[1] if len(lines) > 1 else "?"


def git_rev():
    r = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if r.returncode != 0:
        return "?"
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return r.stdout.strip() + (" + uncommitted changes" if dirty else "")


# ---------------------------------------------------------------- corpus

def no_search_toml(text):
    """site.toml with `[build] search = false`."""
    if re.search(r"^\[build\]\s*$", text, re.M):
        if re.search(r"^\s*search\s*=", text, re.M):
            return re.sub(r"^(\s*search\s*=).*$", r"\1 false", text, flags=re.M)
        return re.sub(r"^\[build\]\s*$", "[build]\nsearch = false", text, count=1, flags=re.M)
    return text.rstrip("\n") + "\n\n[build]\nsearch = false\n"


def prepare_corpus(gen, work, size, seed):
    """Generates C/{dossier,hugo,zola} once per size and seed, plus
    C/dossier-ns: the same content (hard links) with search off."""
    root = work / "corpus" / str(size)
    stamp = dict(articles=size, seed=seed, formats="dossier,hugo,zola",
                 generator=hashlib.sha256(gen.read_bytes()).hexdigest())
    try:
        if json.loads((root / CORPUS_STAMP).read_text()) == stamp:
            log(f"corpus {size}: cached in {root}")
            return root
    except (OSError, ValueError):
        pass
    tmp = root.with_name(f"{size}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    cmd = [sys.executable, str(gen), "--articles", str(size), "--seed", str(seed),
           "--out", str(tmp), "--formats", "dossier,hugo,zola"]
    log(f"corpus {size}: {shlex.join(cmd)}")
    t = time.perf_counter()
    if subprocess.run(cmd).returncode != 0:
        die("corpus generation failed")
    ns = tmp / "dossier-ns"
    ns.mkdir()
    (ns / "site.toml").write_text(no_search_toml((tmp / "dossier" / "site.toml").read_text()))
    if subprocess.run(["cp", "-al", str(tmp / "dossier" / "content"), str(ns / "content")]).returncode != 0:
        shutil.rmtree(ns / "content", ignore_errors=True)
        shutil.copytree(tmp / "dossier" / "content", ns / "content")
    (tmp / CORPUS_STAMP).write_text(json.dumps(stamp))
    tmp.rename(root)
    log(f"corpus {size}: generated in {time.perf_counter() - t:.0f} s")
    return root


# ---------------------------------------------------------------- measuring

def cpu_busy():
    """Busy jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal
    return v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)


def parse_elapsed(s):
    parts = [float(x) for x in s.strip().split(":")]
    secs = 0.0
    for p in parts:
        secs = secs * 60 + p
    return secs


def measure(cmd, log_base, timeout):
    """Runs cmd under /usr/bin/time -v. Returns a dict with wall (s, from a
    monotonic clock), elapsed (s, GNU time's 10 ms figure), rss (kB), user,
    sys, status and foreign (CPU seconds other processes used meanwhile)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        tpath = tf.name
    out = open(f"{log_base}.out", "wb")
    err = open(f"{log_base}.err", "wb")
    busy0 = cpu_busy()
    t0 = time.perf_counter()
    p = subprocess.Popen([TIME, "-v", "-o", tpath, "--"] + cmd, stdout=out, stderr=err,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    timed_out = False
    try:
        p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    wall = time.perf_counter() - t0
    busy1 = cpu_busy()
    out.close()
    err.close()
    text = Path(tpath).read_text(errors="replace")
    os.unlink(tpath)

    def field(name, conv=float, default=None):
        m = re.search(rf"^\s*{re.escape(name)}.*?:\s*(\S+)\s*$", text, re.M)
        return conv(m.group(1)) if m else default

    r = dict(wall=wall,
             elapsed=field("Elapsed (wall clock) time", parse_elapsed),
             rss=field("Maximum resident set size", int),
             user=field("User time (seconds)"),
             sys=field("System time (seconds)"),
             status=field("Exit status", int, p.returncode),
             timed_out=timed_out)
    if r["user"] is not None and r["sys"] is not None:
        r["foreign"] = max(0.0, (busy1 - busy0) / HZ - r["user"] - r["sys"])
    if timed_out or p.returncode != 0 or re.search(r"terminated by signal", text):
        r["status"] = r["status"] or p.returncode or -1
    return r


PHASE = re.compile(r"^\s+(\S(?:.*\S)?)\s+([0-9.]+) ms\s*$")


def phases(err_file):
    """dossier --timings lines from a build's stderr: {phase: ms}."""
    out = {}
    for line in Path(err_file).read_text(errors="replace").splitlines():
        m = PHASE.match(line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def count_output(path):
    """index.html files (pages), per top-level folder, all files and bytes."""
    pages, files, size, per = 0, 0, 0, {}
    path = Path(path)
    for dirpath, dirnames, filenames in os.walk(path):
        rel = Path(dirpath).relative_to(path)
        top = rel.parts[0] if rel.parts else "(root)"
        for f in filenames:
            files += 1
            try:
                size += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                pass
            if f == "index.html":
                pages += 1
                per[top] = per.get(top, 0) + 1
    return dict(pages=pages, files=files, bytes=size, sections=per)


def rm(path):
    if os.path.lexists(path):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)


# ---------------------------------------------------------------- one size

def plan(size, corpus, out, bins, args):
    """The runs of one size: {name: (argv, prepare-before-each-run)}."""
    d = bins["dossier"]
    runs = {}

    def dossier_cmd(root, dest):
        return [str(d), "build", "--root", str(root), "--output", str(dest), "--timings", "-q"]

    runs["dossier"] = (dossier_cmd(corpus / "dossier", out / "dossier"), None)
    if "nosearch" not in args.skip:
        runs["dossier-ns"] = (dossier_cmd(corpus / "dossier-ns", out / "dossier-ns"), None)
        if "cold" not in args.skip:
            def cold():
                rm(out / "dossier-cold")
                rm(out / ".dossier-cold.dossier-staging")
            runs["dossier-cold"] = (dossier_cmd(corpus / "dossier-ns", out / "dossier-cold"), cold)
    if "cold" not in args.skip and "coldsearch" not in args.skip:
        # Search on, cold: nothing to keep, so every page is indexed.
        def cold_search():
            rm(out / "dossier-cold-s")
            rm(out / ".dossier-cold-s.dossier-staging")
        runs["dossier-cold-s"] = (dossier_cmd(corpus / "dossier", out / "dossier-cold-s"), cold_search)
    fresh = args.peer_output == "fresh"
    if bins.get("hugo"):
        runs["hugo"] = ([bins["hugo"], "--source", str(corpus / "hugo"), "--destination", str(out / "hugo"),
                         "--quiet"], (lambda: rm(out / "hugo")) if fresh else None)
    if bins.get("zola"):
        cmd = [bins["zola"], "--root", str(corpus / "zola"), "build", "--output-dir", str(out / "zola")]
        if not fresh and bins.get("zola_force"):
            cmd.append("--force")
        runs["zola"] = (cmd, (lambda: rm(out / "zola")) if fresh else None)
    if "floor" not in args.skip:
        runs["floor-read"] = (["sh", "-c", f"tar cf - -C {shlex.quote(str(corpus / 'dossier'))} site.toml content"
                               f" | cat > /dev/null"], None)
        runs["floor-copy"] = (["cp", "-r", str(out / "dossier"), str(out / "floor-copy")],
                              lambda: rm(out / "floor-copy"))
    return runs


def bench_size(size, corpus, bins, args, work, label=None):
    out = work / "out" / (label or str(size))
    logs = work / "logs" / (label or str(size))
    out.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    for stale in ("hugo", "zola", "floor-copy"):
        rm(out / stale)
    runs = plan(size, corpus, out, bins, args)
    names = list(runs)
    results = {n: [] for n in names}
    failed = {}
    total = args.warmup + args.runs
    log(f"\n== {size} articles: {args.warmup} warm-up + {args.runs} timed rounds of {', '.join(names)}")
    for rnd in range(total):
        warm = rnd < args.warmup
        # Rotate the starting tool each round so none always runs right after
        # the same neighbour (page-cache and write-back effects).
        order = names[rnd % len(names):] + names[:rnd % len(names)]
        # floor-copy copies dossier's output, which must exist by then.
        if rnd == 0 and "floor-copy" in order:
            order.remove("floor-copy")
            order.append("floor-copy")
        line = []
        for n in order:
            if n in failed or (n == "floor-copy" and "dossier" in failed):
                continue
            cmd, prep = runs[n]
            if prep:
                prep()
            os.sync()
            tag = f"warmup{rnd}" if warm else f"run{rnd - args.warmup}"
            r = measure(cmd, logs / f"{n}-{tag}", args.timeout)
            if r["status"] != 0:
                failed[n] = r
                tail = Path(f"{logs / f'{n}-{tag}'}.err").read_text(errors="replace").strip().splitlines()[-8:]
                log(f"  {n} FAILED (exit {r['status']}{', timed out' if r['timed_out'] else ''}); "
                    f"see {logs}/{n}-{tag}.err:")
                for t in tail:
                    log(f"    {t}")
                continue
            if n.startswith("dossier"):
                r["phases"] = phases(f"{logs / f'{n}-{tag}'}.err")
            if not warm:
                results[n].append(r)
            line.append(f"{n} {r['wall']:.2f}s")
        log(f"  {'warm-up' if warm else 'round ' + str(rnd - args.warmup + 1)}: " + ", ".join(line))
    rm(out / "floor-copy")
    counts = {n: count_output(out / n) for n in BUILDERS if n in runs and n not in failed}
    return dict(size=size, commands={n: runs[n][0] for n in names}, runs=results,
                failed={n: {k: v for k, v in r.items() if k != "phases"} for n, r in failed.items()},
                counts=counts)


# ---------------------------------------------------------------- summary

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def summarize(res):
    s = {}
    for n, rs in res["runs"].items():
        if not rs:
            continue
        walls = [r["wall"] for r in rs]
        s[n] = dict(wall=med(walls), min=min(walls), max=max(walls),
                    cpu=med([(r["user"] or 0) + (r["sys"] or 0) for r in rs]),
                    rss=med([r["rss"] for r in rs]),
                    foreign=med([r.get("foreign") for r in rs]),
                    n=len(rs))
        if n in res["counts"]:
            s[n]["pages"] = res["counts"][n]["pages"]
        if n.startswith("dossier"):
            keys = []
            for r in rs:
                for k in r.get("phases", {}):
                    if k not in keys:
                        keys.append(k)
            s[n]["phases"] = {k: med([r.get("phases", {}).get(k) for r in rs]) for k in keys}
    if "floor-read" in s and "floor-copy" in s:
        s["floor"] = dict(wall=s["floor-read"]["wall"] + s["floor-copy"]["wall"])
    return s


def fmt(x, spec, none="–"):
    return none if x is None else format(x, spec)


def table_rows(size, s):
    base = s.get("dossier")
    rows = []
    for n in DOSSIERS + ("hugo", "zola", "floor-read", "floor-copy", "floor"):
        if n not in s:
            continue
        v = s[n]
        if n == "floor":
            rows.append([f"{size:,}", "floor (read + copy)", fmt(v["wall"], ".3f"), "", "", "", "", "",
                         fmt(base and base["wall"] / v["wall"], ".2f"), ""])
            continue
        rows.append([f"{size:,}", TOOLS[n], fmt(v["wall"], ".3f"), f"{v['min']:.3f}–{v['max']:.3f}",
                     fmt(v["cpu"], ".2f"), fmt(v["rss"] and v["rss"] / 1024, ".1f"),
                     fmt(v.get("pages"), ",", ""),
                     fmt(v["foreign"] and 100 * v["foreign"] / (v["wall"] * NCPU), ".0f"),
                     fmt(base and base["wall"] / v["wall"], ".2f"),
                     "" if n.startswith("floor") else fmt(base and v["rss"] and base["rss"] / v["rss"], ".2f")])
    return rows


HEAD = ["articles", "tool", "median s", "min–max s", "CPU s", "peak RSS MB", "pages", "other load %",
        "dossier/x time", "dossier/x RSS"]


def text_table(rows):
    w = [max(len(str(r[i])) for r in [HEAD] + rows) for i in range(len(HEAD))]
    right = {0, 2, 3, 4, 5, 6, 7, 8, 9}
    out = []
    for j, r in enumerate([HEAD] + rows):
        out.append("  ".join(str(c).rjust(w[i]) if i in right else str(c).ljust(w[i]) for i, c in enumerate(r)))
        if j == 0:
            out.append("  ".join("-" * x for x in w))
    return "\n".join(out)


def md_table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def check(label, value, limit, ok_if_le=True):
    if value is None:
        return [label, "–", f"≤ {limit}", "SKIP"]
    ok = value <= limit if ok_if_le else value >= limit
    return [label, f"{value:.2f}", f"≤ {limit}", "PASS" if ok else "FAIL"]


def targets(summaries, results, notes):
    """The issue's targets: at 10,000 against Zola, Hugo and the floor; at
    100,000 against 10,000."""
    rows = []
    s10 = summaries.get(10000)
    variants = [("dossier", "search on"), ("dossier-ns", "search off"), ("dossier-cold", "search off, cold"),
                ("dossier-cold-s", "search on, cold")]
    if s10:
        for n, what in variants:
            if n not in s10:
                continue
            d = s10[n]
            pre = f"10,000 {what}:"
            z, h, f = s10.get("zola"), s10.get("hugo"), s10.get("floor")
            rows.append(check(f"{pre} time / zola's", z and d["wall"] / z["wall"], 0.5)
                        if z else [f"{pre} time / zola's", "–", "≤ 0.5", "SKIP (no zola)"])
            rows.append(check(f"{pre} time / hugo's", h and d["wall"] / h["wall"], 0.2)
                        if h else [f"{pre} time / hugo's", "–", "≤ 0.2", "SKIP (no hugo)"])
            rows.append(check(f"{pre} time / floor", f and d["wall"] / f["wall"], 3)
                        if f else [f"{pre} time / floor", "–", "≤ 3", "SKIP (no floor)"])
            rows.append(check(f"{pre} peak RSS / zola's", z and z["rss"] and d["rss"] / z["rss"], 0.5)
                        if z else [f"{pre} peak RSS / zola's", "–", "≤ 0.5", "SKIP (no zola)"])
            ph = d.get("phases") or {}
            total = sum(v for v in ph.values() if v is not None)
            if ph.get("mentions") is not None and total:
                rows.append(check(f"{pre} mentions phase / whole build", ph["mentions"] / total, 0.2))
    if 100000 in results:
        s100 = summaries.get(100000, {})
        for n, what in variants:
            if n not in results[100000]["runs"]:
                continue
            pre = f"100,000 {what}:"
            ok = n not in results[100000]["failed"] and n in s100
            rows.append([f"{pre} build finishes", "yes" if ok else "no", "yes", "PASS" if ok else "FAIL"])
            if ok and s10 and n in s10:
                rows.append(check(f"{pre} time / 10,000's", s100[n]["wall"] / s10[n]["wall"], 12))
                rows.append(check(f"{pre} peak RSS / 10,000's", s100[n]["rss"] / s10[n]["rss"], 12))
            elif ok:
                rows.append([f"{pre} time, RSS / 10,000's", "–", "≤ 12", "SKIP (10000 not in --sizes)"])
    return rows


def phase_rows(summaries):
    keys = []
    for s in summaries.values():
        for n in DOSSIERS:
            for k in s.get(n, {}).get("phases", {}):
                if k not in keys:
                    keys.append(k)
    rows = []
    for size, s in summaries.items():
        for n in DOSSIERS:
            ph = s.get(n, {}).get("phases")
            if ph:
                vals = [ph.get(k) for k in keys]
                rows.append([f"{size:,}", TOOLS[n]] + [fmt(v, ".1f") for v in vals]
                            + [f"{sum(v for v in vals if v is not None):.1f}"])
    return ["articles", "dossier"] + keys + ["sum"], rows


# ---------------------------------------------------------------- main

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1000,10000", help="comma list of article counts (default 1000,10000)")
    p.add_argument("--runs", type=int, default=5, help="timed runs of each tool per size (default 5)")
    p.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    p.add_argument("--dossier", help="dossier binary (default <repo>/target/release/dossier, built if missing)")
    p.add_argument("--work", default="/tmp/dossier-bench", help="corpora, outputs and logs (default /tmp/dossier-bench)")
    p.add_argument("--hugo", help="hugo binary (default: hugo on PATH, apt-get installed if missing and root)")
    p.add_argument("--zola", help="zola binary (default: zola on PATH, else skipped)")
    p.add_argument("--gen", help="gen_corpus.py (default <repo>/../shared/bench/gen_corpus.py)")
    p.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    p.add_argument("--skip", default="", help="comma list of hugo,zola,nosearch,cold,coldsearch,floor to leave out")
    p.add_argument("--peer-output", choices=("fresh", "reuse"), default="fresh",
                   help="fresh (default): delete hugo's/zola's output before each run, untimed; "
                        "reuse: build over the previous output (zola gets --force)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per run before it counts as failed")
    p.add_argument("--markdown", help="also write the tables, machine and commands to this file")
    p.add_argument("--corpus", help="build this corpus (dossier/, dossier-ns/, hugo/, zola/ inside, as "
                                    "bench/realworld.py writes it) instead of generating --sizes; "
                                    "the targets are not checked, they are for the synthetic corpus")
    args = p.parse_args()
    try:
        sizes = [int(x.replace("_", "")) for x in args.sizes.split(",") if x.strip()]
    except ValueError:
        die(f"--sizes {args.sizes}: expected a comma list of integers")
    if args.runs < 1:
        die("--runs must be at least 1")
    args.skip = {x.strip() for x in args.skip.split(",") if x.strip()}
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    gen = Path(args.gen).resolve() if args.gen else (REPO.parent / "shared" / "bench" / "gen_corpus.py").resolve()
    if not gen.is_file():
        die(f"corpus generator not found at {gen} (pass --gen PATH)")

    ensure_time()
    notes = []
    dsrc, dbin, dsha = find_dossier(args, work)
    bins = {"dossier": dbin}
    for name in ("hugo", "zola"):
        if name in args.skip:
            notes.append(f"{name} skipped (--skip)")
            continue
        path, note = find_peer(name, getattr(args, name), install=(name == "hugo"))
        bins[name] = path
        if note:
            notes.append(note)
    if bins.get("zola"):
        h = subprocess.run([bins["zola"], "build", "--help"], capture_output=True, text=True)
        bins["zola_force"] = "--force" in h.stdout + h.stderr

    info = machine_info()
    info["filesystem"] = f"{filesystem(work)} ({work})"
    versions = {"dossier": f"{version([str(dbin), '--version'])} ({dsrc}, sha256 {dsha[:12]}, repo {git_rev()})"}
    if bins.get("hugo"):
        versions["hugo"] = f"{version([bins['hugo'], 'version'])} ({bins['hugo']})"
    if bins.get("zola"):
        versions["zola"] = f"{version([bins['zola'], '--version'])} ({bins['zola']})"
    versions["python"] = sys.version.split()[0]
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load0 = os.getloadavg()
    invocation = shlex.join([sys.executable, *sys.argv])

    log(f"dossier bench, {started}")
    log(f"machine: {info['cpu']}, {info['cores']} cores, {info['memory']}, {info['os']}, "
        f"Linux {info['kernel']}, {info['filesystem']}")
    for k, v in versions.items():
        log(f"{k}: {v}")
    log(f"load average at start: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}")
    for n in notes:
        log(f"note: {n}")

    results, summaries = {}, {}
    given = Path(args.corpus).resolve() if args.corpus else None
    if given:
        articles = given / "dossier" / "content" / "articles"
        if not all((given / d).is_dir() for d in ("dossier", "dossier-ns", "hugo", "zola")) or not articles.is_dir():
            die(f"--corpus {given}: expected dossier/, dossier-ns/, hugo/ and zola/ in it (bench/realworld.py)")
        sizes = [sum(1 for _ in articles.glob("*.md"))]
        notes.append(f"corpus {given} (not generated; targets not checked)")
    for size in sizes:
        if given:
            results[size] = bench_size(size, given, bins, args, work, label=f"corpus-{given.name}")
        else:
            corpus = prepare_corpus(gen, work, size, args.seed)
            results[size] = bench_size(size, corpus, bins, args, work)
        summaries[size] = summarize(results[size])
        log(text_table(table_rows(size, summaries[size])))

    load1 = os.getloadavg()
    rows = [r for size in sizes for r in table_rows(size, summaries[size])]
    log("\n== results (medians of %d runs; wall time from a monotonic clock around /usr/bin/time -v)" % args.runs)
    log(text_table(rows))
    log("  dossier/x: dossier (search on) divided by that row: below 1 means dossier is faster or smaller.")
    log("  other load %: CPU time other processes used during the run, as a share of all cores "
        "(noise indicator).")
    noisy = [(size, n, v["foreign"] / (v["wall"] * NCPU)) for size, s in summaries.items()
             for n, v in s.items() if v.get("foreign") is not None and v["foreign"] / (v["wall"] * NCPU) > 0.1]
    if noisy:
        log(f"  WARNING: other processes used over 10% of the machine during {len(noisy)} of the measured "
            f"tools' runs (median); absolute numbers are noisy.")
    log(f"  load average at start {load0[0]:.2f}, at end {load1[0]:.2f} ({NCPU} cores)")

    log("\n== pages (index.html files) per top-level folder")
    for size in sizes:
        for n, c in results[size]["counts"].items():
            secs = ", ".join(f"{k} {v:,}" for k, v in sorted(c["sections"].items(), key=lambda kv: -kv[1]))
            log(f"  {size:,} {n}: {c['pages']:,} pages, {c['files']:,} files, {c['bytes'] / 1048576:.0f} MB — {secs}")

    ph_head, ph_rows = phase_rows(summaries)
    if ph_rows:
        log("\n== dossier --timings, median ms per phase")
        w = [max(len(str(r[i])) for r in [ph_head] + ph_rows) for i in range(len(ph_head))]
        for r in [ph_head] + ph_rows:
            log("  " + "  ".join(str(c).rjust(w[i]) for i, c in enumerate(r)))

    t_rows = [] if given else targets(summaries, results, notes)
    if t_rows:
        log("\n== targets")
        w = [max(len(str(r[i])) for r in t_rows) for i in range(4)]
        for r in t_rows:
            log("  " + "  ".join(str(c).ljust(w[i]) for i, c in enumerate(r)))

    failures = [(size, n, r) for size in sizes for n, r in results[size]["failed"].items()]
    for size, n, r in failures:
        log(f"FAILED: {n} at {size:,} articles (exit {r['status']}); logs in {work}/logs/{size}/")

    commands = {n: shlex.join(str(c) for c in cmd) for size in sizes[:1]
                for n, cmd in results[size]["commands"].items()}
    log("\n== commands (for the first size; other sizes differ only in the number in the paths)")
    log(f"  {invocation}")
    for n, c in commands.items():
        log(f"  {n}: {c}")

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    raw = work / f"results-{stamp}.json"
    raw.write_text(json.dumps(dict(started=started, machine=info, versions=versions, notes=notes,
                                   invocation=invocation, load=[load0, load1], args=vars(args) | {"skip": sorted(args.skip)},
                                   results=results, summaries=summaries), indent=1, default=str))
    log(f"raw results: {raw}")

    if args.markdown:
        md = [f"## dossier benchmark, {started}", "",
              f"- machine: {info['cpu']}, {info['cores']} cores, {info['memory']}, {info['os']}, "
              f"Linux {info['kernel']}, {info['filesystem']}",
              *[f"- {k}: {v}" for k, v in versions.items()],
              f"- load average: {load0[0]:.2f} at start, {load1[0]:.2f} at end",
              f"- {args.runs} timed runs per tool after {args.warmup} warm-up round(s), round-robin; medians",
              *[f"- note: {n}" for n in notes], "",
              md_table(HEAD, rows), ""]
        if noisy:
            md += ["**Other processes used over 10% of the machine during some runs: absolute numbers are noisy.**", ""]
        if ph_rows:
            md += ["dossier `--timings`, median ms per phase:", "", md_table(ph_head, ph_rows), ""]
        if t_rows:
            md += ["Targets:", "", md_table(["target", "value", "limit", "result"], t_rows), ""]
        md += ["Pages (index.html files):", ""]
        for size in sizes:
            for n, c in results[size]["counts"].items():
                md.append(f"- {size:,} {TOOLS[n]}: {c['pages']:,} pages, {c['files']:,} files, "
                          f"{c['bytes'] / 1048576:.0f} MB")
        md += ["", "Commands:", "", "```", invocation, *[f"{c}" for c in commands.values()], "```", ""]
        Path(args.markdown).write_text("\n".join(md))
        log(f"markdown: {args.markdown}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
