/**
 * Opens a PDF the API drew in a new tab, to print. `window.open` with the `noopener` feature
 * answers null even when the tab opened, so the opener is cut here instead; only a blocked
 * pop-up (null) saves the file under `filename`.
 */
export function openPdf(pdf: Blob, filename: string): void {
  const url = URL.createObjectURL(pdf);
  const opened = window.open(url, '_blank');
  if (opened) {
    opened.opener = null;
    return;
  }
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
}
