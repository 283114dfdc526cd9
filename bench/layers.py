"""The package-level import graph: which of ingest, assistant.<sub> and api import which.

    .venv/bin/python -m bench.layers [--json]

Reads the same graph ``tests/test_layers.py`` checks (every import in every module, by
``ast``), folds modules into packages (``assistant.store.chroma`` -> ``assistant.store``)
and prints one line per package with what it imports, then the layer rules' violations.
"""

from __future__ import annotations

import argparse
import json

from tests.test_layers import MODULES, imports_of, violations


def package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "assistant" else parts[0]


def package_graph(graph: dict[str, set[str]]) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for module, imported in graph.items():
        here = package(module)
        deps = out.setdefault(here, set())
        deps.update(package(m) for m in imported if package(m) != here)
    return {p: sorted(d) for p, d in sorted(out.items())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="the graph and violations as JSON")
    args = ap.parse_args()
    graph = {name: imports_of(name, path) for name, path in MODULES.items()}
    packages = package_graph(graph)
    bad = violations(graph)
    if args.json:
        print(json.dumps({"imports": packages, "violations": bad}, indent=2))
        return
    width = max(len(p) for p in packages)
    for pkg, deps in packages.items():
        print(f"{pkg:<{width}} -> {', '.join(deps) or '(nothing of ours)'}")
    print(f"\n{len(MODULES)} modules; violations of the layers: {len(bad)}")
    for line in bad:
        print("  " + line)


if __name__ == "__main__":
    main()
