export * from './database';
export * from './infrastructure';
export * from './kafka';
