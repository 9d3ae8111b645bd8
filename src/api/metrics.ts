/** Prometheus text exposition: HTTP traffic, and how far each projection and saga lags the event store. */
import type { Request, RequestHandler, Response } from 'express';
import type { Billstream } from '../main.ts';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function labels(values: Record<string, string | number>): string {
  return `{${Object.entries(values).map(([k, v]) => `${k}="${String(v).replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`).join(',')}}`;
}

/** One method and route: requests per status and the duration histogram. */
interface Series {
  method: string;
  route: string;
  statuses: Map<number, number>;
  /** Requests per bucket (not cumulative: made cumulative when rendered); the last one is +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

/** The route pattern, not the URL: ids in paths would make one series per entity. */
function routeOf(req: Request): string {
  const path = req.route?.path as string | undefined;
  return path ? `${req.baseUrl}${path}` : 'unmatched';
}

export class Metrics {
  /** `method route` -> series; kept per request on the hot path, so no JSON and no label formatting here. */
  private readonly series = new Map<string, Series>();

  middleware(): RequestHandler {
    const record = (req: Request, res: Response, started: number) => {
      const seconds = (performance.now() - started) / 1000;
      const method = req.method;
      const route = routeOf(req);
      const key = `${method} ${route}`;
      let series = this.series.get(key);
      if (!series) this.series.set(key, (series = { method, route, statuses: new Map(), buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 }));
      series.statuses.set(res.statusCode, (series.statuses.get(res.statusCode) ?? 0) + 1);
      let bucket = 0;
      while (bucket < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[bucket]!) bucket++;
      series.buckets[bucket]! += 1;
      series.sum += seconds;
      series.count += 1;
    };
    return (req, res, next) => {
      const started = performance.now();
      res.on('finish', () => record(req, res, started));
      next();
    };
  }

  async render(billstream: Billstream): Promise<string> {
    const lines: string[] = [];
    lines.push('# HELP billstream_http_requests_total HTTP requests by method, route and status.');
    lines.push('# TYPE billstream_http_requests_total counter');
    for (const { method, route, statuses } of this.series.values()) {
      for (const [status, count] of statuses) lines.push(`billstream_http_requests_total${labels({ method, route, status })} ${count}`);
    }
    lines.push('# HELP billstream_http_request_duration_seconds HTTP request duration.');
    lines.push('# TYPE billstream_http_request_duration_seconds histogram');
    for (const { method, route, buckets, sum, count } of this.series.values()) {
      let cumulative = 0;
      DURATION_BUCKETS.forEach((bound, i) => {
        cumulative += buckets[i]!;
        lines.push(`billstream_http_request_duration_seconds_bucket${labels({ method, route, le: bound })} ${cumulative}`);
      });
      lines.push(`billstream_http_request_duration_seconds_bucket${labels({ method, route, le: '+Inf' })} ${count}`);
      lines.push(`billstream_http_request_duration_seconds_sum${labels({ method, route })} ${sum}`);
      lines.push(`billstream_http_request_duration_seconds_count${labels({ method, route })} ${count}`);
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
