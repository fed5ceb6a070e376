import { CreateListen1763900000001 } from './1763900000001-CreateListen';
import { CreateInteractions1763990000001 } from './1763990000001-CreateInteractions';

export const LISTEN_MIGRATIONS = [CreateListen1763900000001, CreateInteractions1763990000001];
