#!/usr/bin/env python3
"""Writes the layer tars of the two synthetic pull-benchmark images (Python stdlib only).

Usage: make-layer-tars.py many-small|few-large OUTDIR
  many-small  a node_modules-like tree: 2 layers, 50,000 small text files (35k + 15k) in
              ~4,200 directories, ~1.8 KB per file on average, compressing ~4x like source code
  few-large   3 layers with one large incompressible file each (64, 48, 16 MB, random bytes)
Writes OUTDIR/layer1.tar, layer2.tar, ... (uncompressed; umoci gzips them). Deterministic
(fixed seeds), so a rebuilt image has the same content.
"""
import io
import os
import random
import sys
import tarfile


def add_dir(tar, path):
    info = tarfile.TarInfo(path)
    info.type = tarfile.DIRTYPE
    info.mode = 0o755
    info.mtime = 1_700_000_000
    tar.addfile(info)


def add_file(tar, path, data):
    info = tarfile.TarInfo(path)
    info.size = len(data)
    info.mode = 0o644
    info.mtime = 1_700_000_000
    tar.addfile(info, io.BytesIO(data))


def many_small(out):
    rng = random.Random(10)
    vocab = ["function", "return", "const", "require", "module", "exports", "this", "value",
             "if", "else", "for", "let", "=>", "{", "}", "(", ")", ";", "null", "undefined"]
    vocab += ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rng.randint(3, 12)))
              for _ in range(3000)]
    files_per_layer = [35_000, 15_000]
    pkg = 0
    for n, count in enumerate(files_per_layer, 1):
        with tarfile.open(os.path.join(out, f"layer{n}.tar"), "w", format=tarfile.PAX_FORMAT) as tar:
            add_dir(tar, "app")
            add_dir(tar, f"app/node_modules{'' if n == 1 else '-dev'}")
            root = f"app/node_modules{'' if n == 1 else '-dev'}"
            written = 0
            while written < count:
                pkg += 1
                base = f"{root}/pkg-{pkg:05d}"
                add_dir(tar, base)
                add_dir(tar, f"{base}/lib")
                for f in range(min(rng.randint(8, 40), count - written)):
                    words = rng.choices(vocab, k=int(rng.expovariate(1 / 250)) + 5)
                    text = " ".join(words).encode()
                    name = "package.json" if f == 0 else f"lib/m{f}.js"
                    add_file(tar, f"{base}/{name}", text)
                    written += 1


def few_large(out):
    rng = random.Random(11)
    for n, mb in enumerate([64, 48, 16], 1):
        with tarfile.open(os.path.join(out, f"layer{n}.tar"), "w", format=tarfile.PAX_FORMAT) as tar:
            add_dir(tar, f"data{n}")
            add_file(tar, f"data{n}/README", b"incompressible test data\n")
            add_file(tar, f"data{n}/blob.bin", rng.randbytes(mb * 1_000_000))


if __name__ == "__main__":
    shape, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    {"many-small": many_small, "few-large": few_large}[shape](out)
