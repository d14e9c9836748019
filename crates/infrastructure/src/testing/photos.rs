//! Photos as cameras and attackers make them, for tests.

use image::RgbImage;
use image::codecs::jpeg::JpegEncoder;

/// An APP1 Exif segment: orientation 6 (turn 90 degrees clockwise) and `description`.
fn exif_segment(description: &[u8]) -> Vec<u8> {
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&2u16.to_le_bytes());
    // Orientation (0x0112), SHORT, one value: 6.
    tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    // ImageDescription (0x010E), ASCII, its text after the directory.
    let text_at: u32 = 8 + 2 + 2 * 12 + 4;
    let count = u32::try_from(description.len()).expect("a short description");
    tiff.extend_from_slice(&[0x0E, 0x01, 2, 0]);
    tiff.extend_from_slice(&count.to_le_bytes());
    tiff.extend_from_slice(&text_at.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(description);
    let mut segment = vec![0xFF, 0xE1];
    let length = u16::try_from(2 + 6 + tiff.len()).expect("a short segment");
    segment.extend_from_slice(&length.to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);
    segment
}

/// A `width` × `height` JPEG whose Exif says "turn 90 degrees clockwise" and carries
/// `description` (a stand-in for the GPS position a phone writes).
///
/// # Panics
/// When encoding fails.
#[must_use]
pub fn jpeg_with_exif(width: u32, height: u32, description: &[u8]) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut plain = Vec::new();
    JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&image)
        .expect("a JPEG");
    let mut with_exif = plain[..2].to_vec();
    with_exif.extend(exif_segment(description));
    with_exif.extend_from_slice(&plain[2..]);
    with_exif
}
