#!/usr/bin/env python3
"""Turn any folders of real-world markdown into a corpus bench/run.py builds.

The synthetic corpus of ../shared/bench/gen_corpus.py is regular by design;
this one is not: documentation, books and blogs from outside the project,
with their own front-matter (YAML or TOML, or none), long code blocks,
tables, raw HTML and links into each other. Every markdown file becomes one
article, written in the same three layouts as gen_corpus.py (dossier/,
dossier-ns/, hugo/, zola/) so the builders are compared on the same work:

  title   front-matter `title`, else the first `# heading` (or heading of any
          level), else the file name
  date    front-matter `date` (its YYYY-MM-DD part), else a made-up date that
          is the same on every run (the folder order)
  tags    front-matter `tags`, `categories` or `keywords`, when they are lists
          of words; each one a tag page (a taxonomy in Hugo and Zola)
  body    the markdown after the front-matter, with the template syntax of
          other generators (`{{<`, `{{%`, `{%`, Zola's `@/` links) made
          plain text, which none of the three could otherwise build

`--copies N` repeats the whole set under new names, for a larger corpus of
the same kind of text. The layouts of Hugo and Zola (templates, config) are
taken from gen_corpus.py, so their pages are the same as in the synthetic
runs.

  bench/realworld.py --out /tmp/real SRC_DIR...     # then:
  bench/run.py --corpus /tmp/real --runs 3          # build it side by side

Stdlib only.
"""
import argparse
import datetime
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import no_search_toml  # noqa: E402  (bench/run.py)

FRONT_YAML = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
FRONT_TOML = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(?:\r?\n|\Z)", re.S)
HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
ANY_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
WORD = re.compile(r"^[\w][\w .-]{0,40}$")


def read_front(text):
    """Returns (fields, body): the few front-matter fields used, read with
    a line parser (no YAML or TOML library: stdlib only), and the rest."""
    for pattern, sep in ((FRONT_YAML, ":"), (FRONT_TOML, "=")):
        m = pattern.match(text)
        if m:
            return parse_fields(m.group(1), sep), text[m.end():]
    return {}, text


def parse_fields(block, sep):
    fields = {}
    key = None
    for line in block.splitlines():
        item = re.match(r"^\s*-\s+(.+)$", line)
        if item and key:
            fields.setdefault(key, [])
            if isinstance(fields[key], list):
                fields[key].append(unquote(item.group(1)))
            continue
        m = re.match(r"^([A-Za-z_][\w-]*)\s*" + re.escape(sep) + r"\s*(.*)$", line)
        if not m:
            key = None
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if value.startswith("[") and value.endswith("]"):
            fields[key] = [unquote(v) for v in value[1:-1].split(",") if v.strip()]
        elif value:
            fields[key] = unquote(value)
    return fields


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip()


CODE_OPEN = re.compile(r"^\s*\{\{[<%]\s*(code-toggle|code|highlight)\b[^}]*[>%]\}\}\s*$")
CODE_CLOSE = re.compile(r"^\s*\{\{[<%]\s*/(code-toggle|code|highlight)\s*[>%]\}\}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def plain(body):
    """The body with other generators' template syntax made plain text: code
    shortcodes become fenced code, other shortcodes text, and double
    brackets outside code (TOML tables, `[[_TOC_]]`) escaped, as all three
    generators read `\\[[` as the brackets themselves."""
    lines = []
    fence = None
    for line in body.splitlines():
        self_closing = re.search(r"/\s*[>%]\}\}\s*$", line)
        if fence is None and CODE_OPEN.match(line) and not self_closing:
            lines.append("```")
            fence = "shortcode"
            continue
        if fence == "shortcode" and CODE_CLOSE.match(line):
            lines.append("```")
            fence = None
            continue
        m = FENCE.match(line)
        if m and fence is None:
            fence = m.group(1)
        elif m and fence == m.group(1):
            fence = None
        elif fence is None:
            # Outside inline code spans only.
            parts = re.split(r"(`+[^`]*`+)", line)
            line = "".join(p if i % 2 else p.replace("[[", "\\[[") for i, p in enumerate(parts))
        lines.append(line)
    body = "\n".join(lines) + "\n"
    body = body.replace("{{", "{ {").replace("{%", "{ %").replace("{#", "{ #")
    return body.replace("](@/", "](/")


def slugify(text):
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].strip("-") or "page"


def yaml_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tags_of(fields):
    tags = []
    for key in ("tags", "categories", "keywords"):
        value = fields.get(key)
        if isinstance(value, list):
            tags.extend(v for v in value if WORD.match(v))
    seen = []
    for tag in (slugify(t) for t in tags):
        if tag not in seen:
            seen.append(tag)
    return seen[:8]


def articles(sources):
    """Every markdown file of the folders `sources`, in a stable order."""
    found = []
    for src in sources:
        for path in sorted(Path(src).rglob("*.md")):
            if path.is_file():
                found.append((src, path))
    start = datetime.date(2015, 1, 1)
    for n, (src, path) in enumerate(found):
        text = path.read_text(encoding="utf-8", errors="replace")
        fields, body = read_front(text)
        if not body.strip():
            continue
        title = fields.get("title") if isinstance(fields.get("title"), str) else None
        if not title:
            heading = HEADING.search(body) or ANY_HEADING.search(body)
            title = heading.group(1) if heading else path.stem.replace("-", " ").replace("_", " ")
        title = title.strip() or path.stem
        date = None
        if isinstance(fields.get("date"), str):
            m = DATE.search(fields["date"])
            if m:
                try:
                    date = datetime.date(*map(int, m.groups()))
                except ValueError:
                    date = None
        date = date or start + datetime.timedelta(days=n % 3000)
        rel = path.relative_to(src).with_suffix("")
        yield {
            "slug": slugify(f"{Path(src).name}-{rel}"),
            "title": title,
            "date": date.isoformat(),
            "tags": tags_of(fields),
            "body": plain(body),
        }


def skeleton(out):
    """Hugo's and Zola's config and templates, and dossier's site.toml, as
    gen_corpus.py writes them, without its articles."""
    gen = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "gen_corpus.py"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(gen), "--articles", "1", "--people", "1", "--places", "1",
                        "--events", "1", "--orgs", "1", "--out", tmp, "--formats", "dossier,hugo,zola"],
                       check=True, stdout=subprocess.DEVNULL)
        for layout in ("hugo", "zola"):
            shutil.copytree(Path(tmp) / layout, out / layout)
        (out / "hugo" / "content" / "articles").mkdir(parents=True, exist_ok=True)
        for old in (out / "hugo" / "content" / "articles").glob("*.md"):
            old.unlink()
        for old in (out / "zola" / "content" / "articles").glob("*.md"):
            if old.name != "_index.md":
                old.unlink()
        site = (Path(tmp) / "dossier" / "site.toml").read_text()
    # Real text links to anchors Zola does not make (Hugo's heading ids
    # differ): a warning, as in the other two, rather than a failed build.
    with open(out / "zola" / "config.toml", "a") as config:
        config.write('\n[link_checker]\ninternal_level = "warn"\n')
    site = re.sub(r'(?m)^title = .*$', 'title = "Real-world markdown"', site)
    for name, text in (("dossier", site), ("dossier-ns", no_search_toml(site))):
        (out / name / "content" / "articles").mkdir(parents=True)
        (out / name / "site.toml").write_text(text)


def write(out, docs, copies):
    count = 0
    seen = set()
    for copy in range(copies):
        for doc in docs:
            slug = doc["slug"] if copy == 0 else f"{doc['slug']}-{copy + 1}"
            while slug in seen:
                slug += "-x"
            seen.add(slug)
            title = doc["title"] if copy == 0 else f"{doc['title']} ({copy + 1})"
            tags = "[" + ", ".join(doc["tags"]) + "]"
            front = f"title: {yaml_str(title)}\ndate: {doc['date']}\ntags: {tags}\n"
            # dossier and Hugo read the same YAML front-matter.
            for name in ("dossier", "dossier-ns", "hugo"):
                (out / name / "content" / "articles" / f"{slug}.md").write_text(
                    f"---\n{front}---\n\n{doc['body']}", encoding="utf-8")
            toml_title = title.replace("\\", "\\\\").replace('"', '\\"')
            toml_tags = "[" + ", ".join(f'"{t}"' for t in doc["tags"]) + "]"
            (out / "zola" / "content" / "articles" / f"{slug}.md").write_text(
                f"+++\ntitle = \"{toml_title}\"\ndate = {doc['date']}\n[taxonomies]\ntags = {toml_tags}\n+++\n\n"
                f"{doc['body']}", encoding="utf-8")
            count += 1
    return count


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sources", nargs="+", help="folders of markdown files")
    p.add_argument("--out", required=True, help="the corpus folder to write (must not exist)")
    p.add_argument("--copies", type=int, default=1, help="repeat the set this many times")
    args = p.parse_args()
    out = Path(args.out)
    if out.exists():
        sys.exit(f"realworld.py: {out} exists; remove it or choose another --out")
    docs = list(articles(args.sources))
    if not docs:
        sys.exit("realworld.py: no markdown with text found in " + ", ".join(args.sources))
    out.mkdir(parents=True)
    skeleton(out)
    count = write(out, docs, max(1, args.copies))
    print(f"wrote {count} articles ({len(docs)} files x {max(1, args.copies)}) in {out}")


if __name__ == "__main__":
    main()
