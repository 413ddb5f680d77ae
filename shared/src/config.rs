//! Configuration from the environment, read once per process.

use std::env;

use crate::auth::JwtSettings;

/// Everything a function needs to know about its surroundings.
#[derive(Clone, Debug)]
pub struct Config {
    pub table_name: String,
    /// The table of what identifies authors, tokens and salts (docs/PRIVACY.md).
    pub private_table_name: String,
    /// Days after a story is decided that its private parts are kept (90 unless set).
    pub retention_days: i64,
    pub assets_bucket: String,
    /// Scheme and host people see, without a trailing slash: `https://stories.example.org`.
    pub public_base_url: String,
    pub sender_address: String,
    pub jwt: JwtSettings,
    /// The user pool's hosted sign-in, without a trailing slash:
    /// `https://tellcare-prod-123.auth.eu-west-2.amazoncognito.com`.
    pub cognito_domain: String,
    /// The user pool staff accounts live in.
    pub user_pool_id: String,
    /// The SES configuration set emails are sent with (bounce and complaint events, the
    /// suppression list); none locally.
    pub ses_configuration_set: Option<String>,
    /// The secret CloudFront's requests carry, where the CDN serves the site; none without it.
    pub origin_secret: Option<crate::web::OriginSecret>,
}

/// Names every variable that is missing or empty, so one deploy fixes them all.
#[derive(Debug, thiserror::Error)]
#[error("missing environment variable(s): {}", .0.join(", "))]
pub struct MissingVariables(pub Vec<&'static str>);

impl Config {
    pub fn from_env() -> Result<Self, MissingVariables> {
        Self::from_lookup(|name| env::var(name).ok())
    }

    /// Reads through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, MissingVariables> {
        let mut missing = Vec::new();
        let mut var = |name: &'static str| match lookup(name).filter(|v| !v.trim().is_empty()) {
            Some(value) => value,
            None => {
                missing.push(name);
                String::new()
            }
        };
        let config = Config {
            table_name: var("TABLE_NAME"),
            private_table_name: var("PRIVATE_TABLE_NAME"),
            retention_days: lookup("RETENTION_DAYS")
                .and_then(|d| d.trim().parse().ok())
                .filter(|d| *d > 0)
                .unwrap_or(90),
            assets_bucket: var("ASSETS_BUCKET"),
            public_base_url: var("PUBLIC_BASE_URL").trim_end_matches('/').to_owned(),
            sender_address: var("SENDER_ADDRESS"),
            jwt: JwtSettings {
                issuer: var("JWT_ISSUER"),
                audience: var("JWT_AUDIENCE"),
                jwks_url: var("JWT_JWKS_URL"),
            },
            cognito_domain: var("COGNITO_DOMAIN").trim_end_matches('/').to_owned(),
            user_pool_id: var("USER_POOL_ID"),
            ses_configuration_set: lookup("SES_CONFIGURATION_SET").filter(|v| !v.trim().is_empty()),
            origin_secret: lookup("ORIGIN_SECRET").and_then(|v| crate::web::OriginSecret::new(&v)),
        };
        if missing.is_empty() { Ok(config) } else { Err(MissingVariables(missing)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_missing_variable() {
        let err = Config::from_lookup(|name| (name == "TABLE_NAME").then(|| "t".to_owned())).unwrap_err();
        let message = err.to_string();
        for name in [
            "PRIVATE_TABLE_NAME",
            "ASSETS_BUCKET",
            "PUBLIC_BASE_URL",
            "SENDER_ADDRESS",
            "JWT_ISSUER",
            "JWT_AUDIENCE",
            "JWT_JWKS_URL",
            "COGNITO_DOMAIN",
            "USER_POOL_ID",
        ] {
            assert!(message.contains(name), "{message} should name {name}");
        }
        assert!(!err.0.contains(&"TABLE_NAME"));
    }

    #[test]
    fn blank_counts_as_missing_and_base_url_loses_its_slash() {
        let config = Config::from_lookup(|name| {
            Some(match name {
                "PUBLIC_BASE_URL" => "https://stories.example.org/".to_owned(),
                _ => format!("value-of-{name}"),
            })
        })
        .unwrap();
        assert_eq!(config.public_base_url, "https://stories.example.org");
        let err = Config::from_lookup(|name| Some(if name == "SENDER_ADDRESS" { " ".into() } else { "x".into() }))
            .unwrap_err();
        assert_eq!(err.0, vec!["SENDER_ADDRESS"]);
    }
}
