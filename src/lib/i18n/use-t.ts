// Components get the translator for the current page's language from here: the root
// layout puts `locale` in page data, so switching language re-renders every string.
import { page } from '$app/state';
import { isLocale, translate, type MessageKey, type Params } from './index.ts';

export function useT() {
	return (key: MessageKey, params?: Params) => translate(isLocale(page.data.locale) ? page.data.locale : 'en', key, params);
}
