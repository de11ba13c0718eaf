//! Live reload: the script injected into served HTML, the event stream it
//! listens to, and the error overlay it shows.
//!
//! The script is added to HTML *responses* only, just before the last
//! `</body>`; the files on disk are exactly what `dossier build` writes.
//! Each page is stamped with the id of the build it came from. The stream
//! at [`EVENTS_PATH`] sends the current state on connect and every change
//! after: a `build` event with the id of the latest good build (a page from
//! another build reloads itself), or a `failed` event with the errors, which
//! the page shows in a fixed panel over the last good site until a good
//! build reloads it. The errors are put into the panel as text, never parsed
//! as HTML, so nothing in a file name or message can run in the page.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use tokio_stream::wrappers::WatchStream;
use tokio_stream::{Stream, StreamExt};

use super::state::{BuildStatus, Shared};

/// The server-sent event stream of build states.
pub const EVENTS_PATH: &str = "/__dossier/events";
/// The errors of the latest build as plain text; empty after a good build.
pub const ERRORS_PATH: &str = "/__dossier/errors";

/// The reload script; `__BUILD__` is replaced by the page's build id (a
/// JSON string).
const SCRIPT: &str = r#"<script data-dossier-serve>
(function () {
  "use strict";
  var build = __BUILD__;
  var panel = null;
  function hide() {
    if (panel) { panel.remove(); panel = null; }
  }
  function show(text) {
    hide();
    panel = document.createElement("div");
    panel.id = "dossier-serve-errors";
    panel.setAttribute("role", "alert");
    panel.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:70vh;overflow:auto;" +
      "z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#1d1f21;color:#f0f0f0;" +
      "border-top:4px solid #d33;box-shadow:0 -4px 24px rgba(0,0,0,.4);" +
      "font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "\u00d7";
    close.title = "Hide until the next build";
    close.style.cssText = "float:right;font:inherit;font-size:18px;background:none;color:inherit;border:0;cursor:pointer";
    close.onclick = hide;
    var title = document.createElement("strong");
    title.textContent = "dossier: the last edit did not build; this is the last good site.";
    var pre = document.createElement("pre");
    pre.style.cssText = "margin:.75rem 0 0;white-space:pre-wrap;font:inherit;color:inherit;background:none";
    pre.textContent = text;
    panel.appendChild(close);
    panel.appendChild(title);
    panel.appendChild(pre);
    document.body.appendChild(panel);
  }
  var source = new EventSource("/__dossier/events");
  source.addEventListener("build", function (e) {
    var state = JSON.parse(e.data);
    if (state.build !== build) { location.reload(); } else { hide(); }
  });
  source.addEventListener("failed", function (e) {
    show(JSON.parse(e.data).errors);
  });
})();
</script>
"#;

/// `html` with the reload script inserted before its last `</body>` (or at
/// the end when it has none), stamped with `build`.
pub fn inject(html: Vec<u8>, build: &str) -> Vec<u8> {
    let stamp = serde_json::to_string(build).unwrap_or_else(|_| "\"\"".into());
    // A build id is hex and digits, but escape `<` anyway so the stamp can
    // never close the script element.
    let script = SCRIPT.replace("__BUILD__", &stamp.replace('<', "\\u003c"));
    let at = find_last_body_close(&html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_body_close(html: &[u8]) -> Option<usize> {
    const CLOSE: &[u8] = b"</body";
    html.windows(CLOSE.len())
        .rposition(|w| w.eq_ignore_ascii_case(CLOSE))
}

/// The page served in place of the site before any build has succeeded: it
/// carries the script, so it shows the errors and turns into the site once
/// the editor fixes them.
pub fn waiting_page(build: &str) -> Vec<u8> {
    inject(
        b"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dossier serve</title></head>\n\
          <body><h1>The site has not built yet</h1><p>Fix the errors shown in the terminal; this page reloads when the site builds.</p></body></html>\n"
            .to_vec(),
        build,
    )
}

/// `GET /__dossier/events`.
pub async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(shared.subscribe()).map(|status| Ok(event_of(&status)));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// `GET /__dossier/errors`.
pub async fn errors(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let text = shared.status().errors.unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
}

fn event_of(status: &BuildStatus) -> Event {
    match &status.errors {
        None => Event::default()
            .event("build")
            .data(serde_json::json!({ "build": status.build }).to_string()),
        Some(errors) => Event::default()
            .event("failed")
            .data(serde_json::json!({ "build": status.build, "errors": errors }).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_close() {
        let html = b"<html><body><p>x</p></BODY></html>".to_vec();
        let out = String::from_utf8(inject(html, "abc-1")).unwrap();
        let script = out.find("<script data-dossier-serve>").unwrap();
        assert!(script < out.find("</BODY>").unwrap());
        assert!(out.contains(r#"var build = "abc-1";"#));
        assert!(out.starts_with("<html><body><p>x</p><script"));
    }

    #[test]
    fn appends_when_there_is_no_body() {
        let out = String::from_utf8(inject(b"<p>fragment</p>".to_vec(), "1")).unwrap();
        assert!(out.starts_with("<p>fragment</p><script"));
    }

    #[test]
    fn stamp_cannot_close_the_script() {
        let out = String::from_utf8(inject(Vec::new(), "</script><b>")).unwrap();
        assert_eq!(out.matches("</script>").count(), 1);
    }
}
