/** `npm run servers`: the reference shop, payment and delivery servers on their default ports. */
import { startReferenceServers } from "./index";

const servers = await startReferenceServers().catch((error: unknown) => {
  console.error(`Could not start the reference servers: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(`Reference shop      ${servers.urls.shop}/`);
console.log(`Payment server      ${servers.urls.payment}/`);
console.log(`Delivery server     ${servers.urls.delivery}/`);
console.log(`Command endpoint    ${servers.urls.shop}/api/commands`);
console.log(`Control panel       ${servers.urls.shop}/control`);
console.log("Press Ctrl-C to stop.");

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the reference servers.`);
  try {
    await servers.close();
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
process.on("SIGINT", (signal) => void stop(signal));
process.on("SIGTERM", (signal) => void stop(signal));
