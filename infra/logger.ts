/** One pino logger for the processes. Logs carry ids and stages, never personal data. */
import pino from 'pino';

export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: process.env.SERVICE_NAME } });
