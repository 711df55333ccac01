export * from './database';
export * from './infrastructure';
export * from './kafka';
export * from './clock';
export * from './folder-imports';
export * from './household-builder';
export * from './service-test-app';
export * from './service-process';
