//! Unguessable values (form tokens, salts, and later emailed-link tokens), from the thread's
//! cryptographically secure generator.

use rand::RngExt;

/// `bytes` random bytes as lower-case hex: 16 bytes is 128 bits.
pub fn hex(bytes: usize) -> String {
    let mut rng = rand::rng();
    (0..bytes).map(|_| format!("{:02x}", rng.random::<u8>())).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_as_long_as_asked_and_differs_each_time() {
        assert_eq!(super::hex(16).len(), 32);
        assert_ne!(super::hex(16), super::hex(16));
    }
}
