//! Character bigrams of a space's searchable text, kept in `space_grams` so a keyword
//! search reads the postings of its bigrams instead of scanning every space (MariaDB has no
//! n-gram full-text parser for Korean). Every substring match has all of the keyword's
//! bigrams, so the index only narrows the candidates; the `LIKE` still decides.

use std::collections::BTreeSet;

/// The distinct two-character windows of `text` that contain no whitespace.
#[must_use]
pub fn bigrams(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .filter(|w| !w.iter().any(|c| c.is_whitespace()))
        .map(|w| w.iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::bigrams;

    #[test]
    fn bigrams_are_distinct_character_pairs_without_whitespace() {
        let grams = |t: &str| bigrams(t).into_iter().collect::<Vec<_>>();
        assert_eq!(grams("파티룸 파티"), ["티룸", "파티"]);
        assert_eq!(grams("100% a_b"), ["0%", "00", "10", "_b", "a_"]);
        assert!(grams("파").is_empty());
    }
}
