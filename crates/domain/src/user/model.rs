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

    /// A nickname from the identity provider's profile, cut to 30 characters; when the
    /// profile has none, `카카오 사용자 NNNN` from the provider id's last four digits.
    #[must_use]
    pub fn from_provider(raw: Option<&str>, provider_id: i64) -> Self {
        let cut: String = raw.unwrap_or_default().trim().chars().take(30).collect();
        Self::parse(&cut).unwrap_or_else(|_| {
            Self(format!(
                "카카오 사용자 {:04}",
                provider_id.rem_euclid(10_000)
            ))
        })
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

    #[test]
    fn provider_nicknames_are_cut_to_size_or_generated() {
        let long = "가".repeat(40);
        assert_eq!(
            Nickname::from_provider(Some(&long), 1)
                .as_str()
                .chars()
                .count(),
            30
        );
        assert_eq!(
            Nickname::from_provider(None, 42).as_str(),
            "카카오 사용자 0042"
        );
        assert_eq!(
            Nickname::from_provider(Some(" "), 123_456).as_str(),
            "카카오 사용자 3456"
        );
        assert_eq!(Nickname::from_provider(Some(" 춘식 "), 1).as_str(), "춘식");
    }
}
