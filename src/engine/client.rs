//! The HTTP client for the cluster: JSON requests over `ureq` (blocking, rustls), with
//! credentials and TLS settings read from environment variables only — never from flags,
//! which other users of the machine can read in the process list.
//!
//! - `DATELINE_ENGINE_USER` and `DATELINE_ENGINE_PASSWORD`: HTTP basic authentication (the
//!   OpenSearch security plugin's internal users).
//! - `DATELINE_ENGINE_CA_CERT`: a PEM file of the certificate authority that signed the
//!   cluster's certificate (a self-signed cluster); the system's roots are used otherwise.
//!
//! Requests that may be repeated safely (searches, bulk batches keyed by id) are retried
//! with exponential backoff on 429, 5xx and connection failures.

use std::time::Duration;

use serde_json::Value;

use super::EngineError;

/// Environment variable: the user for basic authentication.
pub const ENV_USER: &str = "DATELINE_ENGINE_USER";
/// Environment variable: the password for basic authentication.
pub const ENV_PASSWORD: &str = "DATELINE_ENGINE_PASSWORD";
/// Environment variable: a PEM file of the cluster's certificate authority.
pub const ENV_CA_CERT: &str = "DATELINE_ENGINE_CA_CERT";

/// How long one request may take (a bulk batch on a busy cluster can be slow).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// Retries after the first attempt, and the first and longest wait between attempts.
/// 0.5 s doubling to 16 s over 8 retries waits about a minute in all: long enough for a
/// cluster to promote replicas when a node leaves, short enough to give up on a dead one.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub retries: u32,
    pub first: Duration,
    pub longest: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            retries: 8,
            first: Duration::from_millis(500),
            longest: Duration::from_secs(16),
        }
    }
}

impl Backoff {
    /// The wait before retry number `n` (0-based).
    pub fn wait(&self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.min(16)).unwrap_or(u32::MAX);
        self.first.saturating_mul(factor).min(self.longest)
    }
}

/// Whether a status is worth retrying: the cluster is overloaded or a node is away.
pub fn retryable(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

/// A connection to one cluster.
pub struct Client {
    agent: ureq::Agent,
    base: String,
    auth: Option<String>,
    pub backoff: Backoff,
}

/// A method the client sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Head,
    Delete,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Head => "HEAD",
            Method::Delete => "DELETE",
        }
    }
}

impl Client {
    /// A client for the cluster at `url` (`http://` or `https://`), configured from the
    /// environment.
    pub fn new(url: &str) -> Result<Client, EngineError> {
        let base = url.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(EngineError::Config(format!(
                "engine URL {url:?} must start with http:// or https://"
            )));
        }
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT));
        if let Some(path) = std::env::var_os(ENV_CA_CERT) {
            let pem = std::fs::read(&path).map_err(|e| {
                EngineError::Config(format!("{ENV_CA_CERT}={}: {e}", path.to_string_lossy()))
            })?;
            let certs: Vec<_> = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                    _ => None,
                })
                .collect();
            if certs.is_empty() {
                return Err(EngineError::Config(format!(
                    "{ENV_CA_CERT}: no certificate in {}",
                    path.to_string_lossy()
                )));
            }
            let tls = ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::new_with_certs(&certs))
                .build();
            config = config.tls_config(tls);
        }
        let auth = match (std::env::var(ENV_USER), std::env::var(ENV_PASSWORD)) {
            (Ok(user), Ok(password)) => Some(format!(
                "Basic {}",
                base64(format!("{user}:{password}").as_bytes())
            )),
            (Ok(_), Err(_)) | (Err(_), Ok(_)) => {
                return Err(EngineError::Config(format!(
                    "set both {ENV_USER} and {ENV_PASSWORD}, or neither"
                )))
            }
            _ => None,
        };
        Ok(Client {
            agent: config.build().into(),
            base,
            auth,
            backoff: Backoff::default(),
        })
    }

    /// The cluster's URL, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// One request, no retry: the status and the body parsed as JSON (`Null` when empty).
    pub fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<(u16, Value), EngineError> {
        let url = format!("{}{}", self.base, path);
        let unreachable = |e: ureq::Error| EngineError::Unreachable {
            url: self.base.clone(),
            reason: e.to_string(),
        };
        let mut response = match (method, body) {
            (Method::Get, None) => self.with_auth(self.agent.get(&url)).call(),
            (Method::Head, _) => self.with_auth(self.agent.head(&url)).call(),
            (Method::Delete, _) => self.with_auth(self.agent.delete(&url)).call(),
            (Method::Get, Some((kind, bytes))) => self
                .with_auth(self.agent.get(&url).force_send_body())
                .content_type(kind)
                .send(bytes),
            (Method::Put, b) => self
                .with_auth(self.agent.put(&url))
                .content_type(b.map_or("application/json", |b| b.0))
                .send(b.map_or(&[][..], |b| b.1)),
            (Method::Post, b) => self
                .with_auth(self.agent.post(&url))
                .content_type(b.map_or("application/json", |b| b.0))
                .send(b.map_or(&[][..], |b| b.1)),
        }
        .map_err(unreachable)?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()
            .map_err(unreachable)?;
        let value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).map_err(|e| EngineError::Answer {
                path: path.to_string(),
                reason: e.to_string(),
            })?
        };
        Ok((status, value))
    }

    fn with_auth<B>(&self, req: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        match &self.auth {
            Some(a) => req.header("Authorization", a),
            None => req,
        }
    }

    /// A JSON request retried with backoff on 429, 5xx and connection failures; any other
    /// status of 400 or more is an error naming the cluster's reason.
    pub fn json(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, EngineError> {
        let bytes = body.map(|b| b.to_string().into_bytes());
        let sent = bytes.as_deref().map(|b| ("application/json", b));
        let (status, value) = self.with_retries(|| self.send(method, path, sent))?;
        if status >= 400 {
            return Err(EngineError::Status {
                method: method.name(),
                path: path.to_string(),
                status,
                reason: reason(&value),
            });
        }
        Ok(value)
    }

    /// Runs `attempt` until it succeeds with a status that is not worth retrying, or the
    /// retries are spent (then the last answer or error).
    pub fn with_retries(
        &self,
        mut attempt: impl FnMut() -> Result<(u16, Value), EngineError>,
    ) -> Result<(u16, Value), EngineError> {
        let mut n = 0;
        loop {
            let outcome = attempt();
            let again = match &outcome {
                Ok((status, _)) => retryable(*status),
                Err(EngineError::Unreachable { .. }) => true,
                Err(_) => false,
            };
            if !again || n >= self.backoff.retries {
                return outcome;
            }
            std::thread::sleep(self.backoff.wait(n));
            n += 1;
        }
    }
}

/// The reason an error answer gives (`error.reason`, with its root cause), or the answer.
pub fn reason(value: &Value) -> String {
    let error = &value["error"];
    let root = error["root_cause"][0]["reason"].as_str();
    match (error["reason"].as_str(), root) {
        (Some(r), Some(c)) if r != c => format!("{r} ({c})"),
        (Some(r), _) => r.to_string(),
        _ if error.is_string() => error.as_str().unwrap_or_default().to_string(),
        _ => value.to_string().chars().take(300).collect(),
    }
}

/// Standard base64 with padding (RFC 4648), for the basic-authentication header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("admin:s3cret!", "YWRtaW46czNjcmV0IQ=="),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want, "{input:?}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_longest_wait() {
        let b = Backoff::default();
        let waits: Vec<u128> = (0..8).map(|n| b.wait(n).as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 16000, 16000, 16000]);
        assert_eq!(b.wait(40), b.longest);
    }

    #[test]
    fn only_overload_and_server_errors_are_retried() {
        let cases = [
            (200, false),
            (400, false),
            (404, false),
            (409, false),
            (429, true),
            (500, true),
            (503, true),
        ];
        for (status, want) in cases {
            assert_eq!(retryable(status), want, "{status}");
        }
    }

    #[test]
    fn reason_reads_the_error_object() {
        let cases = [
            (
                serde_json::json!({"error": {"reason": "no such index", "root_cause": [{"reason": "no such index"}]}}),
                "no such index",
            ),
            (
                serde_json::json!({"error": {"reason": "all shards failed", "root_cause": [{"reason": "bad query"}]}}),
                "all shards failed (bad query)",
            ),
            (serde_json::json!({"error": "plain"}), "plain"),
        ];
        for (value, want) in cases {
            assert_eq!(reason(&value), want);
        }
    }
}
