//! Free text from clients (names, titles, descriptions, reviews, booker details): trimmed,
//! of a bounded length, and without characters that corrupt what shows or stores it —
//! control characters (NUL, escape sequences; line breaks only where the field has lines)
//! and the bidirectional overrides and isolates that make text read backwards
//! (U+202A–U+202E, U+2066–U+2069). One rule for every text field.

/// Whether a field holds one line or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A single line: no line breaks.
    One,
    /// Line breaks (and tabs) allowed.
    Many,
}

/// The length (in characters, after trimming) and lines a text field allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    /// The fewest characters, after trimming.
    pub min: usize,
    /// The most characters, after trimming.
    pub max: usize,
    /// Whether line breaks are allowed.
    pub lines: Lines,
}

impl TextRule {
    /// A single-line field of `min`–`max` characters.
    #[must_use]
    pub const fn line(min: usize, max: usize) -> Self {
        Self {
            min,
            max,
            lines: Lines::One,
        }
    }

    /// A multi-line field of `min`–`max` characters.
    #[must_use]
    pub const fn lines(min: usize, max: usize) -> Self {
        Self {
            min,
            max,
            lines: Lines::Many,
        }
    }

    /// The trimmed text, or why it is refused.
    ///
    /// # Errors
    /// A length outside the rule, or a forbidden character.
    pub fn check(self, raw: &str) -> Result<String, String> {
        let value = raw.trim();
        let len = value.chars().count();
        if len < self.min || len > self.max {
            return Err(if self.min == 0 {
                format!("must be at most {} characters", self.max)
            } else {
                format!("must be {} to {} characters", self.min, self.max)
            });
        }
        if let Some(bad) = value.chars().find(|c| self.forbids(*c)) {
            return Err(format!(
                "must not contain control or direction-changing characters (U+{:04X})",
                u32::from(bad)
            ));
        }
        Ok(value.to_owned())
    }

    fn forbids(self, c: char) -> bool {
        let line_break = matches!(c, '\n' | '\r' | '\t');
        (c.is_control() && !(line_break && self.lines == Lines::Many))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }
}

/// `raw` without the characters [`TextRule`] forbids in one line: for text that comes from
/// elsewhere (an identity provider's profile, rows stored before the rule) and is shown
/// rather than refused.
#[must_use]
pub fn without_forbidden(raw: &str) -> String {
    raw.chars()
        .filter(|c| !TextRule::line(0, usize::MAX).forbids(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_bounded_and_free_of_control_and_override_characters() {
        let line = TextRule::line(1, 5);
        assert_eq!(line.check("  ab "), Ok("ab".into()));
        assert!(line.check("   ").unwrap_err().contains("1 to 5"));
        assert!(line.check("abcdef").is_err());
        for bad in [
            "a\0b",
            "a\nb",
            "a\u{1b}[2Jb",
            "a\u{202E}b",
            "a\u{2066}b",
            "a\u{7f}",
        ] {
            let refused = TextRule::line(1, 20).check(bad).unwrap_err();
            assert!(refused.contains("U+"), "{bad:?}: {refused}");
        }
        let many = TextRule::lines(0, 50);
        assert_eq!(
            many.check("첫 줄\r\n둘째 줄\t끝"),
            Ok("첫 줄\r\n둘째 줄\t끝".into())
        );
        assert!(many.check("a\0").is_err() && many.check("a\u{202D}").is_err());
        assert_eq!(TextRule::line(0, 3).check("").unwrap(), "");
    }

    #[test]
    fn text_from_elsewhere_loses_what_the_rule_forbids() {
        assert_eq!(without_forbidden("라\u{202E}이\0언\n"), "라이언");
    }
}
