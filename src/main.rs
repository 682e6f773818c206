//! The `nnviz` binary: the app by default, `nnviz train` for headless training.

use clap::FromArgMatches;
use nnviz::cli::{Cli, Command};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // The help and clap's own errors in the language asked for.
    let args: Vec<String> = std::env::args().collect();
    nnviz::i18n::set_language(nnviz::cli::language_from_args(&args));
    let cli = match nnviz::cli::localized_command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cli.command {
        Some(Command::Train(args)) => {
            nnviz::i18n::set_language(nnviz::i18n::choose(cli.lang, None));
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let result = nnviz::cli::run_train(&args, &mut out);
            let _ = out.flush();
            match result {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{}", nnviz::tr!("cli-error", detail = e.to_string()));
                    ExitCode::from(e.exit_code().clamp(1, 255) as u8)
                }
            }
        }
        None => match nnviz::ui::run_app(cli.app, cli.lang) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{}", nnviz::tr!("cli-error", detail = format!("{e:#}")));
                ExitCode::FAILURE
            }
        },
    }
}
