#!/usr/bin/env python3
"""Prints the engine's module-level include graph and checks that it follows the declared layers.

    scripts/layers.py [--check]

A module is a folder engine/src/<module> with its public headers in engine/include/hitoku/<module>.
Every #include "..." of a file in a module is resolved to the module it names: "hitoku/<m>/..."
(public), "<m>/..." (engine/src, private) or a path relative to the including file. The modules
are declared below in layer order, bottom first: a module may include only modules of layers below
its own, so the graph has no cycle and reads top-down. Without --check it prints the layers and
every edge with its number of includes. With --check it exits 1 on any include that runs sideways or
back up (naming the file and line), on a cycle, and on a module missing from LAYERS.
"""
import argparse
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "engine", "src")
INCLUDE = os.path.join(ROOT, "engine", "include", "hitoku")
SUFFIXES = (".cpp", ".h", ".hpp", ".cc")

# Bottom first. Each module may include only the ones listed before it.
LAYERS = [
    "policy",        # the prefecture's rules as plain data
    "model",         # dimensions, tables, submission, errors: plain data and its invariants
    "io",            # SHA-256, atomic writes, where shipped data lives
    "derived",       # what printed rates and percentages tell about counts (exact arithmetic)
    "ingest",        # reading (and writing back) files: CSV, workbooks, manifests, policies
    "report",        # findings and the report, its renderings
    "geography",     # reference geography, rule ③, merges
    "registry",      # the cancer-registry extract and table plans
    "publications",  # the committee's registry of approved publications
    "audit",         # rules ④⑤: the attacker's linear system, solved exactly
    "rules",         # one file per rule, check()
    "protect",       # secondary suppression
    "workflow",      # one facade per command
]

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def modules_on_disk():
    found = set()
    for base in (SRC, INCLUDE):
        if os.path.isdir(base):
            found.update(n for n in os.listdir(base) if os.path.isdir(os.path.join(base, n)))
    return found


def module_of_path(path):
    """The module a file on disk belongs to, or None."""
    for base in (SRC, INCLUDE):
        rel = os.path.relpath(path, base)
        if not rel.startswith(".."):
            return rel.split(os.sep)[0]
    return None


def target_module(included, including_file, modules):
    if included.startswith("hitoku/"):
        parts = included.split("/")
        return parts[1] if len(parts) > 2 and parts[1] in modules else None
    local = os.path.normpath(os.path.join(os.path.dirname(including_file), included))
    if os.path.exists(local):
        return module_of_path(local)
    first = included.split("/")[0]
    if "/" in included and first in modules and os.path.exists(os.path.join(SRC, included)):
        return first
    return None


def include_edges(modules):
    """{(from, to): [(file, line), ...]} over every include between two different modules."""
    edges = defaultdict(list)
    for base in (SRC, INCLUDE):
        for folder, _, names in os.walk(base):
            for name in sorted(names):
                if not name.endswith(SUFFIXES):
                    continue
                path = os.path.join(folder, name)
                source = module_of_path(path)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE_RE.match(line)
                        if not m:
                            continue
                        target = target_module(m.group(1), path, modules)
                        if target and target != source:
                            edges[(source, target)].append((os.path.relpath(path, ROOT), number))
    return edges


def find_cycle(edges):
    """One cycle of the module graph as a list of modules, or None."""
    graph = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 on a back or sideways include, a cycle, an undeclared module")
    args = parser.parse_args()

    modules = modules_on_disk()
    rank = {m: i for i, m in enumerate(LAYERS)}
    edges = include_edges(modules | set(LAYERS))
    problems = []
    for m in sorted(modules - set(LAYERS)):
        problems.append(f"module '{m}' is not declared in LAYERS (scripts/layers.py): give it a layer")
    for (a, b), places in sorted(edges.items()):
        if a in rank and b in rank and rank[b] >= rank[a]:
            where = ", ".join(f"{f}:{n}" for f, n in places[:5]) + (" ..." if len(places) > 5 else "")
            problems.append(f"{a} -> {b} runs {'sideways' if rank[a] == rank[b] else 'back up'} the layers: {where}")
    cycle = find_cycle(edges)
    if cycle:
        problems.append("cycle: " + " -> ".join(cycle))

    if not args.check:
        print("layers, bottom first (a module includes only modules below it):")
        for i, m in enumerate(LAYERS):
            below = sorted({b for (a, b) in edges if a == m}, key=lambda x: rank.get(x, -1))
            counts = ", ".join(f"{b} ({len(edges[(m, b)])})" for b in below)
            print(f"  {i:2d} {m:<13} -> {counts or '-'}")
    for p in problems:
        print("layers: " + p, file=sys.stderr)
    if args.check and problems:
        return 1
    if args.check:
        print(f"layers: {len(LAYERS)} modules, {len(edges)} module edges, every include runs down the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
