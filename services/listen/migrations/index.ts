import { CreateListen1763900000001 } from './1763900000001-CreateListen';
import { CreateJourneys1763900000004 } from './1763900000004-CreateJourneys';
import { CreateContactPolicy1763900000005 } from './1763900000005-CreateContactPolicy';
import { CreateTaxonomies1763900000006 } from './1763900000006-CreateTaxonomies';
import { CreateInteractions1763990000001 } from './1763990000001-CreateInteractions';
import { OutboxHeadersJson1764400000001 } from './1764400000001-OutboxHeadersJson';
import { FeedbackOrigin1764600000001 } from './1764600000001-FeedbackOrigin';
import { InvitationSkips1765000000001 } from './1765000000001-InvitationSkips';
import { CreateSurveys1765000000002 } from './1765000000002-CreateSurveys';
import { CreateInvitations1765000000003 } from './1765000000003-CreateInvitations';
import { Retention1765000000004 } from './1765000000004-Retention';
import { Erasures1765200000000 } from './1765200000000-Erasures';
import { LoopMessages1765400000003 } from './1765400000003-LoopMessages';
import { Pseudonyms1765600000000 } from './1765600000000-Pseudonyms';

export const LISTEN_MIGRATIONS = [
  CreateListen1763900000001,
  CreateJourneys1763900000004,
  CreateContactPolicy1763900000005,
  CreateTaxonomies1763900000006,
  CreateInteractions1763990000001,
  OutboxHeadersJson1764400000001,
  FeedbackOrigin1764600000001,
  InvitationSkips1765000000001,
  CreateSurveys1765000000002,
  CreateInvitations1765000000003,
  Retention1765000000004,
  Erasures1765200000000,
  LoopMessages1765400000003,
  Pseudonyms1765600000000,
];
