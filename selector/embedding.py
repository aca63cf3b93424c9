"""A sentence encoder in plain numpy: all-MiniLM-L6-v2 (6-layer BERT, 384 dimensions, mean pooled, unit length).

Used by the similarity reader (`similarity.py`) to compare scenario sentences with example sentences whose facts are
known. The weights ship inside the package (selector/_model/, int8 with per-row scales, packed by
tools/pack_model.py), so no model hub, torch or tokenizer library is needed at run time.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "_model"
MODEL_FILE = MODEL_DIR / "minilm-l6-v2.npz"
VOCAB_FILE = MODEL_DIR / "vocab.txt"
MAX_TOKENS = 256  # the model's max_seq_length, [CLS] and [SEP] included
MAX_WORD_CHARS = 100
LAYERS = 6
HEADS = 12
LN_EPS = 1e-12
BATCH = 32


# --- WordPiece tokenizer (BERT uncased: lower case, strip accents, split punctuation, greedy longest match) ---

def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF
            or 0x2F800 <= cp <= 0x2FA1F)


def basic_tokens(text: str) -> list[str]:
    cleaned = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        category = unicodedata.category(ch)
        if ch in " \t\n\r" or category == "Zs":
            cleaned.append(" ")
        elif category in ("Cc", "Cf"):
            continue
        elif _is_cjk(cp):
            cleaned.append(f" {ch} ")
        else:
            cleaned.append(ch)
    words = []
    for word in "".join(cleaned).split():
        word = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")
        current = ""
        for ch in word:
            if _is_punctuation(ch):
                if current:
                    words.append(current)
                words.append(ch)
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    return words


class WordPiece:
    def __init__(self, vocab_file: Path = VOCAB_FILE):
        tokens = vocab_file.read_text(encoding="utf-8").split("\n")
        self.ids = {token: i for i, token in enumerate(tokens) if token}
        self.unk, self.cls, self.sep = self.ids["[UNK]"], self.ids["[CLS]"], self.ids["[SEP]"]

    @lru_cache(maxsize=50_000)
    def word_ids(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_WORD_CHARS:
            return (self.unk,)
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    pieces.append(self.ids[piece])
                    break
                end -= 1
            if end == start:
                return (self.unk,)
            start = end
        return tuple(pieces)

    def encode(self, text: str) -> list[int]:
        ids = [self.cls]
        for word in basic_tokens(text):
            ids.extend(self.word_ids(word))
            if len(ids) >= MAX_TOKENS - 1:
                break
        return ids[:MAX_TOKENS - 1] + [self.sep]


# --- the transformer ---

def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7: close enough to BERT's exact GELU.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LN_EPS) * weight + bias


class Encoder:
    """all-MiniLM-L6-v2: text -> unit vectors of 384 float32."""

    def __init__(self, model_file: Path = MODEL_FILE, vocab_file: Path = VOCAB_FILE):
        self.tokenizer = WordPiece(vocab_file)
        with np.load(model_file) as packed:
            self.w = {}
            for name in packed.files:
                if name.endswith(".scale"):
                    continue
                if name.endswith(".q"):
                    base = name[:-2]
                    self.w[base] = packed[name].astype(np.float32) * packed[base + ".scale"][:, None]
                else:
                    self.w[name] = packed[name]
        # Linear layers multiply on the right: keep their transposes once.
        for name in list(self.w):
            if name.startswith("encoder.") and name.endswith(".weight") and self.w[name].ndim == 2:
                self.w[name] = np.ascontiguousarray(self.w[name].T)

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        batch, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        head_dim = x.shape[-1] // HEADS
        blocked = (1.0 - mask[:, None, None, :]) * -1e9
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."

            def heads(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, HEADS, head_dim).transpose(0, 2, 1, 3)

            q = heads(self._linear(x, p + "attention.self.query"))
            k = heads(self._linear(x, p + "attention.self.key"))
            v = heads(self._linear(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head_dim) + blocked
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = _layer_norm(x + self._linear(context, p + "attention.output.dense"),
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            inner = _gelu(self._linear(x, p + "intermediate.dense"))
            x = _layer_norm(x + self._linear(inner, p + "output.dense"),
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings, one row per text, in the order given."""
        encoded = [self.tokenizer.encode(t) for t in texts]
        out = np.zeros((len(texts), self.w["embeddings.LayerNorm.weight"].shape[0]), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))  # similar lengths share a batch
        for start in range(0, len(order), BATCH):
            chunk = order[start:start + BATCH]
            length = max(len(encoded[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                ids[row, :len(encoded[i])] = encoded[i]
                mask[row, :len(encoded[i])] = 1.0
            out[chunk] = self._forward(ids, mask)
        return out


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    return Encoder()
