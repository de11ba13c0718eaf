// A tiny static file server for a built dossier, as a static host would
// serve it: the site under its base path (/venezuela-2024/…), a folder's
// index.html for its URL, and 404.html with status 404 for anything else.
// Loopback only; nothing outside the site folder is ever read.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
};

async function fileFor(root, path) {
  const file = resolve(root, "." + path);
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    const info = await stat(file);
    if (info.isFile()) return file;
    if (info.isDirectory() && path.endsWith("/")) {
      const index = join(file, "index.html");
      if ((await stat(index)).isFile()) return index;
    }
  } catch {
    // Missing: a 404 below.
  }
  return null;
}

/** Serves `dir` under `basePath` on a free loopback port. */
export async function serveSite(dir, basePath) {
  const root = resolve(dir);
  const server = createServer(async (request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    } catch {
      path = "";
    }
    const inner = path.startsWith(basePath) ? "/" + path.slice(basePath.length) : null;
    const file = inner === null ? null : await fileFor(root, inner);
    if (file) {
      response.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      });
      response.end(await readFile(file));
    } else {
      response.writeHead(404, { "content-type": TYPES[".html"] });
      response.end(await readFile(join(root, "404.html")));
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise((done) => server.close(done)),
  };
}
