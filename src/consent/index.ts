/**
 * The consent registry's rules: pure, like the rules engine (no Fastify, Prisma, I/O or clock).
 * See README.md in this directory.
 */
export * from './answers.js';
export * from './match.js';
export { SOURCES } from './sources.js';
export { type Labels, REASON_SOURCES, reasonText } from './texts.js';
export type * from './types.js';
export * from './use.js';
export * from './vocabulary.js';
