#!/usr/bin/python3
"""Checks scripts/grade.py's --json report on stdin: every notebook graded without error, and each
earned `zero` points or `full` marks, as the argument says.

  grade.py --json ... | grades.py zero|full"""
import json
import sys


def main(expected):
    reports = json.load(sys.stdin)
    bad = []
    for r in reports:
        want = 0 if expected == "zero" else r["points"]
        line = f"{r['notebook']}: {r['earned']}/{r['points']}" + (f", error: {r['error']}" if r["error"] else "")
        ok = not r["error"] and r["points"] > 0 and r["earned"] == want
        print(("ok " if ok else "WRONG ") + line)
        if not ok:
            bad.append(line)
    if not reports or bad:
        print(f"grades.py: expected {expected} marks for every notebook; wrong: {bad or 'no report'}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
