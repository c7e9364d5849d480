/** The address of a web page (http or https), the only pages TradeWatch reads or may be granted; null for any other. */
export function webPageUrl(address: string | undefined): URL | null {
  const url = address === undefined ? null : URL.parse(address);
  return url && (url.protocol === "http:" || url.protocol === "https:") ? url : null;
}
