//! What the CDN and its firewall do with a request, read from `infra/template.yaml` (the
//! CloudFront distribution and its policies) and `infra/edge.yaml` (the WAF web ACL): which
//! behaviour serves a path, what it caches and sends on, and which rate rule counts it.

use std::collections::BTreeMap;

use serde_yaml_ng::Value;

use crate::template::{TemplateError, raw_template};

/// A cache behaviour of the distribution.
#[derive(Clone, Debug)]
pub struct Behaviour {
    /// `None` for the default behaviour.
    pub path_pattern: Option<String>,
    pub allowed_methods: Vec<String>,
    pub compress: bool,
    /// The logical id of its cache policy.
    pub cache_policy: String,
    pub origin_request_policy: Option<String>,
}

/// A cache policy: its TTLs and what makes up its key (and so is sent on).
#[derive(Clone, Debug)]
pub struct CachePolicy {
    pub min_ttl: u64,
    pub default_ttl: u64,
    pub max_ttl: u64,
    pub cookies: Forwarded,
    pub headers: Forwarded,
    pub query_strings: Forwarded,
}

/// Which cookies, headers or query strings: none, all, or the ones named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Forwarded {
    None,
    All,
    Only(Vec<String>),
}

impl Forwarded {
    pub fn includes(&self, name: &str) -> bool {
        match self {
            Forwarded::None => false,
            Forwarded::All => true,
            Forwarded::Only(names) => names.iter().any(|n| n.eq_ignore_ascii_case(name)),
        }
    }
}

/// The distribution: its behaviours in the order CloudFront tries them, and its policies.
#[derive(Debug)]
pub struct Cdn {
    pub behaviours: Vec<Behaviour>,
    pub default: Behaviour,
    pub cache_policies: BTreeMap<String, CachePolicy>,
    /// The headers the origin request policies add, by logical id.
    pub origin_request_headers: BTreeMap<String, Forwarded>,
    /// The headers CloudFront adds to every request to the API, with their values as written.
    pub origin_headers: BTreeMap<String, Value>,
    /// The functions' `ORIGIN_SECRET`, as written.
    pub origin_secret: Value,
}

/// A rate-based rule of the web ACL.
#[derive(Clone, Debug)]
pub struct RateRule {
    pub name: String,
    /// The start of the paths it counts.
    pub path_prefix: String,
    /// The parameter its limit is.
    pub limit_parameter: String,
    pub blocks: bool,
    pub per_address: bool,
}

fn shape(what: impl Into<String>) -> TemplateError {
    TemplateError::Shape(what.into())
}

/// The logical id a `!Ref` names.
fn reference(value: &Value) -> Option<String> {
    match value {
        Value::Tagged(tagged) if tagged.tag == "Ref" => tagged.value.as_str().map(str::to_owned),
        _ => None,
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_sequence).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

fn forwarded(config: Option<&Value>, behaviour: &str, names: &str) -> Forwarded {
    let config = config.unwrap_or(&Value::Null);
    match config.get(behaviour).and_then(Value::as_str) {
        Some("all" | "allViewer") => Forwarded::All,
        Some("whitelist") => Forwarded::Only(strings(config.get(names))),
        _ => Forwarded::None,
    }
}

fn behaviour(raw: &Value) -> Result<Behaviour, TemplateError> {
    let cache_policy =
        raw.get("CachePolicyId").and_then(reference).ok_or_else(|| shape("a behaviour has no cache policy"))?;
    Ok(Behaviour {
        path_pattern: raw.get("PathPattern").and_then(Value::as_str).map(str::to_owned),
        allowed_methods: strings(raw.get("AllowedMethods")),
        compress: raw.get("Compress").and_then(Value::as_bool).unwrap_or(false),
        cache_policy,
        origin_request_policy: raw.get("OriginRequestPolicyId").and_then(reference),
    })
}

impl Cdn {
    pub fn load() -> Result<Self, TemplateError> {
        let template = raw_template("infra/template.yaml")?;
        let resources = template.get("Resources").ok_or_else(|| shape("has no Resources"))?;
        let mut cache_policies = BTreeMap::new();
        let mut origin_request_headers = BTreeMap::new();
        let mut distribution = None;
        for (id, resource) in resources.as_mapping().into_iter().flatten() {
            let id = id.as_str().unwrap_or_default().to_owned();
            let properties = resource.get("Properties").unwrap_or(&Value::Null);
            match resource.get("Type").and_then(Value::as_str) {
                Some("AWS::CloudFront::CachePolicy") => {
                    let config = properties.get("CachePolicyConfig").ok_or_else(|| shape("a cache policy is empty"))?;
                    let ttl = |name: &str| config.get(name).and_then(Value::as_u64).unwrap_or(0);
                    let key = config.get("ParametersInCacheKeyAndForwardedToOrigin");
                    let part = |name: &str| key.and_then(|k| k.get(name));
                    cache_policies.insert(
                        id,
                        CachePolicy {
                            min_ttl: ttl("MinTTL"),
                            default_ttl: ttl("DefaultTTL"),
                            max_ttl: ttl("MaxTTL"),
                            cookies: forwarded(part("CookiesConfig"), "CookieBehavior", "Cookies"),
                            headers: forwarded(part("HeadersConfig"), "HeaderBehavior", "Headers"),
                            query_strings: forwarded(part("QueryStringsConfig"), "QueryStringBehavior", "QueryStrings"),
                        },
                    );
                }
                Some("AWS::CloudFront::OriginRequestPolicy") => {
                    let config = properties.get("OriginRequestPolicyConfig").and_then(|c| c.get("HeadersConfig"));
                    origin_request_headers.insert(id, forwarded(config, "HeaderBehavior", "Headers"));
                }
                Some("AWS::CloudFront::Distribution") => distribution = Some(properties.clone()),
                _ => {}
            }
        }
        let distribution = distribution.ok_or_else(|| shape("declares no CloudFront distribution"))?;
        let config = distribution.get("DistributionConfig").ok_or_else(|| shape("the distribution is empty"))?;
        let origin = config.get("Origins").and_then(Value::as_sequence).and_then(|o| o.first());
        let origin_headers = origin
            .and_then(|o| o.get("OriginCustomHeaders"))
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .filter_map(|h| Some((h.get("HeaderName")?.as_str()?.to_ascii_lowercase(), h.get("HeaderValue")?.clone())))
            .collect();
        let origin_secret = template
            .get("Globals")
            .and_then(|g| g.get("Function"))
            .and_then(|f| f.get("Environment"))
            .and_then(|e| e.get("Variables"))
            .and_then(|v| v.get("ORIGIN_SECRET"))
            .cloned()
            .ok_or_else(|| shape("gives the functions no ORIGIN_SECRET"))?;
        let behaviours = config
            .get("CacheBehaviors")
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .map(behaviour)
            .collect::<Result<_, _>>()?;
        let default = behaviour(config.get("DefaultCacheBehavior").ok_or_else(|| shape("has no default behaviour"))?)?;
        Ok(Cdn { behaviours, default, cache_policies, origin_request_headers, origin_headers, origin_secret })
    }

    /// The behaviour CloudFront serves `path` with: the first whose pattern matches, in order,
    /// else the default.
    pub fn behaviour_for(&self, path: &str) -> &Behaviour {
        self.behaviours
            .iter()
            .find(|b| b.path_pattern.as_deref().is_some_and(|p| pattern_matches(p, path)))
            .unwrap_or(&self.default)
    }

    pub fn cache_policy(&self, behaviour: &Behaviour) -> &CachePolicy {
        &self.cache_policies[&behaviour.cache_policy]
    }

    /// Every header `behaviour` sends on: its cache key's and its origin request policy's.
    pub fn sends_header(&self, behaviour: &Behaviour, name: &str) -> bool {
        let by_policy = behaviour
            .origin_request_policy
            .as_ref()
            .and_then(|id| self.origin_request_headers.get(id))
            .is_some_and(|f| f.includes(name));
        self.cache_policy(behaviour).headers.includes(name) || by_policy
    }
}

/// CloudFront's path patterns: `*` for any run of characters (`/` too), `?` for one, the rest
/// as written, case-sensitive; the leading `/` may be left out.
pub fn pattern_matches(pattern: &str, path: &str) -> bool {
    fn matches(pattern: &[u8], path: &[u8]) -> bool {
        match pattern.split_first() {
            None => path.is_empty(),
            Some((b'*', rest)) => (0..=path.len()).any(|skip| matches(rest, &path[skip..])),
            Some((b'?', rest)) => !path.is_empty() && matches(rest, &path[1..]),
            Some((c, rest)) => path.first() == Some(c) && matches(rest, &path[1..]),
        }
    }
    let pattern = if pattern.starts_with('/') { pattern.to_owned() } else { format!("/{pattern}") };
    matches(pattern.as_bytes(), path.as_bytes())
}

/// The web ACL's rate-based rules, from `infra/edge.yaml`.
pub fn rate_rules() -> Result<Vec<RateRule>, TemplateError> {
    let edge = raw_template("infra/edge.yaml")?;
    let acl = edge
        .get("Resources")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
        .map(|(_, r)| r)
        .find(|r| r.get("Type").and_then(Value::as_str) == Some("AWS::WAFv2::WebACL"))
        .ok_or_else(|| shape("infra/edge.yaml declares no web ACL"))?;
    let properties = acl.get("Properties").unwrap_or(&Value::Null);
    if properties.get("Scope").and_then(Value::as_str) != Some("CLOUDFRONT") {
        return Err(shape("the web ACL is not for CloudFront"));
    }
    let mut rules = Vec::new();
    for rule in properties.get("Rules").and_then(Value::as_sequence).into_iter().flatten() {
        let Some(rate) = rule.get("Statement").and_then(|s| s.get("RateBasedStatement")) else { continue };
        let matched = rate.get("ScopeDownStatement").and_then(|s| s.get("ByteMatchStatement"));
        let on_path = matched.and_then(|m| m.get("FieldToMatch")).is_some_and(|f| f.get("UriPath").is_some());
        let starts = matched.and_then(|m| m.get("PositionalConstraint")).and_then(Value::as_str) == Some("STARTS_WITH");
        let (Some(prefix), true, true) =
            (matched.and_then(|m| m.get("SearchString")).and_then(Value::as_str), on_path, starts)
        else {
            return Err(shape("a rate rule is not scoped to the start of a path"));
        };
        rules.push(RateRule {
            name: rule.get("Name").and_then(Value::as_str).unwrap_or_default().to_owned(),
            path_prefix: prefix.to_owned(),
            limit_parameter: rate
                .get("Limit")
                .and_then(reference)
                .ok_or_else(|| shape("a rate limit is not a parameter"))?,
            blocks: rule.get("Action").is_some_and(|a| a.get("Block").is_some()),
            per_address: rate.get("AggregateKeyType").and_then(Value::as_str) == Some("IP"),
        });
    }
    Ok(rules)
}

/// The parameters `infra/edge.yaml` declares.
pub fn edge_parameters() -> Result<Vec<String>, TemplateError> {
    let edge = raw_template("infra/edge.yaml")?;
    let parameters = edge.get("Parameters").and_then(Value::as_mapping).ok_or_else(|| shape("no Parameters"))?;
    Ok(parameters.keys().filter_map(Value::as_str).map(str::to_owned).collect())
}

#[cfg(test)]
mod tests {
    use super::pattern_matches;

    #[test]
    fn patterns_match_as_cloudfront_matches_them() {
        assert!(pattern_matches("/tell*", "/tell"));
        assert!(pattern_matches("/tell*", "/tell/carers-cafe/thanks"));
        assert!(pattern_matches("tell*", "/tell/x"));
        assert!(!pattern_matches("/tell*", "/api/tell"));
        assert!(pattern_matches("/my-story/*", "/my-story/abc/reply"));
        assert!(!pattern_matches("/my-story/*", "/my-story"));
        assert!(pattern_matches("/a?c", "/abc") && !pattern_matches("/a?c", "/ac"));
        assert!(!pattern_matches("/Admin*", "/admin"));
    }
}
