//! The user entity and its nickname rule.

use crate::shared::{UserId, Won};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A person signed in through Kakao.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    /// Kakao's numeric user id; unique.
    pub kakao_id: i64,
    pub nickname: Nickname,
    /// Kakao shares it only with the user's consent.
    pub email: Option<String>,
    pub points: Won,
    pub created_at: DateTime<Utc>,
}

/// A display name: 1–30 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Nickname(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to 30 characters")]
pub struct NicknameError;

impl Nickname {
    /// # Errors
    /// [`NicknameError`] for an empty or longer name.
    pub fn parse(raw: &str) -> Result<Self, NicknameError> {
        let name = raw.trim();
        if (1..=30).contains(&name.chars().count()) {
            Ok(Self(name.to_owned()))
        } else {
            Err(NicknameError)
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames_are_trimmed_and_limited_to_thirty_characters() {
        assert_eq!(Nickname::parse("  라이언 ").unwrap().as_str(), "라이언");
        assert!(Nickname::parse("   ").is_err());
        assert!(Nickname::parse(&"가".repeat(30)).is_ok());
        assert!(Nickname::parse(&"가".repeat(31)).is_err());
    }
}
