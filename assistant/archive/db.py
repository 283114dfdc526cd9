"""The record store: SQLite in the data dir, the system of record for archive projects.

One row per project (the full record as JSON plus the columns we filter and sum on)
and one row per sector and per municipality, so figures per sector or municipality
are plain GROUP BY queries. Amounts are integers (whole kroner); sums are exact and cover
the known amounts only: an unknown amount is NULL, never 0.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from assistant.archive.fields import norm
from assistant.store.faults import check_sqlite, file_identity

GROUPS = ("år", "sektor", "kommune", "embete", "status")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS projects (
    id TEXT PRIMARY KEY, year INT, embete TEXT, title TEXT NOT NULL, status TEXT,
    applied INT, granted INT, reported INT, starred INT NOT NULL, synthetic INT NOT NULL,
    record TEXT NOT NULL, hash TEXT NOT NULL, text_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS project_sectors (
    project_id TEXT NOT NULL, pos INT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (project_id, pos)
);
CREATE TABLE IF NOT EXISTS project_municipalities (
    project_id TEXT NOT NULL, pos INT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (project_id, pos)
);
CREATE INDEX IF NOT EXISTS projects_year ON projects(year);
CREATE INDEX IF NOT EXISTS sectors_name ON project_sectors(name);
CREATE INDEX IF NOT EXISTS municipalities_name ON project_municipalities(name);
"""

# group name -> (SQL expression for the label, extra JOIN)
_GROUP_SQL = {
    "år": ("p.year", ""),
    "embete": ("p.embete", ""),
    "status": ("p.status", ""),
    "sektor": ("g.name", "JOIN project_sectors g ON g.project_id = p.id"),
    "kommune": ("g.name", "JOIN project_municipalities g ON g.project_id = p.id"),
}


class ProjectDB:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_SCHEMA)
        except sqlite3.Error:
            self.db.close()
            raise
        self.identity = file_identity(path)

    def close(self) -> None:
        self.db.close()

    def check(self) -> int:
        """The number of projects, read from the file as it is now (for /readyz)."""
        return check_sqlite(self.path, "projects")

    # ------------------------------------------------------------------ write
    def upsert(self, rows: Sequence[tuple[dict[str, Any], str, str]]) -> None:
        """Write (record, content hash, text hash) rows in one transaction."""
        if not rows:
            return
        with self._lock, self.db:
            ids = [(r["id"],) for r, _, _ in rows]
            self.db.executemany("DELETE FROM project_sectors WHERE project_id=?", ids)
            self.db.executemany("DELETE FROM project_municipalities WHERE project_id=?", ids)
            self.db.executemany(
                "INSERT OR REPLACE INTO projects VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        r["id"],
                        r.get("år"),
                        r.get("embete"),
                        r["tittel"],
                        r.get("status"),
                        r.get("søkt_beløp"),
                        r.get("tildelt_beløp"),
                        r.get("rapportert_beløp"),
                        int(bool(r.get("stjerne"))),
                        int(bool(r.get("syntetisk"))),
                        json.dumps(r, ensure_ascii=False),
                        h,
                        th,
                    )
                    for r, h, th in rows
                ],
            )
            self.db.executemany(
                "INSERT INTO project_sectors VALUES (?,?,?)",
                [(r["id"], n, s) for r, _, _ in rows for n, s in enumerate(r["sektorer"] or [])],
            )
            self.db.executemany(
                "INSERT INTO project_municipalities VALUES (?,?,?)",
                [(r["id"], n, m) for r, _, _ in rows for n, m in enumerate(r["kommuner"] or [])],
            )

    def delete(self, ids: Iterable[str]) -> None:
        keys = [(i,) for i in ids]
        with self._lock, self.db:
            for table, col in (
                ("projects", "id"),
                ("project_sectors", "project_id"),
                ("project_municipalities", "project_id"),
            ):
                self.db.executemany(f"DELETE FROM {table} WHERE {col}=?", keys)  # noqa: S608

    # ------------------------------------------------------------------ read
    def count(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT COUNT(*) FROM projects").fetchone()[0])

    def is_empty(self) -> bool:
        with self._lock:
            return self.db.execute("SELECT 1 FROM projects LIMIT 1").fetchone() is None

    def hashes(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """id -> (content hash, text hash) for the ids that are stored."""
        out: dict[str, tuple[str, str]] = {}
        with self._lock:
            for i in range(0, len(ids), 500):
                part = list(ids[i : i + 500])
                q = ",".join("?" * len(part))
                for pid, h, th in self.db.execute(
                    f"SELECT id, hash, text_hash FROM projects WHERE id IN ({q})",  # noqa: S608
                    part,
                ):
                    out[pid] = (h, th)
        return out

    def get_many(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        with self._lock:
            for i in range(0, len(ids), 500):
                part = list(ids[i : i + 500])
                q = ",".join("?" * len(part))
                for pid, rec in self.db.execute(
                    f"SELECT id, record FROM projects WHERE id IN ({q})",
                    part,  # noqa: S608
                ):
                    out[pid] = json.loads(rec)
        return out

    def get(self, pid: str) -> dict[str, Any] | None:
        return self.get_many([pid]).get(pid)

    def all_ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self.db.execute("SELECT id FROM projects")}

    def version(self) -> tuple[int, int]:
        """Changes when any connection (this one or another process) wrote to the store."""
        with self._lock:
            return int(self.db.execute("PRAGMA data_version").fetchone()[0]), self.db.total_changes

    def raw_names(self, what: str) -> list[str]:
        """Distinct stored values of "sektor", "kommune", "embete" or "status", as spelt."""
        sql = {
            "sektor": "SELECT DISTINCT name FROM project_sectors",
            "kommune": "SELECT DISTINCT name FROM project_municipalities",
            "embete": "SELECT DISTINCT embete FROM projects WHERE embete IS NOT NULL",
            "status": "SELECT DISTINCT status FROM projects WHERE status IS NOT NULL",
        }[what]
        with self._lock:
            return [r[0] for r in self.db.execute(sql)]

    def names(self, what: str) -> list[str]:
        """Distinct values of ``what``, one spelling per case-insensitive form, sorted."""
        values = self.raw_names(what)
        by_norm: dict[str, str] = {}
        for v in values:
            by_norm.setdefault(norm(v), v)
        return sorted(by_norm.values(), key=str.lower)

    # ------------------------------------------------------------------ figures
    def stats(
        self,
        by: str | None = "år",
        from_year: int | None = None,
        to_year: int | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Count and søkt/tildelt/rapportert sums per group, in kroner (exact integers).

        A sum covers only the projects whose amount is known: ``søkt_kjent`` (and
        ``tildelt_kjent``, ``rapportert_kjent``) says how many of the group's ``antall`` that
        is, and the sum is None when no amount in the group is known. An unknown amount is
        never counted as 0 kr.

        ``by=None`` gives one row over every selected project (the total). ``ids`` restricts
        the figures to those projects (the ones a search or filter selected).

        For "sektor" and "kommune" a project counts once in each of its groups, so the
        group totals add up to more than the number of projects.
        """
        if by is not None and by not in _GROUP_SQL:
            raise ValueError(f"unknown group {by!r}; valid: {', '.join(GROUPS)}")
        label, join = _GROUP_SQL[by] if by is not None else ("NULL", "")
        where: list[str] = []
        args: list[str | int] = []
        if ids is not None:
            # one JSON parameter instead of one per id: no limit on the number of ids
            where.append("p.id IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(list(ids)))
        if from_year is not None:
            where.append("p.year >= ?")
            args.append(from_year)
        if to_year is not None:
            where.append("p.year <= ?")
            args.append(to_year)
        cond = ("WHERE " + " AND ".join(where)) if where else ""
        # for sector/municipality groups, fold spelling variants ("kommunehelse") together
        key = f"lower({label})" if by in ("sektor", "kommune", "embete", "status") else label
        group = f"GROUP BY {key} ORDER BY {key}" if by is not None else ""
        # SUM over a column is NULL when every value is NULL (nothing known); COUNT(col)
        # counts the known values. For sector/municipality groups a project appears once
        # per group, so the join cannot count it twice within one group.
        sql = (
            f"SELECT MIN({label}), COUNT(DISTINCT p.id),"  # noqa: S608
            " SUM(p.applied), COUNT(p.applied), SUM(p.granted), COUNT(p.granted),"
            " SUM(p.reported), COUNT(p.reported)"
            f" FROM projects p {join} {cond} {group}"
        )
        with self._lock:
            rows = list(self.db.execute(sql, args))
        return [
            {
                "gruppe": g,
                "antall": int(n),
                "søkt_beløp": _int(a),
                "søkt_kjent": int(na),
                "tildelt_beløp": _int(t),
                "tildelt_kjent": int(nt),
                "rapportert_beløp": _int(r),
                "rapportert_kjent": int(nr),
            }
            for g, n, a, na, t, nt, r, nr in rows
        ]


def _int(value: Any) -> int | None:
    return None if value is None else int(value)
