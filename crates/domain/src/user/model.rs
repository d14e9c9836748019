//! The user entity and its nickname rule.

use crate::shared::text::without_forbidden;
use crate::shared::{TextRule, UserId, Won};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A person signed in through Kakao.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// The user's id.
    pub id: UserId,
    /// Kakao's numeric user id; unique.
    pub kakao_id: i64,
    /// The display name.
    pub nickname: Nickname,
    /// Kakao shares it only with the user's consent.
    pub email: Option<String>,
    /// Points to pay orders with.
    pub points: Won,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// Set by signing out everywhere: bearer tokens issued before it are refused.
    pub tokens_valid_after: Option<DateTime<Utc>>,
    /// Raised by each change to what their recommendations are drawn from (an order
    /// placed or refused, a like or unlike, a review written or deleted): a taste kept in
    /// memory serves only at the version it was read at.
    #[serde(skip)]
    pub taste_version: i64,
}

impl User {
    /// Whether a bearer token issued at `issued_at` still speaks for this user. Tokens
    /// carry their issue time to the second, so one issued in the very second of signing
    /// out still does.
    #[must_use]
    pub fn accepts_token_issued_at(&self, issued_at: DateTime<Utc>) -> bool {
        self.tokens_valid_after
            .is_none_or(|after| issued_at.timestamp() >= after.timestamp())
    }
}

/// A display name: 1–30 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Nickname(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
/// Why a nickname is not valid.
#[error("{0}")]
pub struct NicknameError(pub String);

impl Nickname {
    /// # Errors
    /// [`NicknameError`] for an empty or longer name, or one with control or
    /// direction-changing characters.
    pub fn parse(raw: &str) -> Result<Self, NicknameError> {
        TextRule::line(1, 30)
            .check(raw)
            .map(Self)
            .map_err(NicknameError)
    }

    /// A nickname as stored (written under the rules of its day): shown, not refused.
    #[must_use]
    pub fn from_stored(raw: &str) -> Self {
        Self(without_forbidden(raw))
    }

    /// A nickname from the identity provider's profile, cut to 30 characters; when the
    /// profile has none, `카카오 사용자 NNNN` from the provider id's last four digits.
    #[must_use]
    pub fn from_provider(raw: Option<&str>, provider_id: i64) -> Self {
        let cut: String = without_forbidden(raw.unwrap_or_default().trim())
            .chars()
            .take(30)
            .collect();
        Self::parse(&cut).unwrap_or_else(|_| {
            Self(format!(
                "카카오 사용자 {:04}",
                provider_id.rem_euclid(10_000)
            ))
        })
    }

    /// The nickname's text.
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
