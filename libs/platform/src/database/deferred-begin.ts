import { Client, Query } from 'pg';

// TypeORM opens every transaction with `START TRANSACTION` as a statement of its own and awaits it,
// so a transaction of two statements took four round trips (BEGIN, the two, COMMIT). This client,
// the pool's connection class (DatabaseModule), answers that BEGIN at once and sends it in the same
// write as the transaction's first statement, as one extended-protocol batch closed by a single
// Sync: the server runs the BEGIN, then the statement, and answers both in one round trip. Nothing
// can run outside the transaction: within one Sync a failed BEGIN makes the server skip the
// statement (it fails with the BEGIN's error), and a first statement that cannot join the batch (no
// parameters, which pg sends with the simple protocol and may hold several statements; a COPY or a
// cursor; a callback) goes after the BEGIN has answered, as before, with every later query held
// behind it. docs/benchmarks.md, City scale, "P2 REST write", fourth pass.

/** What TypeORM's PostgresQueryRunner.startTransaction sends at transaction depth 0. */
const BEGIN = 'START TRANSACTION';

/** The answer TypeORM gets for a deferred BEGIN (it reads nothing of it). */
const BEGUN = Object.freeze({ command: 'BEGIN', rowCount: null, oid: 0, fields: [], rows: [] });

type Callback = (err: Error | null, result?: unknown) => void;

/** pg's Connection, as far as the batch writes to it. */
interface Wire {
  parse(m: { text: string; name?: string; types?: unknown[] }): void;
  bind(m: { portal?: string; statement?: string; values?: unknown[] }): void;
  execute(m: { portal?: string; rows?: number }): void;
}

/**
 * A parameterised statement preceded by the deferred BEGIN in the same batch: the BEGIN's Parse,
 * Bind and Execute go out just before the statement's own messages (pg's `prepare`, inside its
 * corked write, after pg's checks of the query), and the BEGIN's CommandComplete is not the
 * statement's result.
 */
class BeginThenQuery extends Query {
  private beginWritten = false;
  beginAnswered = false;

  prepare(connection: Wire): void {
    if (!this.beginWritten) {
      this.beginWritten = true;
      connection.parse({ text: BEGIN, name: '', types: [] });
      connection.bind({ portal: '', statement: '', values: [] });
      connection.execute({ portal: '', rows: 0 });
    }
    (Query.prototype as unknown as { prepare(c: Wire): void }).prepare.call(this, connection);
  }

  handleCommandComplete(msg: { command?: string; text?: string }, connection: unknown): void {
    if (!this.beginAnswered) {
      this.beginAnswered = true;
      return;
    }
    (Query.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void }).handleCommandComplete.call(
      this,
      msg,
      connection,
    );
  }
}

/** pg's Client with TypeORM's BEGIN sent together with the transaction's first statement. */
export class DeferredBeginClient extends Client {
  /** START TRANSACTION accepted and not sent yet. */
  private beginDeferred = false;
  /**
   * A BEGIN sent and not answered yet (with the first statement or on its own): later queries go
   * after it (pg would not send them earlier either) and fail with it if it fails.
   */
  private beginInFlight: Promise<unknown> | undefined;

  // pg's query() has many overloads; this one takes and forwards them all
  override query(config: unknown, values?: unknown, callback?: unknown): never {
    return this.route(config, values, callback) as never;
  }

  private send(config: unknown, values?: unknown, callback?: unknown): unknown {
    return (Client.prototype.query as (...a: unknown[]) => unknown).call(this, config, values, callback);
  }

  private route(config: unknown, values?: unknown, callback?: unknown): unknown {
    if (this.beginInFlight) return this.after(this.beginInFlight, config, values, callback);
    const isBegin =
      config === BEGIN && (values === undefined || (Array.isArray(values) && !values.length)) && !callback;
    if (isBegin && !this.beginDeferred) {
      this.beginDeferred = true;
      return Promise.resolve(BEGUN);
    }
    if (!this.beginDeferred) return this.send(config, values, callback);
    this.beginDeferred = false;
    if (typeof config === 'string' && Array.isArray(values) && values.length && callback === undefined) {
      let query: BeginThenQuery;
      const result = new Promise((resolve, reject) => {
        query = new BeginThenQuery(config, values, ((err: Error | null, res: unknown) =>
          err ? reject(err) : resolve(res)) as never);
        this.send(query);
      });
      // the statement's own failure is its caller's; a BEGIN that did not answer fails what follows too
      this.hold(
        result.then(
          () => undefined,
          (e) => {
            if (!query.beginAnswered) throw e;
          },
        ),
      );
      return result;
    }
    // anything else goes after a BEGIN of its own, as TypeORM's awaited one did
    return this.after(this.hold(this.send(BEGIN) as Promise<unknown>), config, values, callback);
  }

  private hold(begin: Promise<unknown>): Promise<unknown> {
    const held: Promise<unknown> = begin.finally(() => {
      if (this.beginInFlight === held) this.beginInFlight = undefined;
    });
    held.catch(() => undefined); // failed through the queries that wait for it
    this.beginInFlight = held;
    return held;
  }

  /** Sends the query once `begin` has answered; a failed BEGIN fails it instead of running it outside the transaction. */
  private after(begin: Promise<unknown>, config: unknown, values?: unknown, callback?: unknown): unknown {
    const sent = begin.then(() => this.send(config, values, callback));
    if (typeof (config as { submit?: unknown })?.submit === 'function') {
      const connection = (this as unknown as { connection: unknown }).connection;
      sent.catch((e: Error) => (config as { handleError(e: Error, c: unknown): void }).handleError(e, connection));
      return config;
    }
    const cb = (typeof values === 'function' ? values : callback) as Callback | undefined;
    if (cb) {
      sent.catch((e: Error) => cb(e));
      return undefined;
    }
    return sent;
  }
}
