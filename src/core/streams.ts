/**
 * Stream names follow the EventStoreDB category convention `category-id`: the category is what
 * precedes the first dash, so it must not contain one (`legalEntity-HU1`, `invoiceSeries-HU1-2026`).
 */
const CATEGORY = /^[a-z][A-Za-z0-9]*$/;

export function streamName(category: string, id: string): string {
  if (!CATEGORY.test(category)) throw new Error(`invalid stream category ${category}: letters and digits only, no dash`);
  if (!id) throw new Error(`stream of ${category}: empty id`);
  return `${category}-${id}`;
}

export function idOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? '' : stream.slice(dash + 1);
}
