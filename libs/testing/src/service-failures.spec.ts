// Each test loads the modules afresh: a failure recorded stays recorded for the rest of a test file.
const fresh = async () => {
  let modules!: { failures: typeof import('./service-failures'); database: typeof import('./database') };
  await jest.isolateModulesAsync(async () => {
    modules = { failures: await import('./service-failures'), database: await import('./database') };
  });
  return modules;
};

const never = () => Promise.resolve(undefined);

describe('service failures', () => {
  it('stop a waitFor at the failure instead of its timeout, naming both', async () => {
    const { failures, database } = await fresh();
    const started = Date.now();
    setTimeout(
      () => failures.reportServiceFailure('policy-engine logged: 1 of 2 people evaluated without their lock'),
      50,
    );
    await expect(database.waitFor('the alert', never, 30_000, 10)).rejects.toThrow(
      'stopped waiting for the alert: policy-engine logged: 1 of 2 people evaluated without their lock',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('leave a waitFor alone while no failure is recorded', async () => {
    const { database } = await fresh();
    let calls = 0;
    await expect(
      database.waitFor('the third call', async () => (++calls === 3 ? 'done' : undefined), 5_000, 1),
    ).resolves.toBe('done');
    await expect(database.waitFor('nothing', never, 30, 5)).rejects.toThrow(
      'timed out after 30 ms waiting for nothing',
    );
  });

  it('reject a wrapped wait when a failure comes during it or came before it, and keep the first', async () => {
    const { failures } = await fresh();
    const pending = new Promise<string>(() => undefined);
    const during = failures.unlessServiceFails('a record on t', pending);
    failures.reportServiceFailure('governance process exited (SIGKILL)');
    failures.reportServiceFailure('a later one');
    await expect(during).rejects.toThrow('stopped waiting for a record on t: governance process exited (SIGKILL)');
    await expect(failures.unlessServiceFails('another record', Promise.resolve('late'))).rejects.toThrow(
      'stopped waiting for another record: governance process exited (SIGKILL)',
    );
    expect(failures.serviceFailure()).toBe('governance process exited (SIGKILL)');
  });

  it('pass a wrapped wait through while no failure is recorded', async () => {
    const { failures } = await fresh();
    await expect(failures.unlessServiceFails('x', Promise.resolve(7))).resolves.toBe(7);
    await expect(failures.unlessServiceFails('y', Promise.reject(new Error('its own')))).rejects.toThrow('its own');
    expect(failures.serviceFailure()).toBeUndefined();
  });

  it('record a matching log line and pass every line on', async () => {
    const { failures } = await fresh();
    const written: string[] = [];
    const sink = failures.failingOn(/without their lock/, 'policy-engine', (l) => written.push(l));
    sink('{"level":"warn","msg":"slow"}\n');
    expect(failures.serviceFailure()).toBeUndefined();
    sink('{"level":"error","msg":"2 of 3 people evaluated without their lock, t1:x first"}\n');
    expect(written).toHaveLength(2);
    expect(failures.serviceFailure()).toBe(
      'policy-engine logged: {"level":"error","msg":"2 of 3 people evaluated without their lock, t1:x first"}',
    );
  });
});
