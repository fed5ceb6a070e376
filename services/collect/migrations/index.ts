import { CreateCollect1765000000010 } from './1765000000010-CreateCollect';
import { Opens1765400000001 } from './1765400000001-Opens';

export const COLLECT_MIGRATIONS = [CreateCollect1765000000010, Opens1765400000001];
