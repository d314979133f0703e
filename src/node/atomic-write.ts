import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';

/**
 * Write a file through a temporary name and rename it into place only when every byte is
 * written: a failure leaves no partial output behind.
 */
export async function writeAtomically(path: string, produce: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
  const temporary = `${path}.partial-${process.pid}`;
  const stream = createWriteStream(temporary, 'utf8');
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  try {
    await produce(write);
    stream.end();
    await once(stream, 'finish');
    await rename(temporary, path);
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}
