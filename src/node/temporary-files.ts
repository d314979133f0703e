import { rmSync } from 'node:fs';

/**
 * Temporary files this process owns (partial outputs, standard input spooled to disk). On
 * Ctrl-C or a kill they are removed before the process exits with the shell's code for the
 * signal (130, 143), so an interrupted run leaves nothing behind.
 */
const owned = new Set<string>();
let installed = false;

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

function removeAll(): void {
  for (const path of owned) rmSync(path, { force: true });
  owned.clear();
}

export function ownTemporary(path: string): void {
  owned.add(path);
  if (installed) return;
  installed = true;
  for (const [signal, code] of Object.entries(EXIT_CODES)) {
    process.on(signal, () => {
      removeAll();
      process.exit(code);
    });
  }
  process.on('exit', removeAll);
}

export function releaseTemporary(path: string): void {
  owned.delete(path);
}
