//! QR codes of invitation links: an SVG for the poster and for print, a PNG of any size from
//! 128 to 2048 pixels. Error correction M (a code still reads with 15% of it scuffed), and a
//! quiet zone of 4 modules, as ISO/IEC 18004 asks.

use std::fmt;

use qrcode::{Color, EcLevel, QrCode};
use sha2::{Digest, Sha256};

pub const QUIET_ZONE: u32 = 4;
/// Bumped when the drawing changes, so images kept from an older drawing are not served.
const DRAWING_VERSION: &str = "1";

#[derive(Debug, thiserror::Error)]
pub enum QrError {
    #[error("the address is too long for a QR code")]
    TooLong,
    #[error("{0} pixels is too small for this address's QR code; ask for at least {1}")]
    TooSmall(u32, u32),
    #[error("encoding the PNG: {0}")]
    Png(String),
}

/// A PNG's width and height in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PngSize(u32);

impl PngSize {
    pub const MIN: u32 = 128;
    pub const MAX: u32 = 2048;
    pub const DEFAULT: PngSize = PngSize(512);

    /// From a `?size=` query value; absent means [`Self::DEFAULT`].
    pub fn parse(raw: Option<&str>) -> Result<Self, String> {
        let Some(raw) = raw else { return Ok(Self::DEFAULT) };
        match raw.trim().parse::<u32>() {
            Ok(px) if (Self::MIN..=Self::MAX).contains(&px) => Ok(Self(px)),
            _ => Err(format!("size is a whole number of pixels from {} to {}", Self::MIN, Self::MAX)),
        }
    }

    pub fn pixels(self) -> u32 {
        self.0
    }
}

/// The format a QR code is served in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrFormat {
    Png(PngSize),
    Svg,
}

impl QrFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            QrFormat::Png(_) => "image/png",
            QrFormat::Svg => "image/svg+xml",
        }
    }

    /// Where a rendering is kept: it changes whenever the address, the size or the drawing
    /// does, so a kept image is never stale and never needs deleting to be replaced.
    pub fn cache_key(self, slug: &str, url: &str) -> String {
        let digest = Sha256::digest(format!("{DRAWING_VERSION}\n{url}").as_bytes());
        let fingerprint: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        match self {
            QrFormat::Png(size) => format!("qr/{slug}/{fingerprint}-{}.png", size.pixels()),
            QrFormat::Svg => format!("qr/{slug}/{fingerprint}.svg"),
        }
    }
}

/// The QR code of one address.
pub struct LinkQr {
    code: QrCode,
}

impl fmt::Debug for LinkQr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LinkQr({} modules)", self.code.width())
    }
}

impl LinkQr {
    pub fn new(url: &str) -> Result<Self, QrError> {
        QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
            .map(|code| Self { code })
            .map_err(|_| QrError::TooLong)
    }

    /// Modules across, quiet zone included.
    pub fn width_in_modules(&self) -> u32 {
        self.code.width() as u32 + 2 * QUIET_ZONE
    }

    pub fn render(&self, format: QrFormat) -> Result<Vec<u8>, QrError> {
        match format {
            QrFormat::Png(size) => self.png(size),
            QrFormat::Svg => Ok(self.svg().into_bytes()),
        }
    }

    /// An SVG that scales to any size: one path, 8 units a module, a white quiet zone.
    pub fn svg(&self) -> String {
        let svg = self.code.render::<qrcode::render::svg::Color>().quiet_zone(true).module_dimensions(8, 8).build();
        // Drop the XML declaration, so the same text can sit inside an HTML page.
        match svg.find("<svg") {
            Some(start) => svg[start..].to_owned(),
            None => svg,
        }
    }

    /// A black-and-white PNG exactly `size` pixels square. Each module is a whole number of
    /// pixels, so edges stay sharp; what is left over widens the quiet zone.
    pub fn png(&self, size: PngSize) -> Result<Vec<u8>, QrError> {
        let pixels = size.pixels();
        let modules = self.width_in_modules();
        let module_px = pixels / modules;
        if module_px == 0 {
            return Err(QrError::TooSmall(pixels, modules));
        }
        let code_width = self.code.width() as u32;
        let offset = (pixels - module_px * code_width) / 2;
        let colors = self.code.to_colors();
        let dark = |x: u32, y: u32| {
            let (Some(mx), Some(my)) = (x.checked_sub(offset), y.checked_sub(offset)) else { return false };
            let (mx, my) = (mx / module_px, my / module_px);
            mx < code_width && my < code_width && colors[(my * code_width + mx) as usize] == Color::Dark
        };
        let row_bytes = pixels.div_ceil(8) as usize;
        let mut data = vec![0u8; row_bytes * pixels as usize];
        for y in 0..pixels {
            for x in 0..pixels {
                if !dark(x, y) {
                    // One bit a pixel, most significant first; 1 is white.
                    data[y as usize * row_bytes + (x / 8) as usize] |= 0x80 >> (x % 8);
                }
            }
        }
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, pixels, pixels);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        let png_error = |e: png::EncodingError| QrError::Png(e.to_string());
        let mut writer = encoder.write_header().map_err(png_error)?;
        writer.write_image_data(&data).map_err(png_error)?;
        writer.finish().map_err(png_error)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://stories.example.org/tell/abcd2345";

    #[test]
    fn sizes_outside_the_range_are_refused() {
        assert_eq!(PngSize::parse(None), Ok(PngSize::DEFAULT));
        assert_eq!(PngSize::parse(Some("128")).map(PngSize::pixels), Ok(128));
        for bad in ["127", "2049", "big", "-1", ""] {
            assert!(PngSize::parse(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_png_is_exactly_the_size_asked_with_a_wide_enough_quiet_zone() {
        let qr = LinkQr::new(URL).unwrap();
        for px in [PngSize::MIN, 304, PngSize::MAX] {
            let png = qr.png(PngSize::parse(Some(&px.to_string())).unwrap()).unwrap();
            let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
            assert_eq!((reader.info().width, reader.info().height), (px, px));
            let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
            let frame = reader.next_frame(&mut buffer).unwrap();
            // The quiet zone's rows are white, and the code below them is not.
            let quiet = (QUIET_ZONE * (px / qr.width_in_modules())) as usize * frame.line_size;
            assert!(buffer[..quiet].iter().all(|&b| b == 0xff), "quiet zone at {px}px");
            assert!(buffer[quiet..frame.buffer_size()].iter().any(|&b| b != 0xff), "a code at {px}px");
        }
    }

    #[test]
    fn keys_change_with_the_address_and_the_size() {
        let png = QrFormat::Png(PngSize::DEFAULT);
        assert_eq!(png.cache_key("abcd2345", URL), png.cache_key("abcd2345", URL));
        assert_ne!(png.cache_key("abcd2345", URL), png.cache_key("abcd2345", "http://127.0.0.1:3000/tell/abcd2345"));
        assert_ne!(png.cache_key("abcd2345", URL), QrFormat::Png(PngSize(1024)).cache_key("abcd2345", URL));
        assert!(QrFormat::Svg.cache_key("abcd2345", URL).ends_with(".svg"));
    }

    #[test]
    fn the_svg_can_sit_inside_a_page() {
        let svg = LinkQr::new(URL).unwrap().svg();
        assert!(svg.starts_with("<svg") && svg.contains("viewBox"), "{svg}");
    }
}
