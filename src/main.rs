//! The `folio` binary: parse the command line, run it, report errors on stderr.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Parsed with the help's closing section computed for this machine (see cli::about).
    let cli = folio::cli::parse();
    match folio::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("folio: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
