//! The README stays true: every diagnostic code is listed, and its commands name real things.

use qaledger::diagnostic::code::Code;

const README: &str = include_str!("../../README.md");

#[test]
fn readme_lists_every_diagnostic_code() {
    for code in Code::ALL {
        let row = format!("| `{}` | {} |", code.as_str(), code.severity().as_str());
        assert!(
            README.contains(&row),
            "README lacks the row for {}",
            code.as_str()
        );
    }
}

#[test]
fn readme_commands_point_at_the_bundled_examples() {
    assert!(README.contains("cargo run --release -- --root examples/northshire check"));
    assert!(README.contains("cargo test --locked"));
    assert!(std::path::Path::new("examples/northshire/qaledger.toml").is_file());
}
