//! `gazetteer update` against a local HTTP server (tiny_http on 127.0.0.1,
//! port 0): success, every failure mode of the download and of the data,
//! and a stop before the switch. Every failure must leave the previous
//! gazetteer byte-for-byte intact.

mod data;
mod fixture;
mod server;

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use eventmap::update::{
    self, FailPoint, HttpConfig, Source, UpdateOptions, UpdateReport, progress::Silent,
};

use self::data::*;
use self::fixture::*;
use self::server::*;

#[test]
fn update_installs_new_rows_and_keeps_a_backup() {
    let fixture = Fixture::new();
    let server = Server::start();
    install_first(&fixture, &server);

    let kp = real_rows("KP");
    let new_row = renamed(&kp[0], 990_000_001, "Testplace Saenal");
    server.serve(&dump(std::slice::from_ref(&new_row)), "v2");
    let report = run(&fixture.options(&server)).unwrap();

    assert!(report.updated);
    assert_eq!(report.dir, fixture.target());
    assert_eq!(
        report.backup,
        Some(update::switch::backup_path(&fixture.target()))
    );
    let manifest = update::read_manifest(&fixture.target()).unwrap();
    assert_eq!(manifest, report.manifest);
    assert_eq!(manifest.licence, "GeoNames CC BY 4.0");
    assert_eq!(manifest.countries, ["KP", "KR", "CN"]);
    let kp_input = manifest.input("KP.zip").unwrap();
    assert_eq!(kp_input.rows, kp.len() + 1);
    assert_eq!(kp_input.etag.as_deref(), Some("\"v2-KP.zip\""));
    assert_eq!(kp_input.source, format!("{}KP.zip", server.base));
    assert_eq!(kp_input.sha256.len(), 64);
    // China is clipped to the border box: the rows outside it are dropped.
    let cn_input = manifest.input("CN.zip").unwrap();
    assert!(cn_input.rows_kept < cn_input.rows, "{cn_input:?}");
    let user_agent = server.hits("KP.zip")[0].user_agent.clone().unwrap();
    assert!(user_agent.starts_with("eventmap/"), "{user_agent}");

    let gazetteer = gazetteer_api::load(&fixture.target());
    let found = gazetteer_api::lookup_ids(&gazetteer, "Testplace Saenal");
    assert!(found.iter().any(|id| id.contains("990000001")), "{found:?}");
    let old = gazetteer_api::load(&update::switch::backup_path(&fixture.target()));
    assert!(gazetteer_api::lookup_ids(&old, "Testplace Saenal").is_empty());
}

#[test]
fn unchanged_dumps_are_not_downloaded_again() {
    let fixture = Fixture::new();
    let server = Server::start();
    let before = install_first(&fixture, &server);

    let report = run(&fixture.options(&server)).unwrap();

    assert!(!report.updated);
    let hits = server.hits("KP.zip");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].if_none_match.as_deref(), Some("\"v1-KP.zip\""));
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn a_server_error_is_retried() {
    let fixture = Fixture::new();
    let server = Server::start();
    install_first(&fixture, &server);
    let files = dump(&[renamed(&real_rows("KP")[0], 990_000_002, "Testplace Tto")]);
    server.serve(&files, "v2");
    server.script(
        "KP.zip",
        vec![
            Reply::Status(500),
            Reply::File {
                body: files["KP.zip"].clone(),
                etag: "\"v2\"".into(),
            },
        ],
    );

    let report = run(&fixture.options(&server)).unwrap();

    assert!(report.updated);
    assert_eq!(server.hits("KP.zip").len(), 2);
    assert_eq!(
        report.manifest.input("KP.zip").unwrap().rows,
        real_rows("KP").len() + 1
    );
}

/// Each failure: the update fails with a one-line error naming the cause,
/// makes the expected number of requests, and leaves the installed
/// gazetteer byte-for-byte as it was.
#[test]
fn failures_leave_the_previous_gazetteer_intact() {
    let good = dump(&[]);
    let kp = real_rows("KP");
    let with_bad_row = |bad: String| {
        let text = format!("{}\n{bad}\n", kp.join("\n"));
        zip_of("KP.txt", &text)
    };
    let mut wrong_columns: Vec<&str> = kp[1].split('\t').collect();
    wrong_columns.pop();
    let mut lat_123: Vec<&str> = kp[1].split('\t').collect();
    lat_123[4] = "123";
    let big = vec![b'x'; 5 * 1024 * 1024];
    let changed = dump(&[renamed(&kp[0], 990_000_003, "Testplace Net")]);
    let cut = changed["KP.zip"].clone();

    struct Case {
        name: &'static str,
        replies: Vec<Reply>,
        tweak: fn(&mut UpdateOptions),
        want: &'static str,
        requests: usize,
    }
    let no_tweak: fn(&mut UpdateOptions) = |_| {};
    let cases = vec![
        Case {
            name: "404",
            replies: vec![Reply::Status(404)],
            tweak: no_tweak,
            want: "HTTP 404 Not Found",
            requests: 1,
        },
        Case {
            name: "500 every time",
            replies: vec![Reply::Status(500)],
            tweak: no_tweak,
            want: "HTTP 500 Internal Server Error (gave up after 3 attempts)",
            requests: 3,
        },
        Case {
            name: "body cut off",
            replies: vec![Reply::CutOff {
                declared: cut.len() + 1000,
                body: cut[..cut.len() / 2].to_vec(),
            }],
            tweak: no_tweak,
            want: "download failed after",
            requests: 3,
        },
        Case {
            name: "corrupt zip",
            replies: vec![file(b"PK\x03\x04 not really a zip".to_vec())],
            tweak: no_tweak,
            want: "not a valid zip archive",
            requests: 1,
        },
        Case {
            name: "wrong column count",
            replies: vec![file(with_bad_row(wrong_columns.join("\t")))],
            tweak: no_tweak,
            want: "expected 19 tab-separated columns, found 18",
            requests: 1,
        },
        Case {
            name: "latitude 123",
            replies: vec![file(with_bad_row(lat_123.join("\t")))],
            tweak: no_tweak,
            want: "KP.txt:41: latitude 123",
            requests: 1,
        },
        Case {
            name: "slower than the read timeout",
            replies: vec![Reply::Slow(
                Duration::from_secs(3),
                changed["KP.zip"].clone(),
            )],
            tweak: |o| {
                o.http.read_timeout = Duration::from_millis(300);
                o.http.retries = 1;
            },
            want: "timed out",
            requests: 2,
        },
        Case {
            name: "over the size limit",
            replies: vec![file(big.clone())],
            tweak: no_tweak,
            want: "exceeds the limit of 4194304 bytes",
            requests: 1,
        },
        Case {
            name: "over the size limit, chunked",
            replies: vec![Reply::Chunked(big.clone())],
            tweak: no_tweak,
            want: "exceeds the limit of 4194304 bytes",
            requests: 1,
        },
        Case {
            name: "fewer than half the rows",
            replies: vec![file(zip_of("KP.txt", &(kp[0].clone() + "\n")))],
            tweak: |o| o.countries = vec!["KP".into(), "KR".into()],
            want: "fewer than half",
            requests: 1,
        },
        Case {
            name: "stopped before the switch",
            replies: vec![file(changed["KP.zip"].clone())],
            tweak: |o| o.fail_point = Some(FailPoint::BeforeSwitch),
            want: "stopped before the switch",
            requests: 1,
        },
    ];

    for case in cases {
        let fixture = Fixture::new();
        let server = Server::start();
        let mut options = fixture.options(&server);
        if case.name == "fewer than half the rows" {
            // The baseline must have the same selection, so that the size
            // check, not the selection change, is what is tested.
            options.countries = vec!["KP".into(), "KR".into()];
        }
        server.serve(&good, "v1");
        run(&options).unwrap_or_else(|e| panic!("{}: first update: {e}", case.name));
        let before = fixture.snapshot();
        server.clear_hits();
        server.serve(&changed, "v2");
        server.script("KP.zip", case.replies);
        (case.tweak)(&mut options);

        let err = match run(&options) {
            Ok(report) => panic!("{}: update succeeded: {report:?}", case.name),
            Err(e) => e,
        };

        let message = err.to_string();
        eprintln!("{}: {message}", case.name);
        assert!(message.contains(case.want), "{}: {message}", case.name);
        assert!(!message.contains('\n'), "{}: {message}", case.name);
        assert_eq!(server.hits("KP.zip").len(), case.requests, "{}", case.name);
        assert!(
            fixture.snapshot() == before,
            "{}: gazetteer changed",
            case.name
        );
    }
}

/// Records what the update reported, to check that no failed download is
/// announced as fetched.
#[derive(Default)]
struct Recorder(Mutex<Vec<String>>);

impl update::Progress for Recorder {
    fn download_started(&self, url: &str, _: Option<u64>) {
        self.0.lock().unwrap().push(format!("started {url}"));
    }
    fn downloaded(&self, _: u64) {}
    fn download_finished(&self, url: &str, bytes: u64) {
        self.0
            .lock()
            .unwrap()
            .push(format!("fetched {url} ({bytes} bytes)"));
    }
    fn download_failed(&self, url: &str) {
        self.0.lock().unwrap().push(format!("failed {url}"));
    }
    fn note(&self, message: &str) {
        self.0.lock().unwrap().push(message.to_string());
    }
}

#[test]
fn a_slow_drip_is_cut_off_by_the_deadlines() {
    let changed = dump(&[renamed(&real_rows("KP")[0], 990_000_004, "Testplace Drip")]);
    let drip = Reply::Drip(Duration::from_millis(100), changed["KP.zip"].clone());
    struct Case {
        name: &'static str,
        tweak: fn(&mut UpdateOptions),
        want: &'static str,
    }
    let cases = [
        Case {
            name: "per download",
            tweak: |o| o.http.download_timeout = Duration::from_millis(1500),
            want: "the download did not finish within 1.5 s",
        },
        Case {
            name: "per run",
            tweak: |o| o.timeout = Some(Duration::from_millis(1500)),
            want: "the update ran out of time (--timeout)",
        },
    ];
    for case in cases {
        let fixture = Fixture::new();
        let server = Server::start();
        install_first(&fixture, &server);
        let before = fixture.snapshot();
        server.serve(&changed, "v2");
        server.script("KP.zip", vec![drip.clone()]);
        let mut options = fixture.options(&server);
        (case.tweak)(&mut options);
        let recorder = Recorder::default();
        let started = std::time::Instant::now();
        let err = update::run_update(&options, &recorder)
            .unwrap_err()
            .to_string();
        let took = started.elapsed();
        assert!(err.contains(case.want), "{}: {err}", case.name);
        assert!(!err.contains('\n'), "{}: {err}", case.name);
        // Not retried: the deadline has passed.
        assert_eq!(server.hits("KP.zip").len(), 1, "{}", case.name);
        assert!(
            took < Duration::from_secs(10),
            "{}: took {took:?}",
            case.name
        );
        let events = recorder.0.lock().unwrap().clone();
        assert!(
            !events
                .iter()
                .any(|e| e.contains("KP.zip") && e.starts_with("fetched")),
            "{}: a failed download reported as fetched: {events:?}",
            case.name
        );
        // A download that started is closed as failed, never as fetched.
        let kp: Vec<&String> = events.iter().filter(|e| e.contains("KP.zip")).collect();
        if kp.first().is_some_and(|e| e.starts_with("started")) {
            assert!(
                kp.last().unwrap().starts_with("failed"),
                "{}: {events:?}",
                case.name
            );
        }
        assert!(
            fixture.snapshot() == before,
            "{}: gazetteer changed",
            case.name
        );
    }
}

#[test]
fn a_url_that_cannot_parse_is_refused_without_a_request() {
    let fixture = Fixture::new();
    for base in ["http://[::1", "http://exa mple.org/dump/"] {
        let options = UpdateOptions {
            source: Source::Http(base.into()),
            dir: Some(fixture.target()),
            ..UpdateOptions::default()
        };
        let recorder = Recorder::default();
        let err = update::run_update(&options, &recorder)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a valid URL"), "{base}: {err}");
        let events = recorder.0.lock().unwrap().clone();
        assert!(
            !events.iter().any(|e| e.contains("retry")),
            "{base}: retried: {events:?}"
        );
    }
    assert!(!fixture.target().exists());
}

#[test]
fn dumps_over_the_size_caps_are_refused() {
    let fixture = Fixture::new();
    let server = Server::start();
    install_first(&fixture, &server);
    let before = fixture.snapshot();
    // Valid rows repeated far past the cap: a small zip that inflates a lot.
    let kp = real_rows("KP").join("\n") + "\n";
    let bomb = zip_of("KP.txt", &kp.repeat(200));
    assert!(bomb.len() < 200_000, "{}", bomb.len());
    server.script("KP.zip", vec![file(bomb)]);
    let mut options = fixture.options(&server);
    options.limits = update::Limits {
        entry_bytes: 1 << 20,
        line_bytes: 4096,
    };
    let err = run(&options).unwrap_err().to_string();
    assert!(err.contains("over the limit of 1048576 bytes"), "{err}");
    // One line without end.
    let endless = zip_of("KP.txt", &"x".repeat(100_000));
    server.script("KP.zip", vec![file(endless)]);
    let err = run(&options).unwrap_err().to_string();
    assert!(
        err.contains("KP.txt:1: line longer than 4096 bytes"),
        "{err}"
    );
    assert!(fixture.snapshot() == before, "gazetteer changed");
}

#[test]
fn an_update_stopped_before_the_switch_does_not_disturb_the_next_one() {
    let fixture = Fixture::new();
    let server = Server::start();
    let before = install_first(&fixture, &server);
    server.serve(
        &dump(&[renamed(&real_rows("KP")[0], 990_000_004, "Testplace Nene")]),
        "v2",
    );
    let mut options = fixture.options(&server);

    options.fail_point = Some(FailPoint::BetweenRenames);
    run(&options).unwrap_err();
    // Mid-switch, the complete old gazetteer is still what readers get.
    let installed = update::installed_gazetteer(&fixture.target()).unwrap();
    assert_eq!(installed, update::switch::backup_path(&fixture.target()));

    options.fail_point = None;
    let report = run(&options).unwrap();
    assert!(report.recovered);
    assert!(report.updated);
    let backup = update::switch::backup_path(&fixture.target());
    let mut restored = BTreeMap::new();
    collect(&backup, fixture.root.path(), &mut restored);
    let renamed_back: BTreeMap<_, _> = before
        .into_iter()
        .map(|(path, bytes)| {
            let name = path
                .strip_prefix("eventmap/gazetteer")
                .unwrap()
                .to_path_buf();
            (Path::new("eventmap/gazetteer.previous").join(name), bytes)
        })
        .collect();
    assert!(
        restored == renamed_back,
        "the backup is not the first gazetteer"
    );
}

#[test]
fn force_accepts_a_much_smaller_gazetteer() {
    let fixture = Fixture::new();
    let server = Server::start();
    install_first(&fixture, &server);
    let mut files = dump(&[]);
    let one_row = real_rows("KP")[0].clone() + "\n";
    files.insert("KP.zip".into(), zip_of("KP.txt", &one_row));
    files.insert(
        "KR.zip".into(),
        zip_of("KR.txt", &(real_rows("KR")[0].clone() + "\n")),
    );
    server.serve(&files, "v2");
    let mut options = fixture.options(&server);

    let refused = run(&options).unwrap_err().to_string();
    assert!(refused.contains("pass --force"), "{refused}");
    options.force = true;
    let report = run(&options).unwrap();
    assert!(report.updated);
    assert_eq!(report.manifest.input("KP.zip").unwrap().rows, 1);
}

#[test]
fn local_files_are_used_offline() {
    let fixture = Fixture::new();
    let from = fixture.root.path().join("downloads");
    std::fs::create_dir(&from).unwrap();
    for (name, bytes) in dump(&[]) {
        std::fs::write(from.join(name), bytes).unwrap();
    }
    // An unzipped country file is accepted in place of the zip.
    std::fs::remove_file(from.join("KR.zip")).unwrap();
    std::fs::write(from.join("KR.txt"), real_rows("KR").join("\n") + "\n").unwrap();
    let options = UpdateOptions {
        source: Source::Local(vec![from.clone()]),
        dir: Some(fixture.target()),
        ..UpdateOptions::default()
    };

    let report = run(&options).unwrap();
    assert!(report.updated);
    assert_eq!(
        report.manifest.input("KR.zip").unwrap().rows,
        real_rows("KR").len()
    );
    let again = run(&options).unwrap();
    assert!(!again.updated, "identical inputs must not rebuild");

    std::fs::remove_file(from.join("admin2Codes.txt")).unwrap();
    let err = run(&options).unwrap_err().to_string();
    assert!(err.contains("admin2Codes.txt not found"), "{err}");
}

/// The gazetteer calls these tests need, in one place.
mod gazetteer_api {
    use std::path::Path;

    pub use eventmap::gazetteer::Gazetteer;

    pub fn load(dir: &Path) -> Gazetteer {
        Gazetteer::load_dir(dir).unwrap()
    }

    pub fn lookup_ids(gazetteer: &Gazetteer, name: &str) -> Vec<String> {
        gazetteer
            .lookup(name, None)
            .iter()
            .map(|p| p.id.to_string())
            .collect()
    }
}
