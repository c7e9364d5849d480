/**
 * Which status endpoints announced by a page TradeWatch may ask (seed 002 claim 11). The
 * extension fetches them from the background with the user's network position, so a page
 * must not be able to point it at the user's own network or smuggle credentials in.
 */

/** Longer addresses are not status endpoints; they would only bloat the ledger. */
const MAX_URL_LENGTH = 2048;

const WEB_PROTOCOLS = new Set(["http:", "https:"]);

/**
 * Returns the endpoint as an absolute URL (relative ones resolve against the page), or null
 * when it is refused: not a non-empty string, not http(s), carrying user:password, or on a
 * loopback or private-network host while the page itself is not.
 */
export function acceptEndpoint(raw: unknown, pageUrl: string): string | null {
  if (typeof raw !== "string") return null;
  const text = raw.trim();
  // An empty target would resolve to the page itself.
  if (text === "" || text.length > MAX_URL_LENGTH) return null;
  const page = parseUrl(pageUrl);
  const url = page && parseUrl(text, page);
  if (!page || !url || !WEB_PROTOCOLS.has(url.protocol) || url.username !== "" || url.password !== "") return null;
  if (isLocalHost(url.hostname) && !isLocalHost(page.hostname)) return null;
  return url.href;
}

function parseUrl(text: string, base?: URL): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

/**
 * Loopback, private, carrier-grade NAT, link-local and unspecified addresses, and names that
 * only resolve inside the user's network. The URL parser has already put IP addresses in
 * canonical form (0x7f.1 → 127.0.0.1, [::ffff:127.0.0.1] → [::ffff:7f00:1]).
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[") && host.endsWith("]")) return isLocalIpv6(host.slice(1, -1));
  const ipv4 = IPV4.exec(host);
  if (ipv4) return isLocalIpv4(ipv4.slice(1).map(Number));
  // A single label ("router") is completed by the local resolver's search domain.
  if (!host.includes(".")) return true;
  return LOCAL_NAME_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/**
 * Special-use names (RFC 6761, 6762, 8375), those routers and company networks use, and the
 * loopback names of Fedora/RHEL hosts files (localhost.localdomain, localhost4.localdomain4, …).
 */
const LOCAL_NAME_SUFFIXES = [
  "localhost", "local", "home.arpa", "lan", "home", "internal", "intranet", "corp", "private",
  "localdomain", "localdomain4", "localdomain6",
];

const IPV4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;

function isLocalIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 || // "this network": 0.0.0.0 reaches the local machine
    a === 10 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT: the provider's network the user is in
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

const IPV4_MAPPED = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

function isLocalIpv6(address: string): boolean {
  if (address === "::1" || address === "::") return true;
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped) {
    const high = parseInt(mapped[1] ?? "0", 16);
    const low = parseInt(mapped[2] ?? "0", 16);
    return isLocalIpv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  }
  const first = address.startsWith("::") ? 0 : parseInt(address.split(":")[0] ?? "0", 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80; // fc00::/7 unique local, fe80::/10 link-local
}
