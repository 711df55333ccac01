import { dciOpenApi } from '../src/dci/spec/dci-openapi';
import { Exchange } from './hub-test-kit';

/**
 * Checks what a suite exchanged with the gateway against the DCI document (spec/), with ajv: every
 * answer on a DCI path is valid for its operation and is application/json, a request the document
 * refuses was not acknowledged, every callback the gateway sent is a valid request of its path,
 * and every operation of the document was exercised. Returns the findings (empty when conformant).
 */
export function dciConformance(exchanges: Exchange[], callbacks: { path: string; body: unknown }[]): string[] {
  const spec = dciOpenApi();
  const operations = spec.paths();
  const findings: string[] = [];
  const seen = new Set<string>();
  for (const [i, x] of exchanges.entries()) {
    if (!operations.includes(x.path)) continue;
    seen.add(x.path);
    const at = `exchange ${i} POST ${x.path} (HTTP ${x.status})`;
    if (!/^application\/json/.test(x.contentType)) findings.push(`${at}: answered as ${x.contentType}`);
    for (const e of spec.response(x.path, x.response)) findings.push(`${at} answer: ${e}`);
    const requestErrors = spec.request(x.path, x.request);
    const answer = x.response as { message?: { ack_status?: string }; header?: { status?: string } };
    const accepted = answer?.message?.ack_status === 'ACK' || answer?.header?.status === 'succ';
    if (requestErrors.length && accepted)
      findings.push(`${at}: acknowledged a request the standard refuses (${requestErrors[0]})`);
  }
  for (const [i, c] of callbacks.entries()) {
    if (!operations.includes(c.path)) {
      findings.push(`callback ${i} to ${c.path}: not an operation of the document`);
      continue;
    }
    seen.add(c.path);
    for (const e of spec.request(c.path, c.body)) findings.push(`callback ${i} POST ${c.path}: ${e}`);
  }
  for (const op of operations) if (!seen.has(op)) findings.push(`operation ${op} was never exercised`);
  return findings;
}
