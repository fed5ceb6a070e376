import { CreateMeasure1763900000002 } from './1763900000002-CreateMeasure';

export const MEASURE_MIGRATIONS = [CreateMeasure1763900000002];
