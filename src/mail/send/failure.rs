//! What a failed step means: a reply read by its step and its enhanced
//! status code (RFC 3463), or the error beneath lettre's I/O error.

use std::io;

use lettre::transport::smtp::Error as SmtpError;

use super::{Step, TIMEOUT, Untrusted};

/// A failed step and why.
pub(super) struct Failure {
    pub(super) step: Step,
    pub(super) error: Cause,
    /// Whether all of the message's bytes had been written.
    pub(super) sent: bool,
}

/// Why a step failed.
pub(super) enum Cause {
    /// lettre's error: a reply, or trouble on the way.
    Smtp(SmtpError),
    /// An address with letters beyond ASCII, toward a server that does not
    /// offer SMTPUTF8 (RFC 6531): that recipient cannot be written to there.
    NoUtf8,
}

/// How a failure is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Answer {
    /// Try again after a delay: a 4xx reply, a dropped or refused
    /// connection, a timeout.
    Retry,
    /// This recipient or this message is refused for good; the others go on.
    Refuse,
    /// The server refuses what every message shares: stop.
    Stop,
    /// TLS or client-side trouble that trying again will not fix: stop.
    Broken,
    /// The message went out and no answer came.
    Unanswered,
}

impl Failure {
    pub(super) fn new(step: Step, error: SmtpError) -> Self {
        Self {
            step,
            error: Cause::Smtp(error),
            sent: false,
        }
    }

    pub(super) fn answer(&self) -> Answer {
        let error = match &self.error {
            Cause::Smtp(error) => error,
            Cause::NoUtf8 if self.step == Step::Rcpt => return Answer::Refuse,
            Cause::NoUtf8 => return Answer::Stop,
        };
        if let Some(code) = error.status() {
            return answer_reply(self.step, u16::from(code), &reply_text(error));
        }
        // The last bytes of the message, the end-of-data mark, are written
        // after lettre asks for more; a pipe broken while writing them means
        // the server never had the whole message.
        let broken_pipe = io_error(error).is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe);
        if self.sent && !broken_pipe {
            Answer::Unanswered
        } else if error.is_client() || error.is_tls() || rustls_error(error).is_some() {
            Answer::Broken
        } else {
            Answer::Retry
        }
    }

    /// Whether the connection can carry the next message: the server
    /// answered, and not that it is closing (421).
    pub(super) fn keeps_connection(&self) -> bool {
        match &self.error {
            Cause::NoUtf8 => true,
            Cause::Smtp(error) => error.status().is_some_and(|code| u16::from(code) != 421),
        }
    }

    /// Why the server's certificate was refused, when it was.
    pub(super) fn untrusted(&self, host: &str) -> Option<Untrusted> {
        let Cause::Smtp(error) = &self.error else {
            return None;
        };
        match rustls_error(error)? {
            rustls::Error::InvalidCertificate(certificate) => {
                Some(Untrusted::of(certificate, host))
            }
            _ => None,
        }
    }

    /// The server's reply ("550 Mailbox unavailable") or the error.
    pub(super) fn reply(&self) -> String {
        let error = match &self.error {
            Cause::Smtp(error) => error,
            Cause::NoUtf8 => {
                return "the server does not offer SMTPUTF8, which an address with accented \
                        letters needs: write to this participant at another address"
                    .into();
            }
        };
        if let Some(code) = error.status() {
            return match reply_text(error) {
                text if text.is_empty() => code.to_string(),
                text => format!("{code} {text}"),
            };
        }
        if let Some(tls) = rustls_error(error) {
            return format!("TLS failed: {tls}");
        }
        match io_error(error).map(io::Error::kind) {
            Some(io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                format!("no answer within {} s", TIMEOUT.as_secs())
            }
            Some(
                io::ErrorKind::UnexpectedEof
                | io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe,
            ) => "the server closed the connection".into(),
            // lettre's words for a connection closed before the reply.
            _ if error.is_response() && error.to_string().ends_with("incomplete response") => {
                "the server closed the connection".into()
            }
            _ => error.to_string(),
        }
    }
}

/// The text of a reply, without its code, as lettre keeps it.
pub(super) fn reply_text(error: &SmtpError) -> String {
    use std::error::Error as _;
    error.source().map(ToString::to_string).unwrap_or_default()
}

/// How to answer a reply `code` with `text` at `step`. Temporary replies
/// are tried again. A permanent one refuses this message when it concerns
/// its recipient or itself alone, and stops the run when it concerns what
/// every message shares (see the module's doc for the table).
pub(super) fn answer_reply(step: Step, code: u16, text: &str) -> Answer {
    if !(500..600).contains(&code) {
        return Answer::Retry;
    }
    let concerns_this_message = match (step, enhanced_code(text)) {
        (Step::Connect | Step::Login | Step::Mail, _) => false,
        (Step::Rcpt | Step::Data, Some((subject, detail))) => matches!(
            (subject, detail),
            (1 | 2, _) | (3, 4) | (4, 4) | (7, 13 | 17 | 18)
        ),
        (Step::Rcpt, None) => matches!(code, 550..=553),
        (Step::Data, None) => code == 552,
    };
    match concerns_this_message {
        true => Answer::Refuse,
        false => Answer::Stop,
    }
}

/// The subject and detail of a permanent enhanced status code (RFC 3463)
/// opening a reply's text: `5.1.1 no such user` gives (1, 1). A code of
/// the "other or undefined" subject (5.0.x) says nothing, and counts as
/// none.
pub(super) fn enhanced_code(text: &str) -> Option<(u16, u16)> {
    let word = text.split_whitespace().next()?;
    let mut parts = word.split('.');
    let (class, subject, detail) = (parts.next()?, parts.next()?, parts.next()?);
    let number =
        |part: &str| (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    if class != "5" || parts.next().is_some() || !number(subject) || !number(detail) {
        return None;
    }
    let subject: u16 = subject.parse().ok()?;
    (subject != 0).then_some((subject, detail.parse().ok()?))
}

/// The errors lettre's error was made of, outermost first. An I/O error
/// that wraps another says so through `get_ref`, not `source`.
pub(super) fn causes<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(error), |error| {
        match error
            .downcast_ref::<io::Error>()
            .and_then(io::Error::get_ref)
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => error.source(),
        }
    })
}

/// The TLS error behind a failure: rustls reports a refused certificate
/// inside the I/O error of the first read or write on the connection.
pub(super) fn rustls_error(error: &SmtpError) -> Option<&rustls::Error> {
    causes(error).find_map(|e| e.downcast_ref::<rustls::Error>())
}

/// The I/O error behind a failure.
pub(super) fn io_error(error: &SmtpError) -> Option<&io::Error> {
    causes(error).find_map(|e| e.downcast_ref::<io::Error>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::CertificateError;
    use rustls::pki_types::UnixTime;
    use std::fmt;
    use std::time::Duration;

    #[test]
    fn refusals_are_put_where_they_belong() {
        use Answer::{Refuse, Retry, Stop};
        #[rustfmt::skip]
        let table = [
            // The recipient: addressing, mailbox, routing, account.
            (Step::Rcpt, 550, "5.1.1 no such user", Refuse),
            (Step::Rcpt, 553, "5.1.3 bad address syntax", Refuse),
            (Step::Rcpt, 550, "5.2.1 mailbox disabled", Refuse),
            (Step::Rcpt, 552, "5.2.2 mailbox full", Refuse),
            (Step::Rcpt, 550, "5.4.4 unable to route", Refuse),
            (Step::Rcpt, 550, "5.7.13 user account disabled", Refuse),
            (Step::Rcpt, 550, "5.7.17 mailbox owner has changed", Refuse),
            (Step::Rcpt, 550, "no such user", Refuse),
            (Step::Rcpt, 551, "user not local", Refuse),
            (Step::Rcpt, 553, "mailbox name not allowed", Refuse),
            (Step::Rcpt, 550, "5.0.0 user unknown", Refuse),
            // The sender, the quota, the policy, the system: every message.
            (Step::Rcpt, 550, "5.7.1 relaying denied", Stop),
            (Step::Rcpt, 550, "5.7.23 SPF validation failed", Stop),
            (Step::Rcpt, 550, "5.4.5 daily sending quota exceeded", Stop),
            (Step::Rcpt, 554, "5.3.2 system not accepting messages", Stop),
            (Step::Rcpt, 554, "relay access denied", Stop),
            (Step::Rcpt, 555, "5.5.4 invalid parameters", Stop),
            (Step::Mail, 550, "5.1.8 bad sender's domain", Stop),
            (Step::Mail, 550, "5.4.5 daily sending quota exceeded", Stop),
            (Step::Mail, 553, "sender not allowed", Stop),
            (Step::Login, 535, "5.7.8 authentication credentials invalid", Stop),
            (Step::Connect, 554, "no SMTP service here", Stop),
            // After the data.
            (Step::Data, 550, "5.4.5 daily sending quota exceeded", Stop),
            (Step::Data, 550, "5.7.1 message refused as spam", Stop),
            (Step::Data, 554, "5.6.1 media not supported", Stop),
            (Step::Data, 552, "5.3.4 message too big for system", Refuse),
            (Step::Data, 552, "5.2.3 message length exceeds limit", Refuse),
            (Step::Data, 550, "5.2.2 mailbox full", Refuse),
            (Step::Data, 552, "message too large", Refuse),
            (Step::Data, 554, "transaction failed", Stop),
            (Step::Data, 550, "rejected", Stop),
            // Temporary: always tried again.
            (Step::Rcpt, 450, "4.2.1 mailbox busy", Retry),
            (Step::Mail, 421, "4.7.0 try again later", Retry),
            (Step::Data, 451, "4.4.5 quota, later", Retry),
        ];
        for (step, code, text, answer) in table {
            assert_eq!(
                answer_reply(step, code, text),
                answer,
                "{code} {text} {step}"
            );
        }
    }

    #[test]
    fn enhanced_codes_are_read_as_rfc_3463_writes_them() {
        assert_eq!(enhanced_code("5.1.1 no such user"), Some((1, 1)));
        assert_eq!(enhanced_code("5.7.123 x"), Some((7, 123)));
        assert_eq!(enhanced_code("5.4.5"), Some((4, 5)));
        for text in [
            "",
            "no such user",
            "4.2.2 mailbox full",
            "5.1 short",
            "5.1.1.1 long",
            "5.1234.1 wide",
            "5.a.1 letters",
            "5.0.0 undefined",
            "<x@example.org> 5.1.1",
        ] {
            assert_eq!(enhanced_code(text), None, "{text:?}");
        }
    }

    /// A wrapper that says what caused it through `source`, as lettre's
    /// error does.
    #[derive(Debug)]
    struct Wrapped(io::Error);

    impl fmt::Display for Wrapped {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("network error")
        }
    }

    impl std::error::Error for Wrapped {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_refused_certificate_is_found_inside_the_io_error() {
        let certificate = CertificateError::ExpiredContext {
            time: UnixTime::since_unix_epoch(Duration::from_secs(1_767_225_600)),
            not_after: UnixTime::since_unix_epoch(Duration::from_secs(1_704_067_200)),
        };
        let error = Wrapped(io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(certificate),
        ));
        let found = causes(&error).find_map(|e| e.downcast_ref::<rustls::Error>());
        let Some(rustls::Error::InvalidCertificate(certificate)) = found else {
            panic!("no certificate error found in {error:?}");
        };
        let untrusted = Untrusted::of(certificate, "smtp.example.org");
        assert_eq!(
            untrusted.to_string(),
            "the server's certificate expired on 2024-01-01 00:00 UTC"
        );
        assert!(
            untrusted.hint().contains("2026-01-01 00:00 UTC"),
            "{}",
            untrusted.hint()
        );
        let plain = Wrapped(io::Error::other("reset"));
        assert!(causes(&plain).all(|e| e.downcast_ref::<rustls::Error>().is_none()));
    }
}
