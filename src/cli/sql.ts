import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseModel } from '../kmeans/model.ts';
import { scoringSql, type SqlDialect } from '../kmeans/scoring-sql.ts';
import { InputError } from '../node/input-error.ts';
import { writeOutput } from '../node/output-file.ts';

export interface SqlArgs {
  readonly model: string;
  readonly table: string;
  readonly dialect: SqlDialect;
  /** Where the SELECT goes ("-" or absent: standard output). */
  readonly out?: string;
  readonly force?: boolean;
}

/** `sql`: the SELECT that scores a table with a saved model where the data lives. */
export async function sqlCommand(args: SqlArgs): Promise<void> {
  let text: string;
  try {
    text = await readFile(args.model, 'utf8');
  } catch {
    throw new InputError(`${args.model}: no such file`);
  }
  let query: string;
  try {
    query = scoringSql(parseModel(text, basename(args.model)), { table: args.table, dialect: args.dialect, source: basename(args.model) });
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  await writeOutput(args.out ?? '-', async (write) => write(query), { inputs: [args.model], force: args.force, option: '--out' });
  if (args.out && args.out !== '-') process.stderr.write(`wrote ${args.out}\n`);
}
