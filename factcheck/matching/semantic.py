"""Sentence embeddings from a model that ships inside a PyPI package: nothing is downloaded, ever.

The model is WordLlama's `l2_supercat` at 256 dimensions (token embeddings distilled from large language
models, averaged over the text, then normalised). Its wheel carries the weights and the tokenizer; its
own loader may reach for the network when a file is not where it expects, so we read the two files
from the installed package ourselves with `safetensors` and `tokenizers`, without importing it.
Encoding is a table look-up and a mean: about 20 µs per claim, so a whole collection embeds in
seconds and a query costs nothing next to the ranking.

`MODEL_ID` names the weights; stored vectors are keyed by it (see `text_key`), so a new model never
mixes its vectors with the old one's.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MODEL_ID = "wordllama-l2_supercat-256"
DIM = 256
_WEIGHTS = "weights/l2_supercat_256.safetensors"
_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
# Longer texts are cut: a claim is a sentence or two, and a mean over thousands of tokens says little.
MAX_TOKENS = 256


class ModelMissing(RuntimeError):
    """The embedding model's package is not installed (or not complete)."""


def _package_dir() -> Path:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing("The `wordllama` package is not installed; run `make` to install it.")
    return Path(next(iter(spec.submodule_search_locations)))


class Encoder:
    """Text -> unit vector (float32, DIM wide). Thread-safe once built."""

    model_id = MODEL_ID
    dim = DIM

    def __init__(self, package_dir: Path | None = None):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        root = package_dir or _package_dir()
        weights, tokenizer = root / _WEIGHTS, root / _TOKENIZER
        if not weights.exists() or not tokenizer.exists():
            raise ModelMissing(f"The embedding model's files are missing under {root}.")
        self.table = np.ascontiguousarray(load_file(weights)["embedding.weight"], dtype=np.float32)
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def token_ids(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Each text's token ids (rows of the table), as `encode` averages them."""
        last = self.table.shape[0] - 1
        return [
            np.minimum(np.asarray(e.ids, dtype=np.int32), last)
            for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        ]

    @functools.cached_property
    def unit_table(self) -> np.ndarray:
        """The token vectors at unit length: token-to-token cosines are a dot product."""
        norms = np.linalg.norm(self.table, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (self.table / norms).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        last = self.table.shape[0] - 1
        for i, encoding in enumerate(
            self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        ):
            ids = np.minimum(np.asarray(encoding.ids, dtype=np.int64), last)
            if ids.size:
                vector = self.table[ids].mean(axis=0)
                norm = float(np.linalg.norm(vector))
                if norm > 0:
                    out[i] = vector / norm
        return out


_encoder: Encoder | None = None
_lock = threading.Lock()


def encoder() -> Encoder:
    """The process's encoder, loaded on first use (about 0.2 s; 16 MB of weights)."""
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                _encoder = Encoder()
    return _encoder


def text_key(text: str, model_id: str = MODEL_ID) -> str:
    """The key a text's vector is stored under: the same text embeds once, whoever holds it."""
    return hashlib.sha256(f"{model_id}\x00{text}".encode()).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")
