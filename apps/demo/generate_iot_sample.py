#!/usr/bin/env python3
"""Writes data/iot_sample.jsonl: records shaped like the TP4 lab's IoT server on port 9999
(sorted keys, nanosecond timestamps, ~2% error records with null fields), deterministic by seed."""
import json
import random
import sys

def main(path="data/iot_sample.jsonl", count=240, seed=42):
    rng = random.Random(seed)
    start_ns = 1_700_000_000_000_000_000  # 2023-11-14 22:13:20 UTC
    index = 0
    with open(path, "w") as out:
        for i in range(count):
            arrival = start_ns + i * 100_000_000
            creation = arrival - rng.randint(0, 999_999_999)
            if rng.randint(0, 100) < 99:
                index += 1
                record = {
                    "Arrival_Time": arrival, "Creation_Time": creation,
                    "Device": rng.choice(["nexus4_1", "nexus4_2"]), "Index": index,
                    "Model": "nexus4", "User": rng.choice("abcdefghij"),
                    "gt": rng.choice(["stand", "sit", "walk", "stairsdown", "unknown", "stairsup", "bike", "run"]),
                    "x": rng.triangular(-1, 1, 0.5), "y": rng.triangular(-0.3, 0.2, 0), "z": rng.triangular(1, 3, 1.1),
                }
            else:
                record = {"Arrival_Time": arrival, "Creation_Time": creation, "Device": None, "Index": None,
                          "Model": None, "User": None, "gt": None, "x": None, "y": None, "z": None}
            out.write(json.dumps(record, sort_keys=True) + "\n")

if __name__ == "__main__":
    main(*sys.argv[1:2])
