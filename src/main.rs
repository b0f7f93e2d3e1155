//! The `folio` binary: parse the command line, run it, report errors on stderr.

use std::process::ExitCode;

/// mimalloc rather than the system allocator: indexing makes and frees millions of small
/// strings from many threads, where glibc's malloc spent a quarter of the time (measured
/// with perf on 100,000 posts). Built without asking for transparent huge pages (see
/// `tui::heap`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Parsed with the help's closing section computed for this machine (see cli::about).
    let cli = folio::cli::parse();
    match folio::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Not eprintln!, which panics when stderr is gone (a dropped connection).
            folio::tui::terminal::tell(&format!("folio: error: {err:#}"));
            ExitCode::from(2)
        }
    }
}
