/**
 * The conformance suite: scenarios, targets and the runner.
 */
export * from './scenario.js';
export * from './target.js';
export * from './runner.js';
export { InProcessTarget, InProcessSession } from './in-process-target.js';
export * from './report.js';
export { loadSpecRules, parseSpecRules } from './rules.js';
export type { SpecRule } from './rules.js';
export { match, substitute, show } from './match.js';
export type { Bindings, Mismatch } from './match.js';
export { NEGOTIABLE, reshape, restore } from './versions.js';
export type { NegotiableRange, Reshaped } from './versions.js';
export { Namespace } from './namespace.js';
