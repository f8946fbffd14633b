//! The event loader on any text as `event.yaml`: it must parse or say why,
//! never panic, and the roster settings it gives (sheet, header row, column
//! names, profiles and their aliases) must then read a roster the same way.

use carnet::load::event::EventConfig;
use carnet::roster::{self, RosterOptions};

/// A small roster that the settings are tried on.
const ROSTER: &[u8] = b"Nom;Pr\xc3\xa9nom;Profil;Email;Atelier\n\
Martin;Sophie;Directrice;sophie@example.org;Atelier 1\n\
Petit;Jean;Invit\xc3\xa9;jean@example.org;Atelier 2\n";

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        if let Ok(event) = EventConfig::parse(&text) {
            let options = RosterOptions::from(&event.roster);
            let _ = roster::read(ROSTER, "roster.csv", &options, &event.profiles);
        }
    });
}
