import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * Starts a CPU profile of this process (the inspector's profiler), for a bench that profiles only
 * its measured part (start-up and baselines left out); the returned function stops it and writes
 * the .cpuprofile file.
 */
export async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => session.post(method, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return async (file) => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
