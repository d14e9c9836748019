//! Exact bitmaps of the keyword words asked lately: the spaces whose text holds a longer
//! word, and those whose title holds a word (what the relevance order ranks first). A word
//! of one or two characters has its text bitmap ([`super::Key::Char`],
//! [`super::Key::Pair`]); a longer one's pairs may stand apart in a text, so its spaces are
//! found by testing the texts its pairs name, once, and kept here, least recently asked
//! first out. Every write keeps them exact.

use lru::LruCache;
use memchr::memmem::Finder;
use roaring::RoaringBitmap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

/// The most words kept.
const KEPT: NonZeroUsize = NonZeroUsize::new(128).expect("not zero");

/// Where a word is looked for: in the whole text, or in the title (its first line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Within {
    Text,
    Title,
}

impl Within {
    pub(super) fn part(self, text: &str) -> &str {
        match self {
            Within::Text => text,
            Within::Title => text.split('\n').next().unwrap_or_default(),
        }
    }
}

/// A kept word's searcher and the slots holding it.
type Kept = (Finder<'static>, Arc<RoaringBitmap>);

/// The kept words, by word and where it is looked for.
pub(super) struct Words {
    kept: Mutex<LruCache<(String, Within), Kept>>,
}

impl Default for Words {
    fn default() -> Self {
        Self {
            kept: Mutex::new(LruCache::new(KEPT)),
        }
    }
}

impl Words {
    /// The slots holding `word` `within`, if kept.
    pub(super) fn get(&self, word: &str, within: Within) -> Option<Arc<RoaringBitmap>> {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get(&(word.to_owned(), within))
            .map(|(_, slots)| slots.clone())
    }

    /// Keeps the slots holding `word` `within`.
    pub(super) fn put(&self, word: &str, within: Within, slots: Arc<RoaringBitmap>) {
        let finder = Finder::new(word.as_bytes()).into_owned();
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.put((word.to_owned(), within), (finder, slots));
    }

    /// Slot `slot` now holds `text`.
    pub(super) fn added(&mut self, slot: u32, text: &str) {
        let kept = self.kept.get_mut().unwrap_or_else(PoisonError::into_inner);
        for ((_, within), (finder, slots)) in kept.iter_mut() {
            if finder.find(within.part(text).as_bytes()).is_some() {
                Arc::make_mut(slots).insert(slot);
            }
        }
    }

    /// Slot `slot` holds nothing now.
    pub(super) fn removed(&mut self, slot: u32) {
        let kept = self.kept.get_mut().unwrap_or_else(PoisonError::into_inner);
        for (_, (_, slots)) in kept.iter_mut() {
            if slots.contains(slot) {
                Arc::make_mut(slots).remove(slot);
            }
        }
    }
}
