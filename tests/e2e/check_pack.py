#!/usr/bin/env python3
"""Checks a built pack with poppler and qpdf, as a print shop would.

Usage: check_pack.py PACK.zip SEED.txt [RUNNING-TITLE]

For every booklet: A5 pages, a multiple of 4, every font embedded (pdffonts),
a clean structure (qpdf --check); for some booklets: the whole seed, in
order, and the participant's name in the text (pdftotext).
"""

import csv
import io
import re
import subprocess
import sys
import tempfile
import unicodedata
import urllib.parse
import zipfile
from pathlib import Path

from tally import Tally


def letters(text):
    text = text.replace("^{", "").replace("}", "").replace("*", "")
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in text if c.isalnum())


def as_printed(line):
    """A line of the seed as the booklet prints it: one ordinal form
    ("8^{ème}" → "8e") and web addresses percent-decoded."""
    line = re.sub(r"\^\{(?:ème|eme|è)\}", "e", line)
    return urllib.parse.unquote(line)


def seed_sentences(seed):
    lines = [as_printed(line.strip()) for line in seed.splitlines()]
    footnote = [l for l in lines if l.startswith("¹") or l.startswith("<http")]
    body = [l for l in lines if l not in footnote]
    sentences = []
    for line in body:
        for part in re.split(r"[.?!:;]", line):
            if len(letters(part)) >= 2:
                sentences.append(part.strip())
    return sentences, footnote


def body_text(text, running):
    """The text without running headers and page numbers, which stand
    between the two halves of a sentence that spans a page break."""

    def is_header(line):
        rest = letters(line)
        for part in running:
            rest = rest.replace(letters(part), "", 1)
        return bool(letters(line)) and not rest

    lines = [l for l in text.replace("\f", "\n").splitlines() if l.strip()]
    body = []
    for i, line in enumerate(lines):
        # A page number is followed by the next page's header, or ends the text.
        next_is_header = i + 1 == len(lines) or is_header(lines[i + 1])
        if is_header(line) or (line.strip().isdigit() and next_is_header):
            continue
        body.append(line)
    return "\n".join(body)


def missing_sentences(text, seed):
    haystack = letters(text)
    sentences, footnote = seed_sentences(seed)
    position, missing = 0, []
    for sentence in sentences:
        found = haystack.find(letters(sentence), position)
        if found < 0:
            missing.append(sentence)
        else:
            position = found + len(letters(sentence))
    missing += [l for l in footnote if letters(l) not in haystack]
    return missing


def structure_problems(pdf):
    """What is wrong in a tagged PDF's structure: every marked content of
    every page must be the structure element the parent tree names, which
    claims it back; every element names its parent."""
    import pikepdf

    problems = []
    root = pdf.Root.StructTreeRoot
    claimed = {}
    stack = [(kid, root, None) for kid in as_list(root.get("/K"))]
    while stack:
        kid, parent, page = stack.pop()
        if isinstance(kid, int):
            problems.append("an MCID right under the root")
            continue
        if not isinstance(kid, pikepdf.Dictionary) or kid.get("/Type") in ("/OBJR", "/MCR"):
            continue
        if kid.get("/P") is None or kid.P.objgen != parent.objgen:
            problems.append(f"element {kid.objgen} names another parent")
        page = kid.get("/Pg", page)
        for k in as_list(kid.get("/K")):
            if isinstance(k, int):
                claimed[(page.objgen, k)] = kid.objgen
            elif isinstance(k, pikepdf.Dictionary) and "/MCID" in k:
                claimed[(k.get("/Pg", page).objgen, int(k.MCID))] = kid.objgen
            else:
                stack.append((k, kid, page))
    nums = as_list(root.ParentTree.get("/Nums"))
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    marked = set()
    for page in pdf.pages:
        mcids = [int(operands[1]["/MCID"]) for operands, op in pikepdf.parse_content_stream(page)
                 if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]]
        if not mcids:
            continue
        key = int(page.obj.StructParents)
        for mcid in mcids:
            try:
                element = tree[key][mcid]
            except (KeyError, IndexError):
                problems.append(f"page {page.obj.objgen} MCID {mcid}: not in the parent tree")
                continue
            if claimed.get((page.obj.objgen, mcid)) != element.objgen:
                problems.append(f"page {page.obj.objgen} MCID {mcid}: the parent tree and the element disagree")
            marked.add((page.obj.objgen, mcid))
    if set(claimed) != marked:
        problems.append(f"{len(set(claimed) ^ marked)} marked contents are in the tree or on the pages only")
    return problems


def as_list(obj):
    import pikepdf

    if obj is None:
        return []
    if isinstance(obj, pikepdf.Array):
        return list(obj)
    return [obj]


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def main():
    pack, seed_path = sys.argv[1], sys.argv[2]
    seed = Path(seed_path).read_text(encoding="utf-8")
    running_title = sys.argv[3] if len(sys.argv) > 3 else "Séminaire Qualité 2013"
    tally = Tally()
    check = tally.check

    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(pack) as zf:
        zf.extractall(tmp)
        manifest = list(csv.DictReader(io.StringIO(zf.read("manifest.csv").decode("utf-8"))))
        check(len(manifest) > 0, "manifest has rows")
        for i, row in enumerate(manifest):
            pdf = str(Path(tmp) / row["file"])
            info = run("pdfinfo", pdf).stdout
            pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
            size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
            w, h = float(size.group(1)), float(size.group(2))
            check(abs(w - 419.53) < 1 and abs(h - 595.28) < 1, f"{row['file']}: A5, got {w}x{h} pt")
            check(pages % 4 == 0, f"{row['file']}: {pages} pages, not a multiple of 4")
            check(str(pages) == row["pages"], f"{row['file']}: manifest says {row['pages']} pages")
            fonts = run("pdffonts", pdf).stdout.splitlines()[2:]
            check(fonts and all(l.split()[-5] == "yes" for l in fonts), f"{row['file']}: fonts not all embedded:\n" + "\n".join(fonts))
            qpdf = run("qpdf", "--check", pdf)
            check(qpdf.returncode == 0, f"{row['file']}: qpdf --check: {qpdf.stdout}{qpdf.stderr}")
            if i % 25 == 0:
                import pikepdf
                with pikepdf.open(pdf) as doc:
                    problems = structure_problems(doc)
                    check(not problems, f"{row['file']}: structure: {problems[:5]}")
                    meta = doc.open_metadata()
                    check(meta.get("xmpTPg:NPages") in (None, str(pages)), f"{row['file']}: metadata says {meta.get('xmpTPg:NPages')} pages")
                    check(row["first_name"] in str(meta.get("dc:title")), f"{row['file']}: title {meta.get('dc:title')!r}")
                # The running header of a page of the carnet names the participant.
                page3 = "".join(run("pdftotext", "-f", "3", "-l", "3", pdf, "-").stdout.split())
                check("".join(row["first_name"].split()) in page3, f"{row['file']}: no name on page 3")
                text = run("pdftotext", pdf, "-").stdout
                name = f"{row['first_name']} {row['last_name']}".strip()
                missing = missing_sentences(body_text(text, [name, running_title]), seed)
                check(not missing, f"{row['file']}: seed sentences missing or out of order: {missing}")
                # Hyphens extract as written (pdftotext and mutool): real
                # ones are U+002D, a hyphenation break a soft hyphen at a
                # line's end only.
                mutool = run("mutool", "draw", "-F", "txt", "-o", "-", pdf).stdout
                for tool, extracted in (("pdftotext", text), ("mutool", mutool)):
                    for word in ("Maine-et-Loire", "vis-à-vis", "parcours-gagnant.fr", "12-17"):
                        check(word in extracted, f"{row['file']}: {tool}: {word!r} as written")
                    inner = [l for l in extracted.splitlines() if "\u00ad" in l.rstrip().rstrip("\u00ad")]
                    check(not inner, f"{row['file']}: {tool}: a soft hyphen inside a line: {inner[:3]}")
                flat = "".join(text.split())
                for field in ("first_name", "last_name"):
                    check("".join(row[field].split()) in flat, f"{row['file']}: {field} {row[field]!r} not in text")
        # The other documents: a clean structure.
        import pikepdf
        for name in ["print/booklets-a4.pdf", "badges.pdf", "emargement.pdf", "grids/grille-vierge.pdf"]:
            qpdf = run("qpdf", "--check", str(Path(tmp) / name))
            check(qpdf.returncode == 0, f"{name}: qpdf --check: {qpdf.stdout}{qpdf.stderr}")
            if name != "print/booklets-a4.pdf":
                with pikepdf.open(str(Path(tmp) / name)) as doc:
                    problems = structure_problems(doc)
                    check(not problems, f"{name}: structure: {problems[:5]}")

        # Emailed booklets are archival.
        import pikepdf
        first = manifest[0]
        with pikepdf.open(str(Path(tmp) / first["file"])) as pdf:
            meta = pdf.open_metadata()
            check(meta.pdfa_status.startswith("2"), f"{first['file']}: PDF/A-2, got {meta.pdfa_status!r}")
            check(str(pdf.Root.get("/Lang", "")).startswith("fr"), f"{first['file']}: language fr")
            check(bool(meta.get("dc:title")), f"{first['file']}: a title")

        # The print file: the first booklet's pages in saddle-stitch order,
        # read from the page number printed at each half of each sheet side.
        n = int(first["pages"])
        print_pdf = str(Path(tmp) / "print/booklets-a4.pdf")
        for side in range(n // 2):
            s = side // 2
            expected = (n - 2 * s, 2 * s + 1) if side % 2 == 0 else (2 * s + 2, n - 2 * s - 1)
            for half, page in zip((0, 421), expected):
                text = run("pdftotext", "-f", str(side + 1), "-l", str(side + 1), "-x", str(half), "-y", "0",
                           "-W", "420", "-H", "595", print_pdf, "-").stdout
                numbers = [l.strip() for l in text.splitlines() if l.strip().isdigit()]
                if numbers:
                    check(int(numbers[-1]) == page, f"print sheet side {side + 1}: expected page {page} at x={half}, found {numbers[-1]}")
    tally.finish()


if __name__ == "__main__":
    main()
