/** The few assertions the web suite needs: the web worker extension host has no node:assert. */
export function ok(value: unknown, message = 'expected a truthy value'): asserts value {
  if (!value) throw new Error(message);
}

export function equal<T>(actual: T, expected: T, message?: string): void {
  if (actual !== expected) throw new Error(message ?? `${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
}

export function match(text: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(text)) throw new Error(message ?? `${JSON.stringify(text.slice(0, 2000))} does not match ${pattern}`);
}
