import { ConsoleSessions1765000000000 } from './1765000000000-ConsoleSessions';

export const CONSOLE_MIGRATIONS = [ConsoleSessions1765000000000];
