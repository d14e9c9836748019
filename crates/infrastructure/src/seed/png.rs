//! A tiny PNG encoder for the demo photos, so the project ships no binary images.

use flate2::Compression;
use flate2::write::ZlibEncoder;
use std::io::Write;

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// An RGB PNG of `width × height` whose pixels come from `pixel(x, y)`.
#[must_use]
pub fn encode(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let mut raw = Vec::with_capacity((height * (1 + width * 3)) as usize);
    for y in 0..height {
        raw.push(0); // filter type: none
        for x in 0..width {
            raw.extend_from_slice(&pixel(x, y));
        }
    }
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    // Writing into a Vec cannot fail.
    let _ = z.write_all(&raw);
    let compressed = z.finish().unwrap_or_default();

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit, truecolour, deflate, no filter, no interlace

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &compressed);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A diagonal gradient from `from` to `to`, with soft stripes so two photos differ.
#[must_use]
pub fn gradient(width: u32, height: u32, from: [u8; 3], to: [u8; 3], stripes: u32) -> Vec<u8> {
    encode(width, height, |x, y| {
        let t = f64::from(x + y) / f64::from(width + height);
        let band = if stripes > 0 && (x / (width / stripes.max(1)).max(1)) % 2 == 1 {
            0.9
        } else {
            1.0
        };
        let mix = |a: u8, b: u8| ((f64::from(a) * (1.0 - t) + f64::from(b) * t) * band) as u8;
        [
            mix(from[0], to[0]),
            mix(from[1], to[1]),
            mix(from[2], to[2]),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ourspace_domain::media::ImageType;

    #[test]
    fn the_encoder_writes_a_png_the_sniffer_recognises() {
        let png = gradient(32, 16, [255, 0, 0], [0, 0, 255], 4);
        assert_eq!(ImageType::sniff(&png), Some(ImageType::Png));
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND");
    }
}
