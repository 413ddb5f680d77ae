//! Real decoders for what the functions draw: QR codes through Debian's `zbarimg`, and the
//! page count of a PDF that Chromium printed.

use std::process::Command;

/// Every QR code `zbarimg` finds in an image (PNG bytes), as the text each encodes.
pub fn qr_codes(image: &[u8]) -> Vec<String> {
    let path = std::env::temp_dir().join(format!("tellcare-qr-{}.png", ulid::Ulid::generate()));
    std::fs::write(&path, image).expect("writing the image for zbarimg");
    let output = Command::new("zbarimg")
        .args(["--raw", "--quiet", "-Sdisable", "-Sqrcode.enable"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("zbarimg: {e} (run `make test` to install zbar-tools)"));
    let _ = std::fs::remove_file(&path);
    String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).filter(|l| !l.is_empty()).collect()
}

/// The pages of a PDF that Chromium printed, each as its width and height in millimetres
/// (from its `/MediaBox`), checked against the page tree's own `/Count`.
pub fn pdf_pages(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    let sizes: Vec<(f64, f64)> = text
        .match_indices("/MediaBox [")
        .filter_map(|(at, found)| {
            let numbers: Vec<f64> =
                text[at + found.len()..].split(']').next()?.split_whitespace().filter_map(|n| n.parse().ok()).collect();
            let points_to_mm = 25.4 / 72.0;
            match numbers[..] {
                [x0, y0, x1, y1] => Some(((x1 - x0) * points_to_mm, (y1 - y0) * points_to_mm)),
                _ => None,
            }
        })
        .collect();
    let counts: Vec<usize> = text
        .match_indices("/Count ")
        .filter_map(|(at, _)| text[at + 7..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .collect();
    assert_eq!(counts.iter().copied().max(), Some(sizes.len()), "the page tree and the pages disagree");
    sizes
}
