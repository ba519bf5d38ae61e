/**
 * OSS XML on the wire: response documents and the error body
 * `<Error><Code/><Message/><RequestId/><HostId/>[extra fields]<EC/></Error>`, which ali-oss
 * turns into `err.code`, `err.name = Code + 'Error'`, `err.status`, `err.ecCode`.
 */
import { SandboxApiError } from '../framework.js';

/** An element tree: text, or named children in order (a child may repeat). */
export type XmlValue = string | number | boolean | XmlChildren;
export type XmlChildren = ReadonlyArray<readonly [name: string, value: XmlValue]>;

export function xmlDocument(root: string, children: XmlChildren): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>${renderChildren(children)}</${root}>`;
}

/** A document whose root holds only text, e.g. `<LocationConstraint>oss-cn-hangzhou</LocationConstraint>`. */
export function xmlTextDocument(root: string, text: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>${escapeXml(text)}</${root}>`;
}

function renderChildren(children: XmlChildren): string {
  return children.map(([name, value]) => `<${name}>${renderValue(value)}</${name}>`).join('');
}

function renderValue(value: XmlValue): string {
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return renderChildren(value);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] as string;
  });
}

/** OSS timestamps in listings: `2012-02-24T08:42:32.000Z`. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * An OSS error with the extra fields some errors carry (`Endpoint` and `Bucket` for a
 * wrong-region request, `StringToSign` for a bad signature...).
 */
export class OssApiError extends SandboxApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly details: Readonly<Record<string, string>> = {},
    /** Response headers the error carries (`x-oss-delete-marker` on a GET of a deleted key). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(status, code, message);
    this.name = 'OssApiError';
  }
}

/**
 * The fine-grained `EC` codes that OSS documents per cause (help center pages
 * `oss/support/<EC>`); errors without a documented code send an empty `EC`.
 */
const ERROR_EC: Readonly<Record<string, string>> = {
  // https://www.alibabacloud.com/help/en/oss/support/0003-00000001
  AccessDenied: '0003-00000001',
  // https://help.aliyun.com/en/oss/user-guide/0026-00000005 (object protected by a retention policy)
  FileImmutable: '0026-00000005',
};

export function errorDocument(error: SandboxApiError, requestId: string, hostId: string): string {
  const details = error instanceof OssApiError ? Object.entries(error.details) : [];
  return xmlDocument('Error', [
    ['Code', error.code],
    ['Message', error.message],
    ['RequestId', requestId],
    ['HostId', hostId],
    ...details,
    ['EC', ERROR_EC[error.code] ?? ''],
  ]);
}

export function errorEc(code: string): string {
  return ERROR_EC[code] ?? '';
}
