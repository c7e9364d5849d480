import { defineMessages } from "../define";

/** The extension's own name and description (the manifest reads them as __MSG_…__). */
export const common = defineMessages({
  en: {
    extName: "TradeWatch",
    extDescription: "A private, local ledger of your online orders that watches each one until it is finished.",
  },
  de: {
    extName: "TradeWatch",
    extDescription: "Ein privates, lokales Verzeichnis Ihrer Online-Bestellungen, das jede bis zum Abschluss verfolgt.",
  },
  ja: {
    extName: "TradeWatch",
    extDescription: "オンラインの注文を完了までひとつずつ見守る、あなただけのローカルな記録。",
  },
});
