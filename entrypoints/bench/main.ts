import { reconcileThroughput, seedLedger } from "@/lib/bench/ledger-bench";
import { openPopupTimed } from "@/lib/bench/popup-bench";
import { countTrades } from "@/lib/db/trades";

// Built only by `npm run bench` (TRADEWATCH_BENCH=1, see wxt.config.ts): scripts/bench drives these
// through playwright, in this extension's own IndexedDB and with its real popup.
Object.assign(window, { tradewatchBench: { seedLedger, reconcileThroughput, countTrades, openPopupTimed } });
