import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * The built page (`dist/`) served from this machine, with the files a command hands it: its own
 * small HTTP server (no dev server), cross-origin isolated as `vite preview` serves it, on
 * 127.0.0.1 only. `/served/data` and `/served/model` are the customers and the model file.
 */
export interface ServedFiles {
  /** None where the page opens a shipped dataset of its own. */
  readonly data?: string;
  readonly model?: string;
}

/** The page's headers: cross-origin isolation (SharedArrayBuffer for DBSCAN's helpers). */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.wgsl': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
};

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...ISOLATION_HEADERS });
  response.end(text);
}

async function sendFile(response: ServerResponse, path: string, type: string, cache: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return send(response, 404, 'not found');
  response.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': cache, ...ISOLATION_HEADERS });
  createReadStream(path).pipe(response);
}

/** Starts the server on `port` (0: any free one); resolves with it listening, and its address. */
export async function servePage(root: string, files: ServedFiles, port: number): Promise<{ server: Server; address: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'only GET');
    // The analyst's files: read afresh on each request, never cached.
    if (path === '/served/data' && files.data) return void sendFile(response, files.data, 'application/octet-stream', 'no-store');
    if (path === '/served/model' && files.model) return void sendFile(response, files.model, 'application/json', 'no-store');
    const relative = normalize(path === '/' ? 'index.html' : path.slice(1));
    // Nothing outside the built page.
    if (relative.startsWith('..') || relative.split(sep).includes('..')) return send(response, 403, 'outside the page');
    void sendFile(response, join(root, relative), TYPES[extname(relative)] ?? 'application/octet-stream', 'no-cache');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = server.address();
  const actual = typeof bound === 'object' && bound ? bound.port : port;
  return { server, address: `http://127.0.0.1:${actual}/` };
}
