#!/usr/bin/env python3
"""Cold builds on a freshly made filesystem, one per run.

A "cold" build (no earlier output) right after `rm -rf` of a site is slow on
ext4 without a journal (this machine's root filesystem) for every generator
alike: for each new inode the kernel skips the inodes deleted in the last
minutes (fs/ext4/ialloc.c, find_inode_bit -> recently_deleted), and a site
of tens of thousands of files just deleted makes that a scan of thousands
of entries per file. How much depends on what was deleted when, so
bench/run.py's cold rows swing with the order of the runs.

This script takes that out: before every run it makes a new ext4 (no
journal, like the machine's) in an image file, mounts it, and the tool
writes its site there; nothing was ever deleted on it. The input stays where
it is (in the page cache after the first round). Needs root (mount -o loop).

  bench/fresh_disk.py --corpus /tmp/dossier-bench/corpus/10000 --runs 3 \\
      --zola /path/to/zola            # the corpus folder of bench/run.py

Prints the median wall time, CPU time and peak RSS per tool and dossier's
ratios. Stdlib only.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import REPO, measure  # noqa: E402  (bench/run.py: /usr/bin/time -v around a command)


def sh(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True, help="folder with dossier/, dossier-ns/, hugo/, zola/")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--dossier", default=str(REPO / "target" / "release" / "dossier"))
    p.add_argument("--hugo", default=shutil.which("hugo"))
    p.add_argument("--zola", default=shutil.which("zola"))
    p.add_argument("--image", default="/var/tmp/dossier-fresh-disk.img")
    p.add_argument("--size", default="8G", help="image size (sparse)")
    p.add_argument("--mount", default="/mnt/dossier-fresh-disk")
    args = p.parse_args()
    if os.geteuid() != 0:
        sys.exit("fresh_disk.py needs root to mount the image (mount -o loop)")
    corpus = Path(args.corpus).resolve()
    mnt = Path(args.mount)
    tools = {
        "dossier (search on)": [args.dossier, "build", "-q", "--root", str(corpus / "dossier"), "--output", str(mnt / "site")],
        "dossier (search off)": [args.dossier, "build", "-q", "--root", str(corpus / "dossier-ns"), "--output", str(mnt / "site")],
    }
    if args.hugo:
        tools["hugo"] = [args.hugo, "--source", str(corpus / "hugo"), "--destination", str(mnt / "site"), "--quiet"]
    if args.zola:
        tools["zola"] = [args.zola, "--root", str(corpus / "zola"), "build", "--output-dir", str(mnt / "site")]
    mnt.mkdir(parents=True, exist_ok=True)
    results = {name: [] for name in tools}
    names = list(tools)
    for rnd in range(args.runs):
        order = names[rnd % len(names):] + names[:rnd % len(names)]
        line = []
        for name in order:
            subprocess.run(["umount", str(mnt)], stderr=subprocess.DEVNULL)
            sh("truncate", "-s", "0", args.image)
            sh("truncate", "-s", args.size, args.image)
            sh("mkfs.ext4", "-q", "-F", "-O", "^has_journal", args.image)
            sh("mount", "-o", "loop", args.image, str(mnt))
            os.sync()
            with tempfile.TemporaryDirectory() as logs:
                r = measure(tools[name], Path(logs) / "run", timeout=3600)
                if r["status"] != 0:
                    err = (Path(logs) / "run.err").read_text(errors="replace")
                    sys.exit(f"failed: {' '.join(tools[name])}\n{err[-2000:]}")
            r["rss"] /= 1024
            results[name].append(r)
            line.append(f"{name} {r['wall']:.2f}s")
        print(f"round {rnd + 1}: " + ", ".join(line), flush=True)
    subprocess.run(["umount", str(mnt)], stderr=subprocess.DEVNULL)
    Path(args.image).unlink(missing_ok=True)

    med = {n: {k: statistics.median(r[k] for r in rs) for k in ("wall", "user", "sys", "rss")}
           for n, rs in results.items()}
    print(f"\nmedians of {args.runs} runs, each on a new filesystem ({corpus})")
    print(f"{'tool':22} {'wall s':>8} {'user s':>8} {'sys s':>8} {'RSS MB':>8}  on/x time  on/x RSS")
    on = med["dossier (search on)"]
    for n, m in med.items():
        print(f"{n:22} {m['wall']:8.2f} {m['user']:8.2f} {m['sys']:8.2f} {m['rss']:8.0f}"
              f"  {on['wall'] / m['wall']:9.2f}  {on['rss'] / m['rss']:8.2f}")


if __name__ == "__main__":
    main()
