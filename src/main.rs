//! The `dateline` binary: parse arguments, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match dateline::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                dateline::app::EXIT_ERROR
            } else {
                dateline::app::EXIT_OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match dateline::app::run_guarded(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::from(dateline::app::EXIT_OK),
        Err(e) => {
            dateline::messages::note(dateline::index::store::one_line(&format!("{e:#}")));
            ExitCode::from(dateline::app::EXIT_ERROR)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
