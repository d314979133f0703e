/** Save a Blob under a file name through the browser's download (the URL is freed afterwards). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference; give it a moment before freeing ours.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
