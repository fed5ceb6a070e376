/** The CloudEvents `source` of everything measure publishes. */
export const MEASURE_SOURCE = '/continuum/measure';
