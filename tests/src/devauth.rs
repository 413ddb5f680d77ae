//! The local stand-in for Cognito: an RSA key made at start, its JWKS served by the stack, so
//! the production verifier fetches and checks keys exactly as it does against the user pool.

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use time::OffsetDateTime;

pub const AUDIENCE: &str = "tellcare-local";

pub struct DevIssuer {
    pub issuer: String,
    signing: SigningKey,
    jwks: Value,
}

/// An RSA signing key with its key id, as a JWKS publishes it.
pub struct SigningKey {
    pub kid: String,
    pub key: EncodingKey,
    pub jwk: Value,
}

impl SigningKey {
    pub fn generate() -> Self {
        let pair = KeyPair::generate(KeySize::Rsa2048).expect("RSA key generation");
        let der = AsDer::<Pkcs8V1Der>::as_der(&pair).expect("PKCS#8 export");
        let pem = pem::encode(&pem::Pem::new("PRIVATE KEY", der.as_ref()));
        let key = EncodingKey::from_rsa_pem(pem.as_bytes()).expect("own PEM parses");
        let public = pair.public_key();
        let kid = ulid::Ulid::generate().to_string();
        let jwk = json!({
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": kid,
            "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
            "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
        });
        SigningKey { kid, key, jwk }
    }

    /// Signs `claims` as-is: tests use this to forge tokens of every kind.
    pub fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.key).expect("signing")
    }
}

impl DevIssuer {
    pub fn new(base_url: &str) -> Self {
        let signing = SigningKey::generate();
        let jwks = json!({ "keys": [signing.jwk.clone()] });
        DevIssuer { issuer: format!("{base_url}/dev"), signing, jwks }
    }

    pub fn jwks(&self) -> &Value {
        &self.jwks
    }

    /// Claims shaped like a Cognito ID token's, valid for an hour.
    pub fn claims(&self, username: &str, groups: &[&str]) -> Value {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        json!({
            "sub": ulid::Ulid::generate().to_string(),
            "cognito:username": username,
            "cognito:groups": groups,
            "iss": self.issuer,
            "aud": AUDIENCE,
            "token_use": "id",
            "iat": now,
            "exp": now + 3600,
        })
    }

    pub fn sign(&self, claims: &Value) -> String {
        self.signing.sign(claims)
    }
}
