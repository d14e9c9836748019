//! The local-disk image store: files under a folder, served by the API at `/media/{key}`.

use super::is_safe_key;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ourspace_domain::media::{ImageBody, ImageStore, ImageType, StoredObject};
use ourspace_domain::shared::BoxError;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Keeps images in `root`, and hands out URLs under `public_base` (e.g. `/media`).
#[derive(Debug, Clone)]
pub struct LocalImageStore {
    root: PathBuf,
    public_base: String,
}

impl LocalImageStore {
    #[must_use]
    pub fn new(root: impl Into<PathBuf>, public_base: impl Into<String>) -> Self {
        Self {
            root: root.into(),
            public_base: public_base.into().trim_end_matches('/').to_owned(),
        }
    }

    /// The file behind `key`, if the key is well-formed. The file may not exist.
    #[must_use]
    pub fn path_of(&self, key: &str) -> Option<PathBuf> {
        is_safe_key(key).then(|| self.root.join(key))
    }

    /// The public URL of `key`.
    #[must_use]
    pub fn url_of(&self, key: &str) -> String {
        format!("{}/{key}", self.public_base)
    }

    fn checked_path(&self, key: &str) -> Result<PathBuf, BoxError> {
        self.path_of(key)
            .ok_or_else(|| format!("refused unsafe image key {key:?}").into())
    }
}

fn walk(dir: &Path, root: &Path, out: &mut Vec<StoredObject>) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        // An object deleted since the folder was read (by `media gc` on another instance,
        // or a space's deletion) is simply not listed.
        let (entry, meta) = match entry.and_then(|e| e.metadata().map(|m| (e, m))) {
            Ok(found) => found,
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        if meta.is_dir() {
            walk(&entry.path(), root, out)?;
        } else if !entry.file_name().to_string_lossy().starts_with(".tmp-") {
            let key = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(&entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let last_modified: DateTime<Utc> = meta.modified()?.into();
            out.push(StoredObject { key, last_modified });
        }
    }
    Ok(())
}

#[async_trait]
impl ImageStore for LocalImageStore {
    fn new_key(&self, folder: &str, kind: ImageType) -> String {
        super::generate_key(folder, kind)
    }

    async fn put(&self, key: &str, body: ImageBody, _kind: ImageType) -> Result<String, BoxError> {
        let path = self.checked_path(key)?;
        let parent = path
            .parent()
            .ok_or("image key without a folder")?
            .to_path_buf();
        tokio::fs::create_dir_all(&parent).await?;
        // Write then rename, so a reader never sees half a file.
        let tmp = parent.join(format!(".tmp-{}", uuid::Uuid::new_v4()));
        let written = match body {
            ImageBody::Bytes(bytes) => tokio::fs::write(&tmp, bytes).await,
            ImageBody::File(source) => tokio::fs::copy(&source, &tmp).await.map(|_| ()),
        };
        let placed = match written {
            Ok(()) => tokio::fs::rename(&tmp, &path).await,
            Err(e) => Err(e),
        };
        if let Err(e) = placed {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(e.into());
        }
        Ok(self.url_of(key))
    }

    async fn delete(&self, key: &str) -> Result<(), BoxError> {
        match tokio::fs::remove_file(self.checked_path(key)?).await {
            Err(e) if e.kind() != ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<StoredObject>, BoxError> {
        let root = self.root.clone();
        let prefix = prefix.to_owned();
        let all = tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            walk(&root, &root, &mut out).map(|()| out)
        })
        .await??;
        Ok(all
            .into_iter()
            .filter(|o| o.key.starts_with(&prefix))
            .collect())
    }
}
