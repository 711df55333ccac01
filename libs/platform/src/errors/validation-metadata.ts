import { getMetadataStorage } from 'class-validator';

// class-validator looks up a class's rules on every validate() call, and the lookup walks every
// class that has any rule in the process (an `instanceof` test per class for inherited rules): with
// the event catalog, the config classes and the DTOs loaded, that walk was 5.5% of a REST write's CPU
// in the fixture service, more than the validation itself (docs/benchmarks.md, City scale, "P2 REST
// write", fourth pass). The answer depends only on the class and the options, and changes only when
// a rule is added, so it is kept per class and options until the next rule is registered.

const MEMOISED = Symbol.for('civic.classValidator.memoisedTargetMetadatas');

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

/**
 * Memoises class-validator's per-class rule lookup on its process-wide metadata storage (once per
 * process; idempotent). Any rule added later (a class loaded late, registerSchema) clears the memo,
 * so a lookup answers exactly what class-validator's own would.
 */
export function memoiseValidationMetadata(): void {
  const storage = getMetadataStorage() as Storage & { [MEMOISED]?: true };
  if (storage[MEMOISED]) return;
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const addValidation = storage.addValidationMetadata.bind(storage);
  let memo = new Map<unknown, Map<string, ReturnType<Lookup>>>();
  storage.addValidationMetadata = (metadata) => {
    memo = new Map();
    addValidation(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups ? JSON.stringify(groups) : ''}`;
    let forTarget = memo.get(target);
    if (!forTarget) memo.set(target, (forTarget = new Map()));
    let found = forTarget.get(key);
    if (!found) forTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    // a copy: class-validator only reads the list, but a caller that changed it must not change the memo
    return found.slice();
  };
  storage[MEMOISED] = true;
}
