//! The JWT secret, and the development secret file it falls back to.

use super::{Config, MIN_SECRET_BYTES};
use rand::Rng;
use secrecy::SecretString;

impl Config {
    /// The JWT secret: the configured one, or in development a random one kept in
    /// `dev_secret_file` (created on first use) so `ourspace token` and the server agree.
    ///
    /// # Errors
    /// The file cannot be read or written.
    pub fn resolve_jwt_secret(&self) -> Result<SecretString, std::io::Error> {
        if let Some(secret) = &self.jwt_secret {
            return Ok(secret.clone());
        }
        match std::fs::read_to_string(&self.dev_secret_file) {
            Ok(s) if s.trim().len() >= MIN_SECRET_BYTES => {
                return Ok(SecretString::from(s.trim().to_owned()));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut bytes = [0u8; 32];
        rand::rng().fill(&mut bytes);
        let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        write_private(&self.dev_secret_file, &secret)?;
        tracing::warn!(
            file = %self.dev_secret_file.display(),
            "OURSPACE_JWT_SECRET is not set: using a random development secret kept in this file"
        );
        Ok(SecretString::from(secret))
    }
}

/// Writes a file only its owner can read.
fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents.as_bytes())
}
