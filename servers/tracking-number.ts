/** The carrier the reference delivery server names when a shipment is given none. */
export const DEFAULT_CARRIER = "UPS";

/**
 * A valid UPS tracking number for an order: "1Z", shipper "999AA1", service "01", the
 * order's number as the 7-digit package id, and UPS's mod-10 check digit, so a client that
 * checks the digit accepts it (an invalid number can still be given to the ship action).
 */
export function upsTrackingNumber(tradingId: string): string {
  const serial = `999AA101${tradingId.replace(/\D/g, "").slice(-7).padStart(7, "0")}`;
  return `1Z${serial}${upsCheckDigit(serial)}`;
}

/** Letters count as (char code − 3) mod 10; odd positions (1-based) weigh 1, even ones 2. */
function upsCheckDigit(serial: string): number {
  let sum = 0;
  for (const [index, char] of [...serial].entries()) {
    const value = /\d/.test(char) ? Number(char) : (char.charCodeAt(0) - 3) % 10;
    sum += index % 2 === 0 ? value : 2 * value;
  }
  return (10 - (sum % 10)) % 10;
}
