import { Topic } from '@continuum/contracts';
import { claimRetentionMs } from './core.module';

const DAY = 24 * 3600_000;

describe('claimRetentionMs', () => {
  it('keeps a claim while its topic keeps the event, and a day more', () => {
    expect(claimRetentionMs(Topic.FeedbackRecorded)).toBe(31 * DAY);
    expect(claimRetentionMs(Topic.GapsDetected)).toBe(91 * DAY);
  });

  it('refuses a topic outside the catalogue', () => {
    expect(() => claimRetentionMs('cx.unknown.v1' as Topic)).toThrow(
      'cx.unknown.v1 is not in the topic catalogue',
    );
  });
});
