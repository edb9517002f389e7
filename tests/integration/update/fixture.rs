//! The harness: a temporary data directory with the target gazetteer, its
//! snapshot, and a first installed gazetteer.

use super::*;

/// A temporary data directory with the target gazetteer inside it.
pub(super) struct Fixture {
    pub(super) root: tempfile::TempDir,
}

impl Fixture {
    pub(super) fn new() -> Fixture {
        Fixture {
            root: tempfile::tempdir().unwrap(),
        }
    }

    pub(super) fn target(&self) -> PathBuf {
        self.root.path().join("eventmap/gazetteer")
    }

    pub(super) fn options(&self, server: &Server) -> UpdateOptions {
        UpdateOptions {
            source: Source::Http(server.base.clone()),
            dir: Some(self.target()),
            http: HttpConfig {
                connect_timeout: Duration::from_secs(5),
                read_timeout: Duration::from_secs(5),
                retries: 2,
                backoff: Duration::from_millis(10),
                max_bytes: 4 * 1024 * 1024,
                ..HttpConfig::default()
            },
            ..UpdateOptions::default()
        }
    }

    /// Every file of the target and of its backup, by relative path.
    pub(super) fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        let backup = update::switch::backup_path(&self.target());
        for dir in [self.target(), backup] {
            collect(&dir, self.root.path(), &mut files);
        }
        files
    }
}

pub(super) fn collect(dir: &Path, root: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, root, files);
        } else {
            let bytes = std::fs::read(&path).unwrap();
            files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
        }
    }
}

pub(super) fn run(options: &UpdateOptions) -> Result<UpdateReport, eventmap::Error> {
    update::run_update(options, &Silent)
}

/// Installs a first gazetteer from the real rows; returns its snapshot.
pub(super) fn install_first(fixture: &Fixture, server: &Server) -> BTreeMap<PathBuf, Vec<u8>> {
    server.serve(&dump(&[]), "v1");
    let report = run(&fixture.options(server)).expect("first update");
    assert!(report.updated);
    server.clear_hits();
    let snapshot = fixture.snapshot();
    assert!(!snapshot.is_empty());
    snapshot
}
