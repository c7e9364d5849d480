/** Offered first wherever the user picks a currency (options, welcome page), so the usual choice is near the top of a long list. */
export const COMMON_CURRENCIES = ["EUR", "USD", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK"];
