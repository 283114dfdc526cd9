"""The package layers import in one direction only.

Top: ``api/`` and the CLI (``assistant/cli.py``, ``assistant/commands/``). Below them the
wiring (``assistant/services.py``, ``assistant/admin.py``), which ties together ``ingest/``
and the capabilities (``assistant/answer/``, ``precheck/``, ``archive/``, and the chat and
feedback services over them); ingest and the capabilities never import each other. At the
bottom readers, stores, the record database, embeddings, settings, errors, lang, models, privacy, search and rounds,
importing nothing above them.

Every module is parsed with ``ast``: imports at any level count (function-local and
``TYPE_CHECKING`` ones too), ``from pkg import mod`` counts as an import of ``pkg.mod``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "assistant", "api")

BOTTOM = (
    "assistant.readers",
    "assistant.store",
    "assistant.db",  # the record database: SQLite files or one PostgreSQL
    "assistant.embeddings",
    "assistant.settings",
    "assistant.errors",
    "assistant.lang",
    "assistant.models",
    "assistant.privacy",
    "assistant.search",
    "assistant.rounds",  # round packs and regions as data (the registry)
)
CAPABILITIES = ("assistant.answer", "assistant.precheck", "assistant.archive")
SERVICES = ("assistant.chat", "assistant.feedback")  # capability facades beside them
WIRING = ("assistant.services", "assistant.admin")
INGEST = ("ingest",)
CLI = ("assistant.cli", "assistant.commands")
API = ("api",)

# The only edges allowed against the rules below, each with why.
ALLOWED: dict[tuple[str, str], str] = {
    # `skjonn serve` starts the web app: the CLI and the API are both the top layer, and
    # this command is where the one hands over to the other (also "api.main:app" by name).
    ("assistant.commands.serve_cmd", "api.app"): "skjonn serve runs the API",
    ("assistant.commands.serve_cmd", "api.server"): "skjonn serve runs the API",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(p): p
        for pkg in PACKAGES
        for p in sorted((ROOT / pkg).rglob("*.py"))
        if "__pycache__" not in p.parts
    }


MODULES = _modules()


def imports_of(name: str, path: Path) -> set[str]:
    """The modules of ours ``name`` imports (anywhere in the file)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = name.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {m for m in found if m.split(".")[0] in PACKAGES and _ours(m)}


def _ours(module: str) -> bool:
    """A module or package of this repository (``from x import function`` is not one)."""
    return module in MODULES


def _in(module: str, layer: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in layer)


def _is_bottom(module: str) -> bool:
    # the package itself (environment defaults, the version) is bottom too, not all under it
    return module == "assistant" or _in(module, BOTTOM)


def _forbidden(module: str) -> list[tuple[tuple[str, ...], str]]:
    """(layers ``module`` must not import, the rule's name)."""
    rules: list[tuple[tuple[str, ...], str]] = []
    top = CLI + API
    if _is_bottom(module):
        rules.append(
            (CAPABILITIES + SERVICES + WIRING + INGEST + top, "the bottom imports nothing above it")
        )
    if _in(module, INGEST):
        rules.append(
            (CAPABILITIES + SERVICES + WIRING + top, "ingest imports no capability, wiring or top")
        )
    for cap in CAPABILITIES:
        if _in(module, (cap,)):
            others = tuple(c for c in CAPABILITIES if c != cap) + SERVICES
            rules.append((INGEST + WIRING + top, "a capability imports no ingest, wiring or top"))
            rules.append((others, "capabilities do not import each other"))
    if _in(module, SERVICES):
        rules.append((INGEST + WIRING + top, "chat/feedback import no ingest, wiring or top"))
    if _in(module, WIRING):
        rules.append((top, "the wiring imports no CLI or API"))
    if _in(module, ("assistant",)):
        rules.append((API, "nothing under assistant/ imports api"))
    if _in(module, API):
        rules.append((CLI, "api imports no CLI"))
    return rules


def violations(graph: dict[str, set[str]]) -> list[str]:
    out = []
    for module, imported in sorted(graph.items()):
        for layers, rule in _forbidden(module):
            for target in sorted(imported):
                if _in(target, layers) and (module, target) not in ALLOWED:
                    out.append(f"{module} imports {target}: {rule}")
    return sorted(set(out))


def test_the_modules_are_found() -> None:
    for name in ("ingest.pipeline", "assistant.store.backends", "api.app", "assistant.cli"):
        assert name in MODULES
    assert len(MODULES) > 100


def test_layers_import_in_one_direction() -> None:
    graph = {name: imports_of(name, path) for name, path in MODULES.items()}
    bad = violations(graph)
    assert not bad, "imports against the layers:\n" + "\n".join(bad)


def test_every_allowed_edge_is_still_there() -> None:
    """An exception nobody needs any more is removed, not kept as a hole."""
    for module, target in ALLOWED:
        assert target in imports_of(module, MODULES[module]), (module, target)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("assistant.store.chroma", "from assistant.services import Services", "bottom"),
        ("assistant.readers.loaders", "import ingest.pipeline", "bottom"),
        ("ingest.pipeline", "def f():\n    from assistant.answer.unitvecs import X", "ingest"),
        ("assistant.answer.unitvecs", "from ingest.split import split_doc", "capability"),
        ("assistant.precheck.engine", "from assistant.archive import similar", "each other"),
        ("assistant.archive.search", "from assistant.services import Services", "capability"),
        ("assistant.chat", "from ingest.pipeline import Ingestor", "chat/feedback"),
        ("api.routes.search", "from assistant.commands.search_cmd import x", "api imports no"),
        ("assistant.admin", "from api import app", "wiring imports no"),
        ("assistant.commands.ask_cmd", "from api.app import create_app", "under assistant/"),
        ("assistant.answer.compose", "if True:\n    from ..archive import search", "each other"),
    ],
)
def test_a_violating_import_is_caught(
    tmp_path: Path, module: str, source: str, expected: str
) -> None:
    path = tmp_path / "mod.py"
    path.write_text(source + "\n", encoding="utf-8")
    graph = {module: imports_of(module, path)}
    bad = violations(graph)
    assert bad and all(b.startswith(module + " imports ") for b in bad), bad
    assert any(expected in b for b in bad), bad
