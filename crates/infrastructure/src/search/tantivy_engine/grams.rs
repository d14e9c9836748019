//! The keyword tokenizer: every character and every pair of neighbouring characters of the
//! (lower-cased) text, each at its character's position, white space left out. A word of
//! one character is then one term, and a longer word is the phrase of its pairs at
//! neighbouring positions, so a phrase match is exactly a substring match, in Korean as in
//! any script, with no dictionary.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the index registers [`Grams`] under.
pub(super) const GRAMS: &str = "ourspace_grams";

/// Splits text into single characters and character pairs.
#[derive(Clone, Default)]
pub(super) struct Grams;

/// The tokens of one text, made at once (texts are short).
pub(super) struct GramStream {
    tokens: Vec<Token>,
    next: usize,
}

/// The grams of `text` in the order the tokenizer gives them.
fn grams(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |(at, _)| *at);
    let mut tokens = Vec::with_capacity(chars.len() * 2);
    for (position, &(from, c)) in chars.iter().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        let token = |to: usize| Token {
            offset_from: from,
            offset_to: to,
            position,
            text: text[from..to].to_owned(),
            position_length: 1,
        };
        tokens.push(token(end_of(position + 1)));
        if chars
            .get(position + 1)
            .is_some_and(|(_, n)| !n.is_whitespace())
        {
            tokens.push(token(end_of(position + 2)));
        }
    }
    tokens
}

/// The terms a word is searched by: the word itself when it is one character, otherwise
/// its pairs in order (a phrase).
pub(super) fn word_terms(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 2 {
        return vec![word.to_owned()];
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

impl Tokenizer for Grams {
    type TokenStream<'a> = GramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> GramStream {
        GramStream {
            tokens: grams(text),
            next: 0,
        }
    }
}

impl TokenStream for GramStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_character_and_pair_stands_at_its_position_without_white_space() {
        let seen: Vec<(String, usize)> = grams("파티 룸")
            .into_iter()
            .map(|t| (t.text, t.position))
            .collect();
        let expected = [("파", 0), ("파티", 0), ("티", 1), ("룸", 3)];
        assert_eq!(
            seen,
            expected.map(|(t, p)| (t.to_owned(), p)).to_vec(),
            "no gram holds the space"
        );
    }

    #[test]
    fn a_word_is_searched_by_itself_or_by_its_pairs() {
        assert_eq!(word_terms("룸"), ["룸"]);
        assert_eq!(word_terms("파티룸"), ["파티", "티룸"]);
        assert_eq!(word_terms("%"), ["%"]);
    }
}
