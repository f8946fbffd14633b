//! The message each participant receives, from `event.yaml`'s `mail:`.
//!
//! Organisers write the subject and the body in `event.yaml` as minijinja
//! templates (`{{ participant.first_name }}`, `{% if participant.group %}`…),
//! so the wording is theirs and a typo in a variable name is an error that
//! names the setting, not an empty gap in 150 messages. The message itself
//! is built with lettre: correct MIME structure, RFC 2047 encoded names and
//! subject, attachments in base64, a Date and a Message-ID that the journal
//! can rely on.

use std::collections::BTreeMap;
use std::time::SystemTime;

use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment as AttachmentPart, Mailbox, MultiPart, SinglePart};
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::error::Error;
use crate::load::event::{EventInfo, MailSettings};
use crate::participant::Participant;

/// The `mail:` settings that become templates, by their name in `event.yaml`.
const SUBJECT: &str = "mail.subject";
const BODY: &str = "mail.body";
/// Ends in `.html`, so that minijinja escapes what it inserts.
const HTML: &str = "mail.html";

/// What the templates may use, for the hint of a template error.
const VARIABLES: &str = "participant.first_name, participant.last_name, participant.full_name, \
    participant.organisation, participant.city, participant.group, participant.visit, \
    participant.profile.label, participant.email, participant.id, participant.extra[\"Column\"], \
    event.name, event.organiser, event.theme, event.dates, event.venue, event.region";

/// The subject and body templates, compiled once.
pub(super) struct Templates {
    env: Environment<'static>,
    html: bool,
    file: String,
}

/// One participant's subject and bodies.
#[derive(Debug, Clone)]
pub(super) struct Rendered {
    /// The subject, on one line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML alternative, when `mail.html` is set.
    pub html: Option<String>,
}

impl Templates {
    /// Compiles the templates of `settings`; `file` names `event.yaml` as
    /// the user should read it. A syntax error names the setting and line.
    pub(super) fn new(settings: &MailSettings, file: &str) -> Result<Self, Error> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let templates = [
            (SUBJECT, Some(&settings.subject)),
            (BODY, Some(&settings.body)),
            (HTML, settings.html.as_ref()),
        ];
        for (name, source) in templates {
            if let Some(source) = source {
                env.add_template_owned(name, source.clone())
                    .map_err(|e| template_error(file, &e, source, None))?;
            }
        }
        Ok(Self {
            env,
            html: settings.html.is_some(),
            file: file.to_owned(),
        })
    }

    /// Renders the subject and bodies for one participant.
    pub(super) fn render(
        &self,
        participant: &Participant,
        event: &EventInfo,
    ) -> Result<Rendered, Error> {
        let context = context(participant, event);
        let render = |name: &str| -> Result<String, Error> {
            let template = self
                .env
                .get_template(name)
                .map_err(|e| template_error(&self.file, &e, "", None))?;
            template.render(&context).map_err(|e| {
                template_error(&self.file, &e, template.source(), Some(&participant.id))
            })
        };
        let subject = render(SUBJECT)?;
        // A header is one line; a template spread over several means spaces.
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = render(BODY)?;
        let html = if self.html { Some(render(HTML)?) } else { None };
        Ok(Rendered {
            subject,
            text,
            html,
        })
    }
}

/// The templates' context: `participant` (as the booklet template sees it,
/// plus `full_name`) and `event` (`event.yaml`'s `event:` block).
fn context(participant: &Participant, event: &EventInfo) -> Value {
    let mut person = serde_json::to_value(participant).unwrap_or_default();
    if let Some(map) = person.as_object_mut() {
        map.insert("full_name".into(), participant.full_name().into());
    }
    let event = serde_json::to_value(event).unwrap_or_default();
    let mut context = BTreeMap::new();
    context.insert("participant".to_owned(), to_value(&person));
    context.insert("event".to_owned(), to_value(&event));
    Value::from(context)
}

/// A JSON value as a template value.
fn to_value(json: &serde_json::Value) -> Value {
    use serde_json::Value as Json;
    match json {
        Json::Null => Value::from(()),
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Value::from(i),
            (_, Some(u), _) => Value::from(u),
            (_, _, f) => Value::from(f.unwrap_or(f64::NAN)),
        },
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => items.iter().map(to_value).collect(),
        Json::Object(map) => Value::from(
            map.iter()
                .map(|(k, v)| (k.clone(), to_value(v)))
                .collect::<BTreeMap<String, Value>>(),
        ),
    }
}

/// A template error as the organiser should read it: the setting, the
/// line, what is wrong, the line of the template and what may be used.
fn template_error(
    file: &str,
    error: &minijinja::Error,
    source: &str,
    participant: Option<&str>,
) -> Error {
    let name = error.name().unwrap_or(BODY);
    let mut message = format!("`{name}`");
    if let Some(line) = error.line() {
        message.push_str(&format!(", line {line}"));
    }
    message.push_str(&format!(": {}", error.kind()));
    let culprit = error
        .range()
        .and_then(|range| source.get(range))
        .filter(|text| !text.trim().is_empty());
    if let Some(culprit) = culprit {
        message.push_str(&format!(" `{}`", culprit.trim()));
    }
    if let Some(detail) = error.detail() {
        message.push_str(&format!(" ({detail})"));
    }
    if let Some(id) = participant {
        message.push_str(&format!(", for participant {id}"));
    }
    if let Some(line) = error
        .line()
        .and_then(|line| source.lines().nth(line.saturating_sub(1)))
    {
        message.push_str(&format!("\n    {}", line.trim_end()));
    }
    Error::Input {
        file: file.to_owned(),
        message,
        hint: format!(
            "fix the template in `{name}`; it may use {VARIABLES} \
             (minijinja syntax: {{{{ variable }}}}, {{% if … %}}…{{% endif %}})"
        ),
    }
}

/// Who sends: `mail.from` and `mail.reply_to`, checked once.
#[derive(Debug, Clone)]
pub(super) struct Sender {
    /// The From header and the envelope's sender.
    pub from: Mailbox,
    /// The Reply-To header.
    pub reply_to: Option<Mailbox>,
}

impl Sender {
    /// Reads the sender from the settings; `file` names `event.yaml`.
    pub(super) fn new(settings: &MailSettings, file: &str) -> Result<Self, Error> {
        let parse = |key: &str, value: &str| -> Result<Mailbox, Error> {
            value.trim().parse::<Mailbox>().map_err(|e| Error::Input {
                file: file.to_owned(),
                message: format!("`{key}`: {value:?} is not an address ({e})"),
                hint: "write it like \"Séminaire Qualité <seminaire@example.org>\"".into(),
            })
        };
        Ok(Self {
            from: parse("mail.from", &settings.from)?,
            reply_to: settings
                .reply_to
                .as_deref()
                .filter(|r| !r.trim().is_empty())
                .map(|r| parse("mail.reply_to", r))
                .transpose()?,
        })
    }

    /// The domain that Message-IDs end with: the sender's.
    pub(super) fn domain(&self) -> String {
        let domain = self.from.email.domain();
        if domain.is_ascii() && !domain.is_empty() {
            domain.to_ascii_lowercase()
        } else {
            "carnet.invalid".to_owned()
        }
    }
}

/// A file attached to a message.
#[derive(Debug, Clone)]
pub(super) struct Attachment {
    /// The file name the recipient sees.
    pub name: String,
    /// The bytes, attached unchanged.
    pub bytes: Vec<u8>,
}

/// The Message-ID of participant `id`'s message carrying the booklet with
/// this sha256: the same in the dry run and the send, and on a rerun after
/// a crash, so that a copy can be recognised. `resend` counts the messages
/// with this booklet already accepted; a `--resend` gets a new Message-ID,
/// or the receiving systems might drop it as a copy.
pub(super) fn message_id(id: &str, sha256: &str, domain: &str, resend: usize) -> String {
    let person = super::safe_id(id);
    let sha8 = sha256.get(..8).unwrap_or(sha256);
    match resend {
        0 => format!("<carnet.{person}.{sha8}@{domain}>"),
        n => format!("<carnet.{person}.{sha8}.r{n}@{domain}>"),
    }
}

/// The recipient as the To header shows them: "First Last <address>".
pub(super) fn recipient(participant: &Participant, address: &str) -> Result<Mailbox, String> {
    let email = address
        .trim()
        .parse()
        .map_err(|e| format!("{address:?} is not an address ({e})"))?;
    let name = participant.full_name();
    let name = (!name.trim().is_empty()).then_some(name);
    Ok(Mailbox::new(name, email))
}

/// Builds a participant's message.
pub(super) fn build(
    sender: &Sender,
    to: Mailbox,
    message_id: &str,
    rendered: &Rendered,
    attachments: Vec<Attachment>,
) -> Result<Message, String> {
    let mut builder = Message::builder()
        .from(sender.from.clone())
        .to(to)
        .subject(rendered.subject.clone())
        .message_id(Some(message_id.to_owned()))
        .date(SystemTime::now())
        .user_agent(format!("carnet {}", env!("CARGO_PKG_VERSION")))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Content-Language"),
            "fr".to_owned(),
        ));
    if let Some(reply_to) = &sender.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    let text = rendered.text.clone();
    let mut body = match &rendered.html {
        Some(html) => {
            MultiPart::mixed().multipart(MultiPart::alternative_plain_html(text, html.clone()))
        }
        None => MultiPart::mixed().singlepart(SinglePart::plain(text)),
    };
    let pdf = ContentType::parse("application/pdf").map_err(|e| e.to_string())?;
    for attachment in attachments {
        body = body
            .singlepart(AttachmentPart::new(attachment.name).body(attachment.bytes, pdf.clone()));
    }
    builder.multipart(body).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(subject: &str, body: &str) -> MailSettings {
        MailSettings {
            from: "Séminaire Qualité <seminaire@coorace.example>".into(),
            reply_to: None,
            subject: subject.into(),
            body: body.into(),
            html: None,
            attach_grid: false,
        }
    }

    fn participant() -> Participant {
        Participant {
            id: "P001".into(),
            row: 2,
            first_name: "Hélène".into(),
            last_name: "Dupré".into(),
            organisation: "<Les Jardins>".into(),
            city: "Foix".into(),
            profile: None,
            email: Some("helene@example.org".into()),
            group: "Atelier 1".into(),
            visit: String::new(),
            extra: BTreeMap::new(),
        }
    }

    fn event() -> EventInfo {
        crate::load::event::EventConfig::parse(include_str!("../../content/event.yaml"))
            .expect("the sample event parses")
            .event
    }

    #[test]
    fn renders_participant_and_event_and_escapes_only_html() {
        let mut settings = settings(
            "Carnet — {{ event.name }}\n pour {{ participant.full_name }}",
            "Bonjour {{ participant.first_name }} ({{ participant.organisation }})",
        );
        settings.html = Some("<p>{{ participant.organisation }}</p>".into());
        let templates = Templates::new(&settings, "content/event.yaml").unwrap();
        let rendered = templates.render(&participant(), &event()).unwrap();
        assert_eq!(
            rendered.subject,
            "Carnet — 8e Séminaire Qualité pour Hélène Dupré"
        );
        assert_eq!(rendered.text, "Bonjour Hélène (<Les Jardins>)");
        assert_eq!(rendered.html.unwrap(), "<p>&lt;Les Jardins&gt;</p>");
    }

    #[test]
    fn an_unknown_variable_names_the_setting_and_the_variable() {
        let settings = settings("Carnet", "Bonjour\n{{ participant.prenom }} !");
        let templates = Templates::new(&settings, "content/event.yaml").unwrap();
        let error = templates
            .render(&participant(), &event())
            .unwrap_err()
            .to_string();
        assert!(error.contains("`mail.body`, line 2"), "{error}");
        assert!(error.contains("participant.prenom"), "{error}");
        assert!(error.contains("P001"), "{error}");
    }

    #[test]
    fn a_syntax_error_names_the_setting() {
        let settings = settings("Carnet {{ event.name", "Bonjour");
        let error = Templates::new(&settings, "content/event.yaml")
            .err()
            .expect("a syntax error")
            .to_string();
        assert!(
            error.contains("`mail.subject`, line 1: syntax error"),
            "{error}"
        );
    }

    #[test]
    fn message_ids_are_stable_and_resends_differ() {
        let sha = "0123456789abcdef";
        let first = message_id("P 001", sha, "coorace.example", 0);
        assert_eq!(first, "<carnet.p-001.01234567@coorace.example>");
        assert_eq!(
            message_id("M001", sha, "coorace.example", 2),
            "<carnet.M001.01234567.r2@coorace.example>"
        );
        assert_eq!(first, message_id("P 001", sha, "coorace.example", 0));
        assert_ne!(first, message_id("P 001", sha, "coorace.example", 1));
    }
}
