export * from './database';
export * from './infrastructure';
