import { CreateCollect1765000000010 } from './1765000000010-CreateCollect';

export const COLLECT_MIGRATIONS = [CreateCollect1765000000010];
