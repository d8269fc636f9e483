//! Problems met while reading that did not stop the reading, with what was done about them.

use serde::Serialize;

/// One problem in the input and what the engine did instead of failing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 1-based line in the decoded input (0 when the problem is about the whole file).
    pub line: usize,
    /// What was wrong, in plain words.
    pub problem: String,
    /// What the engine did about it.
    pub action: String,
}

/// A hostile or badly broken file could yield a diagnostic per line; past this many we only count,
/// so memory and output stay bounded whatever the input.
const MAX_KEPT: usize = 100;

#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    kept: Vec<Diagnostic>,
    suppressed: usize,
}

impl Diagnostics {
    pub(crate) fn push(
        &mut self,
        line: usize,
        problem: impl Into<String>,
        action: impl Into<String>,
    ) {
        if self.kept.len() < MAX_KEPT {
            self.kept.push(Diagnostic {
                line,
                problem: problem.into(),
                action: action.into(),
            });
        } else {
            self.suppressed += 1;
        }
    }

    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        if self.suppressed > 0 {
            self.kept.push(Diagnostic {
                line: 0,
                problem: format!("{} more problems of the kinds above", self.suppressed),
                action: "handled the same way; not listed one by one".to_string(),
            });
        }
        self.kept
    }
}
