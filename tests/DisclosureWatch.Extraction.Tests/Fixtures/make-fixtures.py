#!/usr/bin/env python3
"""Makes the extraction fixtures from the five seed reports (run once by hand; CI does not run it).

For every seed <name>.txt in /work/shared/seeds (or the directory given as the first argument):
  <name>.docx       the seed as a Word document with REAL tables, written by LibreOffice
  <name>.utf8.html  that document exported again to HTML by LibreOffice (UTF-8)
  <name>.gbk.html   the same HTML declared <meta charset="gbk"> and encoded GB18030
  (LibreOffice's per-cell inline border styles are dropped from both HTML files to keep them small)
  <name>.gbk.txt    the seed re-encoded GB18030 (what iconv -t GB18030 gives)
and encrypted.pdf, a one-line PDF LibreOffice exported with the open password "secret".

The seeds hold their tables as text; this script turns each table block into an HTML <table>
(tab-separated lines, '|'-separated lines, or one cell per line with blank lines between rows),
the other lines into <p> (markdown '#' headings into <h1>..<h6>, **bold** into <b>), and lets
LibreOffice (soffice --headless, needs libreoffice-writer) convert that HTML to .docx and the
.docx back to HTML. Needs: python3, soffice.
"""
import html
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
SEEDS = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/seeds")


def is_pipe_row(line):
    return line.count("|") >= 2


def is_tab_row(line):
    # A single leading tab with nothing after another tab is the one-cell-per-line layout.
    return "\t" in line and not is_cell_line(line)


def is_cell_line(line):
    return line.startswith("\t") and "\t" not in line[1:]


def split_row(line):
    if is_pipe_row(line):
        cells = [c.strip() for c in line.split("|")]
        if cells and cells[-1] == "":  # the closing '|'
            cells.pop()
        return cells
    return [c.strip() for c in line.split("\t")]


def inline(text):
    escaped = html.escape(text.strip(), quote=False)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)


def table_html(rows):
    width = max(len(r) for r in rows)
    out = ['<table border="1" cellspacing="0" cellpadding="2">']
    for r in rows:
        cells = r + [""] * (width - len(r))
        out.append("<tr>" + "".join(f"<td>{html.escape(c, quote=False)}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def is_blank(line):
    # A line holding only a tab is an empty table cell, not a blank line.
    return "\t" not in line and not line.strip()


def next_nonblank(lines, i):
    while i < len(lines) and is_blank(lines[i]):
        i += 1
    return i


def seed_to_html(text, title):
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_blank(line):
            i += 1
            continue
        if is_cell_line(line):
            # One cell per line; a blank line ends a row; the table ends at the first line that is not a cell.
            rows, row = [], []
            while i < len(lines):
                if is_cell_line(lines[i]):
                    row.append(lines[i][1:].strip())
                    i += 1
                elif is_blank(lines[i]):
                    if row:
                        rows.append(row)
                        row = []
                    j = next_nonblank(lines, i)
                    if j >= len(lines) or not is_cell_line(lines[j]):
                        i = j
                        break
                    i = j
                else:
                    break
            if row:
                rows.append(row)
            body.append(table_html(rows))
            continue
        if is_tab_row(line) or is_pipe_row(line):
            rows = []
            while i < len(lines):
                if is_tab_row(lines[i]) or is_pipe_row(lines[i]):
                    rows.append(split_row(lines[i]))
                    i += 1
                elif is_blank(lines[i]):
                    j = next_nonblank(lines, i)  # a blank line inside a table does not end it
                    if j < len(lines) and (is_tab_row(lines[j]) or is_pipe_row(lines[j])):
                        i = j
                    else:
                        break
                else:
                    break
            body.append(table_html(rows))
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            level = len(heading.group(1))
            body.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
        else:
            body.append(f"<p>{inline(line)}</p>")
        i += 1
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
            + html.escape(title) + "</title></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n")


def soffice(args, cwd):
    profile = pathlib.Path(cwd) / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *args],
                   cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def main():
    if not shutil.which("soffice"):
        sys.exit("soffice not found: apt-get install libreoffice-writer-nogui")
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        sys.exit(f"no seeds in {SEEDS}")
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        for seed in seeds:
            name = seed.stem
            text = seed.read_text(encoding="utf-8")
            (HERE / f"{name}.gbk.txt").write_bytes(text.encode("gb18030"))
            (work / f"{name}.html").write_text(seed_to_html(text, name), encoding="utf-8")
            # HTML -> docx (Writer, not Writer/Web, so the tables become real Word tables).
            soffice(["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML",
                     "--outdir", str(work / "docx"), str(work / f"{name}.html")], work)
            shutil.copy(work / "docx" / f"{name}.docx", HERE / f"{name}.docx")
            # docx -> HTML again, as a user's "save as web page" would give it.
            soffice(["--convert-to", "html:HTML (StarWriter):UTF8", "--outdir", str(work / "html"),
                     str(HERE / f"{name}.docx")], work)
            exported = (work / "html" / f"{name}.html").read_text(encoding="utf-8")
            # LibreOffice repeats a ~250-byte border style on every table cell; dropping those inline
            # styles (presentation only) keeps each fixture at a few tens of KB.
            exported = re.sub(r'(<td[^>]*?) style="[^"]*"', r"\1", exported)
            (HERE / f"{name}.utf8.html").write_text(exported, encoding="utf-8")
            # The GBK copy declares its charset the short way, <meta charset="gbk">.
            gbk, n = re.subn(r'<meta http-equiv="content-type" content="text/html; charset=utf-8"\s*/?>',
                             '<meta charset="gbk">', exported, count=1, flags=re.I)
            if n != 1:
                sys.exit(f"{name}: no charset declaration found in the LibreOffice HTML")
            (HERE / f"{name}.gbk.html").write_bytes(gbk.encode("gb18030"))
            print(name, "ok")
        (work / "encrypted.txt").write_text("加密的年度报告 encrypted report\n", encoding="utf-8")
        soffice(["--convert-to", 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                 '"DocumentOpenPassword":{"type":"string","value":"secret"}}', "--outdir", str(work / "pdf"),
                 str(work / "encrypted.txt")], work)
        shutil.copy(work / "pdf" / "encrypted.pdf", HERE / "encrypted.pdf")
        print("encrypted.pdf ok")


if __name__ == "__main__":
    main()
