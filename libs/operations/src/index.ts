export * from './dead-letters.module';
export * from './dead-letter.dto';
export * from './person-refs/person-ref-alias.migration';
export * from './person-refs/person-ref-conflict.migration';
export * from './person-refs/person-ref-aliases';
export * from './person-refs/person-ref-rekeying';
export * from './person-refs/person-ref-rekey.parts';
export * from './person-refs/rotation-bench';
