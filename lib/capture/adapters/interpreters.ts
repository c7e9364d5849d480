import { schemaOrgJsonLdInterpreter, schemaOrgMicrodataInterpreter } from "./schema-org-json-ld";
import { shopifyInterpreter } from "./shopify";
import type { AdapterId, AdapterInterpreter } from "./types";
import { vendureInterpreter } from "./vendure";
import { woocommerceInterpreter } from "./woocommerce";

/** Every platform adapter's background side: what the capture script read (registry.ts readPage) is interpreted by INTERPRETERS[reading.adapter]. */
export const INTERPRETERS: Record<AdapterId, AdapterInterpreter> = {
  "schema-org-json-ld": schemaOrgJsonLdInterpreter,
  "schema-org-microdata": schemaOrgMicrodataInterpreter,
  shopify: shopifyInterpreter,
  woocommerce: woocommerceInterpreter,
  vendure: vendureInterpreter,
};
