"""Bokmål in one place: assistant.lang.nb and the modules that use it."""

from __future__ import annotations

import ast
from pathlib import Path

import assistant.lang
from assistant.lang import nb
from assistant.store import analyzer

LANG_DIR = Path(assistant.lang.__file__).parent
FORBIDDEN = (
    "assistant.answer",
    "assistant.precheck",
    "assistant.archive",
    "assistant.services",
    "assistant.commands",
    "ingest",
    "api",
)


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_the_language_module_is_a_bottom_layer() -> None:
    files = sorted(LANG_DIR.rglob("*.py"))
    assert LANG_DIR / "nb" / "__init__.py" in files
    bad = [
        f"{f.relative_to(LANG_DIR)}: {name}"
        for f in files
        for name in _imports(f)
        if any(name == top or name.startswith(top + ".") for top in FORBIDDEN)
    ]
    assert not bad, bad


# -- words --------------------------------------------------------------------------------
def test_bm25_uses_the_language_modules_stop_words_and_stemmer() -> None:
    assert analyzer.STOPWORDS is nb.STOPWORDS
    assert analyzer._stem is nb.stem
    assert {"og", "ikke", "ikkje", "hva", "kva"} <= nb.STOPWORDS
    assert not {"frist", "søke", "tilskudd"} & nb.STOPWORDS


def test_the_stemmer_is_snowball_norwegian_applied_twice() -> None:
    assert nb.stem("telefonnummeret") == nb.stem("telefonnummer")
    assert nb.stem("kommunene") == nb.stem("kommuner")
    assert analyzer.stem_tokens("Søknadsfristen for kommunene") == [
        nb.stem("søknadsfristen"),
        nb.stem("kommunene"),
    ]
