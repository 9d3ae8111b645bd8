/**
 * The RADIUS server's counters per NAS, kept as plain numbers on the hot path and rendered as
 * Prometheus text only when /metrics is read. Packets from an unknown source count under the NAS
 * id `unknown` (no label per source address: a flood from random addresses would make a series
 * per address).
 */

/** Seconds; a RADIUS reply is expected in milliseconds, a NAS retransmits after about 3 s. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 3];

export const UNKNOWN_NAS = 'unknown';

export class NasCounters {
  accessRequests = 0;
  accepts = 0;
  rejects = 0;
  statusServer = 0;
  duplicates = 0;
  accountingRequests = 0;
  accountingResponses = 0;
  readonly drops = new Map<string, number>();
  readonly rejectReasons = new Map<string, number>();
  /** Replies per latency bucket (not cumulative; the last is +Inf). */
  readonly latency = new Array<number>(LATENCY_BUCKETS.length + 1).fill(0);
  latencySum = 0;
  latencyCount = 0;

  constructor(readonly nasId: string) {}

  drop(reason: string): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
  }

  reject(reason: string): void {
    this.rejects += 1;
    this.rejectReasons.set(reason, (this.rejectReasons.get(reason) ?? 0) + 1);
  }

  replied(seconds: number): void {
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[bucket]!) bucket++;
    this.latency[bucket]! += 1;
    this.latencySum += seconds;
    this.latencyCount += 1;
  }

  dropped(): number {
    let total = 0;
    for (const count of this.drops.values()) total += count;
    return total;
  }
}

/** Bounds the series: a NAS removed and re-added under new ids must not grow the map without end. */
const MAX_NAS_SERIES = 10_000;

export class RadiusCounters {
  private readonly byNas = new Map<string, NasCounters>();
  /** Per-packet errors (a bug or an unexpected input): counted, and logged at most once a second. */
  errors = 0;

  of(nasId: string): NasCounters {
    let counters = this.byNas.get(nasId);
    if (!counters) {
      if (this.byNas.size >= MAX_NAS_SERIES) counters = this.of(UNKNOWN_NAS);
      else this.byNas.set(nasId, (counters = new NasCounters(nasId)));
    }
    return counters;
  }

  all(): NasCounters[] {
    return [...this.byNas.values()];
  }

  /** Prometheus text exposition (version 0.0.4). */
  render(): string {
    const lines: string[] = [];
    const series = (name: string, help: string, type: 'counter' | 'histogram', rows: string[]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...rows);
    };
    const nas = this.all();
    const simple = (name: string, help: string, pick: (c: NasCounters) => number) =>
      series(name, help, 'counter', nas.map((c) => `${name}{nas="${escape(c.nasId)}"} ${pick(c)}`));
    simple('billstream_radius_access_requests_total', 'Access-Requests received from the NAS (before duplicate detection, after source and packet checks).', (c) => c.accessRequests);
    simple('billstream_radius_access_accepts_total', 'Access-Accepts sent.', (c) => c.accepts);
    simple('billstream_radius_access_rejects_total', 'Access-Rejects sent.', (c) => c.rejects);
    simple('billstream_radius_status_server_total', 'Status-Server requests answered.', (c) => c.statusServer);
    simple('billstream_radius_duplicates_total', 'Retransmissions answered from the duplicate cache (or waiting for the first).', (c) => c.duplicates);
    simple('billstream_radius_accounting_requests_total', 'Accounting-Requests received.', (c) => c.accountingRequests);
    simple('billstream_radius_accounting_responses_total', 'Accounting-Responses sent (after the session was stored).', (c) => c.accountingResponses);
    series('billstream_radius_rejects_by_reason_total', 'Access-Rejects by reason.', 'counter',
      nas.flatMap((c) => [...c.rejectReasons].map(([reason, n]) => `billstream_radius_rejects_by_reason_total{nas="${escape(c.nasId)}",reason="${escape(reason)}"} ${n}`)));
    series('billstream_radius_drops_total', 'Packets dropped without an answer, by reason.', 'counter',
      nas.flatMap((c) => [...c.drops].map(([reason, n]) => `billstream_radius_drops_total{nas="${escape(c.nasId)}",reason="${escape(reason)}"} ${n}`)));
    series('billstream_radius_packet_errors_total', 'Packets whose handling failed unexpectedly (logged; other packets unaffected).', 'counter', [`billstream_radius_packet_errors_total ${this.errors}`]);
    const histogram: string[] = [];
    for (const c of nas) {
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((bound, i) => {
        cumulative += c.latency[i]!;
        histogram.push(`billstream_radius_reply_seconds_bucket{nas="${escape(c.nasId)}",le="${bound}"} ${cumulative}`);
      });
      histogram.push(`billstream_radius_reply_seconds_bucket{nas="${escape(c.nasId)}",le="+Inf"} ${c.latencyCount}`);
      histogram.push(`billstream_radius_reply_seconds_sum{nas="${escape(c.nasId)}"} ${c.latencySum}`);
      histogram.push(`billstream_radius_reply_seconds_count{nas="${escape(c.nasId)}"} ${c.latencyCount}`);
    }
    series('billstream_radius_reply_seconds', 'Time from a request\'s arrival to its reply.', 'histogram', histogram);
    return `${lines.join('\n')}\n`;
  }
}

function escape(value: string): string {
  return value.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}
