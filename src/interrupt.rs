//! Temporary files and folders to remove if the process is interrupted.
//!
//! Writers register what they create ([`register`]) and drop the guard
//! once it is gone or renamed into place. A program that handles SIGINT and
//! SIGTERM calls [`remove_registered`] before it exits (the `eventmap`
//! binary does); the library installs no signal handler itself. After a
//! SIGKILL nothing runs: the next run in that folder removes what is left
//! (see [`crate::layer::set`]).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The registered paths, with the id of their registration.
static REGISTERED: Mutex<Vec<(u64, PathBuf)>> = Mutex::new(Vec::new());
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Unregisters its path when dropped (it does not remove it).
#[derive(Debug)]
pub struct Registration {
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Ok(mut paths) = REGISTERED.lock() {
            paths.retain(|(id, _)| *id != self.id);
        }
    }
}

/// Registers `path` (a file or a folder) for removal on interruption.
pub fn register(path: &Path) -> Registration {
    let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if let Ok(mut paths) = REGISTERED.lock() {
        paths.push((id, path.to_path_buf()));
    }
    Registration { id }
}

/// Removes every registered path, newest first; returns how many existed.
/// Errors are ignored: this runs while the process is going down.
pub fn remove_registered() -> usize {
    // A panicking holder must not stop the cleanup.
    let paths: Vec<PathBuf> = match REGISTERED.lock() {
        Ok(paths) => paths.iter().rev().map(|(_, p)| p.clone()).collect(),
        Err(poisoned) => poisoned
            .into_inner()
            .iter()
            .rev()
            .map(|(_, p)| p.clone())
            .collect(),
    };
    let mut removed = 0;
    for path in paths {
        let gone = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed += usize::from(gone.is_ok());
    }
    removed
}
