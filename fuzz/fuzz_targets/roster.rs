//! The roster reader on any bytes: xlsx, xlsm, xlsb, xls, ods or csv,
//! whole, cut or crafted. It must answer with participants or problems,
//! never panic, and stay within its bounds of memory and time.

use carnet::load::event::EventConfig;
use carnet::roster::{self, RosterOptions};

fn main() {
    let profiles = EventConfig::parse(include_str!("../../content/event.yaml"))
        .expect("the sample event.yaml parses")
        .profiles;
    afl::fuzz!(|data: &[u8]| {
        let _ = roster::read(data, "roster", &RosterOptions::default(), &profiles);
    });
}
