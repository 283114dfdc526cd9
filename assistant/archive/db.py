"""The record store: the system of record for archive projects (SQLite or PostgreSQL).

One row per project (the full record as JSON plus the columns we filter and sum on)
and one row per sector and per municipality, so figures per sector or municipality
are plain GROUP BY queries. Amounts are integers (whole kroner); sums are exact and cover
the known amounts only: an unknown amount is NULL, never 0.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, select, text

from assistant.archive.fields import norm
from assistant.db import Database
from assistant.db.schema import project_municipalities, project_sectors, projects

GROUPS = ("år", "sektor", "kommune", "embete", "status")

# group name -> (SQL expression for the label, extra JOIN)
_GROUP_SQL = {
    "år": ("p.year", ""),
    "embete": ("p.embete", ""),
    "status": ("p.status", ""),
    "sektor": ("g.name", "JOIN project_sectors g ON g.project_id = p.id"),
    "kommune": ("g.name", "JOIN project_municipalities g ON g.project_id = p.id"),
}
# every id in one parameter (a JSON list): no limit on the number of ids
_IDS_SQL = {
    "sqlite": "p.id IN (SELECT value FROM json_each(:ids))",
    "postgresql": "p.id IN (SELECT jsonb_array_elements_text(CAST(:ids AS jsonb)))",
}
_BATCH = 500


class ProjectDB:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.path = database.path
        database.engine  # noqa: B018 - open now: a damaged file is the caller's fault to see

    def close(self) -> None:
        self.database.close()

    def replaced(self) -> bool:
        return self.database.replaced()

    def check(self) -> int:
        """The number of projects, read from the database as it is now (for /readyz)."""
        return self.database.check("projects")

    # ------------------------------------------------------------------ write
    def upsert(self, rows: Sequence[tuple[dict[str, Any], str, str]]) -> None:
        """Write (record, content hash, text hash) rows in one transaction."""
        if not rows:
            return
        ids = [r["id"] for r, _, _ in rows]
        sectors = [
            {"project_id": r["id"], "pos": n, "name": s}
            for r, _, _ in rows
            for n, s in enumerate(r["sektorer"] or [])
        ]
        places = [
            {"project_id": r["id"], "pos": n, "name": m}
            for r, _, _ in rows
            for n, m in enumerate(r["kommuner"] or [])
        ]
        with self.database.begin() as conn:
            self._delete(conn, ids)
            conn.execute(
                projects.insert(),
                [
                    {
                        "id": r["id"],
                        "year": r.get("år"),
                        "embete": r.get("embete"),
                        "title": r["tittel"],
                        "status": r.get("status"),
                        "applied": r.get("søkt_beløp"),
                        "granted": r.get("tildelt_beløp"),
                        "reported": r.get("rapportert_beløp"),
                        "starred": int(bool(r.get("stjerne"))),
                        "synthetic": int(bool(r.get("syntetisk"))),
                        "record": json.dumps(r, ensure_ascii=False),
                        "hash": h,
                        "text_hash": th,
                    }
                    for r, h, th in rows
                ],
            )
            if sectors:
                conn.execute(project_sectors.insert(), sectors)
            if places:
                conn.execute(project_municipalities.insert(), places)
            self.database.bump(conn, "projects")

    @staticmethod
    def _delete(conn: Any, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            part = list(ids[i : i + _BATCH])
            for table, col in (
                (project_sectors, project_sectors.c.project_id),
                (project_municipalities, project_municipalities.c.project_id),
                (projects, projects.c.id),
            ):
                conn.execute(delete(table).where(col.in_(part)))

    def delete(self, ids: Iterable[str]) -> None:
        keys = list(ids)
        with self.database.begin() as conn:
            self._delete(conn, keys)
            self.database.bump(conn, "projects")

    # ------------------------------------------------------------------ read
    def count(self) -> int:
        with self.database.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM projects")).scalar_one())

    def _by_ids(self, columns: Sequence[Any], ids: Sequence[str]) -> Iterable[Any]:
        q = select(*columns).where(projects.c.id.in_(bindparam("part", expanding=True)))
        ids = [i for i in ids if "\x00" not in i]  # never stored (fields.clean drops NUL)
        with self.database.connect() as conn:
            for i in range(0, len(ids), _BATCH):
                yield from conn.execute(q, {"part": list(ids[i : i + _BATCH])})

    def hashes(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """id -> (content hash, text hash) for the ids that are stored."""
        cols = (projects.c.id, projects.c.hash, projects.c.text_hash)
        return {pid: (h, th) for pid, h, th in self._by_ids(cols, ids)}

    def get_many(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        return {
            pid: json.loads(rec)
            for pid, rec in self._by_ids((projects.c.id, projects.c.record), ids)
        }

    def get(self, pid: str) -> dict[str, Any] | None:
        return self.get_many([pid]).get(pid)

    def all_ids(self) -> set[str]:
        with self.database.connect() as conn:
            return {r[0] for r in conn.execute(select(projects.c.id))}

    def version(self) -> int:
        """Changes when any process wrote to the archive (a counter bumped by each write)."""
        return self.database.counter("projects")

    def raw_names(self, what: str) -> list[str]:
        """Distinct stored values of "sektor", "kommune", "embete" or "status", as spelt."""
        sql = {
            "sektor": "SELECT DISTINCT name FROM project_sectors",
            "kommune": "SELECT DISTINCT name FROM project_municipalities",
            "embete": "SELECT DISTINCT embete FROM projects WHERE embete IS NOT NULL",
            "status": "SELECT DISTINCT status FROM projects WHERE status IS NOT NULL",
        }[what]
        with self.database.connect() as conn:
            return [r[0] for r in conn.execute(text(sql))]

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
        label, join = _GROUP_SQL[by] if by is not None else ("CAST(NULL AS TEXT)", "")
        where: list[str] = []
        args: dict[str, str | int] = {}
        if ids is not None:
            where.append(_IDS_SQL[self.database.dialect])
            args["ids"] = json.dumps([i for i in ids if "\x00" not in i])
        if from_year is not None:
            where.append("p.year >= :from_year")
            args["from_year"] = from_year
        if to_year is not None:
            where.append("p.year <= :to_year")
            args["to_year"] = to_year
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
        with self.database.connect() as conn:
            rows = list(conn.execute(text(sql), args))
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
