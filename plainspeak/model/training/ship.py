"""Copy a trained model directory for shipping, with its weights stored as float16.

    python -m plainspeak.model.training.ship build/model plainspeak/model/default

Half the bytes in the package and in git; both loaders (`mbart_lite` and transformers, whose
config.json keeps `dtype: float32`) load the weights as float32, and inference quantizes the linear
layers to int8 anyway. Weights trained under bf16 autocast on a GPU lose nothing measurable here."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

WEIGHTS = "model.safetensors"
SKIP = {"checkpoint"}  # a resumable checkpoint is for training, not for the package


def ship(src: Path, dst: Path) -> Path:
    from safetensors.torch import load_file, save_file

    if not (src / WEIGHTS).is_file():
        raise FileNotFoundError(f"no {WEIGHTS} in {src}")
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.is_file() and f.name != WEIGHTS and f.name not in SKIP:
            shutil.copy2(f, dst / f.name)
    weights = load_file(str(src / WEIGHTS))
    half = {k: (v.half() if v.is_floating_point() else v).contiguous() for k, v in weights.items()}
    tmp = dst / (WEIGHTS + ".tmp")
    save_file(half, str(tmp), metadata={"format": "pt"})
    tmp.replace(dst / WEIGHTS)
    return dst / WEIGHTS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path, help="a trained model directory (plainspeak train --out)")
    ap.add_argument("dst", type=Path, help="where the shipped copy goes, e.g. plainspeak/model/default")
    args = ap.parse_args(argv)
    path = ship(args.src, args.dst)
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
