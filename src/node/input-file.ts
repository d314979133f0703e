import { stat } from 'node:fs/promises';
import { InputError } from './input-error.ts';

/** An input path that must be a file: one line, named `name`, when it is missing or not a file. */
export async function requireFile(path: string, name = path): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new InputError(`${name}: no such file`);
  if (!info.isFile()) throw new InputError(`${name}: not a file`);
}
