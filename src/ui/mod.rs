//! stub
/// stub
pub fn run_app(_a: crate::cli::AppArgs) -> anyhow::Result<()> { Ok(()) }
