//! The HTTP side: accepting connections, routing, and answering with files.
//!
//! Every connection is its own tokio task, so a slow client holds up only
//! itself. hyper closes a connection whose request headers take longer than
//! [`HEADER_TIMEOUT`] (which also ends idle keep-alive connections), every
//! write that stalls longer than [`WRITE_TIMEOUT`] ends its connection, and
//! at most [`MAX_CONNECTIONS`] are served at once; past that, new ones wait
//! in the listen queue rather than exhausting file descriptors. Request
//! heads larger than hyper's buffer get 431 from hyper itself; paths longer
//! than [`MAX_PATH`] get 414 and header sections larger than
//! [`MAX_HEADER_BYTES`] get 431 here.
//!
//! Only `GET` and `HEAD` are answered. Every response says `no-store`: a
//! page must never come from the browser's cache after a rebuild.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;

use super::files::{self, Located};
use super::reload;
use super::state::Shared;

/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 512;
/// Time a client has to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a single write may stall before the connection is dropped.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest request path (and query) answered; longer gets 414.
pub const MAX_PATH: usize = 8 * 1024;
/// Largest header section answered; larger gets 431.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// hyper's read buffer, which bounds the whole request head.
const READ_BUFFER: usize = 64 * 1024;

/// Serves `shared`'s site on `listener` until `shutdown` resolves.
pub async fn serve(listener: TcpListener, shared: Arc<Shared>, shutdown: impl Future<Output = ()>) {
    let router = router(shared);
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => return,
            },
            _ = &mut shutdown => return,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Usually out of file descriptors: back off instead of
                    // spinning; the connections in flight will free some.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => return,
        };
        let _ = stream.set_nodelay(true);
        let mut stream = TimeoutStream::new(stream);
        stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let io = TokioIo::new(Box::pin(stream));
        let service = TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(READ_BUFFER)
                .serve_connection(io, service);
            // A client going away mid-response is not worth reporting.
            let _ = connection.await;
        });
    }
}

/// The routes: the two live-reload endpoints, then the site's files.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(reload::EVENTS_PATH, get(reload::events))
        .route(reload::ERRORS_PATH, get(reload::errors))
        .fallback(site_file)
        .with_state(shared)
}

/// What the file-system side found for a request.
enum Answer {
    File {
        bytes: Vec<u8>,
        content_type: String,
    },
    Redirect(String),
    NotFound(Option<Vec<u8>>),
}

async fn site_file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served\n",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    if uri.path_and_query().map_or(0, |p| p.as_str().len()) > MAX_PATH {
        return plain(StatusCode::URI_TOO_LONG, "request path too long\n");
    }
    let header_bytes: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return plain(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request headers too large\n",
        );
    }
    // The build id is read before the file: if a swap lands in between, the
    // page is newer than its stamp and merely reloads once more.
    let build = shared.status().build;
    if build.is_empty() {
        return html(
            StatusCode::SERVICE_UNAVAILABLE,
            reload::waiting_page(&build),
        );
    }
    let output = shared.output().to_path_buf();
    let prefix = shared.prefix();
    let path = uri.path().to_string();
    let answer = tokio::task::spawn_blocking(move || answer(&output, &prefix, &path)).await;
    match answer {
        Ok(Answer::File {
            bytes,
            content_type,
        }) => {
            let bytes = if files::is_html(&content_type) {
                reload::inject(bytes, &build)
            } else {
                bytes
            };
            let mut response = Response::new(Body::from(bytes));
            set_content_type(&mut response, &content_type);
            common_headers(response)
        }
        Ok(Answer::Redirect(mut to)) => {
            if let Some(query) = uri.query() {
                to.push('?');
                to.push_str(query);
            }
            let mut response = plain(StatusCode::FOUND, "");
            if let Ok(value) = HeaderValue::from_str(&to) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Ok(Answer::NotFound(Some(page))) => {
            html(StatusCode::NOT_FOUND, reload::inject(page, &build))
        }
        Ok(Answer::NotFound(None)) | Err(_) => plain(StatusCode::NOT_FOUND, "404 not found\n"),
    }
}

/// Finds and reads the file for `path`. Blocking.
///
/// A build swaps the output folder in one rename, so a file can vanish
/// between finding and reading it, and on systems without an atomic
/// exchange the folder is briefly missing; either way one retry a moment
/// later reads the new site instead of failing the request.
fn answer(output: &Path, prefix: &str, path: &str) -> Answer {
    for attempt in 0..2 {
        let retry = attempt == 0;
        match files::locate(output, prefix, path) {
            Located::File(file) => match std::fs::read(&file) {
                Ok(bytes) => {
                    return Answer::File {
                        content_type: files::content_type(&file),
                        bytes,
                    }
                }
                Err(_) if retry => {}
                Err(_) => break,
            },
            Located::Redirect(to) => return Answer::Redirect(to),
            Located::NotFound if retry && !output.is_dir() => {}
            Located::NotFound => break,
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    Answer::NotFound(
        files::not_found_page(output).and_then(|page: PathBuf| std::fs::read(page).ok()),
    )
}

fn set_content_type(response: &mut Response, content_type: &str) {
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
}

fn common_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn html(status: StatusCode, bytes: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    set_content_type(&mut response, "text/html; charset=utf-8");
    common_headers(response)
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    set_content_type(&mut response, "text/plain; charset=utf-8");
    common_headers(response)
}
