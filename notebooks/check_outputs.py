#!/usr/bin/env python3
"""Fails when the alerts a committed notebook shows differ from a fresh execution's.

Compares, in order, every HTML table marked smbhunt-checked (Show.alerts) of the two notebooks, and requires
that every code cell of the fresh execution ran without an error output.
Usage: check_outputs.py COMMITTED.ipynb EXECUTED.ipynb
"""
import json
import sys

MARK = 'class="smbhunt-checked"'


def checked_tables(path):
    tables, errors = [], []
    for i, cell in enumerate(json.load(open(path, encoding="utf-8"))["cells"]):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            html = out.get("data", {}).get("text/html")
            if html is not None:
                html = "".join(html) if isinstance(html, list) else html
                if MARK in html:
                    tables.append(html)
    return tables, errors


committed, executed = sys.argv[1], sys.argv[2]
old, old_errors = checked_tables(committed)
new, new_errors = checked_tables(executed)
problems = [f"{committed} was committed with an error output: {e}" for e in old_errors]
problems += [f"fresh run of {committed}: {e}" for e in new_errors]
if not old:
    problems.append(f"{committed}: no checked alerts table in the committed outputs (run notebooks/run-all --update)")
if len(old) != len(new):
    problems.append(f"{committed}: {len(old)} checked table(s) committed, {len(new)} in the fresh run")
for n, (a, b) in enumerate(zip(old, new)):
    if a != b:
        first = a.splitlines()[0] if a else ""
        problems.append(f"{committed}: checked table {n + 1} ({first[:80]}) differs from a fresh run;"
                        " re-run notebooks/run-all --update and commit the outputs")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"{committed}: {len(new)} checked alerts table(s) match a fresh execution")
