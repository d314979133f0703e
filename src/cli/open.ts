import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { unpackWorkspace } from '../data/workspace-archive.ts';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSavedModelArgument } from '../node/model-file.ts';
import { InputError } from '../node/input-error.ts';
import { requireFile } from '../node/input-file.ts';
import { servePage } from '../node/page-server.ts';
import { sampleDataset, sampleNames } from '../data/sample-datasets.ts';

export interface OpenArgs {
  /** The customers or a workspace file; or none, with `sample`. */
  readonly file?: string;
  /** A shipped real dataset's name, in place of a file. */
  readonly sample?: string;
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
  const sources = Math.max(...(await Promise.all(['src', 'shaders', 'public', 'index.html'].map((part) => newest(join(PROJECT, part))))));
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

/** What `open` was asked to show: a file, or a shipped dataset by name; exactly one. */
function openedThing(args: OpenArgs): { file: string | null; sample: string | null; label: string } {
  if (args.file && args.sample) throw new InputError(`open takes a file or --sample, not both (${args.file}, --sample ${args.sample})`);
  if (args.sample) {
    const dataset = sampleDataset(args.sample);
    if (!dataset) throw new InputError(`--sample: there is no shipped dataset named "${args.sample}"; the datasets are ${sampleNames()}`);
    return { file: null, sample: dataset.id, label: `${dataset.title} (${dataset.rows} rows)` };
  }
  if (!args.file) throw new InputError(`open needs a file (CSV, Parquet or a workspace .zip) or --sample NAME (${sampleNames()})`);
  return { file: args.file, sample: null, label: basename(args.file) };
}

/**
 * `kmeans open FILE [--model M]` or `kmeans open --sample NAME`: the workbench page on a local
 * port with the customers (CSV or Parquet, or a shipped real dataset) already imported, and
 * assigned to the model's segments when one is given, or a workspace file (.zip) put back whole;
 * stops on Ctrl-C (exit status 130). The files are checked before the server starts; nothing is written.
 */
export async function openCommand(args: OpenArgs): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  const { file, sample, label } = openedThing(args);
  if (file) await requireFile(file);
  if (file && extname(file).toLowerCase() === '.zip') {
    // A workspace file: checked here, put back whole by the page.
    if (args.model) throw new InputError(`${file}: a workspace holds its own view; open it without --model`);
    try {
      unpackWorkspace(new Uint8Array(await readFile(file)), basename(file));
    } catch (error) {
      throw new InputError(error instanceof Error ? error.message : String(error));
    }
  }
  if (args.model) await readSavedModelArgument(args.model);
  const root = await builtPage(log);
  let serving;
  try {
    serving = await servePage(root, { ...(file ? { data: file } : {}), ...(args.model ? { model: args.model } : {}) }, args.port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'EADDRINUSE' ? `port ${args.port} is in use: choose another with --port (0: any free one)` : `the page's server could not start (${code ?? String(error)})`);
  }
  const query = new URLSearchParams({
    ...(file ? { served: basename(file) } : {}), ...(sample ? { sample } : {}), ...(args.model ? { servedModel: basename(args.model) } : {}), n: '2000', intro: 'false',
  });
  const url = `${serving.address}?${query}`;
  process.stdout.write(`${url}\n`);
  log(`the workbench is at the address above with ${label}${args.model ? ` and ${basename(args.model)}` : ''}; Ctrl-C stops it`);
  if (args.open) openBrowser(url, log);
  // Stopped by a signal: the shell's convention, 128 + its number (Ctrl-C: 130).
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals) => {
      serving.server.closeAllConnections();
      serving.server.close(() => resolve(received));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log('stopped');
  process.exitCode = signal === 'SIGINT' ? 130 : 143;
}
