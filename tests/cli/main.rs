//! Tests that run the real `carnet` binary on event folders and rosters.

mod build;
mod check;
mod documents;
mod hostile;
mod print;
mod support;
