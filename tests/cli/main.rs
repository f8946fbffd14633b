//! Tests that run the real `carnet` binary on event folders and rosters.

mod build;
mod documents;
mod print;
mod support;
