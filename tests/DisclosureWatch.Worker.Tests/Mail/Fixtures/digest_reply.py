"""A supervisor's reply to a digest, made the way a mail client and Excel would, by another implementation than dw's:
Python's email package reads the digest, openpyxl fills its workbook, and email composes the reply.

  digest_reply.py list DIGEST_EML            -> JSON: the rows of the reply sheets, the drop-down lists and validations
  digest_reply.py reply DIGEST_EML SPEC OUT  -> OUT.eml (and OUT.xlsx, the filled workbook); prints the extra rows' numbers

SPEC (JSON): from, message_id, in_reply_to (default: the digest's Message-ID; "" for none), references, token (replaces
the hidden token), reviews {id: [decision, comment]}, labels {id: label}, extra_reviews [[id, decision, comment]],
extra_labels [[id, label]].
"""
import io
import json
import sys
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import openpyxl

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def digest(path):
    msg = BytesParser(policy=policy.default).parse(open(path, "rb"))
    part = next(p for p in msg.iter_attachments() if p.get_content_type() == XLSX)
    return msg, part.get_filename(), part.get_payload(decode=True)


def columns(ws):
    return {c.value: c.column for c in ws[1] if c.value}


def rows(ws):
    cols = columns(ws)
    names = sorted(cols, key=cols.get)
    return [{n: ws.cell(row=r, column=cols[n]).value for n in names} | {"_row": r} for r in range(2, ws.max_row + 1)]


def listing(path):
    _, name, data = digest(path)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {"file": name, "sheets": wb.sheetnames, "hidden": [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]}
    for title in ("待确认问题", "待标注段落"):
        ws = wb[title]
        out[title] = rows(ws)
        out[title + ":validations"] = [{"type": v.type, "formula": v.formula1, "ranges": str(v.sqref)} for v in ws.data_validations.dataValidation]
    form = wb["dw-reply"]
    out["decisions"] = [form.cell(row=r, column=2).value for r in range(5, form.max_row + 1) if form.cell(row=r, column=2).value]
    out["labels"] = [form.cell(row=r, column=3).value for r in range(5, form.max_row + 1) if form.cell(row=r, column=3).value]
    print(json.dumps(out, ensure_ascii=False, default=str))


def reply(path, spec_path, out):
    spec = json.load(open(spec_path, encoding="utf-8"))
    original, name, data = digest(path)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    extra = {}
    for title, answers, extras, fields in (("待确认问题", spec.get("reviews", {}), spec.get("extra_reviews", []), ("处理", "备注")),
                                           ("待标注段落", spec.get("labels", {}), spec.get("extra_labels", []), ("标签",))):
        ws = wb[title]
        cols = columns(ws)
        for r in range(2, ws.max_row + 1):
            item = ws.cell(row=r, column=cols["编号"]).value
            if item in answers:
                values = answers[item] if isinstance(answers[item], list) else [answers[item]]
                for field, value in zip(fields, values):
                    ws.cell(row=r, column=cols[field], value=value)
        numbers = []
        for row in extras:
            r = ws.max_row + 1
            for field, value in zip(("编号",) + fields, row):
                ws.cell(row=r, column=cols[field], value=value or None)
            numbers.append(r)
        extra[title] = numbers
    if spec.get("token"):
        wb["dw-reply"]["B2"] = spec["token"]
    filled = io.BytesIO()
    wb.save(filled)
    open(out[:-4] + ".xlsx", "wb").write(filled.getvalue())

    msg = EmailMessage()
    msg["From"] = spec["from"]
    msg["To"] = original["From"]
    msg["Subject"] = "回复：" + str(original["Subject"])
    msg["Message-ID"] = spec["message_id"]
    in_reply_to = spec.get("in_reply_to", original["Message-ID"])
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = spec.get("references", in_reply_to)
    msg.set_content("已填写，请查收附件。\n")
    msg.add_attachment(filled.getvalue(), maintype="application", subtype=XLSX.split("/")[1], filename=name)
    open(out, "wb").write(msg.as_bytes(policy=policy.SMTP))
    print(json.dumps(extra, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1] == "list":
        listing(sys.argv[2])
    else:
        reply(sys.argv[2], sys.argv[3], sys.argv[4])
