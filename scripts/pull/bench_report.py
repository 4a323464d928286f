#!/usr/bin/env python3
"""Reads a scripts/bench-pull.sh output directory (Python stdlib only).

  bench_report.py table DIR      markdown: estimate vs median real pull per cell, zstd savings
  bench_report.py chart DIR      SVG: estimate vs measured per cell (stdout)
  bench_report.py calibrate DIR...  least-squares fit of the containerd constants
                                 (crate/src/advice/containerd_costs.rs) from the pulls of one
                                 or more runs (medians per cell over all of them), minimising
                                 the error relative to each cell's pull

Estimates: a cell's image as pushed (`as_stored` of its own archive: the blobs containerd
pulls); the zstd saving predicted from the gzip image alone (its gzip-6 vs zstd-3 what-if),
as a user with only the gzip image sees it.
"""
import json
import os
import statistics
import sys

UNLIMITED = 1_000_000.0  # Mbit/s the estimate uses for "unlimited loopback"


def jsonl(d, name):
    path = os.path.join(d, name)
    return [json.loads(l) for l in open(path) if l.strip()] if os.path.exists(path) else []


def load(d):
    return jsonl(d, "pulls.jsonl"), jsonl(d, "estimates.jsonl")


def cells(pulls):
    """(image, codec, mbit or None) -> list of pull records; unlimited first, then by falling
    bandwidth, images in the order they were pulled."""
    out, images = {}, []
    for p in pulls:
        image, codec = p["ref"].split(":")
        if image not in images:
            images.append(image)
        out.setdefault((image, codec, p["mbit"]), []).append(p)
    key = lambda k: (k[2] is not None, -(k[2] or 0), images.index(k[0]), k[1])
    return dict(sorted(out.items(), key=lambda kv: key(kv[0])))


def estimate(est, image, codec, mbit, which):
    want = UNLIMITED if mbit is None else float(mbit)
    for e in est:
        if e["image"] == image and e["codec"] == codec and abs(e["mbit"] - want) < 1e-6:
            return (e["startup"] or {}).get(which)
    return None


def pct(a, b):
    return (a - b) / b * 100 if b else float("nan")


def table(d):
    pulls, est = load(d)
    c = cells(pulls)
    loads = [p["load1"] for p in pulls]
    rows = ["| image | codec | bandwidth | estimate | measured (median, min–max) | error | "
            "steps of the estimate: setup / download / verify / decompress / write | real: fetch / unpack / containerd CPU (medians) |",
            "|---|---|---|---|---|---|---|---|"]
    for (image, codec, mbit), ps in c.items():
        e = estimate(est, image, codec, mbit, "as_stored")
        times = sorted(p["total_s"] for p in ps)
        med = statistics.median(times)
        real = " / ".join(f"{statistics.median(p[k] for p in ps if p.get(k) is not None):.2f}"
                          if any(p.get(k) is not None for p in ps) else "–"
                          for k in ("fetch_s", "unpack_s", "containerd_cpu_s"))
        bw = "unlimited" if mbit is None else f"{mbit:g} Mbit/s"
        if e is None:
            rows.append(f"| {image} | {codec} | {bw} | – | {med:.2f} s | – | | {real} |")
            continue
        steps = " / ".join(f"{e[k]:.2f}" for k in ("setup_s", "download_s", "verify_s", "decompress_s", "write_s"))
        rows.append(f"| {image} | {codec} | {bw} | {e['total_s']:.2f} s | {med:.2f} s ({times[0]:.2f}–{times[-1]:.2f}, n={len(times)}) "
                    f"| {pct(e['total_s'], med):+.0f}% | {steps} | {real} |")
    rows += ["", "| image | bandwidth | zstd saving predicted from the gzip image | real saving (medians) | difference |",
             "|---|---|---|---|---|"]
    for (image, codec, mbit), ps in c.items():
        if codec != "gzip" or (image, "zstd", mbit) not in c:
            continue
        g = statistics.median(p["total_s"] for p in ps)
        z = statistics.median(p["total_s"] for p in c[(image, "zstd", mbit)])
        real = (g - z) / g * 100
        gz = estimate(est, image, "gzip", mbit, "gzip")
        zs = estimate(est, image, "gzip", mbit, "zstd")
        bw = "unlimited" if mbit is None else f"{mbit:g} Mbit/s"
        if gz and zs:
            pred = (gz["total_s"] - zs["total_s"]) / gz["total_s"] * 100
            rows.append(f"| {image} | {bw} | {pred:.0f}% ({gz['total_s'] - zs['total_s']:.2f} s) "
                        f"| {real:.0f}% ({g - z:.2f} s) | {pred - real:+.0f} points |")
    rows += ["", f"{len(pulls)} pulls; load average (1 min) during them {min(loads):.2f}–{max(loads):.2f}, "
             f"median {statistics.median(loads):.2f}; snapshotter {pulls[0]['snapshotter']}."]
    return "\n".join(rows)


def chart(d):
    pulls, est = load(d)
    c = [(k, v) for k, v in cells(pulls).items()]
    bar, gap, h, top, left = 9, 10, 260, 20, 40
    width = left + len(c) * (2 * bar + gap) + 80  # room for the last rotated label
    vals = []
    for (image, codec, mbit), ps in c:
        e = estimate(est, image, codec, mbit, "as_stored")
        vals.append((e["total_s"] if e else 0, statistics.median(p["total_s"] for p in ps)))
    vmax = max(max(v) for v in vals) or 1
    y = lambda v: top + h - v / vmax * h
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{top + h + 110}" font-family="sans-serif" font-size="10">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="12">Start-up: layerlint estimate (blue) vs median real containerd pull (orange), seconds</text>']
    for s in range(0, int(vmax) + 1, max(1, int(vmax) // 8 or 1)):
        out.append(f'<line x1="{left}" x2="{width - 10}" y1="{y(s):.1f}" y2="{y(s):.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 4}" y="{y(s) + 3:.1f}" text-anchor="end">{s}</text>')
    for i, (((image, codec, mbit), _), (e, m)) in enumerate(zip(c, vals)):
        x = left + 5 + i * (2 * bar + gap)
        out.append(f'<rect x="{x}" y="{y(e):.1f}" width="{bar}" height="{top + h - y(e):.1f}" fill="#3b7dd8"/>')
        out.append(f'<rect x="{x + bar}" y="{y(m):.1f}" width="{bar}" height="{top + h - y(m):.1f}" fill="#e8871e"/>')
        label = f"{image} {codec} {'∞' if mbit is None else mbit}"
        out.append(f'<text transform="translate({x + bar},{top + h + 6}) rotate(60)">{label}</text>')
    out.append("</svg>")
    return "\n".join(out)


def solve(a, b):
    """Least squares a·x ≈ b by the normal equations (a few unknowns)."""
    n = len(a[0])
    m = [[sum(r[i] * r[j] for r in a) for j in range(n)] + [sum(r[i] * y for r, y in zip(a, b))] for i in range(n)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(m[r][i]))
        m[i], m[p] = m[p], m[i]
        for r in range(n):
            if r != i and m[i][i]:
                f = m[r][i] / m[i][i]
                m[r] = [x - f * y for x, y in zip(m[r], m[i])]
    return [m[i][n] / m[i][i] for i in range(n)]


def solve_nonnegative(a, b, names):
    """Least squares with every coefficient ≥ 0: a term whose best fit is negative (the data
    cannot tell it apart from the others) is dropped, its constant reported as 0."""
    keep = list(range(len(names)))
    while True:
        x = solve([[r[i] for i in keep] for r in a], b)
        worst = min(range(len(keep)), key=lambda j: x[j])
        if x[worst] >= 0:
            out = [0.0] * len(names)
            for j, i in enumerate(keep):
                out[i] = x[j]
            return out
        print(f"  ({names[keep[worst]]} fits negative ({x[worst]:.3g}): left out)")
        keep.pop(worst)


# ctr 1.6's fetch returns at the first tick of its progress display after the last blob is in
# (cmd/ctr/commands/content/fetch.go: `Fetch` waits for `ShowProgress`, whose ticker is 100 ms)
CTR_PROGRESS_TICK_S = 0.1


def image_sums(d, image, codec):
    """What the estimate reads from `layerlint inspect` of one pushed image."""
    layers = json.load(open(os.path.join(d, f"inspect-{image}-{codec}.json")))["images"][0]["layers"]
    hashed = sum((l.get("sha256") or {}).get("bytes", 0) for l in layers)
    sha_ms = sum((l.get("sha256") or {}).get("ms", 0) for l in layers)
    return {"layers": len(layers), "sha256_mb_s": hashed / 1e3 / sha_ms,
            "compressed_mb": sum(l["stored_size"] for l in layers) / 1e6,
            "uncompressed_mb": sum(l["uncompressed_size"] for l in layers) / 1e6,
            "decode_s": sum(l["original"]["decode_ms"] for l in layers) / 1e3,
            "entries": sum(l["entries"] for l in layers),
            "file_mb": sum(l["file_bytes"] for l in layers) / 1e6}


def weighted(rows, ys, totals):
    """Rows and targets scaled by 1 / the measured pull: least squares then minimises the
    error relative to the whole pull, which is what the acceptance (±15%) measures."""
    return [[x / t for x in r] for r, t in zip(rows, totals)], [y / t for y, t in zip(ys, totals)]


def calibrate(*dirs):
    pulls = [p for d in dirs for p in load(d)[0]]
    # the part of the fetch phase outside whole ticks: ctr's start, connection, image record
    # and exit (the fetch phase is this plus whole ticks, to the millisecond)
    overhead = statistics.median(p["fetch_s"] % CTR_PROGRESS_TICK_S for p in pulls)
    fetch_rows, fetch_y, fetch_t, unpack_rows, unpack_y, unpack_t, names = [], [], [], [], [], [], []
    for (image, codec, mbit), ps in cells(pulls).items():
        # the inspections of one image are the same in every run but for the timings: the first run's
        s = image_sums(next(d for d in dirs if os.path.exists(os.path.join(d, f"inspect-{image}-{codec}.json"))),
                       image, codec)
        total = statistics.median(p["total_s"] for p in ps)
        # the unpack does not depend on the bandwidth: every cell counts
        unpack_rows.append([s["layers"], s["decode_s"] if codec == "gzip" else 0.0,
                            s["decode_s"] if codec == "zstd" else 0.0, s["entries"], s["file_mb"]])
        unpack_y.append(statistics.median(p["unpack_s"] for p in ps) - s["uncompressed_mb"] / s["sha256_mb_s"])
        unpack_t.append(total)
        names.append(f"{image}:{codec}@{mbit or 'unlimited'}")
        if mbit is None:
            # the content store's own work shows only where no link hides it
            fetch_rows.append([s["layers"], s["compressed_mb"]])
            fetch_y.append(statistics.median(p["fetch_s"] for p in ps) - overhead - CTR_PROGRESS_TICK_S / 2
                           - s["compressed_mb"] / s["sha256_mb_s"])
            fetch_t.append(total)
    per_blob, per_mb = solve_nonnegative(*weighted(fetch_rows, fetch_y, fetch_t), ["per blob", "content write"])
    unpack = solve_nonnegative(*weighted(unpack_rows, unpack_y, unpack_t),
                               ["snapshot per layer", "gzip factor", "zstd factor", "per entry", "file write"])
    layer, gz, zs, entry, per_file_mb = unpack
    print(f"{len(pulls)} pulls from {', '.join(dirs)}; medians per cell over all of them")
    print("unpack residuals (% of the pull):", " ".join(
        f"{n} {(y - sum(c * v for c, v in zip(unpack, r))) / t * 100:+.1f}"
        for n, r, y, t in zip(names, unpack_rows, unpack_y, unpack_t)))
    print(f"CTR_OVERHEAD_S = {overhead:.3f}")
    print(f"PER_BLOB_S = {per_blob:.4f}")
    print(f"CONTENT_WRITE_MB_S = {1 / per_mb:.0f}" if per_mb > 0 else "CONTENT_WRITE_MB_S = f64::INFINITY (no cost found)")
    print(f"SNAPSHOT_PER_LAYER_S = {layer:.4f}")
    print(f"GO_GZIP_DECODE_FACTOR = {gz:.2f}")
    print(f"GO_ZSTD_DECODE_FACTOR = {zs:.2f}")
    print(f"PER_ENTRY_S = {entry * 1e6:.1f}e-6")
    print(f"FILE_WRITE_MB_S = {1 / per_file_mb:.0f}" if per_file_mb > 0 else "FILE_WRITE_MB_S = f64::INFINITY (no cost found)")


if __name__ == "__main__":
    cmd, dirs = sys.argv[1], sys.argv[2:]
    if cmd == "calibrate":
        calibrate(*dirs)
    else:
        print({"table": table, "chart": chart}[cmd](dirs[0]))
