//! Fields of a query string or a posted form, read the way the pages need: the first
//! non-blank value of a name, typed, or every value of a repeated name (checkboxes).

use crate::error::WebError;
use crate::ko;
use ourspace_domain::shared::ValidationErrors;
use std::str::FromStr;

/// The id in a page's path (`/spaces/{id}`): a positive number, or there is no such page.
pub fn path_id<I: From<i64>>(raw: &str) -> Result<I, WebError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(I::from)
        .ok_or(WebError::NotFound)
}

/// A field that could not be read, in Korean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Name–value pairs in their order.
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(String, String)>);

impl From<Vec<(String, String)>> for Fields {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }
}

impl Fields {
    /// The pairs of a query string or an `application/x-www-form-urlencoded` body.
    pub fn parse(encoded: &[u8]) -> Result<Self, WebError> {
        serde_urlencoded::from_bytes(encoded)
            .map(Self)
            .map_err(|_| WebError::BadRequest("요청을 읽을 수 없습니다.".into()))
    }

    /// The first non-blank value of `name`, trimmed.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .find(|v| !v.is_empty())
    }

    /// The value of `name` as a `T`; blank is `None`.
    pub fn get<T: FromStr>(&self, name: &'static str) -> Result<Option<T>, FieldError> {
        self.text(name)
            .map(|v| {
                v.parse().map_err(|_| FieldError {
                    field: name,
                    message: "형식이 올바르지 않습니다.".into(),
                })
            })
            .transpose()
    }

    /// Every id given as `name` (repeated, or comma-separated).
    pub fn ids(&self, name: &'static str) -> Result<Vec<i64>, FieldError> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| {
                v.parse().map_err(|_| FieldError {
                    field: name,
                    message: "형식이 올바르지 않습니다.".into(),
                })
            })
            .collect()
    }

    /// The pairs, for a link that keeps them (`except` left out).
    pub fn query_without(&self, except: &[&str]) -> String {
        let kept: Vec<_> = self
            .0
            .iter()
            .filter(|(n, v)| !except.contains(&n.as_str()) && !v.trim().is_empty())
            .collect();
        serde_urlencoded::to_string(kept).unwrap_or_default()
    }
}

/// The field errors a refused form shows, in Korean, by the domain's field names.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    /// Notes `message` (Korean) for `field`.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `field` has an error already.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }

    /// The domain's errors (in English), in Korean; a field already refused keeps the error
    /// it has (the value could not even be read).
    pub fn add_domain(&mut self, errors: &ValidationErrors) {
        for e in errors.fields() {
            if !self.has(&e.field) {
                self.push(e.field.clone(), ko::message(&e.message));
            }
        }
    }

    /// The messages of `field` and of its parts (`options[0].price`, `booker.phone`).
    pub fn of(&self, field: &str) -> Vec<&str> {
        let part = |f: &str| {
            f.strip_prefix(field)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['[', '.']))
        };
        self.0
            .iter()
            .filter(|(f, _)| part(f))
            .map(|(_, m)| m.as_str())
            .collect()
    }
}

/// Reads fields as typed values, keeping every one that cannot be read as a Korean field
/// error instead of stopping at the first: a refused form lists them all.
pub struct Lenient<'a> {
    fields: &'a Fields,
    /// Each value that could not be read.
    pub errors: FieldErrors,
}

impl<'a> Lenient<'a> {
    pub fn new(fields: &'a Fields) -> Self {
        Self {
            fields,
            errors: FieldErrors::default(),
        }
    }

    /// The value of `name`, `None` when blank or unreadable (then noted).
    pub fn get<T: FromStr>(&mut self, name: &'static str) -> Option<T> {
        self.fields.get(name).unwrap_or_else(|e| {
            self.errors.push(e.field, e.message);
            None
        })
    }

    /// Every id given as `name`; unreadable ones are noted.
    pub fn ids(&mut self, name: &'static str) -> Vec<i64> {
        self.fields.ids(name).unwrap_or_else(|e| {
            self.errors.push(e.field, e.message);
            Vec::new()
        })
    }

    /// The trimmed text of `name`, or empty.
    pub fn text(&self, name: &str) -> String {
        self.fields.text(name).unwrap_or_default().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_trimmed_typed_and_repeated() {
        let f = Fields::parse(
            b"q=+%EB%A3%A8%ED%94%84%ED%83%91+&guests=4&facilities=1&facilities=2,3&date=",
        )
        .unwrap();
        assert_eq!(f.text("q"), Some("루프탑"));
        assert_eq!(f.get::<i64>("guests"), Ok(Some(4)));
        assert_eq!(f.get::<i64>("date"), Ok(None));
        assert_eq!(f.ids("facilities"), Ok(vec![1, 2, 3]));
        assert_eq!(f.get::<i64>("q").unwrap_err().field, "q");
        assert_eq!(f.query_without(&["q", "facilities"]), "guests=4");
    }

    #[test]
    fn a_lenient_reading_notes_every_unreadable_field() {
        let f =
            Fields::parse(b"min_guests=two&max_guests=8&facility_ids=1,x&hourly_rate=").unwrap();
        let mut read = Lenient::new(&f);
        assert_eq!(read.get::<i64>("min_guests"), None);
        assert_eq!(read.get::<i64>("max_guests"), Some(8));
        assert_eq!(read.ids("facility_ids"), Vec::<i64>::new());
        assert_eq!(read.get::<i64>("hourly_rate"), None);
        assert!(read.errors.has("min_guests") && read.errors.has("facility_ids"));
        assert!(!read.errors.has("max_guests") && !read.errors.has("hourly_rate"));
    }

    #[test]
    fn errors_are_found_by_field_and_its_parts_and_the_domain_adds_only_new_fields() {
        let mut errors = FieldErrors::default();
        errors.push("max_guests", "형식이 올바르지 않습니다.");
        let mut domain = ValidationErrors::new();
        domain.add("max_guests", "is required");
        domain.add("options[0].price", "must be between 1 and 100000000 won");
        domain.add("options_extra", "is required");
        errors.add_domain(&domain);
        assert_eq!(errors.of("max_guests"), ["형식이 올바르지 않습니다."]);
        assert_eq!(errors.of("options"), ["허용 범위를 벗어났습니다."]);
        assert_eq!(errors.of("options_extra"), ["필수 항목입니다."]);
        assert!(errors.of("title").is_empty());
    }

    #[test]
    fn a_malformed_id_names_its_field() {
        let f = Fields::parse(b"category=1,x").unwrap();
        assert_eq!(f.ids("category").unwrap_err().field, "category");
    }
}
