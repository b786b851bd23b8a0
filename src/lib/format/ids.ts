// Short forms of long identifiers for tables (the full value stays copyable).
export function shortId(id: string): string {
	return id.length > 8 ? id.slice(0, 8) : id;
}

export function shortKey(key: string): string {
	return key.length > 20 ? `${key.slice(0, 10)}…${key.slice(-6)}` : key;
}
