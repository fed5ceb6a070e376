import { CreateAct1763900000003 } from './1763900000003-CreateAct';
import { ActLoop1763900000013 } from './1763900000013-ActLoop';
import { SealWebhookSecrets1764200000000 } from './1764200000000-SealWebhookSecrets';
import { OutboxHeadersJson1764400000003 } from './1764400000003-OutboxHeadersJson';
import { ClaimsByAge1764500000003 } from './1764500000003-ClaimsByAge';
import { ClosedObservations1764800000023 } from './1764800000023-ClosedObservations';
import { HistoryActorName1764900000003 } from './1764900000003-HistoryActorName';
import { TeamNotifications1765000000043 } from './1765000000043-TeamNotifications';
import { TicketSync1765000000053 } from './1765000000053-TicketSync';
import { TeamDigests1765100000003 } from './1765100000003-TeamDigests';
import { Retention1765200000002 } from './1765200000002-Retention';

export const ACT_MIGRATIONS = [
  CreateAct1763900000003,
  ActLoop1763900000013,
  SealWebhookSecrets1764200000000,
  OutboxHeadersJson1764400000003,
  ClaimsByAge1764500000003,
  ClosedObservations1764800000023,
  HistoryActorName1764900000003,
  TeamNotifications1765000000043,
  TicketSync1765000000053,
  TeamDigests1765100000003,
  Retention1765200000002,
];
