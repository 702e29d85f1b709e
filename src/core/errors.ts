/**
 * The one error type the core throws on purpose. Its message is a complete sentence meant for
 * the user; anything else escaping the core is a bug.
 */
export class UserError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** A message for any thrown value, for places that must show something rather than crash. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
