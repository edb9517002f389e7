//! The local HTTP server the update tests download from: scripted replies
//! per path, slow and cut-off bodies.

use super::*;

/// How the server answers one request.
#[derive(Clone)]
pub(super) enum Reply {
    /// 200 with the body and an ETag; 304 if the request's If-None-Match matches.
    File { body: Vec<u8>, etag: String },
    /// The body without Content-Length (chunked).
    Chunked(Vec<u8>),
    /// An empty answer with this status.
    Status(u16),
    /// Declares `declared` bytes, sends `body`, closes.
    CutOff { body: Vec<u8>, declared: usize },
    /// Waits, then answers like `File`.
    Slow(Duration, Vec<u8>),
    /// Declares the body's length, then sends it one byte per interval.
    Drip(Duration, Vec<u8>),
}

/// A body that arrives one byte per interval: each read is well within the
/// read timeout, the whole never ends in practice.
pub(super) struct DripReader {
    pub(super) body: Cursor<Vec<u8>>,
    pub(super) interval: Duration,
}

impl std::io::Read for DripReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        std::thread::sleep(self.interval);
        let n = buf.len().min(1);
        self.body.read(&mut buf[..n])
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub(super) struct Hit {
    pub(super) path: String,
    pub(super) if_none_match: Option<String>,
    pub(super) user_agent: Option<String>,
}

/// A tiny_http server on 127.0.0.1 that answers each path from a script:
/// the n-th request of a path gets the n-th reply, the last one repeats.
pub(super) struct Server {
    pub(super) base: String,
    pub(super) hits: Arc<Mutex<Vec<Hit>>>,
    pub(super) routes: Arc<Mutex<HashMap<String, Vec<Reply>>>>,
    pub(super) stop: Arc<AtomicBool>,
    pub(super) thread: Option<JoinHandle<()>>,
}

impl Server {
    pub(super) fn start() -> Server {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let routes: Arc<Mutex<HashMap<String, Vec<Reply>>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (h, r, s) = (hits.clone(), routes.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(50)) else {
                    continue;
                };
                let path = request.url().trim_start_matches('/').to_string();
                let header = |name: &'static str| {
                    request
                        .headers()
                        .iter()
                        .find(|x| x.field.equiv(name))
                        .map(|x| x.value.as_str().to_string())
                };
                let hit = Hit {
                    path: path.clone(),
                    if_none_match: header("If-None-Match"),
                    user_agent: header("User-Agent"),
                };
                let nth = {
                    let mut hits = h.lock().unwrap();
                    hits.push(hit.clone());
                    hits.iter().filter(|x| x.path == path).count() - 1
                };
                let reply = r
                    .lock()
                    .unwrap()
                    .get(&path)
                    .map(|replies| replies[nth.min(replies.len() - 1)].clone());
                // One thread per request, so a slow reply does not hold up others.
                std::thread::spawn(move || answer(request, reply, hit));
            }
        });
        Server {
            base: format!("http://127.0.0.1:{port}/dump/"),
            hits,
            routes,
            stop,
            thread: Some(thread),
        }
    }

    /// Serves `files` as plain files with ETags derived from `version`.
    pub(super) fn serve(&self, files: &BTreeMap<String, Vec<u8>>, version: &str) {
        for (name, body) in files {
            self.script(
                name,
                vec![Reply::File {
                    body: body.clone(),
                    etag: format!("\"{version}-{name}\""),
                }],
            );
        }
    }

    pub(super) fn script(&self, name: &str, replies: Vec<Reply>) {
        self.routes
            .lock()
            .unwrap()
            .insert(format!("dump/{name}"), replies);
    }

    pub(super) fn hits(&self, name: &str) -> Vec<Hit> {
        let path = format!("dump/{name}");
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.path == path)
            .cloned()
            .collect()
    }

    pub(super) fn clear_hits(&self) {
        self.hits.lock().unwrap().clear();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

pub(super) fn answer(request: tiny_http::Request, reply: Option<Reply>, hit: Hit) {
    use tiny_http::{Header, Response, StatusCode};
    let Some(reply) = reply else {
        let _ = request.respond(Response::empty(404));
        return;
    };
    match reply {
        Reply::File { body, etag } => {
            if hit.if_none_match.as_deref() == Some(etag.as_str()) {
                let _ = request.respond(Response::empty(304));
                return;
            }
            let header = Header::from_bytes("ETag", etag.as_bytes()).unwrap();
            // Without a threshold tiny_http switches large bodies to chunked.
            let response = Response::from_data(body)
                .with_header(header)
                .with_chunked_threshold(usize::MAX);
            let _ = request.respond(response);
        }
        Reply::Chunked(body) => {
            let len = None;
            let response = Response::new(StatusCode(200), vec![], Cursor::new(body), len, None);
            let _ = request.respond(response);
        }
        Reply::Status(code) => {
            let _ = request.respond(Response::empty(code));
        }
        Reply::CutOff { body, declared } => {
            // tiny_http keeps connections open, so the cut-off answer comes
            // from a one-shot raw server this request redirects to.
            let location = cut_off_once(body, declared);
            let header = Header::from_bytes("Location", location.as_bytes()).unwrap();
            let _ = request.respond(Response::empty(307).with_header(header));
        }
        Reply::Slow(wait, body) => {
            std::thread::sleep(wait);
            let _ = request.respond(Response::from_data(body));
        }
        Reply::Drip(interval, body) => {
            let len = body.len();
            let reader = DripReader {
                body: Cursor::new(body),
                interval,
            };
            let response = Response::new(StatusCode(200), vec![], reader, Some(len), None);
            let _ = request.respond(response);
        }
    }
}

/// Serves one connection on a new port: a 200 declaring `declared` bytes,
/// then `body` (shorter), then closes the connection. Gives up after 10 s
/// without a connection. Returns the URL.
pub(super) fn cut_off_once(body: Vec<u8>, declared: usize) -> String {
    use std::io::{BufRead, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/cut", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let stream = loop {
            match listener.accept() {
                Ok((stream, _)) => break stream,
                Err(_) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(_) => return,
            }
        };
        stream.set_nonblocking(false).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let mut stream = stream;
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {declared}\r\n\r\n");
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&body);
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    url
}

pub(super) fn file(body: Vec<u8>) -> Reply {
    Reply::File {
        body,
        etag: "\"new\"".into(),
    }
}
