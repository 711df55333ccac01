export * from './dead-letters.module';
export * from './dead-letter.dto';
