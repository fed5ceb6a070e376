import { EventPattern } from '@nestjs/microservices';
import { Topic, type CloudEvent } from '@continuum/contracts';
import {
  BatchConsumer,
  decodeEvents,
  type BatchOutcome,
  type RecordBatch,
  type Rejection,
} from '@continuum/kafka';
import { GapsService } from './gaps.service';
import { gapProblems } from './inbound';

@BatchConsumer()
export class GapsConsumer {
  constructor(private readonly gaps: GapsService) {}

  @EventPattern(Topic.GapsDetected)
  async onGapDetected(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.GapsDetected);
    const ok: CloudEvent<Topic.GapsDetected>[] = [];
    const refused: Rejection[] = [...rejected];
    for (const d of events) {
      const reason = gapProblems(d.event.data, d.event.tenantId);
      if (reason) refused.push({ record: d.record, code: 'validation', reason });
      else ok.push(d.event);
    }
    await this.gaps.handle(ok);
    return { rejected: refused };
  }
}
