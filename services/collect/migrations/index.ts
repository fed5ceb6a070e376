import { CreateCollect1765000000010 } from './1765000000010-CreateCollect';
import { WidgetAnswers1765300000001 } from './1765300000001-WidgetAnswers';
import { Opens1765400000001 } from './1765400000001-Opens';
import { OptOuts1765400000004 } from './1765400000004-OptOuts';

export const COLLECT_MIGRATIONS = [
  CreateCollect1765000000010,
  WidgetAnswers1765300000001,
  Opens1765400000001,
  OptOuts1765400000004,
];
