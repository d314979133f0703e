import { basename } from 'node:path';
import { readSavedModelArgument } from '../node/model-file.ts';
import { savedModelSql } from '../density/saved-model.ts';
import type { SqlDialect } from '../kmeans/scoring-sql.ts';
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
  const saved = await readSavedModelArgument(args.model);
  let query: string;
  try {
    query = savedModelSql(saved, { table: args.table, dialect: args.dialect, source: basename(args.model) });
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  await writeOutput(args.out ?? '-', async (write) => write(query), { inputs: [args.model], force: args.force, option: '--out' });
  if (args.out && args.out !== '-') process.stderr.write(`wrote ${args.out}\n`);
}

