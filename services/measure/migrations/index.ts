import { CreateMeasure1763900000002 } from './1763900000002-CreateMeasure';
import { MeasureCyclesAndGaps1764100000000 } from './1764100000000-MeasureCyclesAndGaps';
import { OutboxHeadersJson1764400000002 } from './1764400000002-OutboxHeadersJson';
import { ClaimsByAge1764500000002 } from './1764500000002-ClaimsByAge';
import { EarlyWarningsWithoutCharts1764800000021 } from './1764800000021-EarlyWarningsWithoutCharts';
import { Respondents1764800000022 } from './1764800000022-Respondents';
import { Retention1765200000001 } from './1765200000001-Retention';
import { InvitationFunnel1765400000002 } from './1765400000002-InvitationFunnel';
import { CommentSamplesFromCustomer1765700000001 } from './1765700000001-CommentSamplesFromCustomer';

export const MEASURE_MIGRATIONS = [
  CreateMeasure1763900000002,
  MeasureCyclesAndGaps1764100000000,
  OutboxHeadersJson1764400000002,
  ClaimsByAge1764500000002,
  EarlyWarningsWithoutCharts1764800000021,
  Respondents1764800000022,
  Retention1765200000001,
  InvitationFunnel1765400000002,
  CommentSamplesFromCustomer1765700000001,
];
