#!/usr/bin/env python3
"""Checks `carnet mail --send` against a server as organisations run them.

Usage: check_smtp_tls.py CARNET PACK.zip

Python's aiosmtpd requires STARTTLS and a login over TLS, and shows a
certificate for localhost signed by a private CA, both made here with the
`cryptography` package. carnet, given the CA with --ca-file:

1. delivers to each participant with an email exactly one message carrying
   their booklet byte for byte, through one connection per hundred
   messages (one login each);
2. sends nothing more when run again;
3. stops with exit 1 on a wrong password, without ever showing it.
"""

import csv
import datetime
import email
import email.policy
import io
import logging
import math
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from tally import Tally

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER = "seminaire@coorace.example"
PASSWORD = "e2e-Pw#7tls"
WRONG = "e2e-Wrong#3"
# The messages one connection carries (MESSAGES_PER_CONNECTION in send.rs).
PER_CONNECTION = 100


class Inbox:
    """An SMTP handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


class Logins:
    """An authenticator that accepts USER and PASSWORD, and counts logins."""

    def __init__(self):
        self.accepted = 0
        self.refused = 0

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode())
        if ok:
            self.accepted += 1
        else:
            self.refused += 1
        # handled=False: aiosmtpd answers (535 on a refusal) itself.
        return AuthResult(success=ok, handled=False)


def certificates(folder):
    """A CA, and a certificate for localhost it signed: (ca.pem, cert.pem, key.pem)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Coorace IT CA")])
    ca = (x509.CertificateBuilder()
          .subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


def start_server(folder):
    """aiosmtpd on a free port of 127.0.0.1, STARTTLS required, then AUTH,
    with a certificate for localhost signed by a CA made in `folder`:
    (controller, inbox, logins, port, ca.pem)."""
    ca, cert, key = certificates(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, logins = Inbox(), Logins()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context,
                            require_starttls=True, auth_require_tls=True, authenticator=logins)
    controller.start()
    return controller, inbox, logins, port, ca


def attachment(message):
    for part in message.walk():
        if part.get_content_type() == "application/pdf":
            return part.get_payload(decode=True)
    return None


def main():
    # aiosmtpd logs a warning about its own use of Session.login_data.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    carnet, pack = sys.argv[1], sys.argv[2]
    tally = Tally()
    check = tally.check

    with zipfile.ZipFile(pack) as zf:
        manifest = list(csv.DictReader(io.StringIO(zf.read("manifest.csv").decode("utf-8"))))
        booklets = {row["id"]: zf.read(row["file"]) for row in manifest}
    with_email = {row["id"]: row for row in manifest if row["email"]}
    check(len(with_email) > 0, "the sample has participants with an email")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        controller, inbox, logins, port, ca = start_server(tmp)
        # Nothing of this machine's store: the private CA is trusted because
        # --ca-file names it.
        empty = tmp / "no-certificates"
        empty.mkdir()
        (tmp / "no-certificates.pem").write_text("")
        environment = {k: v for k, v in os.environ.items() if not k.startswith("CARNET_")}
        environment.update({
            "CARNET_SMTP_USER": USER,
            "SSL_CERT_FILE": str(tmp / "no-certificates.pem"),
            "SSL_CERT_DIR": str(empty),
        })
        def mail(run, password=PASSWORD):
            # An event folder of each run's own (the built-in sample event,
            # the pack's): its journal is this check's, not the repository's.
            event, outbox = tmp / run / "event", tmp / run / "outbox"
            event.mkdir(parents=True, exist_ok=True)
            command = [carnet, "mail", "--project", str(event), "--pack", pack,
                       "--outbox", str(outbox), "--send",
                       "--smtp", f"smtp://localhost:{port}?tls=required",
                       "--ca-file", str(ca), "--per-minute", "6000"]
            env = dict(environment, CARNET_SMTP_PASSWORD=password)
            return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)

        try:
            # 1. Everyone, once, through STARTTLS and one login per connection.
            run = mail("first")
            check(run.returncode == 0, f"exit code {run.returncode}: {run.stderr[-2000:]}")
            received = {}
            for rcpts, content in inbox.messages:
                message = email.message_from_bytes(content, policy=email.policy.default)
                pid = next((p for p, row in with_email.items() if [row["email"]] == rcpts), None)
                check(pid is not None, f"a message to {rcpts} is for a participant")
                if pid is None:
                    continue
                check(attachment(message) == booklets[pid], f"{pid}: the booklet, byte for byte")
                received.setdefault(pid, []).append(message["Message-ID"])
            missing = sorted(set(with_email) - set(received))
            check(not missing, f"every participant received their booklet; missing: {missing}")
            twice = {p: ids for p, ids in received.items() if len(ids) != 1}
            check(not twice, f"one message per participant; not so for {twice}")
            connections = math.ceil(len(with_email) / PER_CONNECTION)
            check(logins.accepted == connections,
                  f"{logins.accepted} logins for {len(with_email)} messages, {connections} expected")

            # 2. Run again: nothing more.
            before = len(inbox.messages)
            again = mail("first")
            check(again.returncode == 0, f"rerun exit code {again.returncode}: {again.stderr[-2000:]}")
            check(len(inbox.messages) == before,
                  f"the rerun sent {len(inbox.messages) - before} more messages")

            # 3. A wrong password stops the run, and is never shown.
            wrong = mail("wrong-password", password=WRONG)
            output = wrong.stdout + wrong.stderr
            check(wrong.returncode == 1, f"wrong password: exit code {wrong.returncode}")
            check("logging in" in output and "CARNET_SMTP_PASSWORD" in output,
                  f"wrong password: the message says the login was refused: {output[-1000:]}")
            check(WRONG not in output and PASSWORD not in output, "the password is never shown")
            check(len(inbox.messages) == before, "nothing sent with a wrong password")
            check(logins.refused == 1, f"one refused login, no retry ({logins.refused})")
        finally:
            controller.stop()

    tally.finish()


if __name__ == "__main__":
    main()
