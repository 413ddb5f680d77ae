//! A bearer token, as the staff routes verify it, against a key whose private half nobody
//! has: whatever is sent, nothing verifies, and nothing panics on the way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tellcare::auth::{JwtSettings, JwtVerifier};

const JWKS: &str = r#"{"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "fuzz", "e": "AQAB",
  "n": "xcQ4_IXyQ7Zutbrd5Yzrl4xN2UmCnbF94NgJEd7QleEIqotSKy9nIDCFmvRJ9Hko4tLG5dhnO6b3qirXiqenG_RQZsakD4bNnomv7or8_D_F7ilPwaWiyYaDXjT9ss3e7K8M1OaGwGjuL3jOkaX2elXWNku5CxVw74N4KnD7zeo5hGqYlKdNMpoENro9xcl_SStt6jqeKkPliy7YvU99P5WtTlRLWQrl-KIc9DH8tFBYqmzidRZD1QZ3hJ_2LqOXgXL4YL5f_6m39jlOtoUbjuMOdjrpCtK9wIDOG1QksRHyy7xDAwYKX_Kf65EXp7E_wIIOcESLwq7nxJfINToV_w"}]}"#;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    verifier: JwtVerifier,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(|| {
        let keys = serde_json::from_str(JWKS).expect("the fuzz key set");
        let settings = JwtSettings {
            issuer: "https://cognito-idp.eu-west-2.amazonaws.com/fuzz".into(),
            audience: "fuzz-client".into(),
            // Never fetched: the key set is given, and an unknown key id is refused for a minute.
            jwks_url: "http://127.0.0.1:9/jwks.json".into(),
        };
        Fixture {
            runtime: tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime"),
            verifier: JwtVerifier::with_keys(settings, &keys),
        }
    })
}

fuzz_target!(|data: &str| {
    let Fixture { runtime, verifier } = fixture();
    // A token with another key id would send the verifier to the network; every other is checked.
    if jsonwebtoken::decode_header(data).is_ok_and(|h| h.kid.as_deref() == Some("fuzz")) {
        assert!(runtime.block_on(verifier.verify(data)).is_err(), "a token nobody could sign verified");
    }
});
