#!/usr/bin/env python3
"""A roster whose names are formulas gives a manifest that a real spreadsheet
program opens as text.

Usage: check_manifest_formulas.py CARNET REPO

Builds the sample event for tests/fixtures/hostile/formulas.csv, converts the
pack's manifest.csv with LibreOffice (headless), and reads the workbook back
with openpyxl: every cell must be text, none a formula. As a control, the same
names written raw into a CSV must come back as formulas, so that the check
would fail if carnet stopped neutralising them.
"""

import csv
import pathlib
import subprocess
import sys
import tempfile
import zipfile

import openpyxl


def convert(csv_path, out_dir):
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out_dir), str(csv_path)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=300,
    )
    book = openpyxl.load_workbook(out_dir / (csv_path.stem + ".xlsx"))
    return [[(cell.value, cell.data_type) for cell in row] for row in book.active.iter_rows()]


def main():
    carnet, repo = sys.argv[1], pathlib.Path(sys.argv[2])
    roster = repo / "tests/fixtures/hostile/formulas.csv"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        pack = tmp / "pack.zip"
        subprocess.run(
            [carnet, "build", "--participants", str(roster), "--out", str(pack)],
            cwd=repo,
            check=True,
            timeout=600,
        )
        manifest = tmp / "manifest.csv"
        manifest.write_bytes(zipfile.ZipFile(pack).read("manifest.csv"))
        rows = convert(manifest, tmp)
        formulas = [(v, t) for row in rows for v, t in row if t == "f"]
        assert not formulas, f"manifest cells run as formulas: {formulas}"
        names = [row[1][0] for row in rows[1:]]
        assert any(str(n).startswith("'=HYPERLINK(") for n in names), names

        # The control: the same names, raw, are formulas to LibreOffice.
        raw = tmp / "raw.csv"
        with open(roster, encoding="utf-8") as source, open(raw, "w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(csv.reader(source))
        control = convert(raw, tmp)
        assert any(t == "f" for row in control for _, t in row), control
    print(f"manifest: {len(rows) - 1} rows, every cell text in LibreOffice; the raw names are formulas there")


if __name__ == "__main__":
    main()
