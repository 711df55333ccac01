import { EventEnvelope } from '@civic/contracts';
import { MessageHandler } from '@nestjs/microservices';
import { InboxContext } from '../inbox/inbox-context';
import { RunItemFailed } from '../inbox/inbox-consumer.options';
import { INBOX_RUN } from './inbox-listener.decorator';
import { InboxTransport, InboxTransportOptions } from './inbox.transport';

/** The transport's handler look-up (remembered per type and version), without a broker: pure dispatch logic. */
describe('InboxTransport handler look-up', () => {
  const event = (type: string, dataversion: number) => ({ type, dataversion }) as EventEnvelope;
  const handler = (name: string) => Object.assign(async () => name, { isEventHandler: true }) as MessageHandler;
  const lookUp = (t: InboxTransport, e: EventEnvelope) =>
    (t as unknown as { handlerFor(e: EventEnvelope): MessageHandler | null }).handlerFor(e);

  it('prefers the versioned handler, falls back to the type, and answers a handler added after a look-up', async () => {
    const t = new InboxTransport({} as InboxTransportOptions);
    expect(lookUp(t, event('thing.created', 1))).toBeNull();

    const any = handler('any version');
    t.addHandler('thing.created', any, true);
    expect(lookUp(t, event('thing.created', 1))).toBe(t.getHandlers().get('thing.created'));
    expect(await lookUp(t, event('thing.created', 1))!(undefined)).toBe('any version');

    // remembered look-ups must not hide a handler registered later
    t.addHandler('thing.created@v2', handler('v2 only'), true);
    expect(await lookUp(t, event('thing.created', 2))!(undefined)).toBe('v2 only');
    expect(await lookUp(t, event('thing.created', 1))!(undefined)).toBe('any version');
    expect(lookUp(t, event('other.thing', 1))).toBeNull();
  });

  it('looks each type and version up in Nest once, however many events carry it', () => {
    const t = new InboxTransport({} as InboxTransportOptions);
    t.addHandler('thing.created', handler('any version'), true);
    const nest = jest.spyOn(t, 'getHandlerByPattern');
    for (let i = 0; i < 100; i++) lookUp(t, event('thing.created', 1));
    // the versioned pattern, then the type: Nest's JSON.parse of each throws, which cost 8% of a drain's CPU
    expect(nest.mock.calls.map(([p]) => p)).toEqual(['thing.created@v1', 'thing.created']);
  });

  it("maps a run handler's RunItemFailed index from its slice to the run", async () => {
    const t = new InboxTransport({} as InboxTransportOptions);
    t.addHandler('single.thing', handler('single'), true);
    const run = Object.assign(
      async (events: EventEnvelope[]) => {
        throw new RunItemFailed(events.length - 1, new Error('the last one fails'));
      },
      { isEventHandler: true },
    ) as unknown as MessageHandler;
    t.addHandler('run.thing', run, true, { [INBOX_RUN]: true });
    const items = [event('single.thing', 1), event('run.thing', 1), event('run.thing', 1), event('run.thing', 1)].map(
      (e) => ({ event: e, ctx: { manager: undefined } as unknown as InboxContext }),
    );
    const dispatchRun = (t as unknown as { dispatchRun(i: typeof items): Promise<void> }).dispatchRun.bind(t);
    const failure = await dispatchRun(items).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RunItemFailed);
    // the run handler's slice starts at 1: its item 2 is the run's item 3
    expect((failure as RunItemFailed).index).toBe(3);
  });
});
