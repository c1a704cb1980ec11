#!/usr/bin/env python3
"""Where do chosen images rank when a results folder is sorted by energy in box, lowest first?

    python3 tools/rank_outside_box.py [--mispredicted] RESULTS/index.csv FILE [FILE ...]

Sorts the rows of an `explain --boxes` index by energy_in_box ascending ("looks outside the object"
first, as the explorer's sort does; rows without a score last) and prints the rank of each FILE, the
median rank and how many are in the top 10, 20 and 50. With --mispredicted, only the rows whose
prediction differs from their label are ranked (the explorer's "mispredicted" filter). Standard library
only.
"""
import csv
import statistics
import sys


def main(index, files, mispredicted):
    with open(index, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["map"].endswith(".npy")]
    if mispredicted:
        rows = [r for r in rows if r["label"] and r["label"] != r["predicted"]]
    scored = sorted((r for r in rows if r["energy_in_box"]), key=lambda r: (float(r["energy_in_box"]), r["path"]))
    rank = {r["path"]: i + 1 for i, r in enumerate(scored)}
    by_path = {r["path"]: r for r in rows}
    print(f"{len(scored)} images with a score in {index}")
    ranks = []
    for name in files:
        row = by_path.get(name)
        if row is None or name not in rank:
            print(f"{name}: not scored")
            continue
        ranks.append(rank[name])
        print(f"{name}: rank {rank[name]}, energy {row['energy_in_box']}, pointing {row['pointing_hit']},"
              f" predicted {row['predicted']}, label {row['label']}")
    if ranks:
        print(f"median rank {statistics.median(ranks)}; in the top 10: {sum(r <= 10 for r in ranks)},"
              f" top 20: {sum(r <= 20 for r in ranks)}, top 50: {sum(r <= 50 for r in ranks)} of {len(ranks)}")


if __name__ == "__main__":
    args = sys.argv[1:]
    only_mispredicted = bool(args) and args[0] == "--mispredicted"
    args = args[1:] if only_mispredicted else args
    if len(args) < 2:
        sys.exit(__doc__)
    main(args[0], args[1:], only_mispredicted)
