"""Documents lost by two concurrent `skjonn ingest` runs, and by a deleted vector store.

    .venv/bin/python -m bench.ingest_race [--rounds 20] [--docs 60]

Round after round, half the documents change and two `skjonn ingest` processes run at once
over the same data dir (fake embedder: the race is in the writing, not the model). After
each round a document counts as lost when the store does not hold exactly the chunks its
manifest row says. Then the Chroma folder is deleted and one more `skjonn ingest` runs:
lost documents are counted again. Prints one line per round and a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

SKJONN = str(Path(sys.executable).with_name("skjonn"))


def _docs(root: Path, n: int, version: int, only: int | None = None) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(only if only is not None else n):
        (root / f"dok{i:03d}.txt").write_text(
            f"Dokument {i} (utgave {version}) om prosjektskjønn.\n\n"
            f"Kommune {i} søker om midler til fornying og rapporterer innen fristen.\n",
            encoding="utf-8",
        )


def lost(data: Path) -> tuple[int, int]:
    """(documents whose store chunks differ from the manifest + orphan keys, chunks), counted
    in a fresh process: chromadb keeps an embedded store open per process, deleted or not."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.ingest_race", "--count", str(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    bad, chunks = out.stdout.split()
    return int(bad), int(chunks)


def _count(data: Path) -> tuple[int, int]:
    from assistant.services import Services
    from assistant.settings import Settings

    written = dict(
        sqlite3.connect(data / "ingest.sqlite").execute("SELECT doc_key, n_chunks FROM documents")
    )
    _, _, metas = Services(Settings(data_dir=data, embedder="fake")).store.get_all()
    held = Counter(str(m.get("doc_key")) for m in metas)
    bad = sum(1 for k, n in written.items() if held.get(k, 0) != n)
    return bad + sum(1 for k in held if k not in written), len(metas)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--count", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.count:
        print(*_count(args.count))
        return
    with tempfile.TemporaryDirectory() as tmp:
        data, root = Path(tmp) / "data", Path(tmp) / "docs"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SKJONN_")}
        env.update(SKJONN_DATA_DIR=str(data), SKJONN_EMBEDDER="fake")
        _docs(root, args.docs, 0)
        per_round = []
        for n in range(args.rounds):
            if n:
                _docs(root, args.docs, n, only=args.docs // 2)
            t = time.perf_counter()
            procs = [
                subprocess.Popen(
                    [SKJONN, "ingest", str(root)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                for _ in range(2)
            ]
            codes = []
            for p in procs:
                _, err = p.communicate(timeout=600)
                codes.append(p.returncode)
                if p.returncode and b"Traceback" in err:
                    codes[-1] = -1
            k, _ = lost(data)
            per_round.append(k)
            print(f"round {n + 1:2d}: exit {codes}, lost {k}, {time.perf_counter() - t:.1f} s")
        shutil.rmtree(data / "chroma")
        done = subprocess.run([SKJONN, "ingest", str(root)], env=env, capture_output=True)
        after_delete, chunks = lost(data)
        print(done.stdout.decode().strip().splitlines()[-1])
        summary = {
            "rounds": args.rounds,
            "docs": args.docs,
            "lost_per_round": per_round,
            "lost_total": sum(per_round),
            "rounds_with_loss": sum(1 for k in per_round if k),
            "lost_after_deleting_the_store": after_delete,
            "chunks_after_deleting_the_store": chunks,
        }
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
