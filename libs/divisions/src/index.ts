export * from './division-reference.migration';
export * from './division-reference.listener';
export * from './known-divisions';
export * from './division-reference.module';
