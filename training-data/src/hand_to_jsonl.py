#!/usr/bin/env python3
"""Convert hand-written report narratives (src/hand_townships/*.txt) to hand-townships.jsonl.

Only a change of format: every passage is written out in full in the .txt files; this script adds the
position within the report and checks the labels. Format of a .txt file:

    # tw-001                      a new report (group id)
    @5 存在的问题                 section number 0-6, then the optional sub-heading (context)
    p 一是……                      label letter (p problem, i improvement, m measure, b boilerplate), a space, the passage
"""
import glob, json, os, sys

LABELS = {"p": "problem", "i": "improvement", "m": "measure", "b": "boilerplate"}
here = os.path.dirname(os.path.abspath(__file__))
out_path = os.path.join(here, "..", "hand-townships.jsonl")
rows, errors = [], []
for path in sorted(glob.glob(os.path.join(here, "hand_townships", "*.txt"))):
    group, section, context, position = None, None, None, 0
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("# "):
            group, section, context, position = line[2:].strip(), None, None, 0
            continue
        if line.startswith("@"):
            head, _, ctx = line[1:].partition(" ")
            section, context = int(head), (ctx.strip() or None)
            continue
        tag, _, text = line.partition(" ")
        if tag not in LABELS or not text.strip() or group is None or section is None or not 0 <= section <= 6:
            errors.append(f"{os.path.basename(path)}:{n}: cannot read '{line[:40]}'")
            continue
        row = {"text": text.strip(), "label": LABELS[tag], "section": section}
        if context:
            row["context"] = context
        row["position"] = position
        row["group"] = group
        rows.append(row)
        position += 1
if errors:
    sys.exit("\n".join(errors))
with open(out_path, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"{len(rows)} passages, {len({r['group'] for r in rows})} reports -> {os.path.normpath(out_path)}")
