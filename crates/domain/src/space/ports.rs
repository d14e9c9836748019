//! What spaces need from storage.

use super::model::SpaceDraft;
use super::view::{SpaceDetail, SpaceSummary};
use crate::shared::{
    BoxError, CategoryId, Coordinates, DistrictId, FacilityId, HourRange, ImageId, Page, Paged,
    SpaceId, UserId, Won,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

/// Which spaces to list, in which order, and which page of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpaceQuery {
    /// Which page.
    pub page: Page,
    /// Any of these categories; empty means all.
    pub categories: Vec<CategoryId>,
    /// Any of these districts; empty means all.
    pub districts: Vec<DistrictId>,
    /// Only this host's spaces (newest first).
    pub host: Option<UserId>,
    /// Only spaces this user likes.
    pub liked_by: Option<UserId>,
    /// Over title, subtitle, description, address, category and district names; `%` and
    /// `_` are literal.
    pub keyword: Option<String>,
    /// Spaces that take this many guests.
    pub guests: Option<u16>,
    /// Spaces that have all of these.
    pub facilities: Vec<FacilityId>,
    /// On the space's lowest price.
    pub min_price: Option<Won>,
    /// On the space's lowest price.
    pub max_price: Option<Won>,
    /// Only spaces bookable then.
    pub availability: Option<Availability>,
    /// Distances from a point, and an optional radius.
    pub near: Option<Near>,
    /// The order of the list.
    pub sort: SpaceSort,
}

/// Only spaces that can still be booked on `date` (within their open period, and a package
/// or the minimum hourly block free; or, with `hours`, that whole range free).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Availability {
    /// The date asked about.
    pub date: NaiveDate,
    /// Only spaces with this whole range free.
    pub hours: Option<HourRange>,
    /// Waiting orders whose time ran out by now do not block.
    pub now: DateTime<Utc>,
}

/// Distances from `center` (each item then carries `distance_km`), and optionally only
/// spaces within `radius_km` (great-circle).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    /// The point distances are measured from.
    pub center: Coordinates,
    /// Only spaces within this many kilometres.
    pub radius_km: Option<f64>,
}

/// The order of a list; every order ends with the id, so pages never overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SpaceSort {
    /// Likes, then average rating.
    #[default]
    Popular,
    /// Lowest price first.
    PriceAsc,
    /// Highest price first.
    PriceDesc,
    /// Average rating, then number of reviews.
    Rating,
    /// Newest first.
    Newest,
    /// Nearest first (needs a center).
    Distance,
    /// Title matches before other matches (needs a keyword).
    Relevance,
}

/// A photo stored for a space: its key, URL and thumbnail's URL.
pub use crate::media::StoredPhoto as NewImage;

/// A space as its host edits it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSpace {
    /// Its host.
    pub host_id: UserId,
    /// Its fields.
    pub draft: SpaceDraft,
    /// How many images it has.
    pub image_count: usize,
}

/// The catalog ids a space names, whatever else is wrong with it (so a form's unknown ids
/// are reported with its other errors).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogRefs {
    /// The category named.
    pub category: Option<CategoryId>,
    /// The district named.
    pub district: Option<DistrictId>,
    /// The facilities named.
    pub facilities: Vec<FacilityId>,
}

/// Catalog ids named that do not exist.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MissingReferences {
    /// The category does not exist.
    pub category: bool,
    /// The district does not exist.
    pub district: bool,
    /// The facilities that do not exist.
    pub facilities: Vec<FacilityId>,
}

/// What became of a space deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpaceDeletion {
    /// Gone; these image objects are to be deleted from the store.
    Deleted {
        /// The store keys of its images.
        image_keys: Vec<String>,
    },
    /// Confirmed or waiting orders for `today` or later exist.
    HasActiveOrders,
    /// No such space.
    NotFound,
}

/// What became of adding images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImagesAdded {
    /// Added.
    Added,
    /// The space would have more than the maximum.
    TooMany,
    /// No such space.
    NotFound,
}

/// What became of an image deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageDeletion {
    /// Gone; this image object is to be deleted from the store.
    Deleted {
        /// The image's store key.
        key: String,
    },
    /// It is the space's last image.
    LastImage,
    /// No such image of this space.
    NotFound,
}

/// Reads and writes spaces. Deleted spaces are invisible to every read.
///
/// Reads answer in a fixed number of statements, whatever the page size.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SpaceRepository: Send + Sync {
    /// One page of a host's own spaces (newest first) or of the spaces a user likes (in
    /// the query's sort), and the total. Public searches are a
    /// [`SpaceIndex`](super::index::SpaceIndex)'s.
    ///
    /// # Errors
    /// The storage failure, or a query with neither a host nor a liker.
    async fn list(&self, query: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError>;

    /// The space with its options, facilities, images and host, if it exists.
    ///
    /// # Errors
    /// The storage failure.
    async fn find(&self, id: SpaceId) -> Result<Option<SpaceDetail>, BoxError>;

    /// The space's editable fields and its host.
    ///
    /// # Errors
    /// The storage failure.
    async fn find_stored(&self, id: SpaceId) -> Result<Option<StoredSpace>, BoxError>;

    /// Which of the draft's catalog ids do not exist.
    ///
    /// # Errors
    /// The storage failure.
    async fn missing_references(&self, refs: &CatalogRefs) -> Result<MissingReferences, BoxError>;

    /// Writes a space with its options, facilities and images in one transaction.
    ///
    /// # Errors
    /// The storage failure; nothing is written then.
    async fn create(
        &self,
        host: UserId,
        draft: &SpaceDraft,
        images: &[NewImage],
    ) -> Result<SpaceId, BoxError>;

    /// Replaces the space's fields, packages and facilities in one transaction.
    ///
    /// # Errors
    /// The storage failure; nothing is changed then.
    async fn update(&self, id: SpaceId, draft: &SpaceDraft) -> Result<(), BoxError>;

    /// In one transaction: refuses while confirmed or waiting orders for `today` or later
    /// exist; otherwise removes the space (its rows, or, when past orders refer to it, its
    /// images and likes, keeping a hidden row for their history).
    ///
    /// # Errors
    /// The storage failure; nothing is changed then.
    async fn delete(&self, id: SpaceId, today: NaiveDate) -> Result<SpaceDeletion, BoxError>;

    /// Appends images, unless the space would then have more than `max`.
    ///
    /// # Errors
    /// The storage failure; nothing is written then.
    async fn add_images(
        &self,
        id: SpaceId,
        images: &[NewImage],
        max: usize,
    ) -> Result<ImagesAdded, BoxError>;

    /// Removes one image row, unless it is the space's last.
    ///
    /// # Errors
    /// The storage failure.
    async fn delete_image(&self, id: SpaceId, image: ImageId) -> Result<ImageDeletion, BoxError>;

    /// The space's detail (as [`Self::find`]) with the hours held on `date` and the next day
    /// by confirmed orders and by waiting orders that have not run out at `now`, as hours
    /// from midnight of `date` (0–47): one read, for a day's availability.
    ///
    /// # Errors
    /// The storage failure.
    async fn find_day(
        &self,
        id: SpaceId,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Option<(SpaceDetail, Vec<u8>)>, BoxError>;

    /// Which of `keys` some image row (of a space or a review) refers to.
    ///
    /// # Errors
    /// The storage failure.
    async fn image_keys_in_use(&self, keys: &[String]) -> Result<Vec<String>, BoxError>;
}
