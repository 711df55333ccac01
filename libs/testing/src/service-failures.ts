// A service failure no test of the file can recover from: a service process that exited while the
// file's tests still run, or an invariant check that failed inside a service (the policy engine's
// EVALUATION_LOCK_CHECK). Inside a service such a failure is retried (the inbox redoes the run), not
// thrown at the test, so the test would wait for an effect that never comes until its timeout, 90 s
// and more, with the cause only in the service's log. The waits here (waitFor, awaitEvent) stop at the
// first failure recorded instead, naming it. Jest loads this module afresh for every test file.

let first: string | undefined;
const waiting = new Set<(failure: string) => void>();

/** Records a failure of a service under test; every wait of this test file stops at it from now on. */
export function reportServiceFailure(what: string): void {
  if (first !== undefined) return;
  first = what;
  for (const stop of waiting) stop(what);
  waiting.clear();
}

/** The first failure recorded in this test file, if any. */
export function serviceFailure(): string | undefined {
  return first;
}

/** Resolves `work`, unless a service failure is recorded first (or was already): then it rejects naming it. */
export function unlessServiceFails<T>(what: string, work: Promise<T>): Promise<T> {
  const failed = (failure: string) => new Error(`stopped waiting for ${what}: ${failure}`);
  if (first !== undefined) {
    work.catch(() => undefined);
    return Promise.reject(failed(first));
  }
  return new Promise<T>((resolve, reject) => {
    const stop = (failure: string) => {
      work.catch(() => undefined);
      reject(failed(failure));
    };
    waiting.add(stop);
    work.then(
      (v) => (waiting.delete(stop), resolve(v)),
      (e) => (waiting.delete(stop), reject(e)),
    );
  });
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
