//! carnet's integration tests, one crate: the real binary on event folders
//! and rosters, and the library's stages on the sample event, by feature.

mod support;

mod assemble;
mod badges;
mod build;
mod check;
mod documents;
mod hostile;
mod mail;
mod preview;
mod print;
mod roster;
mod serve;
mod smtp;
mod typography;
