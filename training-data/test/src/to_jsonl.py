#!/usr/bin/env python3
"""Converts the hand-written test passages to JSONL; it writes no text of its own.
part*.txt (the held-out reports) → ../heldout.jsonl; regression-hard.txt → ../regression/hard.jsonl.

Format: "# GROUP description" starts a report; "@N" sets the section (0 preamble, 1..6) and resets the position;
"~ CONTEXT" sets the sub-heading the following passages sit under ("~" alone clears it); every other non-empty
line is "LABEL TEXT" with LABEL b(oilerplate), m(easure), p(roblem) or i(mprovement)."""
import glob, json, os, sys

LABELS = {"b": "boilerplate", "m": "measure", "p": "problem", "i": "improvement"}
here = os.path.dirname(os.path.abspath(__file__))


def convert(paths, target):
  out = []
  for path in paths:
      group = None; section = -1; context = None; position = 0
      for number, raw in enumerate(open(path, encoding="utf-8"), 1):
          line = raw.rstrip("\n")
          if not line.strip():
              continue
          if line.startswith("# "):
              group = line[2:].split()[0]; section = -1; context = None; position = 0
          elif line.startswith("@"):
              section = int(line[1:].strip()); context = None; position = 0
          elif line.startswith("~"):
              context = line[1:].strip() or None
          else:
              label, _, text = line.partition(" ")
              if label not in LABELS or not text.strip() or group is None:
                  sys.exit(f"{path}:{number}: expected 'LABEL TEXT' after a '# GROUP' line")
              row = {"text": text.strip(), "label": LABELS[label], "section": section}
              if context:
                  row["context"] = context
              row["position"] = position
              row["group"] = group
              out.append(row)
              position += 1
  with open(os.path.join(here, "..", target), "w", encoding="utf-8") as f:
    for row in out:
      f.write(json.dumps(row, ensure_ascii=False) + "\n")
  groups = {r["group"] for r in out}
  counts = {l: sum(r["label"] == l for r in out) for l in LABELS.values()}
  print(f"{target}: {len(out)} passages, {len(groups)} groups, {counts}")


convert(sorted(glob.glob(os.path.join(here, "part*.txt"))), "heldout.jsonl")
convert([os.path.join(here, "regression-hard.txt")], os.path.join("regression", "hard.jsonl"))
