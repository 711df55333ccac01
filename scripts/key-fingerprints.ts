// Prints the PERSON_REF_KEY_FINGERPRINTS value for a personRef key ring (docs/operations.md "Keys"):
//   PERSON_REF_KEYS='{"current":"k1","keys":{"k1":"hex:..."}}' npm run -s keys:fingerprint
// The fingerprints identify the keys without revealing them; put the output in the configuration
// every service shares, and a service holding another ring refuses to start.
import { keyFingerprints } from '@civic/identity';

const raw = process.env.PERSON_REF_KEYS;
if (!raw) {
  console.error('set PERSON_REF_KEYS to the key ring (JSON {"current":..., "keys":{...}})');
  process.exit(2);
}
try {
  console.log(JSON.stringify(keyFingerprints(JSON.parse(raw))));
} catch (e) {
  // the message names the problem, never the secret (libs/identity/src/key-ring.ts)
  console.error(
    `PERSON_REF_KEYS is not a usable key ring: ${e instanceof SyntaxError ? 'not JSON' : (e as Error).message}`,
  );
  process.exit(1);
}
