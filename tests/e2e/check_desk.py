#!/usr/bin/env python3
"""Checks `carnet serve`, the desk, in a real browser: Debian's chromium,
headless, driven over WebDriver (chromium-driver, Python's selenium).

Usage: check_desk.py CARNET REPO [--shots DIR]

1. The sample event's desk, in French: the event, a participant's booklet
   and badge as images the browser loaded.
2. Saving content/carnet.typ: the open page reloads by itself and shows
   the edited page.
3. The pack built by clicking the page's button, downloaded by the browser:
   a zip of 150 booklets.
4. The mail: the dry run's messages reviewed in the page, then sent by
   clicking, with a login typed in the page, to aiosmtpd on 127.0.0.1
   (STARTTLS, AUTH, a private CA): each participant with an address gets one
   message, the password is never shown back.
5. A roster with mistakes: every row `carnet check` names is on the roster
   page, in French; correcting a cell in the spreadsheet makes its problem
   leave the open page by itself.
With --shots DIR, the pages are saved there as desk-*.png (the README's).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

import openpyxl
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from check_smtp_tls import PASSWORD, USER, start_server
from tally import Tally


def browser(downloads):
    """Chromium, headless, in French, saving downloads in `downloads`."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--lang=fr-FR", "--window-size=1280,900"]:
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "intl.accept_languages": "fr-FR,fr",
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
    })
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                              options=options)
    driver.set_page_load_timeout(120)
    return driver


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
    def __init__(self, carnet, event, env=None):
        self.process = subprocess.Popen([carnet, "serve", "--port", "0"], cwd=event,
                                        stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, **(env or {})})
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
        _, said = self.process.communicate()
        return said


def wait(condition, seconds):
    """Whether `condition()` holds within `seconds`."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if condition():
                return True
        except Exception:  # a page between two loads
            pass
        time.sleep(0.2)
    return False


def shoot(driver, shots, name, height=900):
    if shots:
        driver.set_window_size(1280, height)
        driver.execute_script("window.scrollTo(0, 0);")
        driver.save_screenshot(str(shots / f"desk-{name}.png"))
        driver.set_window_size(1280, 900)


def reloaded(driver):
    """Marks the page; `gone()` says whether it was loaded again since."""
    driver.execute_script("window.__seen = true;")
    return lambda: driver.execute_script("return window.__seen === undefined;")


def images_loaded(driver):
    return driver.execute_script(
        "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0);")


def main():
    carnet, repo = str(Path(sys.argv[1]).resolve()), Path(sys.argv[2]).resolve()
    shots = Path(sys.argv[sys.argv.index("--shots") + 1]).resolve() if "--shots" in sys.argv else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    t = Tally()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        downloads = tmp / "downloads"
        downloads.mkdir()
        server, inbox, logins, port, ca = start_server(tmp)
        driver = browser(downloads)

        event = event_folder(tmp / "sample", repo)
        desk = Desk(carnet, event, {"CARNET_SMTP_CA_FILE": str(ca)})
        try:
            # 1. the event and a participant
            driver.get(desk.url + "/")
            html = driver.page_source
            t.check('lang="fr"' in html and "Bureau carnet" in html, "the desk speaks French to a French browser")
            t.check("8e Séminaire Qualité" in html and "14 et 15 mai 2013" in html, "the event page shows the event")
            shoot(driver, shots, "event")

            driver.find_element(By.LINK_TEXT, "Participants").click()
            driver.find_element(By.PARTIAL_LINK_TEXT, "P001").click()
            t.check(wait(lambda: images_loaded(driver), 120), "the participant's page images are loaded")
            images = [i.get_attribute("src") for i in driver.find_elements(By.TAG_NAME, "img")]
            booklet = [src for src in images if "/image/booklet/" in src]
            t.check(len(booklet) == 16, f"16 booklet pages shown (saw {len(booklet)})")
            t.check(any("/image/badges/1?participant=P001" in src for src in images), "the participant's badge is shown")
            shoot(driver, shots, "participant", 1100)
            driver.get(desk.url + "/document/badges")
            wait(lambda: images_loaded(driver), 120)
            shoot(driver, shots, "badges")

            # 2. an edit of the carnet: the open page reloads by itself
            driver.get(desk.url + "/participant/P001")
            wait(lambda: images_loaded(driver), 120)
            generation = driver.find_element(By.TAG_NAME, "body").get_attribute("data-generation")
            before = desk.get("/image/booklet/3?participant=P001")[1]
            gone = reloaded(driver)
            carnet_typ = event / "content/carnet.typ"
            text = carnet_typ.read_text(encoding="utf-8")
            carnet_typ.write_text(text.replace("Accompagner l'évolution", "ACCOMPAGNER l'évolution", 1),
                                  encoding="utf-8")
            t.check(wait(gone, 5), "the open page reloads by itself after the edit")
            now = driver.find_element(By.TAG_NAME, "body").get_attribute("data-generation")
            t.check(now != generation, f"the reloaded page is of the new generation ({generation} → {now})")
            t.check(wait(lambda: images_loaded(driver), 60), "its images load again")
            after = desk.get("/image/booklet/3?participant=P001")[1]
            t.check(after.startswith(b"\x89PNG") and after != before, "page 3 shows the edited title")

            # 3. the build, by the page's button; the zip, by the browser
            driver.get(desk.url + "/build")
            driver.find_element(By.XPATH, "//button[contains(., 'Construire le dossier')]").click()
            t.check(wait(lambda: "Dossier construit" in driver.page_source, 240), "the pack is built")
            t.check("150 carnets" in driver.page_source, "of 150 booklets")
            shoot(driver, shots, "build", 500)
            driver.find_element(By.PARTIAL_LINK_TEXT, "Télécharger").click()
            zips = lambda: [p for p in downloads.glob("*.zip")]
            t.check(wait(lambda: zips() and not list(downloads.glob("*.crdownload")), 60),
                    "the browser downloads the pack")
            names = zipfile.ZipFile(zips()[0]).namelist() if zips() else []
            t.check(sum(n.startswith("booklets/") for n in names) == 150, "the downloaded pack holds 150 booklets")

            # 4. the mail: review, then send with a login typed in the page
            driver.get(desk.url + "/mail")
            driver.find_element(By.XPATH, "//button[contains(., 'Préparer les messages')]").click()
            t.check(wait(lambda: "messages à envoyer" in driver.page_source, 120), "the dry run's messages are shown")
            counted = re.search(r"(\d+) messages à envoyer", driver.page_source)
            to_send = int(counted.group(1)) if counted else 0
            t.check(to_send == 140, f"140 messages, one per participant with an address (saw {to_send})")
            t.check(len(driver.find_elements(By.CSS_SELECTOR, "table.messages tbody tr")) == to_send,
                    "each message is a row: recipient, subject, attachments")
            first = driver.find_element(By.CSS_SELECTOR, "table.messages details summary")
            first.click()
            body = driver.find_element(By.CSS_SELECTOR, "table.messages details pre.body")
            t.check(body.is_displayed() and "Bonjour Yasmina" in body.text, "a message's body opens in place")
            t.check(not inbox.messages, "nothing is sent by the dry run")
            driver.find_element(By.NAME, "smtp").send_keys(f"smtp://localhost:{port}?tls=required")
            driver.find_element(By.NAME, "user").send_keys(USER)
            driver.find_element(By.NAME, "password").send_keys(PASSWORD)
            rate = driver.find_element(By.NAME, "per_minute")
            rate.clear()
            rate.send_keys("6000")
            shoot(driver, shots, "mail", 1100)
            driver.find_element(By.XPATH, "//button[contains(., 'Envoyer les messages')]").click()
            t.check(wait(lambda: "Envoi en cours" in driver.page_source or "Envoi terminé" in driver.page_source, 30),
                    "the send shows its progress")
            t.check(wait(lambda: "Envoi terminé" in driver.page_source, 240), "the send ends")
            shoot(driver, shots, "mail-sent", 700)
            received = {to for tos, _ in inbox.messages for to in tos}
            t.check(len(inbox.messages) == 140 and len(received) == 140,
                    f"each participant with an address got one message ({len(inbox.messages)} received)")
            t.check(logins.accepted >= 1 and logins.refused == 0, "the server accepted the login typed in the page")
            t.check(PASSWORD not in driver.page_source, "the password is never shown back")
            driver.get(desk.url + "/mail")
            driver.find_element(By.XPATH, "//button[contains(., 'Préparer les messages')]").click()
            t.check(wait(lambda: "Rien à envoyer" in driver.page_source, 120), "a second review: nothing to send")
            t.check(len(inbox.messages) == 140, "nobody got a second message")
        finally:
            said = desk.stop()
            t.check(PASSWORD not in said, "the desk's output never holds the password")

        # 5. a roster with mistakes, corrected in the spreadsheet
        event = event_folder(tmp / "messy", repo, roster="messy.xlsx")
        check = subprocess.run([carnet, "check"], cwd=event, capture_output=True, text=True,
                               env={**os.environ, "LANG": "C.UTF-8"})
        desk = Desk(carnet, event)
        try:
            driver.get(desk.url + "/participants")
            html = driver.page_source
            rows = sorted({int(r) for r in re.findall(r"row (\d+)", check.stdout + check.stderr)})
            t.check(len(rows) >= 3, f"carnet check names rows of the messy roster: {rows}")
            missing = [r for r in rows if f"<td>{r}</td>" not in html]
            t.check(not missing, f"every row carnet check names is on the roster page (missing {missing})")
            t.check('class="error"' in html, "errors are marked as such")
            t.check("pas une adresse" in html, "the roster's problems are said in French")
            t.check(len(driver.find_elements(By.CSS_SELECTOR, "td.marked")) >= 1,
                    "a problem of a row in the table is in the cell that shows its value")
            shoot(driver, shots, "participants", 1500)

            wrong = "claire.bernard.example.org"
            t.check(wrong in html, "the wrong address is shown")
            roster = event / "content/participants.xlsx"
            book = openpyxl.load_workbook(roster)
            fixed = 0
            for sheet in book.worksheets:
                for line in sheet.iter_rows():
                    for cell in line:
                        if cell.value == wrong:
                            cell.value = "claire.bernard@example.org"
                            fixed += 1
            gone = reloaded(driver)
            book.save(roster)
            t.check(fixed == 1 and wait(gone, 5), "the open roster page reloads by itself when the sheet is saved")
            t.check(wait(lambda: wrong not in driver.page_source, 10), "the corrected address's problem is gone")
        finally:
            desk.stop()
        driver.quit()
        server.stop()
    t.finish()


if __name__ == "__main__":
    main()
