//! A space's photos after registration: adding, deleting, and collecting the stored
//! objects no row refers to.

use super::{IMAGE_FOLDER, MAX_IMAGES, SpaceService, too_many_images, unexpected};
use crate::media::{UploadedImage, photo_key_of};
use crate::shared::{ImageId, SpaceId, UserId};
use crate::space::SpaceError;
use crate::space::ports::{ImageDeletion, ImagesAdded};
use crate::space::view::SpaceDetail;
use chrono::Duration;

impl SpaceService {
    /// Adds photos, keeping the total at most [`MAX_IMAGES`].
    ///
    /// # Errors
    /// [`SpaceError::Validation`] on `images`, [`SpaceError::NotFound`], [`SpaceError::Forbidden`].
    pub async fn add_images(
        &self,
        host: UserId,
        id: SpaceId,
        images: Vec<UploadedImage>,
    ) -> Result<SpaceDetail, SpaceError> {
        let stored = self.owned(host, id).await?;
        let errors = Self::count_errors(images.len(), 1);
        if !errors.is_empty() {
            return Err(errors.into());
        }
        if stored.image_count + images.len() > MAX_IMAGES {
            return Err(too_many_images());
        }
        let uploaded = self.upload(images).await?;
        let added = self.repo.add_images(id, &uploaded, MAX_IMAGES).await;
        match added {
            Ok(ImagesAdded::Added) => self.get(id).await,
            other => {
                self.discard(uploaded.iter().map(|p| p.key.as_str())).await;
                match other.map_err(unexpected)? {
                    ImagesAdded::TooMany => Err(too_many_images()),
                    _ => Err(SpaceError::NotFound),
                }
            }
        }
    }

    /// Deletes one photo (row first, then object); the last one stays.
    ///
    /// # Errors
    /// [`SpaceError::LastImage`], [`SpaceError::NotFound`], [`SpaceError::Forbidden`].
    pub async fn delete_image(
        &self,
        host: UserId,
        id: SpaceId,
        image: ImageId,
    ) -> Result<(), SpaceError> {
        self.owned(host, id).await?;
        match self
            .repo
            .delete_image(id, image)
            .await
            .map_err(unexpected)?
        {
            ImageDeletion::Deleted { key } => {
                self.discard([key.as_str()]).await;
                Ok(())
            }
            ImageDeletion::LastImage => Err(SpaceError::LastImage),
            ImageDeletion::NotFound => Err(SpaceError::NotFound),
        }
    }

    /// Deletes stored photos (of spaces and reviews) and thumbnails no row refers to that
    /// are older than `min_age` (younger ones may belong to a registration still in
    /// progress); a thumbnail goes with its photo. Returns the deleted keys.
    ///
    /// # Errors
    /// The store's or storage's failure.
    pub async fn collect_garbage(&self, min_age: Duration) -> Result<Vec<String>, SpaceError> {
        let cutoff = self.clock.now() - min_age;
        let mut old: Vec<String> = Vec::new();
        for folder in [IMAGE_FOLDER, crate::review::IMAGE_FOLDER] {
            let listed = self
                .store
                .list(&format!("{folder}/"))
                .await
                .map_err(unexpected)?;
            old.extend(
                listed
                    .into_iter()
                    .filter(|o| o.last_modified < cutoff)
                    .map(|o| o.key),
            );
        }
        let mut deleted = Vec::new();
        for chunk in old.chunks(500) {
            let photos: Vec<String> = chunk.iter().map(|k| photo_key_of(k)).collect();
            let in_use = self
                .repo
                .image_keys_in_use(&photos)
                .await
                .map_err(unexpected)?;
            let unused = chunk
                .iter()
                .zip(&photos)
                .filter(|(_, photo)| !in_use.contains(photo));
            for (key, _) in unused {
                self.store.delete(key).await.map_err(unexpected)?;
                deleted.push(key.clone());
            }
        }
        Ok(deleted)
    }
}

#[cfg(test)]
#[path = "photos_tests.rs"]
mod tests;
