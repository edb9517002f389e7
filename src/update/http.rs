//! Downloads with timeouts, an overall deadline, bounded retries, a size
//! limit and conditional requests.
//!
//! Retried: connection errors, timeouts, bodies cut off mid-way and 5xx
//! answers, up to [`HttpConfig::retries`] more times with exponential
//! backoff. Not retried: 4xx answers, bodies over the size limit, URLs that
//! do not parse and a passed deadline, which another try would not fix.
//!
//! Every download has a deadline ([`HttpConfig::download_timeout`], and the
//! run's one from [`Fetcher::with_deadline`]): a server that sends a byte
//! now and then, each within the read timeout, is cut off there.

use std::io::Read;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{
    CONTENT_LENGTH, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};

use super::progress::Progress;
use crate::{Error, Result};

/// How downloads behave. [`Default`] suits the GeoNames server.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Time allowed to open a connection. Default 15 s.
    pub connect_timeout: Duration,
    /// Time allowed for the response headers and for each read of the body;
    /// a server that stalls longer fails the attempt. Default 60 s.
    pub read_timeout: Duration,
    /// Time allowed for a whole download, retries included; a slow drip of
    /// bytes cannot keep it going past this. Default 10 min (the largest
    /// dump takes seconds on a usual line).
    pub download_timeout: Duration,
    /// Extra attempts after a retryable failure. Default 3.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one. Default 1 s.
    pub backoff: Duration,
    /// Largest body accepted, in bytes. Default 256 MiB (the China dump,
    /// the largest one used, is about 20 MB).
    pub max_bytes: u64,
    /// The `User-Agent` header. Default `eventmap/{version}`.
    pub user_agent: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(15),
            read_timeout: Duration::from_secs(60),
            download_timeout: Duration::from_secs(600),
            retries: 3,
            backoff: Duration::from_secs(1),
            max_bytes: 256 * 1024 * 1024,
            user_agent: concat!("eventmap/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

/// HTTP cache validators from an earlier download of the same URL.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validators {
    /// The `ETag` the server sent, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// The result of a download.
#[derive(Debug)]
pub enum Fetched {
    /// The server answered 304: the copy described by the validators is current.
    NotModified,
    /// The full body.
    Body {
        /// The bytes received (length checked against `Content-Length`).
        bytes: Vec<u8>,
        /// Validators of this body, to keep for the next request.
        validators: Validators,
    },
}

/// A blocking HTTP client configured by an [`HttpConfig`].
pub struct Fetcher {
    client: reqwest::blocking::Client,
    config: HttpConfig,
    /// The end of the whole run (`--timeout`), if any.
    run_deadline: Option<Instant>,
}

/// Why one attempt failed, and whether another could succeed.
enum Failure {
    Retryable(String),
    Fatal(String),
}

impl Fetcher {
    /// A client with `config`'s timeouts and User-Agent.
    pub fn new(config: HttpConfig) -> Result<Fetcher> {
        let client = reqwest::blocking::Client::builder()
            .connect_timeout(config.connect_timeout)
            // The blocking client applies this to the wait for the headers
            // and to each read of the body: a read timeout, not a total one.
            .timeout(config.read_timeout)
            .user_agent(config.user_agent.clone())
            .build()
            .map_err(|e| Error::Http {
                url: String::new(),
                message: format!("cannot create HTTP client: {}", error_chain(&e)),
            })?;
        Ok(Fetcher {
            client,
            config,
            run_deadline: None,
        })
    }

    /// The same client, with every download ending by `deadline` (the end
    /// of the run).
    pub fn with_deadline(mut self, deadline: Option<Instant>) -> Fetcher {
        self.run_deadline = deadline;
        self
    }

    /// When a download started now must end, and what set that limit.
    fn deadline(&self) -> Deadline {
        let own = Deadline {
            at: Instant::now() + self.config.download_timeout,
            what: format!(
                "the download did not finish within {} s",
                self.config.download_timeout.as_secs_f64()
            ),
        };
        match self.run_deadline {
            Some(run) if run < own.at => Deadline {
                at: run,
                what: "the update ran out of time (--timeout)".into(),
            },
            _ => own,
        }
    }

    /// Downloads `url`. With `validators`, asks the server to answer 304 if
    /// the resource did not change.
    pub fn get(
        &self,
        url: &str,
        validators: Option<&Validators>,
        progress: &dyn Progress,
    ) -> Result<Fetched> {
        // A URL that does not parse fails the same way every time.
        if let Err(e) = reqwest::Url::parse(url) {
            return Err(Error::Http {
                url: url.into(),
                message: format!("not a valid URL: {e}"),
            });
        }
        let deadline = self.deadline();
        let mut attempt = 0;
        loop {
            match self.attempt(url, validators, progress, &deadline) {
                Ok(fetched) => return Ok(fetched),
                Err(Failure::Retryable(message))
                    if attempt < self.config.retries
                        && Instant::now()
                            + self.config.backoff.saturating_mul(1 << attempt.min(16))
                            < deadline.at =>
                {
                    let wait = self.config.backoff.saturating_mul(1 << attempt.min(16));
                    attempt += 1;
                    progress.note(&format!(
                        "{url}: {message}; retry {attempt} of {} in {:.1} s",
                        self.config.retries,
                        wait.as_secs_f64()
                    ));
                    std::thread::sleep(wait);
                }
                Err(Failure::Retryable(message)) => {
                    let tries = attempt + 1;
                    let message = if attempt < self.config.retries {
                        // No time left for the retries.
                        format!("{message}; {}", deadline.what)
                    } else if tries > 1 {
                        format!("{message} (gave up after {tries} attempts)")
                    } else {
                        message
                    };
                    return Err(Error::Http {
                        url: url.into(),
                        message,
                    });
                }
                Err(Failure::Fatal(message)) => {
                    return Err(Error::Http {
                        url: url.into(),
                        message,
                    });
                }
            }
        }
    }

    fn attempt(
        &self,
        url: &str,
        validators: Option<&Validators>,
        progress: &dyn Progress,
        deadline: &Deadline,
    ) -> Result<Fetched, Failure> {
        let left = deadline
            .left()
            .ok_or_else(|| Failure::Fatal(deadline.what.clone()))?;
        // Each wait (headers, every read) ends by the deadline at the latest.
        let mut request = self
            .client
            .get(url)
            .timeout(left.min(self.config.read_timeout));
        let conditional = validators.filter(|v| !v.is_empty());
        if let Some(v) = conditional {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date);
            }
        }
        let mut response = request.send().map_err(|e| transport_failure(e, deadline))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return if conditional.is_some() {
                Ok(Fetched::NotModified)
            } else {
                Err(Failure::Fatal(
                    "HTTP 304 Not Modified to an unconditional request".into(),
                ))
            };
        }
        if status.is_server_error() {
            return Err(Failure::Retryable(status_message(status)));
        }
        if !status.is_success() {
            return Err(Failure::Fatal(status_message(status)));
        }
        let headers = response.headers().clone();
        let expected = content_length(&headers);
        if let Some(len) = expected
            && len > self.config.max_bytes
        {
            return Err(Failure::Fatal(too_large(len, self.config.max_bytes)));
        }
        progress.download_started(url, expected);
        let bytes = match self.read_body(&mut response, expected, progress, deadline) {
            Ok(bytes) => bytes,
            Err(failure) => {
                progress.download_failed(url);
                return Err(failure);
            }
        };
        progress.download_finished(url, bytes.len() as u64);
        Ok(Fetched::Body {
            bytes,
            validators: Validators {
                etag: header_text(&headers, ETAG),
                last_modified: header_text(&headers, LAST_MODIFIED),
            },
        })
    }

    fn read_body(
        &self,
        response: &mut reqwest::blocking::Response,
        expected: Option<u64>,
        progress: &dyn Progress,
        deadline: &Deadline,
    ) -> Result<Vec<u8>, Failure> {
        let max = self.config.max_bytes;
        let mut bytes = Vec::with_capacity(expected.unwrap_or(0).min(max) as usize);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match response.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) if deadline.left().is_none() => {
                    return Err(Failure::Fatal(format!(
                        "{} ({} bytes received)",
                        deadline.what,
                        bytes.len()
                    )));
                }
                Err(e) => {
                    return Err(Failure::Retryable(format!(
                        "download failed after {} bytes: {}",
                        bytes.len(),
                        error_chain(&e)
                    )));
                }
            };
            if bytes.len() as u64 + n as u64 > max {
                return Err(Failure::Fatal(too_large(
                    bytes.len() as u64 + n as u64,
                    max,
                )));
            }
            bytes.extend_from_slice(&buf[..n]);
            progress.downloaded(n as u64);
            if deadline.left().is_none() {
                return Err(Failure::Fatal(format!(
                    "{} ({} bytes received)",
                    deadline.what,
                    bytes.len()
                )));
            }
        }
        if let Some(len) = expected
            && bytes.len() as u64 != len
        {
            return Err(Failure::Retryable(format!(
                "body cut off: received {} of {len} bytes",
                bytes.len()
            )));
        }
        Ok(bytes)
    }
}

/// The end of a download and the message when it passes.
struct Deadline {
    at: Instant,
    what: String,
}

impl Deadline {
    /// Time left, `None` once passed.
    fn left(&self) -> Option<Duration> {
        self.at
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
    }
}

fn transport_failure(e: reqwest::Error, deadline: &Deadline) -> Failure {
    // The URL already leads the final message.
    let e = e.without_url();
    if e.is_builder() {
        return Failure::Fatal(format!("not a valid request: {}", error_chain(&e)));
    }
    if deadline.left().is_none() {
        return Failure::Fatal(deadline.what.clone());
    }
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    Failure::Retryable(format!("{what}: {}", error_chain(&e)))
}

fn status_message(status: StatusCode) -> String {
    format!(
        "HTTP {} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )
    .trim_end()
    .to_string()
}

fn too_large(len: u64, max: u64) -> String {
    format!("response of {len} bytes exceeds the limit of {max} bytes")
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn header_text(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    Some(headers.get(name)?.to_str().ok()?.to_string())
}

/// An error and its sources on one line, without reqwest's repeated URL.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(e);
    while let Some(err) = current {
        let text = err.to_string().replace(['\n', '\r'], " ");
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = err.source();
    }
    parts.join(": ")
}
