#!/usr/bin/env python3
"""Checks `carnet mail` on a built pack with Python's own mail tools.

Usage: check_mail.py CARNET PACK.zip

1. The dry run writes one .eml per participant with an email; Python's
   `email` package parses each with the right recipient and an attachment
   byte-identical to the participant's booklet in the pack.
2. Sending to a real SMTP server (aiosmtpd) on 127.0.0.1, killed halfway
   and run again, delivers every booklet under exactly one Message-ID.
"""

import csv
import email
import email.policy
import io
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from tally import Tally

from aiosmtpd.controller import Controller


class Inbox:
    """An SMTP handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def attachment(message):
    for part in message.walk():
        if part.get_content_type() == "application/pdf":
            return part.get_filename(), part.get_payload(decode=True)
    return None, None


def main():
    carnet, pack = sys.argv[1], sys.argv[2]
    tally = Tally()
    check = tally.check

    with zipfile.ZipFile(pack) as zf:
        manifest = list(csv.DictReader(io.StringIO(zf.read("manifest.csv").decode("utf-8"))))
        booklets = {row["id"]: zf.read(row["file"]) for row in manifest}
    with_email = {row["id"]: row for row in manifest if row["email"]}
    check(len(with_email) > 0, "the sample has participants with an email")

    with tempfile.TemporaryDirectory() as tmp:
        # 1. The dry run.
        # An event folder of this check's own (the built-in sample event, the
        # pack's): its journal is this check's, not the repository's.
        event = Path(tmp) / "event"
        event.mkdir()
        outbox = Path(tmp) / "outbox"
        run = subprocess.run([carnet, "mail", "--project", str(event), "--pack", pack, "--outbox", str(outbox)],
                             capture_output=True, text=True)
        check(run.returncode == 0, f"dry run exit code {run.returncode}: {run.stderr}")
        emls = sorted(outbox.glob("*.eml"))
        check(len(emls) == len(with_email), f"{len(emls)} .eml files for {len(with_email)} participants with an email")
        for eml in emls:
            message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
            addr = message["To"].addresses[0].addr_spec
            pid = next((p for p, row in with_email.items() if row["email"] == addr), None)
            check(pid is not None, f"{eml.name}: to {addr}, a participant with an email")
            if pid is None:
                continue
            row = with_email[pid]
            check(eml.stem == pid.lower(), f"{eml.name}: named after the id {pid} in lower case")
            name, data = attachment(message)
            check(data == booklets[pid], f"{eml.name}: the attached booklet is the pack's, byte for byte")
            check(name == Path(row["file"]).name, f"{eml.name}: attachment named {name}")

        # 2. Sending, killed halfway, then again.
        inbox = Inbox()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            sent_box = Path(tmp) / "sent"
            command = [carnet, "mail", "--project", str(event), "--pack", pack, "--outbox", str(sent_box), "--send",
                       "--smtp", f"smtp://127.0.0.1:{port}", "--per-minute", "600"]
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.time() + 60
            while len(inbox.messages) < len(with_email) // 2 and time.time() < deadline:
                time.sleep(0.01)
            child.send_signal(signal.SIGKILL)
            child.wait()
            halfway = len(inbox.messages)
            check(0 < halfway < len(with_email), f"killed halfway ({halfway} of {len(with_email)} received)")
            rerun = subprocess.run(command, capture_output=True, text=True)
            check(rerun.returncode == 0, f"rerun exit code {rerun.returncode}: {rerun.stderr[-2000:]}")

            ids_by_participant = {}
            for rcpts, content in inbox.messages:
                message = email.message_from_bytes(content, policy=email.policy.default)
                addr = rcpts[0]
                pid = next((p for p, row in with_email.items() if row["email"] == addr), None)
                check(pid is not None, f"message to {addr} is for a participant")
                if pid is None:
                    continue
                _, data = attachment(message)
                check(data == booklets[pid], f"message to {addr}: the booklet, byte for byte")
                ids_by_participant.setdefault(pid, set()).add(message["Message-ID"])
            missing = sorted(set(with_email) - set(ids_by_participant))
            check(not missing, f"every participant received their booklet; missing: {missing}")
            twice = {p: ids for p, ids in ids_by_participant.items() if len(ids) != 1}
            check(not twice, f"one Message-ID per participant; not so for {twice}")
        finally:
            controller.stop()

    tally.finish()


if __name__ == "__main__":
    main()
