import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { unpackWorkspace } from '../data/workspace-archive.ts';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSavedModelArgument } from '../node/model-file.ts';
import { InputError } from '../node/input-error.ts';
import { requireFile } from '../node/input-file.ts';
import { servePage } from '../node/page-server.ts';

export interface OpenArgs {
  readonly file: string;
  readonly model?: string;
  /** 0: any free port. */
  readonly port: number;
  /** Open the system's browser on the page. */
  readonly open: boolean;
}

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILT = join(PROJECT, 'dist');

/** The newest modification time under a folder (the page's sources). */
async function newest(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  return Math.max(info.mtimeMs, ...(await Promise.all(entries.map((entry) => newest(join(path, entry))))));
}

/** The built page, built first where it is missing or older than its sources (about half a minute, once). */
async function builtPage(log: (line: string) => void): Promise<string> {
  const built = await stat(join(BUILT, 'index.html')).catch(() => null);
  const sources = Math.max(...(await Promise.all(['src', 'shaders', 'index.html'].map((part) => newest(join(PROJECT, part))))));
  if (!built || built.mtimeMs < sources) {
    log(built ? 'the page changed since it was built: building it again…' : 'building the page once (dist/)…');
    const { build } = await import('vite');
    await build({ root: PROJECT, logLevel: 'warn' });
  }
  return BUILT;
}

/** The system's way to open an address in the browser, where there is one. */
function openBrowser(url: string, log: (line: string) => void): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => log(`no browser could be opened here (${command}); open the address above`));
  child.unref();
}

/**
 * `kmeans open FILE [--model M]`: the workbench page on a local port with the customers (CSV or
 * Parquet) already imported, and assigned to the model's segments when one is given, or a
 * workspace file (.zip) put back whole; stops on Ctrl-C. The files are checked before the server
 * starts.
 */
export async function openCommand(args: OpenArgs): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  await requireFile(args.file);
  if (extname(args.file).toLowerCase() === '.zip') {
    // A workspace file: checked here, put back whole by the page.
    if (args.model) throw new InputError(`${args.file}: a workspace holds its own view; open it without --model`);
    try {
      unpackWorkspace(new Uint8Array(await readFile(args.file)), basename(args.file));
    } catch (error) {
      throw new InputError(error instanceof Error ? error.message : String(error));
    }
  }
  if (args.model) await readSavedModelArgument(args.model);
  const root = await builtPage(log);
  let serving;
  try {
    serving = await servePage(root, { data: args.file, ...(args.model ? { model: args.model } : {}) }, args.port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'EADDRINUSE' ? `port ${args.port} is in use: choose another with --port (0: any free one)` : `the page's server could not start (${code ?? String(error)})`);
  }
  const query = new URLSearchParams({ served: basename(args.file), ...(args.model ? { servedModel: basename(args.model) } : {}), n: '2000', intro: 'false' });
  const url = `${serving.address}?${query}`;
  process.stdout.write(`${url}\n`);
  log(`the workbench is at the address above with ${basename(args.file)}${args.model ? ` and ${basename(args.model)}` : ''}; Ctrl-C stops it`);
  if (args.open) openBrowser(url, log);
  await new Promise<void>((resolve) => {
    const stop = () => {
      serving.server.closeAllConnections();
      serving.server.close(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log('stopped');
}
