#!/usr/bin/env python3
"""Checks `carnet serve`, the desk, in a real browser (Debian's chromium,
headless).

Usage: check_desk.py CARNET REPO [--shots DIR]

1. The sample event's desk, in French: the event, a participant's booklet
   and badge as images.
2. A roster with mistakes: every row `carnet check` names is on the
   roster page.
3. Saving content/carnet.typ changes the page the browser is shown.
4. The pack built from the page and downloaded: a zip of 150 booklets.
With --shots DIR, the pages are saved there as desk-*.png (the README's).
"""

import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

from tally import Tally

CHROMIUM = ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--accept-lang=fr-FR", "--lang=fr-FR"]


def chromium(url, shot=None, size=(1280, 900)):
    """The page's DOM as the browser made it; a screenshot if asked."""
    args = CHROMIUM + [f"--window-size={size[0]},{size[1]}"]
    if shot:
        subprocess.run(args + [f"--screenshot={shot}", url], capture_output=True, timeout=120)
    done = subprocess.run(args + ["--dump-dom", url], capture_output=True, timeout=120, text=True)
    return done.stdout


def event_folder(base, repo, roster=None):
    event = base / "event"
    (event / "content").mkdir(parents=True)
    for f in (repo / "content").iterdir():
        if f.is_file():
            shutil.copy(f, event / "content" / f.name)
    if roster:
        shutil.copy(repo / "tests/fixtures/roster" / roster, event / "content/participants.xlsx")
    return event


class Desk:
    def __init__(self, carnet, event):
        self.process = subprocess.Popen([carnet, "serve", "--port", "0"], cwd=event,
                                        stderr=subprocess.PIPE, text=True)
        line = self.process.stderr.readline()
        match = re.search(r"http://(127\.0\.0\.1:\d+)/", line)
        if not match:
            raise SystemExit(f"the desk did not say where it is: {line!r}")
        self.url = f"http://{match.group(1)}"

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=120) as answer:
            return answer.status, answer.read()

    def stop(self):
        self.process.kill()
        self.process.wait()


def main():
    carnet, repo = str(Path(sys.argv[1]).resolve()), Path(sys.argv[2]).resolve()
    shots = Path(sys.argv[sys.argv.index("--shots") + 1]) if "--shots" in sys.argv else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    t = Tally()
    shot = lambda name: str(shots / f"desk-{name}.png") if shots else None

    with tempfile.TemporaryDirectory() as tmp:
        event = event_folder(Path(tmp) / "sample", repo)
        desk = Desk(carnet, event)
        try:
            dom = chromium(desk.url + "/", shot("event"))
            t.check('lang="fr"' in dom and "Bureau carnet" in dom, "the desk speaks French to a French browser")
            t.check("8e Séminaire Qualité" in dom and "14 et 15 mai 2013" in dom, "the event page shows the event")

            dom = chromium(desk.url + "/participant/P001", shot("participant"), size=(1280, 1100))
            images = re.findall(r'src="(/image/booklet/\d+\?[^"]*)"', dom)
            t.check(len(images) == 16, f"16 booklet pages shown (saw {len(images)})")
            status, png = desk.get(images[0].replace("&amp;", "&")) if images else (0, b"")
            t.check(status == 200 and png.startswith(b"\x89PNG"), "the booklet's page 1 is an image")
            t.check("/image/badges/1?participant=P001" in dom, "the participant's badge is shown")
            chromium(desk.url + "/document/badges", shot("badges"))

            # an edit of the carnet: the page the browser gets is the new one
            before = desk.get("/image/booklet/3?participant=P001")[1]
            carnet_typ = event / "content/carnet.typ"
            text = carnet_typ.read_text(encoding="utf-8")
            carnet_typ.write_text(text.replace("Accompagner l'évolution", "ACCOMPAGNER l'évolution", 1),
                                  encoding="utf-8")
            deadline = time.time() + 5
            dom = ""
            while time.time() < deadline and 'data-generation="1"' not in dom:
                time.sleep(0.3)
                dom = chromium(desk.url + "/participant/P001")
            t.check('data-generation="1"' in dom, "the page the browser gets after the edit is new")
            after = desk.get("/image/booklet/3?participant=P001")[1]
            t.check(after.startswith(b"\x89PNG") and after != before, "page 3 shows the edited title")

            # the build, from the page
            dom = chromium(desk.url + "/build")
            token = re.search(r'name="token" value="([0-9a-f]{32})"', dom)
            t.check(token is not None, "the build page carries its token")
            form = urllib.parse.urlencode({"token": token.group(1) if token else ""}).encode()
            request = urllib.request.Request(desk.url + "/build", data=form, method="POST")
            with urllib.request.urlopen(request, timeout=60) as answer:
                t.check(answer.status == 200, "the build starts")
            deadline = time.time() + 180
            while time.time() < deadline and "Dossier construit" not in dom:
                time.sleep(1)
                dom = chromium(desk.url + "/build")
            t.check("Dossier construit" in dom and "150 carnets" in dom, "the pack is built")
            chromium(desk.url + "/build", shot("build"), size=(1280, 500))
            status, body = desk.get("/pack.zip")
            zip_path = Path(tmp) / "downloaded.zip"
            zip_path.write_bytes(body)
            names = zipfile.ZipFile(zip_path).namelist() if status == 200 else []
            t.check(sum(n.startswith("booklets/") for n in names) == 150, "the downloaded pack holds 150 booklets")
        finally:
            desk.stop()

        event = event_folder(Path(tmp) / "messy", repo, roster="messy.xlsx")
        check = subprocess.run([carnet, "check"], cwd=event, capture_output=True, text=True)
        desk = Desk(carnet, event)
        try:
            dom = chromium(desk.url + "/participants", shot("participants"), size=(1280, 1500))
            rows = sorted({int(r) for r in re.findall(r"row (\d+)", check.stdout + check.stderr)})
            t.check(len(rows) >= 3, f"carnet check names rows of the messy roster: {rows}")
            missing = [r for r in rows if f"<td>{r}</td>" not in dom]
            t.check(not missing, f"every row carnet check names is on the roster page (missing {missing})")
            t.check('class="error"' in dom, "errors are marked as such")
            t.check('class="marked" title="the same email as row 11' in dom,
                    "a problem of a row in the table is in the cell that shows its value")
        finally:
            desk.stop()
    t.finish()


if __name__ == "__main__":
    main()
