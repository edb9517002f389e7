//! Progress reports of an update, kept out of the library's output: the
//! caller decides where they go.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Receives progress events from [`run_update`](super::run_update).
pub trait Progress {
    /// A download of `url` starts; `total` is its `Content-Length` if known.
    fn download_started(&self, url: &str, total: Option<u64>);
    /// `bytes` more bytes of the current download arrived.
    fn downloaded(&self, bytes: u64);
    /// The current download completed with `bytes` bytes.
    fn download_finished(&self, url: &str, bytes: u64);
    /// The current download failed (the error is reported separately).
    fn download_failed(&self, url: &str) {
        let _ = url;
    }
    /// A one-line note: a retry, a step of the update.
    fn note(&self, message: &str);
}

/// Reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {
    fn download_started(&self, _: &str, _: Option<u64>) {}
    fn downloaded(&self, _: u64) {}
    fn download_finished(&self, _: &str, _: u64) {}
    fn note(&self, _: &str) {}
}

/// Reports on standard error: a progress bar per download when stderr is a
/// terminal, otherwise one quiet line per finished download and per note
/// (suits logs and cron mail).
pub struct Stderr {
    bar: Mutex<Option<ProgressBar>>,
    terminal: bool,
}

impl Default for Stderr {
    fn default() -> Self {
        Stderr {
            bar: Mutex::new(None),
            terminal: std::io::stderr().is_terminal(),
        }
    }
}

impl Stderr {
    fn line(&self, text: &str) {
        match self.bar.lock().ok().and_then(|b| b.clone()) {
            Some(bar) => bar.println(text),
            None => {
                let _ = writeln!(std::io::stderr().lock(), "{text}");
            }
        }
    }
}

impl Progress for Stderr {
    fn download_started(&self, url: &str, total: Option<u64>) {
        if !self.terminal {
            return;
        }
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
        let template = if total.is_some() {
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}"
        } else {
            "{msg} {spinner} {bytes} {bytes_per_sec}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(short_name(url).to_string());
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn downloaded(&self, bytes: u64) {
        if let Some(bar) = self.bar.lock().ok().as_ref().and_then(|b| b.as_ref()) {
            bar.inc(bytes);
        }
    }

    fn download_finished(&self, url: &str, bytes: u64) {
        if let Some(bar) = self.bar.lock().ok().and_then(|mut b| b.take()) {
            bar.finish_and_clear();
        }
        self.line(&format!("fetched {url} ({bytes} bytes)"));
    }

    fn download_failed(&self, _: &str) {
        if let Some(bar) = self.bar.lock().ok().and_then(|mut b| b.take()) {
            bar.finish_and_clear();
        }
    }

    fn note(&self, message: &str) {
        self.line(message);
    }
}

fn short_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}
