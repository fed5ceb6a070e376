// @continuum/indicators: pure computation of CX indicators, their mergeable state, and the
// statistics that decide whether a change is a gap worth acting on. No I/O.

export * from './definitions';
export * from './aggregates';
export * from './results';
export * from './stats';
export * from './nps';
export * from './csat';
export * from './ces';
export * from './rates';
export * from './estimate';
export * from './multiple-testing';
export * from './early-warning';
export * from './gap';
export * from './random';
export * from './sequential';
export * from './verification';
export * from './unhappy';
export * from './drivers';
