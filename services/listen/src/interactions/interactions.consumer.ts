import { RAW_INTERACTION_RULES, Topic } from '@continuum/contracts';
import { rawRecordsConsumer } from '@continuum/kafka';
import { TenantDirectory } from '@continuum/persistence';
import { InteractionsService } from './interactions.service';

/** `cx.interactions.raw.v1` → the same use case as `POST /v1/interactions`; bad records are dead-lettered. */
export const InteractionsConsumer = rawRecordsConsumer(
  Topic.InteractionsRaw,
  RAW_INTERACTION_RULES,
  { useCase: InteractionsService, tenants: TenantDirectory },
  (interactions, accepted) => interactions.record(accepted),
);
