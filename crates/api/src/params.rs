//! Query-string and path parameters parsed one by one, so a bad value is answered with a
//! 400 that names the parameter.

use crate::error::ApiError;
use ourspace_domain::shared::Page;
use std::collections::HashMap;
use std::str::FromStr;

/// The raw query string as name → value (the last value wins for repeated names).
#[derive(Debug, Default)]
pub struct Params(HashMap<String, String>);

impl Params {
    /// # Errors
    /// 400 when the query string is not valid URL encoding.
    pub fn parse(query: &str) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|e| ApiError::invalid_parameter("query", e.to_string()))?;
        Ok(Self(pairs.into_iter().collect()))
    }

    /// The parameter parsed as `T`, if present. A present but empty value is parsed too
    /// (so `date=` is a 400, as the document says, while `q=` is an empty keyword).
    ///
    /// # Errors
    /// 400 naming the parameter when it does not parse.
    pub fn get<T: FromStr>(&self, name: &str) -> Result<Option<T>, ApiError> {
        match self.0.get(name).map(|v| v.trim()) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                ApiError::invalid_parameter(name, format!("`{v}` is not a valid value"))
            }),
        }
    }

    /// The page asked for (`page`, `per_page`).
    ///
    /// # Errors
    /// 400 naming the parameter that is malformed or out of range.
    pub fn page(&self) -> Result<Page, ApiError> {
        Page::new(self.get("page")?, self.get("per_page")?)
            .map_err(|e| ApiError::invalid_parameter(e.parameter(), e.to_string()))
    }

    /// A comma-separated list of positive ids.
    ///
    /// # Errors
    /// 400 naming the parameter when an element is not a positive integer.
    pub fn ids(&self, name: &str) -> Result<Vec<i64>, ApiError> {
        let Some(raw) = self.0.get(name) else {
            return Ok(Vec::new());
        };
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .ok_or_else(|| ApiError::invalid_parameter(name, format!("`{s}` is not an id")))
            })
            .collect()
    }
}

/// A positive integer id from the path.
///
/// # Errors
/// 400 naming the parameter.
pub fn path_id(raw: &str, name: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid_parameter(name, format!("`{raw}` is not an id")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_and_bad_ones_name_their_parameter() {
        let p = Params::parse("page=2&per_page=abc&category=1,%202&district=x&date=&q=").unwrap();
        assert!(p.get::<chrono::NaiveDate>("date").is_err());
        assert_eq!(p.get::<String>("q").unwrap().as_deref(), Some(""));
        assert_eq!(p.get::<u32>("page").unwrap(), Some(2));
        assert_eq!(p.get::<u32>("missing").unwrap(), None);
        assert_eq!(p.ids("category").unwrap(), vec![1, 2]);
        assert_eq!(
            p.get::<u32>("per_page").unwrap_err().code(),
            "invalid_parameter"
        );
        assert!(p.ids("district").is_err());
        assert!(path_id("0", "id").is_err());
        assert_eq!(path_id("15", "id").unwrap(), 15);
    }
}
