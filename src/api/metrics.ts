/** Prometheus text exposition: HTTP traffic, and how far each projection and saga lags the event store. */
import type { RequestHandler } from 'express';
import type { Billstream } from '../main.ts';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function labels(values: Record<string, string | number>): string {
  return `{${Object.entries(values).map(([k, v]) => `${k}="${String(v).replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`).join(',')}}`;
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, { buckets: number[]; sum: number; count: number }>();

  middleware(): RequestHandler {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        // The route pattern, not the URL: ids in paths would make one series per entity.
        const route = (req.route?.path as string | undefined) ? `${req.baseUrl}${req.route.path as string}` : 'unmatched';
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const key = JSON.stringify([req.method, route, res.statusCode]);
        this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
        const durationKey = JSON.stringify([req.method, route]);
        let histogram = this.durations.get(durationKey);
        if (!histogram) this.durations.set(durationKey, (histogram = { buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 }));
        DURATION_BUCKETS.forEach((bound, i) => { if (seconds <= bound) histogram!.buckets[i]! += 1; });
        histogram.sum += seconds;
        histogram.count += 1;
      });
      next();
    };
  }

  async render(billstream: Billstream): Promise<string> {
    const lines: string[] = [];
    lines.push('# HELP billstream_http_requests_total HTTP requests by method, route and status.');
    lines.push('# TYPE billstream_http_requests_total counter');
    for (const [key, count] of this.requests) {
      const [method, route, status] = JSON.parse(key) as [string, string, number];
      lines.push(`billstream_http_requests_total${labels({ method, route, status })} ${count}`);
    }
    lines.push('# HELP billstream_http_request_duration_seconds HTTP request duration.');
    lines.push('# TYPE billstream_http_request_duration_seconds histogram');
    for (const [key, h] of this.durations) {
      const [method, route] = JSON.parse(key) as [string, string];
      DURATION_BUCKETS.forEach((bound, i) => lines.push(`billstream_http_request_duration_seconds_bucket${labels({ method, route, le: bound })} ${h.buckets[i]}`));
      lines.push(`billstream_http_request_duration_seconds_bucket${labels({ method, route, le: '+Inf' })} ${h.count}`);
      lines.push(`billstream_http_request_duration_seconds_sum${labels({ method, route })} ${h.sum}`);
      lines.push(`billstream_http_request_duration_seconds_count${labels({ method, route })} ${h.count}`);
    }
    const head = await billstream.eventStore.headPosition();
    lines.push('# HELP billstream_event_store_head_position Global position of the newest event.');
    lines.push('# TYPE billstream_event_store_head_position gauge');
    lines.push(`billstream_event_store_head_position ${head ?? 0}`);
    lines.push('# HELP billstream_consumer_checkpoint_position Position each projection and saga has processed up to.');
    lines.push('# TYPE billstream_consumer_checkpoint_position gauge');
    for (const consumer of billstream.consumers) {
      lines.push(`billstream_consumer_checkpoint_position${labels({ consumer: consumer.name })} ${(await consumer.checkpoint()) ?? 0}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
