#!/usr/bin/env python3
"""Prints the longest C++ functions and source files and checks the project's size limits.

    scripts/longest.py [--top N] [--check FOLDER ...]

Without --check it lists the N longest functions and files of engine/, cli/ and python/src.
With --check it also exits 1 when a function over 150 lines or a file over 600 lines lies under
one of the given folders (so it can gate CI). Function extents come from Universal Ctags
(Debian's universal-ctags, installed by scripts/setup.sh); lambdas count as part of the
function that holds them.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREES = ["engine", "cli", "python/src"]
SUFFIXES = (".cpp", ".h", ".hpp", ".cc")
MAX_FUNCTION, MAX_FILE = 150, 600


def source_files():
    for tree in TREES:
        for folder, _, names in os.walk(os.path.join(ROOT, tree)):
            for name in sorted(names):
                if name.endswith(SUFFIXES):
                    yield os.path.relpath(os.path.join(folder, name), ROOT)


def line_count(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return sum(1 for _ in f)


def functions(paths):
    """(lines, path, start line, qualified name) of every function with a body."""
    ctags = shutil.which("ctags-universal") or shutil.which("ctags")
    if not ctags:
        sys.exit("longest.py: ctags not found; install Debian's universal-ctags (scripts/setup.sh)")
    command = [ctags, "--languages=C++", "--language-force=C++", "--kinds-C++=f", "--fields=+neS",
               "--output-format=json", "-o", "-"] + list(paths)
    out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    found = []
    for line in out.splitlines():
        tag = json.loads(line)
        if tag.get("_type") != "tag" or "end" not in tag or tag["name"].startswith("__anon"):
            continue
        if tag.get("scopeKind") == "function":  # a lambda or local class inside a function
            continue
        name = tag["name"] if "scope" not in tag else tag["scope"] + "::" + tag["name"]
        found.append((tag["end"] - tag["line"] + 1, tag["path"], tag["line"], name))
    return found


def under(path, folders):
    return any(os.path.normpath(path).startswith(os.path.normpath(f).rstrip("/") + "/") for f in folders)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10, help="how many of each to list (default 10)")
    parser.add_argument("--check", nargs="*", default=[], metavar="FOLDER",
                        help="exit 1 when a limit is exceeded under these folders (relative to the repo)")
    args = parser.parse_args()

    paths = list(source_files())
    files = sorted(((line_count(p), p) for p in paths), reverse=True)
    funcs = sorted(functions(paths), key=lambda f: (-f[0], f[1], f[2]))

    print(f"longest functions (limit {MAX_FUNCTION} lines):")
    for lines, path, start, name in funcs[:args.top]:
        print(f"  {lines:5d}  {path}:{start}  {name}")
    print(f"longest files (limit {MAX_FILE} lines):")
    for lines, path in files[:args.top]:
        print(f"  {lines:5d}  {path}")
    over_functions = [f for f in funcs if f[0] > MAX_FUNCTION]
    over_files = [f for f in files if f[0] > MAX_FILE]
    print(f"whole tree: {len(over_functions)} functions over {MAX_FUNCTION} lines, "
          f"{len(over_files)} files over {MAX_FILE} lines")

    if not args.check:
        return 0
    bad = [f"function {f[3]} ({f[1]}:{f[2]}) has {f[0]} lines" for f in over_functions if under(f[1], args.check)]
    bad += [f"file {f[1]} has {f[0]} lines" for f in over_files if under(f[1], args.check)]
    for message in bad:
        print("over the limit: " + message, file=sys.stderr)
    print(f"check {' '.join(args.check)}: {'FAIL' if bad else 'ok'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
