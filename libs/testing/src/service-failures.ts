// A service failure no test of the file can recover from: a service process that exited while the
// file's tests still run, or an invariant check that failed inside a service (the policy engine's
// EVALUATION_LOCK_CHECK). Inside a service such a failure is retried (the inbox redoes the run), not
// thrown at the test, so the test would wait for an effect that never comes until its timeout, 90 s
// and more, with the cause only in the service's log. The waits here (waitFor, awaitEvent) stop at the
// first failure recorded instead, naming it. Jest loads this module afresh for every test file.

let first: string | undefined;
/** Rejects with the first failure; every wait races it. */
let fail!: (failure: ServiceFailure) => void;
const failed = new Promise<never>((_, reject) => (fail = reject));
failed.catch(() => undefined);

class ServiceFailure extends Error {}

/** Records a failure of a service under test; every wait of this test file stops at it from now on. */
export function reportServiceFailure(what: string): void {
  if (first !== undefined) return;
  first = what;
  fail(new ServiceFailure(what));
}

/** The first failure recorded in this test file, if any. */
export function serviceFailure(): string | undefined {
  return first;
}

/** Resolves `work`, unless a service failure is recorded first (or was already): then it rejects naming it. */
export async function unlessServiceFails<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    // the failure first: of two settled promises, race takes the first listed
    return await Promise.race([failed, work]);
  } catch (e) {
    throw e instanceof ServiceFailure ? new Error(`stopped waiting for ${what}: ${e.message}`) : e;
  }
}

/**
 * The log sink of a service under test: writes each line on (to stdout by default) and records a
 * service failure for a line matching `fatal`.
 */
export function failingOn(
  fatal: RegExp,
  service: string,
  next: (line: string) => unknown = (line) => process.stdout.write(line),
) {
  return (line: string): void => {
    if (fatal.test(line)) reportServiceFailure(`${service} logged: ${line.trim()}`);
    next(line);
  };
}
