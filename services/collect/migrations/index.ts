import { CreateCollect1765000000010 } from './1765000000010-CreateCollect';
import { WidgetAnswers1765300000001 } from './1765300000001-WidgetAnswers';

export const COLLECT_MIGRATIONS = [CreateCollect1765000000010, WidgetAnswers1765300000001];
