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
    #[error("page must be between 1 and {MAX_PAGE}")]
    Page,
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

    #[must_use]
    pub fn page(self) -> u32 {
        self.page
    }

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

/// One page of results and the total number of matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl<T> Paged<T> {
    #[must_use]
    pub fn new(items: Vec<T>, page: Page, total: u64) -> Self {
        Self {
            items,
            page: page.page(),
            per_page: page.per_page(),
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
