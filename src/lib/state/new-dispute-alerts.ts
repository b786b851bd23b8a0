// Browser-only, opt-in alerts for new disputes and for a party's reply on a dispute the
// viewer holds: a system notification and a short tone generated with Web Audio (no sound
// file, no remote asset). One choice, remembered per browser, covers both. Never shows a
// message's text (it is untrusted and may hold a secret).
const STORAGE_KEY = 'mm.new-dispute-alerts';

export type AlertPermission = 'on' | 'off' | 'denied' | 'unsupported';

export function alertState(): AlertPermission {
	if (typeof Notification === 'undefined') return 'unsupported';
	if (Notification.permission === 'denied') return 'denied';
	return localStorage.getItem(STORAGE_KEY) === 'on' && Notification.permission === 'granted' ? 'on' : 'off';
}

export async function enableAlerts(): Promise<AlertPermission> {
	if (typeof Notification === 'undefined') return 'unsupported';
	const permission = await Notification.requestPermission();
	if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
	localStorage.setItem(STORAGE_KEY, 'on');
	return 'on';
}

export function disableAlerts(): void {
	localStorage.removeItem(STORAGE_KEY);
}

function playTone(): void {
	const AudioCtor = globalThis.AudioContext;
	if (!AudioCtor) return;
	const context = new AudioCtor();
	const oscillator = context.createOscillator();
	const gain = context.createGain();
	oscillator.frequency.value = 880;
	gain.gain.setValueAtTime(0.15, context.currentTime);
	gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.4);
	oscillator.connect(gain).connect(context.destination);
	oscillator.start();
	oscillator.stop(context.currentTime + 0.4);
	oscillator.onended = () => void context.close();
}

export function announceNewDispute(title: string, body: string): void {
	if (alertState() !== 'on') return;
	new Notification(title, { body, tag: 'mostro-new-dispute' });
	playTone();
}

/** A party answered on a dispute the viewer holds; one notification per dispute and party (the tag). */
export function announcePartyReply(title: string, body: string, tag: string): void {
	if (alertState() !== 'on') return;
	new Notification(title, { body, tag: `mostro-reply-${tag}` });
	playTone();
}
