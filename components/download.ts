/** Saves `parts` as a file the browser downloads (extension pages only: they may create object URLs). */
export function download(fileName: string, parts: BlobPart[], type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Firefox starts reading the Blob after click() returns; revoking at once could cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
