//! `dossier serve` as an editor meets it: start it on the fixture dossier in
//! `tests/fixtures/serve/` (copied to a temporary folder), open pages, edit
//! files, break them, fix them, and poke at the server the way a hostile
//! or clumsy client would.
//!
//! The server runs as a child process of the built binary on a free port
//! and is killed when its [`Server`] is dropped. Requests are written by
//! hand over a `TcpStream`, so what is checked is exactly what goes over
//! the wire. Every wait polls with a generous deadline: these tests must
//! pass on a loaded two-core machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take before a test gives up.
const PATIENCE: Duration = Duration::from_secs(30);

/// The text of the fixture's `site.toml`, which must never be served.
const SITE_TOML_MARK: &str = "base_url = \"https://example.org/dossier/\"";

const ARTICLE: &str = "content/articles/2024-07-29-first-report.md";
const ARTICLE_PAGE: &str = "/dossier/articles/2024-07-29-first-report/";

/// A running `dossier serve` on a copy of the fixture.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    address: String,
    /// The dossier being served.
    root: PathBuf,
    /// Where serve keeps its temporary output folder (its TMPDIR).
    scratch: PathBuf,
    stderr: Arc<Mutex<String>>,
    _tmp: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("dossier");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve"),
            &root,
        );
        let scratch = tmp.path().join("tmp");
        std::fs::create_dir_all(&scratch).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&root)
            .env("TMPDIR", &scratch)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier serve");

        // Both pipes are drained for the life of the child so it never
        // blocks on a full pipe.
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("serving ") {
                    let _ = tx.send(url.to_string());
                }
            }
        });
        let url = match rx.recv_timeout(PATIENCE * 2) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "serve printed no `serving` line; stderr:\n{}",
                    stderr.lock().unwrap()
                );
            }
        };
        let rest = url.strip_prefix("http://").expect("an http URL");
        let (address, path) = rest.split_at(rest.find('/').unwrap());
        assert_eq!(path, "/dossier/", "served under site.toml's base_url path");
        Server {
            child,
            address: address.to_string(),
            root,
            scratch,
            stderr,
            _tmp: tmp,
        }
    }

    fn get(&self, path: &str) -> Response {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        ))
    }

    /// Sends `raw` as the whole request and reads the whole response.
    fn request(&self, raw: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        Response::parse(&bytes).unwrap_or_else(|| panic!("no HTTP response to {raw:.80}"))
    }

    /// Polls `check` until it gives a value, or fails the test.
    fn eventually<T>(&self, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(value) = check() {
                return value;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out waiting until {what}; serve's stderr:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} holds {from:?}");
        std::fs::write(path, text.replace(from, to)).unwrap();
    }

    /// The folder serve builds into, inside its temporary folder.
    fn output(&self) -> PathBuf {
        let entry = std::fs::read_dir(&self.scratch)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("dossier-serve-")
            })
            .expect("serve's temporary folder");
        entry.join("site")
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response, headers lower-cased.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Option<Response> {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n")?;
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Some(Response {
            status,
            headers,
            body: body.to_string(),
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A browser tab's live-reload connection.
struct EventStream {
    stream: TcpStream,
    seen: String,
}

impl EventStream {
    fn open(server: &Server) -> EventStream {
        let mut stream = TcpStream::connect(&server.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            stream,
            "GET /__dossier/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.address
        )
        .unwrap();
        EventStream {
            stream,
            seen: String::new(),
        }
    }

    /// Reads until the data of a `kind` event satisfying `wanted` arrives,
    /// and returns that data.
    fn wait_for(&mut self, server: &Server, kind: &str, wanted: impl Fn(&str) -> bool) -> String {
        let marker = format!("event: {kind}\ndata: ");
        server.eventually(&format!("a `{kind}` event arrives"), || {
            let mut buf = [0u8; 8192];
            if let Ok(n) = self.stream.read(&mut buf) {
                self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
            let mut found = None;
            let mut consumed = 0;
            let mut at = 0;
            while let Some(i) = self.seen[at..].find(&marker) {
                let start = at + i + marker.len();
                let Some(len) = self.seen[start..].find('\n') else {
                    break;
                };
                let data = &self.seen[start..start + len];
                consumed = start + len;
                at = consumed;
                if wanted(data) {
                    found = Some(data.to_string());
                    break;
                }
            }
            self.seen.drain(..consumed);
            found
        })
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn pages_carry_the_reload_script_only_when_served() {
    let server = Server::start();
    let home = server.get("/dossier/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("<script data-dossier-serve>"));
    let script = home.body.find("data-dossier-serve").unwrap();
    assert!(
        script < home.body.rfind("</body>").unwrap(),
        "script sits before </body>"
    );
    assert!(
        !server.root.join("public").exists(),
        "serve never writes the editor's public/"
    );

    let built = server.root.join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--quiet", "--root"])
        .arg(&server.root)
        .arg("--output")
        .arg(&built)
        .status()
        .unwrap();
    assert!(status.success());
    let page = std::fs::read_to_string(built.join("index.html")).unwrap();
    assert!(page.contains("</body>"));
    assert!(!page.contains("data-dossier-serve") && !page.contains("__dossier"));
    let served_file = std::fs::read_to_string(server.output().join("index.html")).unwrap();
    assert!(
        !served_file.contains("data-dossier-serve"),
        "the script is added to responses, not files"
    );
}

#[test]
fn an_edit_reaches_the_open_tab() {
    let server = Server::start();
    let mut tab = EventStream::open(&server);
    let first = tab.wait_for(&server, "build", |_| true);

    server.edit(
        ARTICLE,
        "The original wording was calm.",
        "The revised wording is fiery.",
    );
    server.eventually("the edited article is served", || {
        let page = server.get(ARTICLE_PAGE);
        (page.status == 200 && page.body.contains("The revised wording is fiery.")).then_some(())
    });
    let second = tab.wait_for(&server, "build", |data| data != first);
    // The terminal gets a one-line summary naming the file.
    server.eventually("the rebuild summary is printed", || {
        let log = server.stderr();
        log.lines()
            .any(|l| l.starts_with("rebuilt in ") && l.contains(ARTICLE))
            .then_some(())
    });
    // The search index lagged behind the incremental rebuild; once the
    // dossier is quiet a background build brings it up to date, and the
    // tab reloads again to get it.
    let third = tab.wait_for(&server, "build", |data| data != first && data != second);
    assert_ne!(third, second);
    server.eventually("the terminal says the background build landed", || {
        server
            .stderr()
            .contains("caught up in the background")
            .then_some(())
    });
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_shows_the_error() {
    let server = Server::start();
    let mut tab = EventStream::open(&server);
    tab.wait_for(&server, "build", |_| true);

    server.edit(ARTICLE, "title: \"First report\"", "title: [unclosed");
    let errors = server.eventually("the errors endpoint reports the broken file", || {
        let errors = server.get("/__dossier/errors");
        errors.body.contains(ARTICLE).then_some(errors)
    });
    assert_eq!(errors.status, 200);
    assert!(errors.body.contains("error"));
    assert!(
        errors.body.contains(":2:"),
        "names the line: {}",
        errors.body
    );
    let failed = tab.wait_for(&server, "failed", |data| data.contains(ARTICLE));
    assert!(
        failed.contains("title: [unclosed"),
        "quotes the line: {failed}"
    );
    server.eventually("the terminal says the last good site is kept", || {
        let log = server.stderr();
        (log.contains(ARTICLE) && log.contains("still serving the last good site")).then_some(())
    });

    let page = server.get(ARTICLE_PAGE);
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(page.body.contains("First report"));

    server.edit(
        ARTICLE,
        "title: [unclosed",
        "title: \"First report, fixed\"",
    );
    server.eventually("the fixed article is served", || {
        server
            .get(ARTICLE_PAGE)
            .body
            .contains("First report, fixed")
            .then_some(())
    });
    server.eventually("the errors are gone once fixed", || {
        server
            .get("/__dossier/errors")
            .body
            .is_empty()
            .then_some(())
    });
    tab.wait_for(&server, "build", |_| true);
}

/// The local addresses of the sockets listening on `port`, from the
/// kernel's table (IPv4 as 8 hex digits, IPv6 as 32).
#[cfg(target_os = "linux")]
fn listeners_on(port: u16) -> Vec<String> {
    let mut found = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for row in text.lines().skip(1) {
            let fields: Vec<&str> = row.split_whitespace().collect();
            let (Some(local), Some(state)) = (fields.get(1), fields.get(3)) else {
                continue;
            };
            let (address, hex_port) = local.split_once(':').unwrap();
            if *state == "0A" && u16::from_str_radix(hex_port, 16) == Ok(port) {
                found.push(address.to_string());
            }
        }
    }
    found
}

#[cfg(target_os = "linux")]
#[test]
fn serve_listens_on_loopback_only_by_default() {
    let server = Server::start();
    let port: u16 = server.address.rsplit(':').next().unwrap().parse().unwrap();
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
    let listeners = listeners_on(port);
    assert!(
        !listeners.is_empty(),
        "the listening socket is in the table"
    );
    for address in listeners {
        let loopback = address == "0100007F" || address == "00000000000000000000000001000000";
        assert!(loopback, "listening on {address}, not loopback");
    }
}

#[test]
fn requests_cannot_leave_the_output() {
    let server = Server::start();
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/..%2fsite.toml",
        "/dossier/../site.toml",
        "/dossier/../../dossier/site.toml",
        "/dossier/%2e%2e/%2e%2e/dossier/site.toml",
        "/dossier/..%2f..%2fdossier%2fsite.toml",
        "/static/..\\..\\site.toml",
        "/dossier/static/..\\..\\..\\dossier\\site.toml",
        "/dossier/%5c..%5c..%5csite.toml",
        "/dossier/index.html%00.css",
        "/dossier//etc/passwd",
        "/dossier/.dossier-output",
        "/etc/passwd",
        "//etc/passwd",
        "/dossier/%2fetc%2fpasswd",
        "/dossier/C:\\Windows\\win.ini",
        "http://localhost/dossier/../site.toml",
        "/dossier/%252e%252e/%252e%252e/site.toml",
        "/dossier/.%2e/.%2e/site.toml",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(
            !response.body.contains(SITE_TOML_MARK),
            "{path} leaked site.toml"
        );
        assert!(
            !response.body.contains("root:"),
            "{path} leaked /etc/passwd"
        );
    }

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            server.root.join("site.toml"),
            server.output().join("leak.txt"),
        )
        .unwrap();
        let response = server.get("/dossier/leak.txt");
        assert_eq!(
            response.status, 404,
            "a symbolic link out of the output is not followed"
        );
        assert!(!response.body.contains(SITE_TOML_MARK));
    }
}

#[test]
fn a_missing_page_gets_the_sites_404_page() {
    let server = Server::start();
    let missing = server.get("/dossier/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        missing.body.contains("Page not found"),
        "the theme's 404 page"
    );
    assert!(
        missing.body.contains("data-dossier-serve"),
        "it reloads too"
    );
    assert_eq!(
        server.get("/elsewhere/").status,
        404,
        "outside base_url's path"
    );
}

#[test]
fn files_have_their_content_types() {
    let server = Server::start();
    for (path, wanted) in [
        ("/dossier/", "text/html; charset=utf-8"),
        ("/dossier/people/jane-doe/", "text/html; charset=utf-8"),
        ("/dossier/dossier.css", "text/css; charset=utf-8"),
        ("/dossier/dossier.json", "application/json"),
        ("/dossier/data.json", "application/json"),
        ("/dossier/atom.xml", "application/xml"),
        ("/dossier/sitemap.xml", "application/xml"),
        ("/dossier/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(wanted), "{path}");
        assert_eq!(response.header("cache-control"), Some("no-store"), "{path}");
    }
    let css = server.get("/dossier/dossier.css");
    assert!(
        !css.body.contains("data-dossier-serve"),
        "only HTML gets the script"
    );
}

#[test]
fn folders_and_the_root_redirect_into_the_site() {
    let server = Server::start();
    let root = server.get("/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/dossier/"));
    let folder = server.get("/dossier/people/jane-doe?x=1");
    assert_eq!(folder.status, 302);
    assert_eq!(
        folder.header("location"),
        Some("/dossier/people/jane-doe/?x=1")
    );
    let sneaky = server.get("//dossier/people");
    assert!(
        !matches!(sneaky.header("location"), Some(l) if l.starts_with("//")),
        "no off-site redirect"
    );
}

#[test]
fn oversized_and_unexpected_requests_are_refused_cleanly() {
    let server = Server::start();
    let long_path = format!("/dossier/{}", "a".repeat(20_000));
    assert_eq!(server.get(&long_path).status, 414);
    let huge_path = format!("/dossier/{}", "../".repeat(35_000));
    assert_eq!(server.get(&huge_path).status, 414, "a 100 KB path");
    let big_header = format!(
        "GET /dossier/ HTTP/1.1\r\nHost: {}\r\nX-Filler: {}\r\nConnection: close\r\n\r\n",
        server.address,
        "b".repeat(40_000)
    );
    assert_eq!(server.request(&big_header).status, 431);
    let huge_header = big_header.replace(&"b".repeat(40_000), &"b".repeat(200_000));
    assert_eq!(server.request(&huge_header).status, 431);
    let post = format!(
        "POST /dossier/ HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        server.address
    );
    assert_eq!(server.request(&post).status, 405);
    assert_eq!(server.get("/dossier/").status, 200, "still serving");
}

#[test]
fn slow_clients_and_floods_do_not_stop_the_server() {
    let server = Server::start();
    // Clients that connect and never say anything.
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(&server.address).unwrap())
        .collect();
    // Clients that never finish their request headers.
    let stalled: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(&server.address).unwrap();
            s.write_all(b"GET /dossier/ HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            s
        })
        .collect();
    // A client that asks and then never reads.
    let mut greedy = TcpStream::connect(&server.address).unwrap();
    for _ in 0..50 {
        greedy
            .write_all(
                format!("GET /dossier/ HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).as_bytes(),
            )
            .unwrap();
    }
    let server = Arc::new(server);
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let server = server.clone();
            std::thread::spawn(move || {
                (0..50)
                    .filter(|_| server.get("/dossier/dossier.css").status == 200)
                    .count()
            })
        })
        .collect();
    let ok: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(ok, 200, "every request of the flood answered");
    drop(idle);
    drop(stalled);
    drop(greedy);
}

/// Every file under `dir` but the search index, by relative path.
fn site_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir_files(dir)
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("search-index/"))
        .collect()
}

fn walkdir_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    files
}

/// A full build of `root` into `output`, keeping the loaded site and what
/// loading it found.
fn full_build(root: &Path, output: &Path) -> (dossier::site::Site, Vec<String>) {
    let overrides = dossier::config::Overrides {
        output: Some(output.to_path_buf()),
        ..Default::default()
    };
    let (site, diagnostics) = dossier::site::Site::load(root, &overrides);
    let mut site = site.unwrap_or_else(|| panic!("the dossier loads: {diagnostics:?}"));
    site.write(&Default::default())
        .expect("the full build writes");
    (site, rendered(&diagnostics))
}

fn rendered(diagnostics: &dossier::diagnostics::Diagnostics) -> Vec<String> {
    diagnostics.iter().map(|d| d.render(false)).collect()
}

/// Applies the edit of `file` to `site` the way serve does, writing the
/// pages it reaches into `output` in place. Returns the diagnostics.
fn incremental_build(site: &mut dossier::site::Site, file: &Path, output: &Path) -> Vec<String> {
    match dossier::serve::patch::patch(site, &[file.to_path_buf()]) {
        dossier::serve::patch::Patched::Pages(affected, diagnostics) => {
            assert!(!diagnostics.has_errors());
            let sink = dossier::serve::incremental::InPlace::new(output);
            dossier::serve::patch::write_affected(site, &sink, &affected, true)
                .expect("the incremental build writes");
            rendered(&diagnostics)
        }
        dossier::serve::patch::Patched::Failed(d) => panic!("the edit failed: {d:?}"),
        dossier::serve::patch::Patched::NeedsFullBuild(why) => {
            panic!("a body edit needed a full build: {why}")
        }
    }
}

fn assert_same_site(incremental: &Path, full: &Path) {
    let (a, b) = (site_files(incremental), site_files(full));
    let only_one: Vec<&String> = a
        .keys()
        .filter(|k| !b.contains_key(*k))
        .chain(b.keys().filter(|k| !a.contains_key(*k)))
        .collect();
    assert!(only_one.is_empty(), "files in one site only: {only_one:?}");
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(
        differ.is_empty(),
        "the incremental rebuild differs from a full build in {differ:?}"
    );
}

#[test]
fn an_incremental_rebuild_writes_what_a_full_build_writes() {
    // The Venezuela dossier of this repository, whose articles name many
    // people: edit one article's body to name someone new, then take it out.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("dossier");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(here.join("site.toml"), root.join("site.toml")).unwrap();
    copy_dir(&here.join("content"), &root.join("content"));
    // Two people who share a name, and an article whose quote is not in
    // its text yet: the warnings must move with the edits too.
    for (id, name) in [
        ("alba-ramirez", "Alba Ramírez"),
        ("beto-ramirez", "Beto Ramírez"),
    ] {
        std::fs::write(
            root.join(format!("content/people/{id}.md")),
            format!("---\nname: {name}\naliases: [Ramírez]\n---\nA witness.\n"),
        )
        .unwrap();
    }
    let quoted = root.join("content/articles/2024-09-01-quoted.md");
    let quoted_text = "---\ntitle: Quoted\ndate: 2024-09-01\nquotes:\n  - by: mike-pence\n    text: \"We stand with them\"\n---\nNothing yet.\n";
    std::fs::write(&quoted, quoted_text).unwrap();
    let served = tmp.path().join("served");
    let (mut site, _) = full_build(&root, &served);

    let article = root.join("content/articles/2024-07-working-class-neighbourhoods-rise-up.md");
    let original = std::fs::read_to_string(&article).unwrap();
    assert!(
        !original.contains("Pence"),
        "the article must not name Mike Pence yet"
    );
    let pence_page = "people/mike-pence/index.html";
    let article_href = "/venezuela-2024/articles/2024-07-working-class-neighbourhoods-rise-up/";
    let appears = |dir: &Path| {
        std::fs::read_to_string(dir.join(pence_page))
            .unwrap()
            .contains(article_href)
    };
    assert!(!appears(&served));

    // A mention added: Mike Pence's "Appears in" gains the article.
    std::fs::write(
        &article,
        format!("{original}\nMike Pence was not in the neighbourhood that night.\n"),
    )
    .unwrap();
    let found = incremental_build(&mut site, &article, &served);
    let fresh = tmp.path().join("fresh-1");
    assert_eq!(found, full_build(&root, &fresh).1, "the same diagnostics");
    assert!(
        appears(&served),
        "the incremental rebuild lists the article on Mike Pence's page"
    );
    assert_same_site(&served, &fresh);

    // The mention removed again: the article leaves his page.
    std::fs::write(&article, &original).unwrap();
    let found = incremental_build(&mut site, &article, &served);
    let fresh = tmp.path().join("fresh-2");
    assert_eq!(found, full_build(&root, &fresh).1, "the same diagnostics");
    assert!(
        !appears(&served),
        "the incremental rebuild takes the article off his page"
    );
    assert_same_site(&served, &fresh);

    // The quote appears, and an ambiguous name with it; then both go.
    std::fs::write(
        &quoted,
        quoted_text.replace(
            "Nothing yet.",
            "\"We stand with them,\" Mike Pence said. Ramírez agreed.",
        ),
    )
    .unwrap();
    let found = incremental_build(&mut site, &quoted, &served);
    assert!(
        found.iter().any(|d| d.contains("ambiguous name `Ramírez`")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|d| d.contains("quote not found")),
        "{found:?}"
    );
    let fresh = tmp.path().join("fresh-3");
    assert_eq!(found, full_build(&root, &fresh).1, "the same diagnostics");
    assert_same_site(&served, &fresh);
    std::fs::write(&quoted, quoted_text).unwrap();
    let found = incremental_build(&mut site, &quoted, &served);
    assert!(
        found.iter().any(|d| d.contains("quote not found")),
        "{found:?}"
    );
    let fresh = tmp.path().join("fresh-4");
    assert_eq!(found, full_build(&root, &fresh).1, "the same diagnostics");
    assert_same_site(&served, &fresh);

    // A change to front-matter is not a body edit: serve builds in full.
    std::fs::write(&article, original.replacen("title:", "title: Edited —", 1)).unwrap();
    assert!(matches!(
        dossier::serve::patch::patch(&mut site, std::slice::from_ref(&article)),
        dossier::serve::patch::Patched::NeedsFullBuild(_)
    ));
}

#[test]
fn an_edit_that_failed_with_a_broken_one_is_not_lost_when_that_one_is_fixed() {
    use dossier::serve::rebuild::{Builder, Outcome};
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("dossier");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(here.join("site.toml"), root.join("site.toml")).unwrap();
    copy_dir(&here.join("content"), &root.join("content"));
    let output = tmp.path().join("site");
    let builder = Builder::new(
        root.clone(),
        output.clone(),
        "http://127.0.0.1:1".into(),
        false,
    );
    assert!(matches!(builder.build(), Outcome::Built(_)));

    let good = root.join("content/articles/2024-08-lima-diaspora-rally.md");
    let broken = root.join("content/articles/2024-07-working-class-neighbourhoods-rise-up.md");
    let broken_text = std::fs::read_to_string(&broken).unwrap();
    // Saved together: a fine edit and one with a wikilink to nobody.
    let good_text = std::fs::read_to_string(&good).unwrap();
    std::fs::write(
        &good,
        format!("{good_text}\nA sentence only this edit adds.\n"),
    )
    .unwrap();
    std::fs::write(&broken, format!("{broken_text}\nSee [[nobody-at-all]].\n")).unwrap();
    match builder.rebuild(&[good.clone(), broken.clone()]) {
        Outcome::Failed(failed) => {
            assert!(failed.text.contains("nobody-at-all"), "{}", failed.text)
        }
        Outcome::Built(_) => panic!("a wikilink to nobody must fail the build"),
    }
    // Only the broken file is saved again, fixed.
    std::fs::write(&broken, &broken_text).unwrap();
    match builder.rebuild(std::slice::from_ref(&broken)) {
        Outcome::Built(built) => assert!(built.incremental),
        Outcome::Failed(failed) => panic!("the fixed edit builds: {}", failed.text),
    }
    let page =
        std::fs::read_to_string(output.join("articles/2024-08-lima-diaspora-rally/index.html"))
            .unwrap();
    assert!(
        page.contains("A sentence only this edit adds."),
        "the first edit reached the site"
    );
}

/// One kind of edit of a markdown body, front-matter left as it is.
type BodyEdit = fn(body: &str, name: &str, link: &str) -> String;

/// Every kind of body edit serve applies without a full build: a mention
/// added, a wikilink added, text that names nobody, the first paragraph
/// (and the mentions in it) taken out, the body emptied.
const BODY_EDITS: &[(&str, BodyEdit)] = &[
    ("names an entity", |b, name, _| {
        format!("{b}\n{name} was there too.\n")
    }),
    ("links an entity", |b, _, link| {
        format!("{b}\nSee [[{link}]].\n")
    }),
    ("adds plain text", |b, _, _| {
        format!("{b}\nA sentence that names nobody at all.\n")
    }),
    ("drops a paragraph", |b, _, _| {
        b.trim_start()
            .split_once("\n\n")
            .map_or(String::new(), |(_, rest)| rest.to_string())
    }),
    ("empties the body", |_, _, _| "\n".to_string()),
];

/// Splits a content file into its front-matter (with both fences) and body.
fn split_front_matter(text: &str) -> (&str, &str) {
    let end = text[3..].find("\n---").map(|at| at + 3 + 4).unwrap();
    let end = end + text[end..].find('\n').map_or(text.len() - end, |n| n + 1);
    text.split_at(end)
}

/// Every body edit of every source of `root` (or of the first `per_kind`
/// of each kind), applied the way serve applies it: the pages written
/// incrementally must equal a full build of the edited dossier, and undoing
/// the edit must give back the site as it was.
fn every_body_edit_matches_a_full_build(fixture: &Path, per_kind: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("dossier");
    copy_dir(fixture, &root);
    let _ = std::fs::remove_dir_all(root.join("public"));
    let served = tmp.path().join("served");
    let (mut site, _) = full_build(&root, &served);
    let original = tmp.path().join("original");
    full_build(&root, &original);
    let d = &site.dossier;
    let entities: Vec<(String, String)> = d
        .entities
        .iter()
        .map(|e| (e.name.clone(), format!("{}/{}", e.kind.folder(), e.id)))
        .collect();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for source in d.sources() {
        let file = &d.source(source).file;
        let kind = file.parent().unwrap().display().to_string();
        let count = seen.entry(kind).or_default();
        if *count < per_kind {
            *count += 1;
            files.push(root.join(file));
        }
    }
    assert!(files.len() >= 5, "the fixture has sources of every kind");
    let mut checked = 0;
    for (n, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).unwrap();
        let (front, body) = split_front_matter(&text);
        let (name, link) = &entities[(n * 7 + 3) % entities.len()];
        for (what, edit) in BODY_EDITS {
            let edited = format!("{front}{}", edit(body, name, link));
            if edited == text {
                continue;
            }
            std::fs::write(file, &edited).unwrap();
            let found = incremental_build(&mut site, file, &served);
            let fresh = tmp.path().join(format!("fresh-{checked}"));
            let (_, expected) = full_build(&root, &fresh);
            let context = format!("{} {what}", file.display());
            assert_eq!(found, expected, "the same diagnostics when {context}");
            assert_same_site_when(&served, &fresh, &context);
            std::fs::remove_dir_all(&fresh).unwrap();
            std::fs::write(file, &text).unwrap();
            incremental_build(&mut site, file, &served);
            assert_same_site_when(&served, &original, &format!("{context}, undone"));
            checked += 1;
        }
    }
    assert!(checked >= files.len() * 3, "{checked} edits checked");
}

fn assert_same_site_when(incremental: &Path, full: &Path, context: &str) {
    let (a, b) = (site_files(incremental), site_files(full));
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "after an edit that {context}, the incremental rebuild differs from a full build in {differ:?}"
    );
}

#[test]
fn every_body_edit_of_the_valid_fixture_writes_what_a_full_build_writes() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    every_body_edit_matches_a_full_build(&here.join("tests/fixtures/valid"), usize::MAX);
}

#[test]
fn every_body_edit_of_the_venezuela_dossier_writes_what_a_full_build_writes() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("venezuela");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(here.join("site.toml"), root.join("site.toml")).unwrap();
    copy_dir(&here.join("content"), &root.join("content"));
    every_body_edit_matches_a_full_build(&root, 2);
}
