#!/usr/bin/env python3
"""compare-scan-export.py SCAN_JSON EXPORT_DIR: for every disk scan lists, export's verdict
(EXPORT_DIR/<name>.2, the second pass of udev-sim.sh) must be scan's: the same UH_NAME
(or none) and UH_PROBLEM equal to scan's first problem (or none).  Prints each mismatch."""
import json
import os
import sys


def main():
    with open(sys.argv[1]) as f:
        disks = json.load(f)["disks"]
    bad = 0
    for d in disks:
        name = os.path.basename(d["device"])
        with open(os.path.join(sys.argv[2], name + ".2")) as f:
            kv = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        want_name = d["name"]
        want_problem = d["problems"][0]["problem"] if d["problems"] else None
        got = (kv.get("UH_NAME"), kv.get("UH_PROBLEM"))
        if got != (want_name, want_problem):
            print(f"{name}: scan says name={want_name} problem={want_problem}, "
                  f"export says name={got[0]} problem={got[1]}")
            bad += 1
    print(f"{len(disks)} disks compared, {bad} differ")
    return 1 if bad or not disks else 0


if __name__ == "__main__":
    sys.exit(main())
