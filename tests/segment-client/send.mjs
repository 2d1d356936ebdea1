// Sends track, identify, page, screen, group and alias calls through Segment's own Node.js client,
// unmodified but for its host, then flushes and exits non-zero if any call failed.
// Usage: node send.mjs <host> <writeKey> <userId>
import { Analytics } from '@segment/analytics-node';

const [host, writeKey, userId] = process.argv.slice(2);
if (!host || !writeKey || !userId) {
  console.error('usage: node send.mjs <host> <writeKey> <userId>');
  process.exit(2);
}

const failures = [];
const analytics = new Analytics({ writeKey, host, maxEventsInBatch: 3, flushInterval: 200, maxRetries: 3 });
analytics.on('error', (error) => failures.push(String(error?.reason ?? error?.message ?? error)));

const anonymousId = `anon-${userId}`;
const done = (resolve, reject) => (error) => (error ? reject(error) : resolve());
const call = (method, message) => new Promise((resolve, reject) => analytics[method](message, done(resolve, reject)));

await Promise.all([
  call('page', { anonymousId, name: 'Pricing', properties: { url: 'https://shop.example/pricing', referrer: 'https://search.example/' } }),
  call('identify', { userId, anonymousId, traits: { email: `${userId}@Example.com`, firstName: 'Ada', plan: 'pro' } }),
  call('track', { userId, event: 'Order Completed', properties: { orderId: 'o-1', total: 42.5, currency: 'EUR' } }),
  call('track', { userId, event: 'Signed Up', properties: { method: 'google' }, timestamp: new Date(Date.now() - 3_600_000) }),
  call('screen', { userId, name: 'Home', properties: { appVersion: '1.2.0' } }),
  call('group', { userId, groupId: 'acme', traits: { name: 'Acme', employees: 120 } }),
  call('alias', { userId, previousId: `legacy-${userId}` }),
]).catch((error) => failures.push(String(error?.message ?? error)));

await analytics.closeAndFlush({ timeout: 20_000 });
if (failures.length > 0) {
  console.error(`failed: ${failures.join('; ')}`);
  process.exit(1);
}

console.log('delivered 7 calls');
