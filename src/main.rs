//! The `folio` binary: parse the command line, run it, report errors on stderr.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = folio::cli::Cli::parse();
    match folio::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("folio: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
