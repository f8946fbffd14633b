#!/usr/bin/env python3
"""Compiles every template on its own, as a designer would with Typst's CLI:
root the repository, only the bundled fonts, with and without the sample
data given by --input data=… (here through Typst's Python binding, the same
compiler).

Usage: check_templates.py REPO
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import typst
from tally import Tally

SAMPLES = {
    "booklet": "/content/sample-participant.json",
    "grid": "/content/sample-visit.json",
    "attendance": "/content/sample-attendance.json",
    "badges": "/content/sample-badges.json",
}


def main():
    repo = Path(sys.argv[1])
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        for name, sample in SAMPLES.items():
            for inputs in ({}, {"data": sample}):
                out = Path(tmp) / f"{name}.pdf"
                try:
                    typst.compile(str(repo / f"templates/{name}.typ"), output=str(out), root=str(repo),
                                  font_paths=[str(repo / "fonts")], ignore_system_fonts=True, sys_inputs=inputs)
                    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
                    pages = int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))
                    ok = pages > 0
                except Exception as error:  # a template that does not compile
                    print(f"FAIL: templates/{name}.typ {inputs}: {error}")
                    ok = False
                tally.check(ok, f"templates/{name}.typ {inputs}")

        # The booklet's two parts: the front ends with the two name pages,
        # and front and body have the whole booklet's pages between them.
        def pages_of(inputs):
            out = Path(tmp) / "part.pdf"
            typst.compile(str(repo / "templates/booklet.typ"), output=str(out), root=str(repo),
                          font_paths=[str(repo / "fonts")], ignore_system_fonts=True, sys_inputs=inputs)
            info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
            return int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))

        data = {"data": SAMPLES["booklet"]}
        whole = pages_of(data)
        front = pages_of({**data, "booklet": "front"})
        body = pages_of({**data, "booklet": "body", "front": str(front - 2)})
        tally.check(front - 2 + body == whole, f"booklet parts: front {front} - 2 + body {body} != whole {whole}")
    tally.finish()


if __name__ == "__main__":
    main()
