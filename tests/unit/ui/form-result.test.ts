// Reading one form's refusal on a page of several forms (issue 17): the error goes beside its
// own field of its own form only, the typed value comes back for that form only, and a refusal
// tied to no listed field is shown above the form.
import { describe, expect, it } from 'vitest';
import { fieldError, formError, invalidAttrs, keptValue } from '../../../src/lib/ui/form-result.ts';

const refused = { form: 'fourEyes', problem: { code: 'invalid_input', message: 'Enter a whole number of sats.', field: 'fourEyesSats' }, values: { fourEyesSats: '12abc' } };

describe('form results', () => {
	it('puts the error beside the field of the form that failed, and nowhere else', () => {
		expect(fieldError(refused, 'fourEyes', 'fourEyesSats')).toBe('Enter a whole number of sats.');
		expect(fieldError(refused, 'node', 'fourEyesSats')).toBeNull();
		expect(fieldError(refused, 'fourEyes', 'other')).toBeNull();
		expect(formError(refused, 'fourEyes', ['fourEyesSats'])).toBeNull();
		expect(formError({ ...refused, problem: { ...refused.problem, field: null } }, 'fourEyes', ['fourEyesSats'])).toBe('Enter a whole number of sats.');
		expect(fieldError(null, 'fourEyes', 'fourEyesSats')).toBeNull();
		expect(fieldError({ fourEyesSaved: true }, 'fourEyes', 'fourEyesSats')).toBeNull();
	});

	it('keeps what was typed for that form, else the stored value', () => {
		expect(keptValue(refused, 'fourEyes', 'fourEyesSats', '5000')).toBe('12abc');
		expect(keptValue(refused, 'node', 'fourEyesSats', '5000')).toBe('5000');
		expect(keptValue({ fourEyesSaved: true }, 'fourEyes', 'fourEyesSats', '5000')).toBe('5000');
	});

	it('ties an invalid input to its message', () => {
		expect(invalidAttrs('bad', 'four-eyes-sats')).toEqual({ 'aria-invalid': 'true', 'aria-describedby': 'four-eyes-sats-error' });
		expect(invalidAttrs(null, 'four-eyes-sats')).toEqual({});
	});
});
