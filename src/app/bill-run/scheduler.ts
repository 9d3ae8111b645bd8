/**
 * The time trigger of bill runs (issue 5: "triggered by time, a scheduler inside serve"): once a
 * day a run closes the cycles that ended by then and waits, drafted, for approval; nothing is
 * issued without it (RULES.md 17). The run's command id is the date, so several servers on one
 * store, or a restart on the same day, start the day's run once.
 */
import { startBillRun } from './issue.ts';
import type { AppDeps } from '../deps.ts';

/** Starts (or finds) today's scheduled run; `today` is the operator's local date. */
export async function startScheduledBillRun(billstream: AppDeps, today: string): Promise<{ runId: string; position: number }> {
  return startBillRun(billstream, { asOf: today }, { commandId: `scheduled-bill-run-${today}`, actor: 'scheduler' });
}

export interface SchedulerHandle {
  stop(): void;
}

/** Checks every `everyMs` (and at once) whether today's run exists; returns a handle to stop it. */
export function scheduleBillRuns(billstream: AppDeps, localToday: () => string, everyMs = 10 * 60_000, onError: (error: unknown) => void = console.error): SchedulerHandle {
  let last: string | null = null;
  const tick = async () => {
    const today = localToday();
    if (today === last) return;
    await startScheduledBillRun(billstream, today);
    last = today;
  };
  const timer = setInterval(() => void tick().catch(onError), everyMs);
  timer.unref();
  void tick().catch(onError);
  return { stop: () => clearInterval(timer) };
}
