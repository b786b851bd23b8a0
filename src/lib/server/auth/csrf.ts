// Cross-site request forgery check for every state-changing request. Browsers send
// `Origin: null` on form posts when the page's referrer policy is no-referrer, so a
// null origin is accepted only with the browser-set `Sec-Fetch-Site: same-origin`.
// Requests authenticated by an API token (no cookies) are not subject to it.
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isCrossSiteRequest(request: Request, url: URL): boolean {
	if (!UNSAFE_METHODS.has(request.method)) return false;
	if (request.headers.get('authorization')?.startsWith('Bearer ')) return false;
	const origin = request.headers.get('origin');
	if (origin && origin !== 'null') return origin !== url.origin;
	return request.headers.get('sec-fetch-site') !== 'same-origin';
}
