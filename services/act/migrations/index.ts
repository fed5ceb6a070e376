import { CreateAct1763900000003 } from './1763900000003-CreateAct';

export const ACT_MIGRATIONS = [CreateAct1763900000003];
