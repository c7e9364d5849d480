import { startBackground } from "@/lib/background/service";

export default defineBackground(() => startBackground());
