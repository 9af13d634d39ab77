/**
 * The one error type the library throws or rejects with. `code` tells callers what happened
 * without parsing messages; `details` carries data for some codes (see {@link ErrorCode}).
 */

/**
 * - `invalid-params`: the core rejected the scenario or its parameters; `details` is a
 *   `ParamError[]` (an unknown scenario is reported as an error on the param `"scenario"`).
 * - `unknown-scenario`: reserved for calls that take only a scenario name.
 * - `cancelled`: the run was cancelled by its owner.
 * - `worker-crashed`: the worker running it died; the pool replaces the worker.
 * - `bad-message`: a worker received a message it does not understand.
 * - `disposed`: the pool was disposed.
 * - `unsupported`: the scenario does not offer what was asked (e.g. checkpoints).
 * - `run-ended`: the run has already finished, failed or been cancelled.
 * - `internal`: anything else (a bug; the message says where).
 */
export type ErrorCode =
  | 'invalid-params'
  | 'unknown-scenario'
  | 'cancelled'
  | 'worker-crashed'
  | 'bad-message'
  | 'disposed'
  | 'unsupported'
  | 'run-ended'
  | 'internal';

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'invalid-params',
  'unknown-scenario',
  'cancelled',
  'worker-crashed',
  'bad-message',
  'disposed',
  'unsupported',
  'run-ended',
  'internal',
]);

export class FastslowError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'FastslowError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

/** An error as plain data, the way it crosses a worker boundary. */
export interface ErrorData {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODES.has(value);
}

export function toErrorData(error: unknown): ErrorData {
  if (error instanceof FastslowError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  return { code: 'internal', message: describe(error) };
}

export function fromErrorData(data: ErrorData): FastslowError {
  return new FastslowError(data.code, data.message, data.details);
}

/** A one-line description of anything thrown (wasm traps and Embind errors included). */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
