/**
 * A button that downloads a file the API makes (an invoice's .docx, its UBL e-invoice, a run's
 * print file, a statement): fetched through api.ts like every other request, so the session, the
 * language and the errors work the same; a 404 (documents still being rendered) or a 406 shows the
 * problem's title next to the button instead of a broken download.
 */
import { useState } from 'preact/hooks';
import { request, type Query } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { ErrorBanner } from './banners.tsx';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Hands a Blob to the browser as a file (an object URL on a link clicked once, then released). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface DownloadProps {
  path: string;
  query?: Query;
  /** The media type asked for (Accept). */
  accept: string;
  fileName: string;
  label: string;
  testId: string;
}

export function DownloadButton({ path, query, accept, fileName, label, testId }: DownloadProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const { data } = await request<Blob>('GET', path, { query, accept, binary: true });
      saveBlob(data, fileName);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="download">
      <button type="button" class="secondary" onClick={() => void download()} disabled={busy} aria-busy={busy} data-testid={testId}>
        {busy ? t('console-downloading') : label}
      </button>
      {error !== null && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </span>
  );
}
