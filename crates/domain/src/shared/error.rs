//! Errors shared by every area: field-level validation failures and the boxed cause of
//! unexpected failures.

use serde::Serialize;
use std::fmt;

/// The cause of an unexpected failure (a database or network error), kept for logs.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// One rule broken by one input field, e.g. `options[1].end_hour`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field, as the input names it (`options[1].end_hour`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// Every rule an input broke, collected so a client can fix them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(Vec<FieldError>);

impl ValidationErrors {
    /// No errors yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A single-field failure.
    #[must_use]
    pub fn single(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Records one broken rule.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Records the error of `result` under `field` and returns the value, if any.
    pub fn check<T, E: fmt::Display>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.add(field, err.to_string());
                None
            }
        }
    }

    /// Adds every error of `other`, with its field names prefixed by `prefix`.
    pub fn merge_prefixed(&mut self, prefix: &str, other: ValidationErrors) {
        for e in other.0 {
            self.add(format!("{prefix}.{}", e.field), e.message);
        }
    }

    /// Adds every error of `other`.
    pub fn extend(&mut self, other: ValidationErrors) {
        self.0.extend(other.0);
    }

    /// True when no rule was broken.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every broken rule, in the order found.
    #[must_use]
    pub fn fields(&self) -> &[FieldError] {
        &self.0
    }

    /// `Ok(value)` when no error was recorded.
    ///
    /// # Errors
    /// Returns `self` when at least one field failed.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        write!(f, "{}", parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}

#[cfg(test)]
mod tests {
    use super::ValidationErrors;

    #[test]
    fn merged_errors_keep_their_prefix_and_show_as_one_line() {
        let mut booker = ValidationErrors::new();
        booker.add("phone", "is not a mobile number");
        let mut all = ValidationErrors::single("date", "is in the past");
        all.merge_prefixed("booker", booker);
        let fields: Vec<_> = all.fields().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["date", "booker.phone"]);
        assert_eq!(
            all.to_string(),
            "date: is in the past; booker.phone: is not a mobile number"
        );
    }
}
