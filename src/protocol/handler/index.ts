/**
 * The handler contract and the one way handlers build their results.
 * @packageDocumentation
 */
export * from './contract.js';
export * from './group-draft.js';
