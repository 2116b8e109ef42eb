use clap::Parser;

fn main() {
    let cli = starlint::cli::Cli::parse();
    std::process::exit(starlint::commands::run(cli.command));
}
