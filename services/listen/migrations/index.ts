import { CreateListen1763900000001 } from './1763900000001-CreateListen';

export const LISTEN_MIGRATIONS = [CreateListen1763900000001];
