//! JUnit XML: one test case per checked file, failing with its errors (warnings go to the
//! case's output). GitLab and Azure DevOps show these as test results.

use std::collections::BTreeMap;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, Result};

pub fn render(diagnostics: &[Diagnostic], files: &[&str]) -> Result<String> {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> =
        files.iter().map(|&f| (f, Vec::new())).collect();
    for d in diagnostics {
        by_file.entry(d.file.as_str()).or_default().push(d);
    }
    let mut suite = TestSuite::new("qaledger check");
    for (file, found) in by_file {
        let line = |d: &&Diagnostic| {
            format!(
                "{}:{}:{}: {}[{}] {}",
                d.file,
                d.line,
                d.column,
                d.severity.as_str(),
                d.code,
                d.message
            )
        };
        let errors: Vec<String> = found
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(line)
            .collect();
        let warnings: Vec<String> = found
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(line)
            .collect();
        let status = if errors.is_empty() {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(errors[0].clone());
            status.set_description(errors.join("\n"));
            status
        };
        let mut case = TestCase::new(file, status);
        case.set_classname("qaledger.check");
        if !warnings.is_empty() {
            case.set_system_out(warnings.join("\n"));
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new("qaledger");
    report.add_test_suite(suite);
    report.to_string().map_err(|e| Error::Encode {
        format: "JUnit XML",
        message: e.to_string(),
    })
}
