/**
 * The conformance suite: scenarios, targets, the runner, its reports and the library entry
 * point {@link runConformance}.
 */
export * from './scenario.js';
export * from './consumer-scenario.js';
export * from './target.js';
export * from './runner.js';
export { InProcessTarget, InProcessSession } from './in-process-target.js';
export * from './report.js';
export { htmlReport } from './html-report.js';
export type { HtmlReportOptions } from './html-report.js';
export { loadSpecRules, parseSpecRules } from './rules.js';
export type { SpecRule } from './rules.js';
export { match, substitute, show } from './match.js';
export type { Bindings, Mismatch } from './match.js';
export { NEGOTIABLE, reshape, restore } from './versions.js';
export type { NegotiableRange, Reshaped } from './versions.js';
export { Namespace } from './namespace.js';
export { rulePatterns, selectScenarios, citesAny, SelectionError } from './select.js';
export type { RulePattern } from './select.js';
export * from './run-conformance.js';
