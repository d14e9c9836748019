//! The shape of the API's own request bodies, checked with `validator` before a handler
//! uses them: a failed check answers 422 with the same `errors` list as the domain's
//! rules (nested fields as `a.b`, list items as `a[1].b`).
//!
//! The split (see docs/architecture.md): `validator` checks the bodies the API defines for
//! itself (what a field must look like to be passed on at all); the request types the
//! domain defines are checked by the domain's own parsing, whose rules are its types'
//! invariants, so no rule is checked in two places.

use crate::error::ApiError;
use ourspace_domain::shared::ValidationErrors;
use serde::{Deserialize, Deserializer};
use validator::{Validate, ValidationErrorsKind};

/// Checks `body`'s shape; every broken rule becomes one field error.
///
/// # Errors
/// 422 `validation_failed` naming each field at fault.
pub fn check<T: Validate>(body: &T) -> Result<(), ApiError> {
    let Err(found) = body.validate() else {
        return Ok(());
    };
    let mut errors = ValidationErrors::new();
    flatten("", &found, &mut errors);
    Err(ApiError::validation(errors))
}

fn flatten(prefix: &str, found: &validator::ValidationErrors, into: &mut ValidationErrors) {
    let mut fields: Vec<_> = found.errors().iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    for (field, kind) in fields {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(broken) => {
                let mut said = Vec::new();
                for e in broken {
                    let message = e.message.as_deref().unwrap_or(&e.code).to_owned();
                    if !said.contains(&message) {
                        into.add(path.clone(), message.clone());
                        said.push(message);
                    }
                }
            }
            ValidationErrorsKind::Struct(inner) => flatten(&path, inner, into),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    flatten(&format!("{path}[{index}]"), inner, into);
                }
            }
        }
    }
}

/// A string field with surrounding whitespace removed before it is checked.
///
/// # Errors
/// When the value is not a string.
pub fn trimmed<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    String::deserialize(d).map(|s| s.trim().to_owned())
}

/// Visible ASCII only (no spaces or control characters): what a header value such as a
/// token may hold.
///
/// # Errors
/// When another character is present.
pub fn visible_ascii(value: &str) -> Result<(), validator::ValidationError> {
    if value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("visible_ascii"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Validate)]
    struct Item {
        #[validate(range(min = 1, max = 5, message = "must be 1 to 5"))]
        stars: i64,
    }

    #[derive(Validate)]
    struct Body {
        #[validate(
            length(min = 1, message = "is required"),
            custom(function = "visible_ascii", message = "is required")
        )]
        name: String,
        #[validate(nested)]
        items: Vec<Item>,
    }

    fn fields(body: &Body) -> Vec<(String, String)> {
        let Err(e) = check(body) else { return vec![] };
        e.field_errors()
            .iter()
            .map(|f| (f.field.clone(), f.message.clone()))
            .collect()
    }

    #[test]
    fn broken_rules_are_named_by_path_once_each() {
        let body = Body {
            name: String::new(),
            items: vec![Item { stars: 3 }, Item { stars: 9 }],
        };
        assert_eq!(
            fields(&body),
            [
                ("items[1].stars".to_owned(), "must be 1 to 5".to_owned()),
                ("name".to_owned(), "is required".to_owned()),
            ]
        );
        let fine = Body {
            name: "ok".into(),
            items: vec![Item { stars: 1 }],
        };
        assert!(check(&fine).is_ok());
    }

    #[test]
    fn only_visible_ascii_passes() {
        assert!(visible_ascii("abc-DEF_123.~").is_ok());
        for bad in ["a b", "a\tb", "토큰", "a\u{7f}"] {
            assert!(visible_ascii(bad).is_err(), "{bad:?}");
        }
    }
}
