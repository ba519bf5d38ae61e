export { assessReadiness, type AssessOptions } from './assess.js';
export { evaluateReadiness, MANUAL_STEPS, type ReadinessInput, type ScanGap } from './checks.js';
export { gatherEvidence, type GatheredEvidence, type Balance, type BillingInstance, type CenterResource } from './gather.js';
export { renderReadiness, readinessJson } from './render.js';
export type { ReadinessReport, ReadinessCheck, CheckStatus, Evidence, PlannedFate } from './model.js';
