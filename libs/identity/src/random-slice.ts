import { randomBytes } from 'node:crypto';

// A randomBytes call per few bytes costs more than the bytes (~15 µs in Node 24, as much as an AES-GCM
// encryption): the ID cipher draws an IV per number and every request draws trace ids
// (docs/benchmarks.md, City scale, hub import and P2). So bytes come from draws of 4 KiB, each byte
// handed out once; Node's randomUUID buffers its entropy the same way. Each draw is a new buffer,
// not a refill in place, so a slice handed out earlier stays what it was.
const DRAW_BYTES = 4096;
let draw = Buffer.alloc(0);
let at = 0;

/** `bytes` (at most 4096) fresh bytes from the CSPRNG, never handed out before. */
export function randomSlice(bytes: number): Buffer {
  if (bytes > DRAW_BYTES) throw new RangeError(`randomSlice: at most ${DRAW_BYTES} bytes, not ${bytes}`);
  if (at + bytes > draw.length) {
    draw = randomBytes(DRAW_BYTES);
    at = 0;
  }
  const slice = draw.subarray(at, at + bytes);
  at += bytes;
  return slice;
}
