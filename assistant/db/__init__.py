"""Records: SQLite files in the data dir (the embedded default) or one PostgreSQL database.

``SKJONN_DATABASE_URL`` unset: each logical database ("projects", "feedback", "ingest") is a
SQLite file in the data dir, as it always was. Set to ``postgresql://…``: every table lives
in that one database, shared by every server that points at it, with its schema versioned
by Alembic (``skjonn db upgrade``). One data-access layer (SQLAlchemy Core, psycopg 3) serves
both; the stores above it (archive, feedback, manifest) do not know which one they use.
"""

from assistant.db.engine import Database, database, dispose_all, no_nul, redact

__all__ = ["Database", "database", "dispose_all", "no_nul", "redact"]
