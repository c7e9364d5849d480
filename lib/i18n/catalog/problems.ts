import { defineMessages } from "../define";

/** A shop page an adapter recognised but could not read (lib/background/adapter-capture.ts). */
export const problems = defineMessages({
  en: {
    problem_unreadable: "TradeWatch recognised a $1 order page but could not read it",
    problem_unreadableFields: "TradeWatch recognised a $1 order page but could not read the $2",
    problem_field_orderNumber: "order number",
    problem_field_orderDate: "order date",
    problem_field_total: "total",
    problem_field_items: "items",
    problem_field_status: "status",
    problem_field_code: "order code",
    problem_field_shopApi: "Shop API address",
    problem_field_page: "page",
  },
  de: {
    problem_unreadable: "TradeWatch hat eine Bestellseite von $1 erkannt, konnte sie aber nicht lesen",
    problem_unreadableFields: "TradeWatch hat eine Bestellseite von $1 erkannt, konnte aber Folgendes nicht lesen: $2",
    problem_field_orderNumber: "Bestellnummer",
    problem_field_orderDate: "Bestelldatum",
    problem_field_total: "Summe",
    problem_field_items: "Artikel",
    problem_field_status: "Status",
    problem_field_code: "Bestellcode",
    problem_field_shopApi: "Adresse der Shop-API",
    problem_field_page: "Seite",
  },
  ja: {
    problem_unreadable: "TradeWatchは$1の注文ページを認識しましたが、読み取れませんでした",
    problem_unreadableFields: "TradeWatchは$1の注文ページを認識しましたが、$2を読み取れませんでした",
    problem_field_orderNumber: "注文番号",
    problem_field_orderDate: "注文日",
    problem_field_total: "合計",
    problem_field_items: "商品",
    problem_field_status: "ステータス",
    problem_field_code: "注文コード",
    problem_field_shopApi: "ショップAPIのアドレス",
    problem_field_page: "ページ",
  },
});
