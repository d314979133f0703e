import { createWriteStream, fstatSync, statSync, type WriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, lstat, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './input-error.ts';
import { ownTemporary, releaseTemporary } from './temporary-files.ts';

export type Write = (chunk: string | Uint8Array) => Promise<void>;

export interface OutputOptions {
  /** Input files of this run: an output naming one of them is refused unless `force`. */
  readonly inputs?: readonly string[];
  readonly force?: boolean;
  /** The option that named the output, for messages ("--out"). */
  readonly option?: string;
}

/** Why a write failed, in words (Node's codes are for programs). */
const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'the folder does not exist',
  EFBIG: 'the file is too large for the file system',
  EPIPE: 'the reader closed the pipe',
  EIO: 'an input/output error',
};

/** The one line a failed write prints: the path and the cause. */
export function writeFailure(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const cause = CAUSES[code] ?? (error instanceof Error ? error.message : String(error));
  return new InputError(`${path}: cannot write: ${cause}`);
}

/** Whether an output path is this process's standard output (`-`, `/dev/stdout`, or the file it was redirected to). */
export function isStandardOutput(path: string | undefined): boolean {
  if (path === undefined) return false;
  if (path === '-') return true;
  try {
    const out = fstatSync(1);
    const target = statSync(path);
    return out.dev === target.dev && out.ino === target.ino;
  } catch {
    return false;
  }
}

/** Where a regular-file output really goes: through symbolic links (even dangling ones) to their target. */
async function finalTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    // Absent, or a link to a file that does not exist yet: follow the links by hand.
    let target = resolve(path);
    for (let hops = 0; hops < 40; hops++) {
      const info = await lstat(target).catch(() => null);
      if (!info?.isSymbolicLink()) return target;
      target = resolve(dirname(target), await readlink(target));
    }
    throw new InputError(`${path}: cannot write: too many symbolic links`);
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return Boolean(x && y && x.dev === y.dev && x.ino === y.ino);
}

/** Resolve on `event`, reject on 'error', and leave no listener behind either way. */
function settle(stream: NodeJS.WritableStream, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('error', failed);
      resolve();
    };
    const failed = (error: Error) => {
      stream.off(event, done);
      reject(error);
    };
    stream.once(event, done);
    stream.once('error', failed);
  });
}

function streamWriter(stream: NodeJS.WritableStream): { write: Write; failed: () => Error | null } {
  let failure: Error | null = null;
  stream.on('error', (error: Error) => (failure ??= error));
  const write: Write = async (chunk) => {
    if (failure) throw failure;
    if (!stream.write(chunk)) await settle(stream, 'drain');
    if (failure) throw failure;
  };
  return { write, failed: () => failure };
}

async function finish(stream: WriteStream, failed: () => Error | null): Promise<void> {
  const finished = settle(stream, 'finish');
  stream.end();
  await finished;
  const failure = failed();
  if (failure) throw failure;
}

/** Write all that `produce` gives into `file`, opened with `flags`; any failure is one line naming `path`. */
async function writeStreamTo(file: string, flags: string, produce: (write: Write) => Promise<void>, path: string): Promise<void> {
  const stream = createWriteStream(file, { flags });
  const { write, failed } = streamWriter(stream);
  try {
    await settle(stream, 'open');
    await produce(write);
    await finish(stream, failed);
  } catch (error) {
    stream.destroy();
    // Only the output's own failures are worded as such; what producing the content threw goes on as it is.
    if (error === failed() || (error as NodeJS.ErrnoException | null)?.path === file) throw writeFailure(path, error);
    throw error;
  }
}

/**
 * Write an output the way a careful Unix tool does:
 * - `-` is standard output;
 * - a device, a pipe or a socket (`/dev/stdout`, a FIFO) is written directly, never replaced;
 * - a regular file is written under a temporary name beside its real target (through symbolic
 *   links) and renamed into place when every byte is out, so a failure leaves no partial file
 *   and the link stays a link; the temporary file goes on error and on Ctrl-C;
 * - an output that is one of the run's inputs is refused unless forced;
 * - every failure is one line naming the path and the cause.
 */
export async function writeOutput(path: string, produce: (write: Write) => Promise<void>, options: OutputOptions = {}): Promise<void> {
  // `-`, `/dev/stdout` or the file standard output is redirected to (`>> log`): written through the descriptor, never replaced.
  if (isStandardOutput(path)) {
    const { write, failed } = streamWriter(process.stdout);
    try {
      await produce(write);
    } catch (error) {
      if (error !== failed()) throw error;
      // The reader went away (`| head`): stop quietly, with the exit status of a Unix tool killed by SIGPIPE.
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(141);
      throw writeFailure('standard output', error);
    }
    return;
  }
  await checkOutput(path, options);
  const existing = await stat(path).catch(() => null);
  // A device, a FIFO or a socket: write to it; renaming over it would replace the node.
  if (existing && !existing.isFile()) return writeStreamTo(path, 'w', produce, path);

  const target = await finalTarget(path);
  const folder = dirname(target);
  // A random part: a leftover of a killed run, or another process writing the same output, never clashes.
  const temporary = join(folder, `.${basename(target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  ownTemporary(temporary);
  try {
    await writeStreamTo(temporary, 'wx', produce, path);
    // A file replaced keeps its permissions (a customer file kept private stays private).
    if (existing) await chmod(temporary, existing.mode & 0o7777).catch(() => undefined);
    await rename(temporary, target).catch((error: unknown) => {
      throw writeFailure(path, error);
    });
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    releaseTemporary(temporary);
  }
}

/**
 * Before any work: refuse an output that is an input (unless forced) or that goes into a folder
 * that does not exist, so a long run does not end in an error it could have given at once.
 */
export async function checkOutput(path: string | undefined, options: OutputOptions = {}): Promise<void> {
  if (path === undefined || isStandardOutput(path)) return;
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw new InputError(`${path}: cannot write: it is a folder`);
  for (const input of options.inputs ?? []) {
    if (input !== '-' && existing && (await sameFile(path, input)) && !options.force) {
      throw new InputError(`${path}: ${options.option ?? 'the output'} is the input file; choose another name, or add --force to replace it`);
    }
  }
  if (existing && !existing.isFile()) return;
  const folder = dirname(await finalTarget(path));
  const folderInfo = await stat(folder).catch(() => null);
  if (!folderInfo) throw new InputError(`${path}: cannot write: the folder ${folder} does not exist`);
  if (!folderInfo.isDirectory()) throw new InputError(`${path}: cannot write: ${folder} is not a folder`);
}
