// The one way the UI talks to the app: the generated bindings, unwrapped.
// A failed command throws a CommandError whose `kind` the UI branches on.
import { commands, type IpcError, type ErrorKind, type FilterDto } from './bindings';

export { commands };

export class CommandError extends Error {
  readonly kind: ErrorKind;
  readonly fields: IpcError['fields'];
  constructor(readonly error: IpcError) {
    super(error.message);
    this.kind = error.kind;
    this.fields = error.fields;
  }
}

type Outcome<T> = { status: 'ok'; data: T } | { status: 'error'; error: IpcError };

export async function call<T>(pending: Promise<Outcome<T>>): Promise<T> {
  const outcome = await pending;
  if (outcome.status === 'error') throw new CommandError(outcome.error);
  return outcome.data;
}

/** A filter with nothing set; callers fill in what they need. */
export function emptyFilter(): FilterDto {
  return {
    family: null, from: null, to: null, theme: null, need: null, need_status: null,
    outcome: null, municipality: null, text: null, limit: null, offset: null,
  };
}
