//! What became of a message, and why a run stopped: the step it stopped
//! at, the server's reply and what to do about it.

use std::fmt;

use super::failure::enhanced_code;
use super::{PASSWORD_VAR, USER_VAR, Untrusted};

/// The step of the exchange a failure happened at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Connecting, greeting, TLS.
    Connect,
    /// Logging in.
    Login,
    /// MAIL FROM: the sender.
    Mail,
    /// RCPT TO: the recipient.
    Rcpt,
    /// DATA and the message itself.
    Data,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Connect => "while connecting",
            Step::Login => "while logging in",
            Step::Mail => "at MAIL FROM",
            Step::Rcpt => "at RCPT TO",
            Step::Data => "at DATA",
        })
    }
}

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// Accepted; the server's reply.
    Accepted(String),
    /// Refused for good (recipient or message); the server's reply.
    Refused(String),
    /// Temporary failures until carnet gave up; a rerun tries again.
    Failed(String),
    /// Sent, but no answer came (the connection dropped or timed out after
    /// the data): the message may have arrived. What happened instead.
    Unanswered(String),
    /// A failure that every other message would meet too: stop.
    Stop(Stop),
}

/// Why the run stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stop {
    /// The server's reply or the error.
    pub reply: String,
    /// Where it happened.
    pub step: Step,
    /// Whether the server refused (a 5xx reply), rather than something
    /// failing on the way.
    pub refused: bool,
    /// Why the server's certificate was not trusted, when that is the cause.
    pub certificate: Option<Untrusted>,
}

impl Stop {
    /// What to do about it.
    pub(crate) fn hint(&self) -> String {
        if let Some(certificate) = &self.certificate {
            return certificate.hint();
        }
        let rerun = "rerun later to send the rest: the journal keeps what was sent";
        let enhanced = self
            .reply
            .split_once(' ')
            .and_then(|(_, text)| enhanced_code(text));
        match (self.step, self.refused, enhanced) {
            (_, true, Some((4, 5))) => "the server's sending quota is reached: rerun once it \
                                        allows again (often the next day); the participants \
                                        not sent stay so in the journal, and nothing is sent \
                                        twice"
                .into(),
            (Step::Login, true, _) => {
                format!("check {USER_VAR} and {PASSWORD_VAR}: the server refused them")
            }
            (Step::Login, false, _) => "the server offers no login method carnet knows \
                                        (PLAIN, LOGIN) on this connection; many offer one only \
                                        over TLS: use smtps://host:465 or \
                                        smtp://host:587?tls=required"
                .into(),
            (_, true, Some((7, _))) => "the server refuses by policy (a sender's domain \
                                        without SPF, DKIM and DMARC for this server, relaying, \
                                        a spam filter): read its reply, and rerun once it is \
                                        settled; the participants not sent stay so in the \
                                        journal"
                .into(),
            (Step::Mail, true, _) => "the server refuses the sender of `mail.from`; send from \
                                      an address of your organisation's own domain that this \
                                      server may send for"
                .into(),
            (Step::Connect, _, _) => format!(
                "check the host and the port (465 for smtps://, 587 for ?tls=required) and \
                 that the server is up; {rerun}"
            ),
            (Step::Rcpt | Step::Data, true, _) => "the server refuses what every message \
                                                   would meet: read its reply, and rerun once \
                                                   it is settled; the participants not sent \
                                                   stay so in the journal"
                .into(),
            _ => rerun.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::CertificateError;

    #[test]
    fn each_certificate_failure_has_its_own_hint() {
        let unknown = Untrusted::of(&CertificateError::UnknownIssuer, "smtp.example.org");
        assert!(
            unknown
                .hint()
                .contains("--ca-file FILE or CARNET_SMTP_CA_FILE")
        );
        assert!(
            unknown
                .hint()
                .contains("authority this machine does not trust")
        );
        let names = CertificateError::NotValidForNameContext {
            expected: rustls::pki_types::ServerName::try_from("mail.example.org").unwrap(),
            presented: vec![
                "DnsName(\"smtp.example.org\")".into(),
                "IpAddress(192.0.2.1)".into(),
            ],
        };
        let names = Untrusted::of(&names, "mail.example.org");
        assert_eq!(
            names.to_string(),
            "the server's certificate is for smtp.example.org, 192.0.2.1, not for \
             mail.example.org"
        );
        assert!(
            names.hint().contains("smtps://smtp.example.org:465"),
            "{}",
            names.hint()
        );
        let stop = Stop {
            reply: unknown.to_string(),
            step: Step::Connect,
            refused: false,
            certificate: Some(unknown),
        };
        assert!(stop.hint().contains("--ca-file"), "{}", stop.hint());
    }

    #[test]
    fn a_quota_is_not_blamed_on_the_sender() {
        let stop = |step, reply: &str| {
            Stop {
                reply: reply.into(),
                step,
                refused: true,
                certificate: None,
            }
            .hint()
        };
        let quota = stop(Step::Mail, "550 5.4.5 Daily sending quota exceeded");
        assert!(quota.contains("quota"), "{quota}");
        assert!(!quota.contains("mail.from"), "{quota}");
        assert!(stop(Step::Mail, "553 sender not allowed").contains("mail.from"));
        assert!(stop(Step::Data, "550 5.7.1 spam").contains("policy"));
        assert!(stop(Step::Login, "535 5.7.8 bad credentials").contains(PASSWORD_VAR));
    }
}
