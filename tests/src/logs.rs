//! What the servers under test write to their logs: the first call installs the
//! application's own production logger (JSON lines) writing into memory, for every server
//! of this test process from then on.

use ourspace_api::config::Environment;
use std::sync::{Arc, Mutex, OnceLock};

static LINES: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

fn buffer() -> &'static Arc<Mutex<Vec<u8>>> {
    LINES.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let target = buffer.clone();
        ourspace_api::telemetry::init_writing_to(Environment::Production, move || {
            Appender(target.clone())
        });
        buffer
    })
}

/// Appends each log line to the shared buffer.
struct Appender(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Appender {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut lines = self.0.lock().map_err(|_| std::io::ErrorKind::Other)?;
        lines.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts capturing (idempotent); call before the requests whose logs a test reads.
pub fn capture() {
    buffer();
}

/// The captured lines that contain `needle`.
///
/// # Panics
/// When a thread panicked while writing a log line.
#[must_use]
pub fn lines_with(needle: &str) -> Vec<String> {
    let bytes = buffer().lock().expect("log buffer").clone();
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|line| line.contains(needle))
        .map(str::to_owned)
        .collect()
}
