//! The files of one run in an output folder, replaced as one unit.
//!
//! A run that writes into a folder ([`LayerSet::begin`]):
//! 1. takes the folder's lock file, `.eventmap.lock`, created exclusively
//!    and naming the process (a second run into the same folder is refused
//!    with that process id; a lock left by a process that no longer runs is
//!    taken over);
//! 2. finishes a commit that a killed run left half done (see step 5) and
//!    removes the temporary files of killed runs (names starting with
//!    [`TEMP_PREFIX`]), reporting both as notes;
//! 3. writes every file into a staging folder inside the output folder
//!    (`.eventmap-tmp-<pid>-<random>/`): a full disk or an error fails
//!    there, before any file of the old set is touched;
//! 4. on [`LayerSet::commit`], fsyncs every staged file and the staging
//!    folder, then writes the commit record `.eventmap-commit` (the file
//!    names) and fsyncs it: from that rename on, the new set is decided;
//! 5. renames the staged files over the old ones, removes the record and
//!    (for a set that is the folder's whole output,
//!    [`LayerSet::commit_as_whole_output`]) the outputs of earlier runs that
//!    the set does not hold, fsyncs the folder, removes the staging folder
//!    and the lock.
//!
//! A crash before step 4 leaves the old set; a crash during step 5 is rolled
//! forward by the next run (step 2), so the folder never keeps a mix of two
//! runs. Renaming one file is atomic; renaming several is not, so a reader
//! that opens the layers in the few microseconds of step 5 can still see
//! some new and some old: a reader that must never see that checks that
//! `.eventmap-commit` is absent before and after reading (and `eventmap`'s
//! own readers take the lock).
//!
//! # Adding a file to the set
//!
//! Any writer (a new layer format, the map page) asks the set for a path
//! and writes its file there, by any means; the commit does the rest:
//!
//! ```no_run
//! # fn main() -> eventmap::Result<()> {
//! use eventmap::layer::set::LayerSet;
//! let mut set = LayerSet::begin(std::path::Path::new("out"))?;
//! let path = set.path("places.kml"); // out/.eventmap-tmp-…/places.kml
//! std::fs::write(&path, "<kml/>").map_err(|e| eventmap::Error::io(&path, e))?;
//! // Other files of the set are read back from set.staging_dir().
//! let written = set.commit()?; // out/places.kml, with the rest of the set
//! # let _ = written;
//! # Ok(())
//! # }
//! ```
//!
//! Dropping a set without committing it removes the staging folder and the
//! lock and leaves the old set as it was.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::interrupt::{self, Registration};
use crate::{Error, Result};

/// Start of the name of every temporary file or folder eventmap creates in
/// an output folder: what a later run removes as stale.
pub const TEMP_PREFIX: &str = ".eventmap-tmp-";
/// The lock file of an output folder.
pub const LOCK_FILE: &str = ".eventmap.lock";
/// The commit record: present only while a set is being renamed into place.
pub const COMMIT_FILE: &str = ".eventmap-commit";

/// The files of one run, staged in a folder and committed together.
pub struct LayerSet {
    dir: PathBuf,
    staging: Option<tempfile::TempDir>,
    files: Vec<String>,
    notes: Vec<String>,
    lock: Lock,
    _staging_registration: Registration,
}

impl LayerSet {
    /// Takes the lock of `dir` (creating the folder), cleans up after killed
    /// runs and creates the staging folder.
    pub fn begin(dir: &Path) -> Result<LayerSet> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let (lock, mut notes) = Lock::take(dir)?;
        notes.extend(roll_forward(dir)?);
        notes.extend(remove_stale(dir));
        let staging = tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
            .tempdir_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        let registration = interrupt::register(staging.path());
        Ok(LayerSet {
            dir: dir.to_path_buf(),
            staging: Some(staging),
            files: Vec::new(),
            notes,
            lock,
            _staging_registration: registration,
        })
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The staging folder, where the files of the set are until the commit.
    pub fn staging_dir(&self) -> &Path {
        self.staging.as_ref().expect("staging until commit").path()
    }

    /// Where to write the file `name` of the set (a plain file name, such
    /// as `places.geojson`); it is renamed to `dir/name` on commit. Asking
    /// twice for a name returns the same path.
    pub fn path(&mut self, name: &str) -> PathBuf {
        assert!(
            !name.is_empty() && Path::new(name).file_name() == Some(name.as_ref()),
            "a set holds plain file names, not {name:?}"
        );
        if !self.files.iter().any(|f| f == name) {
            self.files.push(name.to_string());
        }
        self.staging_dir().join(name)
    }

    /// What the set found and did about earlier runs: a finished commit,
    /// removed temporary files. One line each.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Syncs the staged files and renames them into the folder as one unit
    /// (see the module documentation). Returns the final paths.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        self.finish(false).map(|c| c.written)
    }

    /// [`LayerSet::commit`] for a set that is the folder's whole output (an
    /// extraction's layers): the files eventmap writes that the set does not
    /// hold ([`super::output::stale_outputs`], such as a map page or a KML
    /// of an earlier run) are removed too, before the lock is released, so a
    /// run that starts after this one cannot lose its files to it.
    pub fn commit_as_whole_output(self) -> Result<Committed> {
        self.finish(true)
    }

    fn finish(mut self, remove_stale_outputs: bool) -> Result<Committed> {
        let staging = self.staging_dir().to_path_buf();
        for name in &self.files {
            let path = staging.join(name);
            let file = File::open(&path).map_err(|e| Error::io(&path, e))?;
            file.sync_all().map_err(|e| Error::io(&path, e))?;
        }
        sync_dir(&staging)?;
        // The record names the staging folder and the files; once it is in
        // place the next run completes the renames if this one cannot.
        let record = CommitRecord {
            staging: staging
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            files: self.files.clone(),
        };
        let record_tmp = self.dir.join(format!("{TEMP_PREFIX}commit"));
        let record_path = self.dir.join(COMMIT_FILE);
        write_synced(&record_tmp, record.to_text().as_bytes())?;
        std::fs::rename(&record_tmp, &record_path).map_err(|e| Error::io(&record_path, e))?;
        sync_dir(&self.dir)?;
        let written = apply(&self.dir, &record)?;
        std::fs::remove_file(&record_path).map_err(|e| Error::io(&record_path, e))?;
        let mut removed = Vec::new();
        if remove_stale_outputs && !written.is_empty() {
            // Still under the lock: no other run writes here meanwhile.
            for stale in super::output::stale_outputs(&self.dir, &written) {
                std::fs::remove_file(&stale).map_err(|e| Error::io(&stale, e))?;
                removed.push(stale);
            }
        }
        sync_dir(&self.dir)?;
        if let Some(staging) = self.staging.take() {
            // Empty now; a failure to remove it is cleaned by the next run.
            let _ = staging.close();
        }
        self.lock.release();
        Ok(Committed { written, removed })
    }
}

/// What [`LayerSet::commit_as_whole_output`] did.
#[derive(Debug, Clone, Default)]
pub struct Committed {
    /// The files of the set, at their final paths.
    pub written: Vec<PathBuf>,
    /// Outputs of earlier runs that the set replaced by leaving them out.
    pub removed: Vec<PathBuf>,
}

/// What `.eventmap-commit` holds: the staging folder, then one file name a
/// line.
struct CommitRecord {
    staging: String,
    files: Vec<String>,
}

impl CommitRecord {
    fn to_text(&self) -> String {
        let mut text = format!("{}\n", self.staging);
        for f in &self.files {
            text.push_str(f);
            text.push('\n');
        }
        text
    }

    fn parse(text: &str) -> Option<CommitRecord> {
        let mut lines = text.lines();
        let staging = lines.next()?.to_string();
        let files: Vec<String> = lines.map(str::to_string).collect();
        let plain = |n: &str| !n.is_empty() && Path::new(n).file_name() == Some(n.as_ref());
        (staging.starts_with(TEMP_PREFIX) && plain(&staging) && files.iter().all(|f| plain(f)))
            .then_some(CommitRecord { staging, files })
    }
}

/// Renames the staged files of `record` into `dir` (those already moved
/// are skipped) and syncs the folder.
fn apply(dir: &Path, record: &CommitRecord) -> Result<Vec<PathBuf>> {
    let staging = dir.join(&record.staging);
    let mut written = Vec::new();
    for name in &record.files {
        let from = staging.join(name);
        let to = dir.join(name);
        if from.exists() {
            std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
        }
        written.push(to);
    }
    sync_dir(dir)?;
    Ok(written)
}

/// Completes a commit a killed run left half done.
fn roll_forward(dir: &Path) -> Result<Vec<String>> {
    let record_path = dir.join(COMMIT_FILE);
    let text = match std::fs::read_to_string(&record_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&record_path, e)),
    };
    let Some(record) = CommitRecord::parse(&text) else {
        return Err(Error::Usage(format!(
            "{}: not a commit record eventmap wrote; remove it to go on",
            record_path.display()
        )));
    };
    apply(dir, &record)?;
    std::fs::remove_file(&record_path).map_err(|e| Error::io(&record_path, e))?;
    sync_dir(dir)?;
    Ok(vec![format!(
        "completed the layer set an interrupted run left half renamed in {}",
        dir.display()
    )])
}

/// Removes temporary files and folders of killed runs (the lock is held, so
/// no other run owns them).
fn remove_stale(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = 0usize;
    let mut bytes = 0u64;
    let mut failed = Vec::new();
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let path = entry.path();
        let size = tree_size(&path);
        let gone = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
        match gone {
            Ok(()) => {
                removed += 1;
                bytes += size;
            }
            Err(e) => failed.push(format!("cannot remove {}: {e}", path.display())),
        }
    }
    let mut notes = Vec::new();
    if removed > 0 {
        notes.push(format!(
            "removed {removed} temporary file(s) of an interrupted run ({bytes} bytes) from {}",
            dir.display()
        ));
    }
    notes.extend(failed);
    notes
}

fn tree_size(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| tree_size(&e.path())).sum())
        .unwrap_or(0)
}

/// An output folder's lock file, removed when dropped.
struct Lock {
    path: PathBuf,
    held: bool,
    _registration: Registration,
}

impl Lock {
    /// Creates `dir/.eventmap.lock`; refuses if a running process holds it.
    fn take(dir: &Path) -> Result<(Lock, Vec<String>)> {
        let path = dir.join(LOCK_FILE);
        let mut notes = Vec::new();
        // Two tries: the second after removing a lock whose process is gone.
        for _ in 0..2 {
            match File::options().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    let registration = interrupt::register(&path);
                    let holder = format!("pid {}\n", std::process::id());
                    file.write_all(holder.as_bytes())
                        .and_then(|()| file.sync_all())
                        .map_err(|e| Error::io(&path, e))?;
                    let lock = Lock {
                        path,
                        held: true,
                        _registration: registration,
                    };
                    return Ok((lock, notes));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    let pid = text
                        .trim()
                        .strip_prefix("pid ")
                        .and_then(|p| p.trim().parse::<u32>().ok());
                    match pid {
                        Some(pid) if !process_alive(pid) => {
                            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
                            notes.push(format!(
                                "took over the lock of {} left by process {pid}, which no longer runs",
                                dir.display()
                            ));
                        }
                        Some(pid) => {
                            return Err(Error::Usage(format!(
                                "{} is in use by another eventmap run (process {pid}, lock {}); \
                                 wait for it to finish, or pick another output folder",
                                dir.display(),
                                path.display()
                            )));
                        }
                        None => {
                            // Being written this very moment, or not ours.
                            return Err(Error::Usage(format!(
                                "{} is locked by {} (no process id in it yet); if no eventmap \
                                 run is writing there, remove that file",
                                dir.display(),
                                path.display()
                            )));
                        }
                    }
                }
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        Err(Error::Usage(format!(
            "{} is in use by another eventmap run (lock {})",
            dir.display(),
            path.display()
        )))
    }

    fn release(&mut self) {
        if self.held {
            self.held = false;
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        self.release();
    }
}

/// Whether a process with this id runs (on Unix; elsewhere assumed so).
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: kill with signal 0 sends nothing; it only checks that the
        // process exists and may be signalled.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = File::create(path).map_err(|e| Error::io(path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Makes renames and removals in `dir` durable (a no-op where folders
/// cannot be opened, as on Windows).
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn commits_all_files_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut set = LayerSet::begin(&out).unwrap();
        for name in ["a.geojson", "b.geojson"] {
            std::fs::write(set.path(name), "old").unwrap();
        }
        set.commit().unwrap();
        // A set dropped without commit changes nothing.
        let mut set = LayerSet::begin(&out).unwrap();
        std::fs::write(set.path("a.geojson"), "new").unwrap();
        drop(set);
        assert_eq!(read(&out.join("a.geojson")), "old");
        let names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn stale_outputs_go_with_the_commit_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        // An earlier run's layers, map page and KML, and a file of the user.
        for name in ["places.geojson", "map.html", "eventmap.kml", "notes.txt"] {
            std::fs::write(out.join(name), "old").unwrap();
        }
        let mut run = LayerSet::begin(out).unwrap();
        std::fs::write(run.path("places.geojson"), "new").unwrap();
        // Until the commit is over, a second run is refused: it could not
        // write a map page that the first would then remove as stale.
        assert!(LayerSet::begin(out).is_err());
        let committed = run.commit_as_whole_output().unwrap();
        let mut removed: Vec<String> = committed
            .removed
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        removed.sort();
        assert_eq!(removed, ["eventmap.kml", "map.html"]);
        assert_eq!(read(&out.join("places.geojson")), "new");
        assert_eq!(read(&out.join("notes.txt")), "old");
        assert!(!out.join(LOCK_FILE).exists());
        // The next run's page joins the set and stays.
        let mut next = LayerSet::begin(out).unwrap();
        std::fs::write(next.path("map.html"), "page").unwrap();
        next.commit().unwrap();
        assert_eq!(read(&out.join("map.html")), "page");
        assert_eq!(read(&out.join("places.geojson")), "new");
    }

    #[test]
    fn a_second_run_is_refused_naming_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = LayerSet::begin(dir.path()).unwrap();
        let err = LayerSet::begin(dir.path()).err().unwrap().to_string();
        assert!(
            err.contains(&format!("process {}", std::process::id())),
            "{err}"
        );
        drop(first);
        LayerSet::begin(dir.path()).unwrap();
    }

    #[test]
    fn a_killed_run_is_cleaned_up_and_its_commit_completed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("a.geojson"), "old a").unwrap();
        std::fs::write(out.join("b.geojson"), "old b").unwrap();
        // A run killed after renaming a.geojson: b is still staged.
        let staging = out.join(format!("{TEMP_PREFIX}99-x"));
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(out.join("a.geojson"), "new a").unwrap();
        std::fs::write(staging.join("b.geojson"), "new b").unwrap();
        std::fs::write(
            out.join(COMMIT_FILE),
            format!("{TEMP_PREFIX}99-x\na.geojson\nb.geojson\n"),
        )
        .unwrap();
        // Its lock names a process that is gone; a stray temp file remains.
        std::fs::write(out.join(LOCK_FILE), "pid 999999999\n").unwrap();
        std::fs::write(out.join(format!("{TEMP_PREFIX}abc")), "x".repeat(100)).unwrap();
        let set = LayerSet::begin(out).unwrap();
        assert_eq!(read(&out.join("a.geojson")), "new a");
        assert_eq!(read(&out.join("b.geojson")), "new b");
        let notes = set.notes().join("\n");
        assert!(notes.contains("took over the lock"), "{notes}");
        assert!(notes.contains("completed the layer set"), "{notes}");
        assert!(notes.contains("removed 2 temporary file(s)"), "{notes}");
        assert!(!out.join(COMMIT_FILE).exists());
        assert!(!staging.exists());
    }
}
