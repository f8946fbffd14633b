//! The desk's words, in French and in English: the language is the
//! browser's (`Accept-Language`), French for a French browser, English
//! otherwise.

use serde::Serialize;

/// The languages of the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Français.
    French,
    /// English.
    English,
}

impl Language {
    /// The language a browser asks for first among those the desk speaks.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self::English;
        };
        for range in header.split(',') {
            let tag = range
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag == "fr" || tag.starts_with("fr-") {
                return Self::French;
            }
            if tag == "en" || tag.starts_with("en-") {
                return Self::English;
            }
        }
        Self::English
    }

    /// The words of the desk in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Self::French => &FRENCH,
            Self::English => &ENGLISH,
        }
    }
}

/// Every word the desk's pages show, but the event's and the roster's own.
#[derive(Debug, Serialize)]
pub struct Words {
    /// The `lang` attribute of the pages.
    pub lang: &'static str,
    /// The desk's name.
    pub desk: &'static str,
    /// The event page's title.
    pub event: &'static str,
    /// The roster page's title.
    pub participants: &'static str,
    /// The documents page's title.
    pub documents: &'static str,
    /// "Dates".
    pub dates: &'static str,
    /// "Venue".
    pub venue: &'static str,
    /// "Organiser".
    pub organiser: &'static str,
    /// The event folder.
    pub folder: &'static str,
    /// The roster file.
    pub roster: &'static str,
    /// Said above an error in the event folder.
    pub event_error: &'static str,
    /// Said above the roster's problems.
    pub problems: &'static str,
    /// Said when the roster has none.
    pub no_problems: &'static str,
    /// Table headers.
    pub row: &'static str,
    /// Table headers.
    pub column: &'static str,
    /// Table headers.
    pub value: &'static str,
    /// Table headers.
    pub what: &'static str,
    /// Table headers.
    pub todo: &'static str,
    /// Table headers.
    pub id: &'static str,
    /// Table headers.
    pub name: &'static str,
    /// Table headers.
    pub organisation: &'static str,
    /// Table headers.
    pub profile: &'static str,
    /// Table headers.
    pub group: &'static str,
    /// Table headers.
    pub visit: &'static str,
    /// Table headers.
    pub email: &'static str,
    /// Said in place of a missing address.
    pub no_email: &'static str,
    /// "error" / "warning".
    pub error: &'static str,
    /// "error" / "warning".
    pub warning: &'static str,
    /// The booklet.
    pub booklet: &'static str,
    /// The badge.
    pub badge: &'static str,
    /// The badge sheets.
    pub badges: &'static str,
    /// The blank grid, and a visit's.
    pub grid: &'static str,
    /// The attendance sheets.
    pub attendance: &'static str,
    /// "page".
    pub page: &'static str,
    /// Said on a page that changes by itself.
    pub live: &'static str,
    /// "participants" after a number.
    pub people: &'static str,
    /// Said of a participant unknown to the roster.
    pub unknown: &'static str,
    /// The build page's title.
    pub build: &'static str,
    /// Its button.
    pub start_build: &'static str,
    /// Said while building.
    pub building: &'static str,
    /// Said once built.
    pub built: &'static str,
    /// The download link.
    pub download: &'static str,
    /// Said when the build stopped.
    pub build_failed: &'static str,
    /// "booklets" after a number.
    pub booklets: &'static str,
    /// "warnings" after a number.
    pub warnings: &'static str,
    /// Where the warnings are.
    pub see_report: &'static str,
    /// The mail page's title.
    pub mail: &'static str,
    /// Said while the dry run writes the messages.
    pub preparing: &'static str,
    /// Said while sending.
    pub sending: &'static str,
    /// Said when the send stopped.
    pub send_stopped: &'static str,
    /// Said once every message went.
    pub sent: &'static str,
    /// Said when the dry run stopped or found what stops a send.
    pub review_stopped: &'static str,
    /// Said when files changed since the review.
    pub changed_since: &'static str,
    /// After the number of messages to send.
    pub to_send: &'static str,
    /// Said of a dry run.
    pub nothing_sent: &'static str,
    /// The sender.
    pub from: &'static str,
    /// The recipient.
    pub recipient: &'static str,
    /// The subject.
    pub subject: &'static str,
    /// The attachments.
    pub attachments: &'static str,
    /// Said of a message with an HTML version.
    pub with_html: &'static str,
    /// Said when there is nothing to send.
    pub nothing_to_send: &'static str,
    /// The dry run's button.
    pub prepare: &'static str,
    /// The send's heading.
    pub send: &'static str,
    /// The server's field.
    pub smtp_server: &'static str,
    /// What the server's field takes.
    pub smtp_help: &'static str,
    /// Said when a login typed in the page is held.
    pub login_held: &'static str,
    /// Said when the login comes from the environment.
    pub login_environment: &'static str,
    /// The login's user.
    pub user: &'static str,
    /// The login's password.
    pub password: &'static str,
    /// Said of a login typed in the page.
    pub login_typed: &'static str,
    /// The rate's field.
    pub per_minute: &'static str,
    /// The send's button.
    pub send_now: &'static str,
    /// The button that forgets the login.
    pub forget: &'static str,
}

/// Les mots du bureau.
pub(super) static FRENCH: Words = Words {
    lang: "fr",
    desk: "Bureau carnet",
    event: "Événement",
    participants: "Participants",
    documents: "Documents",
    dates: "Dates",
    venue: "Lieu",
    organiser: "Organisateur",
    folder: "Dossier de l’événement",
    roster: "Liste des participants",
    event_error: "Le dossier de l’événement a un problème :",
    problems: "À corriger dans la liste",
    no_problems: "La liste n’a aucun problème.",
    row: "Ligne",
    column: "Colonne",
    value: "Valeur",
    what: "Problème",
    todo: "Que faire",
    id: "Identifiant",
    name: "Nom",
    organisation: "Structure",
    profile: "Profil",
    group: "Atelier",
    visit: "Visite",
    email: "Courriel",
    no_email: "sans courriel",
    error: "erreur",
    warning: "avertissement",
    booklet: "Carnet",
    badge: "Badge",
    badges: "Badges",
    grid: "Grille",
    attendance: "Feuilles d’émargement",
    page: "page",
    live: "Cette page se met à jour quand un fichier de l’événement change.",
    people: "participants",
    unknown: "Aucun participant n’a cet identifiant.",
    build: "Construire",
    start_build: "Construire le dossier",
    building: "Construction en cours :",
    built: "Dossier construit :",
    download: "Télécharger",
    build_failed: "La construction s’est arrêtée :",
    booklets: "carnets",
    warnings: "avertissements",
    see_report: "voir report.txt dans le dossier",
    mail: "Courriels",
    preparing: "Préparation des messages…",
    sending: "Envoi en cours :",
    send_stopped: "L’envoi s’est arrêté :",
    sent: "Envoi terminé : tous les messages sont partis.",
    review_stopped: "La préparation a trouvé un problème :",
    changed_since: "Des fichiers de l’événement ont changé depuis : préparez les messages à nouveau avant d’envoyer.",
    to_send: "messages à envoyer, écrits dans la boîte d’envoi (dist/outbox).",
    nothing_sent: "Rien n’a été envoyé.",
    from: "Expéditeur :",
    recipient: "Destinataire",
    subject: "Objet",
    attachments: "Pièces jointes",
    with_html: "Avec une version HTML.",
    nothing_to_send: "Rien à envoyer : le journal dit que chacun a reçu son carnet.",
    prepare: "Préparer les messages (sans envoyer)",
    send: "Envoyer",
    smtp_server: "Serveur d’envoi (SMTP)",
    smtp_help: "smtps://hôte:465 (TLS) ou smtp://hôte:587?tls=required (STARTTLS) ; smtp:// sans chiffrement seulement vers cette machine.",
    login_held: "L’identifiant saisi sur cette page est gardé en mémoire jusqu’à l’arrêt du bureau ; il n’est écrit nulle part.",
    login_environment: "L’identifiant vient de l’environnement (CARNET_SMTP_USER, CARNET_SMTP_PASSWORD).",
    user: "Utilisateur",
    password: "Mot de passe",
    login_typed: "Laissez vide pour un serveur sans identifiant. Gardé en mémoire pour cette session seulement, jamais écrit ni affiché.",
    per_minute: "Messages par minute, au plus",
    send_now: "Envoyer les messages",
    forget: "Oublier l’identifiant",
};

/// The desk's words.
pub(super) static ENGLISH: Words = Words {
    lang: "en",
    desk: "carnet desk",
    event: "Event",
    participants: "Participants",
    documents: "Documents",
    dates: "Dates",
    venue: "Venue",
    organiser: "Organiser",
    folder: "Event folder",
    roster: "Roster",
    event_error: "The event folder has a problem:",
    problems: "To fix in the roster",
    no_problems: "The roster has no problem.",
    row: "Row",
    column: "Column",
    value: "Value",
    what: "Problem",
    todo: "What to do",
    id: "Id",
    name: "Name",
    organisation: "Organisation",
    profile: "Profile",
    group: "Workshop",
    visit: "Visit",
    email: "Email",
    no_email: "no email",
    error: "error",
    warning: "warning",
    booklet: "Booklet",
    badge: "Badge",
    badges: "Badges",
    grid: "Grid",
    attendance: "Attendance sheets",
    page: "page",
    live: "This page updates itself when a file of the event changes.",
    people: "participants",
    unknown: "No participant has this id.",
    build: "Build",
    start_build: "Build the pack",
    building: "Building:",
    built: "Pack built:",
    download: "Download",
    build_failed: "The build stopped:",
    booklets: "booklets",
    warnings: "warnings",
    see_report: "see report.txt in the pack",
    mail: "Mail",
    preparing: "Preparing the messages…",
    sending: "Sending:",
    send_stopped: "The send stopped:",
    sent: "Sent: every message went.",
    review_stopped: "The preparation found a problem:",
    changed_since: "Files of the event changed since: prepare the messages again before sending.",
    to_send: "messages to send, written to the outbox (dist/outbox).",
    nothing_sent: "Nothing was sent.",
    from: "From:",
    recipient: "To",
    subject: "Subject",
    attachments: "Attachments",
    with_html: "With an HTML version.",
    nothing_to_send: "Nothing to send: the journal says everyone has their booklet.",
    prepare: "Prepare the messages (without sending)",
    send: "Send",
    smtp_server: "Mail server (SMTP)",
    smtp_help: "smtps://host:465 (TLS) or smtp://host:587?tls=required (STARTTLS); plain smtp:// only toward this machine.",
    login_held: "The login typed on this page is held in memory until the desk stops; it is written nowhere.",
    login_environment: "The login comes from the environment (CARNET_SMTP_USER, CARNET_SMTP_PASSWORD).",
    user: "User",
    password: "Password",
    login_typed: "Leave empty for a server without login. Held in memory for this session only, never written nor shown.",
    per_minute: "Messages a minute, at most",
    send_now: "Send the messages",
    forget: "Forget the login",
};

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn the_browser_language_chooses_french_or_english() {
        let of = |h| Language::from_accept_language(Some(h));
        assert_eq!(of("fr-FR,fr;q=0.9,en;q=0.8"), Language::French);
        assert_eq!(of("en-GB,fr;q=0.5"), Language::English);
        assert_eq!(of("de-DE,fr;q=0.7"), Language::French);
        assert_eq!(of("de-DE"), Language::English);
        assert_eq!(Language::from_accept_language(None), Language::English);
    }
}
