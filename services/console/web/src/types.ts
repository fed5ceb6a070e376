/** The shapes the services answer with (see libs/contracts and each service's README). */
import type { ScopeKind } from '@continuum/contracts';

export interface Scope {
  kind: ScopeKind;
  id: string;
}
export interface Cycle {
  length: string;
  start: string;
  end: string;
}
export interface Journey {
  tenantId: string;
  version: number;
  stages: { id: string; name: string; owner: string | null }[];
  touchpoints: { id: string; name: string; stage: string; channel: string | null; owner: string | null }[];
  targets: { scope: Scope; indicator: string; op: '>=' | '<='; value: number }[];
  cycle: string;
  timeZone: string;
}
export interface SeriesItem {
  indicator: string;
  n: number;
  value: number | null;
  ci: [number, number] | null;
  cycle: Cycle;
  closed: boolean;
}
export interface Gap {
  gapKey: string;
  kind: 'vs-previous' | 'vs-target' | 'early-warning';
  scope: Scope;
  indicator: string;
  cycle: Cycle;
  previous: number | null;
  current: number;
  nPrevious: number | null;
  nCurrent: number;
  delta: number;
  ci: [number, number];
  p: number;
  q: number | null;
  target: number | null;
  stage: string | null;
  owner: string | null;
  themes: { theme: string; share: number; change: number }[];
  sampleComments: string[];
}
export interface DriversReport {
  scope: Scope;
  cycle: Cycle;
  previousCycle: Cycle;
  closed: boolean;
  nps: {
    n: number;
    nps: number | null;
    previous: { n: number; nps: number | null } | null;
    change: number | null;
  };
  touchpoints: {
    touchpoint: string;
    n: number;
    weight: number;
    nps: number | null;
    previous: { n: number; nps: number | null; weight: number } | null;
    change: number | null;
    mix: number | null;
    rate: number | null;
    interaction: number | null;
  }[];
  explainedChange: number | null;
  shiftShare: { mix: number; rate: number; interaction: number } | null;
  keyDrivers: {
    status: 'analysed' | 'insufficient-sample' | 'no-drivers';
    n: number;
    r2: number | null;
    r2Ci: [number, number] | null;
    resamples: number;
    drivers: {
      driver: string;
      kind: 'score' | 'theme';
      weight: number;
      share: number;
      ci: [number, number];
      correlation: number;
    }[];
  };
}
export type ActionStatus = 'open' | 'acknowledged' | 'resolved' | 'verified' | 'reopened' | 'cancelled';
export interface Action {
  id: string;
  loop: 'inner' | 'outer';
  title: string;
  description: string;
  status: ActionStatus;
  owner: string;
  category: 'process' | 'organisation' | 'technology' | 'customer-follow-up';
  priority: 'low' | 'medium' | 'high' | 'critical';
  stage: string | null;
  touchpoint: string | null;
  dueAt: string;
  createdAt: string;
  updatedAt: string;
  gapKey: string | null;
  indicator: string | null;
  customerId?: string | null;
}
export interface Effectiveness {
  actions: number;
  closed: number;
  shareClosed: number | null;
  medianHoursToVerified: number | null;
  pointsPerEffort: number | null;
  pointsPerCost: number | null;
}
export interface EffectivenessReport {
  since: string;
  until: string;
  overall: Effectiveness;
  byOwner: (Effectiveness & { owner: string })[];
  byCategory: (Effectiveness & { category: string })[];
  byIndicator: (Effectiveness & { indicator: string })[];
}
export interface Feedback {
  id: string;
  touchpoint: string;
  stage: string | null;
  receivedAt: string;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  comment: string | null;
  sentiment: number | null;
  themes: string[];
}

/** Indicators where a lower value is better (the rest: higher is better). */
const LOWER_IS_BETTER = /^(abandonment|transfer|repeat-contact|wait|hold|handle)\//;
export const lowerIsBetter = (indicator: string): boolean => LOWER_IS_BETTER.test(indicator);

export const isLive = (s: ActionStatus): boolean => s === 'open' || s === 'acknowledged' || s === 'reopened';
export const isOverdue = (a: Action, now = Date.now()): boolean =>
  isLive(a.status) && Date.parse(a.dueAt) < now;

/** A journey target's indicator may be short (`nps`) or a definition id (`nps/v1`). */
export function sameIndicator(target: string, id: string): boolean {
  return target === id || id.startsWith(`${target}/`);
}

export function fmt(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}
