//! Page requests and paged answers.

use serde::Serialize;

/// The largest page size a client may ask for.
pub const MAX_PER_PAGE: u32 = 100;
/// The highest page number a client may ask for.
pub const MAX_PAGE: u32 = 100_000;
/// The page size when the client does not say.
pub const DEFAULT_PER_PAGE: u32 = 20;

/// A valid page request: `1 ≤ page ≤ 100,000`, `1 ≤ per_page ≤ 100`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    page: u32,
    per_page: u32,
}

/// Why a page request is not valid, naming the parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// `page` is out of range.
    #[error("page must be between 1 and {MAX_PAGE}")]
    Page,
    /// `per_page` is out of range.
    #[error("per_page must be between 1 and {MAX_PER_PAGE}")]
    PerPage,
}

impl PageError {
    /// The query parameter at fault.
    #[must_use]
    pub fn parameter(&self) -> &'static str {
        match self {
            PageError::Page => "page",
            PageError::PerPage => "per_page",
        }
    }
}

impl Default for Page {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl Page {
    /// # Errors
    /// [`PageError`] naming the parameter out of range.
    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Result<Self, PageError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(PageError::Page);
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(PageError::PerPage);
        }
        Ok(Self { page, per_page })
    }

    /// The page number, from 1.
    #[must_use]
    pub fn page(self) -> u32 {
        self.page
    }

    /// Items per page.
    #[must_use]
    pub fn per_page(self) -> u32 {
        self.per_page
    }

    /// Rows to skip before this page.
    #[must_use]
    pub fn offset(self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }
}

/// The most matches a search counts exactly when counting would mean reading every
/// candidate: past it the total says "this many or more".
pub const COUNT_CAP: u64 = 1_000;

/// One page of results and the total number of matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paged<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The page number, from 1.
    pub page: u32,
    /// Items per page.
    pub per_page: u32,
    /// The number of matches, or [`COUNT_CAP`] when `total_capped`.
    pub total: u64,
    /// More than [`COUNT_CAP`] match and counting stopped there.
    pub total_capped: bool,
}

impl<T> Paged<T> {
    /// A page with its exact total.
    #[must_use]
    pub fn new(items: Vec<T>, page: Page, total: u64) -> Self {
        Self {
            items,
            page: page.page(),
            per_page: page.per_page(),
            total,
            total_capped: false,
        }
    }

    /// A page whose count stopped after `counted` matches: past [`COUNT_CAP`] the total is
    /// the cap, flagged.
    #[must_use]
    pub fn counted_up_to_cap(items: Vec<T>, page: Page, counted: u64) -> Self {
        Self {
            total_capped: counted > COUNT_CAP,
            ..Self::new(items, page, counted.min(COUNT_CAP))
        }
    }

    /// The same page with its items turned into something else.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
            total_capped: self.total_capped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_past_the_cap_is_the_cap_flagged() {
        let page = Page::default();
        let exact = Paged::<u8>::counted_up_to_cap(vec![], page, COUNT_CAP);
        assert_eq!((exact.total, exact.total_capped), (COUNT_CAP, false));
        let over = Paged::<u8>::counted_up_to_cap(vec![], page, COUNT_CAP + 1);
        assert_eq!((over.total, over.total_capped), (COUNT_CAP, true));
        let mapped = over.map(u16::from);
        assert!(mapped.total_capped && mapped.total == COUNT_CAP);
    }

    #[test]
    fn page_defaults_to_the_first_twenty() {
        let page = Page::new(None, None).unwrap();
        assert_eq!((page.page(), page.per_page(), page.offset()), (1, 20, 0));
    }

    #[test]
    fn out_of_range_pages_name_their_parameter() {
        assert_eq!(Page::new(Some(0), None).unwrap_err().parameter(), "page");
        assert_eq!(
            Page::new(Some(100_001), None).unwrap_err().parameter(),
            "page"
        );
        assert!(Page::new(Some(100_000), None).is_ok());
        assert_eq!(
            Page::new(None, Some(0)).unwrap_err().parameter(),
            "per_page"
        );
        assert_eq!(
            Page::new(None, Some(101)).unwrap_err().parameter(),
            "per_page"
        );
        assert_eq!(Page::new(Some(3), Some(100)).unwrap().offset(), 200);
    }
}
