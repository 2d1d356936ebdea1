// Sends identify, track, page, group and alias calls and then 500 track events through RudderStack's own
// Node.js SDK, unmodified and at its default settings (batches of 20, gzipped) but for its data plane URL,
// then waits until every call is delivered and exits non-zero if any failed.
// Usage: node send.mjs <dataPlaneUrl> <writeKey> <userId>
import Analytics from '@rudderstack/rudder-sdk-node';

const [dataPlaneUrl, writeKey, userId] = process.argv.slice(2);
if (!dataPlaneUrl || !writeKey || !userId) {
  console.error('usage: node send.mjs <dataPlaneUrl> <writeKey> <userId>');
  process.exit(2);
}

const analytics = new Analytics(writeKey, { dataPlaneUrl });
const failures = [];
const sent = [];
const call = (method, message) =>
  sent.push(new Promise((resolve) => analytics[method](message, (error) => {
    if (error) failures.push(`${method}: ${error?.message ?? error}`);
    resolve();
  })));

const anonymousId = `anon-${userId}`;
call('page', { anonymousId, name: 'Pricing', properties: { url: 'https://shop.example/pricing' } });
call('identify', { userId, anonymousId, traits: { email: `${userId}@example.com`, firstName: 'Rudy', plan: 'team' } });
call('track', { userId, event: 'Order Completed', properties: { orderId: 'o-1', total: 42.5 } });
call('group', { userId, groupId: 'acme', traits: { name: 'Acme', employees: 120 } });
call('alias', { userId, previousId: `legacy-${userId}` });
for (let i = 0; i < 500; i++) {
  call('track', { userId, event: 'Email Opened', properties: { campaignId: `c-${i}` } });
}

// The SDK sends a batch when 20 calls are queued and the rest after 10 s; flushing until every callback has
// run sends that rest at once, in the same batches.
let delivered = false;
const all = Promise.all(sent).then(() => { delivered = true; });
while (!delivered) {
  await Promise.race([analytics.flush().catch((error) => failures.push(String(error?.message ?? error))), all]);
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 20))]);
}

if (failures.length > 0) {
  console.error(`failed: ${[...new Set(failures)].join('; ')}`);
  process.exit(1);
}

console.log(`delivered ${sent.length} calls`);
