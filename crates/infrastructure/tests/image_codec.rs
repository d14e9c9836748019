//! Photos through the `image` codec: metadata gone, upright, thumbnailed; non-images and
//! decompression bombs refused before they cost memory.

use image::GenericImageView;
use ourspace_domain::media::{
    ImageBody, ImageError, ImageProcessor, ImageType, THUMBNAIL_EDGE, UploadedImage,
};
use ourspace_infrastructure::media::ImageCodec;
use ourspace_infrastructure::seed::gradient_png;

const SECRET: &[u8] = b"GPS 37.5665N 126.9780E home";

fn jpeg_with_exif() -> Vec<u8> {
    ourspace_infrastructure::testing::photos::jpeg_with_exif(900, 600, SECRET)
}

fn bytes_of(body: &ImageBody) -> Vec<u8> {
    match body {
        ImageBody::Bytes(bytes) => bytes.clone(),
        ImageBody::File(path) => std::fs::read(path).unwrap(),
    }
}

async fn prepare(
    raw: Vec<u8>,
    kind: ImageType,
) -> (tempfile::TempDir, Result<UploadedImage, ImageError>) {
    let dir = tempfile::tempdir().unwrap();
    let prepared = ImageCodec::default()
        .prepare(ImageBody::Bytes(raw), kind, dir.path())
        .await;
    (dir, prepared)
}

#[tokio::test]
async fn a_photo_loses_its_metadata_stands_upright_and_gets_a_thumbnail() {
    let raw = jpeg_with_exif();
    assert!(raw.windows(SECRET.len()).any(|w| w == SECRET));
    let (_dir, prepared) = prepare(raw, ImageType::Jpeg).await;
    let photo = prepared.unwrap();
    let full = bytes_of(&photo.full);
    assert!(
        !full.windows(SECRET.len()).any(|w| w == SECRET),
        "the description is gone"
    );
    assert!(!full.windows(4).any(|w| w == b"Exif"), "no Exif segment");
    let decoded = image::load_from_memory(&full).unwrap();
    assert_eq!(
        decoded.dimensions(),
        (600, 900),
        "turned by its orientation"
    );
    let thumbnail = image::load_from_memory(&bytes_of(&photo.thumbnail)).unwrap();
    assert_eq!(thumbnail.dimensions().1, THUMBNAIL_EDGE);
    assert!(thumbnail.dimensions().0 < THUMBNAIL_EDGE);
    assert_eq!(
        image::guess_format(&full).unwrap(),
        image::ImageFormat::Jpeg
    );
}

#[tokio::test]
async fn a_small_png_keeps_its_size_and_format() {
    let png = gradient_png(64, 48, [10, 20, 30], [200, 100, 0], 3);
    let (_dir, prepared) = prepare(png, ImageType::Png).await;
    let photo = prepared.unwrap();
    for body in [&photo.full, &photo.thumbnail] {
        let decoded = image::load_from_memory(&bytes_of(body)).unwrap();
        assert_eq!(decoded.dimensions(), (64, 48));
    }
}

#[tokio::test]
async fn what_is_no_image_or_too_many_pixels_is_refused() {
    let mut html = b"\x89PNG\r\n\x1a\n".to_vec();
    html.extend_from_slice(b"<html><script>alert(1)</script></html>");
    assert_eq!(
        prepare(html, ImageType::Png).await.1.unwrap_err(),
        ImageError::Undecodable
    );
    // A PNG whose header claims 20,000 × 20,000 pixels: refused from the header alone.
    let mut bomb = gradient_png(8, 8, [0, 0, 0], [255, 255, 255], 1);
    bomb[16..20].copy_from_slice(&20_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&20_000u32.to_be_bytes());
    let crc = crc32fast::hash(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    assert_eq!(
        prepare(bomb, ImageType::Png).await.1.unwrap_err(),
        ImageError::TooManyPixels
    );
    let truncated = gradient_png(300, 200, [0, 0, 0], [255, 255, 255], 4)[..120].to_vec();
    assert_eq!(
        prepare(truncated, ImageType::Png).await.1.unwrap_err(),
        ImageError::Undecodable
    );
}
