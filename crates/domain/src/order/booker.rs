//! Who books: the contact details a guest leaves with an order.

use crate::shared::{TextRule, ValidationErrors};
use serde::Serialize;

/// Checked contact details of the person booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookerContact {
    /// 1–50 characters.
    pub name: String,
    /// Digits only, e.g. `01012345678`.
    pub phone: String,
    /// A valid email address.
    pub email: String,
    /// What the booking is for, up to 100 characters.
    pub purpose: Option<String>,
    /// A note to the host, up to 500 characters.
    pub request: Option<String>,
}

/// A Korean mobile number: 010, 011, 016, 017, 018 or 019, then 7 or 8 digits; dashes
/// and spaces are ignored.
fn korean_mobile(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let ok = digits.chars().all(|c| c.is_ascii_digit())
        && matches!(digits.len(), 10 | 11)
        && ["010", "011", "016", "017", "018", "019"]
            .iter()
            .any(|p| digits.starts_with(p))
        && (digits.starts_with("010") == (digits.len() == 11));
    ok.then_some(digits)
}

fn email_shape(raw: &str) -> bool {
    let Some((local, domain)) = raw.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && raw.len() <= 254
        && !raw.chars().any(char::is_whitespace)
}

fn optional(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

impl BookerContact {
    /// # Errors
    /// Every broken rule, with fields under `booker.`.
    pub fn parse(
        name: &str,
        phone: &str,
        email: &str,
        purpose: Option<&str>,
        request: Option<&str>,
    ) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e
            .check("booker.name", TextRule::line(1, 50).check(name))
            .unwrap_or_default();
        let phone = korean_mobile(phone);
        if phone.is_none() {
            e.add(
                "booker.phone",
                "must be a Korean mobile number such as 010-1234-5678",
            );
        }
        let email = email.trim();
        if !email_shape(email) {
            e.add("booker.email", "must be an email address");
        }
        let purpose = optional(purpose)
            .and_then(|p| e.check("booker.purpose", TextRule::line(0, 100).check(&p)));
        let request = optional(request)
            .and_then(|r| e.check("booker.request", TextRule::lines(0, 500).check(&r)));
        let phone = phone.unwrap_or_default();
        e.into_result(|| Self {
            name,
            phone,
            email: email.to_owned(),
            purpose,
            request,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_needs_a_name_before_its_at_and_a_dotted_domain() {
        assert!(email_shape("a@b.kr"));
        for bad in ["@b.kr", "a@bkr", "a@.kr", "a@b.", "a b@c.kr", "ab.kr"] {
            assert!(!email_shape(bad), "{bad}");
        }
    }

    #[test]
    fn korean_mobile_numbers_are_accepted_with_or_without_dashes() {
        let c = BookerContact::parse("김철수", "010-1234-5678", "a@b.kr", None, None).unwrap();
        assert_eq!(c.phone, "01012345678");
        assert!(BookerContact::parse("김", "011 234 5678", "a@b.kr", None, None).is_ok());
    }

    #[test]
    fn only_mobile_prefixes_of_the_right_length_are_phones() {
        for landline_or_odd in [
            "019-1234-5678",
            "02-1234-5678",
            "0311234567",
            "015-123-4567",
            "010-123-4567",
            "011-1234-56789",
        ] {
            assert_eq!(korean_mobile(landline_or_odd), None, "{landline_or_odd}");
        }
        assert_eq!(korean_mobile("011-123-4567").as_deref(), Some("0111234567"));
        assert_eq!(korean_mobile("019 123 4567").as_deref(), Some("0191234567"));
        assert_eq!(
            korean_mobile("010 1234 5678").as_deref(),
            Some("01012345678")
        );
    }

    #[test]
    fn bad_contact_details_name_their_fields() {
        let err = BookerContact::parse(
            " ",
            "02-123-4567",
            "no-at-sign",
            None,
            Some(&"x".repeat(501)),
        )
        .unwrap_err();
        let fields: Vec<_> = err.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "booker.name",
                "booker.phone",
                "booker.email",
                "booker.request"
            ]
        );
    }
}
