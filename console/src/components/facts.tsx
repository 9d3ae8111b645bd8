/** A detail screen's fields as a description list: a label and its value, "—" when empty. */
import type { ComponentChildren } from 'preact';

export function Facts({ items, testId }: { items: [string, ComponentChildren][]; testId?: string }) {
  return (
    <dl class="facts" data-testid={testId}>
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === '' ? '—' : value}</dd>
        </div>
      ))}
    </dl>
  );
}
