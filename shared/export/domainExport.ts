// A domain report in any export format, with the file name to save it under: the CLI's
// --format and --out, and the app's Export menu on the Domain tab.
import type { DomainReport } from '../domain';
import { renderDomainHtml } from './domainHtml';
import { renderDomainMarkdown } from './domainMarkdown';
import { renderDomainText } from './domainText';
import { EXPORT_FORMATS, type ExportFormat } from './index';

export interface DomainExport {
  content: string;
  fileName: string;
  mimeType: string;
}

export function exportDomain(
  r: DomainReport,
  format: ExportFormat,
  o: { version: string; color?: boolean; width?: number },
): DomainExport {
  const content =
    format === 'json'
      ? `${JSON.stringify(r, null, 2)}\n`
      : format === 'md'
        ? renderDomainMarkdown(r)
        : format === 'html'
          ? renderDomainHtml(r, o.version)
          : renderDomainText(r, o.color ?? false, o.width ?? 100);
  const stamp = r.startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const info = EXPORT_FORMATS[format];
  return {
    content,
    fileName: `smtp-lens-domain-${r.domain.replace(/[^a-z0-9.-]/gi, '_')}-${stamp}.${info.extension}`,
    mimeType: info.mimeType,
  };
}
