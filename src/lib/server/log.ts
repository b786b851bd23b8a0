// Minimal structured logger for the server: one line per event on stderr/stdout.
// Callers must never pass secrets, chat text or tokens as fields.
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: Level = 'info';

export function setLogLevel(level: Level): void {
	threshold = level;
}

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
	if (ORDER[level] < ORDER[threshold]) return;
	const suffix = fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : '';
	const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}${suffix}`;
	if (level === 'error' || level === 'warn') console.error(line);
	else console.log(line);
}

export const log = {
	debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
	info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
	warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
	error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields)
};
