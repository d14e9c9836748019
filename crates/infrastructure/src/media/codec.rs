//! [`ImageProcessor`] with the `image` crate: a photo is decoded under a pixel cap, turned
//! upright by its EXIF orientation, written again in its own format (the encoders write no
//! metadata: EXIF, GPS and comments are gone) and thumbnailed. Decoding holds every pixel
//! and encoding its working copies, so photos share a memory budget: each takes its share
//! of `DECODE_BUDGET_MIB` (eight bytes a pixel) before it starts and waits while others
//! hold it; the work runs on the blocking pool.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use ourspace_domain::media::{
    ImageBody, ImageError, ImageProcessor, ImageType, MAX_IMAGE_PIXELS, THUMBNAIL_EDGE,
    UploadedImage,
};
use std::io::{BufRead, BufReader, BufWriter, Cursor, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Pixel memory all decodes in flight may hold together, in MiB.
pub const DECODE_BUDGET_MIB: u32 = 48;
/// What one decode may allocate: the largest photo at four bytes a pixel, and a margin.
const MAX_DECODE_ALLOC: u64 = MAX_IMAGE_PIXELS * 4 + (8 << 20);
const JPEG_QUALITY: u8 = 85;

/// Decodes, cleans and thumbnails photos within a shared memory budget.
#[derive(Clone)]
pub struct ImageCodec {
    budget: Arc<Semaphore>,
}

impl Default for ImageCodec {
    fn default() -> Self {
        Self {
            budget: Arc::new(Semaphore::new(DECODE_BUDGET_MIB as usize)),
        }
    }
}

fn format_of(kind: ImageType) -> ImageFormat {
    match kind {
        ImageType::Jpeg => ImageFormat::Jpeg,
        ImageType::Png => ImageFormat::Png,
        ImageType::Webp => ImageFormat::WebP,
    }
}

/// Runs `f` over a reader of `raw`.
fn with_reader<T>(
    raw: &ImageBody,
    f: impl FnOnce(&mut dyn ReadSeek) -> Result<T, ImageError>,
) -> Result<T, ImageError> {
    match raw {
        ImageBody::Bytes(bytes) => f(&mut Cursor::new(bytes.as_slice())),
        ImageBody::File(path) => {
            let file = std::fs::File::open(path).map_err(|_| ImageError::Processing)?;
            f(&mut BufReader::new(file))
        }
    }
}

trait ReadSeek: BufRead + Seek {}
impl<T: BufRead + Seek> ReadSeek for T {}

fn reader(source: &mut dyn ReadSeek, kind: ImageType) -> ImageReader<&mut dyn ReadSeek> {
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    let mut reader = ImageReader::with_format(source, format_of(kind));
    reader.limits(limits);
    reader
}

/// A decoder's failure is the data's (a truncated file ends in an I/O error too); opening
/// our own working file is checked apart.
fn decoding_error(e: &image::ImageError) -> ImageError {
    match e {
        image::ImageError::Limits(_) => ImageError::TooManyPixels,
        _ => ImageError::Undecodable,
    }
}

/// The photo's size from its header alone.
fn dimensions(raw: &ImageBody, kind: ImageType) -> Result<(u32, u32), ImageError> {
    with_reader(raw, |source| {
        reader(source, kind)
            .into_dimensions()
            .map_err(|e| decoding_error(&e))
    })
}

/// The decoded photo, upright.
fn decode(raw: &ImageBody, kind: ImageType) -> Result<DynamicImage, ImageError> {
    with_reader(raw, |source| {
        let mut decoder = reader(source, kind)
            .into_decoder()
            .map_err(|e| decoding_error(&e))?;
        let orientation = decoder.orientation().map_err(|e| decoding_error(&e))?;
        let mut image = DynamicImage::from_decoder(decoder).map_err(|e| decoding_error(&e))?;
        image.apply_orientation(orientation);
        Ok(image)
    })
}

/// Writes `image` as `kind` into a new file in `workdir`.
fn encode(image: &DynamicImage, kind: ImageType, workdir: &Path) -> Result<PathBuf, ImageError> {
    let file = tempfile::Builder::new()
        .prefix("photo-")
        .tempfile_in(workdir)
        .map_err(|_| ImageError::Processing)?;
    let (file, path) = file.keep().map_err(|_| ImageError::Processing)?;
    let mut out = BufWriter::new(file);
    let written = match kind {
        ImageType::Jpeg => {
            // JPEG has no alpha: a transparent JPEG cannot arrive, but be safe.
            let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
            let source = if image.color().has_alpha() {
                &rgb
            } else {
                image
            };
            source.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        }
        ImageType::Png => image.write_with_encoder(PngEncoder::new(&mut out)),
        ImageType::Webp => image.write_with_encoder(WebPEncoder::new_lossless(&mut out)),
    };
    written.map_err(|_| ImageError::Processing)?;
    std::io::Write::flush(&mut out).map_err(|_| ImageError::Processing)?;
    Ok(path)
}

fn process(raw: &ImageBody, kind: ImageType, workdir: &Path) -> Result<UploadedImage, ImageError> {
    let image = decode(raw, kind)?;
    let full = encode(&image, kind, workdir)?;
    let small = if image.width().max(image.height()) > THUMBNAIL_EDGE {
        image.thumbnail(THUMBNAIL_EDGE, THUMBNAIL_EDGE)
    } else {
        image
    };
    let thumbnail = encode(&small, kind, workdir)?;
    Ok(UploadedImage {
        kind,
        full: ImageBody::File(full),
        thumbnail: ImageBody::File(thumbnail),
    })
}

#[async_trait::async_trait]
impl ImageProcessor for ImageCodec {
    async fn prepare(
        &self,
        raw: ImageBody,
        kind: ImageType,
        workdir: &Path,
    ) -> Result<UploadedImage, ImageError> {
        let raw = Arc::new(raw);
        let header = raw.clone();
        let (width, height) = tokio::task::spawn_blocking(move || dimensions(&header, kind))
            .await
            .map_err(|_| ImageError::Undecodable)??;
        let pixels = u64::from(width) * u64::from(height);
        if pixels > MAX_IMAGE_PIXELS {
            return Err(ImageError::TooManyPixels);
        }
        // The decoded pixels (up to four bytes each) and the encoder's working copies.
        let share = (pixels * 8)
            .div_ceil(1 << 20)
            .clamp(1, u64::from(DECODE_BUDGET_MIB));
        let _held = self
            .budget
            .acquire_many(u32::try_from(share).unwrap_or(DECODE_BUDGET_MIB))
            .await
            .map_err(|_| ImageError::Processing)?;
        let workdir = workdir.to_path_buf();
        // A decoder that panics on crafted bytes ends its task only: the data is at fault.
        tokio::task::spawn_blocking(move || process(&raw, kind, &workdir))
            .await
            .map_err(|_| ImageError::Undecodable)?
    }
}
