"""Every table we keep, in one place: the archive, feedback and gaps, the ingest manifest and
the vector cache.

The same definitions create the SQLite files of the embedded default (each logical database
in its own file, created at first use) and are what the Alembic migrations in
``assistant/db/migrations`` build in PostgreSQL, where every table lives in one database.
A change here needs a new migration; ``tests/store/test_database.py`` checks that the
migrated PostgreSQL schema and these definitions agree.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, LargeBinary, MetaData, Table, Text

metadata = MetaData()

# --- the project archive (the system of record) -------------------------------------------
projects = Table(
    "projects",
    metadata,
    Column("id", Text, primary_key=True),
    Column("year", Integer),
    Column("embete", Text),
    Column("title", Text, nullable=False),
    Column("status", Text),
    Column("applied", BigInteger),
    Column("granted", BigInteger),
    Column("reported", BigInteger),
    Column("starred", Integer, nullable=False),
    Column("synthetic", Integer, nullable=False),
    Column("record", Text, nullable=False),
    Column("hash", Text, nullable=False),
    Column("text_hash", Text, nullable=False),
    Index("projects_year", "year"),
)
project_sectors = Table(
    "project_sectors",
    metadata,
    Column("project_id", Text, primary_key=True),
    Column("pos", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Index("sectors_name", "name"),
)
project_municipalities = Table(
    "project_municipalities",
    metadata,
    Column("project_id", Text, primary_key=True),
    Column("pos", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Index("municipalities_name", "name"),
)

# --- feedback and knowledge gaps ----------------------------------------------------------
feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("helpful", Integer, nullable=False),
    Column("comment", Text),
    sqlite_autoincrement=True,
)
unanswered = Table(
    "unanswered",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("norm", Text, nullable=False),
    Column("year", Integer),
    Index("unanswered_norm", "norm"),
    sqlite_autoincrement=True,
)

# --- the ingest manifest: one row per document whose chunks are in the vector store --------
documents = Table(
    "documents",
    metadata,
    Column("doc_key", Text, primary_key=True),
    Column("source", Text),
    Column("sha256", Text),
    Column("n_chunks", Integer),
    Column("kind", Text),
    Column("year", Integer),
    Column("ingested_at", Text),
)

# --- the vector cache: (embedder, text hash) -> vector, so no text is embedded twice ---------
vectors = Table(
    "vectors",
    metadata,
    Column("embedder", Text, primary_key=True),
    Column("hash", Text, primary_key=True),
    Column("dim", Integer),
    Column("vec", LargeBinary),
)

# --- change counters: a reader learns that another process wrote, without a file to watch --
changes = Table(
    "changes",
    metadata,
    Column("name", Text, primary_key=True),
    Column("n", BigInteger, nullable=False),
)

# logical database -> its tables (one SQLite file each; all in one PostgreSQL database)
GROUPS: dict[str, tuple[Table, ...]] = {
    "projects": (projects, project_sectors, project_municipalities, changes),
    "feedback": (feedback, unanswered),
    "ingest": (documents,),
    "vectors": (vectors,),
}
