//! The `carnet` command: parses arguments, runs, prints any error once.

use std::process::ExitCode;

use clap::Parser;

// mimalloc: Typst makes and frees many small objects on every thread, which
// mimalloc does faster than the system's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_arena_eager_commit` (mimalloc.h, version 3).
#[cfg(test)]
const ARENA_EAGER_COMMIT: i32 = 4;
/// mimalloc's `mi_option_purge_delay` (mimalloc.h, version 3).
const PURGE_DELAY: i32 = 15;

/// Keeps resident memory close to what is in use: what is freed goes back
/// to the system after 10 ms (mimalloc keeps it a second by default). Its
/// arenas are committed as they are used (.cargo/config.toml), an option
/// that must be set before the program starts.
fn tune_allocator() {
    // SAFETY: setting an option is safe at any time; this number is the
    // option's (the test below checks it against its default).
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 10);
    }
}

fn main() -> ExitCode {
    tune_allocator();
    carnet::interrupt::install();
    carnet::error::install_panic_hook();
    let cli = carnet::cli::Cli::parse();
    match carnet::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error.for_people());
            ExitCode::from(error.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_allocator_options_are_those_meant() {
        // SAFETY: reading options.
        unsafe {
            // Set when mimalloc is built (.cargo/config.toml); 2 otherwise.
            assert_eq!(libmimalloc_sys::mi_option_get(super::ARENA_EAGER_COMMIT), 0);
            // Its default (mimalloc's options.c), changed when carnet starts.
            assert_eq!(libmimalloc_sys::mi_option_get(super::PURGE_DELAY), 1000);
        }
    }
}
