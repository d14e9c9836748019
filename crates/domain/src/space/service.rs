//! Space use cases: reading, and the host's registration and management, all-or-nothing
//! across the database and the image store.

use super::availability::{SpaceAvailability, availability_of};
use super::error::SpaceError;
use super::index::SpaceIndex;
use super::input::SpaceInput;
use super::model::SpaceDraft;
use super::patch::SpacePatch;
use super::ports::{NewImage, SpaceDeletion, SpaceRepository, StoredSpace};
use super::view::SpaceDetail;
use crate::media::{ImageStore, UploadedImage, discard_photo, store_photo};
use crate::shared::{BookingHorizon, Clock, SpaceId, UserId, ValidationErrors};
use chrono::NaiveDate;
use std::sync::Arc;

/// The most photos a space may have.
pub const MAX_IMAGES: usize = 20;
/// Where space photos live in the store.
pub const IMAGE_FOLDER: &str = "spaces";

/// Lists, shows, registers and manages spaces.
#[derive(Clone)]
pub struct SpaceService {
    repo: Arc<dyn SpaceRepository>,
    store: Arc<dyn ImageStore>,
    clock: Arc<dyn Clock>,
    horizon: BookingHorizon,
    /// Answers public searches when the server keeps a search index.
    index: Option<Arc<dyn SpaceIndex>>,
}

fn too_many_images() -> SpaceError {
    ValidationErrors::single("images", format!("a space has at most {MAX_IMAGES} images")).into()
}

fn unexpected(e: crate::shared::BoxError) -> SpaceError {
    SpaceError::Unexpected(e)
}

mod lists;
mod photos;

impl SpaceService {
    /// A service over these adapters.
    #[must_use]
    pub fn new(
        repo: Arc<dyn SpaceRepository>,
        store: Arc<dyn ImageStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            repo,
            store,
            clock,
            horizon: BookingHorizon::default(),
            index: None,
        }
    }

    /// The same service answering public searches (neither a host's nor a liker's list)
    /// from `index` instead of the repository.
    #[must_use]
    pub fn with_index(self, index: Arc<dyn SpaceIndex>) -> Self {
        Self {
            index: Some(index),
            ..self
        }
    }

    /// The same service with dates searchable up to `horizon` ahead (a year by default).
    #[must_use]
    pub fn with_booking_horizon(self, horizon: BookingHorizon) -> Self {
        Self { horizon, ..self }
    }

    pub(super) fn horizon(&self) -> BookingHorizon {
        self.horizon
    }

    /// # Errors
    /// [`SpaceError::NotFound`] for an unknown id, [`SpaceError::Unexpected`] when storage fails.
    pub async fn get(&self, id: SpaceId) -> Result<SpaceDetail, SpaceError> {
        self.repo
            .find(id)
            .await
            .map_err(unexpected)?
            .ok_or(SpaceError::NotFound)
    }

    /// Checks every rule of `input` (with `open_from` not before `earliest_open_from`) and,
    /// beside them, that its catalog ids exist: one answer lists every error. `errors`
    /// carries those the caller found.
    async fn validate(
        &self,
        input: &SpaceInput,
        earliest_open_from: NaiveDate,
        mut errors: ValidationErrors,
    ) -> Result<SpaceDraft, SpaceError> {
        let parsed = input.parse(earliest_open_from);
        let missing = self
            .repo
            .missing_references(&input.catalog_refs())
            .await
            .map_err(unexpected)?;
        let draft = match parsed {
            Ok(draft) => Some(draft),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        if missing.category {
            errors.add("category_id", "no such category");
        }
        if missing.district {
            errors.add("district_id", "no such district");
        }
        if !missing.facilities.is_empty() {
            let ids: Vec<String> = missing.facilities.iter().map(ToString::to_string).collect();
            errors.add(
                "facility_ids",
                format!("no such facilities: {}", ids.join(", ")),
            );
        }
        match draft {
            Some(draft) => errors.into_result(|| draft).map_err(SpaceError::from),
            None => Err(errors.into()),
        }
    }

    /// Puts every image in the store; on any failure deletes what was put and fails.
    async fn upload(&self, images: Vec<UploadedImage>) -> Result<Vec<NewImage>, SpaceError> {
        let mut uploaded = Vec::with_capacity(images.len());
        for image in images {
            match store_photo(self.store.as_ref(), IMAGE_FOLDER, image).await {
                Ok(photo) => uploaded.push(photo),
                Err(e) => {
                    self.discard(uploaded.iter().map(|p| p.key.as_str())).await;
                    return Err(unexpected(e));
                }
            }
        }
        Ok(uploaded)
    }

    /// Best-effort removal of objects no row will refer to; `media gc` catches the rest.
    async fn discard(&self, keys: impl IntoIterator<Item = &str>) {
        for key in keys {
            discard_photo(self.store.as_ref(), key).await;
        }
    }

    /// Checks the photo count against the rules.
    fn count_errors(count: usize, min: usize) -> ValidationErrors {
        let mut errors = ValidationErrors::new();
        if count < min || count > MAX_IMAGES {
            errors.add("images", format!("give {min} to {MAX_IMAGES} images"));
        }
        errors
    }

    /// Registers a space: validates everything, uploads the photos, then writes the space
    /// in one transaction. If anything fails, nothing stays behind: no row, no object.
    ///
    /// # Errors
    /// [`SpaceError::Validation`] with every broken rule, or a store or storage failure.
    #[tracing::instrument(skip_all, fields(host = %host))]
    pub async fn register(
        &self,
        host: UserId,
        input: &SpaceInput,
        images: Vec<UploadedImage>,
    ) -> Result<SpaceDetail, SpaceError> {
        let draft = self
            .validate(
                input,
                self.clock.today(),
                Self::count_errors(images.len(), 1),
            )
            .await?;
        let uploaded = self.upload(images).await?;
        match self.repo.create(host, &draft, &uploaded).await {
            Ok(id) => self.get(id).await,
            Err(e) => {
                self.discard(uploaded.iter().map(|p| p.key.as_str())).await;
                Err(unexpected(e))
            }
        }
    }

    /// The space if `host` hosts it.
    async fn owned(&self, host: UserId, id: SpaceId) -> Result<StoredSpace, SpaceError> {
        let stored = self
            .repo
            .find_stored(id)
            .await
            .map_err(unexpected)?
            .ok_or(SpaceError::NotFound)?;
        if stored.host_id == host {
            Ok(stored)
        } else {
            Err(SpaceError::Forbidden)
        }
    }

    /// Changes the fields `patch` names, under the same rules as registration.
    ///
    /// # Errors
    /// [`SpaceError::NotFound`], [`SpaceError::Forbidden`], [`SpaceError::Validation`].
    pub async fn update(
        &self,
        host: UserId,
        id: SpaceId,
        patch: SpacePatch,
    ) -> Result<SpaceDetail, SpaceError> {
        let stored = self.owned(host, id).await?;
        let earliest = if patch.changes_open_from() {
            self.clock.today()
        } else {
            NaiveDate::MIN
        };
        let input = patch.apply(SpaceInput::from(&stored.draft));
        let draft = self
            .validate(&input, earliest, ValidationErrors::new())
            .await?;
        self.repo.update(id, &draft).await.map_err(unexpected)?;
        self.get(id).await
    }

    /// Deletes the space, then its photos.
    ///
    /// # Errors
    /// [`SpaceError::HasActiveOrders`], [`SpaceError::NotFound`], [`SpaceError::Forbidden`].
    pub async fn delete(&self, host: UserId, id: SpaceId) -> Result<(), SpaceError> {
        self.owned(host, id).await?;
        match self
            .repo
            .delete(id, self.clock.today())
            .await
            .map_err(unexpected)?
        {
            SpaceDeletion::Deleted { image_keys } => {
                self.discard(image_keys.iter().map(String::as_str)).await;
                Ok(())
            }
            SpaceDeletion::HasActiveOrders => Err(SpaceError::HasActiveOrders),
            SpaceDeletion::NotFound => Err(SpaceError::NotFound),
        }
    }

    pub(super) fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// The space and what is free on `date` as of the clock (the date already checked):
    /// one read.
    pub(super) async fn read_day(
        &self,
        id: SpaceId,
        date: NaiveDate,
    ) -> Result<(SpaceDetail, SpaceAvailability), SpaceError> {
        let (space, held) = self
            .repo
            .find_day(id, date, self.clock.now())
            .await
            .map_err(unexpected)?
            .ok_or(SpaceError::NotFound)?;
        let day = availability_of(&space, date, &held);
        Ok((space, day))
    }
}
