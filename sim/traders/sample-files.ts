// Small, valid files a simulated trader attaches as evidence: an RGB PNG (a fake payment
// screenshot: coloured bands from the seed) and a one-page PDF (a fake bank statement), both
// built in code so no binary fixtures are needed (PROTOCOL.md §5.7: attachments are images or
// documents). Deterministic for a given label. Must never read files from disk.
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

export type SampleFile = { bytes: Uint8Array; mime: string; filename: string; width?: number; height?: number };

function chunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body) >>> 0);
	return Buffer.concat([len, body, crc]);
}

/** A width×height 8-bit RGB PNG with horizontal bands coloured from `label`. */
export function buildSamplePng(label: string, width = 48, height = 32): SampleFile {
	const h = createHash('sha256').update(`sample png ${label}`).digest();
	const rows: Buffer[] = [];
	for (let y = 0; y < height; y++) {
		const row = Buffer.alloc(1 + width * 3);
		const band = Math.floor((y * 4) / height);
		for (let x = 0; x < width; x++) {
			row[1 + x * 3] = h[band * 3] ?? 0;
			row[2 + x * 3] = h[band * 3 + 1] ?? 0;
			row[3 + x * 3] = (h[band * 3 + 2] ?? 0) ^ (x * 4);
		}
		rows.push(row);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
	return { bytes: new Uint8Array(png), mime: 'image/png', filename: 'payment-screenshot.png', width, height };
}

const pdfText = (s: string): string => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');

/** A one-page PDF 1.4 with a few lines of text and a correct xref table. */
export function buildSamplePdf(title: string, lines: readonly string[]): SampleFile {
	const text = [title, ...lines].map((l, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${760 - i * 22} Td (${pdfText(l)}) Tj ET`).join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(Buffer.byteLength(out, 'latin1'));
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return { bytes: new Uint8Array(Buffer.from(out, 'latin1')), mime: 'application/pdf', filename: 'bank-statement.pdf' };
}
