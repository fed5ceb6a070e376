import { CreateListen1763900000001 } from './1763900000001-CreateListen';
import { CreateJourneys1763900000004 } from './1763900000004-CreateJourneys';

export const LISTEN_MIGRATIONS = [CreateListen1763900000001, CreateJourneys1763900000004];
