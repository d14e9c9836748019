//! Keyword search's index: the character bigrams ("grams") of a space's searchable text.
//!
//! Korean has no word separators a database's full-text parser understands, so a space is
//! indexed by every two-character window of its text (a *posting* per gram). Every
//! substring match has all of the keyword's grams, so the postings narrow the candidates;
//! the substring test still decides. A posting also records whether its gram is in the
//! title: the relevance order ranks first the spaces whose title holds every gram the
//! keyword is looked up by ([`probe_grams`]) — for a two-character keyword, exactly the
//! spaces whose title contains it.

use std::collections::BTreeSet;

/// The most grams of a keyword looked up in the postings: enough to narrow any keyword
/// to a few candidates, and a bounded number of joins however long the keyword is.
pub const MAX_PROBE_GRAMS: usize = 4;

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

/// One gram of a space's searchable text, and whether its title has it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    /// A gram (one to three characters) of the lower-cased text.
    pub gram: String,
    /// True when the title has it too.
    pub in_title: bool,
}

/// The postings of a space: the grams of its (lower-cased) searchable text, each marked
/// when the lower-cased title has it.
#[must_use]
pub fn postings(title: &str, search_text: &str) -> Vec<Posting> {
    let title = bigrams(&title.to_lowercase());
    bigrams(&search_text.to_lowercase())
        .into_iter()
        .map(|gram| Posting {
            in_title: title.contains(&gram),
            gram,
        })
        .collect()
}

/// The grams a keyword is looked up by: its distinct grams, at most [`MAX_PROBE_GRAMS`]
/// of them, taken evenly from across the keyword (so a long keyword is narrowed by its
/// start, middle and end). Empty for a keyword shorter than two characters (or with
/// whitespace between every character), which only the substring test can match.
#[must_use]
pub fn probe_grams(keyword: &str) -> Vec<String> {
    let chars: Vec<char> = keyword.to_lowercase().chars().collect();
    let mut seen = BTreeSet::new();
    let all: Vec<String> = chars
        .windows(2)
        .filter(|w| !w.iter().any(|c| c.is_whitespace()))
        .map(|w| w.iter().collect::<String>())
        .filter(|g| seen.insert(g.clone()))
        .collect();
    if all.len() <= MAX_PROBE_GRAMS {
        return all;
    }
    let last = all.len() - 1;
    (0..MAX_PROBE_GRAMS)
        .map(|i| all[i * last / (MAX_PROBE_GRAMS - 1)].clone())
        .collect()
}

/// Whether a keyword is exactly one gram: a space matches it exactly when it has that
/// posting, so neither a substring test nor a row read is needed.
#[must_use]
pub fn is_one_gram(keyword: &str) -> bool {
    let lowered = keyword.to_lowercase();
    lowered.chars().count() == 2 && probe_grams(&lowered).len() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_are_distinct_character_pairs_without_whitespace() {
        let grams = |t: &str| bigrams(t).into_iter().collect::<Vec<_>>();
        assert_eq!(grams("파티룸 파티"), ["티룸", "파티"]);
        assert_eq!(grams("100% a_b"), ["0%", "00", "10", "_b", "a_"]);
        assert!(grams("파").is_empty());
    }

    #[test]
    fn a_posting_knows_whether_the_title_has_its_gram() {
        let p = postings("Studio 파티룸", "studio 파티룸\n넓은 루프탑");
        let in_title = |g: &str| p.iter().find(|p| p.gram == g).map(|p| p.in_title);
        assert_eq!(in_title("파티"), Some(true));
        assert_eq!(in_title("st"), Some(true), "the title is lower-cased too");
        assert_eq!(in_title("루프"), Some(false));
        assert_eq!(in_title("없음"), None);
    }

    #[test]
    fn a_keyword_is_looked_up_by_at_most_four_grams_from_across_it() {
        assert_eq!(probe_grams("루프탑"), ["루프", "프탑"]);
        assert_eq!(probe_grams("Ab"), ["ab"]);
        assert_eq!(
            probe_grams("파티 파티"),
            ["파티"],
            "distinct, no whitespace"
        );
        assert!(probe_grams("파").is_empty());
        assert!(probe_grams("a b c").is_empty());
        let long: String = ('가'..='힣').take(100).collect();
        let grams = probe_grams(&long);
        assert_eq!(grams.len(), MAX_PROBE_GRAMS);
        let chars: Vec<char> = long.chars().collect();
        assert_eq!(grams[0], chars[..2].iter().collect::<String>());
        assert_eq!(grams[3], chars[98..].iter().collect::<String>());
    }

    #[test]
    fn only_a_two_character_keyword_without_space_is_one_gram() {
        assert!(is_one_gram("파티"));
        assert!(is_one_gram("AB"));
        assert!(!is_one_gram("루프탑"));
        assert!(!is_one_gram("a b"));
        assert!(
            !is_one_gram("파파파"),
            "one distinct gram, but a longer substring"
        );
    }
}
