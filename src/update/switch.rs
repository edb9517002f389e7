//! Staging a new gazetteer directory next to the target and switching to it.
//!
//! The new gazetteer is written into a hidden sibling of the target
//! (`.gazetteer.new-XXXXXX`, same file system, so `rename` is atomic), every
//! file and the directory are fsynced, then: the current target is renamed
//! to `gazetteer.previous` (the backup, replacing an older one) and the
//! staging directory is renamed to the target. A crash between those two
//! renames leaves no target but a complete backup; [`recover`] (run at the
//! start of every update) and `installed_dir` in the parent module treat that
//! backup as the current gazetteer, so readers are never left without one.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::manifest::MANIFEST_FILE;
use crate::{Error, Result};

/// Staging directories older than this are leftovers of a killed update.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Files that mark a directory as a gazetteer (so that `--dir ~/Documents`
/// cannot be moved aside by mistake).
const GAZETTEER_MARKERS: [&str; 2] = [MANIFEST_FILE, "places.tsv"];

/// Where the update is made to stop, to test that a stop leaves the current
/// gazetteer intact. The staging directory is kept, as a killed process
/// would leave it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailPoint {
    /// After the new gazetteer is staged and synced, before any rename.
    BeforeSwitch,
    /// After the current gazetteer became the backup, before the new one
    /// took its place.
    BetweenRenames,
}

/// `target` with `suffix` appended to its file name.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    target.with_file_name(name)
}

/// The backup of the previous gazetteer: `{target}.previous`.
pub fn backup_path(target: &Path) -> PathBuf {
    sibling(target, ".previous")
}

fn staging_prefix(target: &Path) -> String {
    format!(
        ".{}.new-",
        target.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Refuses a target that exists but is neither empty nor a gazetteer.
pub fn check_target(target: &Path) -> Result<()> {
    if !target.exists() {
        return Ok(());
    }
    if !target.is_dir() {
        return Err(Error::Gazetteer {
            path: target.into(),
            message: "exists and is not a directory".into(),
        });
    }
    let is_gazetteer = GAZETTEER_MARKERS.iter().any(|m| target.join(m).exists());
    let is_empty = std::fs::read_dir(target)
        .map_err(|e| Error::io(target, e))?
        .next()
        .is_none();
    if is_gazetteer || is_empty {
        Ok(())
    } else {
        Err(Error::Gazetteer {
            path: target.into(),
            message: "exists and is not a gazetteer directory (no MANIFEST.json or places.tsv); \
                      refusing to replace it"
                .into(),
        })
    }
}

/// Finishes a switch that was interrupted between its two renames: if the
/// target is missing and a backup exists, the backup becomes the target
/// again. Returns whether it did.
pub fn recover(target: &Path) -> Result<bool> {
    let backup = backup_path(target);
    if target.exists() || !backup.join(MANIFEST_FILE).exists() {
        return Ok(false);
    }
    std::fs::rename(&backup, target).map_err(|e| Error::io(target, e))?;
    Ok(true)
}

/// Removes staging directories of earlier updates that were killed,
/// leaving recent ones alone (another update may be running). Errors are
/// ignored: a leftover only costs disk space.
pub fn remove_stale_staging(target: &Path) {
    let (Some(parent), prefix) = (target.parent(), staging_prefix(target)) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(&prefix) {
            continue;
        }
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok());
        if age.is_some_and(|a| a > STALE_AFTER) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Creates the staging directory next to `target` (creating the parent if
/// needed). It is removed on drop unless switched in or kept.
pub fn create_staging(target: &Path) -> Result<tempfile::TempDir> {
    let parent = target.parent().ok_or_else(|| Error::Gazetteer {
        path: target.into(),
        message: "has no parent directory".into(),
    })?;
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    tempfile::Builder::new()
        .prefix(&staging_prefix(target))
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))
}

/// Flushes every file in `dir` and `dir` itself to disk.
pub fn sync_dir(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_file() {
            File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io(&path, e))?;
        }
    }
    sync_directory_entry(dir)
}

/// fsync of a directory, so that renames and new entries in it are durable.
/// Not possible on Windows, where `rename` is durable enough for us.
fn sync_directory_entry(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Makes `staged` the gazetteer at `target`, keeping the current one (if
/// any) as [`backup_path`]. Returns the backup path if there was a current
/// gazetteer.
pub fn switch(
    staged: tempfile::TempDir,
    target: &Path,
    fail_point: Option<FailPoint>,
) -> Result<Option<PathBuf>> {
    if fail_point == Some(FailPoint::BeforeSwitch) {
        let _ = staged.keep();
        return Err(injected(target, "before the switch"));
    }
    let backup = backup_path(target);
    let had_target = target.exists();
    if had_target {
        if backup.exists() {
            std::fs::remove_dir_all(&backup).map_err(|e| Error::io(&backup, e))?;
        }
        std::fs::rename(target, &backup).map_err(|e| Error::io(target, e))?;
    }
    if fail_point == Some(FailPoint::BetweenRenames) {
        let _ = staged.keep();
        return Err(injected(target, "between the renames"));
    }
    let staged = staged.keep();
    if let Err(e) = std::fs::rename(&staged, target) {
        if had_target {
            let _ = std::fs::rename(&backup, target);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io(target, e));
    }
    if let Some(parent) = target.parent() {
        sync_directory_entry(parent)?;
    }
    Ok(had_target.then_some(backup))
}

fn injected(target: &Path, when: &str) -> Error {
    Error::Gazetteer {
        path: target.into(),
        message: format!("update stopped {when} (injected failure)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer_dir(path: &Path, content: &str) {
        std::fs::create_dir_all(path).unwrap();
        std::fs::write(path.join("places.tsv"), content).unwrap();
        std::fs::write(path.join(MANIFEST_FILE), "{}").unwrap();
    }

    fn staged_with(target: &Path, content: &str) -> tempfile::TempDir {
        let staged = create_staging(target).unwrap();
        gazetteer_dir(staged.path(), content);
        sync_dir(staged.path()).unwrap();
        staged
    }

    fn places(dir: &Path) -> String {
        std::fs::read_to_string(dir.join("places.tsv")).unwrap()
    }

    #[test]
    fn switches_and_keeps_a_backup() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("data/gazetteer");
        let first = switch(staged_with(&target, "one"), &target, None).unwrap();
        assert_eq!((first, places(&target)), (None, "one".to_string()));
        let second = switch(staged_with(&target, "two"), &target, None).unwrap();
        assert_eq!(second, Some(backup_path(&target)));
        assert_eq!(places(&target), "two");
        assert_eq!(places(&backup_path(&target)), "one");
        switch(staged_with(&target, "three"), &target, None).unwrap();
        assert_eq!(places(&backup_path(&target)), "two");
        let leftovers: Vec<_> = std::fs::read_dir(target.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn interrupted_switches_leave_a_usable_gazetteer() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("gazetteer");
        gazetteer_dir(&target, "old");

        let err = switch(
            staged_with(&target, "new"),
            &target,
            Some(FailPoint::BeforeSwitch),
        );
        assert!(err.unwrap_err().to_string().contains("before the switch"));
        assert_eq!(places(&target), "old");
        assert!(!recover(&target).unwrap());

        let err = switch(
            staged_with(&target, "new"),
            &target,
            Some(FailPoint::BetweenRenames),
        );
        assert!(err.unwrap_err().to_string().contains("between the renames"));
        assert!(!target.exists());
        assert!(recover(&target).unwrap());
        assert_eq!(places(&target), "old");
    }

    #[test]
    fn checks_targets() {
        let root = tempfile::tempdir().unwrap();
        type Make = fn(&Path);
        let cases: [(&str, Make, bool); 5] = [
            ("missing", |_| {}, true),
            ("empty dir", |p| std::fs::create_dir(p).unwrap(), true),
            ("gazetteer", |p| gazetteer_dir(p, "x"), true),
            (
                "other dir",
                |p| {
                    std::fs::create_dir(p).unwrap();
                    std::fs::write(p.join("thesis.odt"), "x").unwrap();
                },
                false,
            ),
            ("file", |p| std::fs::write(p, "x").unwrap(), false),
        ];
        for (name, make, ok) in cases {
            let path = root.path().join(name);
            make(&path);
            assert_eq!(check_target(&path).is_ok(), ok, "{name}");
        }
    }
}
