import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readModelFile, type ForeignModelOptions } from '../kmeans/foreign-model.ts';
import type { SegmentModel } from '../kmeans/model.ts';
import { readSavedModel, type SavedModel } from '../density/saved-model.ts';
import { InputError } from './input-error.ts';
import { requireFile } from './input-file.ts';

/** A file's text, or one sentence saying it is not there. */
async function readTextFile(path: string): Promise<string> {
  await requireFile(path);
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`${path}: cannot be read (${error.code ?? error.message})`);
  });
}

/**
 * The model a command was given (`--model`): the workbench's own file, or BigQuery's ML.CENTROIDS
 * or Spark's centres (foreign-model.ts); any problem is the command's one line.
 */
export async function readModelArgument(path: string, options: { features?: readonly string[]; scaling?: string; warnUnscaled?: boolean } = {}): Promise<SegmentModel> {
  const text = await readTextFile(path);
  const foreign: ForeignModelOptions = {
    ...(options.features ? { features: options.features } : {}),
    ...(options.scaling ? { scaling: { text: await readTextFile(options.scaling), file: basename(options.scaling) } } : {}),
  };
  let model: SegmentModel;
  try {
    model = readModelFile(text, basename(path), foreign);
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  if (options.warnUnscaled !== false) noteUnscaled(model, path);
  return model;
}

/** The model `assign` and `sql` were given: KMeans (any source) or density; any problem is the command's one line. */
export async function readSavedModelArgument(path: string): Promise<SavedModel> {
  const text = await readTextFile(path);
  let saved: SavedModel;
  try {
    saved = readSavedModel(text, basename(path));
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  if (saved.kind === 'kmeans') noteUnscaled(saved.model, path);
  return saved;
}

/** BigQuery standardizes by default: centroids taken without its scaling may not assign as it does. */
function noteUnscaled(model: SegmentModel, path: string): void {
  if (model.source && !model.scaled) {
    process.stderr.write(`note: ${basename(path)} has no scaling: distances are measured in the input's units (kmeans import-model --scaling gives the warehouse's)\n`);
  }
}
