/** A problem with the user's input: its message is the one line the command line prints. */
export class InputError extends Error {
  override name = 'InputError';
}
